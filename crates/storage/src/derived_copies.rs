//! The `derived_copies` table: copies of a report's files made from them (a translation, a
//! transcript, a redacted version, a copy without metadata), each linked to its original. In
//! clear only ids, the kind's code, the investigator and the day; the rest is sealed bytes, and
//! the copy's content is an object (`derived/<id>.age`).

use quietline_core::{AttachmentId, Day, DerivedCopyId, InvestigatorId, ReportId};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::{self, column};
use crate::{Database, StorageError};

/// A derived copy's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedCopyRow {
    /// The copy.
    pub id: DerivedCopyId,
    /// Its report.
    pub report_id: ReportId,
    /// The file it derives from.
    pub original_id: AttachmentId,
    /// What kind of copy (a code the service defines).
    pub kind: String,
    /// Who added it.
    pub investigator_id: InvestigatorId,
    /// Day added.
    pub added_day: Day,
    /// Its reason, name, type, size, SHA-256 and what was removed, sealed to the report key.
    pub sealed: Vec<u8>,
}

impl FromRow<'_, AnyRow> for DerivedCopyRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(DerivedCopyRow {
            id: column(r, "id", decode::id)?,
            report_id: column(r, "report_id", decode::id)?,
            original_id: column(r, "original_id", decode::id)?,
            kind: r.try_get("kind")?,
            investigator_id: column(r, "investigator_id", decode::id)?,
            added_day: column(r, "added_day", decode::day)?,
            sealed: r.try_get("sealed")?,
        })
    }
}

impl Database {
    /// Records a derived copy (after its object is written).
    pub async fn insert_derived_copy(&self, row: &DerivedCopyRow) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO derived_copies \
             (id, report_id, original_id, kind, investigator_id, added_day, sealed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(row.id.to_string())
        .bind(row.report_id.to_string())
        .bind(row.original_id.to_string())
        .bind(row.kind.clone())
        .bind(row.investigator_id.to_string())
        .bind(row.added_day.to_string())
        .bind(row.sealed.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A report's derived copies, by day added then id (ids are random: no order of arrival
    /// within a day).
    pub async fn derived_copies(
        &self,
        report: ReportId,
    ) -> Result<Vec<DerivedCopyRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, original_id, kind, investigator_id, added_day, sealed \
             FROM derived_copies WHERE report_id = $1 ORDER BY added_day, id",
        )
        .bind(report.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// One derived copy of a report.
    pub async fn derived_copy(
        &self,
        report: ReportId,
        id: DerivedCopyId,
    ) -> Result<Option<DerivedCopyRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, original_id, kind, investigator_id, added_day, sealed \
             FROM derived_copies WHERE report_id = $1 AND id = $2",
        )
        .bind(report.to_string())
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }
}
