//! The `report_access` table: the public keys each report key is wrapped to.

use quietline_core::ReportId;

use crate::columns::decode;
use crate::{Database, StorageError};

impl Database {
    /// Reports whose key is wrapped to `recipient`.
    pub async fn reports_with_access(
        &self,
        recipient: &str,
    ) -> Result<Vec<ReportId>, StorageError> {
        let ids = sqlx::query_scalar(
            "SELECT report_id FROM report_access WHERE recipient = $1 ORDER BY report_id",
        )
        .bind(recipient)
        .fetch_all(&self.pool)
        .await?;
        ids.into_iter().map(decode::id).collect()
    }

    /// Public keys a report key is wrapped to.
    pub async fn report_access(&self, id: ReportId) -> Result<Vec<String>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT recipient FROM report_access WHERE report_id = $1 ORDER BY recipient",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Reports whose key is not wrapped to `recipient`.
    pub async fn reports_without_access(
        &self,
        recipient: &str,
    ) -> Result<Vec<ReportId>, StorageError> {
        let ids = sqlx::query_scalar(
            "SELECT id FROM reports WHERE id NOT IN (SELECT report_id FROM report_access WHERE recipient = $1) \
             ORDER BY received_day, id",
        )
        .bind(recipient)
        .fetch_all(&self.pool)
        .await?;
        ids.into_iter().map(decode::id).collect()
    }

    /// Of `ids`, the reports whose key is wrapped to `recipient`.
    pub async fn reports_with_access_among(
        &self,
        recipient: &str,
        ids: &[ReportId],
    ) -> Result<Vec<ReportId>, StorageError> {
        let mut open = Vec::new();
        // Bounded IN lists: one query per 500 ids keeps every engine within its parameter limit.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (2..chunk.len() + 2).map(|n| format!("${n}")).collect();
            let sql = format!(
                "SELECT report_id FROM report_access WHERE recipient = $1 AND report_id IN ({})",
                placeholders.join(", ")
            );
            // Only numbered placeholders are spliced in; every value is bound.
            let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(recipient);
            for id in chunk {
                query = query.bind(id.to_string());
            }
            for id in query.fetch_all(&self.pool).await? {
                open.push(decode::id(id)?);
            }
        }
        Ok(open)
    }

    /// Records that a report key is now also wrapped to `recipient` (after its key object
    /// was replaced).
    pub async fn add_report_access(
        &self,
        id: ReportId,
        recipient: &str,
    ) -> Result<(), StorageError> {
        sqlx::query("INSERT INTO report_access (report_id, recipient) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id.to_string())
            .bind(recipient)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes `recipient` from a report's access list (after its key object was replaced).
    pub async fn remove_report_access(
        &self,
        id: ReportId,
        recipient: &str,
    ) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM report_access WHERE report_id = $1 AND recipient = $2")
            .bind(id.to_string())
            .bind(recipient)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
