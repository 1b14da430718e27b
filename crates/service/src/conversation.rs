//! The conversation between a returning reporter and investigators. Every message is an
//! age file encrypted to two keys: the report key (so investigators can read it) and the
//! key derived from the receipt (so the reporter can). The server holds neither at rest.
//!
//! Every message also carries a proof of origin (`messages.origin_mac`): a MAC under the
//! X25519 secret the report key and the mailbox key share ([`quietline_crypto::OriginKey`]),
//! which only a holder of one of the two can make. Both sides check it before showing a
//! message as theirs: one planted in the data directory or the database shows as "could not
//! be verified", never as from investigators. Messages of before this existed were vouched for
//! by the server at the upgrade (`authenticity`).

use quietline_core::{Day, FieldError, MessageId, Problem, ReportId, ReportStatus};
use quietline_crypto::{Identity, OriginKey, Recipient, open, seal};
use quietline_storage::{AttachmentOrigin, Author, MessageRow, ObjectName, ReportRow};

use crate::intake::{AttachmentSink, Destination, Upload};
use crate::reporter_copy::CopyState;
use crate::{Instance, ReporterAccess, ServiceError};

/// What a returning reporter sees.
#[derive(Clone, Debug)]
pub struct ThreadView {
    /// The report's status, as the reporter may see it.
    pub status: ReportStatus,
    /// Day the report was received.
    pub received_day: Day,
    /// The conversation, oldest first.
    pub messages: Vec<ThreadMessage>,
    /// Files sent so far, with the report and later.
    pub files_sent: usize,
    /// The reporter's copy of what they sent, if they chose to keep one (decrypted for this
    /// view only).
    pub copy: CopyState,
}

/// One message, decrypted.
#[derive(Clone, Debug)]
pub struct ThreadMessage {
    /// Who wrote it.
    pub author: Author,
    /// Day sent.
    pub day: Day,
    /// The text.
    pub text: String,
    /// Its proof of origin verifies: it was written by the reporter or by investigators, as
    /// `author` says. `false`: someone else put it there; it must not be shown as theirs.
    pub verified: bool,
}

/// A reply being written by a returning reporter: text plus files.
pub struct Reply {
    instance: Instance,
    recipients: Vec<Recipient>,
    origin: OriginKey,
    sink: AttachmentSink,
}

/// What a message's proof of origin covers.
fn origin_fields(row: &MessageRow, sealed: &[u8]) -> [Vec<u8>; 4] {
    [
        row.report_id.to_string().into_bytes(),
        row.id.to_string().into_bytes(),
        row.author.code().as_bytes().to_vec(),
        crate::authenticity::sha256_hex(sealed).into_bytes(),
    ]
}

impl Instance {
    async fn report_row(&self, report: ReportId) -> Result<ReportRow, ServiceError> {
        self.inner
            .db
            .report(report)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// The status and conversation, and the reporter's copy if one is kept, decrypted with
    /// the key from the receipt.
    pub async fn reporter_thread(
        &self,
        access: &ReporterAccess,
    ) -> Result<ThreadView, ServiceError> {
        let row = self.report_row(access.report).await?;
        let (report_recipient, _) = self.report_recipients(&row).await?;
        let mailbox = access.mailbox.recipient();
        let origin = OriginKey::between(
            &access.mailbox,
            &report_recipient,
            &report_recipient,
            &mailbox,
        )?;
        let mut messages = Vec::new();
        for message in self.inner.db.messages(access.report).await? {
            let sealed = self
                .inner
                .objects
                .read(access.report, ObjectName::Message(message.id))
                .await?;
            let text = open(&access.mailbox, &sealed)?;
            let verified = self.message_origin_ok(&origin, &message, &sealed);
            messages.push(ThreadMessage {
                author: message.author,
                day: message.sent_day,
                text: String::from_utf8_lossy(&text).into_owned(),
                verified,
            });
        }
        let copy = self.reporter_copy(access).await?;
        Ok(ThreadView {
            status: row.status.as_seen_by_reporter(),
            received_day: row.received_day,
            messages,
            files_sent: self.inner.db.attachments(access.report).await?.len(),
            copy,
        })
    }

    /// Moves a report to `to` if it stands at one of `from` (what the reporter is told follows
    /// what happens: an investigator opens the report, asks something, the reporter answers).
    /// Returns the status it left, if it moved. Not audited as a status change of its own: it
    /// follows an audited event (the report opened, a message sent) or a reporter's reply,
    /// which is never traced to them.
    pub(crate) async fn advance_status(
        &self,
        report: ReportId,
        from: &[ReportStatus],
        to: ReportStatus,
        today: time::Date,
    ) -> Result<Option<ReportStatus>, ServiceError> {
        let Some(row) = self.inner.db.inbox_row(report).await? else {
            return Ok(None);
        };
        if !from.contains(&row.status) {
            return Ok(None);
        }
        let day = Day::new(today);
        self.inner.db.set_statuses(&[report], to, day).await?;
        self.update_index(report, |e| {
            e.status = to;
            e.updated_day = day;
        });
        Ok(Some(row.status))
    }

    /// Starts a reply from the reporter.
    pub async fn begin_reply(
        &self,
        access: &ReporterAccess,
        today: time::Date,
    ) -> Result<Reply, ServiceError> {
        let row = self.report_row(access.report).await?;
        // The reporter's files and text go to the authenticated report key only, and to the
        // mailbox key the receipt just derived.
        let (report_recipient, _) = self.report_recipients(&row).await?;
        let mailbox = access.mailbox.recipient();
        let origin = OriginKey::between(
            &access.mailbox,
            &report_recipient,
            &report_recipient,
            &mailbox,
        )?;
        Ok(Reply {
            instance: self.clone(),
            recipients: vec![report_recipient.clone(), mailbox],
            origin,
            sink: AttachmentSink {
                report: access.report,
                recipient: report_recipient,
                limits: self.inner.config.limits.clone(),
                day: today,
                origin: AttachmentOrigin::Reply,
                destination: Destination::Existing {
                    objects: self.inner.objects.clone(),
                    pending: Vec::new(),
                },
                rows: Vec::new(),
                names: Vec::new(),
                metas: Vec::new(),
                total_bytes: 0,
                commitments: Vec::new(),
            },
        })
    }

    /// Sends a message from investigators to the reporter (readable with the receipt).
    /// `opener` (an investigator's identity, or the recovery identity) must open the report
    /// key: the message's proof of origin is made with it. It is sealed to the authenticated
    /// report and mailbox keys only.
    pub async fn send_to_reporter(
        &self,
        opener: &Identity,
        report: ReportId,
        text: &str,
        today: time::Date,
    ) -> Result<(), ServiceError> {
        let row = self.report_row(report).await?;
        let (report_recipient, mailbox_recipient) = self.report_recipients(&row).await?;
        let text = self.checked_message(text, false)?;
        let report_key = self.report_key(opener, report).await?;
        let origin = OriginKey::between(
            &report_key,
            &mailbox_recipient,
            &report_recipient,
            &mailbox_recipient,
        )?;
        drop(report_key);
        let id = self
            .store_message(
                report,
                Author::Investigator,
                &[report_recipient, mailbox_recipient],
                &origin,
                &text,
                &[],
                Vec::new(),
                today,
            )
            .await?;
        self.search_new_message(
            report,
            id,
            Author::Investigator,
            &text,
            &[],
            Day::new(today),
        )
        .await;
        // The reporter is told investigators asked them something.
        self.advance_status(
            report,
            &[ReportStatus::New, ReportStatus::InReview],
            ReportStatus::WaitingForReporter,
            today,
        )
        .await?;
        Ok(())
    }

    /// Whether a message's proof of origin verifies with `origin` (or, for a message of
    /// before proofs existed, the server's vouching at the upgrade).
    pub(crate) fn message_origin_ok(
        &self,
        origin: &OriginKey,
        message: &MessageRow,
        sealed: &[u8],
    ) -> bool {
        let fields = origin_fields(message, sealed);
        let fields: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        match message.origin_mac.as_deref() {
            Some(tag) if tag.starts_with(crate::authenticity::ORIGIN_PREFIX) => {
                origin.verify(&fields, &tag[crate::authenticity::ORIGIN_PREFIX.len()..])
            }
            Some(tag) if tag.starts_with(crate::authenticity::LEGACY_PREFIX) => {
                let expected =
                    self.legacy_message_tag(message.report_id, message.id, message.author, sealed);
                let given = &tag[crate::authenticity::LEGACY_PREFIX.len()..];
                subtle_eq(given, &expected)
            }
            _ => false,
        }
    }

    fn checked_message(&self, text: &str, files_attached: bool) -> Result<String, ServiceError> {
        let text = text.trim();
        let max = self.inner.config.limits.max_message_chars;
        let problem = if text.is_empty() && !files_attached {
            Some(Problem::Required)
        } else if text.chars().count() > max {
            Some(Problem::TooLong { max })
        } else {
            None
        };
        match problem {
            Some(problem) => Err(ServiceError::Invalid(vec![FieldError {
                field: "message".into(),
                problem,
            }])),
            None => Ok(text.to_owned()),
        }
    }

    #[allow(clippy::too_many_arguments)] // one message: where, who, to whom, proof, what
    async fn store_message(
        &self,
        report: ReportId,
        author: Author,
        recipients: &[Recipient],
        origin: &OriginKey,
        text: &str,
        attachments: &[quietline_storage::AttachmentRow],
        file_commitments: Vec<quietline_storage::NewCommitment>,
        today: time::Date,
    ) -> Result<MessageId, ServiceError> {
        // A reply of files only still gets a (empty) message: the conversation shows it.
        let id = MessageId::random();
        let sealed = seal(recipients, text.as_bytes())?;
        // The report key's recipient is the first: the opening goes to it alone.
        let report_recipient = recipients
            .first()
            .ok_or(ServiceError::Corrupt("a message without recipients"))?;
        let mut commitments = vec![crate::integrity::commitment_to_bytes(
            report,
            crate::integrity::ItemKind::Message,
            id.to_string(),
            Day::new(today),
            text.as_bytes(),
            report_recipient,
        )?];
        commitments.extend(file_commitments);
        self.inner
            .objects
            .write(report, ObjectName::Message(id), &sealed, today)
            .await?;
        let mut row = MessageRow {
            id,
            report_id: report,
            seq: 0,
            author,
            sent_day: Day::new(today),
            size_bytes: sealed.len() as u64,
            origin_mac: None,
        };
        let fields = origin_fields(&row, &sealed);
        let fields: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        row.origin_mac = Some(format!(
            "{}{}",
            crate::authenticity::ORIGIN_PREFIX,
            origin.tag(&fields)
        ));
        self.inner
            .db
            .insert_message_with_commitments(&row, attachments, &commitments)
            .await?;
        Ok(id)
    }
}

impl Reply {
    /// Starts receiving an attached file.
    pub async fn attachment(
        &mut self,
        name: &str,
        content_type: &str,
    ) -> Result<Upload<'_>, ServiceError> {
        self.sink.attachment(name, content_type).await
    }

    /// Stores the text and files. Text may be empty when files were sent.
    pub async fn complete(mut self, text: &str) -> Result<(), ServiceError> {
        let text = self
            .instance
            .checked_message(text, !self.sink.rows.is_empty())?;
        self.sink.commit_pending().await?;
        let today = self.sink.day;
        let id = self
            .instance
            .store_message(
                self.sink.report,
                Author::Reporter,
                &self.recipients,
                &self.origin,
                &text,
                &self.sink.rows,
                std::mem::take(&mut self.sink.commitments),
                today,
            )
            .await?;
        let day = Day::new(today);
        self.instance
            .search_new_message(
                self.sink.report,
                id,
                Author::Reporter,
                &text,
                &self.sink.names,
                day,
            )
            .await;
        self.instance.update_index(self.sink.report, |e| {
            e.from_reporter += 1;
            e.updated_day = day;
        });
        // Answered: back with the investigators.
        self.instance
            .advance_status(
                self.sink.report,
                &[ReportStatus::WaitingForReporter],
                ReportStatus::InReview,
                today,
            )
            .await?;
        // No log line, as for reports (docs/threat-model.md).
        Ok(())
    }
}

/// Constant-time equality of two hex tags.
fn subtle_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
