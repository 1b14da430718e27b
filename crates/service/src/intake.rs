//! Receiving a report: attachments are encrypted as they stream in, the answers when the
//! form is complete, and nothing becomes visible (no row, no folder) until everything is
//! written. A submission dropped half-way leaves nothing behind. Nothing touches the disk
//! before there is something to write: the staging folder is made for the first file (which
//! the web layer accepts only after the form's CSRF token checked out) or the answers.

use quietline_core::{
    AttachmentId, Day, Limits, Receipt, ReportAnswers, ReportId, ReportStatus, receipt::LookupId,
};
use quietline_crypto::{
    Identity, Recipient, SALT_BYTES, SealingWriter, random_bytes, seal, seal_stream, wrap_identity,
};
use quietline_storage::{
    AttachmentOrigin, AttachmentRow, KdfColumns, NewReport, ObjectName, Objects, PendingObject,
    ReportRow, StagedReport,
};
use serde::{Deserialize, Serialize};
use tokio::fs::File;
use zeroize::Zeroizing;

use crate::workbench::InboxSummary;
use crate::{Instance, ServiceError};

/// An attachment's name, type and size: encrypted beside its content
/// (`files/<id>.meta.age`), never stored in clear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    /// The file name the reporter's browser sent.
    pub name: String,
    /// The content type the browser claimed (not trusted for anything).
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
}

/// Where uploaded files go: into a new report's staging folder (made when first needed), or
/// beside an existing report's objects.
pub(crate) enum Destination {
    New {
        objects: Objects,
        staged: Option<StagedReport>,
    },
    Existing {
        objects: Objects,
        pending: Vec<PendingObject>,
    },
}

/// Files being received for one report, within the limits.
pub(crate) struct AttachmentSink {
    pub report: ReportId,
    pub recipient: Recipient,
    pub limits: Limits,
    pub day: time::Date,
    pub origin: AttachmentOrigin,
    pub destination: Destination,
    pub rows: Vec<AttachmentRow>,
    /// The files' names, for the search index of an unlocked workspace (held in memory
    /// only, as the names are while they are sealed).
    pub names: Vec<(AttachmentId, String)>,
    /// The files' names, types and sizes, for the reporter's copy if they chose one (held
    /// in memory only until it is sealed).
    pub metas: Vec<AttachmentMeta>,
    pub total_bytes: u64,
    /// Commitments to the files received (integrity from arrival), recorded with the report
    /// or the message they came with.
    pub commitments: Vec<quietline_storage::NewCommitment>,
}

impl AttachmentSink {
    /// The staging folder of a new report, made now if it was not yet.
    async fn staged(&mut self) -> Result<&StagedReport, ServiceError> {
        let Destination::New { objects, staged } = &mut self.destination else {
            return Err(ServiceError::Corrupt("not a new report"));
        };
        if staged.is_none() {
            *staged = Some(objects.stage_report(self.report, self.day).await?);
        }
        staged
            .as_ref()
            .ok_or(ServiceError::Corrupt("no staging folder"))
    }

    async fn create(&mut self, name: ObjectName) -> Result<File, ServiceError> {
        if let Destination::Existing { objects, pending } = &mut self.destination {
            let (object, file) = objects.create(self.report, name, self.day).await?;
            pending.push(object);
            return Ok(file);
        }
        Ok(self.staged().await?.create(name).await?)
    }

    pub async fn attachment(
        &mut self,
        name: &str,
        content_type: &str,
    ) -> Result<Upload<'_>, ServiceError> {
        if self.rows.len() >= self.limits.max_files {
            return Err(ServiceError::TooManyFiles {
                limit: self.limits.max_files,
            });
        }
        let id = AttachmentId::random();
        let file = self.create(ObjectName::AttachmentContent(id)).await?;
        let writer = seal_stream(std::slice::from_ref(&self.recipient), file).await?;
        Ok(Upload {
            sink: self,
            id,
            name: name.chars().take(255).collect(),
            content_type: content_type.chars().take(255).collect(),
            writer,
            hasher: quietline_crypto::commitment::ContentHasher::new(),
        })
    }

    /// Makes the objects of an existing report durable (staged ones are synced with
    /// their folder).
    pub async fn commit_pending(&mut self) -> Result<(), ServiceError> {
        if let Destination::Existing { pending, .. } = &mut self.destination {
            for object in pending.drain(..) {
                object.commit().await?;
            }
        }
        Ok(())
    }
}

/// One file being received. Dropped before [`Upload::finish`], it is discarded with the
/// submission or reply it belongs to.
pub struct Upload<'s> {
    sink: &'s mut AttachmentSink,
    id: AttachmentId,
    name: String,
    content_type: String,
    writer: SealingWriter<File>,
    /// SHA-256 of the plaintext, fed with exactly what is sealed.
    hasher: quietline_crypto::commitment::ContentHasher,
}

impl Upload<'_> {
    /// Encrypts and writes the next part of the file. Fails once the file or the
    /// submission's files together exceed their limits; the caller then drops the upload.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), ServiceError> {
        let file_bytes = self.writer.plaintext_bytes() + chunk.len() as u64;
        if file_bytes > self.sink.limits.max_file_bytes {
            return Err(ServiceError::FileTooLarge {
                limit: self.sink.limits.max_file_bytes,
            });
        }
        if self.sink.total_bytes + file_bytes > self.sink.limits.max_report_bytes {
            return Err(ServiceError::ReportTooLarge {
                limit: self.sink.limits.max_report_bytes,
            });
        }
        self.writer.write_all(chunk).await?;
        self.hasher.update(chunk);
        Ok(())
    }

    /// Ends the file and writes its encrypted name and type beside it.
    pub async fn finish(self) -> Result<(), ServiceError> {
        let size = self.writer.finish().await?;
        let (sha256, hashed) = self.hasher.finish();
        if hashed != size {
            return Err(ServiceError::Corrupt(
                "a file's hash does not cover what was sealed",
            ));
        }
        let commitment = crate::integrity::new_commitment(
            self.sink.report,
            crate::integrity::ItemKind::Attachment,
            self.id.to_string(),
            Day::new(self.sink.day),
            (sha256, size),
            &self.sink.recipient,
        )?;
        let meta = AttachmentMeta {
            name: self.name,
            content_type: self.content_type,
            size,
        };
        let meta_json = Zeroizing::new(
            serde_json::to_vec(&meta).map_err(|_| ServiceError::Corrupt("attachment meta"))?,
        );
        let sealed = seal(std::slice::from_ref(&self.sink.recipient), &meta_json)?;
        let mut file = self
            .sink
            .create(ObjectName::AttachmentMeta(self.id))
            .await?;
        tokio::io::AsyncWriteExt::write_all(&mut file, &sealed).await?;
        tokio::io::AsyncWriteExt::flush(&mut file).await?;
        self.sink.total_bytes += size;
        self.sink.names.push((self.id, meta.name.clone()));
        self.sink.metas.push(meta);
        self.sink.commitments.push(commitment);
        self.sink.rows.push(AttachmentRow {
            id: self.id,
            report_id: self.sink.report,
            origin: self.sink.origin,
            added_day: Day::new(self.sink.day),
            size_bytes: size,
        });
        Ok(())
    }
}

/// A report being received.
pub struct Submission {
    instance: Instance,
    report_key: Identity,
    recipients: Vec<Recipient>,
    sink: AttachmentSink,
    keep_copy: bool,
}

impl Instance {
    /// Starts receiving a report: a fresh report key (the staging folder comes with the
    /// first thing to write). Fails with [`ServiceError::NotInitialised`] until a recovery
    /// recipient is recorded.
    pub async fn begin_submission(&self, today: time::Date) -> Result<Submission, ServiceError> {
        let recipients = self.report_key_recipients().await?;
        let report = ReportId::random();
        let report_key = Identity::generate();
        Ok(Submission {
            instance: self.clone(),
            recipients,
            sink: AttachmentSink {
                report,
                recipient: report_key.recipient(),
                limits: self.inner.config.limits.clone(),
                day: today,
                origin: AttachmentOrigin::Submission,
                destination: Destination::New {
                    objects: self.inner.objects.clone(),
                    staged: None,
                },
                rows: Vec::new(),
                names: Vec::new(),
                metas: Vec::new(),
                total_bytes: 0,
                commitments: Vec::new(),
            },
            report_key,
            keep_copy: false,
        })
    }
}

impl Submission {
    /// Starts receiving an attached file.
    pub async fn attachment(
        &mut self,
        name: &str,
        content_type: &str,
    ) -> Result<Upload<'_>, ServiceError> {
        self.sink.attachment(name, content_type).await
    }

    /// Files received so far.
    pub fn attachment_count(&self) -> usize {
        self.sink.rows.len()
    }

    /// The reporter's choice to keep a copy of what they send, readable with their receipt
    /// (off unless asked for; see the `reporter_copy` module). If `keep`, [`Self::complete`]
    /// seals the answers and the files' names to the receipt's key as `reporter_copy.age`.
    pub fn keep_reporter_copy(&mut self, keep: bool) {
        self.keep_copy = keep;
    }

    /// Encrypts the answers, wraps the report key to every investigator and the recovery
    /// recipient, derives the receipt's key, and records the report. Returns the receipt,
    /// which exists nowhere else: it must be shown to the reporter now.
    pub async fn complete(self, answers: &ReportAnswers) -> Result<Receipt, ServiceError> {
        let Submission {
            instance,
            report_key,
            recipients,
            mut sink,
            keep_copy,
        } = self;
        let inner = &instance.inner;
        sink.staged().await?;
        let Destination::New {
            staged: Some(staged),
            ..
        } = sink.destination
        else {
            return Err(ServiceError::Corrupt("submission without a staging folder"));
        };

        let answers_json = Zeroizing::new(
            serde_json::to_vec(answers).map_err(|_| ServiceError::Corrupt("answers"))?,
        );
        let sealed_answers = seal(std::slice::from_ref(&sink.recipient), &answers_json)?;
        let answers_commitment = crate::integrity::commitment_to_bytes(
            sink.report,
            crate::integrity::ItemKind::Answers,
            sink.report.to_string(),
            Day::new(sink.day),
            &answers_json,
            &sink.recipient,
        )?;
        staged.write(ObjectName::Answers, &sealed_answers).await?;
        staged
            .write(ObjectName::Key, &wrap_identity(&report_key, &recipients)?)
            .await?;
        drop(report_key);

        let receipt = new_receipt()?;
        let salt = random_bytes::<SALT_BYTES>()?.to_vec();
        let params = inner.config.receipt_kdf;
        let secret = Zeroizing::new(
            secrecy::ExposeSecret::expose_secret(receipt.secret())
                .as_bytes()
                .to_vec(),
        );
        let mailbox = inner
            .kdf
            .derive(
                secret,
                salt.clone(),
                params,
                crate::kdf_pool::KdfPriority::Intake,
            )
            .await?;

        let report_recipient = sink.recipient.to_string();
        let mailbox_recipient = mailbox.recipient().to_string();
        if keep_copy {
            // Published with the rest of the folder, or not at all; never written otherwise.
            let sealed =
                crate::reporter_copy::seal_copy(sink.report, &mailbox, answers, &sink.metas)?;
            staged.write(ObjectName::ReporterCopy, &sealed).await?;
        }
        sink.metas.clear();

        let day = Day::new(sink.day);
        let summary = InboxSummary::of(answers, sink.rows.len());
        let records = crate::workbench::xref_records_of(sink.report, answers);
        // A refused workspace key (its row was changed in the database) seals nothing to it:
        // the report is still received, its summary is made when someone who holds the
        // genuine key opens it; the refusal is in the log and the audit trail.
        let (summary_sealed, xref_sealed) = match instance.workspace_recipient().await {
            Ok(Some(workspace)) => (
                Some(summary.seal(&workspace)?),
                Some(crate::workbench::seal_records(&records, &workspace)?),
            ),
            Ok(None) | Err(ServiceError::RecipientRefused(_)) => (None, None),
            Err(other) => return Err(other),
        };
        let recipients_mac =
            instance.report_tag(sink.report, &report_recipient, &mailbox_recipient);
        let row = ReportRow {
            id: sink.report,
            lookup: receipt.lookup().value(),
            report_recipient,
            mailbox_recipient,
            receipt_salt: salt,
            kdf: KdfColumns {
                memory_kib: params.memory_kib,
                iterations: params.iterations,
                parallelism: params.parallelism,
            },
            status: ReportStatus::New,
            received_day: day,
            updated_day: day,
            answers_bytes: sealed_answers.len() as u64,
            recipients_mac: Some(recipients_mac),
        };
        let new = NewReport {
            row,
            summary_sealed,
            xref_sealed: xref_sealed.clone(),
            access: recipients.iter().map(ToString::to_string).collect(),
            commitments: std::iter::once(answers_commitment)
                .chain(sink.commitments.drain(..))
                .collect(),
        };
        let mut first_draw = Some(receipt.lookup().value());
        let lookup = inner
            .db
            .insert_report(&new, &sink.rows, staged, || {
                first_draw.take().unwrap_or_else(random_lookup)
            })
            .await?;
        // The report is stored: a reference that cannot be drawn now is drawn at the next
        // start, never a reason to withhold the receipt (nor a log line tied to this report).
        let _ = instance.give_reference(sink.report).await;
        let indexed =
            xref_sealed.map(|sealed| (crate::workbench::fingerprint_of(&sealed), records));
        instance
            .index_new_report(sink.report, summary, indexed)
            .await;
        instance
            .search_new_report(sink.report, answers, &sink.names, &new.access, day)
            .await;
        let lookup = LookupId::new(lookup).ok_or(ServiceError::Corrupt("lookup id"))?;
        // No log line: one per report would put reports in order among the log's other
        // lines (docs/threat-model.md). The web layer counts requests instead.
        Ok(receipt.with_lookup(lookup))
    }
}

/// A new receipt from the system's CSPRNG.
fn new_receipt() -> Result<Receipt, ServiceError> {
    let mut failed = false;
    let receipt = Receipt::generate(|buf| failed |= quietline_crypto::fill_random(buf).is_err());
    if failed {
        return Err(quietline_crypto::CryptoError::Random.into());
    }
    Ok(receipt)
}

/// Another lookup id, when the first is taken. Uniform over the six digits; a failing
/// random source gives 0, which the database then refuses as taken after the first use.
fn random_lookup() -> u32 {
    loop {
        let Ok(bytes) = random_bytes::<4>() else {
            return 0;
        };
        let value = u32::from_le_bytes(bytes);
        // Rejection sampling: 4 294 000 000 is the largest multiple of 10^6 below 2^32.
        if value < 4_294_000_000 {
            return value % 1_000_000;
        }
    }
}
