//! Where Quietline keeps things: a database of operational metadata ([`Database`]: SQLite
//! embedded by default, PostgreSQL for deployments that outgrow one machine) and a
//! directory of age files ([`Objects`]). The audit trail's tables (hash-chained entries
//! and signed heads) are here too; hashing and signing are the crypto crate's.
//!
//! **Invariant:** this crate never sees plaintext report content. It stores bytes it is
//! given (ciphertext) and rows of ids, statuses, coarse dates, sizes and public keys. It has
//! no rules about content; the service crate decides what is stored.

mod audit;
mod cases;
mod columns;
mod commitments;
mod database;
mod derived_copies;
mod error;
mod investigators;
mod link_decisions;
mod messages;
mod notes;
mod objects;
mod reply_templates;
mod report_access;
mod report_reads;
mod reports;
mod retention;
mod settings;
mod single;
mod sites;
mod workspace;

pub use audit::{AuditHeadRow, AuditRow, NewAuditEntry};
pub use cases::CaseRow;
pub use columns::KdfColumns;
pub use commitments::{CommitmentRow, IntegrityDayRow, NewCommitment};
pub use database::{Backend, Database};
pub use derived_copies::DerivedCopyRow;
pub use error::StorageError;
pub use investigators::{
    FailedLogins, InvestigatorRole, InvestigatorRow, InvestigatorStatus, NewInvestigator,
    PasswordChange, SignInState,
};
pub use messages::{AttachmentOrigin, AttachmentRow, Author, MessageRow};
pub use notes::NoteRow;
pub use objects::{
    Cache, ObjectName, Objects, PendingObject, PublishedReport, StagedReport, stamp_folder,
    stamp_tree,
};
pub use reply_templates::ReplyTemplateRow;
pub use reports::{InboxRow, NewReport, ReportRow, SealedPart};
pub use retention::{PER_REPORT_ROWS, PurgeState, RetentionRow, TombstoneRow};
pub use sites::SiteRow;
pub use workspace::WorkspaceRow;
