//! Where Quietline keeps things: a database of operational metadata ([`Database`]: SQLite
//! embedded by default, PostgreSQL for deployments that outgrow one machine) and a
//! directory of age files ([`Objects`]). The audit trail's tables (hash-chained entries
//! and signed heads) are here too; hashing and signing are the crypto crate's.
//!
//! **Invariant:** this crate never sees plaintext report content. It stores bytes it is
//! given (ciphertext) and rows of ids, statuses, coarse dates, sizes and public keys. It has
//! no rules about content; the service crate decides what is stored.

mod audit;
mod database;
mod error;
mod objects;
mod rows;
mod single;
mod sites;
mod workbench;

pub use audit::{AuditHeadRow, AuditRow, NewAuditEntry};
pub use database::{Backend, Database};
pub use error::StorageError;
pub use objects::{
    Cache, ObjectName, Objects, PendingObject, PublishedReport, StagedReport, stamp_folder,
    stamp_tree,
};
pub use rows::{
    AttachmentOrigin, AttachmentRow, Author, FailedLogins, InboxRow, InvestigatorRole,
    InvestigatorRow, InvestigatorStatus, KdfColumns, MessageRow, NewInvestigator, NewReport,
    NoteRow, PasswordChange, ReportRow, SignInState, WorkspaceRow,
};
pub use sites::SiteRow;
pub use workbench::SealedPart;

/// The coarse date stored for an event: its UTC day, never a time of day, so that stored
/// records cannot be matched against network logs to the minute.
pub fn day_string(day: time::Date) -> String {
    day.to_string()
}
