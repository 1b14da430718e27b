//! A running installation: what every operation needs, opened once.

use std::sync::Arc;

use quietline_crypto::audit::AuditSigner;
use quietline_crypto::{Pepper, Recipient, TokenKey, keyfile};
use quietline_storage::{Database, Objects};

use crate::receipt::ReceiptGate;
use crate::{DataDir, ServiceConfig, ServiceError, kdf_pool::KdfPool};

/// Setting name of the organisation's recovery recipient.
pub(crate) const RECOVERY_RECIPIENT: &str = "recovery_recipient";

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
    pub form_key: TokenKey,
    pub workbench: crate::workbench::Workbench,
    pub audit_signer: AuditSigner,
    /// Taken while appending to the audit trail: one writer at a time per process.
    pub audit_turn: tokio::sync::Mutex<()>,
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
        let pepper = Pepper::from_bytes(keyfile::read_or_create_32(&data.pepper())?);
        let form_key = TokenKey::from_bytes(keyfile::read_or_create_32(&data.form_key())?);
        let audit_signer = AuditSigner::open_or_create(&data.audit_key())?;
        let db = Database::open(database_url.unwrap_or(&data.sqlite_url())).await?;
        let objects = Objects::open(data.reports()).await?;
        let cache = quietline_storage::Cache::open(data.cache()).await?;
        let cleaned = objects.clean_abandoned().await?;
        if cleaned > 0 {
            tracing::info!(cleaned, "removed files of interrupted writes");
        }
        let kdf = KdfPool::new(pepper, config.kdf_concurrency);
        let receipts = ReceiptGate::new(&config)?;
        let workbench = crate::workbench::Workbench::new(
            config.investigator_idle,
            config.investigator_lifetime,
        );
        Ok(Self {
            inner: Arc::new(Inner {
                data,
                db,
                objects,
                cache,
                kdf,
                config,
                receipts,
                form_key,
                workbench,
                audit_signer,
                audit_turn: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// Records the organisation's recovery recipient. Repeating it with the same key is
    /// harmless; a different key is refused, because existing reports are wrapped to the
    /// recorded one.
    pub async fn initialise(&self, recovery: &Recipient) -> Result<(), ServiceError> {
        match self.inner.db.setting(RECOVERY_RECIPIENT).await? {
            Some(existing) if existing == recovery.to_string() => Ok(()),
            Some(_) => Err(ServiceError::RecoveryRecipientMismatch),
            None => Ok(self
                .inner
                .db
                .set_setting(RECOVERY_RECIPIENT, &recovery.to_string())
                .await?),
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

    /// Closes the database.
    pub async fn close(&self) {
        self.inner.db.close().await;
    }

    /// Everyone a new report key is wrapped to: every active investigator and the
    /// recovery recipient.
    pub(crate) async fn report_key_recipients(&self) -> Result<Vec<Recipient>, ServiceError> {
        let recovery = self
            .inner
            .db
            .setting(RECOVERY_RECIPIENT)
            .await?
            .ok_or(ServiceError::NotInitialised)?;
        let mut recipients = vec![recovery.parse::<Recipient>()?];
        for investigator in self.inner.db.active_investigator_recipients().await? {
            recipients.push(investigator.parse()?);
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
