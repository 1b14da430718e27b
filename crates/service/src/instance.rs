//! A running installation: what every operation needs, opened once.

use std::sync::Arc;

use quietline_crypto::audit::AuditSigner;
use quietline_crypto::{AuthKey, Pepper, Recipient, TokenKey};
use quietline_storage::{Database, Objects};

use crate::receipt::ReceiptGate;
use crate::{DataDir, ServiceConfig, ServiceError, kdf_pool::KdfPool};

/// Setting name of the organisation's recovery recipient.
pub(crate) const RECOVERY_RECIPIENT: &str = "recovery_recipient";
/// Setting name of its tag (`authenticity`).
pub(crate) const RECOVERY_RECIPIENT_MAC: &str = "recovery_recipient_mac";

/// An installation, opened: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Instance {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub data: DataDir,
    pub db: Database,
    pub objects: Objects,
    pub cache: quietline_storage::Cache,
    pub kdf: KdfPool,
    pub config: ServiceConfig,
    pub receipts: ReceiptGate,
    /// The server-wide budget of sign-ins.
    pub sign_ins: std::sync::Mutex<crate::throttle::TokenBucket>,
    pub form_key: TokenKey,
    pub workbench: crate::workbench::Workbench,
    pub audit_signer: AuditSigner,
    /// Taken while appending to the audit trail: one writer at a time per process.
    pub audit_turn: tokio::sync::Mutex<()>,
    /// The last entry this process appended or checked, `(seq, hash)`: the trail must keep
    /// extending it (a cut or a rewrite below it is refused; `audit` module).
    pub audit_tail: std::sync::Mutex<Option<(u64, String)>>,
    /// Tags the public keys stored in the database (`authenticity` module).
    pub auth: AuthKey,
    /// One lock per report key being re-wrapped (`access` module).
    pub report_locks: crate::report_lock::ReportLocks,
    /// Key moves and re-seals running in the background (`workbench::rotation`).
    pub background: std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>,
    /// Opened without its audit key (a copy being verified): nothing is appended or signed.
    pub audit_read_only: bool,
    /// The day the daily purge last ran in this process (`retention`).
    pub last_purge: std::sync::Mutex<Option<time::Date>>,
    /// Keeps other processes' crash cleanup away from this one's writes (`report_lock`).
    pub _hold: crate::report_lock::InstanceHold,
}

/// Whether the instance can accept reports, and what is missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readiness {
    /// The recovery recipient, once `quietline init` recorded it.
    pub recovery_recipient: Option<String>,
    /// Active investigators.
    pub active_investigators: usize,
}

impl Readiness {
    /// Reports are accepted once a recovery recipient exists: every report is then
    /// decryptable by the organisation, even before an investigator is added.
    pub fn accepts_reports(&self) -> bool {
        self.recovery_recipient.is_some()
    }
}

impl Instance {
    /// Opens (and on first use creates) the data directory, its secrets and database,
    /// applies migrations, and removes what an interrupted write left behind.
    /// `database_url` overrides the embedded SQLite database.
    pub async fn open(
        data: DataDir,
        database_url: Option<&str>,
        config: ServiceConfig,
    ) -> Result<Self, ServiceError> {
        create_private_dir(data.root())?;
        config.receipt_kdf.validate()?;
        config.password_kdf.validate()?;
        data.enforce_private_modes()?;
        let db = Database::open(database_url.unwrap_or(&data.sqlite_url())).await?;
        // Secrets are created only for an instance that has nothing yet: a missing pepper or
        // audit key beside existing data is a lost volume or a wrong path, and a new one would
        // lock everyone out (or make every signed head unverifiable).
        let fresh = db.setting(RECOVERY_RECIPIENT).await?.is_none()
            && db.investigators().await?.is_empty()
            && db.report_count().await? == 0;
        let verify_only = config.verify_only;
        // A copy opened only to be verified: a missing secret is not created, and a stand-in
        // lives in memory for as long as the copy is open.
        let stand_in = |read: Result<[u8; 32], ServiceError>| match read {
            Err(ServiceError::MissingSecret { .. }) if verify_only => {
                quietline_crypto::random_bytes::<32>().map_err(ServiceError::from)
            }
            other => other,
        };
        let pepper = Pepper::from_bytes(stand_in(crate::data_dir::secret_32(
            &data.pepper(),
            fresh && !verify_only,
            "the pepper (mixed into every receipt and password)",
        ))?);
        let form_key = TokenKey::from_bytes(stand_in(crate::data_dir::secret_32(
            &data.form_key(),
            !verify_only,
            "the form key",
        ))?);
        let audit_empty = db.last_audit_entry().await?.is_none();
        let audit_seed = crate::data_dir::secret_32(
            &data.audit_key(),
            audit_empty && !verify_only,
            "the audit signing key (it signed the audit trail's heads)",
        );
        let audit_key_missing = matches!(audit_seed, Err(ServiceError::MissingSecret { .. }));
        let audit_signer = AuditSigner::from_seed(&zeroize::Zeroizing::new(stand_in(audit_seed)?));
        // The database file, its WAL and the new secrets, now that they exist.
        data.enforce_private_modes()?;
        let objects = Objects::open(data.reports()).await?;
        let cache = quietline_storage::Cache::open(data.cache()).await?;
        // Crash cleanup only when no other process has the directory open (a running
        // server's submissions in flight look exactly like a crash's leftovers).
        let (hold, _) = crate::report_lock::InstanceHold::take(data.reports(), || async {
            if verify_only {
                return Ok(());
            }
            let cleaned = objects.clean_abandoned().await?;
            if cleaned > 0 {
                tracing::info!(cleaned, "removed files of interrupted writes");
            }
            // A report whose purge began has no row, and its folder is the purge's to destroy
            // (overwritten, not merely unlinked): the next purge finishes it.
            let mut known = db.report_ids().await?;
            known.extend(db.purges_in_progress().await?);
            let orphans = objects.remove_orphans(&known).await?;
            if orphans > 0 {
                tracing::warn!(
                    orphans,
                    "removed report folders without a row (a crash between writing a report and recording it)"
                );
            }
            Ok(())
        })
        .await?;
        let auth = AuthKey::from_pepper(&pepper);
        let kdf = KdfPool::new(pepper, config.kdf_concurrency, config.kdf_queue);
        let receipts = ReceiptGate::new(&config)?;
        let sign_ins = std::sync::Mutex::new(crate::throttle::TokenBucket::new(
            config.sign_in_burst,
            config.sign_ins_per_minute,
        ));
        let workbench = crate::workbench::Workbench::new(
            config.investigator_idle,
            config.investigator_lifetime,
        );
        let instance = Self {
            inner: Arc::new(Inner {
                data,
                db,
                objects,
                cache,
                kdf,
                config,
                receipts,
                sign_ins,
                form_key,
                workbench,
                audit_signer,
                audit_turn: tokio::sync::Mutex::new(()),
                audit_tail: std::sync::Mutex::new(None),
                auth,
                report_locks: crate::report_lock::ReportLocks,
                background: std::sync::Mutex::new(Vec::new()),
                audit_read_only: audit_key_missing,
                last_purge: std::sync::Mutex::new(None),
                _hold: hold,
            }),
        };
        if instance
            .inner
            .db
            .migrated_now(crate::authenticity::MIGRATION)
            && !instance.inner.audit_read_only
        {
            instance
                .vouch_for_unauthenticated(crate::Actor::System, "upgrade")
                .await?;
        }
        instance.remember_audit_tail().await?;
        if !verify_only {
            let given = instance.give_missing_references().await?;
            if given > 0 {
                tracing::info!(given, "gave reports without a short reference one");
            }
        }
        Ok(instance)
    }

    /// Records the organisation's recovery recipient. Repeating it with the same key is
    /// harmless; a different key is refused, because existing reports are wrapped to the
    /// recorded one.
    pub async fn initialise(&self, recovery: &Recipient) -> Result<(), ServiceError> {
        match self.inner.db.setting(RECOVERY_RECIPIENT).await? {
            Some(existing) if existing == recovery.to_string() => Ok(()),
            Some(_) => Err(ServiceError::RecoveryRecipientMismatch),
            None => {
                let text = recovery.to_string();
                self.inner
                    .db
                    .set_setting(RECOVERY_RECIPIENT_MAC, &self.recovery_tag(&text))
                    .await?;
                Ok(self.inner.db.set_setting(RECOVERY_RECIPIENT, &text).await?)
            }
        }
    }

    /// What the instance has and lacks.
    pub async fn readiness(&self) -> Result<Readiness, ServiceError> {
        Ok(Readiness {
            recovery_recipient: self.inner.db.setting(RECOVERY_RECIPIENT).await?,
            active_investigators: self.inner.db.active_investigator_recipients().await?.len(),
        })
    }

    /// The settings in force.
    pub fn config(&self) -> &ServiceConfig {
        &self.inner.config
    }

    /// The data directory.
    pub fn data_dir(&self) -> &DataDir {
        &self.inner.data
    }

    /// The key derivations (receipts, passwords) run since the instance opened.
    pub fn key_derivations(&self) -> crate::KdfWork {
        self.inner.kdf.work()
    }

    /// The key of CSRF tokens.
    pub fn form_key(&self) -> &TokenKey {
        &self.inner.form_key
    }

    /// Run every few minutes by the server (`quietline serve --heartbeat-seconds`): a
    /// database write and checkpoint, then midnight UTC of `today` as the time of the data
    /// directory, its secrets, the database files, `reports/` and `cache/`. The last report's
    /// hour then shows on disk only until the next heartbeat (docs/threat-model.md says what
    /// change and birth times still show).
    pub async fn heartbeat(&self, today: time::Date) -> Result<(), ServiceError> {
        let token = quietline_crypto::random_hex::<8>()?;
        self.inner.db.heartbeat(&token).await?;
        self.stamp_data_dir(today).await
    }

    /// The second half of [`Instance::heartbeat`], without the database write: midnight UTC
    /// of `today` as the time of the data directory's files. Run at shutdown, after the
    /// database is closed, so that a stopped server's files show the day only.
    pub async fn stamp_data_dir(&self, today: time::Date) -> Result<(), ServiceError> {
        let root = self.inner.data.root().to_path_buf();
        tokio::task::spawn_blocking(move || {
            quietline_storage::stamp_folder(&root.join("secrets"), today)?;
            quietline_storage::stamp_folder(&root, today)
        })
        .await
        .map_err(|_| ServiceError::Corrupt("heartbeat task failed"))??;
        self.inner.objects.stamp(today).await?;
        self.inner.cache.stamp(today).await?;
        Ok(())
    }

    /// Closes the database.
    pub async fn close(&self) {
        self.inner.db.close().await;
    }

    /// Everyone a new report key is wrapped to: every active investigator and the
    /// recovery recipient, each only if its stored key is authenticated (a refused
    /// investigator is left out, loudly; a refused recovery recipient stops the report).
    pub(crate) async fn report_key_recipients(&self) -> Result<Vec<Recipient>, ServiceError> {
        let mut recipients = vec![self.recovery_recipient().await?];
        for investigator in self.inner.db.investigators().await? {
            if investigator.status != quietline_storage::InvestigatorStatus::Active {
                continue;
            }
            match self.investigator_recipient(&investigator).await {
                Ok(recipient) => recipients.push(recipient),
                Err(ServiceError::RecipientRefused(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(recipients)
    }
}

/// Creates a directory readable by its owner only (the data directory holds secrets).
fn create_private_dir(path: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}
