//! Replacing keys, so that an old copy of the database and an old secret open nothing made
//! after the change:
//!
//! - **An investigator's key pair, at a password change.** A new pair; every report key that
//!   was wrapped to the old public key is re-wrapped to the new one instead (under the
//!   report's lock), and the old wraps are removed. Until that is done the previous identity
//!   is kept wrapped to the new one (`investigators.previous_identity_wrap`), so an
//!   interruption loses nothing: the next sign-in finishes the move.
//! - **The workspace key**, when an investigator who held it changes password or is disabled:
//!   a new key, wrapped to the recovery recipient and to the investigators who keep access,
//!   the previous one wrapped to the new one (`workspace.previous_key_wrap`) while everything
//!   sealed to it (summaries, tags, cross-referencing records, notes, link decisions, sites,
//!   reply templates, cases) is re-sealed in the background; then the previous key is forgotten. Progress is shown to
//!   admins; an interrupted re-seal resumes at the next unlock.
//!
//! What this cannot do: a report key itself is never replaced (its answers and files are
//! sealed to it), so whoever could open a report once can open what is later added to that
//! report from any copy they kept (docs/threat-model.md).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use quietline_core::InvestigatorId;
use quietline_crypto::{Identity, Recipient, seal, wrap_identity};
use quietline_storage::{InvestigatorStatus, ObjectName, SealedPart};

use super::workspace::WorkspaceKeys;
use crate::audit::{Actor, AuditAction, AuditEvent};
use crate::{Instance, ServiceError};

/// The re-seal under way, for the admin's page.
#[derive(Default)]
pub(crate) struct RotationState {
    running: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

/// How far a workspace key rotation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RotationProgress {
    /// Objects re-sealed (or found already sealed to the new key).
    pub done: u64,
    /// Objects to look at.
    pub total: u64,
}

impl Instance {
    /// The workspace key rotation under way in this process, if any.
    pub fn workspace_rotation(&self) -> Option<RotationProgress> {
        let state = &self.inner.workbench.rotation;
        state
            .running
            .load(Ordering::SeqCst)
            .then(|| RotationProgress {
                done: state.done.load(Ordering::SeqCst),
                total: state.total.load(Ordering::SeqCst),
            })
    }

    /// Waits for the key moves and re-seals started in the background (the command line
    /// before it exits, and tests).
    pub async fn settle(&self) {
        loop {
            let handles: Vec<_> = match self.inner.background.lock() {
                Ok(mut handles) => handles.drain(..).collect(),
                Err(_) => return,
            };
            if handles.is_empty() {
                return;
            }
            for handle in handles {
                let _ = handle.await;
            }
        }
    }

    pub(crate) fn spawn_background(
        &self,
        what: &'static str,
        task: impl Future<Output = Result<(), ServiceError>> + Send + 'static,
    ) {
        let handle = tokio::spawn(async move {
            if let Err(err) = task.await {
                tracing::error!(error = %err, what, "a background key change failed (it resumes later)");
            }
        });
        if let Ok(mut handles) = self.inner.background.lock() {
            handles.retain(|h| !h.is_finished());
            handles.push(handle);
        }
    }

    /// Re-wraps every report key wrapped to `old` to `new` instead, then forgets the
    /// investigator's previous identity. Idempotent: a report already moved is skipped.
    pub(crate) async fn move_report_keys(
        &self,
        investigator: InvestigatorId,
        old: &Identity,
        new: &Recipient,
    ) -> Result<usize, ServiceError> {
        let db = &self.inner.db;
        let old_text = old.recipient().to_string();
        let trusted = self.trusted_holders().await?;
        let mut moved = 0;
        for report in db.reports_with_access(&old_text).await? {
            let _lock = self
                .inner
                .report_locks
                .lock(self.inner.objects.folder(report))
                .await?;
            let listed = db.report_access(report).await?;
            if !listed.contains(&old_text) {
                continue;
            }
            let key = match self.report_key(old, report).await {
                Ok(key) => key,
                Err(ServiceError::NoAccess | ServiceError::NotFound) => continue,
                Err(other) => return Err(other),
            };
            let mut holders: Vec<Recipient> = listed
                .iter()
                .filter(|r| **r != old_text && trusted.contains(*r))
                .filter_map(|r| r.parse().ok())
                .collect();
            if !holders.contains(new) {
                holders.push(new.clone());
            }
            let today = crate::Clock::today(&crate::SystemClock);
            self.inner
                .objects
                .write(
                    report,
                    ObjectName::Key,
                    &wrap_identity(&key, &holders)?,
                    today,
                )
                .await?;
            db.add_report_access(report, &new.to_string()).await?;
            db.remove_report_access(report, &old_text).await?;
            self.search_access_added(report, &new.to_string());
            self.search_access_removed(report, &old_text);
            moved += 1;
        }
        db.clear_previous_identity(investigator).await?;
        self.audit(
            AuditEvent::new(Actor::System, AuditAction::InvestigatorRekeyed)
                .subject(investigator)
                .fact("reports", moved),
            crate::Clock::now(&crate::SystemClock),
        )
        .await?;
        Ok(moved)
    }

    /// Replaces the workspace key `old` by a new one: wrapped to the recovery recipient and
    /// to every active investigator who holds it now, except `exclude`, and for `replacing`
    /// to their new public key; then re-seals in the background.
    pub(crate) async fn rotate_workspace_key(
        &self,
        old: Identity,
        exclude: Option<InvestigatorId>,
        replacing: Option<(InvestigatorId, Recipient)>,
        actor: Actor,
        reason: &str,
    ) -> Result<(), ServiceError> {
        let db = &self.inner.db;
        let recovery = self.recovery_recipient().await?;
        let new = Identity::generate();
        let mut holders = Vec::new();
        for row in db.investigators().await? {
            if Some(row.id) == exclude || row.status != InvestigatorStatus::Active {
                continue;
            }
            if db.sign_in_state(row.id).await?.workspace_key.is_none() {
                continue;
            }
            let recipient = match &replacing {
                Some((id, recipient)) if *id == row.id => recipient.clone(),
                _ => match self.investigator_recipient(&row).await {
                    Ok(recipient) => recipient,
                    Err(ServiceError::RecipientRefused(_)) => continue,
                    Err(other) => return Err(other),
                },
            };
            holders.push((row.id, wrap_identity(&new, &[recipient])?));
        }
        let recipient = new.recipient().to_string();
        db.replace_workspace_key(
            &recipient,
            &self.workspace_tag(&recipient),
            &wrap_identity(&new, &[recovery])?,
            &wrap_identity(&old, &[new.recipient()])?,
            &holders,
        )
        .await?;
        let keys = WorkspaceKeys {
            current: new,
            previous: Some(old),
        };
        if let Some(unlocked) = self.inner.workbench.unlocked()
            && let Ok(mut slot) = unlocked.keys.write()
        {
            *slot = keys.clone();
        }
        self.drop_snapshots().await;
        self.audit(
            AuditEvent::new(actor, AuditAction::WorkspaceKeyRotated).fact("reason", reason),
            crate::Clock::now(&crate::SystemClock),
        )
        .await?;
        self.spawn_reseal(keys);
        Ok(())
    }

    /// The sealed snapshots are of the previous key: the next unlock writes new ones.
    async fn drop_snapshots(&self) {
        for name in [super::inbox::SNAPSHOT, super::sites::SITES_SNAPSHOT] {
            if let Err(err) = self.inner.cache.remove(name).await {
                tracing::warn!(error = %err, "could not delete a sealed snapshot");
            }
        }
    }

    /// Starts re-sealing to `keys.current` what is still sealed to `keys.previous`, unless a
    /// re-seal runs already.
    pub(crate) fn spawn_reseal(&self, keys: WorkspaceKeys) {
        if keys.previous.is_none()
            || self
                .inner
                .workbench
                .rotation
                .running
                .swap(true, Ordering::SeqCst)
        {
            return;
        }
        let instance = self.clone();
        self.spawn_background("re-sealing to the new workspace key", async move {
            let result = instance.reseal(&keys).await;
            instance
                .inner
                .workbench
                .rotation
                .running
                .store(false, Ordering::SeqCst);
            result
        });
    }

    async fn reseal(&self, keys: &WorkspaceKeys) -> Result<(), ServiceError> {
        let db = &self.inner.db;
        let state = &self.inner.workbench.rotation;
        let new = keys.current.recipient();
        // Rows that open with neither key: damaged, or sealed by someone who can write the
        // database to a key of their own. They stay as they are (as unreadable as before),
        // rather than stopping the re-seal and keeping the previous key for ever.
        let unreadable = std::sync::atomic::AtomicUsize::new(0);
        // Sealed to the new key already (written since, or re-sealed before an interruption)?
        let reseal = |sealed: &[u8]| -> Result<Option<Vec<u8>>, ServiceError> {
            if quietline_crypto::open(&keys.current, sealed).is_ok() {
                return Ok(None);
            }
            let Ok(plain) = keys.open(sealed) else {
                unreadable.fetch_add(1, Ordering::Relaxed);
                return Ok(None);
            };
            Ok(Some(seal(std::slice::from_ref(&new), &plain)?))
        };
        let rows = db.inbox_rows().await?;
        let notes = db.all_notes().await?;
        let decisions = db.link_decisions().await?;
        let sites = db.site_rows().await?;
        let templates = db.reply_template_rows().await?;
        let cases = db.case_rows().await?;
        let total = rows.len() as u64 * 3
            + (notes.len() + decisions.len() + sites.len() + templates.len() + cases.len()) as u64;
        state.total.store(total, Ordering::SeqCst);
        state.done.store(0, Ordering::SeqCst);
        let step = || state.done.fetch_add(1, Ordering::SeqCst);
        let mut resealed = 0u64;
        for row in rows {
            for (part, sealed) in [
                (SealedPart::Summary, &row.summary_sealed),
                (SealedPart::Tags, &row.tags_sealed),
                (SealedPart::Xref, &row.xref_sealed),
            ] {
                if let Some(sealed) = sealed
                    && let Some(fresh) = reseal(sealed)?
                    && db.replace_sealed_part(row.id, part, sealed, &fresh).await?
                {
                    resealed += 1;
                }
                step();
            }
        }
        let today = crate::Clock::today(&crate::SystemClock);
        for note in notes {
            let name = ObjectName::Note(note.id);
            let sealed = self.inner.objects.read(note.report_id, name).await?;
            if let Some(fresh) = reseal(&sealed)? {
                self.inner
                    .objects
                    .write(note.report_id, name, &fresh, today)
                    .await?;
                resealed += 1;
            }
            step();
        }
        for (id, sealed) in decisions {
            if let Some(fresh) = reseal(&sealed)?
                && db.replace_link_decision(&id, &sealed, &fresh).await?
            {
                resealed += 1;
            }
            step();
        }
        for site in sites {
            if let Some(fresh) = reseal(&site.sealed)?
                && db
                    .replace_site_sealed(&site.id.to_string(), &site.sealed, &fresh)
                    .await?
            {
                resealed += 1;
            }
            step();
        }
        for template in templates {
            if let Some(fresh) = reseal(&template.sealed)?
                && db
                    .replace_reply_template_sealed(template.id, &template.sealed, &fresh)
                    .await?
            {
                resealed += 1;
            }
            step();
        }
        for case in cases {
            if let Some(fresh) = reseal(&case.sealed)?
                && db
                    .replace_case_sealed(case.id, &case.sealed, &fresh)
                    .await?
            {
                resealed += 1;
            }
            step();
        }
        if unreadable.load(Ordering::Relaxed) > 0 {
            tracing::error!(
                rows = unreadable.load(Ordering::Relaxed),
                "rows that open with neither workspace key were left as they are: damaged, or written outside Quietline"
            );
        }
        db.finish_workspace_rotation().await?;
        if let Some(unlocked) = self.inner.workbench.unlocked()
            && let Ok(mut slot) = unlocked.keys.write()
            && slot.current.recipient() == new
        {
            slot.previous = None;
        }
        self.drop_snapshots().await;
        self.audit(
            AuditEvent::new(Actor::System, AuditAction::WorkspaceRotationFinished)
                .fact("objects", resealed),
            crate::Clock::now(&crate::SystemClock),
        )
        .await?;
        tracing::info!(resealed, "workspace key rotation finished");
        Ok(())
    }
}

/// Resumes an interrupted re-seal at the unlock.
pub(crate) fn resume_if_interrupted(instance: &Instance, keys: &WorkspaceKeys) {
    if keys.previous.is_some() {
        instance.spawn_reseal(keys.clone());
    }
}
