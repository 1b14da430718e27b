//! The audit trail: every security-relevant operation appends an [`AuditEvent`] to a
//! hash-chained log, and every [`HEAD_INTERVAL`] entries the chain's head is signed with
//! the instance's Ed25519 key (`secrets/audit.key`). [`Instance::verify_audit`] recomputes
//! the chain and the signatures and names the first broken entry. docs/audit.md says what
//! is recorded, how, and what it cannot prove.
//!
//! **Invariant:** an entry holds ids, stable codes and counts only, never report content
//! or anything that identifies a reporter. [`Instance::audit`] enforces the shape (an id
//! or code as subject, short scalar facts as detail), not the meaning: callers choose
//! what goes in.

use std::fmt;
use std::str::FromStr;

use quietline_core::InvestigatorId;
use quietline_crypto::audit::{EntryFields, GENESIS_HASH, entry_hash, verify_head};
use quietline_storage::{AuditHeadRow, AuditRow, NewAuditEntry};
use serde_json::{Map, Value};

use crate::{Instance, ServiceError};

/// A head is signed automatically at every entry whose `seq` is a multiple of this.
pub const HEAD_INTERVAL: u64 = 64;

/// Entries read at once while verifying.
const VERIFY_CHUNK: u32 = 1000;

/// Attempts at appending before giving up: each failed attempt means another writer (the
/// `quietline` command, another server on the same database) appended in between.
const MAX_APPEND_ATTEMPTS: usize = 32;

/// Longest subject, request id, detail key and detail string, in bytes.
const MAX_SHORT_TEXT: usize = 64;
/// Longest detail, as JSON text, in bytes.
const MAX_DETAIL_BYTES: usize = 2048;

macro_rules! audit_actions {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// What happened. Each action has a stable code (stored, hashed, shown): codes are
        /// never renamed or reused. The subject and detail each one carries are documented
        /// with it; detail facts are codes and counts, never free text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum AuditAction {
            $($(#[$doc])* $variant,)*
        }

        impl AuditAction {
            /// Every action, in a stable order (for filters and translations).
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $code,)*
                }
            }

            /// The action with this code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(AuditAction::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

audit_actions! {
    /// An investigator signed in. Subject: the investigator.
    Login = "login",
    /// A sign-in (or a password change's check) was refused. Subject: the investigator if
    /// the username exists, else empty (the attempted name is never recorded; an unknown
    /// name is recorded all the same). Detail: `{"failures": n}` (failures that count), or
    /// `{"paused": true}` when the attempt came during a pause and was not checked; none
    /// that says which factor failed.
    LoginFailed = "login_failed",
    /// An investigator signed out (or the session expired: `{"reason":"expired"}`).
    Logout = "logout",
    /// An investigator enrolled a TOTP second factor. Subject: the investigator.
    TotpEnrolled = "totp_enrolled",
    /// A single-use recovery code was spent. Subject: the investigator.
    RecoveryCodeUsed = "recovery_code_used",
    /// A password was changed (and the identity re-wrapped). Subject: the investigator.
    PasswordChanged = "password_changed",
    /// A report was decrypted for reading. Subject: the report.
    ReportOpened = "report_opened",
    /// An attachment was decrypted and sent. Subject: the report. Detail: `{"attachment": id}`.
    AttachmentDownloaded = "attachment_downloaded",
    /// A derived copy of a file was added (uploaded by an investigator, or a copy without
    /// metadata made by Quietline; issue 14). Subject: the report. Detail: `{"original":
    /// attachment id, "copy": copy id, "kind": code}` (the reason is sealed with the copy).
    DerivedCopyAdded = "derived_copy_added",
    /// A derived copy was decrypted and sent. Subject: the report. Detail: `{"copy": id}`.
    DerivedCopyDownloaded = "derived_copy_downloaded",
    /// A message was sent to the reporter. Subject: the report.
    MessageSent = "message_sent",
    /// An internal note was added. Subject: the report.
    NoteAdded = "note_added",
    /// A report's status changed. Subject: the report. Detail: `{"from": code, "to": code}`.
    StatusChanged = "status_changed",
    /// A report was assigned. Subject: the report. Detail: `{"to": investigator id}` (or null).
    Assigned = "assigned",
    /// A report's tags changed. Subject: the report. Detail: counts or tag ids
    /// (`{"added": 1, "removed": 0}`), never tag names (they are investigators' content).
    TagsChanged = "tags_changed",
    /// Investigators confirmed that two records (of two reports) are the same person,
    /// organisation or place. Subject: the decision's random id; the pair is only in the
    /// sealed decision (which reports are linked is investigation data).
    LinkConfirmed = "link_confirmed",
    /// Investigators rejected a link between two records. Subject: the decision's id.
    LinkRejected = "link_rejected",
    /// An earlier confirmation or rejection was withdrawn. Subject: the decision's id.
    LinkCleared = "link_cleared",
    /// An entity's page (its records in every report the investigator may open) was shown.
    /// Subject: the report it was reached from.
    EntityViewed = "entity_viewed",
    /// The workspace was searched (a page of results). Subject: empty. Detail: `{"hits": n,
    /// "shown": n, "sealed": hex}`: how many hits and how many on the page, and the SHA-256 of
    /// the query and the reports and sites shown, sealed to the recovery key (`audit_sealed`;
    /// the query is what investigators look for, often a name, and never in clear).
    Searched = "searched",
    /// A site was added to the registry. Subject: the site. Detail: `{"reports": count}`.
    SiteCreated = "site_created",
    /// A site was edited (or a report linked to it). Subject: the site.
    SiteEdited = "site_edited",
    /// An admin published a site. Subject: the site. Detail: which optional fields
    /// (`{"address": bool, "exact_location": bool}`).
    SitePublished = "site_published",
    /// An admin withdrew a site's publication. Subject: the site.
    SiteUnpublished = "site_unpublished",
    /// Sites were imported from a file. Detail: `{"count": n}`.
    SitesImported = "sites_imported",
    /// An admin added a reply template. Subject: the template's id (never its wording).
    ReplyTemplateCreated = "reply_template_created",
    /// An admin changed a reply template. Subject: the template's id.
    ReplyTemplateEdited = "reply_template_edited",
    /// An admin deleted a reply template. Subject: the template's id (or `shipped-<name>` for
    /// a shipped default deleted by the first change).
    ReplyTemplateDeleted = "reply_template_deleted",
    /// The shipped reply templates were stored, sealed, with an admin's first change to a
    /// template. Detail: `{"count": n}`.
    ReplyTemplatesStored = "reply_templates_stored",
    /// A case was created (issue 14). Subject: the case.
    CaseCreated = "case_created",
    /// A case's page was shown (it shows when and where its open reports say things
    /// happened). Subject: the case.
    CaseOpened = "case_opened",
    /// A case's title, status, lead, description or legal hold was saved. Subject: the case.
    /// Detail: `{"status": code, "legal_hold": bool}`.
    CaseEdited = "case_edited",
    /// A report, entity or site was added to a case. Subject: the case. Detail: `{"kind":
    /// "report"|"entity"|"site", "sealed": hex}`: which one is sealed to the recovery key in
    /// `audit_sealed` (which reports a case groups is investigation data, never in clear).
    CaseItemAdded = "case_item_added",
    /// A report, entity or site was removed from a case. Subject and detail as
    /// `case_item_added`.
    CaseItemRemoved = "case_item_removed",
    /// A note was added to a case. Subject: the case.
    CaseNoteAdded = "case_note_added",
    /// Data left the instance. Subject: the report, if one. Detail: `{"what": code}`, with
    /// counts for some (the FollowTheMoney export: `{"what": "ftm", "purpose", "reports",
    /// "left_out", "spam", "sites"}`).
    Export = "export",
    /// An investigator account was created. Subject: the new investigator. Detail:
    /// `{"role": code}`.
    InvestigatorAdded = "investigator_added",
    /// An investigator was disabled. Subject: the investigator.
    InvestigatorDisabled = "investigator_disabled",
    /// An investigator was enabled again. Subject: the investigator.
    InvestigatorEnabled = "investigator_enabled",
    /// Report keys were re-wrapped for an investigator. Subject: the investigator who
    /// received access. Detail: `{"reports": count}`.
    AccessGranted = "access_granted",
    /// A report was decrypted offline with `quietline report decrypt`. Subject: the report.
    ReportDecryptedOffline = "report_decrypted_offline",
    /// Someone asked for the head to be signed now. The head signed is this entry's.
    AuditHeadSigned = "audit_head_signed",
    /// The organisation's recovery recipient was recorded (`quietline init`). Detail:
    /// `{"recipient": "age1..."}` (a public key).
    RecoveryRecipientSet = "recovery_recipient_set",
    /// A public key stored in the database failed authentication and was not used. Subject:
    /// the row (investigator or report id, empty for the recovery or workspace key). Detail:
    /// `{"kind": "investigator"|"report"|"workspace"|"recovery"}`.
    RecipientRefused = "recipient_refused",
    /// Stored keys, messages and audit entries that had no tag were vouched for (at the
    /// upgrade that added tags, or `quietline keys vouch`). Detail: `{"by": code}` and counts.
    RecipientsVouched = "recipients_vouched",
    /// A signed head was exported for off-host keeping (`quietline audit export-head`).
    /// Detail: `{"timestamped": bool}`.
    AuditHeadExported = "audit_head_exported",
    /// A backup was made (`quietline backup`). Detail: `{"reports": count}`.
    BackupMade = "backup_made",
    /// The workspace key was replaced; re-sealing what was sealed to the old one starts.
    /// Subject: the investigator whose change caused it, if any. Detail: `{"reason": code}`.
    WorkspaceKeyRotated = "workspace_key_rotated",
    /// Everything sealed to the previous workspace key is re-sealed; it is forgotten.
    /// Detail: `{"objects": count}`.
    WorkspaceRotationFinished = "workspace_rotation_finished",
    /// An investigator's key pair was replaced (password change): report keys and the
    /// workspace key re-wrapped to the new one, old wraps removed. Subject: the investigator.
    /// Detail: `{"reports": count}`.
    InvestigatorRekeyed = "investigator_rekeyed",
    /// The commitments to the items reports received on a UTC day (issue 14, integrity from
    /// arrival), bound into one Merkle root, appended once after that day ended (the entry's
    /// time is when the job ran; a day without items has no entry). Actor: `system`.
    /// Subject: the day (`YYYY-MM-DD`). Detail: `{"day": "YYYY-MM-DD", "root": hex, "count":
    /// n}`: the RFC 6962 root of the day's commitments sorted by value, and how many.
    IntegrityDayCommitted = "integrity_day_committed",
    /// An investigator postponed a report's retention (issue 14). Subject: the report.
    /// Detail: `{"until": day, "sealed": hex}`: the new retention day, and the SHA-256 of the
    /// reason sealed to the recovery key (`audit_sealed`; the reason is investigators' words).
    RetentionPostponed = "retention_postponed",
    /// A report past its retention day was destroyed by the purge (its key wraps, objects and
    /// rows; a tombstone stays). Subject: the report. Actor: `system` (the daily purge) or
    /// `cli` (`quietline purge`).
    ReportPurged = "report_purged",
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who did it. Stored as `investigator:<id>`, `cli` or `system`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A signed-in investigator (or, for a failed sign-in, the account tried).
    Investigator(InvestigatorId),
    /// Someone with shell access, through the `quietline` command.
    Cli,
    /// The server itself (timers, automatic signing).
    System,
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Investigator(id) => write!(f, "investigator:{id}"),
            Self::Cli => f.write_str("cli"),
            Self::System => f.write_str("system"),
        }
    }
}

/// Text that is not an actor's stored form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an audit actor (investigator:<id>, cli or system)")]
pub struct InvalidActor;

impl FromStr for Actor {
    type Err = InvalidActor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "cli" => Ok(Self::Cli),
            "system" => Ok(Self::System),
            _ => s
                .strip_prefix("investigator:")
                .and_then(|id| id.parse().ok())
                .map(Self::Investigator)
                .ok_or(InvalidActor),
        }
    }
}

/// One event to record.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    /// Who.
    pub actor: Actor,
    /// What.
    pub action: AuditAction,
    /// On what: a report or investigator id, or empty. At most 64 of `a-z 0-9 _ . : -`.
    pub subject: String,
    /// Facts, such as `{"from":"new","to":"in_review"}`: keys of `a-z 0-9 _`; values
    /// null, booleans, numbers, tokens (at most 64 of `A-Z a-z 0-9 _ . : -`: no spaces,
    /// so no sentences or names in any script), or arrays of those. Codes, ids and counts
    /// only.
    pub detail: Map<String, Value>,
    /// The request it was part of (empty outside one). At most 64 of `A-Z a-z 0-9 _ -`.
    pub request_id: String,
}

impl AuditEvent {
    /// An event with no subject, detail or request id yet.
    pub fn new(actor: Actor, action: AuditAction) -> Self {
        Self {
            actor,
            action,
            subject: String::new(),
            detail: Map::new(),
            request_id: String::new(),
        }
    }

    /// Sets the subject (a report or investigator id).
    pub fn subject(mut self, subject: impl fmt::Display) -> Self {
        self.subject = subject.to_string();
        self
    }

    /// Adds a fact to the detail.
    pub fn fact(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.detail.insert(key.to_owned(), value.into());
        self
    }

    /// Sets the request id.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = id.into();
        self
    }

    /// Checks the shape and gives the detail's JSON text.
    fn checked_detail(&self) -> Result<String, ServiceError> {
        let short_code = |text: &str, extra: &[u8]| {
            text.len() <= MAX_SHORT_TEXT
                && text.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || extra.contains(&b)
                })
        };
        if !short_code(&self.subject, b".:-") {
            return Err(ServiceError::BadAuditEvent(
                "the subject is an id or a code: at most 64 of a-z 0-9 _ . : -",
            ));
        }
        if self.request_id.len() > MAX_SHORT_TEXT
            || !self
                .request_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ServiceError::BadAuditEvent(
                "the request id is at most 64 of A-Z a-z 0-9 _ -",
            ));
        }
        let scalar = |value: &Value| match value {
            Value::Null | Value::Bool(_) | Value::Number(_) => true,
            Value::String(text) => {
                text.len() <= MAX_SHORT_TEXT
                    && text
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_.:-".contains(&b))
            }
            Value::Array(_) | Value::Object(_) => false,
        };
        for (key, value) in &self.detail {
            if key.is_empty() || !short_code(key, b"") {
                return Err(ServiceError::BadAuditEvent(
                    "detail keys are at most 64 of a-z 0-9 _",
                ));
            }
            let fits = match value {
                Value::Array(items) => items.iter().all(scalar),
                other => scalar(other),
            };
            if !fits {
                return Err(ServiceError::BadAuditEvent(
                    "detail values are codes, ids or counts: tokens, numbers, booleans, or arrays of them",
                ));
            }
        }
        let text = serde_json::to_string(&self.detail)
            .map_err(|_| ServiceError::BadAuditEvent("the detail is not serialisable"))?;
        if text.len() > MAX_DETAIL_BYTES {
            return Err(ServiceError::BadAuditEvent(
                "the detail is longer than 2048 bytes",
            ));
        }
        Ok(text)
    }
}

/// A recorded entry, with every field as stored (and hashed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When, UTC RFC 3339 to the second.
    pub at: String,
    /// Who, in stored form ([`AuditEntry::parsed_actor`] gives the [`Actor`]).
    pub actor: String,
    /// What, as a code ([`AuditEntry::parsed_action`] gives the [`AuditAction`]).
    pub action: String,
    /// On what: an id, or empty.
    pub subject: String,
    /// Facts, as JSON text ([`AuditEntry::detail_object`] parses it).
    pub detail: String,
    /// The request it was part of.
    pub request_id: String,
    /// This entry's hash.
    pub hash: String,
}

impl AuditEntry {
    /// The actor, if the stored text is one.
    pub fn parsed_actor(&self) -> Option<Actor> {
        self.actor.parse().ok()
    }

    /// The action, if this build knows its code.
    pub fn parsed_action(&self) -> Option<AuditAction> {
        AuditAction::from_code(&self.action)
    }

    /// The detail as a JSON object, if it is one.
    pub fn detail_object(&self) -> Option<Map<String, Value>> {
        serde_json::from_str(&self.detail).ok()
    }
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        Self {
            seq: row.seq,
            at: row.at,
            actor: row.actor,
            action: row.action,
            subject: row.subject,
            detail: row.detail,
            request_id: row.request_id,
            hash: row.hash,
        }
    }
}

/// What kind of damage verification found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuditProblemKind {
    /// The entry's hash does not match its content: it was edited.
    Edited,
    /// The entry does not exist although later ones (or a signed head) do: deleted.
    Missing,
    /// The entry does not link to the one before it: entries were reordered, inserted,
    /// or the one before was rewritten with its hash recomputed.
    BrokenLink,
    /// The signed head at this entry has a signature that does not verify.
    BadSignature,
    /// The head at this entry is signed by a key other than the one verified against.
    UnknownKey,
    /// The entry does not match the head signed for it: the log was rewritten after the
    /// head was signed.
    HeadMismatch,
    /// The entry's MAC does not verify with this instance's audit key: it was written by
    /// someone without the key (directly in the database).
    NotByThisInstance,
    /// The trail ends before an exported head (kept off the server): entries up to it were
    /// cut.
    EndsBeforeExportedHead,
    /// The entry is not the one an exported head names: the log was rewritten since.
    ExportedHeadMismatch,
    /// An exported head's signature does not verify.
    BadExportedHead,
}

/// The first damage found, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditProblem {
    /// The entry (or signed head) concerned.
    pub seq: u64,
    /// What is wrong with it.
    pub kind: AuditProblemKind,
}

impl fmt::Display for AuditProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = self.seq;
        match self.kind {
            AuditProblemKind::Edited => write!(
                f,
                "entry {seq} was edited: its hash does not match its content"
            ),
            AuditProblemKind::Missing => write!(
                f,
                "entry {seq} is missing: it was deleted (later entries or a signed head exist)"
            ),
            AuditProblemKind::BrokenLink => write!(
                f,
                "entry {seq} does not link to the entry before it: entries were reordered, inserted or rewritten"
            ),
            AuditProblemKind::BadSignature => write!(
                f,
                "the signed head at entry {seq} has an invalid signature: it was forged or altered"
            ),
            AuditProblemKind::UnknownKey => write!(
                f,
                "the head at entry {seq} is signed by a key that is not this instance's audit key"
            ),
            AuditProblemKind::HeadMismatch => write!(
                f,
                "entry {seq} does not match its signed head: the log was rewritten after it was signed"
            ),
            AuditProblemKind::NotByThisInstance => write!(
                f,
                "entry {seq} was not written by this instance: its MAC does not verify with the audit key (it was written directly in the database)"
            ),
            AuditProblemKind::EndsBeforeExportedHead => write!(
                f,
                "the trail ends before the last signed head the operator exported (entry {seq}): entries were cut from its end"
            ),
            AuditProblemKind::ExportedHeadMismatch => write!(
                f,
                "entry {seq} does not match the head the operator exported: the log was rewritten since"
            ),
            AuditProblemKind::BadExportedHead => write!(
                f,
                "the exported head at entry {seq} has an invalid signature: it is not this instance's"
            ),
        }
    }
}

/// The outcome of [`Instance::verify_audit`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditVerification {
    /// Entries whose link and hash were checked (up to the problem, if any).
    pub entries_checked: u64,
    /// Signed heads whose signature and entry were checked.
    pub heads_checked: u64,
    /// The last entry checked (0 for an empty log).
    pub last_seq: u64,
    /// The last entry covered by a valid signed head. Entries after it are chained but
    /// unsigned: deleting them from the end cannot be detected.
    pub last_signed_seq: Option<u64>,
    /// The public key (hex) heads were verified against.
    pub public_key: String,
    /// The first problem found; `None` when the log is intact.
    pub problem: Option<AuditProblem>,
    /// Whether every entry's MAC was checked (only when the audit key, not only its public
    /// half, is at hand).
    pub macs_checked: bool,
    /// Reports that exported heads counted and this copy does not have: how many, and the
    /// newest one's id if it is among them.
    pub missing_reports: Option<MissingReports>,
}

/// Reports an exported head knew of that this copy lacks (it was restored from an older
/// backup, or reports were deleted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingReports {
    /// How many fewer reports this copy has than the export counted.
    pub count: u64,
    /// The reports of the newest day the export named that this copy does not have.
    pub newest: Vec<String>,
}

/// A signed head taken off the server (`quietline audit export-head`): one JSON object a
/// line, for a file that only grows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportedHead {
    /// Always `quietline-audit-head-v1`.
    pub format: String,
    /// The entry signed.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
    /// When the head was signed.
    pub signed_at: String,
    /// The instance's audit public key (hex).
    pub public_key: String,
    /// The head's signature (hex).
    pub signature: String,
    /// Reports the instance had when exporting.
    pub reports: u64,
    /// The ids of the newest day's reports, separated by spaces (at most
    /// [`NEWEST_REPORTS_EXPORTED`], by id; empty if none). No order of arrival is kept, so
    /// "newest" is a day's. A head exported before that named one report: a list of one.
    pub newest_report: String,
    /// Signature of all of the above (see `quietline_crypto::audit`).
    pub export_signature: String,
    /// An RFC 3161 token (DER, base64) over the head's signature text, if a TSA was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The time the TSA vouches for (UTC RFC 3339), with the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_time: Option<String>,
}

/// At most this many of the newest day's reports are named in an exported head.
pub const NEWEST_REPORTS_EXPORTED: u32 = 256;

/// The format tag of an exported head.
pub const EXPORTED_HEAD_FORMAT: &str = "quietline-audit-head-v1";

impl AuditVerification {
    /// No problem found.
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }

    /// Entries after the last signed head.
    pub fn unsigned_tail(&self) -> u64 {
        self.last_seq - self.last_signed_seq.unwrap_or(0).min(self.last_seq)
    }
}

/// UTC RFC 3339, to the second (`2026-11-29T10:15:30Z`).
pub(crate) fn rfc3339_seconds(now: time::OffsetDateTime) -> Result<String, ServiceError> {
    now.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .ok_or(ServiceError::BadAuditEvent(
            "the time cannot be written as RFC 3339",
        ))
}

fn fields(row: &AuditRow) -> EntryFields<'_> {
    EntryFields {
        seq: row.seq,
        at: &row.at,
        actor: &row.actor,
        action: &row.action,
        subject: &row.subject,
        detail: &row.detail,
        request_id: &row.request_id,
    }
}

/// The checks of [`Instance::verify_audit_with_key`], fed the trail's entries in order: no I/O,
/// so that the same code checks a database, a backup's copy, or a fuzzer's rows.
///
/// Checks, entry by entry from 1: no gap in `seq` ([`AuditProblemKind::Missing`]); the link to
/// the previous hash ([`AuditProblemKind::BrokenLink`]); the hash of the content
/// ([`AuditProblemKind::Edited`]); the entry's MAC when the audit key is at hand
/// ([`AuditProblemKind::NotByThisInstance`]); and for each signed head: the key
/// ([`AuditProblemKind::UnknownKey`]), the signature ([`AuditProblemKind::BadSignature`]) and
/// the entry it names ([`AuditProblemKind::HeadMismatch`]). A signed head past the last entry
/// means the end was cut off ([`AuditProblemKind::Missing`]).
pub struct TrailCheck<'k> {
    public_key: String,
    macs: Option<&'k quietline_crypto::audit::AuditSigner>,
    heads: std::iter::Peekable<std::vec::IntoIter<AuditHeadRow>>,
    prev_hash: String,
    outcome: AuditVerification,
}

impl<'k> TrailCheck<'k> {
    /// A check against `public_key_hex`, with the signed `heads` in order of `seq`; entries'
    /// MACs are checked when `macs` (the instance's audit key) is given.
    pub fn new(
        public_key_hex: &str,
        heads: Vec<AuditHeadRow>,
        macs: Option<&'k quietline_crypto::audit::AuditSigner>,
    ) -> Self {
        let public_key = public_key_hex.to_ascii_lowercase();
        Self {
            outcome: AuditVerification {
                entries_checked: 0,
                heads_checked: 0,
                last_seq: 0,
                last_signed_seq: None,
                public_key: public_key.clone(),
                problem: None,
                macs_checked: macs.is_some(),
                missing_reports: None,
            },
            public_key,
            macs,
            heads: heads.into_iter().peekable(),
            prev_hash: GENESIS_HASH.to_owned(),
        }
    }

    fn head_problem(&self, head: &AuditHeadRow) -> Option<AuditProblemKind> {
        if head.public_key.to_ascii_lowercase() != self.public_key {
            Some(AuditProblemKind::UnknownKey)
        } else if !verify_head(
            &self.public_key,
            head.seq,
            &head.hash,
            &head.signed_at,
            &head.signature,
        ) {
            Some(AuditProblemKind::BadSignature)
        } else {
            None
        }
    }

    /// Checks the next entry. `false` once a problem is found: feed no more.
    pub fn entry(&mut self, row: AuditRow) -> bool {
        if self.outcome.problem.is_some() {
            return false;
        }
        let expected = self.outcome.last_seq.saturating_add(1);
        let problem = if row.seq != expected {
            Some(AuditProblem {
                seq: expected,
                kind: AuditProblemKind::Missing,
            })
        } else if row.prev_hash != self.prev_hash {
            Some(AuditProblem {
                seq: row.seq,
                kind: AuditProblemKind::BrokenLink,
            })
        } else if entry_hash(&self.prev_hash, &fields(&row)) != row.hash {
            Some(AuditProblem {
                seq: row.seq,
                kind: AuditProblemKind::Edited,
            })
        } else if self
            .macs
            .is_some_and(|signer| !signer.verify_entry_mac(&row.hash, row.mac.as_deref()))
        {
            Some(AuditProblem {
                seq: row.seq,
                kind: AuditProblemKind::NotByThisInstance,
            })
        } else {
            None
        };
        if problem.is_some() {
            self.outcome.problem = problem;
            return false;
        }
        // Heads at or before this entry (a head before it would be at seq 0).
        while let Some(head) = self.heads.next_if(|h| h.seq <= row.seq) {
            let kind = self.head_problem(&head).or_else(|| {
                (head.seq != row.seq || head.hash != row.hash)
                    .then_some(AuditProblemKind::HeadMismatch)
            });
            if let Some(kind) = kind {
                self.outcome.problem = Some(AuditProblem {
                    seq: head.seq,
                    kind,
                });
                return false;
            }
            self.outcome.heads_checked += 1;
            self.outcome.last_signed_seq = Some(head.seq);
        }
        self.outcome.entries_checked += 1;
        self.outcome.last_seq = row.seq;
        self.prev_hash = row.hash;
        true
    }

    /// The outcome, once every entry was fed (or a problem stopped the feeding).
    pub fn finish(mut self) -> AuditVerification {
        if self.outcome.problem.is_some() {
            return self.outcome;
        }
        // A genuine head past the end: entries up to it existed and are gone.
        if let Some(head) = self.heads.next() {
            self.outcome.problem = Some(match self.head_problem(&head) {
                Some(kind) => AuditProblem {
                    seq: head.seq,
                    kind,
                },
                None => AuditProblem {
                    seq: self.outcome.last_seq.saturating_add(1),
                    kind: AuditProblemKind::Missing,
                },
            });
        }
        self.outcome
    }
}

impl Instance {
    /// Seals facts an entry must vouch for but never show (a search's query, which reports a
    /// case groups) to the organisation's recovery key, stores them in `audit_sealed`, and
    /// returns their fingerprint (the SHA-256 of the ciphertext, hex) for the entry's detail.
    pub(crate) async fn seal_audit_detail(
        &self,
        facts: &serde_json::Value,
    ) -> Result<String, ServiceError> {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(facts).map_err(|_| ServiceError::Corrupt("sealed audit detail"))?,
        );
        let recovery = self.recovery_recipient().await?;
        let sealed = quietline_crypto::seal(std::slice::from_ref(&recovery), &plain)?;
        let fingerprint = crate::authenticity::sha256_hex(&sealed);
        self.inner
            .db
            .insert_audit_sealed(&fingerprint, &sealed)
            .await?;
        Ok(fingerprint)
    }

    /// Appends `event` at `now` to the audit trail, and signs the head when the new
    /// entry's `seq` is a multiple of [`HEAD_INTERVAL`]. Call it when the operation is
    /// done, or before showing what an access reveals; if it fails, treat the operation
    /// as failed. Returns the entry's `seq`.
    pub async fn audit(
        &self,
        event: AuditEvent,
        now: time::OffsetDateTime,
    ) -> Result<u64, ServiceError> {
        let detail = event.checked_detail()?;
        self.audit_writable()?;
        let entry = NewAuditEntry {
            at: rfc3339_seconds(now)?,
            actor: event.actor.to_string(),
            action: event.action.code().to_owned(),
            subject: event.subject,
            detail,
            request_id: event.request_id,
        };
        // One writer at a time in this process; other processes take turns through the
        // database (an insert of a taken `seq` fails, and this loop reads again).
        let _turn = self.inner.audit_turn.lock().await;
        let db = &self.inner.db;
        let signer = &self.inner.audit_signer;
        for _ in 0..MAX_APPEND_ATTEMPTS {
            let last = db.last_audit_entry().await?;
            self.check_extends_tail(last.as_ref()).await?;
            let (seq, prev_hash) = match &last {
                Some(last) => (last.seq + 1, last.hash.clone()),
                None => (1, GENESIS_HASH.to_owned()),
            };
            let hash = entry_hash(
                &prev_hash,
                &EntryFields {
                    seq,
                    at: &entry.at,
                    actor: &entry.actor,
                    action: &entry.action,
                    subject: &entry.subject,
                    detail: &entry.detail,
                    request_id: &entry.request_id,
                },
            );
            let row = AuditRow {
                seq,
                at: entry.at.clone(),
                actor: entry.actor.clone(),
                action: entry.action.clone(),
                subject: entry.subject.clone(),
                detail: entry.detail.clone(),
                request_id: entry.request_id.clone(),
                prev_hash,
                mac: Some(signer.entry_mac(&hash)),
                hash,
            };
            if !db.insert_audit_row(&row).await? {
                continue;
            }
            self.set_audit_tail(row.seq, &row.hash);
            if row.seq.is_multiple_of(HEAD_INTERVAL) {
                self.sign_entry(&row, now).await?;
            }
            return Ok(row.seq);
        }
        Err(quietline_storage::StorageError::Contention.into())
    }

    /// Signs the head (the last entry) if it is not signed yet: before a backup, an
    /// export, or on a timer, so that fewer entries sit unsigned at the end. Returns the
    /// `seq` signed, or `None` if there was nothing new to sign. To leave a trace of who
    /// asked, append an [`AuditAction::AuditHeadSigned`] event first.
    pub async fn sign_audit_head(
        &self,
        now: time::OffsetDateTime,
    ) -> Result<Option<u64>, ServiceError> {
        self.audit_writable()?;
        let _turn = self.inner.audit_turn.lock().await;
        let Some(last) = self.inner.db.last_audit_entry().await? else {
            return Ok(None);
        };
        // Never sign a head that does not extend what this process appended (a cut tail, a
        // rewrite), nor one over an entry written without the audit key.
        self.check_extends_tail(Some(&last)).await?;
        if self.inner.db.audit_head(last.seq).await?.is_some() {
            return Ok(None);
        }
        Ok(self.sign_entry(&last, now).await?.then_some(last.seq))
    }

    /// The newest signed head with the instance's inventory, signed for off-host keeping
    /// (`quietline audit export-head`). `None` while no head is signed.
    pub async fn export_audit_head(&self) -> Result<Option<ExportedHead>, ServiceError> {
        let db = &self.inner.db;
        let Some(head) = db.audit_heads().await?.into_iter().next_back() else {
            return Ok(None);
        };
        let (reports, newest) = db.report_inventory(NEWEST_REPORTS_EXPORTED).await?;
        let newest_report = newest
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ");
        let signer = &self.inner.audit_signer;
        Ok(Some(ExportedHead {
            format: EXPORTED_HEAD_FORMAT.to_owned(),
            export_signature: signer.sign_export(
                head.seq,
                &head.hash,
                &head.signed_at,
                reports,
                &newest_report,
            ),
            seq: head.seq,
            hash: head.hash,
            signed_at: head.signed_at,
            public_key: head.public_key,
            signature: head.signature,
            reports,
            newest_report,
            timestamp: None,
            timestamp_time: None,
        }))
    }

    fn audit_writable(&self) -> Result<(), ServiceError> {
        if self.inner.audit_read_only {
            return Err(ServiceError::MissingSecret {
                path: self.inner.data.audit_key(),
                what: "the audit signing key".into(),
            });
        }
        Ok(())
    }

    fn set_audit_tail(&self, seq: u64, hash: &str) {
        if let Ok(mut tail) = self.inner.audit_tail.lock() {
            *tail = Some((seq, hash.to_owned()));
        }
    }

    /// At open: the trail's last entry becomes the tail this process holds on to, if it was
    /// written with the audit key (otherwise the first append or signing says so).
    pub(crate) async fn remember_audit_tail(&self) -> Result<(), ServiceError> {
        if let Some(last) = self.inner.db.last_audit_entry().await?
            && self
                .inner
                .audit_signer
                .verify_entry_mac(&last.hash, last.mac.as_deref())
        {
            self.set_audit_tail(last.seq, &last.hash);
        }
        Ok(())
    }

    /// Checks that `last` (the trail's last entry now) extends the tail this process knows:
    /// the known entry is still there with the same hash, and every entry after it links to
    /// the one before, has the hash of its content and a MAC made with the audit key (other
    /// processes of this instance, such as the `quietline` command, append too). Moves the
    /// known tail to `last`. Anything else is refused, loudly.
    async fn check_extends_tail(&self, last: Option<&AuditRow>) -> Result<(), ServiceError> {
        let known = self
            .inner
            .audit_tail
            .lock()
            .map_err(|_| ServiceError::Corrupt("audit tail lock"))?
            .clone();
        let signer = &self.inner.audit_signer;
        let tampered = |what: String| {
            tracing::error!(problem = %what, "the audit trail was tampered with");
            ServiceError::AuditTampered(what)
        };
        let Some(last) = last else {
            return match known {
                Some((seq, _)) => Err(tampered(format!(
                    "the trail is empty, but this server appended entry {seq}"
                ))),
                None => Ok(()),
            };
        };
        let Some((known_seq, known_hash)) = known else {
            if !signer.verify_entry_mac(&last.hash, last.mac.as_deref()) {
                return Err(tampered(format!(
                    "entry {} was not written by this instance (its MAC does not verify)",
                    last.seq
                )));
            }
            self.set_audit_tail(last.seq, &last.hash);
            return Ok(());
        };
        if last.seq == known_seq && last.hash == known_hash {
            return Ok(());
        }
        if last.seq < known_seq {
            return Err(tampered(format!(
                "the trail ends at entry {}, but this server appended entry {known_seq}: its end was cut",
                last.seq
            )));
        }
        let mut prev: Option<AuditRow> = None;
        let mut after = known_seq - 1;
        while after < last.seq {
            let chunk = self
                .inner
                .db
                .audit_entries_after(after, VERIFY_CHUNK)
                .await?;
            if chunk.is_empty() {
                break;
            }
            for row in chunk {
                if row.seq > last.seq {
                    break;
                }
                match &prev {
                    None => {
                        if row.seq != known_seq || row.hash != known_hash {
                            return Err(tampered(format!(
                                "entry {known_seq}, the last this server appended, was rewritten or removed"
                            )));
                        }
                    }
                    Some(before) => {
                        let intact = row.seq == before.seq + 1
                            && row.prev_hash == before.hash
                            && entry_hash(&row.prev_hash, &fields(&row)) == row.hash;
                        if !intact {
                            return Err(tampered(format!(
                                "entry {} does not extend the entry before it",
                                row.seq
                            )));
                        }
                        if !signer.verify_entry_mac(&row.hash, row.mac.as_deref()) {
                            return Err(tampered(format!(
                                "entry {} was not written by this instance (its MAC does not verify)",
                                row.seq
                            )));
                        }
                    }
                }
                after = row.seq;
                prev = Some(row);
            }
        }
        match prev {
            Some(row) if row.seq == last.seq && row.hash == last.hash => {
                self.set_audit_tail(row.seq, &row.hash);
                Ok(())
            }
            _ => Err(tampered(format!(
                "entries between {known_seq} and {} are missing",
                last.seq
            ))),
        }
    }

    /// Gives every entry without a MAC its MAC (entries of before MACs existed), in order,
    /// after checking that each links to the one before. Returns how many.
    pub(crate) async fn mac_unauthenticated_audit_entries(&self) -> Result<u64, ServiceError> {
        let db = &self.inner.db;
        let signer = &self.inner.audit_signer;
        let mut done = 0;
        let mut after = 0;
        loop {
            let chunk = db.audit_entries_after(after, VERIFY_CHUNK).await?;
            let Some(last) = chunk.last() else {
                break;
            };
            after = last.seq;
            for row in chunk {
                if row.mac.is_none() {
                    db.set_audit_mac(row.seq, &signer.entry_mac(&row.hash))
                        .await?;
                    done += 1;
                }
            }
        }
        Ok(done)
    }

    async fn sign_entry(
        &self,
        row: &AuditRow,
        now: time::OffsetDateTime,
    ) -> Result<bool, ServiceError> {
        let signed_at = rfc3339_seconds(now)?;
        let signer = &self.inner.audit_signer;
        let head = AuditHeadRow {
            seq: row.seq,
            hash: row.hash.clone(),
            signature: signer.sign_head(row.seq, &row.hash, &signed_at),
            signed_at,
            public_key: signer.public_key_hex(),
        };
        Ok(self.inner.db.insert_audit_head(&head).await?)
    }

    /// The public key (hex) of this instance's audit signing key: keep a copy away from
    /// the server to verify with it later (`quietline audit public-key`).
    pub fn audit_public_key(&self) -> String {
        self.inner.audit_signer.public_key_hex()
    }

    /// Up to `limit` entries before `before_seq` (from the end without it), newest first.
    /// The next page is `before_seq = Some(last entry's seq)`.
    pub async fn audit_page(
        &self,
        before_seq: Option<u64>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, ServiceError> {
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        Ok(self
            .inner
            .db
            .audit_page(before_seq, limit)
            .await?
            .into_iter()
            .map(AuditEntry::from)
            .collect())
    }

    /// Recomputes the whole chain and checks every signed head against this instance's
    /// key; stops at the first problem. See [`Instance::verify_audit_with_key`].
    pub async fn verify_audit(&self) -> Result<AuditVerification, ServiceError> {
        self.verify_audit_with_key(&self.audit_public_key()).await
    }

    /// Like [`Instance::verify_audit`], against the public key `public_key_hex` (kept
    /// elsewhere, so that a copy of the data directory cannot vouch for itself).
    ///
    /// Checks, entry by entry from 1: no gap in `seq` ([`AuditProblemKind::Missing`]); the
    /// link to the previous hash ([`AuditProblemKind::BrokenLink`]); the hash of the
    /// content ([`AuditProblemKind::Edited`]); and for each signed head: the key
    /// ([`AuditProblemKind::UnknownKey`]), the signature
    /// ([`AuditProblemKind::BadSignature`]) and the entry it names
    /// ([`AuditProblemKind::HeadMismatch`]). A signed head past the last entry means the
    /// end was cut off ([`AuditProblemKind::Missing`]). What this cannot prove: the end
    /// cut off after the last signed head; a log rewritten and re-signed by someone
    /// holding the key.
    pub async fn verify_audit_with_key(
        &self,
        public_key_hex: &str,
    ) -> Result<AuditVerification, ServiceError> {
        let db = &self.inner.db;
        // MACs need the secret key: checked when the key at hand is the one verified against.
        let macs = (self.audit_public_key() == public_key_hex.to_ascii_lowercase())
            .then_some(&self.inner.audit_signer);
        let mut check = TrailCheck::new(public_key_hex, db.audit_heads().await?, macs);
        let mut after = 0;
        'chunks: loop {
            let chunk = db.audit_entries_after(after, VERIFY_CHUNK).await?;
            let Some(last) = chunk.last() else {
                break;
            };
            after = last.seq;
            for row in chunk {
                if !check.entry(row) {
                    break 'chunks;
                }
            }
        }
        Ok(check.finish())
    }

    /// [`Instance::verify_audit_with_key`], then checks the trail against heads exported
    /// earlier and kept off the server (`quietline audit export-head`): each must be signed
    /// with the key, and the trail must still have its entry with the same hash. Also says
    /// which reports the newest export counted that this copy lacks.
    pub async fn verify_audit_against(
        &self,
        public_key_hex: &str,
        exported: &[ExportedHead],
    ) -> Result<AuditVerification, ServiceError> {
        let mut outcome = self.verify_audit_with_key(public_key_hex).await?;
        if outcome.problem.is_some() {
            return Ok(outcome);
        }
        let public_key = public_key_hex.to_ascii_lowercase();
        let mut newest: Option<&ExportedHead> = None;
        for head in exported {
            let genuine = head.public_key.to_ascii_lowercase() == public_key
                && verify_head(
                    &public_key,
                    head.seq,
                    &head.hash,
                    &head.signed_at,
                    &head.signature,
                )
                && quietline_crypto::audit::verify_export(
                    &public_key,
                    head.seq,
                    &head.hash,
                    &head.signed_at,
                    head.reports,
                    &head.newest_report,
                    &head.export_signature,
                );
            let kind = if !genuine {
                Some(AuditProblemKind::BadExportedHead)
            } else if head.seq > outcome.last_seq {
                Some(AuditProblemKind::EndsBeforeExportedHead)
            } else {
                let entry = self
                    .inner
                    .db
                    .audit_entries_after(head.seq - 1, 1)
                    .await?
                    .into_iter()
                    .next();
                (entry.map(|e| e.hash) != Some(head.hash.clone()))
                    .then_some(AuditProblemKind::ExportedHeadMismatch)
            };
            if let Some(kind) = kind {
                outcome.problem = Some(AuditProblem {
                    seq: head.seq,
                    kind,
                });
            }
            if genuine && newest.is_none_or(|n| n.seq < head.seq) {
                newest = Some(head);
            }
        }
        if let Some(export) = newest {
            let reports = self.inner.db.report_count().await?;
            let mut lacking = Vec::new();
            for named in export.newest_report.split_whitespace() {
                let has = match named.parse() {
                    Ok(id) => self.inner.db.report(id).await?.is_some(),
                    Err(_) => true,
                };
                if !has {
                    lacking.push(named.to_owned());
                }
            }
            if reports < export.reports || !lacking.is_empty() {
                outcome.missing_reports = Some(MissingReports {
                    count: export.reports.saturating_sub(reports),
                    newest: lacking,
                });
            }
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for action in AuditAction::ALL {
            assert!(seen.insert(action.code()), "{action:?}");
            assert_eq!(AuditAction::from_code(action.code()), Some(*action));
        }
        assert_eq!(AuditAction::from_code("nope"), None);
    }

    #[test]
    fn actors_have_a_stable_text_form() {
        let id = InvestigatorId::random();
        for actor in [Actor::Investigator(id), Actor::Cli, Actor::System] {
            assert_eq!(actor.to_string().parse::<Actor>(), Ok(actor));
        }
        assert_eq!(
            Actor::Investigator(id).to_string(),
            format!("investigator:{id}")
        );
        for bad in ["", "CLI", "investigator:", "investigator:xyz", "reporter"] {
            assert!(bad.parse::<Actor>().is_err(), "{bad}");
        }
    }

    #[test]
    fn events_hold_codes_ids_and_counts_only() {
        let ok = AuditEvent::new(Actor::Cli, AuditAction::StatusChanged)
            .subject(InvestigatorId::random())
            .fact("from", "new")
            .fact("to", "in_review")
            .fact("count", 3)
            .fact("ids", vec!["a", "b"])
            .request_id("0123abcd");
        assert_eq!(
            ok.checked_detail().ok().as_deref(),
            Some(r#"{"count":3,"from":"new","ids":["a","b"],"to":"in_review"}"#)
        );
        let base = || AuditEvent::new(Actor::Cli, AuditAction::NoteAdded);
        for bad in [
            base().subject("Report of Chen Wei"),
            base().fact("text", "x".repeat(65)),
            base().fact("text", "two words"),
            base().fact("name", "陈伟"),
            base().fact("Name", "x"),
            base().fact("nested", serde_json::json!({"a": 1})),
            base().fact("deep", serde_json::json!([[1]])),
            base().request_id("a b"),
        ] {
            assert!(bad.checked_detail().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn times_are_utc_to_the_second() {
        let at = time::macros::datetime!(2026-11-29 12:15:30.987 +02:00);
        assert_eq!(
            rfc3339_seconds(at).ok().as_deref(),
            Some("2026-11-29T10:15:30Z")
        );
    }
}
