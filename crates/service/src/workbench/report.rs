//! Working on a report: reading it (answers, files, messages, notes), answering the
//! reporter, writing notes, changing status, assignment and tags, one report or many.
//!
//! Each read opens the report key with the investigator's own identity: access is the key,
//! not a flag. Every action is recorded in the audit trail with ids and codes only.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;

use quietline_core::{
    AttachmentId, Day, InvestigatorId, MessageId, ReportAnswers, ReportId, ReportStatus,
};
use quietline_crypto::{Identity, open, open_stream, seal, unwrap_identity};
use quietline_storage::{AttachmentOrigin, Author, NoteRow, ObjectName, SealedPart};
use serde_json::json;

use super::inbox::{InboxPage, InboxQuery, open_json};
use super::{Investigator, Now, UnlockedWorkspace};
use crate::audit::AuditAction;
use crate::{AttachmentMeta, Instance, ServiceError};

/// Longest tag, in characters, and most tags on a report.
const MAX_TAG_CHARS: usize = 60;
const MAX_TAGS: usize = 30;

/// A report, decrypted for an investigator.
#[derive(Clone, Debug)]
pub struct ReportView {
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
    /// Everything the reporter answered.
    pub answers: ReportAnswers,
    /// Files, with their decrypted names and types.
    pub attachments: Vec<WorkbenchAttachment>,
    /// The copies derived from them (translations, transcripts, redacted versions, copies
    /// without metadata), each naming its original.
    pub derived: Vec<super::DerivedCopy>,
    /// The conversation with the reporter.
    pub messages: Vec<WorkbenchMessage>,
    /// Internal notes.
    pub notes: Vec<NoteView>,
    /// Tags.
    pub tags: Vec<String>,
    /// Its people, organisations and place, with the other reports they are also in; `None`
    /// while the cross-reference index is still being built after the unlock.
    pub xref: Option<Vec<super::RecordXref>>,
    /// The sites it is linked to, those suggested for its place, and the rest; `None` when
    /// the site registry cannot be read (the reason is logged): the report itself still opens,
    /// and the page says that its sites are unavailable.
    pub sites: Option<super::ReportSites>,
    /// Every investigator (to assign it to one; decisions and notes name them).
    pub investigators: Vec<crate::InvestigatorSummary>,
    /// The short references of this report, of its neighbours and of the reports its records
    /// are also in.
    pub references: HashMap<ReportId, quietline_core::ReportRef>,
    /// The reports above and below it in the inbox as it opens (newest first, no spam): the
    /// page's "previous" and "next".
    pub neighbours: (Option<ReportId>, Option<ReportId>),
    /// The reply templates in the report's language (or English, when there is none in it),
    /// for the message box.
    pub reply_templates: super::ReplyTemplates,
    /// Its retention day, whether postponed or held (the page's postpone form).
    pub retention: crate::Retention,
}

/// A file of a report.
#[derive(Clone, Debug)]
pub struct WorkbenchAttachment {
    /// The attachment.
    pub id: AttachmentId,
    /// Name, claimed type, size.
    pub meta: AttachmentMeta,
    /// Sent with the report or later.
    pub origin: AttachmentOrigin,
    /// Day added.
    pub added_day: Day,
}

/// A message of the conversation.
#[derive(Clone, Debug)]
pub struct WorkbenchMessage {
    /// Who wrote it.
    pub author: Author,
    /// Day sent.
    pub day: Day,
    /// The text.
    pub text: String,
    /// Its proof of origin verifies (see `ThreadMessage::verified`).
    pub verified: bool,
}

/// An internal note.
#[derive(Clone, Debug)]
pub struct NoteView {
    /// Author's username.
    pub author: String,
    /// Day written.
    pub day: Day,
    /// The text.
    pub text: String,
}

impl Instance {
    /// The unlocked workspace, or `NoAccess` while this investigator's access is pending.
    pub(crate) fn workspace_for(
        &self,
        investigator: &Investigator,
    ) -> Result<std::sync::Arc<UnlockedWorkspace>, ServiceError> {
        if !investigator.has_workspace {
            return Err(ServiceError::NoAccess);
        }
        self.inner
            .workbench
            .unlocked()
            .ok_or(ServiceError::NoAccess)
    }

    /// Whether the investigator can work (the workspace is unlocked for them).
    pub fn workspace_ready(&self, investigator: &Investigator) -> bool {
        self.workspace_for(investigator).is_ok()
    }

    /// A page of the inbox, with what `investigator` has not read yet.
    pub async fn inbox(
        &self,
        investigator: &Investigator,
        query: &InboxQuery,
    ) -> Result<InboxPage, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let seen = self.reads_of(&workspace, investigator.id).await?;
        let index = workspace
            .index
            .read()
            .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
        let mut page = index.query(query, &seen);
        drop(index);
        let months = self.inner.config.retention_months;
        for entry in page.entries.iter_mut().filter(|_| query.today.is_some()) {
            let today = query.today.unwrap_or(entry.updated_day);
            entry.retention = Some(crate::retention_of(
                entry.updated_day,
                entry.retain_until,
                entry.legal_hold,
                months,
                today,
            ));
        }
        Ok(page)
    }

    /// How far `investigator` has read each report: kept with the unlocked workspace, read
    /// from the database the first time.
    async fn reads_of(
        &self,
        workspace: &UnlockedWorkspace,
        investigator: InvestigatorId,
    ) -> Result<Arc<HashMap<ReportId, i64>>, ServiceError> {
        let kept = workspace
            .reads
            .read()
            .map_err(|_| ServiceError::Corrupt("reads lock"))?
            .get(&investigator)
            .cloned();
        if let Some(seen) = kept {
            return Ok(seen);
        }
        let read = Arc::new(self.inner.db.reads_of(investigator).await?);
        let mut reads = workspace
            .reads
            .write()
            .map_err(|_| ServiceError::Corrupt("reads lock"))?;
        // Another request may have read them meanwhile and recorded a report opened since:
        // the first kept stays.
        Ok(reads.entry(investigator).or_insert(read).clone())
    }

    /// Records that `investigator` has seen `items` of a report's items from the reporter
    /// (the report and its messages), in the database and in the workspace's memory.
    async fn record_read(
        &self,
        investigator: InvestigatorId,
        workspace: &UnlockedWorkspace,
        report: ReportId,
        items: i64,
    ) -> Result<(), ServiceError> {
        // Read first, so that a first inbox loading meanwhile cannot keep a stale copy.
        let seen = self.reads_of(workspace, investigator).await?;
        if seen.get(&report) == Some(&items) {
            return Ok(());
        }
        self.inner
            .db
            .record_read(investigator, report, items)
            .await?;
        let mut reads = workspace
            .reads
            .write()
            .map_err(|_| ServiceError::Corrupt("reads lock"))?;
        if let Some(mine) = reads.get_mut(&investigator) {
            Arc::make_mut(mine).insert(report, items);
        }
        Ok(())
    }

    /// The reports whose narrative is nearly the same as `report`'s (itself included): the
    /// group a bulk action on near-duplicates applies to.
    pub fn near_duplicates(
        &self,
        investigator: &Investigator,
        report: ReportId,
    ) -> Result<Vec<ReportId>, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let index = workspace
            .index
            .read()
            .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
        Ok(index.near_duplicates_of(report))
    }

    /// Reports in the inbox (all statuses).
    pub fn inbox_size(&self, investigator: &Investigator) -> Result<usize, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let index = workspace
            .index
            .read()
            .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
        Ok(index.len())
    }

    /// Every tag in use.
    pub fn inbox_tags(&self, investigator: &Investigator) -> Result<Vec<String>, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let index = workspace
            .index
            .read()
            .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
        Ok(index.tags())
    }

    /// The report key, opened with the investigator's identity.
    pub(crate) async fn report_key(
        &self,
        identity: &Identity,
        report: ReportId,
    ) -> Result<Identity, ServiceError> {
        let wrapped = match self.inner.objects.read(report, ObjectName::Key).await {
            Ok(wrapped) => wrapped,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ServiceError::NotFound);
            }
            Err(e) => return Err(e.into()),
        };
        let key = unwrap_identity(&wrapped, identity).map_err(|_| ServiceError::NoAccess)?;
        // Anyone who can write the data directory can wrap a key of their own to an
        // investigator: the key counts only if it is the report's authenticated key.
        let row = self
            .inner
            .db
            .report(report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let (recipient, _) = self.report_recipients(&row).await?;
        if !key.recipient().ct_eq(&recipient) {
            return Err(self.refuse("report", report.to_string()).await);
        }
        Ok(key)
    }

    /// Opens a report: everything decrypted in memory. Marks the reporter's messages read.
    pub async fn open_report(
        &self,
        investigator: &Investigator,
        report: ReportId,
        request_id: &str,
        now: Now,
    ) -> Result<ReportView, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let mut row = self
            .inner
            .db
            .inbox_row(report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let key = self.report_key(&investigator.identity, report).await?;
        // Opened by an investigator who can read it: the reporter is told it was read.
        if self
            .advance_status(
                report,
                &[ReportStatus::New],
                ReportStatus::InReview,
                now.today(),
            )
            .await?
            .is_some()
        {
            row.status = ReportStatus::InReview;
        }
        let objects = &self.inner.objects;
        let answers_plain = open(&key, &objects.read(report, ObjectName::Answers).await?)?;
        let answers: ReportAnswers =
            serde_json::from_slice(&answers_plain).map_err(|_| ServiceError::Corrupt("answers"))?;
        self.backfill_xref(&workspace, &row, &answers).await?;
        let xref = self.report_xref(investigator, &workspace, report).await?;

        let mut attachments = Vec::new();
        for row in self.inner.db.attachments(report).await? {
            let meta_plain = open(
                &key,
                &objects
                    .read(report, ObjectName::AttachmentMeta(row.id))
                    .await?,
            )?;
            let meta: AttachmentMeta = serde_json::from_slice(&meta_plain)
                .map_err(|_| ServiceError::Corrupt("attachment meta"))?;
            attachments.push(WorkbenchAttachment {
                id: row.id,
                meta,
                origin: row.origin,
                added_day: row.added_day,
            });
        }
        let derived = self.derived_copies_with(&key, report).await?;
        let mut messages = Vec::new();
        let report_row = self
            .inner
            .db
            .report(report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let (report_recipient, mailbox_recipient) = self.report_recipients(&report_row).await?;
        let origin = quietline_crypto::OriginKey::between(
            &key,
            &mailbox_recipient,
            &report_recipient,
            &mailbox_recipient,
        )?;
        for message in self.inner.db.messages(report).await? {
            let sealed = objects
                .read(report, ObjectName::Message(message.id))
                .await?;
            let text = open(&key, &sealed)?;
            let verified = self.message_origin_ok(&origin, &message, &sealed);
            messages.push(WorkbenchMessage {
                author: message.author,
                day: message.sent_day,
                text: String::from_utf8_lossy(&text).into_owned(),
                verified,
            });
        }
        let investigators: Vec<crate::InvestigatorSummary> = self
            .inner
            .db
            .investigators()
            .await?
            .into_iter()
            .map(Into::into)
            .collect();
        let names: HashMap<InvestigatorId, &str> = investigators
            .iter()
            .map(|i| (i.id, i.username.as_str()))
            .collect();
        let mut notes = Vec::new();
        for note in self.inner.db.notes(report).await? {
            let text = workspace
                .keys()
                .open(&objects.read(report, ObjectName::Note(note.id)).await?)?;
            notes.push(NoteView {
                author: names
                    .get(&note.author)
                    .map_or_else(String::new, |name| (*name).to_owned()),
                day: note.written_day,
                text: String::from_utf8_lossy(&text).into_owned(),
            });
        }
        let tags = row
            .tags_sealed
            .as_deref()
            .and_then(|s| open_json::<Vec<String>>(&workspace.keys(), s))
            .unwrap_or_default();
        let reply_templates = self
            .reply_templates_in(&workspace, &answers.language)
            .await?;
        let retention = self.report_retention(report, Day::new(now.today())).await?;

        let sites = match self.report_sites(&workspace, report, &answers).await {
            Ok(sites) => Some(sites),
            Err(err) => {
                tracing::error!(error = %err, "the site registry could not be read for a report's page");
                None
            }
        };

        self.record_read(investigator.id, &workspace, report, row.from_reporter + 1)
            .await?;
        // One entry a visit: the page shown again after an action on it (a status set, a
        // message sent) is not another opening.
        if self
            .inner
            .workbench
            .begins_visit(&investigator.session, report)
        {
            self.audit_investigator(
                investigator.id,
                AuditAction::ReportOpened,
                report.to_string(),
                [],
                request_id,
                now,
            )
            .await?;
        }
        let named = std::iter::once(report).chain(xref.iter().flatten().flat_map(|x| {
            x.also_in
                .iter()
                .map(|a| a.other.report)
                .chain(x.rejected.iter().map(|(r, _)| r.report))
                .chain(x.could_be.iter().map(|r| r.report))
        }));
        let (references, neighbours) = {
            let index = workspace
                .index
                .read()
                .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
            let neighbours = index.neighbours(report);
            let around = [neighbours.0, neighbours.1].into_iter().flatten();
            (index.references(named.chain(around)), neighbours)
        };
        Ok(ReportView {
            id: report,
            status: row.status,
            received_day: row.received_day,
            updated_day: row.updated_day,
            assignee: row.assignee,
            answers,
            attachments,
            derived,
            messages,
            notes,
            tags,
            xref,
            sites,
            investigators,
            references,
            neighbours,
            reply_templates,
            retention,
        })
    }

    /// An attachment's name and type, and its content decrypted as it is read.
    pub async fn open_attachment(
        &self,
        investigator: &Investigator,
        report: ReportId,
        attachment: AttachmentId,
        request_id: &str,
        now: Now,
    ) -> Result<(AttachmentMeta, Pin<Box<dyn tokio::io::AsyncRead + Send>>), ServiceError> {
        self.workspace_for(investigator)?;
        if !self
            .inner
            .db
            .attachments(report)
            .await?
            .iter()
            .any(|a| a.id == attachment)
        {
            return Err(ServiceError::NotFound);
        }
        let key = self.report_key(&investigator.identity, report).await?;
        let objects = &self.inner.objects;
        let meta_plain = open(
            &key,
            &objects
                .read(report, ObjectName::AttachmentMeta(attachment))
                .await?,
        )?;
        let meta: AttachmentMeta = serde_json::from_slice(&meta_plain)
            .map_err(|_| ServiceError::Corrupt("attachment meta"))?;
        let file = objects
            .open_object(report, ObjectName::AttachmentContent(attachment))
            .await?;
        let reader = open_stream(&key, file).await?;
        self.audit_investigator(
            investigator.id,
            AuditAction::AttachmentDownloaded,
            report.to_string(),
            [("attachment", attachment.to_string().into())],
            request_id,
            now,
        )
        .await?;
        Ok((meta, reader))
    }

    /// Sends the reporter a message from investigators.
    pub async fn reply_to_reporter(
        &self,
        investigator: &Investigator,
        report: ReportId,
        text: &str,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        self.workspace_for(investigator)?;
        self.send_to_reporter(&investigator.identity, report, text, now.today())
            .await?;
        let day = Day::new(now.today());
        self.update_index(report, |e| e.updated_day = day);
        self.audit_investigator(
            investigator.id,
            AuditAction::MessageSent,
            report.to_string(),
            [],
            request_id,
            now,
        )
        .await
    }

    /// Adds an internal note (sealed to the workspace key; investigators only).
    pub async fn add_note(
        &self,
        investigator: &Investigator,
        report: ReportId,
        text: &str,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        self.report_key(&investigator.identity, report).await?;
        let text = self.checked_text(text)?;
        let id = MessageId::random();
        let sealed = seal(&[workspace.recipient()], text.as_bytes())?;
        self.inner
            .objects
            .write(report, ObjectName::Note(id), &sealed, now.today())
            .await?;
        let row = NoteRow {
            id,
            report_id: report,
            seq: 0,
            author: investigator.id,
            written_day: Day::new(now.today()),
            size_bytes: sealed.len() as u64,
        };
        self.inner.db.insert_note(&row).await?;
        self.search_new_note(report, id, &text, Day::new(now.today()))
            .await;
        self.audit_investigator(
            investigator.id,
            AuditAction::NoteAdded,
            report.to_string(),
            [],
            request_id,
            now,
        )
        .await
    }

    fn checked_text(&self, text: &str) -> Result<String, ServiceError> {
        let text = text.trim();
        let max = self.inner.config.limits.max_message_chars;
        let problem = if text.is_empty() {
            Some(quietline_core::Problem::Required)
        } else if text.chars().count() > max {
            Some(quietline_core::Problem::TooLong { max })
        } else {
            None
        };
        match problem {
            Some(problem) => Err(ServiceError::Invalid(vec![quietline_core::FieldError {
                field: "text".into(),
                problem,
            }])),
            None => Ok(text.to_owned()),
        }
    }

    /// Sets the status of one or many reports (bulk triage). Returns how many changed.
    pub async fn set_status(
        &self,
        investigator: &Investigator,
        reports: &[ReportId],
        status: ReportStatus,
        request_id: &str,
        now: Now,
    ) -> Result<u64, ServiceError> {
        self.workspace_for(investigator)?;
        let day = Day::new(now.today());
        let mut previous = Vec::with_capacity(reports.len());
        for &report in reports {
            previous.push(self.inner.db.inbox_row(report).await?.map(|r| r.status));
        }
        let changed = self.inner.db.set_statuses(reports, status, day).await?;
        for (&report, before) in reports.iter().zip(previous) {
            let Some(before) = before else { continue };
            self.update_index(report, |e| {
                e.status = status;
                e.updated_day.clone_from(&day);
            });
            self.audit_investigator(
                investigator.id,
                AuditAction::StatusChanged,
                report.to_string(),
                [("from", before.code().into()), ("to", status.code().into())],
                request_id,
                now,
            )
            .await?;
        }
        Ok(changed)
    }

    /// Assigns one or many reports (to nobody with `None`). Returns how many changed.
    pub async fn assign(
        &self,
        investigator: &Investigator,
        reports: &[ReportId],
        assignee: Option<InvestigatorId>,
        request_id: &str,
        now: Now,
    ) -> Result<u64, ServiceError> {
        self.workspace_for(investigator)?;
        if let Some(assignee) = assignee {
            self.inner
                .db
                .investigator(assignee)
                .await?
                .ok_or(ServiceError::NotFound)?;
        }
        let changed = self.inner.db.set_assignees(reports, assignee).await?;
        for &report in reports {
            self.update_index(report, |e| e.assignee = assignee);
            self.audit_investigator(
                investigator.id,
                AuditAction::Assigned,
                report.to_string(),
                [(
                    "to",
                    assignee.map_or(serde_json::Value::Null, |a| a.to_string().into()),
                )],
                request_id,
                now,
            )
            .await?;
        }
        Ok(changed)
    }

    /// Replaces a report's tags (sealed to the workspace key). Tags are trimmed, at most 60
    /// characters each, 30 a report, without duplicates.
    pub async fn set_tags(
        &self,
        investigator: &Investigator,
        report: ReportId,
        tags: &[String],
        request_id: &str,
        now: Now,
    ) -> Result<Vec<String>, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        self.inner
            .db
            .inbox_row(report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let mut clean: Vec<String> = Vec::new();
        for tag in tags {
            let tag: String = tag.trim().chars().take(MAX_TAG_CHARS).collect();
            if !tag.is_empty() && !clean.contains(&tag) && clean.len() < MAX_TAGS {
                clean.push(tag);
            }
        }
        let json = serde_json::to_vec(&clean).map_err(|_| ServiceError::Corrupt("tags"))?;
        let sealed = seal(&[workspace.recipient()], &json)?;
        self.inner
            .db
            .set_sealed_part(report, SealedPart::Tags, &sealed)
            .await?;
        let stored = clean.clone();
        let fingerprint = super::inbox::fingerprint_of(&sealed);
        self.update_index(report, |e| {
            e.tags = stored;
            e.sealed.1 = fingerprint;
        });
        self.audit_investigator(
            investigator.id,
            AuditAction::TagsChanged,
            report.to_string(),
            [("count", json!(clean.len()))],
            request_id,
            now,
        )
        .await?;
        Ok(clean)
    }

    /// Applies a change to a report's inbox entry, if the workspace is unlocked.
    pub(crate) fn update_index(
        &self,
        report: ReportId,
        change: impl FnOnce(&mut super::InboxEntry),
    ) {
        if let Some(workspace) = self.inner.workbench.unlocked()
            && let Ok(mut index) = workspace.index.write()
        {
            index.update(report, change);
        }
    }
}
