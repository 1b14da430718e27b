//! Giving an investigator access to what exists: the workspace key and the keys of earlier
//! reports, re-wrapped to them by someone who can open them: a signed-in admin (for the
//! reports their own key opens), or the holder of the offline recovery identity through the
//! CLI (for everything). New reports need no grant: they are wrapped to every active
//! investigator as they arrive.

use quietline_core::ReportId;
use quietline_crypto::{Identity, Recipient, wrap_identity};
use quietline_storage::{InvestigatorStatus, ObjectName, SealedPart};

use super::inbox::InboxSummary;
use super::{Investigator, Now};
use crate::audit::{Actor, AuditAction, AuditEvent};
use crate::{Instance, ServiceError};

/// What a grant did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GrantSummary {
    /// The workspace key was wrapped to the grantee (it may have been already).
    pub workspace: bool,
    /// Report keys newly wrapped to the grantee.
    pub reports: usize,
    /// Reports the granter could not open (left for a holder of the recovery identity).
    pub skipped: usize,
}

impl Instance {
    /// A signed-in admin gives `grantee` the workspace key and every report key the admin's
    /// own key opens.
    pub async fn grant_access(
        &self,
        granter: &Investigator,
        grantee: &str,
        request_id: &str,
        now: Now,
    ) -> Result<GrantSummary, ServiceError> {
        if !granter.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        if !granter.has_workspace {
            return Err(ServiceError::NoAccess);
        }
        let workspace = self
            .inner
            .workbench
            .unlocked()
            .ok_or(ServiceError::NoAccess)?;
        let summary = self
            .grant(&granter.identity, &workspace.key(), grantee, now)
            .await?;
        self.record_grant(
            Actor::Investigator(granter.id),
            grantee,
            summary,
            request_id,
            now,
        )
        .await?;
        Ok(summary)
    }

    /// The holder of the recovery identity gives `grantee` the workspace key and every
    /// report key (and seals the inbox summaries of reports that arrived before the
    /// workspace existed).
    pub async fn grant_access_with_recovery(
        &self,
        recovery: &Identity,
        grantee: &str,
        now: Now,
    ) -> Result<GrantSummary, ServiceError> {
        let workspace_key = match self.workspace_key_from_recovery(recovery).await {
            Ok(key) => key,
            Err(ServiceError::Crypto(_)) => return Err(ServiceError::NoAccess),
            Err(other) => return Err(other),
        };
        let summary = self.grant(recovery, &workspace_key, grantee, now).await?;
        self.record_grant(Actor::Cli, grantee, summary, "cli", now)
            .await?;
        Ok(summary)
    }

    async fn grant(
        &self,
        opener: &Identity,
        workspace_key: &Identity,
        grantee: &str,
        now: Now,
    ) -> Result<GrantSummary, ServiceError> {
        let db = &self.inner.db;
        let account = db
            .investigator_by_username(grantee)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if account.status != InvestigatorStatus::Active {
            return Err(ServiceError::NotFound);
        }
        // Only an authenticated key receives anything (a row changed in the database to an
        // intruder's key is refused here, and the refusal audited).
        let grantee_key = self.investigator_recipient(&account).await?;
        let trusted = self.trusted_holders().await?;
        let mut summary = GrantSummary::default();
        if db.sign_in_state(account.id).await?.workspace_key.is_none() {
            db.set_workspace_key(
                account.id,
                &wrap_identity(workspace_key, std::slice::from_ref(&grantee_key))?,
            )
            .await?;
            summary.workspace = true;
        }
        for report in db.reports_without_access(&account.recipient).await? {
            match self
                .rewrap_report(
                    opener,
                    report,
                    &grantee_key,
                    &trusted,
                    &workspace_key.recipient(),
                    now,
                )
                .await
            {
                Ok(()) => summary.reports += 1,
                Err(ServiceError::NoAccess) => summary.skipped += 1,
                Err(other) => return Err(other),
            }
        }
        Ok(summary)
    }

    /// The public keys a report key may stay wrapped to: the recovery recipient and every
    /// investigator's authenticated key.
    pub(crate) async fn trusted_holders(
        &self,
    ) -> Result<std::collections::HashSet<String>, ServiceError> {
        let mut trusted = std::collections::HashSet::new();
        trusted.insert(self.recovery_recipient().await?.to_string());
        for row in self.inner.db.investigators().await? {
            if let Ok(recipient) = self.investigator_recipient(&row).await {
                trusted.insert(recipient.to_string());
            }
        }
        Ok(trusted)
    }

    /// Re-wraps one report key to its holders plus `grantee`, replacing `key.age` at once.
    /// Holds the report's lock from reading the holders to recording the new one, so that a
    /// concurrent grant (another thread or process) cannot lose this wrap or lose its own.
    /// A holder listed in `report_access` that is not a trusted key is dropped, loudly.
    async fn rewrap_report(
        &self,
        opener: &Identity,
        report: ReportId,
        grantee: &Recipient,
        trusted: &std::collections::HashSet<String>,
        workspace: &Recipient,
        now: Now,
    ) -> Result<(), ServiceError> {
        let _lock = self
            .inner
            .report_locks
            .lock(self.inner.objects.folder(report))
            .await?;
        let key = self.report_key(opener, report).await?;
        let db = &self.inner.db;
        let mut holders: Vec<Recipient> = Vec::new();
        for listed in db.report_access(report).await? {
            match listed.parse::<Recipient>() {
                Ok(recipient) if trusted.contains(&listed) => holders.push(recipient),
                _ => {
                    db.remove_report_access(report, &listed).await?;
                    let _ = self.refuse("report_access", report.to_string()).await;
                }
            }
        }
        if holders.contains(grantee) {
            return Ok(());
        }
        holders.push(grantee.clone());
        let wrapped = wrap_identity(&key, &holders)?;
        self.inner
            .objects
            .write(report, ObjectName::Key, &wrapped, now.today())
            .await?;
        db.add_report_access(report, &grantee.to_string()).await?;
        self.search_access_added(report, &grantee.to_string());
        // Reports that arrived before the workspace existed get their inbox summary now
        // (and their cross-referencing records, once the workspace is unlocked).
        if let Some(row) = db.inbox_row(report).await?
            && (row.summary_sealed.is_none() || row.xref_sealed.is_none())
        {
            let answers = quietline_crypto::open(
                &key,
                &self.inner.objects.read(report, ObjectName::Answers).await?,
            )?;
            if let Ok(answers) = serde_json::from_slice(&answers) {
                if row.summary_sealed.is_none() {
                    let files = db.attachments(report).await?.len();
                    let summary = InboxSummary::of(&answers, files);
                    db.set_sealed_part(report, SealedPart::Summary, &summary.seal(workspace)?)
                        .await?;
                    self.update_index(report, |e| e.summary = Some(summary));
                }
                if let Some(unlocked) = self.inner.workbench.unlocked() {
                    self.backfill_xref(&unlocked, &row, &answers).await?;
                }
            }
        }
        Ok(())
    }

    async fn record_grant(
        &self,
        actor: Actor,
        grantee: &str,
        summary: GrantSummary,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        let subject = self
            .inner
            .db
            .investigator_by_username(grantee)
            .await?
            .map(|a| a.id.to_string())
            .unwrap_or_default();
        self.audit(
            AuditEvent {
                actor,
                action: AuditAction::AccessGranted,
                subject,
                detail: [
                    ("workspace".to_owned(), summary.workspace.into()),
                    ("reports".to_owned(), summary.reports.into()),
                    ("skipped".to_owned(), summary.skipped.into()),
                ]
                .into_iter()
                .collect(),
                request_id: request_id.to_owned(),
            },
            now.wall,
        )
        .await
        .map(|_| ())
    }
}
