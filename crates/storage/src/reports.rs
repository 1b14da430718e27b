//! The `reports` table: a report's row (inserted with its staged folder, both or neither),
//! its status and day, its tags of stored keys, and what the inbox reads: clear metadata and
//! the parts sealed to the workspace key.

use futures::TryStreamExt;
use quietline_core::{Day, InvestigatorId, ReportId, ReportRef, ReportStatus};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::KdfColumns;
use crate::columns::decode::{self, column};
use crate::messages::{AttachmentRow, insert_attachment};
use crate::objects::StagedReport;
use crate::single::Single;
use crate::{Database, StorageError};

/// Lookup ids drawn before giving up: with 10^6 ids and the table a tenth full, the
/// chance of 50 collisions in a row is 10^-50.
const MAX_LOOKUP_DRAWS: usize = 50;

/// A report's row.
#[derive(Clone, Debug)]
pub struct ReportRow {
    /// The report.
    pub id: ReportId,
    /// First digits of the receipt.
    pub lookup: u32,
    /// Public key of the report key.
    pub report_recipient: String,
    /// Public key derived from the receipt.
    pub mailbox_recipient: String,
    /// Salt of the receipt derivation.
    pub receipt_salt: Vec<u8>,
    /// Cost of the receipt derivation.
    pub kdf: KdfColumns,
    /// Status.
    pub status: ReportStatus,
    /// Day received (UTC).
    pub received_day: Day,
    /// Day of the last change (UTC).
    pub updated_day: Day,
    /// Size of the encrypted answers object.
    pub answers_bytes: u64,
    /// Tag of (id, report recipient, mailbox recipient) under a key not in the database;
    /// `None` for a row of before issue 11 that was never vouched for.
    pub recipients_mac: Option<String>,
}

/// What is inserted for a new report.
#[derive(Clone, Debug)]
pub struct NewReport {
    /// The row itself (its `lookup` is replaced by the one drawn).
    pub row: ReportRow,
    /// Summary for the inbox, sealed to the workspace key (none before a workspace exists).
    pub summary_sealed: Option<Vec<u8>>,
    /// Cross-referencing records, sealed to the workspace key (none before a workspace exists).
    pub xref_sealed: Option<Vec<u8>>,
    /// Public keys the report key is wrapped to.
    pub access: Vec<String>,
    /// Commitments to the report's answers and files (integrity from arrival), recorded in
    /// the report's transaction.
    pub commitments: Vec<crate::NewCommitment>,
}

/// A report as the inbox needs it: clear metadata, and the sealed parts that only an
/// unlocked workspace can read.
#[derive(Clone, Debug)]
pub struct InboxRow {
    /// The report.
    pub id: ReportId,
    /// Status.
    pub status: ReportStatus,
    /// Day received.
    pub received_day: Day,
    /// Day of the last change.
    pub updated_day: Day,
    /// Assigned investigator.
    pub assignee: Option<InvestigatorId>,
    /// Messages the reporter has sent since the report (never reset: what each investigator
    /// has seen of them is in `report_reads`).
    pub from_reporter: i64,
    /// Summary, sealed to the workspace key.
    pub summary_sealed: Option<Vec<u8>>,
    /// Tags, sealed to the workspace key.
    pub tags_sealed: Option<Vec<u8>>,
    /// Cross-referencing records, sealed to the workspace key.
    pub xref_sealed: Option<Vec<u8>>,
    /// The short reference (none until drawn: see [`Database::set_report_reference`]).
    pub reference: Option<ReportRef>,
    /// The day an investigator postponed its retention to, if any.
    pub retain_until: Option<Day>,
    /// Whether a case under legal hold holds it.
    pub legal_hold: bool,
}

/// A report's parts sealed to the workspace key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealedPart {
    /// The inbox summary.
    Summary,
    /// The tags.
    Tags,
    /// The cross-referencing records.
    Xref,
}

impl SealedPart {
    fn column(self) -> Single {
        match self {
            Self::Summary => Single::ReportSummary,
            Self::Tags => Single::ReportTags,
            Self::Xref => Single::ReportXref,
        }
    }
}

macro_rules! report_columns {
    () => {
        "id, lookup, report_recipient, mailbox_recipient, receipt_salt, kdf_memory_kib, \
         kdf_iterations, kdf_parallelism, status, received_day, updated_day, answers_bytes, recipients_mac"
    };
}

impl FromRow<'_, AnyRow> for ReportRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ReportRow {
            id: column(r, "id", decode::id)?,
            lookup: column(r, "lookup", decode::small)?,
            report_recipient: r.try_get("report_recipient")?,
            mailbox_recipient: r.try_get("mailbox_recipient")?,
            receipt_salt: r.try_get("receipt_salt")?,
            kdf: KdfColumns::from_row(r)?,
            status: column(r, "status", decode::status)?,
            received_day: column(r, "received_day", decode::day)?,
            updated_day: column(r, "updated_day", decode::day)?,
            answers_bytes: column(r, "answers_bytes", decode::unsigned)?,
            recipients_mac: r.try_get("recipients_mac")?,
        })
    }
}

impl FromRow<'_, AnyRow> for InboxRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(InboxRow {
            id: column(r, "id", decode::id)?,
            status: column(r, "status", decode::status)?,
            received_day: column(r, "received_day", decode::day)?,
            updated_day: column(r, "updated_day", decode::day)?,
            assignee: column(r, "assignee", decode::optional_id)?,
            from_reporter: r.try_get("from_reporter")?,
            summary_sealed: r.try_get("summary_sealed")?,
            tags_sealed: r.try_get("tags_sealed")?,
            xref_sealed: r.try_get("xref_sealed")?,
            reference: column(r, "reference", decode::optional_id)?,
            retain_until: column(r, "retain_until", decode::optional_day)?,
            legal_hold: r.try_get::<i64, _>("legal_hold")? != 0,
        })
    }
}

impl Database {
    /// Every report id (to find report folders that have no row).
    pub async fn report_ids(&self) -> Result<Vec<ReportId>, StorageError> {
        let ids = sqlx::query_scalar("SELECT id FROM reports")
            .fetch_all(&self.pool)
            .await?;
        ids.into_iter().map(decode::id).collect()
    }

    /// How many reports there are.
    pub async fn report_count(&self) -> Result<u64, StorageError> {
        let count = sqlx::query_scalar("SELECT COUNT(*) FROM reports")
            .fetch_one(&self.pool)
            .await?;
        decode::unsigned(count)
    }

    /// How many reports there are, and the ids of the newest day's reports: those received
    /// on the last day any was received, at most `newest_limit` of them, by id. No order of
    /// arrival is kept (docs/threat-model.md), so "the newest report" is only ever a day's.
    pub async fn report_inventory(
        &self,
        newest_limit: u32,
    ) -> Result<(u64, Vec<ReportId>), StorageError> {
        let count = self.report_count().await?;
        let ids = sqlx::query_scalar(
            "SELECT id FROM reports WHERE received_day = (SELECT MAX(received_day) FROM reports) \
             ORDER BY id LIMIT $1",
        )
        .bind(i64::from(newest_limit))
        .fetch_all(&self.pool)
        .await?;
        let newest = ids.into_iter().map(decode::id).collect::<Result<_, _>>()?;
        Ok((count, newest))
    }

    /// Records a new report and moves its staged folder into place, both or neither: the
    /// row is inserted in a transaction that commits only once the folder is in place.
    ///
    /// The row's lookup id comes from `next_lookup`, drawn again while it is taken by
    /// another report. Returns the lookup id used.
    pub async fn insert_report(
        &self,
        new: &NewReport,
        attachments: &[AttachmentRow],
        staged: StagedReport,
        mut next_lookup: impl FnMut() -> u32,
    ) -> Result<u32, StorageError> {
        staged.sync().await?;
        let mut staged = Some(staged);
        for _ in 0..MAX_LOOKUP_DRAWS {
            let lookup = next_lookup();
            if self.report_by_lookup(lookup).await?.is_some() {
                continue;
            }
            let mut tx = self.pool.begin().await?;
            let row = &new.row;
            let inserted = sqlx::query(
                "INSERT INTO reports (id, lookup, report_recipient, mailbox_recipient, receipt_salt, \
                 kdf_memory_kib, kdf_iterations, kdf_parallelism, status, received_day, updated_day, answers_bytes, \
                 summary_sealed, xref_sealed, recipients_mac) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(row.id.to_string())
            .bind(i64::from(lookup))
            .bind(&row.report_recipient)
            .bind(&row.mailbox_recipient)
            .bind(&row.receipt_salt)
            .bind(i64::from(row.kdf.memory_kib))
            .bind(i64::from(row.kdf.iterations))
            .bind(i64::from(row.kdf.parallelism))
            .bind(row.status.code())
            .bind(row.received_day.to_string())
            .bind(row.updated_day.to_string())
            .bind(i64::try_from(row.answers_bytes).map_err(|_| StorageError::Corrupt("size"))?)
            .bind(new.summary_sealed.clone())
            .bind(new.xref_sealed.clone())
            .bind(row.recipients_mac.clone())
            .execute(&mut *tx)
            .await;
            match inserted {
                // Another report took this lookup id between the check and the insert.
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
                Err(e) => return Err(e.into()),
                Ok(_) => {}
            }
            for attachment in attachments {
                insert_attachment(&mut tx, attachment).await?;
            }
            crate::commitments::insert_commitments(&mut tx, &new.commitments).await?;
            for recipient in &new.access {
                sqlx::query("INSERT INTO report_access (report_id, recipient) VALUES ($1, $2)")
                    .bind(row.id.to_string())
                    .bind(recipient)
                    .execute(&mut *tx)
                    .await?;
            }
            let folder = staged
                .take()
                .ok_or(StorageError::Corrupt("staged report used twice"))?;
            let published = folder.publish().await?;
            if let Err(e) = tx.commit().await {
                published.remove().await;
                return Err(e.into());
            }
            return Ok(lookup);
        }
        Err(StorageError::LookupTaken)
    }

    /// The report whose receipt starts with `lookup`.
    pub async fn report_by_lookup(&self, lookup: u32) -> Result<Option<ReportRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            report_columns!(),
            " FROM reports WHERE lookup = $1"
        ))
        .bind(i64::from(lookup))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// A report by id.
    pub async fn report(&self, id: ReportId) -> Result<Option<ReportRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            report_columns!(),
            " FROM reports WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every report, newest first.
    pub async fn reports(&self) -> Result<Vec<ReportRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            report_columns!(),
            " FROM reports ORDER BY received_day DESC, id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Changes a report's status.
    pub async fn set_report_status(
        &self,
        id: ReportId,
        status: ReportStatus,
        day: Day,
    ) -> Result<(), StorageError> {
        let done = sqlx::query("UPDATE reports SET status = $1, updated_day = $2 WHERE id = $3")
            .bind(status.code())
            .bind(day.to_string())
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Records the tag of a report's two keys.
    pub async fn set_report_mac(&self, id: ReportId, mac: &str) -> Result<(), StorageError> {
        self.set_single(Single::ReportMac, id.to_string(), mac)
            .await
            .map(drop)
    }

    /// Every report as the inbox needs it, by day received then id (no order of arrival is
    /// kept within a day).
    pub async fn inbox_rows(&self) -> Result<Vec<InboxRow>, StorageError> {
        // Streamed and converted row by row: with 100 000 reports, holding every driver row
        // (sealed blobs included) beside the converted ones doubled the unlock's peak memory.
        Ok(sqlx::query_as(
            "SELECT id, status, received_day, updated_day, assignee, from_reporter, \
             summary_sealed, tags_sealed, xref_sealed, reference, retain_until, legal_hold FROM reports ORDER BY received_day, id",
        )
        .fetch(&self.pool)
        .try_collect()
        .await?)
    }

    /// One report as the inbox needs it.
    pub async fn inbox_row(&self, id: ReportId) -> Result<Option<InboxRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, status, received_day, updated_day, assignee, from_reporter, \
             summary_sealed, tags_sealed, xref_sealed, reference, retain_until, legal_hold FROM reports WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Gives a report its short reference, if it has none yet. `false` when another report
    /// has this one (draw again) or the report already has one.
    pub async fn set_report_reference(
        &self,
        id: ReportId,
        reference: ReportRef,
    ) -> Result<bool, StorageError> {
        let updated = sqlx::query(
            "UPDATE reports SET reference = $1 WHERE id = $2 AND reference IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM report_tombstones WHERE reference = $1)",
        )
        .bind(reference.to_string())
        .bind(id.to_string())
        .execute(&self.pool)
        .await;
        match updated {
            Ok(done) => Ok(done.rows_affected() == 1),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The reports that have no short reference yet (stored before references existed, or
    /// the process stopped between storing a report and drawing its reference).
    pub async fn reports_without_reference(&self) -> Result<Vec<ReportId>, StorageError> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM reports WHERE reference IS NULL")
            .fetch_all(&self.pool)
            .await?;
        ids.iter()
            .map(|id| id.parse().map_err(|_| StorageError::Corrupt("report id")))
            .collect()
    }

    /// Sets the status of several reports at once.
    pub async fn set_statuses(
        &self,
        ids: &[ReportId],
        status: ReportStatus,
        day: Day,
    ) -> Result<u64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let mut changed = 0;
        for id in ids {
            changed +=
                sqlx::query("UPDATE reports SET status = $1, updated_day = $2 WHERE id = $3")
                    .bind(status.code())
                    .bind(day.to_string())
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Assigns several reports to an investigator (or to nobody).
    pub async fn set_assignees(
        &self,
        ids: &[ReportId],
        assignee: Option<InvestigatorId>,
    ) -> Result<u64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let mut changed = 0;
        for id in ids {
            changed += sqlx::query("UPDATE reports SET assignee = $1 WHERE id = $2")
                .bind(assignee.map(|a| a.to_string()))
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Sets one sealed part of a report: its tags when they change; its summary or its
    /// cross-referencing records for a report received before they were made at arrival.
    pub async fn set_sealed_part(
        &self,
        id: ReportId,
        part: SealedPart,
        sealed: &[u8],
    ) -> Result<(), StorageError> {
        self.set_single(part.column(), id.to_string(), sealed)
            .await
            .map(drop)
    }

    /// Replaces one sealed part of a report if it is still `old` (a re-seal to a new
    /// workspace key that loses no concurrent change). Returns whether it was replaced.
    pub async fn replace_sealed_part(
        &self,
        id: ReportId,
        part: SealedPart,
        old: &[u8],
        new: &[u8],
    ) -> Result<bool, StorageError> {
        self.replace_single(part.column(), id.to_string(), old, new)
            .await
    }
}
