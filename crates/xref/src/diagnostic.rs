//! Diagnostics: what the engine noticed about messy input while going on with it.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// A value was ignored, truncated or kept in a weaker form; the record is used.
    Warning,
    /// A line or record was skipped.
    Error,
}

/// One message about the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// 1-based input line, when the input came from lines.
    pub line: Option<u64>,
    /// The record's `id`, when known.
    pub record: Option<String>,
    /// What happened, in plain words.
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn warning(record: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            line: None,
            record: Some(record.to_string()),
            message: message.into(),
        }
    }
}

impl From<&crate::Error> for Diagnostic {
    fn from(e: &crate::Error) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            line: e.line(),
            record: None,
            message: e.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: ")?;
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(id) = &self.record {
            write!(f, "record {id:?}: ")?;
        }
        // Error messages already start with their line number.
        let msg = match (self.line, self.message.split_once(": ")) {
            (Some(l), Some((head, rest))) if head == format!("line {l}") => rest,
            _ => &self.message,
        };
        f.write_str(msg)
    }
}
