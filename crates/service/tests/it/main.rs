//! The operations against a real data directory and SQLite database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod audit;
mod cases;
mod derived;
mod evidence;
mod frozen;
mod ftm;
mod intake;
mod integrity;
mod reply_templates;
mod reporter_copy;
mod retention;
mod search;
mod seized;
mod sign_in_limits;
mod sites;
mod statistics;
mod workbench;

use quietline_crypto::{Identity, KdfParams};
use quietline_service::{DataDir, Instance, ServiceConfig};

pub const TODAY: time::Date = time::macros::date!(2026 - 11 - 29);

/// A fresh instance with cheap key derivation, its directory, and the recovery identity.
pub async fn fresh_instance(config: ServiceConfig) -> (Instance, tempfile::TempDir, Identity) {
    fresh_instance_on(config, None).await
}

/// [`fresh_instance`] on the database at `database_url` (the embedded SQLite without one).
async fn fresh_instance_on(
    config: ServiceConfig,
    database_url: Option<&str>,
) -> (Instance, tempfile::TempDir, Identity) {
    let dir = tempfile::tempdir().unwrap();
    let config = ServiceConfig {
        receipt_kdf: KdfParams::TEST_ONLY,
        password_kdf: KdfParams::TEST_ONLY,
        ..config
    };
    let instance = Instance::open(DataDir::new(dir.path().join("data")), database_url, config)
        .await
        .unwrap();
    let recovery = Identity::generate();
    instance.initialise(&recovery.recipient()).await.unwrap();
    (instance, dir, recovery)
}

/// A fresh instance on each engine: the embedded SQLite, and PostgreSQL (a new database) when
/// `QUIETLINE_TEST_POSTGRES_URL` names a server. Under CI (`CI` set) a missing URL is a
/// failure, so that PostgreSQL is never silently left out (as in the storage tests).
pub async fn fresh_instances(
    config: ServiceConfig,
) -> Vec<(&'static str, Instance, tempfile::TempDir, Identity)> {
    fresh_instances_with_urls(config)
        .await
        .into_iter()
        .map(|(engine, instance, dir, recovery, _)| (engine, instance, dir, recovery))
        .collect()
}

/// [`fresh_instances`] with each one's database URL, for tests that read the database as
/// whoever takes it would.
pub async fn fresh_instances_with_urls(
    config: ServiceConfig,
) -> Vec<(&'static str, Instance, tempfile::TempDir, Identity, String)> {
    let (instance, dir, recovery) = fresh_instance_on(config.clone(), None).await;
    let url = format!("sqlite:{}", dir.path().join("data/quietline.db").display());
    let mut out = vec![("sqlite", instance, dir, recovery, url)];
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
            let (instance, dir, recovery) = fresh_instance_on(config, Some(&url)).await;
            out.push(("postgres", instance, dir, recovery, url));
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
