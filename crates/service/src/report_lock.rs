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

/// Held by every open [`crate::Instance`] for as long as it is open: a shared `flock(2)` on
/// the `reports/` folder. Crash cleanup at start deletes staging folders and report folders
/// that have no row yet; in a process that opens the data directory while a server is
/// running (`quietline backup`, `report list`, ...), those are a live submission's folders,
/// and deleting them would lose a report whose receipt is about to be shown. So cleanup runs
/// only in a process that could take the lock exclusively: nobody else had the directory open.
pub(crate) struct InstanceHold {
    _reports: std::fs::File,
}

impl InstanceHold {
    /// Takes the hold on the folder `reports`. If no other process (or instance) holds it,
    /// runs `cleanup` first, under the exclusive lock, and says so.
    pub async fn take<F, Fut>(reports: PathBuf, cleanup: F) -> Result<(Self, bool), ServiceError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(), ServiceError>>,
    {
        use rustix::fs::{FlockOperation, flock};
        let (file, alone) = tokio::task::spawn_blocking(move || {
            let file = std::fs::File::open(&reports)?;
            match flock(&file, FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => Ok((file, true)),
                Err(rustix::io::Errno::WOULDBLOCK) => {
                    // Waits while another process is cleaning up; then shares.
                    flock(&file, FlockOperation::LockShared).map_err(std::io::Error::from)?;
                    Ok((file, false))
                }
                Err(e) => Err(std::io::Error::from(e)),
            }
        })
        .await
        .map_err(|_| ServiceError::Corrupt("instance lock task failed"))??;
        if alone {
            cleanup().await?;
            // Not atomic (flock drops the old lock first): another process may take the
            // exclusive lock in between and clean up too, which is harmless, as this one
            // has not written anything yet.
            flock(&file, rustix::fs::FlockOperation::LockShared).map_err(std::io::Error::from)?;
        }
        Ok((Self { _reports: file }, alone))
    }
}
