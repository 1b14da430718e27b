//! Placeholder for the audit trail (being built on branch `audit`; replaced at merge).

use quietline_core::InvestigatorId;

use crate::{Instance, ServiceError};

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum AuditAction {
    Login,
    LoginFailed,
    Logout,
    TotpEnrolled,
    RecoveryCodeUsed,
    PasswordChanged,
    ReportOpened,
    AttachmentDownloaded,
    MessageSent,
    NoteAdded,
    StatusChanged,
    Assigned,
    TagsChanged,
    Export,
    InvestigatorAdded,
    InvestigatorDisabled,
    InvestigatorEnabled,
    AccessGranted,
    ReportDecryptedOffline,
    AuditHeadSigned,
}

/// Who did it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// An investigator.
    Investigator(InvestigatorId),
    /// The command line.
    Cli,
    /// The server itself.
    System,
}

/// An event to record.
#[derive(Clone, Debug)]
pub struct AuditEvent {
    /// Who.
    pub actor: Actor,
    /// What.
    pub action: AuditAction,
    /// On what (an id), or empty.
    pub subject: String,
    /// Facts, never content.
    pub detail: serde_json::Map<String, serde_json::Value>,
    /// The request.
    pub request_id: String,
}

impl Instance {
    /// Records an event (placeholder: logs it).
    pub async fn audit(
        &self,
        event: AuditEvent,
        _now: time::OffsetDateTime,
    ) -> Result<(), ServiceError> {
        tracing::info!(action = ?event.action, "audit");
        Ok(())
    }
}
