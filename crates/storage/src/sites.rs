//! The site registry's rows: sealed records, and the published projection an admin put in
//! clear. Same rules as the rest of this crate: sealed bytes in, sealed bytes out.

use quietline_core::{Day, SiteId};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::{self, column};
use crate::single::Single;
use crate::{Database, StorageError};

/// A site's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteRow {
    /// The site.
    pub id: SiteId,
    /// Day created.
    pub created_day: Day,
    /// Day of the last change.
    pub updated_day: Day,
    /// The record, sealed to the workspace key.
    pub sealed: Vec<u8>,
    /// The published projection (JSON, in clear), if an admin published it.
    pub published: Option<String>,
    /// Day published.
    pub published_day: Option<Day>,
    /// Grows by one with every saved change to the record (1 when created).
    pub version: i64,
}

/// A [`SiteRow`] from a row with its columns (read by name: the order of a SELECT does not
/// matter).
impl FromRow<'_, AnyRow> for SiteRow {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(SiteRow {
            id: column(row, "id", decode::id)?,
            created_day: column(row, "created_day", decode::day)?,
            updated_day: column(row, "updated_day", decode::day)?,
            sealed: row.try_get("sealed")?,
            published: row.try_get("published")?,
            published_day: column(row, "published_day", decode::optional_day)?,
            version: row.try_get("version")?,
        })
    }
}

impl Database {
    /// Inserts sites, all or none (an import is one transaction).
    pub async fn insert_sites(&self, rows: &[SiteRow]) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        for row in rows {
            sqlx::query(
                "INSERT INTO sites (id, created_day, updated_day, sealed, published, published_day, \
                 version) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(row.id.to_string())
            .bind(row.created_day.to_string())
            .bind(row.updated_day.to_string())
            .bind(&row.sealed)
            .bind(row.published.clone())
            .bind(row.published_day.map(|day| day.to_string()))
            .bind(row.version)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Replaces a site's sealed record if its version is still `version` (the one the change
    /// was made from), and returns the new version. [`StorageError::Stale`] if someone saved
    /// the site since: nothing is written.
    pub async fn update_site(
        &self,
        id: SiteId,
        sealed: &[u8],
        day: Day,
        version: i64,
    ) -> Result<i64, StorageError> {
        let done = sqlx::query(
            "UPDATE sites SET sealed = $1, updated_day = $2, version = version + 1 \
             WHERE id = $3 AND version = $4",
        )
        .bind(sealed)
        .bind(day.to_string())
        .bind(id.to_string())
        .bind(version)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            Ok(version + 1)
        } else if self.site(id).await?.is_some() {
            Err(StorageError::Stale)
        } else {
            Err(StorageError::NotFound)
        }
    }

    /// One site's row.
    pub async fn site(&self, id: SiteId) -> Result<Option<SiteRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, created_day, updated_day, sealed, published, published_day, version \
             FROM sites WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Sets (or, with `None`, withdraws) a site's published projection.
    pub async fn set_site_published(
        &self,
        id: SiteId,
        published: Option<(&str, Day)>,
    ) -> Result<(), StorageError> {
        let done = sqlx::query("UPDATE sites SET published = $1, published_day = $2 WHERE id = $3")
            .bind(published.map(|(json, _)| json.to_owned()))
            .bind(published.map(|(_, day)| day.to_string()))
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
        Ok(sqlx::query_as(
            "SELECT id, created_day, updated_day, sealed, published, published_day, version \
             FROM sites ORDER BY created_day, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The published projections (id, JSON), for the public export: read without any key.
    pub async fn published_sites(&self) -> Result<Vec<(SiteId, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, published FROM sites WHERE published IS NOT NULL ORDER BY created_day, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((column(row, "id", decode::id)?, row.try_get("published")?)))
            .collect()
    }

    /// Replaces a site's sealed record if it is still `old`.
    pub async fn replace_site_sealed(
        &self,
        id: &str,
        old: &[u8],
        new: &[u8],
    ) -> Result<bool, StorageError> {
        self.replace_single(Single::Site, id, old, new).await
    }
}
