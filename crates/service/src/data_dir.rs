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

use quietline_crypto::{CryptoError, keyfile};

use crate::ServiceError;

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

impl DataDir {
    /// Makes the data directory, `secrets/`, `reports/`, `cache/`, the SQLite database and
    /// its WAL files, the secret files (and the pepper file, wherever it is) readable by the
    /// owner only: a wrong mode is fixed, with a warning naming the file; a file whose mode
    /// cannot be changed (another owner) is refused with a message.
    pub fn enforce_private_modes(&self) -> Result<(), ServiceError> {
        let secrets = self.root.join("secrets");
        let mut paths: Vec<(PathBuf, u32)> = vec![
            (self.root.clone(), 0o700),
            (secrets.clone(), 0o700),
            (self.reports(), 0o700),
            (self.cache(), 0o700),
            (self.pepper(), 0o600),
        ];
        for name in [
            "quietline.db",
            "quietline.db-wal",
            "quietline.db-shm",
            "quietline.db-journal",
        ] {
            paths.push((self.root.join(name), 0o600));
        }
        if let Ok(entries) = std::fs::read_dir(&secrets) {
            for entry in entries.flatten() {
                paths.push((entry.path(), 0o600));
            }
        }
        for (path, mode) in paths {
            private_mode(&path, mode)?;
        }
        Ok(())
    }
}

/// Sets `path` to `mode` if it exists with another one (group or other bits).
#[cfg(unix)]
fn private_mode(path: &Path, mode: u32) -> Result<(), ServiceError> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let current = meta.permissions().mode() & 0o777;
    if current & 0o077 == 0 {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| {
        ServiceError::InsecureFile {
            path: path.to_owned(),
            reason: format!(
                "it is readable by others (mode {current:o}) and its mode cannot be changed ({e}); \
                 make it owner-only (chmod {mode:o}) and owned by the user running quietline"
            ),
        }
    })?;
    tracing::warn!(path = %path.display(), was = format!("{current:o}"), now = format!("{mode:o}"), "made owner-only");
    Ok(())
}

#[cfg(not(unix))]
fn private_mode(_path: &Path, _mode: u32) -> Result<(), ServiceError> {
    Ok(())
}

/// Reads the 32-byte secret at `path`. If it does not exist, it is created only when
/// `may_create` (the instance has nothing that depends on it yet); otherwise the missing
/// file is an error that says what it is and what to do, and nothing is replaced.
pub(crate) fn secret_32(
    path: &Path,
    may_create: bool,
    what: &str,
) -> Result<[u8; 32], ServiceError> {
    let read = if may_create {
        keyfile::read_or_create_32(path)
    } else {
        keyfile::read_32(path)
    };
    read.map_err(|e| match e {
        CryptoError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            ServiceError::MissingSecret {
                path: path.to_owned(),
                what: what.to_owned(),
            }
        }
        other => other.into(),
    })
}
