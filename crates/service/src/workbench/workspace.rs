//! The workspace key: one age key pair for everything investigators write (notes, tags,
//! later links and cases) and for the inbox summaries the server seals as reports arrive.
//!
//! Created with the first investigator (so it can be wrapped to someone at once), it is
//! stored wrapped to the recovery recipient and, per investigator, to each one who has been
//! granted access. It is unwrapped in memory when an investigator with access signs in, and
//! dropped with the last session, together with what was built with it: the inbox index, the
//! cross-reference index (`crossref`) and the search index (`search`).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use quietline_core::{InvestigatorId, ReportId};
use quietline_crypto::{Identity, Recipient, unwrap_identity, wrap_identity};

use quietline_xref::Record;

use super::crossref::{Crossref, Decision, XrefState};
use super::inbox::{
    InboxIndex, InboxSummary, ReportRecords, SNAPSHOT, SNAPSHOT_REFRESH, Snapshot, fingerprints,
    open_json,
};
use super::snapshot::{open_snapshot, write_snapshot};
use crate::{Instance, ServiceError};

/// The workspace key, and while it is being replaced the previous one (what was sealed to
/// it and not re-sealed yet still opens).
#[derive(Clone)]
pub(crate) struct WorkspaceKeys {
    pub current: Identity,
    pub previous: Option<Identity>,
}

impl WorkspaceKeys {
    /// Opens something sealed to the workspace key (current or previous).
    pub fn open(
        &self,
        sealed: &[u8],
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, quietline_crypto::CryptoError> {
        match &self.previous {
            Some(previous) => quietline_crypto::open_any(&[&self.current, previous], sealed),
            None => quietline_crypto::open(&self.current, sealed),
        }
    }
}

/// The workspace, unlocked: its key and the indexes built with it.
pub(crate) struct UnlockedWorkspace {
    pub keys: RwLock<WorkspaceKeys>,
    pub index: RwLock<InboxIndex>,
    /// Who is the same as whom across reports, with investigators' decisions; built in the
    /// background after the unlock.
    pub xref: RwLock<XrefState>,
    /// Becomes true when `xref` is built.
    pub xref_ready: tokio::sync::watch::Receiver<bool>,
    /// The site registry, read in the background after the unlock (from the sealed snapshot
    /// and the rows changed since).
    pub sites: RwLock<Option<super::sites::SiteRegistry>>,
    /// Held while the registry is being decrypted: one load at a time, the others wait.
    pub sites_loading: tokio::sync::Mutex<()>,
    /// Held while a site is changed (read, checked, saved): one edit at a time.
    pub site_edits: tokio::sync::Mutex<()>,
    /// Held while a reply template is changed (the first change stores the shipped ones
    /// too): one change at a time, so two admins' first changes never store them twice.
    pub template_changes: tokio::sync::Mutex<()>,
    /// Held while a case is changed (read, checked, saved) and the legal holds follow: one
    /// change at a time within this process (the database's version check covers others).
    pub case_changes: tokio::sync::Mutex<()>,
    /// The registry prepared for report pages' site suggestions, for one registry version.
    pub site_index: std::sync::Mutex<Option<Arc<super::site_suggestions::SiteIndex>>>,
    /// Full-text search: built in the background from what each signed-in investigator's key
    /// opens, kept current as reports, messages, notes and sites arrive or change.
    pub search: Arc<super::search::SearchIndex>,
    /// How far each investigator has read each report (`report_reads`), read from the
    /// database at their first inbox and kept current as they open reports.
    pub reads: RwLock<HashMap<InvestigatorId, Arc<HashMap<ReportId, i64>>>>,
}

impl UnlockedWorkspace {
    /// The keys (current first).
    pub fn keys(&self) -> WorkspaceKeys {
        match self.keys.read() {
            Ok(keys) => keys.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The current key.
    pub fn key(&self) -> Identity {
        self.keys().current
    }

    /// What new workspace data is sealed to.
    pub fn recipient(&self) -> Recipient {
        self.keys().current.recipient()
    }

    /// Waits (at most `XREF_WAIT`) for the cross-reference index: a small workspace's is ready
    /// within milliseconds of the unlock, a large one's may take minutes and the page says so.
    pub async fn xref_built(&self) -> bool {
        let mut ready = self.xref_ready.clone();
        matches!(
            tokio::time::timeout(XREF_WAIT, ready.wait_for(|built| *built)).await,
            Ok(Ok(_))
        )
    }
}

/// How long a page waits for the cross-reference index before saying it is being prepared.
const XREF_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

impl Instance {
    /// The workspace's public key, authenticated, once it exists.
    pub(crate) async fn workspace_recipient(&self) -> Result<Option<Recipient>, ServiceError> {
        match self.inner.db.workspace().await? {
            Some(row) => Ok(Some(self.workspace_row_recipient(&row).await?)),
            None => Ok(None),
        }
    }

    /// Creates the workspace key if there is none yet, and returns it wrapped to
    /// `first_holder`; `None` when it already existed (the newcomer's access waits for a
    /// grant by someone who holds it).
    pub(crate) async fn create_workspace_if_none(
        &self,
        first_holder: &Recipient,
    ) -> Result<Option<Vec<u8>>, ServiceError> {
        if self.inner.db.workspace().await?.is_some() {
            return Ok(None);
        }
        let recovery = self.recovery_recipient().await?;
        let key = Identity::generate();
        let recovery_wrap = wrap_identity(&key, &[recovery])?;
        let recipient = key.recipient().to_string();
        self.inner
            .db
            .create_workspace(&recipient, &self.workspace_tag(&recipient), &recovery_wrap)
            .await?;
        Ok(Some(wrap_identity(
            &key,
            std::slice::from_ref(first_holder),
        )?))
    }

    /// The workspace unlocked with an investigator's identity and their wrap of its key.
    /// Builds the inbox index the first time (every summary and tag list decrypted, in
    /// parallel on every core).
    pub(crate) async fn unlock_workspace(
        &self,
        identity: &Identity,
        wrapped: &[u8],
    ) -> Result<Arc<UnlockedWorkspace>, ServiceError> {
        if let Some(unlocked) = self.inner.workbench.unlocked() {
            unlocked.search.offer(identity);
            return Ok(unlocked);
        }
        let key = unwrap_identity(wrapped, identity)?;
        let keys = match self.workspace_keys_if_current(&key).await? {
            Some(keys) => keys,
            // A rotation replaced the key since `wrapped` was read: the investigator's new wrap
            // is read again (it was replaced in the same transaction as the key).
            None => {
                let fresh = self
                    .inner
                    .db
                    .investigators()
                    .await?
                    .into_iter()
                    .find(|row| row.recipient == identity.recipient().to_string());
                let rewrapped = match fresh {
                    Some(row) => self.inner.db.sign_in_state(row.id).await?.workspace_key,
                    None => None,
                };
                let key = match rewrapped {
                    Some(wrap) => unwrap_identity(&wrap, identity)?,
                    None => key,
                };
                self.checked_workspace_keys(key).await?
            }
        };
        let unlocked = self.open_workspace_with(keys).await?;
        // The search index takes the reports this investigator's key opens.
        unlocked.search.offer(identity);
        Ok(unlocked)
    }

    /// The keys if `key` is the current workspace key; `None` if it is the key a rotation
    /// just replaced (the previous one, wrapped to the current one).
    async fn workspace_keys_if_current(
        &self,
        key: &Identity,
    ) -> Result<Option<WorkspaceKeys>, ServiceError> {
        let row = self
            .inner
            .db
            .workspace()
            .await?
            .ok_or(ServiceError::NotFound)?;
        let recipient = self.workspace_row_recipient(&row).await?;
        if key.recipient().ct_eq(&recipient) {
            return self.checked_workspace_keys(key.clone()).await.map(Some);
        }
        Ok(None)
    }

    /// The workspace key unwrapped from a wrap (an investigator's, or the recovery one) is
    /// used only if it is the stored, authenticated workspace key: anyone can wrap a key of
    /// their own to an investigator's public key, and notes sealed to it would be theirs.
    /// During a rotation, the previous key comes with it (wrapped to the current one).
    pub(crate) async fn checked_workspace_keys(
        &self,
        key: Identity,
    ) -> Result<WorkspaceKeys, ServiceError> {
        let row = self
            .inner
            .db
            .workspace()
            .await?
            .ok_or(ServiceError::NotFound)?;
        let recipient = self.workspace_row_recipient(&row).await?;
        if !key.recipient().ct_eq(&recipient) {
            return Err(self.refuse("workspace", "unwrapped".to_owned()).await);
        }
        let previous = match &row.previous_key_wrap {
            Some(wrap) => Some(unwrap_identity(wrap, &key)?),
            None => None,
        };
        Ok(WorkspaceKeys {
            current: key,
            previous,
        })
    }

    /// The workspace unlocked with its key (from an investigator, or the recovery identity).
    pub(crate) async fn open_workspace_with(
        &self,
        keys: WorkspaceKeys,
    ) -> Result<Arc<UnlockedWorkspace>, ServiceError> {
        let key = keys.current.clone();
        let started = crate::Stopwatch::start();
        let rows = self.inner.db.inbox_rows().await?;
        let read_rows = started.elapsed();
        let sealed_snapshot = self.inner.cache.read(SNAPSHOT).await?;
        let sealed_decisions = self.inner.db.link_decisions().await?;
        let key_for_build = keys.clone();
        let (index, records, opened) = tokio::task::spawn_blocking(move || {
            let snapshot = open_snapshot::<Snapshot>(&key_for_build, sealed_snapshot);
            InboxIndex::build(rows, &key_for_build, snapshot)
        })
        .await
        .map_err(|_| ServiceError::Corrupt("index build failed"))?;
        if opened > SNAPSHOT_REFRESH {
            // Next time, one object to open instead of this many.
            let _writing = self.inner.workbench.snapshot_writes.lock().await;
            write_snapshot(
                &self.inner.cache,
                SNAPSHOT,
                key.recipient(),
                index.snapshot(&records),
            )
            .await?;
        }
        tracing::info!(
            reports = index.len(),
            opened,
            rows_ms = read_rows.as_millis() as u64,
            total_ms = started.elapsed_ms(),
            "workspace unlocked"
        );
        let (built, xref_ready) = tokio::sync::watch::channel(false);
        let (search, search_queue) = super::search::SearchIndex::new()?;
        let unlocked = Arc::new(UnlockedWorkspace {
            keys: RwLock::new(keys),
            index: RwLock::new(index),
            xref: RwLock::new(XrefState::Building(Vec::new())),
            xref_ready,
            sites: RwLock::new(None),
            sites_loading: tokio::sync::Mutex::new(()),
            site_edits: tokio::sync::Mutex::new(()),
            template_changes: tokio::sync::Mutex::new(()),
            case_changes: tokio::sync::Mutex::new(()),
            site_index: std::sync::Mutex::new(None),
            search: Arc::new(search),
            reads: RwLock::default(),
        });
        let mut slot = self
            .inner
            .workbench
            .workspace
            .write()
            .map_err(|_| ServiceError::Corrupt("workspace lock"))?;
        // Another sign-in may have unlocked it meanwhile: keep the first.
        if let Some(first) = slot.as_ref() {
            return Ok(first.clone());
        }
        *slot = Some(unlocked.clone());
        drop(slot);
        build_xref_in_background(&unlocked, records, sealed_decisions, built);
        super::search::spawn_worker(self, &unlocked, search_queue);
        super::rotation::resume_if_interrupted(self, &unlocked.keys());
        // Decrypt the site registry in the background, so that the first map page is warm.
        let instance = self.clone();
        let warm = unlocked.clone();
        tokio::spawn(async move {
            if let Err(err) = instance.load_sites(&warm).await {
                tracing::error!(error = %err, "could not decrypt the site registry");
            }
        });
        Ok(unlocked)
    }

    /// The workspace key, from the recovery identity (offline holders, through the CLI).
    pub(crate) async fn workspace_key_from_recovery(
        &self,
        recovery: &Identity,
    ) -> Result<Identity, ServiceError> {
        let row = self
            .inner
            .db
            .workspace()
            .await?
            .ok_or(ServiceError::NotFound)?;
        let key = unwrap_identity(&row.recovery_wrap, recovery)?;
        Ok(self.checked_workspace_keys(key).await?.current)
    }

    /// Adds a newly received report to the inbox and the cross-reference index, if the
    /// workspace is unlocked (otherwise it is read from its sealed parts at the next unlock).
    pub(crate) async fn index_new_report(
        &self,
        id: ReportId,
        summary: InboxSummary,
        records: Option<(String, Vec<Record>)>,
    ) {
        let Some(unlocked) = self.inner.workbench.unlocked() else {
            return;
        };
        match self.inner.db.inbox_row(id).await {
            Ok(Some(row)) => {
                let fingerprints = fingerprints(&row);
                if let Ok(mut index) = unlocked.index.write() {
                    index.insert(row, Some(summary), Vec::new(), fingerprints);
                }
                if let Some((fingerprint, records)) = records
                    && let Ok(mut xref) = unlocked.xref.write()
                {
                    xref.add(vec![(id, fingerprint, records)]);
                }
            }
            Ok(None) => {}
            Err(err) => tracing::error!(error = %err, "could not add a new report to the inbox"),
        }
    }
}

/// Builds the cross-reference index of a just-unlocked workspace on a blocking thread, then
/// installs it with whatever arrived meanwhile. If every session ends first, the result is
/// dropped with the workspace.
fn build_xref_in_background(
    unlocked: &Arc<UnlockedWorkspace>,
    records: Vec<ReportRecords>,
    sealed_decisions: Vec<(String, Vec<u8>)>,
    built: tokio::sync::watch::Sender<bool>,
) {
    let workspace = Arc::downgrade(unlocked);
    let key = unlocked.keys();
    tokio::task::spawn_blocking(move || {
        let started = crate::Stopwatch::start();
        let count = records.len();
        let mut xref = Crossref::new();
        xref.add(records);
        for (id, sealed) in sealed_decisions {
            match open_json::<Decision>(&key, &sealed) {
                Some(decision) => xref.decide(decision),
                None => tracing::warn!(decision = %id, "a link decision could not be opened"),
            }
        }
        let Some(workspace) = workspace.upgrade() else {
            return;
        };
        match workspace.xref.write() {
            Ok(mut state) => state.finish(xref),
            Err(_) => return,
        }
        built.send_replace(true);
        tracing::info!(
            reports = count,
            xref_ms = started.elapsed_ms(),
            "cross-reference index built"
        );
    });
}
