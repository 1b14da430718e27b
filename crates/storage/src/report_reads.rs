//! The `report_reads` table: how far each investigator has read each report (issue 13,
//! point 5), so that "unread" is per investigator. A row holds a count, never a day or a time:
//! the report itself counts one, each message from the reporter one more
//! (`reports.from_reporter`).

use std::collections::HashMap;

use futures::TryStreamExt;
use quietline_core::{InvestigatorId, ReportId};
use sqlx::Row;

use crate::columns::decode;
use crate::{Database, StorageError};

impl Database {
    /// How many of each report's items from the reporter `investigator` has seen (reports
    /// they never opened are absent).
    pub async fn reads_of(
        &self,
        investigator: InvestigatorId,
    ) -> Result<HashMap<ReportId, i64>, StorageError> {
        let mut rows =
            sqlx::query("SELECT report_id, seen FROM report_reads WHERE investigator_id = $1")
                .bind(investigator.to_string())
                .fetch(&self.pool);
        let mut reads = HashMap::new();
        while let Some(row) = rows.try_next().await? {
            let report = decode::id(row.try_get::<String, _>("report_id")?)?;
            reads.insert(report, row.try_get::<i64, _>("seen")?);
        }
        Ok(reads)
    }

    /// Records that `investigator` has seen `seen` of a report's items from the reporter.
    pub async fn record_read(
        &self,
        investigator: InvestigatorId,
        report: ReportId,
        seen: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO report_reads (investigator_id, report_id, seen) VALUES ($1, $2, $3) \
             ON CONFLICT (investigator_id, report_id) DO UPDATE SET seen = excluded.seen",
        )
        .bind(investigator.to_string())
        .bind(report.to_string())
        .bind(seen)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
