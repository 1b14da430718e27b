//! One writer at a time per report key. A grant reads who a report key is wrapped to and
//! writes a new `key.age` for them plus the grantee; two grants at once (two admins, or an
//! admin and the recovery holder's `quietline investigator grant` in another process) would
//! each write their own, and the second would drop the first's wrap. An exclusive `flock(2)`
//! on the report's folder serialises them, across threads and processes alike (the lock
//! belongs to the open file, and is released when it is closed, a crash included).

use std::path::PathBuf;

use crate::ServiceError;

/// Takes report locks.
#[derive(Default)]
pub(crate) struct ReportLocks;

/// A held report lock, released when dropped.
pub(crate) struct ReportLock {
    _folder: std::fs::File,
}

impl ReportLocks {
    /// Waits for the lock of the report whose folder is `folder`.
    pub async fn lock(&self, folder: PathBuf) -> Result<ReportLock, ServiceError> {
        tokio::task::spawn_blocking(move || {
            let file = std::fs::File::open(&folder)?;
            rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
                .map_err(std::io::Error::from)?;
            Ok(ReportLock { _folder: file })
        })
        .await
        .map_err(|_| ServiceError::Corrupt("report lock task failed"))?
    }
}
