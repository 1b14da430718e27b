//! The error type of the operations. The web layer maps each kind to a status and a
//! translated message; details stay in the logs.

use quietline_core::FieldError;

/// Why an operation did not complete.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// No recovery recipient is recorded yet: reports cannot be accepted (`quietline init`).
    #[error("this instance is not initialised (run `quietline init`)")]
    NotInitialised,
    /// An attached file is larger than allowed.
    #[error("a file is larger than {limit} bytes")]
    FileTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The files together are larger than allowed.
    #[error("the files together are larger than {limit} bytes")]
    ReportTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// More files than allowed.
    #[error("more than {limit} files")]
    TooManyFiles {
        /// The limit.
        limit: usize,
    },
    /// The input does not validate.
    #[error("the input has {} problem(s)", .0.len())]
    Invalid(Vec<FieldError>),
    /// A site's fields do not validate (each problem names its field).
    #[error("the site has {} problem(s)", .0.len())]
    InvalidSite(Vec<quietline_core::site::SiteProblem>),
    /// A site was saved by someone else since the version an edit was made from: nothing was
    /// saved. Holds the site as it is now, to show beside what was typed.
    #[error("the site was changed since this edit began")]
    SiteChanged(Box<crate::SiteView>),
    /// A case was saved by someone else since the version an edit was made from: nothing was
    /// saved (the page shows the case as it is now beside what was typed).
    #[error("the case was changed since this edit began")]
    CaseChanged,
    /// Too many receipt checks or sign-ins right now (all clients together).
    #[error("too many attempts right now; try again shortly")]
    Throttled,
    /// The server is busy (the queue of key derivations is full): try again shortly.
    #[error("the server is busy; try again shortly")]
    Busy,
    /// No such report or investigator.
    #[error("not found")]
    NotFound,
    /// Wrong username or password (deliberately not told apart).
    #[error("wrong username or password")]
    CredentialsRejected,
    /// A username not of the accepted form (the message says which).
    #[error("{0}")]
    BadUsername(&'static str),
    /// A password too short or too long (the message says which).
    #[error("{0}")]
    BadPassword(&'static str),
    /// This investigator cannot open it (their access is pending, or the report key is not
    /// wrapped to them).
    #[error("no access: ask an admin to grant it")]
    NoAccess,
    /// The role does not allow it.
    #[error("not allowed for this role")]
    Forbidden,
    /// The username is taken.
    #[error("that username is already in use")]
    UsernameTaken,
    /// The recovery recipient is already set to another key.
    #[error("a different recovery recipient is already recorded")]
    RecoveryRecipientMismatch,
    /// An audit event not of the accepted shape (the message says which part): a
    /// programming error in the caller, never input from outside.
    #[error("audit event refused: {0}")]
    BadAuditEvent(&'static str),
    /// A secret file that the instance's data depend on is missing (a volume not mounted, a
    /// wrong `--pepper-file`): it is never replaced by a new one.
    #[error(
        "{what} is missing: {path} does not exist, but this instance already has data that depend on it. \
         Mount the volume or restore the file from a backup (a new one would lock everyone out); nothing was changed"
    )]
    MissingSecret {
        /// The file.
        path: std::path::PathBuf,
        /// What it is.
        what: String,
    },
    /// A file of the data directory is readable by others and cannot be fixed.
    #[error("{}: {reason}", path.display())]
    InsecureFile {
        /// The file.
        path: std::path::PathBuf,
        /// Why, and what to do.
        reason: String,
    },
    /// A public key stored in the database is not authenticated by the server's key: the row
    /// was written outside Quietline. It was refused (and the refusal audited).
    #[error(
        "a stored public key ({0}) failed authentication and was refused: the database was changed outside Quietline (docs/threat-model.md)"
    )]
    RecipientRefused(&'static str),
    /// The audit trail no longer extends what this process appended: entries were cut or
    /// rewritten, or an entry was written by someone without the audit key.
    #[error(
        "the audit trail was tampered with: {0}; nothing more is appended or signed until an operator looks (docs/audit.md)"
    )]
    AuditTampered(String),
    /// A key or ciphertext problem.
    #[error(transparent)]
    Crypto(#[from] quietline_crypto::CryptoError),
    /// A storage problem.
    #[error(transparent)]
    Storage(#[from] quietline_storage::StorageError),
    /// A file problem.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// No copy without metadata can be made of this file: the words say why (not a JPEG, PNG
    /// or PDF; unreadable; an encrypted PDF), never anything of its content.
    #[error("no copy without metadata can be made: {0}")]
    CannotStrip(String),
    /// Stored data that this build cannot read.
    #[error("stored data is damaged: {0}")]
    Corrupt(&'static str),
}
