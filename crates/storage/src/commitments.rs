//! The `integrity_commitments` and `integrity_days` tables (issue 14, integrity from arrival):
//! a commitment per item a report holds (in clear, random-looking), its sealed opening, and
//! the UTC day it was recorded under; and per day, whether the daily job has closed it and
//! which audit entry holds its Merkle root.
//!
//! **The midnight rule.** An item is recorded only on a day that is still open and later than
//! every closed day; the check and the insert are in the transaction that records the item
//! (with the report or the message), and the `UPDATE` that checks takes the day's row lock,
//! which the closing `UPDATE` waits for (PostgreSQL; SQLite has one writer at a time). So no
//! item is ever recorded under a day whose root has been (or is being) written: one that would
//! be goes to the next open day, which, since the job never closes the current day, is at the
//! latest the current day.

use quietline_core::{Day, ReportId};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::{self, column};
use crate::{Database, StorageError};

/// Days tried after the item's own before giving up (more than a year of closed days after
/// an item's day would be a clock gone wrong).
const MAX_DAYS_AHEAD: usize = 400;

/// A commitment to record, with the day it belongs to if that day is still open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCommitment {
    /// The commitment, 64 lowercase hex digits.
    pub commitment: String,
    /// The report the item belongs to.
    pub report_id: ReportId,
    /// `answers`, `attachment` or `message`.
    pub kind: String,
    /// The item's id (the report's for the answers).
    pub item_id: String,
    /// The day the item arrived; recorded under a later one if this one is closed.
    pub day: Day,
    /// The opening (nonce, SHA-256, size), sealed to the report key.
    pub opening_sealed: Vec<u8>,
}

/// A recorded commitment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentRow {
    /// The commitment, 64 lowercase hex digits.
    pub commitment: String,
    /// The report.
    pub report_id: ReportId,
    /// `answers`, `attachment` or `message`.
    pub kind: String,
    /// The item's id.
    pub item_id: String,
    /// The day it was recorded under (the leaf is in that day's tree).
    pub day: Day,
    /// The opening, sealed to the report key.
    pub opening_sealed: Vec<u8>,
}

impl FromRow<'_, AnyRow> for CommitmentRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(CommitmentRow {
            commitment: r.try_get("commitment")?,
            report_id: column(r, "report_id", decode::id)?,
            kind: r.try_get("kind")?,
            item_id: r.try_get("item_id")?,
            day: column(r, "day", decode::day)?,
            opening_sealed: r.try_get("opening_sealed")?,
        })
    }
}

/// A day that holds commitments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntegrityDayRow {
    /// The day.
    pub day: Day,
    /// Closed: nothing more is recorded under it.
    pub closed: bool,
    /// The audit entry holding its root, once written.
    pub audit_seq: Option<u64>,
}

impl FromRow<'_, AnyRow> for IntegrityDayRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(IntegrityDayRow {
            day: column(r, "day", decode::day)?,
            closed: r.try_get::<i64, _>("closed")? != 0,
            audit_seq: column(r, "audit_seq", |seq: Option<i64>| {
                seq.map(decode::unsigned).transpose()
            })?,
        })
    }
}

/// Records `commitments` in the transaction `tx`, each under its day if that day is open and
/// later than every closed day, else under the next day that is (the midnight rule).
pub(crate) async fn insert_commitments(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    commitments: &[NewCommitment],
) -> Result<(), StorageError> {
    for new in commitments {
        let day = open_day(tx, new.day).await?;
        sqlx::query(
            "INSERT INTO integrity_commitments (commitment, report_id, kind, item_id, day, opening_sealed) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&new.commitment)
        .bind(new.report_id.to_string())
        .bind(&new.kind)
        .bind(&new.item_id)
        .bind(day.to_string())
        .bind(&new.opening_sealed)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The first day from `wanted` on that is open and later than every closed day, with its row
/// locked (made if needed) until `tx` ends.
async fn open_day(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    wanted: Day,
) -> Result<Day, StorageError> {
    let last_closed: Option<String> =
        sqlx::query_scalar("SELECT MAX(day) FROM integrity_days WHERE closed = 1")
            .fetch_one(&mut **tx)
            .await?;
    let mut day = wanted;
    if let Some(last) = last_closed.map(decode::day).transpose()?
        && last >= day
    {
        day = next(last)?;
    }
    for _ in 0..MAX_DAYS_AHEAD {
        sqlx::query(
            "INSERT INTO integrity_days (day, closed) VALUES ($1, 0) ON CONFLICT (day) DO NOTHING",
        )
        .bind(day.to_string())
        .execute(&mut **tx)
        .await?;
        // Takes the row's lock: a closing waits until this transaction ends.
        let open =
            sqlx::query("UPDATE integrity_days SET closed = 0 WHERE day = $1 AND closed = 0")
                .bind(day.to_string())
                .execute(&mut **tx)
                .await?
                .rows_affected();
        if open == 1 {
            return Ok(day);
        }
        day = next(day)?;
    }
    Err(StorageError::Corrupt("no open day to record an item under"))
}

fn next(day: Day) -> Result<Day, StorageError> {
    day.date()
        .next_day()
        .map(Day::new)
        .ok_or(StorageError::Corrupt("day"))
}

impl Database {
    /// Records commitments on their own (items recorded outside a report's or a message's
    /// transaction), under the midnight rule.
    pub async fn insert_commitments(
        &self,
        commitments: &[NewCommitment],
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        insert_commitments(&mut tx, commitments).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Days before `before` whose root is not in the audit trail yet, oldest first.
    pub async fn integrity_days_to_commit(&self, before: Day) -> Result<Vec<Day>, StorageError> {
        let days: Vec<String> = sqlx::query_scalar(
            "SELECT day FROM integrity_days WHERE day < $1 AND audit_seq IS NULL ORDER BY day",
        )
        .bind(before.to_string())
        .fetch_all(&self.pool)
        .await?;
        days.into_iter().map(decode::day).collect()
    }

    /// Closes `day`: nothing more is recorded under it (waits for recordings under way).
    /// `true` if this call closed it, `false` if it was closed already.
    pub async fn close_integrity_day(&self, day: Day) -> Result<bool, StorageError> {
        let done =
            sqlx::query("UPDATE integrity_days SET closed = 1 WHERE day = $1 AND closed = 0")
                .bind(day.to_string())
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records the audit entry that holds `day`'s root.
    pub async fn set_integrity_day_entry(&self, day: Day, seq: u64) -> Result<(), StorageError> {
        sqlx::query("UPDATE integrity_days SET audit_seq = $1 WHERE day = $2 AND closed = 1")
            .bind(i64::try_from(seq).map_err(|_| StorageError::Corrupt("seq"))?)
            .bind(day.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A day's state, if it holds commitments.
    pub async fn integrity_day(&self, day: Day) -> Result<Option<IntegrityDayRow>, StorageError> {
        Ok(
            sqlx::query_as("SELECT day, closed, audit_seq FROM integrity_days WHERE day = $1")
                .bind(day.to_string())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The commitments recorded under `day`, in the order of their value (the leaves of the
    /// day's tree: random, so the order says nothing of arrival).
    pub async fn day_commitments(&self, day: Day) -> Result<Vec<String>, StorageError> {
        let mut values: Vec<String> =
            sqlx::query_scalar("SELECT commitment FROM integrity_commitments WHERE day = $1")
                .bind(day.to_string())
                .fetch_all(&self.pool)
                .await?;
        // Sorted here, not by the database: byte order whatever the engine's collation.
        values.sort_unstable();
        Ok(values)
    }

    /// A report's commitments, by day, kind and item id.
    pub async fn report_commitments(
        &self,
        report: ReportId,
    ) -> Result<Vec<CommitmentRow>, StorageError> {
        let mut rows: Vec<CommitmentRow> = sqlx::query_as(
            "SELECT commitment, report_id, kind, item_id, day, opening_sealed \
             FROM integrity_commitments WHERE report_id = $1",
        )
        .bind(report.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.sort_by(|a, b| {
            (a.day, &a.kind, &a.item_id, &a.commitment).cmp(&(
                b.day,
                &b.kind,
                &b.item_id,
                &b.commitment,
            ))
        });
        Ok(rows)
    }
}
