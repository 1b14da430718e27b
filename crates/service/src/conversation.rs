//! The conversation between a returning reporter and investigators. Every message is an
//! age file encrypted to two keys: the report key (so investigators can read it) and the
//! key derived from the receipt (so the reporter can). The server holds neither at rest.

use quietline_core::{FieldError, MessageId, Problem, ReportId, ReportStatus};
use quietline_crypto::{Recipient, open, seal};
use quietline_storage::{AttachmentOrigin, Author, MessageRow, ObjectName, ReportRow, day_string};

use crate::intake::{AttachmentSink, Destination, Upload};
use crate::{Instance, ReporterAccess, ServiceError};

/// What a returning reporter sees.
#[derive(Clone, Debug)]
pub struct ThreadView {
    /// The report's status, as the reporter may see it.
    pub status: ReportStatus,
    /// Day the report was received.
    pub received_day: String,
    /// The conversation, oldest first.
    pub messages: Vec<ThreadMessage>,
    /// Files sent so far, with the report and later.
    pub files_sent: usize,
}

/// One message, decrypted.
#[derive(Clone, Debug)]
pub struct ThreadMessage {
    /// Who wrote it.
    pub author: Author,
    /// Day sent.
    pub day: String,
    /// The text.
    pub text: String,
}

/// A reply being written by a returning reporter: text plus files.
pub struct Reply {
    instance: Instance,
    recipients: Vec<Recipient>,
    sink: AttachmentSink,
}

impl Instance {
    async fn report_row(&self, report: ReportId) -> Result<ReportRow, ServiceError> {
        self.inner
            .db
            .report(report)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// The status and conversation, decrypted with the key from the receipt.
    pub async fn reporter_thread(
        &self,
        access: &ReporterAccess,
    ) -> Result<ThreadView, ServiceError> {
        let row = self.report_row(access.report).await?;
        let mut messages = Vec::new();
        for message in self.inner.db.messages(access.report).await? {
            let sealed = self
                .inner
                .objects
                .read(access.report, ObjectName::Message(message.id))
                .await?;
            let text = open(&access.mailbox, &sealed)?;
            messages.push(ThreadMessage {
                author: message.author,
                day: message.sent_day,
                text: String::from_utf8_lossy(&text).into_owned(),
            });
        }
        Ok(ThreadView {
            status: row.status.as_seen_by_reporter(),
            received_day: row.received_day,
            messages,
            files_sent: self.inner.db.attachments(access.report).await?.len(),
        })
    }

    /// Starts a reply from the reporter.
    pub async fn begin_reply(
        &self,
        access: &ReporterAccess,
        today: time::Date,
    ) -> Result<Reply, ServiceError> {
        let row = self.report_row(access.report).await?;
        let report_recipient: Recipient = row.report_recipient.parse()?;
        Ok(Reply {
            instance: self.clone(),
            recipients: vec![report_recipient.clone(), access.mailbox.recipient()],
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
                total_bytes: 0,
            },
        })
    }

    /// Sends a message from investigators to the reporter (readable with the receipt).
    pub async fn send_to_reporter(
        &self,
        report: ReportId,
        text: &str,
        today: time::Date,
    ) -> Result<(), ServiceError> {
        let row = self.report_row(report).await?;
        let recipients = [
            row.report_recipient.parse()?,
            row.mailbox_recipient.parse()?,
        ];
        let text = self.checked_message(text, false)?;
        self.store_message(report, Author::Investigator, &recipients, &text, &[], today)
            .await
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

    async fn store_message(
        &self,
        report: ReportId,
        author: Author,
        recipients: &[Recipient],
        text: &str,
        attachments: &[quietline_storage::AttachmentRow],
        today: time::Date,
    ) -> Result<(), ServiceError> {
        // A reply of files only still gets a (empty) message: the conversation shows it.
        let id = MessageId::random();
        let sealed = seal(recipients, text.as_bytes())?;
        self.inner
            .objects
            .write(report, ObjectName::Message(id), &sealed, today)
            .await?;
        let row = MessageRow {
            id,
            report_id: report,
            seq: 0,
            author,
            sent_day: day_string(today),
            size_bytes: sealed.len() as u64,
        };
        self.inner.db.insert_message(&row, attachments).await?;
        Ok(())
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
        self.instance
            .store_message(
                self.sink.report,
                Author::Reporter,
                &self.recipients,
                &text,
                &self.sink.rows,
                today,
            )
            .await?;
        let day = day_string(today);
        self.instance.update_index(self.sink.report, |e| {
            e.unread += 1;
            e.updated_day = day;
        });
        // No log line, as for reports (docs/threat-model.md).
        Ok(())
    }
}
