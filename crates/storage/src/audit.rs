//! The audit trail's tables: `audit_log` (hash-chained entries) and `audit_heads` (signed
//! heads). This module stores and reads rows; it neither computes nor checks hashes and
//! signatures (the caller passes the hash function in, and the service verifies).
//!
//! Appending is optimistic: read the last entry, insert the next `seq`, and start over if
//! another writer (another process on the same database) took that `seq` first. The
//! primary key on `seq` is the only guard needed: rows are never updated, so the entry
//! that was read is still the one the new entry links to whenever the insert succeeds.

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::column;
use crate::single::Single;
use crate::{Database, StorageError};

/// Attempts at appending before giving up: each failed attempt means another writer
/// appended in between, so this bounds waiting on a burst of, say, a CLI and a server.
const MAX_APPEND_ATTEMPTS: usize = 32;

/// An audit entry to append: every field is stored and hashed exactly as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAuditEntry {
    /// When, UTC RFC 3339 to the second.
    pub at: String,
    /// Who (`investigator:<id>`, `cli`, `system`).
    pub actor: String,
    /// What (a stable code).
    pub action: String,
    /// On what (an id, or empty).
    pub subject: String,
    /// Facts, as a JSON object's text.
    pub detail: String,
    /// The request it was part of (empty outside a request).
    pub request_id: String,
}

/// A stored audit entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When, UTC RFC 3339 to the second.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub subject: String,
    /// Facts, as a JSON object's text.
    pub detail: String,
    /// The request it was part of.
    pub request_id: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
    /// MAC of the hash under the audit key (`None` only on a row written without it).
    pub mac: Option<String>,
}

/// A signed head: the hash of entry `seq`, signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditHeadRow {
    /// The entry signed.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
    /// When it was signed, UTC RFC 3339.
    pub signed_at: String,
    /// The signature, hex.
    pub signature: String,
    /// The key that signed, hex.
    pub public_key: String,
}

macro_rules! audit_columns {
    () => {
        "seq, at, actor, action, subject, detail, request_id, prev_hash, hash, mac"
    };
}

impl FromRow<'_, AnyRow> for AuditRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(AuditRow {
            seq: column(r, "seq", decode_seq)?,
            at: r.try_get("at")?,
            actor: r.try_get("actor")?,
            action: r.try_get("action")?,
            subject: r.try_get("subject")?,
            detail: r.try_get("detail")?,
            request_id: r.try_get("request_id")?,
            prev_hash: r.try_get("prev_hash")?,
            hash: r.try_get("hash")?,
            mac: r.try_get("mac")?,
        })
    }
}

impl FromRow<'_, AnyRow> for AuditHeadRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(AuditHeadRow {
            seq: column(r, "seq", decode_seq)?,
            hash: r.try_get("hash")?,
            signed_at: r.try_get("signed_at")?,
            signature: r.try_get("signature")?,
            public_key: r.try_get("public_key")?,
        })
    }
}

fn decode_seq(value: i64) -> Result<u64, StorageError> {
    u64::try_from(value).map_err(|_| StorageError::Corrupt("negative audit seq"))
}

fn encode_seq(seq: u64) -> Result<i64, StorageError> {
    i64::try_from(seq).map_err(|_| StorageError::Corrupt("audit seq out of range"))
}

impl Database {
    /// Appends `entry` after the current last entry: its `seq` is the last one's plus 1
    /// (1 for the first), its `prev_hash` the last one's hash (`genesis` for the first),
    /// and its hash `hash(seq, prev_hash)`. Safe with several writers on one database
    /// (processes included): a writer that loses the race reads again and retries.
    /// Returns the stored row.
    pub async fn append_audit(
        &self,
        entry: &NewAuditEntry,
        genesis: &str,
        hash: impl Fn(u64, &str) -> String,
    ) -> Result<AuditRow, StorageError> {
        for _ in 0..MAX_APPEND_ATTEMPTS {
            let last = self.last_audit_entry().await?;
            let (seq, prev_hash) = match last {
                Some(last) => (
                    last.seq
                        .checked_add(1)
                        .ok_or(StorageError::Corrupt("audit seq out of range"))?,
                    last.hash,
                ),
                None => (1, genesis.to_owned()),
            };
            let row = AuditRow {
                seq,
                at: entry.at.clone(),
                actor: entry.actor.clone(),
                action: entry.action.clone(),
                subject: entry.subject.clone(),
                detail: entry.detail.clone(),
                request_id: entry.request_id.clone(),
                hash: hash(seq, &prev_hash),
                prev_hash,
                mac: None,
            };
            if self.insert_audit_row(&row).await? {
                return Ok(row);
            }
            // Another writer appended this seq first: link to its entry instead.
        }
        Err(StorageError::Contention)
    }

    /// Inserts `row` as it is. `false` if its `seq` is taken (another writer appended
    /// first: read the last entry again and link to it).
    pub async fn insert_audit_row(&self, row: &AuditRow) -> Result<bool, StorageError> {
        let inserted = sqlx::query(concat!(
            "INSERT INTO audit_log (",
            audit_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(encode_seq(row.seq)?)
        .bind(&row.at)
        .bind(&row.actor)
        .bind(&row.action)
        .bind(&row.subject)
        .bind(&row.detail)
        .bind(&row.request_id)
        .bind(&row.prev_hash)
        .bind(&row.hash)
        .bind(row.mac.clone())
        .execute(&self.pool)
        .await;
        match inserted {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
            Ok(_) => Ok(true),
        }
    }

    /// Records the MAC of entry `seq` (entries of before MACs existed).
    pub async fn set_audit_mac(&self, seq: u64, mac: &str) -> Result<(), StorageError> {
        self.set_single(Single::AuditMac, encode_seq(seq)?, mac)
            .await
            .map(drop)
    }

    /// The last entry, if any.
    pub async fn last_audit_entry(&self) -> Result<Option<AuditRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            audit_columns!(),
            " FROM audit_log ORDER BY seq DESC LIMIT 1"
        ))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Entry `seq`, if it exists.
    pub async fn audit_entry(&self, seq: u64) -> Result<Option<AuditRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            audit_columns!(),
            " FROM audit_log WHERE seq = $1"
        ))
        .bind(encode_seq(seq)?)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The first entry with this action and subject, if any (the daily integrity entry of a
    /// day, looked for again after a crash between appending it and noting it).
    pub async fn first_audit_entry_with(
        &self,
        action: &str,
        subject: &str,
    ) -> Result<Option<AuditRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            audit_columns!(),
            " FROM audit_log WHERE action = $1 AND subject = $2 ORDER BY seq LIMIT 1"
        ))
        .bind(action)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Up to `limit` entries before `before_seq` (from the end without it), newest first:
    /// a page of the log for reading. The next page starts before the last `seq` returned.
    pub async fn audit_page(
        &self,
        before_seq: Option<u64>,
        limit: u32,
    ) -> Result<Vec<AuditRow>, StorageError> {
        let before = match before_seq {
            Some(seq) => encode_seq(seq)?,
            None => i64::MAX,
        };
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            audit_columns!(),
            " FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT $2"
        ))
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Up to `limit` entries after `after_seq`, in `seq` order: the log in chunks, for
    /// verification (start with 0, continue after the last `seq` returned).
    pub async fn audit_entries_after(
        &self,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<AuditRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            audit_columns!(),
            " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
        ))
        .bind(encode_seq(after_seq)?)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a signed head. `false` if entry `head.seq` already has one (kept as it was).
    pub async fn insert_audit_head(&self, head: &AuditHeadRow) -> Result<bool, StorageError> {
        let inserted = sqlx::query(
            "INSERT INTO audit_heads (seq, hash, signed_at, signature, public_key) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(encode_seq(head.seq)?)
        .bind(&head.hash)
        .bind(&head.signed_at)
        .bind(&head.signature)
        .bind(&head.public_key)
        .execute(&self.pool)
        .await;
        match inserted {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
            Ok(_) => Ok(true),
        }
    }

    /// The signed head of entry `seq`, if it has one.
    pub async fn audit_head(&self, seq: u64) -> Result<Option<AuditHeadRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT seq, hash, signed_at, signature, public_key FROM audit_heads WHERE seq = $1",
        )
        .bind(encode_seq(seq)?)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every signed head, in `seq` order (one per 64 entries or so: few).
    pub async fn audit_heads(&self) -> Result<Vec<AuditHeadRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT seq, hash, signed_at, signature, public_key FROM audit_heads ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stores a sealed audit detail under the SHA-256 of its ciphertext (the entry that needs
    /// it carries the same hex). Storing the same one twice keeps one.
    pub async fn insert_audit_sealed(
        &self,
        fingerprint: &str,
        sealed: &[u8],
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO audit_sealed (fingerprint, sealed) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(fingerprint)
        .bind(sealed)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A sealed audit detail, by the SHA-256 of its ciphertext.
    pub async fn audit_sealed(&self, fingerprint: &str) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT sealed FROM audit_sealed WHERE fingerprint = $1")
                .bind(fingerprint)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
