//! Errors for input the engine cannot take at all. Everything else (a phone that does not parse,
//! an unknown kind) is a [`Diagnostic`](crate::Diagnostic): the record is kept and the rest of the
//! input goes on.

/// Why one input line could not become a record.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The line is not valid JSON.
    #[error("line {line}: not valid JSON: {source}")]
    Json {
        /// 1-based line number.
        line: u64,
        /// The parser's message (position within the line).
        #[source]
        source: serde_json::Error,
    },
    /// The line is JSON but not an object.
    #[error("line {line}: a record must be a JSON object, found {found}")]
    NotAnObject {
        /// 1-based line number.
        line: u64,
        /// What was found instead ("an array", "a string"...).
        found: &'static str,
    },
    /// The record has no `id`, or it is not a non-empty string (or number).
    #[error("line {line}: record has no \"id\" (a non-empty string is required)")]
    MissingId {
        /// 1-based line number.
        line: u64,
    },
    /// The line is longer than the limit (it is skipped without being read into memory).
    #[error("line {line}: longer than {limit} bytes")]
    LineTooLong {
        /// 1-based line number.
        line: u64,
        /// The limit in bytes.
        limit: usize,
    },
    /// The line is not valid UTF-8.
    #[error("line {line}: not valid UTF-8")]
    NotUtf8 {
        /// 1-based line number.
        line: u64,
    },
    /// The input holds no record at all.
    #[error("the input is empty: no records to cross-reference")]
    Empty,
}

impl Error {
    /// The 1-based line the error is about, if any.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Json { line, .. }
            | Error::NotAnObject { line, .. }
            | Error::MissingId { line }
            | Error::LineTooLong { line, .. }
            | Error::NotUtf8 { line } => Some(*line),
            Error::Empty => None,
        }
    }
}
