//! The site registry's rows: sealed records, and the published projection an admin put in
//! clear. Same rules as the rest of this crate: sealed bytes in, sealed bytes out.

use quietline_core::SiteId;
use sqlx::Row;

use crate::rows::decode;
use crate::{Database, StorageError};

/// A site's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteRow {
    /// The site.
    pub id: SiteId,
    /// Day created.
    pub created_day: String,
    /// Day of the last change.
    pub updated_day: String,
    /// The record, sealed to the workspace key.
    pub sealed: Vec<u8>,
    /// The published projection (JSON, in clear), if an admin published it.
    pub published: Option<String>,
    /// Day published.
    pub published_day: Option<String>,
}

impl Database {
    /// Inserts sites, all or none (an import is one transaction).
    pub async fn insert_sites(&self, rows: &[SiteRow]) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        for row in rows {
            sqlx::query(
                "INSERT INTO sites (id, created_day, updated_day, sealed, published, published_day) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(row.id.to_string())
            .bind(&row.created_day)
            .bind(&row.updated_day)
            .bind(&row.sealed)
            .bind(row.published.clone())
            .bind(row.published_day.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Replaces a site's sealed record.
    pub async fn update_site(
        &self,
        id: SiteId,
        sealed: &[u8],
        day: &str,
    ) -> Result<(), StorageError> {
        let done = sqlx::query("UPDATE sites SET sealed = $1, updated_day = $2 WHERE id = $3")
            .bind(sealed)
            .bind(day)
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// Sets (or, with `None`, withdraws) a site's published projection.
    pub async fn set_site_published(
        &self,
        id: SiteId,
        published: Option<(&str, &str)>,
    ) -> Result<(), StorageError> {
        let done = sqlx::query("UPDATE sites SET published = $1, published_day = $2 WHERE id = $3")
            .bind(published.map(|(json, _)| json.to_owned()))
            .bind(published.map(|(_, day)| day.to_owned()))
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// Every site's row, oldest first.
    pub async fn site_rows(&self) -> Result<Vec<SiteRow>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, created_day, updated_day, sealed, published, published_day FROM sites \
             ORDER BY created_day, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SiteRow {
                    id: decode::id(&row.try_get::<String, _>(0)?)?,
                    created_day: row.try_get(1)?,
                    updated_day: row.try_get(2)?,
                    sealed: row.try_get(3)?,
                    published: row.try_get(4)?,
                    published_day: row.try_get(5)?,
                })
            })
            .collect()
    }

    /// The published projections (id, JSON), for the public export: read without any key.
    pub async fn published_sites(&self) -> Result<Vec<(SiteId, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, published FROM sites WHERE published IS NOT NULL ORDER BY created_day, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((decode::id(&row.try_get::<String, _>(0)?)?, row.try_get(1)?)))
            .collect()
    }
}
