//! The `reply_templates` table: admins' wording for messages to reporters, each row a random
//! id, two days and the template sealed to the workspace key. Sealed bytes in, sealed bytes
//! out, like the rest of this crate.

use quietline_core::{Day, ReplyTemplateId};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::{self, column};
use crate::single::Single;
use crate::{Database, StorageError};

/// A reply template's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyTemplateRow {
    /// The template.
    pub id: ReplyTemplateId,
    /// Day created.
    pub created_day: Day,
    /// Day of the last change.
    pub updated_day: Day,
    /// Its title, language and text, sealed to the workspace key.
    pub sealed: Vec<u8>,
}

/// A [`ReplyTemplateRow`] from a row with its columns (read by name).
impl FromRow<'_, AnyRow> for ReplyTemplateRow {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ReplyTemplateRow {
            id: column(row, "id", decode::id)?,
            created_day: column(row, "created_day", decode::day)?,
            updated_day: column(row, "updated_day", decode::day)?,
            sealed: row.try_get("sealed")?,
        })
    }
}

impl Database {
    /// Inserts templates, all or none. With `only_into_empty`, nothing is inserted and
    /// `false` comes back when the table already holds a template (the shipped defaults are
    /// stored once, with the first change an admin makes).
    pub async fn insert_reply_templates(
        &self,
        rows: &[ReplyTemplateRow],
        only_into_empty: bool,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        if only_into_empty {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reply_templates")
                .fetch_one(&mut *tx)
                .await?;
            if count > 0 {
                return Ok(false);
            }
        }
        for row in rows {
            sqlx::query(
                "INSERT INTO reply_templates (id, created_day, updated_day, sealed) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(row.id.to_string())
            .bind(row.created_day.to_string())
            .bind(row.updated_day.to_string())
            .bind(&row.sealed)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Replaces a template's sealed text. [`StorageError::NotFound`] if there is no such row.
    pub async fn update_reply_template(
        &self,
        id: ReplyTemplateId,
        sealed: &[u8],
        day: Day,
    ) -> Result<(), StorageError> {
        let done =
            sqlx::query("UPDATE reply_templates SET sealed = $1, updated_day = $2 WHERE id = $3")
                .bind(sealed)
                .bind(day.to_string())
                .bind(id.to_string())
                .execute(&self.pool)
                .await?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// Deletes a template. [`StorageError::NotFound`] if there is no such row.
    pub async fn delete_reply_template(&self, id: ReplyTemplateId) -> Result<(), StorageError> {
        let done = sqlx::query("DELETE FROM reply_templates WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// Every template's row, by id (an order that says nothing of when they were written).
    pub async fn reply_template_rows(&self) -> Result<Vec<ReplyTemplateRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, created_day, updated_day, sealed FROM reply_templates ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces a template's sealed text if it is still `old` (a re-seal to a new workspace
    /// key that loses no concurrent edit). Returns whether it was replaced.
    pub async fn replace_reply_template_sealed(
        &self,
        id: ReplyTemplateId,
        old: &[u8],
        new: &[u8],
    ) -> Result<bool, StorageError> {
        self.replace_single(Single::ReplyTemplate, id.to_string(), old, new)
            .await
    }
}
