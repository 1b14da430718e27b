//! Full-text search in the workbench (issue 13): reports' answers, messages in both
//! directions, notes, file names and sites, through `quietline_search`'s in-memory index.
//!
//! **What is in the index, and from which key.** The text of a report is only ever decrypted
//! with a key that opens it: each investigator's identity, once signed in, is handed to a
//! background worker that goes through the reports whose key is listed as wrapped to it
//! (`report_access`), unwraps each key with the identity (and checks it is the report's
//! authenticated key, as opening a report does), and indexes what it opens and the index does
//! not have yet: answers, file names, messages (report key) and notes (workspace key). The
//! workspace key therefore opens no more than before; nothing new is sealed or stored.
//! Reports, messages, notes and files that arrive while the workspace is unlocked are indexed
//! from the plaintext the server holds at that moment. Sites come from the decrypted registry
//! and are brought up to date before each search.
//!
//! **Who sees what.** An investigator finds only reports whose key *their own identity* was
//! seen to unwrap (by the worker, or because the key was wrapped to them while they were
//! signed in: a new report, a grant); a row in `report_access` alone shows nothing. Reports
//! they cannot open are neither shown nor counted. Sites follow the registry's rule: every
//! investigator with the workspace sees every site.
//!
//! **Lifetime.** The index is built when the workspace is unlocked and is part of it: it is
//! dropped (and its memory wiped by the allocator) when the workspace locks. Until an
//! investigator's reports are all checked, their results say the index is still being built.
//!
//! **Audit.** Every search is an audit entry (`searched`, with the number of hits and of those
//! shown). The query and which reports and sites were shown are investigation data, so they
//! are not in the clear trail; they are sealed to the organisation's recovery key, whose holder
//! can already read every report, in `audit_sealed`, and the entry carries the SHA-256 of that
//! ciphertext, so that the chain vouches for it (docs/audit.md, "Searches").

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, Weak};

use quietline_core::{
    AttachmentId, Day, FieldError, MessageId, Problem, ReportAnswers, ReportId, SiteId,
};
use quietline_crypto::{Identity, Recipient, open, unwrap_identity};
use quietline_search::{Document, Engine, Kind, Owner, Request, Visibility, WriterOptions};
use quietline_storage::{AttachmentRow, Author, MessageRow, NoteRow, ObjectName, ReportRow};
use serde_json::json;

pub use quietline_search::{Kind as SearchKind, Snippet};

use super::workspace::WorkspaceKeys;
use super::{Investigator, Now, UnlockedWorkspace};
use crate::audit::AuditAction;
use crate::{AttachmentMeta, Instance, ServiceError};

/// The longest search accepted, in characters.
pub const SEARCH_MAX_QUERY_CHARS: usize = quietline_search::MAX_QUERY_CHARS;

/// Most hits on a page.
pub const SEARCH_PAGE_MAX: usize = 40;
/// Reports checked and decrypted in one go by the worker (then handed to the index).
const CHUNK: usize = 256;
/// The worker makes what it added searchable at least this often (in reports).
const COMMIT_EVERY: usize = 2_048;
/// Up to this many reports to go through, the worker reads their rows one report at a time;
/// beyond, every row of the database at once.
const FEW: usize = 64;

/// What an investigator searches for.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    /// As typed: words (each must match), "quoted phrases", Chinese in any script.
    pub text: String,
    /// Only hits of this kind.
    pub kind: Option<SearchKind>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits on the page (at most [`SEARCH_PAGE_MAX`]; 0 means 20).
    pub limit: usize,
}

/// Whether the index covers everything the investigator may open yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchProgress {
    /// Every report their key opens is in.
    Complete,
    /// Reports are still being checked and decrypted: results may miss some.
    Building {
        /// Reports checked so far.
        checked: usize,
        /// Reports to check in all.
        of: usize,
    },
}

/// One hit.
#[derive(Clone, Debug)]
pub struct SearchHit {
    /// What matched: a report's answers, a message, a note, a file's name, a site.
    pub kind: SearchKind,
    /// The report it belongs to (every kind but a site).
    pub report: Option<ReportId>,
    /// That report's short reference (`R-7KQ4-92`), as the inbox names it.
    pub report_ref: Option<quietline_core::ReportRef>,
    /// The site (a site hit).
    pub site: Option<SiteId>,
    /// The site's first name (a site hit).
    pub site_name: Option<String>,
    /// The message or note.
    pub message: Option<MessageId>,
    /// The file.
    pub attachment: Option<AttachmentId>,
    /// Who wrote the message.
    pub author: Option<Author>,
    /// Day the report arrived, the message was sent, the note written or the file added.
    pub day: Option<Day>,
    /// The passage that matched, with the matches marked.
    pub snippet: Snippet,
}

/// A page of results.
#[derive(Clone, Debug)]
pub struct SearchResults {
    /// The hits, most relevant first.
    pub hits: Vec<SearchHit>,
    /// Hits in all (of the kind asked for, if one was).
    pub total: usize,
    /// Hits of each kind, whatever kind was asked for.
    pub by_kind: Vec<(SearchKind, usize)>,
    /// Hits skipped before this page.
    pub offset: usize,
    /// Hits a page.
    pub limit: usize,
    /// Whether the index was complete for this investigator.
    pub progress: SearchProgress,
}

/// The search index of an unlocked workspace and what it knows of who opens what.
pub(crate) struct SearchIndex {
    engine: Engine,
    state: Mutex<SearchState>,
    /// Identities to go through (the worker's queue).
    queue: tokio::sync::mpsc::UnboundedSender<Identity>,
}

#[derive(Default)]
struct SearchState {
    /// Per recipient (an investigator's public key): the reports whose key that identity was
    /// seen to unwrap.
    opens: HashMap<String, HashSet<ReportId>>,
    /// Per recipient whose reports the worker is going through (or will): how many it has
    /// checked, of how many, and how many runs are queued or running. Removed once the last
    /// run has put everything in and made it searchable.
    pending: HashMap<String, Pending>,
    /// Reports whose content is in the index (or being put in).
    indexed: HashSet<ReportId>,
    /// Recipients to go through again at their next search or request: a report not in the
    /// index was wrapped to them (a grant of reports nobody signed in could open).
    recheck: HashSet<String>,
    /// Sites as indexed (their version), and the registry version they were synced at.
    sites: HashMap<SiteId, u64>,
    registry_version: Option<u64>,
    /// Per recipient: which owners in the index its `opens` lets it see, as last made for a
    /// search. Dropped whenever that recipient's `opens` changes, and made again when owners
    /// entered the index since ([`Engine::is_current`]).
    visible: HashMap<String, Visibility>,
}

#[derive(Clone, Copy, Default)]
struct Pending {
    checked: usize,
    of: usize,
    runs: usize,
}

impl SearchState {
    /// The reports `recipient` opens, to change: its kept visibility goes.
    fn opens_mut(&mut self, recipient: &str) -> Option<&mut HashSet<ReportId>> {
        self.visible.remove(recipient);
        self.opens.get_mut(recipient)
    }

    /// A run of the worker for `recipient` ended: the last one makes it complete.
    fn run_done(&mut self, recipient: &str) {
        if let Some(pending) = self.pending.get_mut(recipient) {
            pending.runs = pending.runs.saturating_sub(1);
            if pending.runs == 0 {
                self.pending.remove(recipient);
            }
        }
    }
}

fn lock_error() -> ServiceError {
    ServiceError::Corrupt("search lock")
}

fn index_error(err: quietline_search::Error) -> ServiceError {
    match err {
        quietline_search::Error::Query(quietline_search::QueryProblem::TooLong { max_chars }) => {
            ServiceError::Invalid(vec![FieldError {
                field: "q".into(),
                problem: Problem::TooLong { max: max_chars },
            }])
        }
        other => {
            tracing::error!(error = %other, "search index");
            ServiceError::Corrupt("search index")
        }
    }
}

/// What a document's `extra` carries: the day and, for a message, who wrote it.
fn extra(day: Day, author: Option<Author>) -> String {
    format!("{day}|{}", author.map_or("", Author::code))
}

fn parse_extra(extra: &str) -> (Option<Day>, Option<Author>) {
    let (day, author) = extra.split_once('|').unwrap_or((extra, ""));
    let author = match author {
        "reporter" => Some(Author::Reporter),
        "investigator" => Some(Author::Investigator),
        _ => None,
    };
    (day.parse().ok(), author)
}

/// Every free-text answer of a report, one per line.
fn answers_text(answers: &ReportAnswers) -> String {
    let mut lines: Vec<&str> = vec![
        &answers.narrative,
        &answers.incident_other,
        &answers.demand_other,
        &answers.when.approximate,
        &answers.place.country_other,
        &answers.place.city,
        &answers.place.name,
        &answers.place.address,
    ];
    for person in &answers.people {
        lines.extend(person.names.iter().map(String::as_str));
        lines.extend(person.phones.iter().map(String::as_str));
        lines.extend(person.wechat.iter().map(String::as_str));
        lines.extend(person.emails.iter().map(String::as_str));
        lines.push(&person.other_accounts);
        lines.push(&person.description);
    }
    for organisation in &answers.organisations {
        lines.push(&organisation.name);
        lines.push(&organisation.details);
    }
    lines.push(&answers.actions.police_reference);
    lines.push(&answers.actions.other_organisations);
    lines.push(&answers.contact);
    lines
        .into_iter()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn report_document(report: ReportId, answers: &ReportAnswers, day: Day) -> Document {
    Document {
        key: format!("report:{report}"),
        owner: Owner::Report(report),
        kind: Kind::Report,
        text: answers_text(answers),
        extra: extra(day, None),
    }
}

fn message_document(
    report: ReportId,
    id: MessageId,
    author: Author,
    text: String,
    day: Day,
) -> Document {
    Document {
        key: format!("message:{id}"),
        owner: Owner::Report(report),
        kind: Kind::Message,
        text,
        extra: extra(day, Some(author)),
    }
}

fn note_document(report: ReportId, id: MessageId, text: String, day: Day) -> Document {
    Document {
        key: format!("note:{id}"),
        owner: Owner::Report(report),
        kind: Kind::Note,
        text,
        extra: extra(day, None),
    }
}

fn file_document(report: ReportId, id: AttachmentId, name: String, day: Day) -> Document {
    Document {
        key: format!("file:{id}"),
        owner: Owner::Report(report),
        kind: Kind::File,
        text: name,
        extra: extra(day, None),
    }
}

fn site_document(view: &super::SiteView) -> Document {
    let site = &view.site;
    let mut lines: Vec<&str> = site.names.iter().map(String::as_str).collect();
    lines.extend([
        site.address.as_str(),
        site.city.as_str(),
        site.agency.as_str(),
        site.notes.as_str(),
    ]);
    for claim in &site.claims {
        lines.push(&claim.summary);
        if let quietline_core::site::Source::Public(source) = &claim.source {
            lines.push(&source.title);
            lines.push(&source.publisher);
        }
    }
    Document {
        key: format!("site:{}", view.id),
        owner: Owner::Site(view.id),
        kind: Kind::Site,
        text: lines
            .into_iter()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        extra: extra(view.updated_day, None),
    }
}

impl SearchIndex {
    /// An empty index and the receiving end of its queue (for the worker).
    pub fn new() -> Result<(Self, tokio::sync::mpsc::UnboundedReceiver<Identity>), ServiceError> {
        let engine = Engine::new(WriterOptions::default()).map_err(index_error)?;
        let (queue, receiver) = tokio::sync::mpsc::unbounded_channel();
        Ok((
            Self {
                engine,
                state: Mutex::new(SearchState::default()),
                queue,
            },
            receiver,
        ))
    }

    /// Hands a signed-in investigator's identity to the worker: the first time its key is
    /// seen, and again when reports the index does not have were wrapped to it since.
    pub fn offer(&self, identity: &Identity) {
        let recipient = identity.recipient().to_string();
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let state = &mut *state;
        if state.opens.contains_key(&recipient) && !state.recheck.remove(&recipient) {
            return;
        }
        state.opens.entry(recipient.clone()).or_default();
        // Pending until the worker has gone through its reports and committed them.
        state.pending.entry(recipient).or_default().runs += 1;
        let _ = self.queue.send(identity.clone());
    }

    /// Records that `report`'s key was just wrapped to `recipients` (a new report, a grant, a
    /// re-key), for those of them signed in: they open it. A report the index does not have
    /// yet is left to the worker, at their next search or request.
    pub fn wrapped_to<'a>(&self, report: ReportId, recipients: impl IntoIterator<Item = &'a str>) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let state = &mut *state;
        for recipient in recipients {
            if !state.opens.contains_key(recipient) {
                continue;
            }
            if !state.indexed.contains(&report) {
                state.recheck.insert(recipient.to_owned());
            } else if let Some(opens) = state.opens_mut(recipient) {
                opens.insert(report);
            }
        }
    }

    /// Records that `report`'s key is no longer wrapped to `recipient`.
    pub fn unwrapped_from(&self, report: ReportId, recipient: &str) {
        if let Ok(mut state) = self.state.lock()
            && let Some(opens) = state.opens_mut(recipient)
        {
            opens.remove(&report);
        }
    }

    /// Forgets a purged report: no investigator's key opens it any more, so nothing of it is
    /// ever shown; its documents leave memory with the index, at the lock.
    pub fn forget(&self, report: ReportId) {
        if let Ok(mut state) = self.state.lock() {
            let state = &mut *state;
            for opens in state.opens.values_mut() {
                opens.remove(&report);
            }
            state.visible.clear();
        }
    }

    /// Puts documents in and makes them searchable (on a blocking thread: a commit waits for
    /// the documents queued before it).
    async fn put_now(self: &Arc<Self>, documents: Vec<Document>) -> Result<(), ServiceError> {
        let index = self.clone();
        tokio::task::spawn_blocking(move || index.engine.put_now(documents))
            .await
            .map_err(|_| ServiceError::Corrupt("search index thread"))?
            .map_err(index_error)
    }

    /// Brings the sites in the index up to the registry's version.
    async fn sync_sites(
        self: &Arc<Self>,
        workspace: &UnlockedWorkspace,
    ) -> Result<(), ServiceError> {
        let documents = self.site_changes(workspace)?;
        if documents.is_empty() {
            return Ok(());
        }
        self.put_now(documents).await
    }

    /// The documents of the sites that changed since the index last took the registry (and
    /// empty ones for sites that are gone), noted as taken.
    fn site_changes(&self, workspace: &UnlockedWorkspace) -> Result<Vec<Document>, ServiceError> {
        let documents = {
            let slot = workspace.sites.read().map_err(|_| lock_error())?;
            let Some(registry) = slot.as_ref() else {
                return Ok(Vec::new());
            };
            let mut state = self.state.lock().map_err(|_| lock_error())?;
            if state.registry_version == Some(registry.version()) {
                return Ok(Vec::new());
            }
            let mut documents = Vec::new();
            let mut seen = HashSet::new();
            for view in registry.views() {
                seen.insert(view.id);
                if state.sites.get(&view.id) != Some(&view.version) {
                    state.sites.insert(view.id, view.version);
                    documents.push(site_document(view));
                }
            }
            let gone: Vec<SiteId> = state
                .sites
                .keys()
                .filter(|id| !seen.contains(id))
                .copied()
                .collect();
            for id in gone {
                state.sites.remove(&id);
                documents.push(Document {
                    key: format!("site:{id}"),
                    owner: Owner::Site(id),
                    kind: Kind::Site,
                    text: String::new(),
                    extra: String::new(),
                });
            }
            state.registry_version = Some(registry.version());
            documents
        };
        Ok(documents)
    }

    fn progress(&self, recipient: &str) -> SearchProgress {
        let Ok(state) = self.state.lock() else {
            return SearchProgress::Complete;
        };
        match state.pending.get(recipient) {
            Some(pending) => SearchProgress::Building {
                checked: pending.checked,
                of: pending.of,
            },
            None if !state.opens.contains_key(recipient) => {
                SearchProgress::Building { checked: 0, of: 0 }
            }
            None => SearchProgress::Complete,
        }
    }
}

/// One report for the worker: what to read and check.
struct Job {
    report: ReportId,
    /// The report's authenticated public key: the unwrapped key must be it.
    recipient: Recipient,
    /// Whether its content is to be indexed (else only whether the identity opens it).
    content: bool,
    received: Day,
    attachments: Vec<AttachmentRow>,
    messages: Vec<MessageRow>,
    notes: Vec<NoteRow>,
}

/// What the worker found of one report.
enum Outcome {
    /// The identity opens it; its documents (none if only checked).
    Opened(Vec<Document>),
    /// The identity does not open it (or its objects cannot be read).
    NotOpened,
    /// The key it unwrapped is not the report's authenticated key.
    Refused,
}

/// Reads and decrypts one report (blocking).
fn run_job(
    objects: &quietline_storage::Objects,
    identity: &Identity,
    keys: &WorkspaceKeys,
    job: &Job,
) -> Outcome {
    let Ok(wrapped) = objects.read_blocking(job.report, ObjectName::Key) else {
        return Outcome::NotOpened;
    };
    let Ok(key) = unwrap_identity(&wrapped, identity) else {
        return Outcome::NotOpened;
    };
    if !key.recipient().ct_eq(&job.recipient) {
        return Outcome::Refused;
    }
    if !job.content {
        return Outcome::Opened(Vec::new());
    }
    let report = job.report;
    let read = |name: ObjectName| objects.read_blocking(report, name).ok();
    let mut documents = Vec::new();
    if let Some(answers) = read(ObjectName::Answers)
        .and_then(|sealed| open(&key, &sealed).ok())
        .and_then(|plain| serde_json::from_slice::<ReportAnswers>(&plain).ok())
    {
        documents.push(report_document(report, &answers, job.received));
    }
    for row in &job.attachments {
        if let Some(meta) = read(ObjectName::AttachmentMeta(row.id))
            .and_then(|sealed| open(&key, &sealed).ok())
            .and_then(|plain| serde_json::from_slice::<AttachmentMeta>(&plain).ok())
        {
            documents.push(file_document(report, row.id, meta.name, row.added_day));
        }
    }
    for row in &job.messages {
        if let Some(text) =
            read(ObjectName::Message(row.id)).and_then(|sealed| open(&key, &sealed).ok())
        {
            documents.push(message_document(
                report,
                row.id,
                row.author,
                String::from_utf8_lossy(&text).into_owned(),
                row.sent_day,
            ));
        }
    }
    for row in &job.notes {
        if let Some(text) =
            read(ObjectName::Note(row.id)).and_then(|sealed| keys.open(&sealed).ok())
        {
            documents.push(note_document(
                report,
                row.id,
                String::from_utf8_lossy(&text).into_owned(),
                row.written_day,
            ));
        }
    }
    Outcome::Opened(documents)
}

/// Runs jobs on every core.
fn run_jobs(
    objects: &quietline_storage::Objects,
    identity: &Identity,
    keys: &WorkspaceKeys,
    jobs: &[Job],
) -> Vec<Outcome> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let size = jobs.len().div_ceil(cores).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(size)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|job| run_job(objects, identity, keys, job))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    std::iter::repeat_with(|| Outcome::NotOpened)
                        .take(size)
                        .collect()
                })
            })
            .collect()
    })
}

/// Starts the worker of a just-unlocked workspace: it goes through the identities handed to
/// it, one at a time, and stops when the workspace is locked (its queue closes) or the
/// instance is gone.
pub(crate) fn spawn_worker(
    instance: &Instance,
    workspace: &Arc<UnlockedWorkspace>,
    mut queue: tokio::sync::mpsc::UnboundedReceiver<Identity>,
) {
    let inner = Arc::downgrade(&instance.inner);
    let workspace = Arc::downgrade(workspace);
    tokio::spawn(async move {
        while let Some(identity) = queue.recv().await {
            let Some(inner) = inner.upgrade() else {
                return;
            };
            let instance = Instance { inner };
            let outcome = instance.index_reports_of(&workspace, &identity).await;
            if let Err(err) = &outcome {
                tracing::error!(error = %err, "the search index could not take an investigator's reports");
                // Tried again at their next search or request.
                if let Some(unlocked) = workspace.upgrade()
                    && let Ok(mut state) = unlocked.search.state.lock()
                {
                    let recipient = identity.recipient().to_string();
                    state.recheck.insert(recipient.clone());
                    state.run_done(&recipient);
                }
            }
        }
    });
}

impl Instance {
    /// The workspace if it is still the unlocked one.
    fn still_unlocked(
        &self,
        workspace: &Weak<UnlockedWorkspace>,
    ) -> Option<Arc<UnlockedWorkspace>> {
        let workspace = workspace.upgrade()?;
        let current = self.inner.workbench.unlocked()?;
        Arc::ptr_eq(&workspace, &current).then_some(workspace)
    }

    /// The worker's job for one identity: every report listed as wrapped to it is checked
    /// by unwrapping its key, and indexed if the index does not have it yet.
    async fn index_reports_of(
        &self,
        workspace: &Weak<UnlockedWorkspace>,
        identity: &Identity,
    ) -> Result<(), ServiceError> {
        let started = crate::Stopwatch::start();
        let recipient = identity.recipient().to_string();
        let db = &self.inner.db;
        let Some(unlocked) = self.still_unlocked(workspace) else {
            return Ok(());
        };
        let search = unlocked.search.clone();
        drop(unlocked);
        let mut listed = db.reports_with_access(&recipient).await?;
        let to_index = {
            let mut state = search.state.lock().map_err(|_| lock_error())?;
            // What this key was already seen to open is not checked again.
            if let Some(opens) = state.opens.get(&recipient) {
                listed.retain(|r| !opens.contains(r));
            }
            let pending = state.pending.entry(recipient.clone()).or_default();
            (pending.checked, pending.of) = (0, listed.len());
            listed.iter().filter(|r| !state.indexed.contains(r)).count()
        };
        // Rows of every report at once when there are many (a first sign-in); one report at a
        // time when there are few (a report granted since).
        let few = listed.len() <= FEW;
        let mut rows: HashMap<ReportId, ReportRow> = HashMap::new();
        let mut attachments: HashMap<ReportId, Vec<AttachmentRow>> = HashMap::new();
        let mut messages: HashMap<ReportId, Vec<MessageRow>> = HashMap::new();
        let mut notes: HashMap<ReportId, Vec<NoteRow>> = HashMap::new();
        if few {
            for &report in &listed {
                if let Some(row) = db.report(report).await? {
                    rows.insert(report, row);
                }
                attachments.insert(report, db.attachments(report).await?);
                messages.insert(report, db.messages(report).await?);
                notes.insert(report, db.notes(report).await?);
            }
        } else {
            rows = db.reports().await?.into_iter().map(|r| (r.id, r)).collect();
            if to_index > 0 {
                for row in db.all_attachments().await? {
                    attachments.entry(row.report_id).or_default().push(row);
                }
                for row in db.all_messages().await? {
                    messages.entry(row.report_id).or_default().push(row);
                }
                for row in db.all_notes().await? {
                    notes.entry(row.report_id).or_default().push(row);
                }
            }
        }
        let (mut opened, mut documents, mut since_commit) = (0usize, 0usize, 0usize);
        for chunk in listed.chunks(CHUNK) {
            let Some(unlocked) = self.still_unlocked(workspace) else {
                return Ok(());
            };
            let mut jobs = Vec::with_capacity(chunk.len());
            for &report in chunk {
                let Some(row) = rows.get(&report) else {
                    continue;
                };
                // The report's own public key, authenticated (a row changed outside
                // Quietline is refused and the refusal audited).
                let Ok((report_recipient, _)) = self.report_recipients(row).await else {
                    continue;
                };
                let content = search
                    .state
                    .lock()
                    .map_err(|_| lock_error())?
                    .indexed
                    .insert(report);
                jobs.push(Job {
                    report,
                    recipient: report_recipient,
                    content,
                    received: row.received_day,
                    attachments: if content {
                        attachments.remove(&report).unwrap_or_default()
                    } else {
                        Vec::new()
                    },
                    messages: if content {
                        messages.remove(&report).unwrap_or_default()
                    } else {
                        Vec::new()
                    },
                    notes: if content {
                        notes.remove(&report).unwrap_or_default()
                    } else {
                        Vec::new()
                    },
                });
            }
            let objects = self.inner.objects.clone();
            let keys = unlocked.keys();
            drop(unlocked);
            let identity_for_jobs = identity.clone();
            let (jobs, outcomes) = tokio::task::spawn_blocking(move || {
                let outcomes = run_jobs(&objects, &identity_for_jobs, &keys, &jobs);
                (jobs, outcomes)
            })
            .await
            .map_err(|_| ServiceError::Corrupt("search worker thread"))?;
            let mut batch = Vec::new();
            let mut opened_here = Vec::new();
            let mut refused = Vec::new();
            let mut not_indexed = Vec::new();
            for (job, outcome) in jobs.iter().zip(outcomes) {
                match outcome {
                    Outcome::Opened(docs) => {
                        opened_here.push(job.report);
                        batch.extend(docs);
                        continue;
                    }
                    Outcome::Refused => refused.push(job.report),
                    Outcome::NotOpened => {}
                }
                if job.content {
                    not_indexed.push(job.report);
                }
            }
            documents += batch.len();
            since_commit += chunk.len();
            let search_for_put = search.clone();
            tokio::task::spawn_blocking(move || search_for_put.engine.put(batch))
                .await
                .map_err(|_| ServiceError::Corrupt("search worker thread"))?
                .map_err(index_error)?;
            if since_commit >= COMMIT_EVERY {
                since_commit = 0;
                let search_for_commit = search.clone();
                tokio::task::spawn_blocking(move || search_for_commit.engine.commit())
                    .await
                    .map_err(|_| ServiceError::Corrupt("search worker thread"))?
                    .map_err(index_error)?;
            }
            opened += opened_here.len();
            {
                let mut state = search.state.lock().map_err(|_| lock_error())?;
                // Reports this identity does not open stay for another identity to index.
                for report in not_indexed {
                    state.indexed.remove(&report);
                }
                if let Some(opens) = state.opens_mut(&recipient) {
                    opens.extend(opened_here);
                }
                if let Some(pending) = state.pending.get_mut(&recipient) {
                    pending.checked += chunk.len();
                }
            }
            for report in refused {
                let _ = self.refuse("report", report.to_string()).await;
            }
        }
        let search_for_commit = search.clone();
        tokio::task::spawn_blocking(move || search_for_commit.engine.commit())
            .await
            .map_err(|_| ServiceError::Corrupt("search worker thread"))?
            .map_err(index_error)?;
        if let Some(unlocked) = self.still_unlocked(workspace) {
            search.sync_sites(&unlocked).await?;
        }
        if let Ok(mut state) = search.state.lock() {
            // Everything is committed: complete, unless another run is queued.
            state.run_done(&recipient);
        }
        // Counts only: nothing that says which reports.
        tracing::info!(
            reports = listed.len(),
            opened,
            documents,
            index_bytes = search.engine.size_bytes().unwrap_or(0),
            ms = started.elapsed_ms(),
            "search index: an investigator's reports are in"
        );
        Ok(())
    }

    /// The search index of the unlocked workspace, if there is one.
    fn search_index(&self) -> Option<Arc<SearchIndex>> {
        self.inner.workbench.unlocked().map(|w| w.search.clone())
    }

    /// Indexes a report that just arrived (answers and files), if the workspace is unlocked;
    /// its key was wrapped to `access`.
    pub(crate) async fn search_new_report(
        &self,
        report: ReportId,
        answers: &ReportAnswers,
        files: &[(AttachmentId, String)],
        access: &[String],
        day: Day,
    ) {
        let Some(search) = self.search_index() else {
            return;
        };
        let mut documents = vec![report_document(report, answers, day)];
        documents.extend(
            files
                .iter()
                .map(|(id, name)| file_document(report, *id, name.clone(), day)),
        );
        if let Ok(mut state) = search.state.lock() {
            state.indexed.insert(report);
        }
        search.wrapped_to(report, access.iter().map(String::as_str));
        if let Err(err) = search.put_now(documents).await {
            tracing::error!(error = %err, "could not add a new report to the search index");
        }
    }

    /// Indexes a message just stored (either direction) and the files sent with it.
    pub(crate) async fn search_new_message(
        &self,
        report: ReportId,
        message: MessageId,
        author: Author,
        text: &str,
        files: &[(AttachmentId, String)],
        day: Day,
    ) {
        let Some(search) = self.search_index() else {
            return;
        };
        let mut documents = vec![message_document(
            report,
            message,
            author,
            text.to_owned(),
            day,
        )];
        documents.extend(
            files
                .iter()
                .map(|(id, name)| file_document(report, *id, name.clone(), day)),
        );
        if let Err(err) = search.put_now(documents).await {
            tracing::error!(error = %err, "could not add a message to the search index");
        }
    }

    /// Indexes a note just written.
    pub(crate) async fn search_new_note(
        &self,
        report: ReportId,
        note: MessageId,
        text: &str,
        day: Day,
    ) {
        let Some(search) = self.search_index() else {
            return;
        };
        if let Err(err) = search
            .put_now(vec![note_document(report, note, text.to_owned(), day)])
            .await
        {
            tracing::error!(error = %err, "could not add a note to the search index");
        }
    }

    /// Records that a report's key is now also wrapped to `recipient` (a grant, a re-key).
    pub(crate) fn search_access_added(&self, report: ReportId, recipient: &str) {
        if let Some(search) = self.search_index() {
            search.wrapped_to(report, [recipient]);
        }
    }

    /// Records that a report's key is no longer wrapped to `recipient` (a re-key).
    pub(crate) fn search_access_removed(&self, report: ReportId, recipient: &str) {
        if let Some(search) = self.search_index() {
            search.unwrapped_from(report, recipient);
        }
    }

    /// Searches the workspace for an investigator: reports, messages, notes and files of the
    /// reports their key opens, and sites. Audited as `searched`, the query itself sealed to
    /// the recovery key. An empty query searches nothing (and is not audited): it tells how
    /// far the index is for them ([`SearchResults::progress`]). A query longer than
    /// [`quietline_search::MAX_QUERY_CHARS`] is `Invalid` (field `q`).
    pub async fn search(
        &self,
        investigator: &Investigator,
        query: &SearchQuery,
        request_id: &str,
        now: Now,
    ) -> Result<SearchResults, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let search = workspace.search.clone();
        search.offer(&investigator.identity);
        let recipient = investigator.identity.recipient().to_string();
        let limit = match query.limit {
            0 => 20,
            n => n.min(SEARCH_PAGE_MAX),
        };
        if query.text.trim().is_empty() {
            // Nothing asked, nothing searched (and nothing audited): how far the index is.
            return Ok(SearchResults {
                hits: Vec::new(),
                total: 0,
                by_kind: Kind::ALL.into_iter().map(|k| (k, 0)).collect(),
                offset: 0,
                limit,
                progress: search.progress(&recipient),
            });
        }
        // The registry is read in the background at the unlock; a search waits for it, so
        // that sites are never silently missing.
        self.load_sites(&workspace).await?;
        search.sync_sites(&workspace).await?;
        let visible = {
            let mut state = search.state.lock().map_err(|_| lock_error())?;
            let state = &mut *state;
            match state.visible.get(&recipient) {
                Some(kept) if search.engine.is_current(kept) => kept.clone(),
                _ => {
                    let opens = state.opens.get(&recipient);
                    let made = search
                        .engine
                        .visibility(&|owner| match owner {
                            Owner::Report(report) => opens.is_some_and(|o| o.contains(&report)),
                            Owner::Site(_) => true,
                        })
                        .map_err(index_error)?;
                    state.visible.insert(recipient.clone(), made.clone());
                    made
                }
            }
        };
        let offset = query.offset.min(quietline_search::MAX_DEPTH - limit);
        let found = {
            let search = search.clone();
            let text = query.text.clone();
            let kind = query.kind;
            tokio::task::spawn_blocking(move || {
                search.engine.search_visible(
                    &Request {
                        text: &text,
                        kind,
                        offset,
                        limit,
                    },
                    &visible,
                )
            })
            .await
            .map_err(|_| ServiceError::Corrupt("search thread"))?
            .map_err(index_error)?
        };
        let site_names: HashMap<SiteId, String> = {
            let slot = workspace.sites.read().map_err(|_| lock_error())?;
            found
                .hits
                .iter()
                .filter_map(|h| match h.owner {
                    Owner::Site(id) => slot
                        .as_ref()
                        .and_then(|r| r.get(id))
                        .and_then(|v| v.site.names.first().cloned())
                        .map(|name| (id, name)),
                    Owner::Report(_) => None,
                })
                .collect()
        };
        let references = {
            let index = workspace.index.read().map_err(|_| lock_error())?;
            index.references(found.hits.iter().filter_map(|h| match h.owner {
                Owner::Report(id) => Some(id),
                Owner::Site(_) => None,
            }))
        };
        let hits: Vec<SearchHit> = found
            .hits
            .into_iter()
            .map(|hit| {
                let (day, author) = parse_extra(&hit.extra);
                let item = hit.key.split_once(':').map_or("", |(_, id)| id);
                let (report, site) = match hit.owner {
                    Owner::Report(id) => (Some(id), None),
                    Owner::Site(id) => (None, Some(id)),
                };
                SearchHit {
                    kind: hit.kind,
                    report,
                    report_ref: report.and_then(|id| references.get(&id).copied()),
                    site,
                    site_name: site.and_then(|id| site_names.get(&id).cloned()),
                    message: matches!(hit.kind, Kind::Message | Kind::Note)
                        .then(|| item.parse().ok())
                        .flatten(),
                    attachment: (hit.kind == Kind::File)
                        .then(|| item.parse().ok())
                        .flatten(),
                    author,
                    day,
                    snippet: hit.snippet,
                }
            })
            .collect();
        let results = SearchResults {
            by_kind: Kind::ALL.into_iter().zip(found.by_kind).collect(),
            total: found.total,
            offset,
            limit,
            progress: search.progress(&recipient),
            hits,
        };
        self.audit_search(investigator, query, &results, request_id, now)
            .await?;
        Ok(results)
    }

    /// The `searched` entry, with the query and what was shown sealed to the recovery key.
    async fn audit_search(
        &self,
        investigator: &Investigator,
        query: &SearchQuery,
        results: &SearchResults,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        let shown: Vec<String> = results
            .hits
            .iter()
            .map(|h| match (h.report, h.site) {
                (Some(report), _) => format!("report:{report}"),
                (_, Some(site)) => format!("site:{site}"),
                _ => String::new(),
            })
            .collect();
        let sealed_detail = json!({
            "query": query.text,
            "kind": query.kind.map(SearchKind::code),
            "offset": results.offset,
            "shown": shown,
        });
        let fingerprint = self.seal_audit_detail(&sealed_detail).await?;
        self.audit_investigator(
            investigator.id,
            AuditAction::Searched,
            String::new(),
            [
                ("hits", json!(results.total)),
                ("shown", json!(results.hits.len())),
                ("sealed", json!(fingerprint)),
            ],
            request_id,
            now,
        )
        .await
    }

    /// A sealed audit detail (the query of a search and what it showed), opened with the
    /// recovery identity; `None` if there is none with that fingerprint. The fingerprint is
    /// checked against the ciphertext, so a row swapped in the database is refused.
    pub async fn open_sealed_audit_detail(
        &self,
        recovery: &Identity,
        fingerprint: &str,
    ) -> Result<Option<serde_json::Value>, ServiceError> {
        let Some(sealed) = self.inner.db.audit_sealed(fingerprint).await? else {
            return Ok(None);
        };
        if crate::authenticity::sha256_hex(&sealed) != fingerprint {
            return Err(ServiceError::Corrupt("sealed audit detail"));
        }
        let plain = open(recovery, &sealed)?;
        Ok(Some(serde_json::from_slice(&plain).map_err(|_| {
            ServiceError::Corrupt("sealed audit detail")
        })?))
    }

    /// For tests: a handle on the search index of the unlocked workspace, to check that it
    /// is gone (its memory freed) once the workspace locks.
    #[doc(hidden)]
    pub fn search_index_probe(&self) -> Option<Weak<dyn std::any::Any + Send + Sync>> {
        let search: Arc<dyn std::any::Any + Send + Sync> = self.search_index()?;
        Some(Arc::downgrade(&search))
    }
}
