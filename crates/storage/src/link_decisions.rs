//! The `link_decisions` table: investigators' cross-referencing decisions, sealed to the
//! workspace key, in the order they were made.

use sqlx::Row;

use crate::single::Single;
use crate::{Database, StorageError};

impl Database {
    /// Appends a link decision (sealed): its position in the order of decisions.
    pub async fn insert_link_decision(&self, id: &str, sealed: &[u8]) -> Result<i64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM link_decisions")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO link_decisions (id, seq, sealed) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(seq)
            .bind(sealed)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// Every link decision (sealed), oldest first.
    pub async fn link_decisions(&self) -> Result<Vec<(String, Vec<u8>)>, StorageError> {
        let rows = sqlx::query("SELECT id, sealed FROM link_decisions ORDER BY seq")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("sealed")?)))
            .collect()
    }

    /// Replaces a link decision's sealed record if it is still `old`.
    pub async fn replace_link_decision(
        &self,
        id: &str,
        old: &[u8],
        new: &[u8],
    ) -> Result<bool, StorageError> {
        self.replace_single(Single::LinkDecision, id, old, new)
            .await
    }
}
