//! Plain rows: what the database holds, as typed values, each read from a row by its
//! columns' names (`sqlx::FromRow`), so that the order of a SELECT's columns never matters.

use quietline_core::{AttachmentId, InvestigatorId, MessageId, ReportId, ReportStatus};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use decode::column;

/// Argon2id parameters as stored beside a derived key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfColumns {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

/// A report's row.
#[derive(Clone, Debug)]
pub struct ReportRow {
    /// The report.
    pub id: ReportId,
    /// First digits of the receipt.
    pub lookup: u32,
    /// Public key of the report key.
    pub report_recipient: String,
    /// Public key derived from the receipt.
    pub mailbox_recipient: String,
    /// Salt of the receipt derivation.
    pub receipt_salt: Vec<u8>,
    /// Cost of the receipt derivation.
    pub kdf: KdfColumns,
    /// Status.
    pub status: ReportStatus,
    /// Day received (UTC).
    pub received_day: String,
    /// Day of the last change (UTC).
    pub updated_day: String,
    /// Size of the encrypted answers object.
    pub answers_bytes: u64,
    /// Tag of (id, report recipient, mailbox recipient) under a key not in the database;
    /// `None` for a row of before issue 11 that was never vouched for.
    pub recipients_mac: Option<String>,
}

/// What is inserted for a new report.
#[derive(Clone, Debug)]
pub struct NewReport {
    /// The row itself (its `lookup` is replaced by the one drawn).
    pub row: ReportRow,
    /// Summary for the inbox, sealed to the workspace key (none before a workspace exists).
    pub summary_sealed: Option<Vec<u8>>,
    /// Cross-referencing records, sealed to the workspace key (none before a workspace exists).
    pub xref_sealed: Option<Vec<u8>>,
    /// Public keys the report key is wrapped to.
    pub access: Vec<String>,
}

/// A report as the inbox needs it: clear metadata, and the sealed parts that only an
/// unlocked workspace can read.
#[derive(Clone, Debug)]
pub struct InboxRow {
    /// The report.
    pub id: ReportId,
    /// Status.
    pub status: ReportStatus,
    /// Day received.
    pub received_day: String,
    /// Day of the last change.
    pub updated_day: String,
    /// Assigned investigator.
    pub assignee: Option<InvestigatorId>,
    /// Reporter messages no investigator has opened yet.
    pub unread_from_reporter: i64,
    /// Summary, sealed to the workspace key.
    pub summary_sealed: Option<Vec<u8>>,
    /// Tags, sealed to the workspace key.
    pub tags_sealed: Option<Vec<u8>>,
    /// Cross-referencing records, sealed to the workspace key.
    pub xref_sealed: Option<Vec<u8>>,
}

/// The workspace key's record.
#[derive(Clone, Debug)]
pub struct WorkspaceRow {
    /// Its public key.
    pub recipient: String,
    /// Its secret, wrapped to the recovery recipient.
    pub recovery_wrap: Vec<u8>,
    /// Tag of the public key under a key not in the database.
    pub recipient_mac: Option<String>,
    /// While the key is being replaced: the previous key, wrapped to this one.
    pub previous_key_wrap: Option<Vec<u8>>,
}

/// An investigator's sign-in state.
#[derive(Clone, Debug, Default)]
pub struct SignInState {
    /// TOTP secret sealed to the password-derived key; `None` until enrolled.
    pub totp_sealed: Option<Vec<u8>>,
    /// Last accepted TOTP step.
    pub totp_last_step: i64,
    /// Failed sign-ins since the last success.
    pub failed_logins: i64,
    /// No sign-in before this time (unix seconds).
    pub locked_until: i64,
    /// Raised on password change; sessions of older epochs end.
    pub session_epoch: i64,
    /// The workspace key wrapped to this investigator; `None` while access is pending.
    pub workspace_key: Option<Vec<u8>>,
    /// After a password change, until report keys are moved: the previous identity,
    /// wrapped to the current one.
    pub previous_identity_wrap: Option<Vec<u8>>,
}

/// An account's failed sign-ins: how many count, when the last was counted, and until when
/// sign-in is paused (unix seconds). The rule that sets them is the service's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FailedLogins {
    /// Failures that count.
    pub count: i64,
    /// When the last one was counted.
    pub last: i64,
    /// No sign-in is checked before this time.
    pub locked_until: i64,
}

/// A new password's derived material and the new key pair, replacing the old.
#[derive(Clone, Debug)]
pub struct PasswordChange {
    /// The new key pair's public key.
    pub recipient: String,
    /// Its tag.
    pub recipient_mac: String,
    /// The previous identity, wrapped to the new one (until report keys are moved).
    pub previous_identity_wrap: Vec<u8>,
    /// The workspace key, wrapped to the new key pair (if the investigator holds it).
    pub workspace_key: Option<Vec<u8>>,
    /// The identity, wrapped to the new password-derived key.
    pub wrapped_identity: Vec<u8>,
    /// New salt.
    pub password_salt: Vec<u8>,
    /// New verifier.
    pub password_verifier: String,
    /// Cost of the new derivation.
    pub kdf: KdfColumns,
    /// The TOTP secret, re-sealed to the new key.
    pub totp_sealed: Option<Vec<u8>>,
}

/// An internal note's row (its text is an object sealed to the workspace key).
#[derive(Clone, Debug)]
pub struct NoteRow {
    /// The note.
    pub id: quietline_core::MessageId,
    /// Its report.
    pub report_id: ReportId,
    /// Position among the report's notes, from 1.
    pub seq: i64,
    /// Who wrote it.
    pub author: InvestigatorId,
    /// Day written.
    pub written_day: String,
    /// Size of the sealed text.
    pub size_bytes: u64,
}

/// An investigator's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvestigatorRole {
    /// Manages investigators and settings, reads the audit trail.
    Admin,
    /// Works on reports.
    Investigator,
}

impl InvestigatorRole {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Investigator => "investigator",
        }
    }
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "admin" => Some(Self::Admin),
            "investigator" => Some(Self::Investigator),
            _ => None,
        }
    }
}

/// Whether an investigator may sign in and receives new report keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvestigatorStatus {
    /// Active.
    Active,
    /// Disabled: no sign-in, no new report keys.
    Disabled,
}

impl InvestigatorStatus {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "active" => Some(Self::Active),
            "disabled" => Some(Self::Disabled),
            _ => None,
        }
    }
}

/// An investigator's row.
#[derive(Clone, Debug)]
pub struct InvestigatorRow {
    /// The account.
    pub id: InvestigatorId,
    /// Sign-in name.
    pub username: String,
    /// Role.
    pub role: InvestigatorRole,
    /// Status.
    pub status: InvestigatorStatus,
    /// Public key report keys are wrapped to.
    pub recipient: String,
    /// The secret key, encrypted to the password-derived key.
    pub wrapped_identity: Vec<u8>,
    /// Salt of the password derivation.
    pub password_salt: Vec<u8>,
    /// Public key derived from the password.
    pub password_verifier: String,
    /// Cost of the password derivation.
    pub kdf: KdfColumns,
    /// Day created.
    pub created_day: String,
    /// Tag of (id, recipient, status) under a key not in the database.
    pub recipient_mac: Option<String>,
}

/// What is inserted for a new investigator.
pub type NewInvestigator = InvestigatorRow;

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    /// The reporter, with their receipt.
    Reporter,
    /// An investigator.
    Investigator,
}

impl Author {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Reporter => "reporter",
            Self::Investigator => "investigator",
        }
    }
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "reporter" => Some(Self::Reporter),
            "investigator" => Some(Self::Investigator),
            _ => None,
        }
    }
}

/// When a file was attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachmentOrigin {
    /// With the report.
    Submission,
    /// Later, by the returning reporter.
    Reply,
}

impl AttachmentOrigin {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Submission => "submission",
            Self::Reply => "reply",
        }
    }
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "submission" => Some(Self::Submission),
            "reply" => Some(Self::Reply),
            _ => None,
        }
    }
}

/// An attachment's row.
#[derive(Clone, Debug)]
pub struct AttachmentRow {
    /// The attachment.
    pub id: AttachmentId,
    /// Its report.
    pub report_id: ReportId,
    /// When it was attached.
    pub origin: AttachmentOrigin,
    /// Day attached.
    pub added_day: String,
    /// Plaintext size in bytes.
    pub size_bytes: u64,
}

/// A message's row.
#[derive(Clone, Debug)]
pub struct MessageRow {
    /// The message.
    pub id: MessageId,
    /// Its report.
    pub report_id: ReportId,
    /// Position in the conversation, from 1.
    pub seq: i64,
    /// Who wrote it.
    pub author: Author,
    /// Day sent.
    pub sent_day: String,
    /// Size of the encrypted object.
    pub size_bytes: u64,
    /// Proof of origin (see `quietline_crypto::OriginKey`), or the server's vouching for a
    /// message of before issue 11.
    pub origin_mac: Option<String>,
}

pub(crate) mod decode {
    //! Turning stored codes back into types; anything unexpected is `Corrupt`. Rows are read
    //! by column name ([`column`] and `try_get("name")`), never by position: a SELECT whose
    //! columns are listed in another order still decodes the same row.

    use sqlx::Row;
    use sqlx::any::AnyRow;

    use super::*;
    use crate::StorageError;

    /// Column `name` of `row`, turned into a `T` by `convert` (one of the functions below).
    /// A value `convert` refuses is the column's decode error, carrying the `StorageError`
    /// (which `From<sqlx::Error>` gives back as it was).
    pub fn column<'r, S, T>(
        row: &'r AnyRow,
        name: &str,
        convert: impl FnOnce(S) -> Result<T, StorageError>,
    ) -> Result<T, sqlx::Error>
    where
        S: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        let stored: S = row.try_get(name)?;
        convert(stored).map_err(|e| sqlx::Error::ColumnDecode {
            index: name.to_owned(),
            source: Box::new(e),
        })
    }

    pub fn id<T: std::str::FromStr>(text: String) -> Result<T, StorageError> {
        text.parse().map_err(|_| StorageError::Corrupt("id"))
    }
    pub fn optional_id<T: std::str::FromStr>(
        text: Option<String>,
    ) -> Result<Option<T>, StorageError> {
        text.map(id).transpose()
    }
    pub fn status(code: String) -> Result<ReportStatus, StorageError> {
        ReportStatus::from_code(&code).ok_or(StorageError::Corrupt("report status"))
    }
    pub fn role(code: String) -> Result<InvestigatorRole, StorageError> {
        InvestigatorRole::from_code(&code).ok_or(StorageError::Corrupt("investigator role"))
    }
    pub fn investigator_status(code: String) -> Result<InvestigatorStatus, StorageError> {
        InvestigatorStatus::from_code(&code).ok_or(StorageError::Corrupt("investigator status"))
    }
    pub fn author(code: String) -> Result<Author, StorageError> {
        Author::from_code(&code).ok_or(StorageError::Corrupt("message author"))
    }
    pub fn origin(code: String) -> Result<AttachmentOrigin, StorageError> {
        AttachmentOrigin::from_code(&code).ok_or(StorageError::Corrupt("attachment origin"))
    }
    pub fn unsigned(value: i64) -> Result<u64, StorageError> {
        u64::try_from(value).map_err(|_| StorageError::Corrupt("negative size"))
    }
    pub fn small(value: i64) -> Result<u32, StorageError> {
        u32::try_from(value).map_err(|_| StorageError::Corrupt("out-of-range number"))
    }
}

// --- rows from the database, by column name ------------------------------------------------

impl FromRow<'_, AnyRow> for KdfColumns {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(KdfColumns {
            memory_kib: column(r, "kdf_memory_kib", decode::small)?,
            iterations: column(r, "kdf_iterations", decode::small)?,
            parallelism: column(r, "kdf_parallelism", decode::small)?,
        })
    }
}

impl FromRow<'_, AnyRow> for ReportRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ReportRow {
            id: column(r, "id", decode::id)?,
            lookup: column(r, "lookup", decode::small)?,
            report_recipient: r.try_get("report_recipient")?,
            mailbox_recipient: r.try_get("mailbox_recipient")?,
            receipt_salt: r.try_get("receipt_salt")?,
            kdf: KdfColumns::from_row(r)?,
            status: column(r, "status", decode::status)?,
            received_day: r.try_get("received_day")?,
            updated_day: r.try_get("updated_day")?,
            answers_bytes: column(r, "answers_bytes", decode::unsigned)?,
            recipients_mac: r.try_get("recipients_mac")?,
        })
    }
}

impl FromRow<'_, AnyRow> for InboxRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(InboxRow {
            id: column(r, "id", decode::id)?,
            status: column(r, "status", decode::status)?,
            received_day: r.try_get("received_day")?,
            updated_day: r.try_get("updated_day")?,
            assignee: column(r, "assignee", decode::optional_id)?,
            unread_from_reporter: r.try_get("unread_from_reporter")?,
            summary_sealed: r.try_get("summary_sealed")?,
            tags_sealed: r.try_get("tags_sealed")?,
            xref_sealed: r.try_get("xref_sealed")?,
        })
    }
}

impl FromRow<'_, AnyRow> for WorkspaceRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(WorkspaceRow {
            recipient: r.try_get("recipient")?,
            recovery_wrap: r.try_get("recovery_wrap")?,
            recipient_mac: r.try_get("recipient_mac")?,
            previous_key_wrap: r.try_get("previous_key_wrap")?,
        })
    }
}

impl FromRow<'_, AnyRow> for SignInState {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(SignInState {
            totp_sealed: r.try_get("totp_sealed")?,
            totp_last_step: r.try_get("totp_last_step")?,
            failed_logins: r.try_get("failed_logins")?,
            locked_until: r.try_get("locked_until")?,
            session_epoch: r.try_get("session_epoch")?,
            workspace_key: r.try_get("workspace_key")?,
            previous_identity_wrap: r.try_get("previous_identity_wrap")?,
        })
    }
}

impl FromRow<'_, AnyRow> for FailedLogins {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(FailedLogins {
            count: r.try_get("failed_logins")?,
            last: r.try_get("last_failed_login")?,
            locked_until: r.try_get("locked_until")?,
        })
    }
}

impl FromRow<'_, AnyRow> for NoteRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(NoteRow {
            id: column(r, "id", decode::id)?,
            report_id: column(r, "report_id", decode::id)?,
            seq: r.try_get("seq")?,
            author: column(r, "author", decode::id)?,
            written_day: r.try_get("written_day")?,
            size_bytes: column(r, "size_bytes", decode::unsigned)?,
        })
    }
}

impl FromRow<'_, AnyRow> for InvestigatorRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(InvestigatorRow {
            id: column(r, "id", decode::id)?,
            username: r.try_get("username")?,
            role: column(r, "role", decode::role)?,
            status: column(r, "status", decode::investigator_status)?,
            recipient: r.try_get("recipient")?,
            wrapped_identity: r.try_get("wrapped_identity")?,
            password_salt: r.try_get("password_salt")?,
            password_verifier: r.try_get("password_verifier")?,
            kdf: KdfColumns::from_row(r)?,
            created_day: r.try_get("created_day")?,
            recipient_mac: r.try_get("recipient_mac")?,
        })
    }
}

impl FromRow<'_, AnyRow> for AttachmentRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(AttachmentRow {
            id: column(r, "id", decode::id)?,
            report_id: column(r, "report_id", decode::id)?,
            origin: column(r, "origin", decode::origin)?,
            added_day: r.try_get("added_day")?,
            size_bytes: column(r, "size_bytes", decode::unsigned)?,
        })
    }
}

impl FromRow<'_, AnyRow> for MessageRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(MessageRow {
            id: column(r, "id", decode::id)?,
            report_id: column(r, "report_id", decode::id)?,
            seq: r.try_get("seq")?,
            author: column(r, "author", decode::author)?,
            sent_day: r.try_get("sent_day")?,
            size_bytes: column(r, "size_bytes", decode::unsigned)?,
            origin_mac: r.try_get("origin_mac")?,
        })
    }
}
