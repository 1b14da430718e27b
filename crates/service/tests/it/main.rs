//! The operations against a real data directory and SQLite database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod audit;
mod frozen;
mod intake;
mod search;
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

/// A fresh instance on each database engine the tests can reach: SQLite in the data
/// directory always, and PostgreSQL (a new database) when `QUIETLINE_TEST_POSTGRES_URL` names a
/// server; under CI (`CI` set) a missing URL is a failure, so PostgreSQL is never silently
/// left out. With the engine's name.
pub async fn fresh_instances(
    config: ServiceConfig,
) -> Vec<(Instance, tempfile::TempDir, Identity, &'static str)> {
    let mut out = Vec::new();
    let (instance, dir, recovery) = fresh_instance(config.clone()).await;
    out.push((instance, dir, recovery, "sqlite"));
    match std::env::var("QUIETLINE_TEST_POSTGRES_URL") {
        Ok(server) => {
            use sqlx::Connection;
            let name = format!("quietline_test_{}", quietline_core::ReportId::random());
            let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await
                .unwrap();
            let (base, _) = server.rsplit_once('/').unwrap();
            let url = format!("{base}/{name}");
            let dir = tempfile::tempdir().unwrap();
            let config = ServiceConfig {
                receipt_kdf: KdfParams::TEST_ONLY,
                password_kdf: KdfParams::TEST_ONLY,
                ..config
            };
            let instance =
                Instance::open(DataDir::new(dir.path().join("data")), Some(&url), config)
                    .await
                    .unwrap();
            let recovery = Identity::generate();
            instance.initialise(&recovery.recipient()).await.unwrap();
            out.push((instance, dir, recovery, "postgres"));
        }
        Err(_) => assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but QUIETLINE_TEST_POSTGRES_URL is not: the PostgreSQL half of the \
             service tests would not run (.ci/run sets it)"
        ),
    }
    out
}

/// Every file under `dir`, recursively.
pub fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}
