//! Which public keys the server may encrypt to. Every one read from the database (the
//! recovery recipient, an investigator's, the workspace's, a report's and its mailbox's) is
//! accepted only with a valid tag made with [`quietline_crypto::AuthKey`], a key derived from
//! the pepper and therefore not in the database. A row that fails is refused loudly: an error
//! in the log, a `recipient_refused` entry in the audit trail, and the key is never used.
//!
//! Tags bind a key to its role and row:
//!
//! | kind | fields |
//! |---|---|
//! | `recovery` | `""`, the recipient |
//! | `investigator` | id, recipient, status (re-enabling an account needs the key too) |
//! | `workspace` | `""`, the recipient |
//! | `report` | id, report recipient, mailbox recipient |
//! | `message` | report id, message id, author, SHA-256 of the sealed text (messages of before issue 11 only: the others carry a proof of origin, `conversation`) |
//!
//! Rows written before this existed get their tags once, when the migration that adds the
//! columns runs ([`MIGRATION`]): whoever starts the upgraded server vouches for the database
//! as it is then. `quietline keys verify --identity recovery.txt` lets the recovery holder
//! check what can be checked with that key (docs/threat-model.md, "What a database-level
//! intruder can and cannot do").

use quietline_core::{InvestigatorId, ReportId};
use quietline_crypto::{Identity, Recipient, unwrap_identity};
use quietline_storage::{InvestigatorRow, InvestigatorStatus, ReportRow, WorkspaceRow};
use sha2::{Digest, Sha256};

use crate::audit::{Actor, AuditAction, AuditEvent};
use crate::instance::{RECOVERY_RECIPIENT, RECOVERY_RECIPIENT_MAC};
use crate::{Instance, ServiceError};

/// The storage migration that adds the tags (0006).
pub(crate) const MIGRATION: i64 = 6;

/// What a vouching run tagged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VouchSummary {
    /// Investigators' keys.
    pub investigators: u64,
    /// Reports' keys.
    pub reports: u64,
    /// Messages (vouched by the server, not proven by their authors).
    pub messages: u64,
    /// Audit entries given their MAC.
    pub audit_entries: u64,
    /// The recovery recipient and the workspace key.
    pub instance_keys: u64,
}

/// A stored key that fails its check, as `quietline keys verify` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyProblem {
    /// `recovery`, `workspace`, `investigator`, `report`.
    pub kind: &'static str,
    /// The row's id (empty for the instance-wide keys).
    pub subject: String,
    /// What is wrong.
    pub problem: &'static str,
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Instance {
    pub(crate) fn recovery_tag(&self, recipient: &str) -> String {
        self.inner
            .auth
            .tag("recovery", &[b"", recipient.as_bytes()])
    }

    pub(crate) fn investigator_tag(
        &self,
        id: InvestigatorId,
        recipient: &str,
        status: InvestigatorStatus,
    ) -> String {
        self.inner.auth.tag(
            "investigator",
            &[
                id.to_string().as_bytes(),
                recipient.as_bytes(),
                status.code().as_bytes(),
            ],
        )
    }

    pub(crate) fn workspace_tag(&self, recipient: &str) -> String {
        self.inner
            .auth
            .tag("workspace", &[b"", recipient.as_bytes()])
    }

    pub(crate) fn report_tag(&self, id: ReportId, report: &str, mailbox: &str) -> String {
        self.inner.auth.tag(
            "report",
            &[
                id.to_string().as_bytes(),
                report.as_bytes(),
                mailbox.as_bytes(),
            ],
        )
    }

    pub(crate) fn legacy_message_tag(
        &self,
        report: ReportId,
        message: quietline_core::MessageId,
        author: quietline_storage::Author,
        sealed: &[u8],
    ) -> String {
        self.inner.auth.tag(
            "message",
            &[
                report.to_string().as_bytes(),
                message.to_string().as_bytes(),
                author.code().as_bytes(),
                sha256_hex(sealed).as_bytes(),
            ],
        )
    }

    /// Logs, audits and returns the refusal of a stored key.
    pub(crate) async fn refuse(&self, kind: &'static str, subject: String) -> ServiceError {
        tracing::error!(
            kind,
            subject = %subject,
            "a stored public key failed authentication and was refused: the database was changed outside Quietline"
        );
        let event = AuditEvent::new(Actor::System, AuditAction::RecipientRefused)
            .subject(&subject)
            .fact("kind", kind);
        if let Err(err) = self
            .audit(event, crate::Clock::now(&crate::SystemClock))
            .await
        {
            tracing::error!(error = %err, "the refusal could not be recorded in the audit trail");
        }
        ServiceError::RecipientRefused(kind)
    }

    /// The recovery recipient, authenticated.
    pub(crate) async fn recovery_recipient(&self) -> Result<Recipient, ServiceError> {
        let db = &self.inner.db;
        let recipient = db
            .setting(RECOVERY_RECIPIENT)
            .await?
            .ok_or(ServiceError::NotInitialised)?;
        let tag = db.setting(RECOVERY_RECIPIENT_MAC).await?;
        if self
            .inner
            .auth
            .verify("recovery", &[b"", recipient.as_bytes()], tag.as_deref())
            && let Ok(parsed) = recipient.parse()
        {
            return Ok(parsed);
        }
        Err(self.refuse("recovery", String::new()).await)
    }

    /// An investigator's public key, authenticated (with their id and status).
    pub(crate) async fn investigator_recipient(
        &self,
        row: &InvestigatorRow,
    ) -> Result<Recipient, ServiceError> {
        let ok = self.inner.auth.verify(
            "investigator",
            &[
                row.id.to_string().as_bytes(),
                row.recipient.as_bytes(),
                row.status.code().as_bytes(),
            ],
            row.recipient_mac.as_deref(),
        );
        if ok && let Ok(parsed) = row.recipient.parse() {
            return Ok(parsed);
        }
        Err(self.refuse("investigator", row.id.to_string()).await)
    }

    /// The workspace's public key, authenticated.
    pub(crate) async fn workspace_row_recipient(
        &self,
        row: &WorkspaceRow,
    ) -> Result<Recipient, ServiceError> {
        if self.inner.auth.verify(
            "workspace",
            &[b"", row.recipient.as_bytes()],
            row.recipient_mac.as_deref(),
        ) && let Ok(parsed) = row.recipient.parse()
        {
            return Ok(parsed);
        }
        Err(self.refuse("workspace", String::new()).await)
    }

    /// A report's key and mailbox key, authenticated (bound to the report's id).
    pub(crate) async fn report_recipients(
        &self,
        row: &ReportRow,
    ) -> Result<(Recipient, Recipient), ServiceError> {
        let ok = self.inner.auth.verify(
            "report",
            &[
                row.id.to_string().as_bytes(),
                row.report_recipient.as_bytes(),
                row.mailbox_recipient.as_bytes(),
            ],
            row.recipients_mac.as_deref(),
        );
        if ok
            && let (Ok(report), Ok(mailbox)) =
                (row.report_recipient.parse(), row.mailbox_recipient.parse())
        {
            return Ok((report, mailbox));
        }
        Err(self.refuse("report", row.id.to_string()).await)
    }

    /// Tags every stored key, message and audit entry that has no tag yet: the rows of
    /// before issue 11. Run by the server when the migration that adds the tags runs, and by
    /// `quietline keys vouch` (an operator who checked the database). Recorded in the audit
    /// trail as `recipients_vouched` with counts and `by`.
    pub async fn vouch_for_unauthenticated(
        &self,
        actor: Actor,
        by: &str,
    ) -> Result<VouchSummary, ServiceError> {
        let db = &self.inner.db;
        let mut summary = VouchSummary::default();
        if let Some(recipient) = db.setting(RECOVERY_RECIPIENT).await?
            && db.setting(RECOVERY_RECIPIENT_MAC).await?.is_none()
        {
            db.set_setting(RECOVERY_RECIPIENT_MAC, &self.recovery_tag(&recipient))
                .await?;
            summary.instance_keys += 1;
        }
        if let Some(workspace) = db.workspace().await?
            && workspace.recipient_mac.is_none()
        {
            db.set_workspace_mac(&self.workspace_tag(&workspace.recipient))
                .await?;
            summary.instance_keys += 1;
        }
        for row in db.investigators().await? {
            if row.recipient_mac.is_none() {
                db.set_investigator_mac(
                    row.id,
                    &self.investigator_tag(row.id, &row.recipient, row.status),
                )
                .await?;
                summary.investigators += 1;
            }
        }
        for row in db.reports().await? {
            if row.recipients_mac.is_none() {
                db.set_report_mac(
                    row.id,
                    &self.report_tag(row.id, &row.report_recipient, &row.mailbox_recipient),
                )
                .await?;
                summary.reports += 1;
            }
        }
        for message in db.messages_without_origin().await? {
            let sealed = match self
                .inner
                .objects
                .read(
                    message.report_id,
                    quietline_storage::ObjectName::Message(message.id),
                )
                .await
            {
                Ok(sealed) => sealed,
                Err(err) => {
                    tracing::warn!(error = %err, "a message's object is missing: not vouched for");
                    continue;
                }
            };
            let tag =
                self.legacy_message_tag(message.report_id, message.id, message.author, &sealed);
            db.set_message_origin(message.id, &format!("{LEGACY_PREFIX}{tag}"))
                .await?;
            summary.messages += 1;
        }
        summary.audit_entries = self.mac_unauthenticated_audit_entries().await?;
        if summary != VouchSummary::default() {
            let event = AuditEvent::new(actor, AuditAction::RecipientsVouched)
                .fact("by", by)
                .fact("investigators", summary.investigators)
                .fact("reports", summary.reports)
                .fact("messages", summary.messages)
                .fact("audit_entries", summary.audit_entries)
                .fact("instance_keys", summary.instance_keys);
            self.audit(event, crate::Clock::now(&crate::SystemClock))
                .await?;
            tracing::warn!(?summary, by, "vouched for stored keys that had no tag");
        }
        Ok(summary)
    }

    /// Checks every stored key's tag; with the recovery identity, also what it can prove: the
    /// recovery recipient is its public key, the workspace key wrapped to it is the stored
    /// workspace key, and every report's key (opened from `key.age`) is the stored report key.
    pub async fn check_stored_keys(
        &self,
        recovery: Option<&Identity>,
    ) -> Result<Vec<KeyProblem>, ServiceError> {
        let db = &self.inner.db;
        let auth = &self.inner.auth;
        let mut problems = Vec::new();
        let mut problem = |kind, subject: String, problem| {
            problems.push(KeyProblem {
                kind,
                subject,
                problem,
            })
        };
        const TAG: &str = "its tag does not verify: written outside Quietline";
        if let Some(recipient) = db.setting(RECOVERY_RECIPIENT).await? {
            let tag = db.setting(RECOVERY_RECIPIENT_MAC).await?;
            if !auth.verify("recovery", &[b"", recipient.as_bytes()], tag.as_deref()) {
                problem("recovery", String::new(), TAG);
            }
            if let Some(identity) = recovery
                && identity.recipient().to_string() != recipient
            {
                problem(
                    "recovery",
                    String::new(),
                    "it is not the public key of the recovery identity given",
                );
            }
        }
        if let Some(workspace) = db.workspace().await? {
            if !auth.verify(
                "workspace",
                &[b"", workspace.recipient.as_bytes()],
                workspace.recipient_mac.as_deref(),
            ) {
                problem("workspace", String::new(), TAG);
            }
            if let Some(identity) = recovery {
                match unwrap_identity(&workspace.recovery_wrap, identity) {
                    Ok(key) if key.recipient().to_string() == workspace.recipient => {}
                    Ok(_) => problem(
                        "workspace",
                        String::new(),
                        "the key wrapped to the recovery recipient is not the stored workspace key",
                    ),
                    Err(_) => problem(
                        "workspace",
                        String::new(),
                        "the recovery identity does not open the workspace key",
                    ),
                }
            }
        }
        for row in db.investigators().await? {
            if !auth.verify(
                "investigator",
                &[
                    row.id.to_string().as_bytes(),
                    row.recipient.as_bytes(),
                    row.status.code().as_bytes(),
                ],
                row.recipient_mac.as_deref(),
            ) {
                problem("investigator", row.id.to_string(), TAG);
            }
        }
        for row in db.reports().await? {
            if !auth.verify(
                "report",
                &[
                    row.id.to_string().as_bytes(),
                    row.report_recipient.as_bytes(),
                    row.mailbox_recipient.as_bytes(),
                ],
                row.recipients_mac.as_deref(),
            ) {
                problem("report", row.id.to_string(), TAG);
            }
            if let Some(identity) = recovery {
                let opened = self
                    .inner
                    .objects
                    .read(row.id, quietline_storage::ObjectName::Key)
                    .await
                    .ok()
                    .and_then(|wrapped| unwrap_identity(&wrapped, identity).ok());
                match opened {
                    Some(key) if key.recipient().to_string() == row.report_recipient => {}
                    Some(_) => problem(
                        "report",
                        row.id.to_string(),
                        "its key.age holds another key than the stored report key",
                    ),
                    None => problem(
                        "report",
                        row.id.to_string(),
                        "the recovery identity does not open its key.age",
                    ),
                }
            }
        }
        Ok(problems)
    }
}

/// Prefix of a message tag made by the server for a message of before issue 11.
pub(crate) const LEGACY_PREFIX: &str = "legacy:";
/// Prefix of a proof of origin made by a message's author.
pub(crate) const ORIGIN_PREFIX: &str = "v1:";
