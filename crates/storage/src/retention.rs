//! Retention and purge (issue 14): what the retention day of each report is made from (its
//! last activity, an investigator's postponement, the legal hold), and the purge's rows: the
//! report's rows deleted in one transaction with its tombstone written in `shredding` state,
//! then, once the objects are destroyed, the tombstone marked `purged`.
//!
//! Every table that holds a row of one report is named in [`PER_REPORT_ROWS`]: a table added
//! later that holds per-report rows (integrity commitments, derived copies, ...) gets its
//! `DELETE` there, before the report's own row.

use quietline_core::{Day, ReportId, ReportRef};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::{self, column};
use crate::{Database, StorageError};

/// The statements that delete one report's rows, other than its row in `reports` (deleted
/// last), each with the report id as `$1`. Extend this list when a table gains per-report
/// rows: the purge deletes them in the same transaction as the report's row.
pub const PER_REPORT_ROWS: &[&str] = &[
    "DELETE FROM report_reads WHERE report_id = $1",
    "DELETE FROM report_access WHERE report_id = $1",
    "DELETE FROM notes WHERE report_id = $1",
    "DELETE FROM messages WHERE report_id = $1",
    "DELETE FROM attachments WHERE report_id = $1",
    "DELETE FROM derived_copies WHERE report_id = $1",
    // Integrity commitments stay: each is a leaf that the proofs of the day's other items
    // need (their root is in the audit trail). Its opening (nonce, SHA-256, size, sealed to
    // the report key, which the purge destroys) is emptied as well: with no nonce, the
    // commitment confirms nothing. `substr(x, 1, 0)` is the empty blob on both engines.
    "UPDATE integrity_commitments SET opening_sealed = substr(opening_sealed, 1, 0) WHERE report_id = $1",
];

/// What the retention day of a report is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetentionRow {
    /// The report.
    pub id: ReportId,
    /// Its short reference.
    pub reference: Option<ReportRef>,
    /// Its last activity (a message either way, a change of status).
    pub updated_day: Day,
    /// The day an investigator postponed its retention to, if any.
    pub retain_until: Option<Day>,
    /// Whether a case under legal hold holds it (never purged while so).
    pub legal_hold: bool,
}

impl FromRow<'_, AnyRow> for RetentionRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        let hold: i64 = r.try_get("legal_hold")?;
        Ok(RetentionRow {
            id: column(r, "id", decode::id)?,
            reference: column(r, "reference", decode::optional_id)?,
            updated_day: column(r, "updated_day", decode::day)?,
            retain_until: column(r, "retain_until", decode::optional_day)?,
            legal_hold: hold != 0,
        })
    }
}

/// A purge's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PurgeState {
    /// The report's rows are gone; its objects may still be on disk.
    Shredding,
    /// Everything of it is destroyed.
    Purged,
}

impl PurgeState {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Shredding => "shredding",
            Self::Purged => "purged",
        }
    }
}

/// What is left of a purged report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TombstoneRow {
    /// The report's id.
    pub report_id: ReportId,
    /// Its short reference, if it had one.
    pub reference: Option<ReportRef>,
    /// The day of the purge.
    pub purged_day: Day,
    /// Whether the purge is complete.
    pub state: PurgeState,
}

impl FromRow<'_, AnyRow> for TombstoneRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        let state: String = r.try_get("state")?;
        Ok(TombstoneRow {
            report_id: column(r, "report_id", decode::id)?,
            reference: column(r, "reference", decode::optional_id)?,
            purged_day: column(r, "purged_day", decode::day)?,
            state: match state.as_str() {
                "purged" => PurgeState::Purged,
                "shredding" => PurgeState::Shredding,
                _ => {
                    return Err(sqlx::Error::Decode(Box::new(StorageError::Corrupt(
                        "purge state",
                    ))));
                }
            },
        })
    }
}

macro_rules! retention_columns {
    () => {
        "id, reference, updated_day, retain_until, legal_hold"
    };
}

impl Database {
    /// Every report's retention facts, by id.
    pub async fn retention_rows(&self) -> Result<Vec<RetentionRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            retention_columns!(),
            " FROM reports ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// One report's retention facts.
    pub async fn retention_row(&self, id: ReportId) -> Result<Option<RetentionRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            retention_columns!(),
            " FROM reports WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Postpones a report's retention to `until`.
    pub async fn set_report_retain_until(
        &self,
        id: ReportId,
        until: Day,
    ) -> Result<(), StorageError> {
        let done = sqlx::query("UPDATE reports SET retain_until = $1 WHERE id = $2")
            .bind(until.to_string())
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Sets or clears a report's legal hold (the cases code keeps it equal to "in at least
    /// one case under legal hold").
    pub async fn set_report_legal_hold(
        &self,
        id: ReportId,
        held: bool,
    ) -> Result<(), StorageError> {
        let done = sqlx::query("UPDATE reports SET legal_hold = $1 WHERE id = $2")
            .bind(i64::from(held))
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Starts purging a report, if it is still as `seen` (same last activity and
    /// postponement) and not under legal hold: in one transaction, its tombstone is written in
    /// `shredding` state and every row of it is deleted ([`PER_REPORT_ROWS`], then its row in
    /// `reports`, sealed parts included). From then on, nothing reads it; its objects are
    /// destroyed next ([`crate::Objects::shred_report`]) and [`Database::finish_purge`] ends
    /// it. Returns `false` (and changes nothing) when the report changed, is held, or is gone.
    pub async fn begin_purge(&self, seen: &RetentionRow, day: Day) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO report_tombstones (report_id, reference, purged_day, state) \
             SELECT id, reference, $2, 'shredding' FROM reports \
             WHERE id = $1 AND legal_hold = 0 AND updated_day = $3 \
             AND COALESCE(retain_until, '') = $4",
        )
        .bind(seen.id.to_string())
        .bind(day.to_string())
        .bind(seen.updated_day.to_string())
        .bind(seen.retain_until.map(|d| d.to_string()).unwrap_or_default())
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        for statement in PER_REPORT_ROWS {
            sqlx::query(*statement)
                .bind(seen.id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM reports WHERE id = $1 AND legal_hold = 0")
            .bind(seen.id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Ends a purge whose objects are destroyed. Returns `true` for the call that ended it
    /// (`false` if it was already ended, by this process or another).
    pub async fn finish_purge(&self, id: ReportId) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE report_tombstones SET state = 'purged' \
             WHERE report_id = $1 AND state = 'shredding'",
        )
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every tombstone, by id.
    pub async fn tombstones(&self) -> Result<Vec<TombstoneRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT report_id, reference, purged_day, state FROM report_tombstones \
             ORDER BY report_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The reports whose purge began and did not end (to finish first).
    pub async fn purges_in_progress(&self) -> Result<Vec<ReportId>, StorageError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT report_id FROM report_tombstones WHERE state = 'shredding' ORDER BY report_id",
        )
        .fetch_all(&self.pool)
        .await?;
        ids.into_iter().map(decode::id).collect()
    }
}
