//! The database: one set of SQL strings for SQLite and PostgreSQL through sqlx's `Any`
//! driver (runtime queries with `$n` placeholders work on both), and one migration
//! directory per backend. What each table holds and how it is read and written is in the
//! table's own module (reports, messages, notes, investigators, workspace, report access,
//! link decisions, sites, audit, settings).

use std::str::FromStr;
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};

use crate::StorageError;

/// Which database engine is behind a [`Database`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, embedded: the default, one file in the data directory.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A pool of connections to the metadata database.
#[derive(Clone)]
pub struct Database {
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// Migrations this `open` applied (none when the schema was already current).
    applied_now: std::sync::Arc<Vec<i64>>,
}

impl Database {
    /// Connects to `url` (`sqlite:PATH` creates the file if needed; `postgres://...`) and
    /// applies pending migrations.
    pub async fn open(url: &str) -> Result<Self, StorageError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StorageError::UnsupportedBackend);
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers never wait for the writer. NORMAL is durable across
                        // application crashes, and loses at most the last transactions on
                        // power loss, never consistency.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = NORMAL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 10000",
                            // Deleted content is overwritten, not left in free pages.
                            "PRAGMA secure_delete = ON",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let before = applied_migrations(&pool).await;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        let after = applied_migrations(&pool).await;
        let applied_now = after.into_iter().filter(|v| !before.contains(v)).collect();
        Ok(Self {
            pool,
            backend,
            applied_now: std::sync::Arc::new(applied_now),
        })
    }

    /// Whether opening this database applied migration `version` (the schema was older).
    /// Code that must complete a migration with keys the database does not hold (tags of
    /// existing rows) runs exactly then; a row deleted from the migrations table does not
    /// run it again, because the migration's statements would then fail.
    pub fn migrated_now(&self, version: i64) -> bool {
        self.applied_now.contains(&version)
    }

    /// Writes a consistent copy of the whole database to the new file `path` while others
    /// keep reading and writing (SQLite `VACUUM INTO`: one read transaction). SQLite only:
    /// PostgreSQL is copied with `pg_dump`.
    pub async fn snapshot_into(&self, path: &std::path::Path) -> Result<(), StorageError> {
        if self.backend != Backend::Sqlite {
            return Err(StorageError::UnsupportedBackend);
        }
        let path = path
            .to_str()
            .ok_or(StorageError::Corrupt("a snapshot path that is not UTF-8"))?;
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The engine behind this pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write that changes nothing that matters, then (SQLite) a checkpoint that folds the
    /// write-ahead log into the database file and empties it. Run every few minutes, it keeps
    /// the database files' modification times from pointing at the last report, and the log
    /// from holding recent writes in the order they were made.
    pub async fn heartbeat(&self, token: &str) -> Result<(), StorageError> {
        self.set_setting("heartbeat", token).await?;
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Closes every connection (on shutdown, and before files are copied).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The migrations recorded as applied (none before the first).
async fn applied_migrations(pool: &AnyPool) -> Vec<i64> {
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
        .fetch_all(pool)
        .await
        .unwrap_or_default()
}
