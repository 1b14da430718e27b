//! The `notes` table: investigators' internal notes, numbered per report (their text is an
//! object sealed to the workspace key).

use quietline_core::{Day, InvestigatorId, ReportId};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::{self, column};
use crate::{Database, StorageError};

/// An internal note's row (its text is an object sealed to the workspace key).
#[derive(Clone, Debug)]
pub struct NoteRow {
    /// The note.
    pub id: quietline_core::MessageId,
    /// Its report.
    pub report_id: ReportId,
    /// Position among the report's notes, from 1.
    pub seq: i64,
    /// Who wrote it.
    pub author: InvestigatorId,
    /// Day written.
    pub written_day: Day,
    /// Size of the sealed text.
    pub size_bytes: u64,
}

impl FromRow<'_, AnyRow> for NoteRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(NoteRow {
            id: column(r, "id", decode::id)?,
            report_id: column(r, "report_id", decode::id)?,
            seq: r.try_get("seq")?,
            author: column(r, "author", decode::id)?,
            written_day: column(r, "written_day", decode::day)?,
            size_bytes: column(r, "size_bytes", decode::unsigned)?,
        })
    }
}

impl Database {
    /// Records a note (after its object is written). Returns its position.
    pub async fn insert_note(&self, row: &NoteRow) -> Result<i64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let seq: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM notes WHERE report_id = $1")
                .bind(row.report_id.to_string())
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO notes (id, report_id, seq, author, written_day, size_bytes) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(row.id.to_string())
        .bind(row.report_id.to_string())
        .bind(seq)
        .bind(row.author.to_string())
        .bind(row.written_day.to_string())
        .bind(i64::try_from(row.size_bytes).map_err(|_| StorageError::Corrupt("size"))?)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// A report's notes, in order.
    pub async fn notes(&self, report: ReportId) -> Result<Vec<NoteRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, written_day, size_bytes FROM notes WHERE report_id = $1 ORDER BY seq",
        )
        .bind(report.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every note's row (to re-seal notes to a new workspace key).
    pub async fn all_notes(&self) -> Result<Vec<NoteRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, written_day, size_bytes FROM notes ORDER BY report_id, seq",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
