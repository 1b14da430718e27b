//! The investigator workbench's operations: signing in with a second factor, the workspace
//! key, the inbox, reading and working on a report, granting access, statistics.
//!
//! Keys in memory, and only there: at sign-in the investigator's identity is unwrapped with
//! their password and kept in their session; the workspace key is unwrapped with it and kept
//! while at least one investigator is signed in ([`UnlockedWorkspace`]), together with the
//! inbox index built from the sealed summaries, the cross-reference index built from the
//! sealed records (`crossref`), the search index built from what signed-in investigators' keys
//! open (`search`) and, from its first use, the decrypted site registry. When the last session
//! ends or expires, all are dropped (and wiped by their types).

mod access;
mod cases;
mod crossref;
mod derived;
mod ftm;
mod inbox;
mod links;
mod near_duplicates;
mod pages;
mod reply_templates;
mod report;
mod rotation;
mod search;
mod sessions;
mod sign_in;
mod site_edits;
mod site_suggestions;
mod sites;
mod snapshot;
mod statistics;
mod workspace;

use std::time::Instant;

pub use access::GrantSummary;
pub use cases::{
    CASE_MAX_ITEMS, CASE_TEXT_MAX_CHARS, CASE_TITLE_MAX_CHARS, Case, CaseChange, CaseEntity,
    CaseEntityView, CaseFields, CaseNote, CaseReport, CaseSiteView, CaseStatus, CaseSummary,
    CaseView, CasesView, TimelineEntry, TimelineKind,
};
pub use crossref::{
    AlsoIn, DecisionView, EntityMember, EntityView, RecordRef, RecordXref, Verdict,
};
pub(crate) use crossref::{records_of as xref_records_of, seal_records};
pub use derived::{
    DERIVED_REASON_MAX_CHARS, DerivedCopy, DerivedCopyDraft, DerivedKind, DerivedUpload,
};
pub use ftm::{FtmExport, FtmScope, FtmSummary, SharePurpose};
pub(crate) use inbox::SNAPSHOT as INBOX_SNAPSHOT;
pub(crate) use inbox::fingerprint_of;
pub use inbox::{InboxEntry, InboxPage, InboxQuery, InboxSort, InboxSummary};
pub use pages::{AuditQuery, AuditView, BulkChange, InboxView, InvestigatorsView, ReportSelection};
pub use reply_templates::{
    FALLBACK_LANGUAGE, NotATemplate, ReplyTemplate, ReplyTemplates, ReplyTemplatesView,
    TEMPLATE_BODY_MAX_CHARS, TEMPLATE_TITLE_MAX_CHARS, TemplateChange, TemplateFields, TemplateKey,
};
pub use report::{NoteView, ReportView, WorkbenchAttachment, WorkbenchMessage};
pub use rotation::RotationProgress;
pub use search::{
    SEARCH_MAX_QUERY_CHARS, SEARCH_PAGE_MAX, SearchHit, SearchKind, SearchProgress, SearchQuery,
    SearchResults, Snippet,
};
pub(crate) use sessions::Workbench;
pub use sessions::{Investigator, SessionId};
pub use sign_in::{Enrolment, SignInOutcome};
pub use site_edits::{ClaimFields, SiteFields, SiteList, SiteQuery};
pub use site_suggestions::{ReportSites, SiteChoice, SuggestionReason};
pub use sites::{ExportFormat, ImportReport, SiteView};
pub use statistics::{
    Breakdown, Cell, ForStatistics, Row, RowKey, SMALLEST_SHOWN, Statistics, StatisticsQuery,
};
pub(crate) use workspace::UnlockedWorkspace;

/// The present, as both clocks see it: the wall clock for what is recorded (audit times,
/// TOTP steps, lock expiry) and the monotonic clock for session timeouts.
#[derive(Clone, Copy, Debug)]
pub struct Now {
    /// UTC wall-clock time.
    pub wall: time::OffsetDateTime,
    /// Monotonic time.
    pub mono: Instant,
}

impl Now {
    /// Unix seconds of the wall clock (never negative in practice; 0 if it were).
    pub fn unix(&self) -> u64 {
        u64::try_from(self.wall.unix_timestamp()).unwrap_or(0)
    }

    /// The UTC day.
    pub fn today(&self) -> time::Date {
        self.wall.date()
    }
}
