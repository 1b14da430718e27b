//! The inbox: every report with its status, day, incident types, language, unread replies,
//! assignee and tags, filtered, sorted and paged in memory.
//!
//! Incident types, language and tags are content, so the database holds them only sealed
//! to the workspace key; the index is built by decrypting them when the workspace is
//! unlocked and lives only in memory, updated by every change made through the workbench.
//! A query is a linear scan: at 100 000 reports that is about a millisecond
//! (docs/benchmarks.md), cheaper and simpler than keeping clear-text search indexes.

use std::collections::HashMap;

use quietline_core::taxonomy::{Incident, Subject};
use quietline_core::{InvestigatorId, ReportAnswers, ReportId, ReportStatus};
use quietline_crypto::{Recipient, seal};
use quietline_storage::InboxRow;
use serde::{Deserialize, Serialize};

use quietline_xref::Record;

use super::crossref::SealedRecords;
use crate::ServiceError;

/// What the inbox shows of a report's content, sealed to the workspace key at arrival.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxSummary {
    /// What the report is about.
    pub subject: Subject,
    /// What happened.
    pub incidents: Vec<Incident>,
    /// Language of the form.
    pub language: String,
    /// Country code, if given.
    pub country: String,
    /// City, if given.
    pub city: String,
    /// Files sent with the report.
    pub attachments: usize,
}

impl InboxSummary {
    /// The summary of `answers`.
    pub fn of(answers: &ReportAnswers, attachments: usize) -> Self {
        Self {
            subject: answers.subject,
            incidents: answers.incidents.clone(),
            language: answers.language.clone(),
            country: answers.place.country.clone(),
            city: answers.place.city.chars().take(80).collect(),
            attachments,
        }
    }

    /// Sealed to the workspace key.
    pub fn seal(&self, workspace: &Recipient) -> Result<Vec<u8>, ServiceError> {
        let json = zeroize::Zeroizing::new(
            serde_json::to_vec(self).map_err(|_| ServiceError::Corrupt("summary"))?,
        );
        Ok(seal(std::slice::from_ref(workspace), &json)?)
    }
}

/// One row of the inbox.
#[derive(Clone, Debug)]
pub struct InboxEntry {
    /// The report.
    pub id: ReportId,
    /// Status.
    pub status: ReportStatus,
    /// Day received.
    pub received_day: String,
    /// Day of the last change.
    pub updated_day: String,
    /// Assigned investigator.
    pub assignee: Option<InvestigatorId>,
    /// Unread messages from the reporter.
    pub unread: i64,
    /// Summary (none for reports received before the workspace existed, until re-wrapped).
    pub summary: Option<InboxSummary>,
    /// Tags.
    pub tags: Vec<String>,
    /// Fingerprints of the sealed summary and tags this entry was read from.
    pub(crate) sealed: (String, String),
}

/// How to sort.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InboxSort {
    /// Newest first.
    #[default]
    Newest,
    /// Oldest first.
    Oldest,
    /// Most recently changed first.
    Updated,
    /// Most unread replies first.
    Unread,
}

/// Which reports to show.
#[derive(Clone, Debug, Default)]
pub struct InboxQuery {
    /// Only this status; without it, every status but spam.
    pub status: Option<ReportStatus>,
    /// Only reports with this incident type.
    pub incident: Option<Incident>,
    /// Only reports in this language.
    pub language: Option<String>,
    /// Only reports assigned to this investigator (`Some(None)`: to nobody).
    pub assignee: Option<Option<InvestigatorId>>,
    /// Only reports with this tag.
    pub tag: Option<String>,
    /// Only reports with unread replies.
    pub unread_only: bool,
    /// Order.
    pub sort: InboxSort,
    /// Page, from 1.
    pub page: usize,
    /// Rows a page (capped at 200).
    pub per_page: usize,
}

/// A page of the inbox.
#[derive(Clone, Debug)]
pub struct InboxPage {
    /// The rows.
    pub entries: Vec<InboxEntry>,
    /// Rows matching in all.
    pub total: usize,
    /// This page, from 1.
    pub page: usize,
    /// Pages in all.
    pub pages: usize,
}

/// What the index knows of one report's sealed parts, as kept in the sealed snapshot.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SnapshotEntry {
    summary_fingerprint: String,
    tags_fingerprint: String,
    summary: Option<InboxSummary>,
    tags: Vec<String>,
    /// Fingerprint of the sealed cross-referencing records (empty: none; absent in
    /// snapshots written before cross-referencing, which then match only reports without).
    #[serde(default)]
    xref_fingerprint: String,
    #[serde(default)]
    records: Vec<Record>,
}

/// A report's cross-referencing records as read at unlock: (report, fingerprint of the sealed
/// object, records), in order of arrival.
pub(crate) type ReportRecords = (ReportId, String, Vec<Record>);

/// The inbox's decrypted parts, sealed to the workspace key as one object: unlocking the
/// workspace then opens one age file instead of one per report. A cache: entries whose
/// sealed parts changed since (by fingerprint) are opened one by one.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    format: u32,
    entries: HashMap<ReportId, SnapshotEntry>,
}

/// Name of the snapshot in the cache folder.
pub(crate) const SNAPSHOT: &str = "inbox.age";

/// Above this many reports opened one by one at unlock, a fresh snapshot is written.
pub(crate) const SNAPSHOT_REFRESH: usize = 100;

fn fingerprint(sealed: Option<&[u8]>) -> String {
    sealed
        .map(|s| quietline_crypto::fingerprint(&[s]))
        .unwrap_or_default()
}

/// A report while the index is built.
struct Built {
    row: InboxRow,
    summary: Option<InboxSummary>,
    tags: Vec<String>,
    fingerprints: (String, String),
    xref_fingerprint: String,
    records: Vec<Record>,
}

/// The index: entries in order of arrival.
pub(crate) struct InboxIndex {
    entries: Vec<InboxEntry>,
    positions: HashMap<ReportId, usize>,
}

impl InboxIndex {
    /// Builds the index from the database's rows: sealed parts come from the snapshot when
    /// their fingerprints match, and are decrypted (on every core) otherwise. Returns the
    /// index, every report's cross-referencing records in order of arrival, and how many
    /// reports had to be opened one by one.
    pub fn build(
        rows: Vec<InboxRow>,
        key: &super::workspace::WorkspaceKeys,
        snapshot: Option<Snapshot>,
    ) -> (Self, Vec<ReportRecords>, usize) {
        let mut snapshot = snapshot.unwrap_or_default().entries;
        let mut all: Vec<Built> = Vec::with_capacity(rows.len());
        let mut unknown = Vec::new();
        for row in rows {
            let fingerprints = fingerprints(&row);
            let xref_fingerprint = fingerprint(row.xref_sealed.as_deref());
            match snapshot.remove(&row.id) {
                Some(entry)
                    if (
                        entry.summary_fingerprint.as_str(),
                        entry.tags_fingerprint.as_str(),
                        entry.xref_fingerprint.as_str(),
                    ) == (
                        fingerprints.0.as_str(),
                        fingerprints.1.as_str(),
                        xref_fingerprint.as_str(),
                    ) =>
                {
                    all.push(Built {
                        row,
                        summary: entry.summary,
                        tags: entry.tags,
                        fingerprints,
                        xref_fingerprint,
                        records: entry.records,
                    });
                }
                _ => unknown.push(Built {
                    row,
                    summary: None,
                    tags: Vec::new(),
                    fingerprints,
                    xref_fingerprint,
                    records: Vec::new(),
                }),
            }
        }
        let opened = unknown.len();
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let chunk = unknown.len().div_ceil(cores).max(1);
        std::thread::scope(|scope| {
            for part in unknown.chunks_mut(chunk) {
                scope.spawn(move || {
                    for built in part.iter_mut() {
                        built.summary = built
                            .row
                            .summary_sealed
                            .as_deref()
                            .and_then(|s| open_json::<InboxSummary>(key, s));
                        built.tags = built
                            .row
                            .tags_sealed
                            .as_deref()
                            .and_then(|s| open_json::<Vec<String>>(key, s))
                            .unwrap_or_default();
                        built.records = built
                            .row
                            .xref_sealed
                            .as_deref()
                            .and_then(|s| open_json::<SealedRecords>(key, s))
                            .map(SealedRecords::into_records)
                            .unwrap_or_default();
                    }
                });
            }
        });
        all.extend(unknown);
        all.sort_by(|a, b| order(&a.row.received_day, a.row.id, &b.row.received_day, b.row.id));
        let mut index = Self {
            entries: Vec::with_capacity(all.len()),
            positions: HashMap::new(),
        };
        let mut records = Vec::new();
        for built in all {
            let id = built.row.id;
            if !built.xref_fingerprint.is_empty() {
                records.push((id, built.xref_fingerprint, built.records));
            }
            index.insert(built.row, built.summary, built.tags, built.fingerprints);
        }
        (index, records, opened)
    }

    /// The index (with each report's cross-referencing records, from `records`) as a
    /// snapshot, to seal.
    pub fn snapshot(&self, records: &[ReportRecords]) -> Snapshot {
        let records: HashMap<ReportId, (&String, &Vec<Record>)> = records
            .iter()
            .map(|(id, fingerprint, records)| (*id, (fingerprint, records)))
            .collect();
        Snapshot {
            format: 1,
            entries: self
                .entries
                .iter()
                .map(|e| {
                    let (xref_fingerprint, records) = records
                        .get(&e.id)
                        .map(|(f, r)| ((*f).clone(), (*r).clone()))
                        .unwrap_or_default();
                    (
                        e.id,
                        SnapshotEntry {
                            summary_fingerprint: e.sealed.0.clone(),
                            tags_fingerprint: e.sealed.1.clone(),
                            summary: e.summary.clone(),
                            tags: e.tags.clone(),
                            xref_fingerprint,
                            records,
                        },
                    )
                })
                .collect(),
        }
    }

    /// A report's entry.
    pub fn entry(&self, id: ReportId) -> Option<&InboxEntry> {
        self.positions.get(&id).and_then(|&at| self.entries.get(at))
    }

    /// Adds (or replaces) a report.
    pub fn insert(
        &mut self,
        row: InboxRow,
        summary: Option<InboxSummary>,
        tags: Vec<String>,
        sealed: (String, String),
    ) {
        let entry = InboxEntry {
            id: row.id,
            status: row.status,
            received_day: row.received_day,
            updated_day: row.updated_day,
            assignee: row.assignee,
            unread: row.unread_from_reporter,
            summary,
            tags,
            sealed,
        };
        match self.positions.get(&entry.id) {
            Some(&at) => {
                if let Some(slot) = self.entries.get_mut(at) {
                    *slot = entry;
                }
            }
            None => {
                // Entries stay in (day, id) order: within a day, in the order of the random ids,
                // never of arrival. A new report is usually among the last.
                let at = self.entries.partition_point(|e| {
                    order(&e.received_day, e.id, &entry.received_day, entry.id).is_lt()
                });
                self.entries.insert(at, entry);
                for (position, moved) in self.entries.iter().enumerate().skip(at) {
                    self.positions.insert(moved.id, position);
                }
            }
        }
    }

    /// Changes an entry in place.
    pub fn update(&mut self, id: ReportId, change: impl FnOnce(&mut InboxEntry)) {
        if let Some(entry) = self
            .positions
            .get(&id)
            .and_then(|&at| self.entries.get_mut(at))
        {
            change(entry);
        }
    }

    /// Every tag in use, sorted.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .entries
            .iter()
            .flat_map(|e| e.tags.iter().cloned())
            .collect();
        tags.sort();
        tags.dedup();
        tags
    }

    /// Reports in all.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// A page of the reports that match.
    pub fn query(&self, query: &InboxQuery) -> InboxPage {
        let matches = |e: &&InboxEntry| {
            let status_ok = match query.status {
                Some(status) => e.status == status,
                None => e.status != ReportStatus::Spam,
            };
            status_ok
                && query
                    .incident
                    .is_none_or(|i| e.summary.as_ref().is_some_and(|s| s.incidents.contains(&i)))
                && query
                    .language
                    .as_ref()
                    .is_none_or(|l| e.summary.as_ref().is_some_and(|s| &s.language == l))
                && query.assignee.is_none_or(|a| e.assignee == a)
                && query.tag.as_ref().is_none_or(|t| e.tags.contains(t))
                && (!query.unread_only || e.unread > 0)
        };
        let mut selected: Vec<&InboxEntry> = match query.sort {
            InboxSort::Newest => self.entries.iter().rev().filter(matches).collect(),
            _ => self.entries.iter().filter(matches).collect(),
        };
        match query.sort {
            InboxSort::Newest | InboxSort::Oldest => {}
            InboxSort::Updated => selected.sort_by(|a, b| {
                b.updated_day.cmp(&a.updated_day).then(order(
                    &b.received_day,
                    b.id,
                    &a.received_day,
                    a.id,
                ))
            }),
            InboxSort::Unread => selected.sort_by(|a, b| {
                b.unread
                    .cmp(&a.unread)
                    .then(order(&b.received_day, b.id, &a.received_day, a.id))
            }),
        }
        let per_page = query.per_page.clamp(1, 200);
        let total = selected.len();
        let pages = total.div_ceil(per_page).max(1);
        let page = query.page.clamp(1, pages);
        let entries = selected
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .cloned()
            .collect();
        InboxPage {
            entries,
            total,
            page,
            pages,
        }
    }
}

/// The fingerprints of a row's sealed parts.
pub(crate) fn fingerprints(row: &InboxRow) -> (String, String) {
    (
        fingerprint(row.summary_sealed.as_deref()),
        fingerprint(row.tags_sealed.as_deref()),
    )
}

/// The fingerprint of a freshly sealed part.
pub(crate) fn fingerprint_of(sealed: &[u8]) -> String {
    fingerprint(Some(sealed))
}

/// Decrypts a small sealed JSON object; anything unreadable is `None` (a damaged summary
/// must not keep the inbox from opening).
pub(crate) fn open_json<T: for<'de> Deserialize<'de>>(
    key: &super::workspace::WorkspaceKeys,
    sealed: &[u8],
) -> Option<T> {
    let plain = key.open(sealed).ok()?;
    serde_json::from_slice(&plain).ok()
}

/// The inbox's order: by day received, then by the report's random id. No order of arrival is
/// kept within a day (docs/threat-model.md), so none is shown either.
fn order(day_a: &str, id_a: ReportId, day_b: &str, id_b: ReportId) -> std::cmp::Ordering {
    day_a.cmp(day_b).then(id_a.cmp(&id_b))
}
