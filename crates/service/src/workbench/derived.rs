//! Derived copies of a report's files (issue 14, "Evidentiary and working copies"). Originals
//! never change: an investigator adds a copy made from one (a translation, a transcript, a
//! redacted version made elsewhere: an upload), or has Quietline make a working copy of a JPEG,
//! PNG or PDF without its metadata (`quietline_evidence::strip`). Each copy is linked to its
//! original with who added it (the investigator's id, in clear), when (the day) and why (a
//! reason: investigators' content, sealed).
//!
//! Stored as a `derived_copies` row (random id, report, original, kind, investigator, day, and a
//! part sealed to the report key: reason, file name, content type, size, SHA-256, what was
//! removed) and the copy's content as `reports/<id>/derived/<copy>.age`, sealed to the report
//! key like the files, so that whoever can open the report can open its copies and nobody else.
//! Adding and downloading a copy are audited by id (`derived_copy_added`,
//! `derived_copy_downloaded`).
//!
//! An upload streams into encryption within the configured maximum file size, hashed as it
//! goes; a copy without metadata is made in memory from the original decrypted in memory, which
//! that limit bounds too (one file, never the report's files together).

use std::pin::Pin;

use quietline_core::{
    AttachmentId, Day, DerivedCopyId, FieldError, InvestigatorId, Problem, ReportId,
};
use quietline_crypto::{Identity, Recipient, SealingWriter, open, open_stream, seal, seal_stream};
use quietline_evidence::strip::{Removed, StripError, strip};
use quietline_storage::{DerivedCopyRow, ObjectName, PendingObject};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::fs::File;
use tokio::io::AsyncReadExt;
use zeroize::Zeroizing;

use super::{Investigator, Now};
use crate::audit::AuditAction;
use crate::{AttachmentMeta, Instance, ServiceError};

/// Longest reason, in characters.
pub const DERIVED_REASON_MAX_CHARS: usize = 2000;

/// What a derived copy is. The codes are stable (stored in clear).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DerivedKind {
    /// A translation of the original.
    Translation,
    /// A transcript (of a recording, a handwritten page, a screenshot).
    Transcript,
    /// A version with parts redacted, made elsewhere.
    Redacted,
    /// A working copy without metadata, made by Quietline.
    MetadataRemoved,
    /// Another kind of copy (the reason says which).
    Other,
}

impl DerivedKind {
    /// Every kind.
    pub const ALL: [Self; 5] = [
        Self::Translation,
        Self::Transcript,
        Self::Redacted,
        Self::MetadataRemoved,
        Self::Other,
    ];

    /// The kinds an investigator may upload (a copy without metadata is only made by
    /// Quietline, so that the label always means what the page says was removed).
    pub const UPLOADED: [Self; 4] = [
        Self::Translation,
        Self::Transcript,
        Self::Redacted,
        Self::Other,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Translation => "translation",
            Self::Transcript => "transcript",
            Self::Redacted => "redacted",
            Self::MetadataRemoved => "metadata_removed",
            Self::Other => "other",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// In words (English, as the workbench is).
    pub fn label(self) -> &'static str {
        match self {
            Self::Translation => "Translation",
            Self::Transcript => "Transcript",
            Self::Redacted => "Redacted version",
            Self::MetadataRemoved => "Working copy without metadata",
            Self::Other => "Other derived copy",
        }
    }
}

/// What is sealed to the report key in a copy's row.
#[derive(Serialize, Deserialize)]
struct SealedCopy {
    reason: String,
    name: String,
    content_type: String,
    size: u64,
    sha256: String,
    #[serde(default)]
    removed: Vec<String>,
}

/// A derived copy, decrypted for an investigator who can open its report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedCopy {
    /// The copy.
    pub id: DerivedCopyId,
    /// Its report.
    pub report: ReportId,
    /// The file it was made from.
    pub original: AttachmentId,
    /// What it is.
    pub kind: DerivedKind,
    /// Who added it (or asked Quietline to make it).
    pub investigator: InvestigatorId,
    /// Day added.
    pub day: Day,
    /// Why, as the investigator wrote it.
    pub reason: String,
    /// Its file name.
    pub name: String,
    /// Its content type (claimed by the browser for an upload; detected for a copy without
    /// metadata).
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of its content, lowercase hex.
    pub sha256: String,
    /// For a copy without metadata, what was removed (empty otherwise, or when the original
    /// had none).
    pub removed: Vec<Removed>,
}

/// An investigator's upload of a derived copy being received: the file streams into
/// encryption (and its hash) within the maximum file size; [`DerivedCopyDraft::complete`]
/// records it with its kind and reason. Dropped before, it leaves nothing.
pub struct DerivedCopyDraft {
    instance: Instance,
    investigator: InvestigatorId,
    report: ReportId,
    original: AttachmentId,
    recipient: Recipient,
    day: time::Date,
    max_bytes: u64,
    id: DerivedCopyId,
    pending: Option<PendingObject>,
    received: Option<(String, String, u64, String)>,
}

/// The one file of a [`DerivedCopyDraft`] being received.
pub struct DerivedUpload<'d> {
    draft: &'d mut DerivedCopyDraft,
    name: String,
    content_type: String,
    writer: SealingWriter<File>,
    hash: Sha256,
}

impl DerivedUpload<'_> {
    /// Encrypts and writes the next part of the file; fails past the maximum file size.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), ServiceError> {
        if self.writer.plaintext_bytes() + chunk.len() as u64 > self.draft.max_bytes {
            return Err(ServiceError::FileTooLarge {
                limit: self.draft.max_bytes,
            });
        }
        self.hash.update(chunk);
        self.writer.write_all(chunk).await?;
        Ok(())
    }

    /// Ends the file.
    pub async fn finish(self) -> Result<(), ServiceError> {
        let size = self.writer.finish().await?;
        self.draft.received = Some((
            self.name,
            self.content_type,
            size,
            hex::encode(self.hash.finalize()),
        ));
        Ok(())
    }
}

impl DerivedCopyDraft {
    /// Starts receiving the copy's file (one per draft: a second is refused).
    pub async fn attachment(
        &mut self,
        name: &str,
        content_type: &str,
    ) -> Result<DerivedUpload<'_>, ServiceError> {
        if self.pending.is_some() {
            return Err(ServiceError::TooManyFiles { limit: 1 });
        }
        let (pending, file) = self
            .instance
            .inner
            .objects
            .create(self.report, ObjectName::DerivedCopy(self.id), self.day)
            .await?;
        self.pending = Some(pending);
        let writer = seal_stream(std::slice::from_ref(&self.recipient), file).await?;
        Ok(DerivedUpload {
            draft: self,
            name: name.chars().take(255).collect(),
            content_type: content_type.chars().take(255).collect(),
            writer,
            hash: Sha256::new(),
        })
    }

    /// Records the copy with its kind (a code of [`DerivedKind::UPLOADED`]) and reason.
    /// Refused with [`ServiceError::Invalid`] (fields `kind`, `reason`, `file`) when one is
    /// missing or wrong: nothing is kept then.
    pub async fn complete(
        mut self,
        kind: &str,
        reason: &str,
        request_id: &str,
        now: Now,
    ) -> Result<DerivedCopyId, ServiceError> {
        let mut problems = Vec::new();
        let kind = DerivedKind::from_code(kind).filter(|k| DerivedKind::UPLOADED.contains(k));
        if kind.is_none() {
            problems.push(FieldError {
                field: "kind".into(),
                problem: Problem::InvalidChoice,
            });
        }
        let reason = checked_reason(reason, &mut problems);
        if self.received.is_none() {
            problems.push(FieldError {
                field: "file".into(),
                problem: Problem::Required,
            });
        }
        let (Some(kind), Some((name, content_type, size, sha256)), true) =
            (kind, self.received.take(), problems.is_empty())
        else {
            return Err(ServiceError::Invalid(problems));
        };
        if let Some(pending) = self.pending.take() {
            pending.commit().await?;
        }
        let sealed = SealedCopy {
            reason,
            name,
            content_type,
            size,
            sha256,
            removed: Vec::new(),
        };
        self.instance
            .record_derived_copy(
                self.investigator,
                self.report,
                self.original,
                self.id,
                kind,
                &self.recipient,
                &sealed,
                request_id,
                now,
            )
            .await?;
        Ok(self.id)
    }
}

fn checked_reason(reason: &str, problems: &mut Vec<FieldError>) -> String {
    let reason = reason.trim();
    if reason.is_empty() {
        problems.push(FieldError {
            field: "reason".into(),
            problem: Problem::Required,
        });
    } else if reason.chars().count() > DERIVED_REASON_MAX_CHARS {
        problems.push(FieldError {
            field: "reason".into(),
            problem: Problem::TooLong {
                max: DERIVED_REASON_MAX_CHARS,
            },
        });
    }
    reason.to_owned()
}

impl Instance {
    /// The report key opened with `investigator`'s identity, after checking that `original` is
    /// one of the report's files.
    async fn key_for_original(
        &self,
        investigator: &Investigator,
        report: ReportId,
        original: AttachmentId,
    ) -> Result<Identity, ServiceError> {
        self.workspace_for(investigator)?;
        let key = self.report_key(&investigator.identity, report).await?;
        if !self
            .inner
            .db
            .attachments(report)
            .await?
            .iter()
            .any(|a| a.id == original)
        {
            return Err(ServiceError::NotFound);
        }
        Ok(key)
    }

    /// Starts an investigator's upload of a copy derived from the file `original` of `report`
    /// (only an investigator whose key opens the report may).
    pub async fn begin_derived_copy(
        &self,
        investigator: &Investigator,
        report: ReportId,
        original: AttachmentId,
        today: time::Date,
    ) -> Result<DerivedCopyDraft, ServiceError> {
        let key = self
            .key_for_original(investigator, report, original)
            .await?;
        Ok(DerivedCopyDraft {
            instance: self.clone(),
            investigator: investigator.id,
            report,
            original,
            recipient: key.recipient(),
            day: today,
            max_bytes: self.inner.config.limits.max_file_bytes,
            id: DerivedCopyId::random(),
            pending: None,
            received: None,
        })
    }

    /// Makes a working copy of the JPEG, PNG or PDF file `original` without its metadata
    /// (the original decrypted in memory, bounded by the maximum file size), seals it to the
    /// report key and records it. Refused with [`ServiceError::CannotStrip`] for another kind
    /// of file or one that cannot be read.
    pub async fn make_copy_without_metadata(
        &self,
        investigator: &Investigator,
        report: ReportId,
        original: AttachmentId,
        request_id: &str,
        now: Now,
    ) -> Result<DerivedCopy, ServiceError> {
        let key = self
            .key_for_original(investigator, report, original)
            .await?;
        let objects = &self.inner.objects;
        let meta: AttachmentMeta = serde_json::from_slice(&open(
            &key,
            &objects
                .read(report, ObjectName::AttachmentMeta(original))
                .await?,
        )?)
        .map_err(|_| ServiceError::Corrupt("attachment meta"))?;
        let limit = self.inner.config.limits.max_file_bytes;
        if meta.size > limit {
            return Err(ServiceError::FileTooLarge { limit });
        }
        let file = objects
            .open_object(report, ObjectName::AttachmentContent(original))
            .await?;
        let mut plain = Zeroizing::new(Vec::with_capacity(usize::try_from(meta.size).unwrap_or(0)));
        open_stream(&key, file)
            .await?
            .take(limit + 1)
            .read_to_end(&mut plain)
            .await?;
        if plain.len() as u64 > limit {
            return Err(ServiceError::FileTooLarge { limit });
        }
        let stripped = tokio::task::spawn_blocking(move || strip(&plain))
            .await
            .map_err(|_| ServiceError::CannotStrip("the file could not be read".into()))?
            .map_err(|e| {
                ServiceError::CannotStrip(match e {
                    StripError::Unsupported => "it is not a JPEG, PNG or PDF file".into(),
                    StripError::Encrypted => "the PDF is encrypted".into(),
                    other => format!("{other}"),
                })
            })?;
        let copy = Zeroizing::new(stripped.bytes);
        let id = DerivedCopyId::random();
        let recipient = key.recipient();
        let sealed_content = seal(std::slice::from_ref(&recipient), &copy)?;
        objects
            .write(
                report,
                ObjectName::DerivedCopy(id),
                &sealed_content,
                now.today(),
            )
            .await?;
        let sealed = SealedCopy {
            reason: "Working copy without metadata, made by Quietline from the original.".into(),
            name: stripped_name(&meta.name, stripped.format.extension()),
            content_type: stripped.format.content_type().into(),
            size: copy.len() as u64,
            sha256: hex::encode(Sha256::digest(&*copy)),
            removed: stripped
                .removed
                .iter()
                .map(|r| r.code().to_owned())
                .collect(),
        };
        self.record_derived_copy(
            investigator.id,
            report,
            original,
            id,
            DerivedKind::MetadataRemoved,
            &recipient,
            &sealed,
            request_id,
            now,
        )
        .await?;
        Ok(view_of(
            id,
            report,
            original,
            DerivedKind::MetadataRemoved,
            investigator.id,
            Day::new(now.today()),
            sealed,
        ))
    }

    #[allow(clippy::too_many_arguments)] // one row: where, from what, what, by whom, sealed how
    async fn record_derived_copy(
        &self,
        investigator: InvestigatorId,
        report: ReportId,
        original: AttachmentId,
        id: DerivedCopyId,
        kind: DerivedKind,
        recipient: &Recipient,
        sealed: &SealedCopy,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        let json = Zeroizing::new(
            serde_json::to_vec(sealed).map_err(|_| ServiceError::Corrupt("derived copy"))?,
        );
        let row = DerivedCopyRow {
            id,
            report_id: report,
            original_id: original,
            kind: kind.code().into(),
            investigator_id: investigator,
            added_day: Day::new(now.today()),
            sealed: seal(std::slice::from_ref(recipient), &json)?,
        };
        self.inner.db.insert_derived_copy(&row).await?;
        self.audit_investigator(
            investigator,
            AuditAction::DerivedCopyAdded,
            report.to_string(),
            [
                ("original", json!(original.to_string())),
                ("copy", json!(id.to_string())),
                ("kind", json!(kind.code())),
            ],
            request_id,
            now,
        )
        .await
    }

    /// A report's derived copies, decrypted with its key (for the report's page and, inside
    /// the service, the evidence bundle).
    pub(crate) async fn derived_copies_with(
        &self,
        key: &Identity,
        report: ReportId,
    ) -> Result<Vec<DerivedCopy>, ServiceError> {
        let mut copies = Vec::new();
        for row in self.inner.db.derived_copies(report).await? {
            copies.push(open_row(key, row)?);
        }
        Ok(copies)
    }

    /// A report's derived copies (who, when, why, kind, name, size, SHA-256, what was removed),
    /// for an investigator whose key opens the report. Not audited: it shows nothing the
    /// report's page (whose opening is audited) does not.
    pub async fn derived_copies(
        &self,
        investigator: &Investigator,
        report: ReportId,
    ) -> Result<Vec<DerivedCopy>, ServiceError> {
        self.workspace_for(investigator)?;
        let key = self.report_key(&investigator.identity, report).await?;
        self.derived_copies_with(&key, report).await
    }

    /// A derived copy's content, decrypted as it is read, with the report key (no audit entry:
    /// the caller records what it does with it, as the evidence bundle's export does).
    pub(crate) async fn derived_copy_content_with(
        &self,
        key: &Identity,
        report: ReportId,
        copy: DerivedCopyId,
    ) -> Result<(DerivedCopy, Pin<Box<dyn tokio::io::AsyncRead + Send>>), ServiceError> {
        let row = self
            .inner
            .db
            .derived_copy(report, copy)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let view = open_row(key, row)?;
        let file = self
            .inner
            .objects
            .open_object(report, ObjectName::DerivedCopy(copy))
            .await?;
        Ok((view, open_stream(key, file).await?))
    }

    /// A derived copy and its content decrypted as it is read, for an investigator whose key
    /// opens the report. Audited like a file's download (`derived_copy_downloaded`).
    pub async fn open_derived_copy(
        &self,
        investigator: &Investigator,
        report: ReportId,
        copy: DerivedCopyId,
        request_id: &str,
        now: Now,
    ) -> Result<(DerivedCopy, Pin<Box<dyn tokio::io::AsyncRead + Send>>), ServiceError> {
        self.workspace_for(investigator)?;
        let key = self.report_key(&investigator.identity, report).await?;
        let opened = self.derived_copy_content_with(&key, report, copy).await?;
        self.audit_investigator(
            investigator.id,
            AuditAction::DerivedCopyDownloaded,
            report.to_string(),
            [("copy", copy.to_string().into())],
            request_id,
            now,
        )
        .await?;
        Ok(opened)
    }
}

fn open_row(key: &Identity, row: DerivedCopyRow) -> Result<DerivedCopy, ServiceError> {
    let plain = Zeroizing::new(open(key, &row.sealed)?);
    let sealed: SealedCopy =
        serde_json::from_slice(&plain).map_err(|_| ServiceError::Corrupt("derived copy"))?;
    let kind = DerivedKind::from_code(&row.kind).ok_or(ServiceError::Corrupt("derived kind"))?;
    Ok(view_of(
        row.id,
        row.report_id,
        row.original_id,
        kind,
        row.investigator_id,
        row.added_day,
        sealed,
    ))
}

fn view_of(
    id: DerivedCopyId,
    report: ReportId,
    original: AttachmentId,
    kind: DerivedKind,
    investigator: InvestigatorId,
    day: Day,
    sealed: SealedCopy,
) -> DerivedCopy {
    DerivedCopy {
        id,
        report,
        original,
        kind,
        investigator,
        day,
        reason: sealed.reason,
        name: sealed.name,
        content_type: sealed.content_type,
        size: sealed.size,
        sha256: sealed.sha256,
        removed: sealed
            .removed
            .iter()
            .filter_map(|code| Removed::from_code(code))
            .collect(),
    }
}

/// `photo.jpeg` → `photo.without-metadata.jpg` (the extension of what the content is).
fn stripped_name(original: &str, extension: &str) -> String {
    let stem = match original.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => original,
    };
    let stem = if stem.trim().is_empty() { "file" } else { stem };
    format!("{stem}.without-metadata.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_the_stripped_name_says_what_it_is() {
        for kind in DerivedKind::ALL {
            assert_eq!(DerivedKind::from_code(kind.code()), Some(kind));
        }
        assert!(!DerivedKind::UPLOADED.contains(&DerivedKind::MetadataRemoved));
        assert_eq!(
            stripped_name("photo.JPEG", "jpg"),
            "photo.without-metadata.jpg"
        );
        assert_eq!(stripped_name("scan", "pdf"), "scan.without-metadata.pdf");
        assert_eq!(stripped_name(".png", "png"), ".png.without-metadata.png");
    }
}
