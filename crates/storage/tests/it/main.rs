//! Storage against real databases: SQLite in a temporary file always, and PostgreSQL when
//! `QUIETLINE_TEST_POSTGRES_URL` names a server where this test may create databases
//! (.ci/run starts one and sets it, so CI runs both).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod audit;
mod columns;
mod commitments;
mod database;
mod derived_copies;
mod objects;
mod order;
mod reply_templates;
mod retention;
mod single;
mod sites;
mod workbench;

use quietline_core::Day;
use quietline_storage::Database;

/// A day written `YYYY-MM-DD`.
pub fn day(text: &str) -> Day {
    text.parse().unwrap()
}

/// A fresh, empty database of each available backend.
pub async fn fresh_databases() -> Vec<(Database, Option<tempfile::TempDir>)> {
    fresh_databases_with_urls()
        .await
        .into_iter()
        .map(|(db, _, dir)| (db, dir))
        .collect()
}

/// [`fresh_databases`] with each one's URL, for tests that open a second pool on it as another
/// process would. Under CI (`CI` set) a missing `QUIETLINE_TEST_POSTGRES_URL` is a failure, so
/// that PostgreSQL is never silently left out.
pub async fn fresh_databases_with_urls() -> Vec<(Database, String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("test.db").display());
    let mut out = vec![(Database::open(&url).await.unwrap(), url, Some(dir))];
    match std::env::var("QUIETLINE_TEST_POSTGRES_URL") {
        Ok(server) => {
            let (db, url) = fresh_postgres(&server).await;
            out.push((db, url, None));
        }
        Err(_) => assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but QUIETLINE_TEST_POSTGRES_URL is not: the PostgreSQL half of the \
             storage tests would not run (.ci/run sets it)"
        ),
    }
    out
}

async fn fresh_postgres(server: &str) -> (Database, String) {
    use sqlx::Connection;
    let name = format!("quietline_test_{}", quietline_core::ReportId::random());
    let mut admin = sqlx::PgConnection::connect(server).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    (Database::open(&url).await.unwrap(), url)
}
