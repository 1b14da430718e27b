//! Storage against real databases: SQLite in a temporary file always, and PostgreSQL when
//! `QUIETLINE_TEST_POSTGRES_URL` names a server where this test may create databases
//! (.ci/run starts one and sets it, so CI runs both).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod audit;
mod database;
mod objects;
mod order;
mod sites;
mod workbench;

use quietline_storage::Database;

/// A fresh, empty database of each available backend.
pub async fn fresh_databases() -> Vec<(Database, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("test.db").display());
    let mut out = vec![(Database::open(&url).await.unwrap(), Some(dir))];
    if let Ok(server) = std::env::var("QUIETLINE_TEST_POSTGRES_URL") {
        out.push((fresh_postgres(&server).await, None));
    }
    out
}

async fn fresh_postgres(server: &str) -> Database {
    use sqlx::Connection;
    let name = format!("quietline_test_{}", quietline_core::ReportId::random());
    let mut admin = sqlx::PgConnection::connect(server).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    Database::open(&format!("{base}/{name}")).await.unwrap()
}
