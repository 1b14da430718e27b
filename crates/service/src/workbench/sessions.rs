//! Investigators' sessions, held in memory only: each holds the investigator's unwrapped
//! identity. A session ends at sign-out, after 30 minutes without a request, after 12 hours
//! in any case, when the investigator's password changes (its epoch moves on), or when they
//! are disabled. When the last session ends, the unlocked workspace is dropped too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use quietline_core::InvestigatorId;
use quietline_crypto::Identity;
use quietline_storage::{InvestigatorRole, InvestigatorStatus};

use super::sign_in::PendingEnrolment;
use super::{Now, UnlockedWorkspace};
use crate::{Instance, ServiceError};

/// Most sessions at once (a guard; each needs a full sign-in).
const MAX_SESSIONS: usize = 1_000;

/// A session's id: the value of the investigator's session cookie.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionId(pub String);

/// A signed-in investigator, as every workbench operation receives them.
#[derive(Clone)]
pub struct Investigator {
    /// Their account.
    pub id: InvestigatorId,
    /// Their sign-in name.
    pub username: String,
    /// Their role.
    pub role: InvestigatorRole,
    /// The session.
    pub session: SessionId,
    pub(crate) identity: Identity,
    pub(crate) epoch: i64,
    /// Holds a wrap of the workspace key (access granted).
    pub(crate) has_workspace: bool,
}

impl std::fmt::Debug for Investigator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Investigator")
            .field("id", &self.id)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Investigator {
    /// Whether they may manage investigators and read the audit trail.
    pub fn is_admin(&self) -> bool {
        self.role == InvestigatorRole::Admin
    }
}

struct Session {
    investigator: Investigator,
    created: Instant,
    last_seen: Instant,
    /// The report this session last opened: views of it until another report is opened are
    /// one visit, audited once.
    visiting: Option<quietline_core::ReportId>,
}

/// The workbench's state in memory.
pub(crate) struct Workbench {
    idle: Duration,
    lifetime: Duration,
    sessions: Mutex<HashMap<SessionId, Session>>,
    pub enrolments: Mutex<HashMap<String, PendingEnrolment>>,
    pub workspace: RwLock<Option<Arc<UnlockedWorkspace>>>,
    /// Held while a sealed snapshot is written to the cache folder (one writer at a time: they
    /// share a temporary file name).
    pub snapshot_writes: tokio::sync::Mutex<()>,
    /// A workspace key rotation's re-seal, while it runs.
    pub rotation: super::rotation::RotationState,
}

impl Workbench {
    pub fn new(idle: Duration, lifetime: Duration) -> Self {
        Self {
            idle,
            lifetime,
            sessions: Mutex::new(HashMap::new()),
            enrolments: Mutex::new(HashMap::new()),
            workspace: RwLock::new(None),
            snapshot_writes: tokio::sync::Mutex::new(()),
            rotation: super::rotation::RotationState::default(),
        }
    }

    fn alive(&self, session: &Session, now: Instant) -> bool {
        now.saturating_duration_since(session.last_seen) < self.idle
            && now.saturating_duration_since(session.created) < self.lifetime
    }

    pub fn open(
        &self,
        mut investigator: Investigator,
        now: Instant,
    ) -> Result<Investigator, ServiceError> {
        let id = SessionId(quietline_crypto::random_hex::<32>()?);
        investigator.session = id.clone();
        let mut sessions = self
            .sessions
            .lock()
            .map_err(|_| ServiceError::Corrupt("session lock"))?;
        sessions.retain(|_, s| self.alive(s, now));
        if sessions.len() >= MAX_SESSIONS
            && let Some(oldest) = sessions
                .iter()
                .min_by_key(|(_, s)| s.created)
                .map(|(k, _)| k.clone())
        {
            sessions.remove(&oldest);
        }
        sessions.insert(
            id,
            Session {
                investigator: investigator.clone(),
                created: now,
                last_seen: now,
                visiting: None,
            },
        );
        Ok(investigator)
    }

    /// The live session `id`, touched.
    fn touch(&self, id: &SessionId, now: Instant) -> Option<Investigator> {
        let mut sessions = self.sessions.lock().ok()?;
        let alive = sessions.get(id).is_some_and(|s| self.alive(s, now));
        if !alive {
            sessions.remove(id);
            return None;
        }
        let session = sessions.get_mut(id)?;
        session.last_seen = now;
        Some(session.investigator.clone())
    }

    /// Records that the session opens `report`; whether that begins a visit (the session's
    /// last opened report was another one, or none). A page shown again after an action on it
    /// is the same visit.
    pub fn begins_visit(&self, id: &SessionId, report: quietline_core::ReportId) -> bool {
        let Ok(mut sessions) = self.sessions.lock() else {
            return true;
        };
        match sessions.get_mut(id) {
            Some(session) => session.visiting.replace(report) != Some(report),
            None => true,
        }
    }

    fn close(&self, id: &SessionId) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.remove(id);
        }
    }

    pub fn close_all_of(&self, investigator: InvestigatorId) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.retain(|_, s| s.investigator.id != investigator);
        }
    }

    /// Drops expired sessions; when none is left, drops the unlocked workspace and returns it
    /// (for what must be saved before it goes: `Instance::lock_if_idle`).
    pub fn purge(&self, now: Instant) -> Option<Arc<UnlockedWorkspace>> {
        let empty = match self.sessions.lock() {
            Ok(mut sessions) => {
                sessions.retain(|_, s| self.alive(s, now));
                sessions.is_empty()
            }
            Err(_) => true,
        };
        if !empty {
            return None;
        }
        let mut workspace = self.workspace.write().ok()?;
        let locked = workspace.take();
        if locked.is_some() {
            tracing::info!("workspace locked: no investigator signed in");
        }
        locked
    }

    pub fn unlocked(&self) -> Option<Arc<UnlockedWorkspace>> {
        self.workspace.read().ok().and_then(|w| w.clone())
    }
}

impl Instance {
    /// Ends expired investigator sessions and pending enrolments and, when no session is
    /// left, locks the workspace: its key, the investigators' identities and the decrypted
    /// inbox, registry and cross-reference index are dropped (their memory is wiped as it is
    /// freed: the binary's allocator zeroes every freed block, docs/threat-model.md). Then
    /// appends the daily integrity entry of every past day that lacks one
    /// ([`Instance::commit_integrity_days`]).
    pub async fn sweep(&self, now: Now) {
        if let Ok(mut pending) = self.inner.workbench.enrolments.lock() {
            pending.retain(|_, p| !p.expired(now.mono));
        }
        self.lock_if_idle(now).await;
        // The daily integrity entries of days that ended (the first round, at start-up,
        // catches up on every past day without one).
        if let Err(err) = self.commit_integrity_days(now.wall).await {
            tracing::error!(error = %err, "could not commit the past days' integrity roots");
        }
        self.purge_daily(now).await;
    }

    /// Runs [`Instance::sweep`] every `ServiceConfig::sweep_every` on `clock`'s time, and
    /// `also` with the same monotonic time (the web front drops reporters' sessions there),
    /// until the instance is dropped.
    pub fn spawn_sweeper(
        &self,
        clock: std::sync::Arc<dyn crate::Clock>,
        also: impl Fn(Instant) + Send + 'static,
    ) -> tokio::task::JoinHandle<()> {
        let weak = Arc::downgrade(&self.inner);
        let every = self.inner.config.sweep_every;
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let Some(inner) = weak.upgrade() else {
                    return;
                };
                let instance = Instance { inner };
                let now = Now {
                    wall: clock.now(),
                    mono: clock.instant(),
                };
                instance.sweep(now).await;
                also(now.mono);
            }
        })
    }

    /// Whether the workspace is unlocked (its key and indexes in memory).
    pub fn workspace_is_unlocked(&self) -> bool {
        self.inner.workbench.unlocked().is_some()
    }

    /// Ends expired sessions and, when none is left, locks the workspace: the site registry's
    /// snapshot is brought up to date first if sites changed since it was written, so that the
    /// next unlock opens one object.
    pub(crate) async fn lock_if_idle(&self, now: Now) {
        if let Some(locked) = self.inner.workbench.purge(now.mono)
            && let Err(err) = self.snapshot_sites_if_changed(&locked, 0).await
        {
            tracing::error!(error = %err, "could not write the site registry's snapshot");
        }
    }

    /// The investigator of session `id`, if it is alive and still valid (same password
    /// epoch, not disabled).
    pub async fn investigator_session(
        &self,
        id: &str,
        now: Now,
    ) -> Result<Option<Investigator>, ServiceError> {
        let workbench = &self.inner.workbench;
        self.lock_if_idle(now).await;
        let id = SessionId(id.to_owned());
        let Some(investigator) = workbench.touch(&id, now.mono) else {
            return Ok(None);
        };
        let account = self.inner.db.investigator(investigator.id).await?;
        let state = self.inner.db.sign_in_state(investigator.id).await?;
        let valid = account.is_some_and(|a| a.status == InvestigatorStatus::Active)
            && state.session_epoch == investigator.epoch;
        if !valid {
            workbench.close_all_of(investigator.id);
            self.lock_if_idle(now).await;
            return Ok(None);
        }
        let mut investigator = investigator;
        // Access may have been granted since sign-in; the workspace may need unlocking again.
        if let Some(wrapped) = state.workspace_key {
            self.unlock_workspace(&investigator.identity, &wrapped)
                .await?;
            investigator.has_workspace = true;
        }
        Ok(Some(investigator))
    }

    /// Ends a session.
    pub async fn sign_out(
        &self,
        investigator: &Investigator,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        self.inner.workbench.close(&investigator.session);
        self.lock_if_idle(now).await;
        self.audit_investigator(
            investigator.id,
            crate::AuditAction::Logout,
            investigator.id.to_string(),
            [],
            request_id,
            now,
        )
        .await
    }
}
