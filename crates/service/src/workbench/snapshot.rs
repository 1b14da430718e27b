//! Sealed snapshots in the cache folder: what the unlocked workspace decrypted (the inbox, the
//! site registry), written back as one age object sealed to the workspace key, so that the
//! next unlock opens one object instead of one per row.
//!
//! A snapshot is only a cache: each entry carries the fingerprint of the sealed row it was
//! read from, and the caller trusts an entry only when the row in the database still has that
//! fingerprint; anything else is decrypted from the database. A missing, unreadable or
//! foreign snapshot is the same as none, and deleting the cache folder loses nothing.

use quietline_crypto::{Recipient, seal};
use quietline_storage::Cache;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::inbox::open_json;
use crate::ServiceError;

/// Opens a sealed snapshot; `None` if there is none or it does not open (another key, damage,
/// an older format): the caller then reads everything from the database.
pub(crate) fn open_snapshot<T: DeserializeOwned>(
    key: &super::workspace::WorkspaceKeys,
    sealed: Option<Vec<u8>>,
) -> Option<T> {
    sealed.and_then(|sealed| open_json::<T>(key, &sealed))
}

/// Serialises and seals a snapshot to the workspace key (the clear JSON is wiped after).
pub(crate) fn seal_snapshot<T: Serialize + ?Sized>(
    recipient: &Recipient,
    snapshot: &T,
) -> Result<Vec<u8>, ServiceError> {
    let json = zeroize::Zeroizing::new(
        serde_json::to_vec(snapshot).map_err(|_| ServiceError::Corrupt("snapshot"))?,
    );
    Ok(seal(std::slice::from_ref(recipient), &json)?)
}

/// Seals `snapshot` on a blocking thread and replaces the cache object `name` with it (a
/// temporary file, then a rename: a reader sees the old snapshot or the new one).
pub(crate) async fn write_snapshot<T: Serialize + Send + 'static>(
    cache: &Cache,
    name: &str,
    recipient: Recipient,
    snapshot: T,
) -> Result<(), ServiceError> {
    let sealed = tokio::task::spawn_blocking(move || seal_snapshot(&recipient, &snapshot))
        .await
        .map_err(|_| ServiceError::Corrupt("snapshot task failed"))??;
    cache.write(name, &sealed).await?;
    Ok(())
}
