//! The layout of a data directory.
//!
//! ```text
//! <data>/quietline.db        SQLite database (unless a PostgreSQL URL is given)
//! <data>/reports/            age files, one folder per report (see quietline-storage)
//! <data>/cache/inbox.age     sealed snapshot of the inbox (rebuilt from the database if lost)
//! <data>/secrets/pepper      32 bytes mixed into every receipt and password derivation
//! <data>/secrets/form.key    32 bytes keying CSRF tokens
//! <data>/secrets/audit.key   32-byte Ed25519 seed signing the audit trail's heads
//! ```

use std::path::{Path, PathBuf};

/// A data directory.
#[derive(Clone, Debug)]
pub struct DataDir {
    root: PathBuf,
    pepper_file: Option<PathBuf>,
}

impl DataDir {
    /// The data directory at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            pepper_file: None,
        }
    }

    /// Keeps the pepper somewhere other than `secrets/pepper` (for example a separate
    /// volume, so a copy of the data directory alone is not enough to attack receipts).
    pub fn with_pepper_file(mut self, path: Option<PathBuf>) -> Self {
        self.pepper_file = path;
        self
    }

    /// The directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// URL of the embedded SQLite database.
    pub fn sqlite_url(&self) -> String {
        format!("sqlite:{}", self.root.join("quietline.db").display())
    }

    /// Folder of the report objects.
    pub fn reports(&self) -> PathBuf {
        self.root.join("reports")
    }

    /// Folder of rebuildable, sealed caches.
    pub fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    /// The pepper file.
    pub fn pepper(&self) -> PathBuf {
        self.pepper_file
            .clone()
            .unwrap_or_else(|| self.root.join("secrets").join("pepper"))
    }

    /// The CSRF token key file.
    pub fn form_key(&self) -> PathBuf {
        self.root.join("secrets").join("form.key")
    }

    /// The audit trail's signing key file.
    pub fn audit_key(&self) -> PathBuf {
        self.root.join("secrets").join("audit.key")
    }
}
