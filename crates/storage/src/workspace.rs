//! The `workspace` table (the workspace key's one row) and the key's wraps to each
//! investigator: creating it, tagging it, replacing it in a rotation.

use quietline_core::InvestigatorId;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::single::Single;
use crate::{Database, StorageError};

/// The workspace key's record.
#[derive(Clone, Debug)]
pub struct WorkspaceRow {
    /// Its public key.
    pub recipient: String,
    /// Its secret, wrapped to the recovery recipient.
    pub recovery_wrap: Vec<u8>,
    /// Tag of the public key under a key not in the database.
    pub recipient_mac: Option<String>,
    /// While the key is being replaced: the previous key, wrapped to this one.
    pub previous_key_wrap: Option<Vec<u8>>,
}

impl FromRow<'_, AnyRow> for WorkspaceRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(WorkspaceRow {
            recipient: r.try_get("recipient")?,
            recovery_wrap: r.try_get("recovery_wrap")?,
            recipient_mac: r.try_get("recipient_mac")?,
            previous_key_wrap: r.try_get("previous_key_wrap")?,
        })
    }
}

impl Database {
    /// The workspace key's record, if created.
    pub async fn workspace(&self) -> Result<Option<WorkspaceRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT recipient, recovery_wrap, recipient_mac, previous_key_wrap FROM workspace WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Creates the workspace key record. Fails if it exists (a second key would split the
    /// workspace).
    pub async fn create_workspace(
        &self,
        recipient: &str,
        recipient_mac: &str,
        recovery_wrap: &[u8],
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO workspace (id, recipient, recovery_wrap, recipient_mac) VALUES (1, $1, $2, $3)",
        )
        .bind(recipient)
        .bind(recovery_wrap)
        .bind(recipient_mac)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records the tag of the workspace's public key.
    pub async fn set_workspace_mac(&self, mac: &str) -> Result<(), StorageError> {
        self.set_single(Single::WorkspaceMac, 1_i64, mac)
            .await
            .map(drop)
    }

    /// Gives an investigator the workspace key (wrapped to them).
    pub async fn set_workspace_key(
        &self,
        id: InvestigatorId,
        wrapped: &[u8],
    ) -> Result<(), StorageError> {
        self.set_single(Single::InvestigatorWorkspaceKey, id.to_string(), wrapped)
            .await
            .map(drop)
    }

    /// Replaces the workspace key (a rotation starts): the new public key and its tag, its
    /// wrap to the recovery recipient, the previous key wrapped to the new one, and the new
    /// wraps of the investigators who keep access (every other wrap is removed), at once.
    pub async fn replace_workspace_key(
        &self,
        recipient: &str,
        recipient_mac: &str,
        recovery_wrap: &[u8],
        previous_key_wrap: &[u8],
        holders: &[(InvestigatorId, Vec<u8>)],
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE workspace SET recipient = $1, recipient_mac = $2, recovery_wrap = $3, \
             previous_key_wrap = $4 WHERE id = 1",
        )
        .bind(recipient)
        .bind(recipient_mac)
        .bind(recovery_wrap)
        .bind(previous_key_wrap)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE investigators SET workspace_key = NULL")
            .execute(&mut *tx)
            .await?;
        for (id, wrapped) in holders {
            sqlx::query("UPDATE investigators SET workspace_key = $1 WHERE id = $2")
                .bind(wrapped)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Ends a rotation: the previous workspace key is forgotten.
    pub async fn finish_workspace_rotation(&self) -> Result<(), StorageError> {
        sqlx::query("UPDATE workspace SET previous_key_wrap = NULL WHERE id = 1")
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
