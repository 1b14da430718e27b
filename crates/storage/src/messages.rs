//! The `messages` and `attachments` tables: a report's conversation, numbered per report,
//! and its files, with the day each was added.

use quietline_core::{AttachmentId, Day, MessageId, ReportId};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::decode::{self, column};
use crate::single::Single;
use crate::{Database, StorageError};

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    /// The reporter, with their receipt.
    Reporter,
    /// An investigator.
    Investigator,
}

impl Author {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Reporter => "reporter",
            Self::Investigator => "investigator",
        }
    }
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "reporter" => Some(Self::Reporter),
            "investigator" => Some(Self::Investigator),
            _ => None,
        }
    }
}

/// When a file was attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachmentOrigin {
    /// With the report.
    Submission,
    /// Later, by the returning reporter.
    Reply,
}

impl AttachmentOrigin {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Submission => "submission",
            Self::Reply => "reply",
        }
    }
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "submission" => Some(Self::Submission),
            "reply" => Some(Self::Reply),
            _ => None,
        }
    }
}

/// An attachment's row.
#[derive(Clone, Debug)]
pub struct AttachmentRow {
    /// The attachment.
    pub id: AttachmentId,
    /// Its report.
    pub report_id: ReportId,
    /// When it was attached.
    pub origin: AttachmentOrigin,
    /// Day attached.
    pub added_day: Day,
    /// Plaintext size in bytes.
    pub size_bytes: u64,
}

/// A message's row.
#[derive(Clone, Debug)]
pub struct MessageRow {
    /// The message.
    pub id: MessageId,
    /// Its report.
    pub report_id: ReportId,
    /// Position in the conversation, from 1.
    pub seq: i64,
    /// Who wrote it.
    pub author: Author,
    /// Day sent.
    pub sent_day: Day,
    /// Size of the encrypted object.
    pub size_bytes: u64,
    /// Proof of origin (see `quietline_crypto::OriginKey`), or the server's vouching for a
    /// message of before issue 11.
    pub origin_mac: Option<String>,
}

impl FromRow<'_, AnyRow> for AttachmentRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(AttachmentRow {
            id: column(r, "id", decode::id)?,
            report_id: column(r, "report_id", decode::id)?,
            origin: column(r, "origin", decode::origin)?,
            added_day: column(r, "added_day", decode::day)?,
            size_bytes: column(r, "size_bytes", decode::unsigned)?,
        })
    }
}

impl FromRow<'_, AnyRow> for MessageRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(MessageRow {
            id: column(r, "id", decode::id)?,
            report_id: column(r, "report_id", decode::id)?,
            seq: r.try_get("seq")?,
            author: column(r, "author", decode::author)?,
            sent_day: column(r, "sent_day", decode::day)?,
            size_bytes: column(r, "size_bytes", decode::unsigned)?,
            origin_mac: r.try_get("origin_mac")?,
        })
    }
}

impl Database {
    /// A report's attachments, in the order they were added.
    pub async fn attachments(&self, report: ReportId) -> Result<Vec<AttachmentRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, origin, added_day, size_bytes FROM attachments \
             WHERE report_id = $1 ORDER BY seq",
        )
        .bind(report.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a message (after its object is written) as the next in its conversation,
    /// together with any attachments sent with it. Returns its position.
    pub async fn insert_message(
        &self,
        row: &MessageRow,
        attachments: &[AttachmentRow],
    ) -> Result<i64, StorageError> {
        self.insert_message_with_commitments(row, attachments, &[])
            .await
    }

    /// [`Database::insert_message`], recording in the same transaction the commitments to
    /// the message and its files (integrity from arrival).
    pub async fn insert_message_with_commitments(
        &self,
        row: &MessageRow,
        attachments: &[AttachmentRow],
        commitments: &[crate::NewCommitment],
    ) -> Result<i64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE report_id = $1",
        )
        .bind(row.report_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO messages (id, report_id, seq, author, sent_day, size_bytes, origin_mac) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(row.id.to_string())
        .bind(row.report_id.to_string())
        .bind(seq)
        .bind(row.author.code())
        .bind(row.sent_day.to_string())
        .bind(i64::try_from(row.size_bytes).map_err(|_| StorageError::Corrupt("size"))?)
        .bind(row.origin_mac.clone())
        .execute(&mut *tx)
        .await?;
        for attachment in attachments {
            insert_attachment(&mut tx, attachment).await?;
        }
        crate::commitments::insert_commitments(&mut tx, commitments).await?;
        let from_reporter = i64::from(row.author == crate::Author::Reporter);
        sqlx::query(
            "UPDATE reports SET updated_day = $1, from_reporter = from_reporter + $2 WHERE id = $3",
        )
        .bind(row.sent_day.to_string())
        .bind(from_reporter)
        .bind(row.report_id.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// A report's conversation, in order.
    pub async fn messages(&self, report: ReportId) -> Result<Vec<MessageRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, sent_day, size_bytes, origin_mac FROM messages WHERE report_id = $1 ORDER BY seq",
        )
        .bind(report.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every message's row, by report and in order (the search index's build reads them all
    /// at once rather than one query per report).
    pub async fn all_messages(&self) -> Result<Vec<MessageRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, sent_day, size_bytes, origin_mac FROM messages \
             ORDER BY report_id, seq",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every attachment's row, by report and in order.
    pub async fn all_attachments(&self) -> Result<Vec<AttachmentRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, origin, added_day, size_bytes FROM attachments \
             ORDER BY report_id, seq",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every message without a proof of origin (those of before issue 11).
    pub async fn messages_without_origin(&self) -> Result<Vec<MessageRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, sent_day, size_bytes, origin_mac FROM messages \
             WHERE origin_mac IS NULL ORDER BY report_id, seq",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a message's proof of origin.
    pub async fn set_message_origin(
        &self,
        id: quietline_core::MessageId,
        mac: &str,
    ) -> Result<(), StorageError> {
        self.set_single(Single::MessageOrigin, id.to_string(), mac)
            .await
            .map(drop)
    }
}

pub(crate) async fn insert_attachment(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    attachment: &AttachmentRow,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO attachments (id, report_id, seq, origin, added_day, size_bytes) \
         SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4, $5 FROM attachments WHERE report_id = $6",
    )
    .bind(attachment.id.to_string())
        .bind(attachment.report_id.to_string())
        .bind(attachment.origin.code())
        .bind(attachment.added_day.to_string())
        .bind(i64::try_from(attachment.size_bytes).map_err(|_| StorageError::Corrupt("size"))?)
        .bind(attachment.report_id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
