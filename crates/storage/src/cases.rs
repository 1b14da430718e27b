//! The `cases` table: investigators' cases, each row a random id, two days, a version, whether
//! the case is under legal hold, and the case itself (title, status, lead, description, the
//! reports, entities and sites it holds, its notes) sealed to the workspace key. And
//! `reports.legal_hold`, the clear flag the purge reads, kept in step with the held cases.

use quietline_core::{CaseId, Day, ReportId};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::{self, column};
use crate::single::Single;
use crate::{Database, StorageError};

/// A case's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRow {
    /// The case.
    pub id: CaseId,
    /// Day created.
    pub created_day: Day,
    /// Day of the last change.
    pub updated_day: Day,
    /// Raised by one at every change; a change is made from the version it was shown.
    pub version: i64,
    /// Under legal hold: none of its reports may be purged.
    pub legal_hold: bool,
    /// The case, sealed to the workspace key.
    pub sealed: Vec<u8>,
}

/// A [`CaseRow`] from a row with its columns (read by name).
impl FromRow<'_, AnyRow> for CaseRow {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(CaseRow {
            id: column(row, "id", decode::id)?,
            created_day: column(row, "created_day", decode::day)?,
            updated_day: column(row, "updated_day", decode::day)?,
            version: row.try_get("version")?,
            legal_hold: row.try_get::<i64, _>("legal_hold")? != 0,
            sealed: row.try_get("sealed")?,
        })
    }
}

macro_rules! case_columns {
    () => {
        "id, created_day, updated_day, version, legal_hold, sealed"
    };
}

impl Database {
    /// Inserts a new case (version 1).
    pub async fn insert_case(&self, row: &CaseRow) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO cases (id, created_day, updated_day, version, legal_hold, sealed) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(row.id.to_string())
        .bind(row.created_day.to_string())
        .bind(row.updated_day.to_string())
        .bind(row.version)
        .bind(i64::from(row.legal_hold))
        .bind(&row.sealed)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Replaces a case if its version is still `version` (the one the change was made from),
    /// and returns the new version. [`StorageError::Stale`] if someone saved the case since,
    /// [`StorageError::NotFound`] if there is no such case: nothing is written.
    pub async fn update_case(
        &self,
        id: CaseId,
        sealed: &[u8],
        legal_hold: bool,
        day: Day,
        version: i64,
    ) -> Result<i64, StorageError> {
        let done = sqlx::query(
            "UPDATE cases SET sealed = $1, legal_hold = $2, updated_day = $3, \
             version = version + 1 WHERE id = $4 AND version = $5",
        )
        .bind(sealed)
        .bind(i64::from(legal_hold))
        .bind(day.to_string())
        .bind(id.to_string())
        .bind(version)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            Ok(version + 1)
        } else if self.case(id).await?.is_some() {
            Err(StorageError::Stale)
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// One case's row.
    pub async fn case(&self, id: CaseId) -> Result<Option<CaseRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every case's row, by id (an order that says nothing of when they were written).
    pub async fn case_rows(&self) -> Result<Vec<CaseRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces a case's sealed part if it is still `old` (a re-seal to a new workspace key
    /// that loses no concurrent edit). Returns whether it was replaced.
    pub async fn replace_case_sealed(
        &self,
        id: CaseId,
        old: &[u8],
        new: &[u8],
    ) -> Result<bool, StorageError> {
        self.replace_single(Single::Case, id.to_string(), old, new)
            .await
    }

    /// Makes `reports.legal_hold` say exactly which reports are in a case under legal hold:
    /// set on `held`, cleared on every other report, in one transaction.
    pub async fn set_legal_holds(&self, held: &[ReportId]) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE reports SET legal_hold = 0 WHERE legal_hold <> 0")
            .execute(&mut *tx)
            .await?;
        for report in held {
            sqlx::query("UPDATE reports SET legal_hold = 1 WHERE id = $1")
                .bind(report.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The reports under legal hold, by id.
    pub async fn legally_held_reports(&self) -> Result<Vec<ReportId>, StorageError> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT id FROM reports WHERE legal_hold <> 0 ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        ids.iter()
            .map(|id| id.parse().map_err(|_| StorageError::Corrupt("report id")))
            .collect()
    }
}
