//! The database: one set of SQL strings for SQLite and PostgreSQL through sqlx's `Any`
//! driver (runtime queries with `$n` placeholders work on both), and one migration
//! directory per backend.

use std::str::FromStr;
use std::time::Duration;

use quietline_core::{ReportId, ReportStatus};
use sqlx::AnyPool;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};

use crate::StorageError;
use crate::objects::StagedReport;
use crate::single::Single;

/// Lookup ids drawn before giving up: with 10^6 ids and the table a tenth full, the
/// chance of 50 collisions in a row is 10^-50.
const MAX_LOOKUP_DRAWS: usize = 50;
use crate::rows::{
    AttachmentRow, InvestigatorRow, InvestigatorStatus, MessageRow, NewInvestigator, NewReport,
    ReportRow, decode,
};

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

    /// Every report id (to find report folders that have no row).
    pub async fn report_ids(&self) -> Result<Vec<ReportId>, StorageError> {
        let ids = sqlx::query_scalar("SELECT id FROM reports")
            .fetch_all(&self.pool)
            .await?;
        ids.into_iter().map(decode::id).collect()
    }

    /// How many reports there are.
    pub async fn report_count(&self) -> Result<u64, StorageError> {
        let count = sqlx::query_scalar("SELECT COUNT(*) FROM reports")
            .fetch_one(&self.pool)
            .await?;
        decode::unsigned(count)
    }

    /// How many reports there are, and the ids of the newest day's reports: those received
    /// on the last day any was received, at most `newest_limit` of them, by id. No order of
    /// arrival is kept (docs/threat-model.md), so "the newest report" is only ever a day's.
    pub async fn report_inventory(
        &self,
        newest_limit: u32,
    ) -> Result<(u64, Vec<ReportId>), StorageError> {
        let count = self.report_count().await?;
        let ids = sqlx::query_scalar(
            "SELECT id FROM reports WHERE received_day = (SELECT MAX(received_day) FROM reports) \
             ORDER BY id LIMIT $1",
        )
        .bind(i64::from(newest_limit))
        .fetch_all(&self.pool)
        .await?;
        let newest = ids.into_iter().map(decode::id).collect::<Result<_, _>>()?;
        Ok((count, newest))
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

    // --- settings -------------------------------------------------------------------

    /// A setting's value.
    pub async fn setting(&self, name: &str) -> Result<Option<String>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Sets a setting.
    pub async fn set_setting(&self, name: &str, value: &str) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    // --- investigators --------------------------------------------------------------

    /// Adds an investigator.
    pub async fn insert_investigator(&self, new: &NewInvestigator) -> Result<(), StorageError> {
        let result = sqlx::query(
            "INSERT INTO investigators (id, username, role, status, recipient, wrapped_identity, \
             password_salt, password_verifier, kdf_memory_kib, kdf_iterations, kdf_parallelism, created_day, \
             recipient_mac) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(new.id.to_string())
        .bind(&new.username)
        .bind(new.role.code())
        .bind(new.status.code())
        .bind(&new.recipient)
        .bind(&new.wrapped_identity)
        .bind(&new.password_salt)
        .bind(&new.password_verifier)
        .bind(i64::from(new.kdf.memory_kib))
        .bind(i64::from(new.kdf.iterations))
        .bind(i64::from(new.kdf.parallelism))
        .bind(&new.created_day)
        .bind(new.recipient_mac.clone())
        .execute(&self.pool)
        .await;
        match result {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StorageError::UsernameTaken)
            }
            other => other.map(|_| ()).map_err(StorageError::from),
        }
    }

    /// Every investigator, by username.
    pub async fn investigators(&self) -> Result<Vec<InvestigatorRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            investigator_columns!(),
            " FROM investigators ORDER BY username"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// The investigator with this username.
    pub async fn investigator_by_username(
        &self,
        username: &str,
    ) -> Result<Option<InvestigatorRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            investigator_columns!(),
            " FROM investigators WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Enables or disables an investigator, with the tag of their key and new status.
    /// `NotFound` if there is no such username.
    pub async fn set_investigator_status(
        &self,
        username: &str,
        status: InvestigatorStatus,
        recipient_mac: &str,
    ) -> Result<(), StorageError> {
        let done = sqlx::query(
            "UPDATE investigators SET status = $1, recipient_mac = $2 WHERE username = $3",
        )
        .bind(status.code())
        .bind(recipient_mac)
        .bind(username)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    // --- tags of stored keys (issue 11) ---------------------------------------------------

    /// Records the tag of an investigator's key and status.
    pub async fn set_investigator_mac(
        &self,
        id: quietline_core::InvestigatorId,
        mac: &str,
    ) -> Result<(), StorageError> {
        self.set_single(Single::InvestigatorMac, id.to_string(), mac)
            .await
            .map(drop)
    }

    /// Records the tag of a report's two keys.
    pub async fn set_report_mac(&self, id: ReportId, mac: &str) -> Result<(), StorageError> {
        self.set_single(Single::ReportMac, id.to_string(), mac)
            .await
            .map(drop)
    }

    /// Records a message's proof of origin.
    pub async fn set_message_origin(
        &self,
        id: quietline_core::MessageId,
        mac: &str,
    ) -> Result<(), StorageError> {
        self.set_single(Single::MessageOrigin, id.to_string(), mac)
            .await
            .map(drop)
    }

    /// Every message without a proof of origin (those of before issue 11).
    pub async fn messages_without_origin(&self) -> Result<Vec<MessageRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, sent_day, size_bytes, origin_mac FROM messages \
             WHERE origin_mac IS NULL ORDER BY report_id, seq",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Public keys of the active investigators: every new report key is wrapped to them.
    pub async fn active_investigator_recipients(&self) -> Result<Vec<String>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT recipient FROM investigators WHERE status = $1 ORDER BY id")
                .bind(InvestigatorStatus::Active.code())
                .fetch_all(&self.pool)
                .await?,
        )
    }

    // --- reports --------------------------------------------------------------------

    /// Records a new report and moves its staged folder into place, both or neither: the
    /// row is inserted in a transaction that commits only once the folder is in place.
    ///
    /// The row's lookup id comes from `next_lookup`, drawn again while it is taken by
    /// another report. Returns the lookup id used.
    pub async fn insert_report(
        &self,
        new: &NewReport,
        attachments: &[AttachmentRow],
        staged: StagedReport,
        mut next_lookup: impl FnMut() -> u32,
    ) -> Result<u32, StorageError> {
        staged.sync().await?;
        let mut staged = Some(staged);
        for _ in 0..MAX_LOOKUP_DRAWS {
            let lookup = next_lookup();
            if self.report_by_lookup(lookup).await?.is_some() {
                continue;
            }
            let mut tx = self.pool.begin().await?;
            let row = &new.row;
            let inserted = sqlx::query(
                "INSERT INTO reports (id, lookup, report_recipient, mailbox_recipient, receipt_salt, \
                 kdf_memory_kib, kdf_iterations, kdf_parallelism, status, received_day, updated_day, answers_bytes, \
                 summary_sealed, xref_sealed, recipients_mac) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(row.id.to_string())
            .bind(i64::from(lookup))
            .bind(&row.report_recipient)
            .bind(&row.mailbox_recipient)
            .bind(&row.receipt_salt)
            .bind(i64::from(row.kdf.memory_kib))
            .bind(i64::from(row.kdf.iterations))
            .bind(i64::from(row.kdf.parallelism))
            .bind(row.status.code())
            .bind(&row.received_day)
            .bind(&row.updated_day)
            .bind(i64::try_from(row.answers_bytes).map_err(|_| StorageError::Corrupt("size"))?)
            .bind(new.summary_sealed.clone())
            .bind(new.xref_sealed.clone())
            .bind(row.recipients_mac.clone())
            .execute(&mut *tx)
            .await;
            match inserted {
                // Another report took this lookup id between the check and the insert.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
                Err(e) => return Err(e.into()),
                Ok(_) => {}
            }
            for attachment in attachments {
                insert_attachment(&mut tx, attachment).await?;
            }
            for recipient in &new.access {
                sqlx::query("INSERT INTO report_access (report_id, recipient) VALUES ($1, $2)")
                    .bind(row.id.to_string())
                    .bind(recipient)
                    .execute(&mut *tx)
                    .await?;
            }
            let folder = staged
                .take()
                .ok_or(StorageError::Corrupt("staged report used twice"))?;
            let published = folder.publish().await?;
            if let Err(e) = tx.commit().await {
                published.remove().await;
                return Err(e.into());
            }
            return Ok(lookup);
        }
        Err(StorageError::LookupTaken)
    }

    /// The report whose receipt starts with `lookup`.
    pub async fn report_by_lookup(&self, lookup: u32) -> Result<Option<ReportRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            report_columns!(),
            " FROM reports WHERE lookup = $1"
        ))
        .bind(i64::from(lookup))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// A report by id.
    pub async fn report(&self, id: ReportId) -> Result<Option<ReportRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            report_columns!(),
            " FROM reports WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every report, newest first.
    pub async fn reports(&self) -> Result<Vec<ReportRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            report_columns!(),
            " FROM reports ORDER BY received_day DESC, id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Changes a report's status.
    pub async fn set_report_status(
        &self,
        id: ReportId,
        status: ReportStatus,
        day: &str,
    ) -> Result<(), StorageError> {
        let done = sqlx::query("UPDATE reports SET status = $1, updated_day = $2 WHERE id = $3")
            .bind(status.code())
            .bind(day)
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    // --- attachments and messages -----------------------------------------------------

    /// A report's attachments, in the order they were added.
    pub async fn attachments(&self, report: ReportId) -> Result<Vec<AttachmentRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, origin, added_day, size_bytes FROM attachments \
             WHERE report_id = $1 ORDER BY seq",
        )
        .bind(report.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a message (after its object is written) as the next in its conversation,
    /// together with any attachments sent with it. Returns its position.
    pub async fn insert_message(
        &self,
        row: &MessageRow,
        attachments: &[AttachmentRow],
    ) -> Result<i64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE report_id = $1",
        )
        .bind(row.report_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO messages (id, report_id, seq, author, sent_day, size_bytes, origin_mac) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(row.id.to_string())
        .bind(row.report_id.to_string())
        .bind(seq)
        .bind(row.author.code())
        .bind(&row.sent_day)
        .bind(i64::try_from(row.size_bytes).map_err(|_| StorageError::Corrupt("size"))?)
        .bind(row.origin_mac.clone())
        .execute(&mut *tx)
        .await?;
        for attachment in attachments {
            insert_attachment(&mut tx, attachment).await?;
        }
        let unread = i64::from(row.author == crate::Author::Reporter);
        sqlx::query(
            "UPDATE reports SET updated_day = $1, unread_from_reporter = unread_from_reporter + $2 WHERE id = $3",
        )
        .bind(&row.sent_day)
        .bind(unread)
        .bind(row.report_id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// A report's conversation, in order.
    pub async fn messages(&self, report: ReportId) -> Result<Vec<MessageRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, sent_day, size_bytes, origin_mac FROM messages WHERE report_id = $1 ORDER BY seq",
        )
        .bind(report.to_string())
        .fetch_all(&self.pool)
        .await?)
    }
}

/// The migrations recorded as applied (none before the first).
async fn applied_migrations(pool: &AnyPool) -> Vec<i64> {
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
        .fetch_all(pool)
        .await
        .unwrap_or_default()
}

async fn insert_attachment(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    attachment: &AttachmentRow,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO attachments (id, report_id, seq, origin, added_day, size_bytes) \
         SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4, $5 FROM attachments WHERE report_id = $6",
    )
    .bind(attachment.id.to_string())
        .bind(attachment.report_id.to_string())
        .bind(attachment.origin.code())
        .bind(&attachment.added_day)
        .bind(i64::try_from(attachment.size_bytes).map_err(|_| StorageError::Corrupt("size"))?)
        .bind(attachment.report_id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

macro_rules! report_columns {
    () => {
        "id, lookup, report_recipient, mailbox_recipient, receipt_salt, kdf_memory_kib, \
         kdf_iterations, kdf_parallelism, status, received_day, updated_day, answers_bytes, recipients_mac"
    };
}
use report_columns;

macro_rules! investigator_columns {
    () => {
        "id, username, role, status, recipient, wrapped_identity, password_salt, \
         password_verifier, kdf_memory_kib, kdf_iterations, kdf_parallelism, created_day, recipient_mac"
    };
}
use investigator_columns;
