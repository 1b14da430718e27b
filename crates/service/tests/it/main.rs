//! The operations against a real data directory and SQLite database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod audit;
mod frozen;
mod intake;
mod seized;
mod sign_in_limits;
mod sites;
mod workbench;

use quietline_crypto::{Identity, KdfParams};
use quietline_service::{DataDir, Instance, ServiceConfig};

pub const TODAY: time::Date = time::macros::date!(2026 - 11 - 29);

/// A fresh instance with cheap key derivation, its directory, and the recovery identity.
pub async fn fresh_instance(config: ServiceConfig) -> (Instance, tempfile::TempDir, Identity) {
    let dir = tempfile::tempdir().unwrap();
    let config = ServiceConfig {
        receipt_kdf: KdfParams::TEST_ONLY,
        password_kdf: KdfParams::TEST_ONLY,
        ..config
    };
    let instance = Instance::open(DataDir::new(dir.path().join("data")), None, config)
        .await
        .unwrap();
    let recovery = Identity::generate();
    instance.initialise(&recovery.recipient()).await.unwrap();
    (instance, dir, recovery)
}
