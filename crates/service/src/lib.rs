//! Quietline's operations: the one function each request handler or command calls.
//!
//! [`Instance`] is a running installation: its data directory, database, object files,
//! pepper and settings. Its methods are the reporting line's operations: receive a report
//! ([`Instance::begin_submission`], which streams attachments through age into the data
//! directory), check a receipt ([`Instance::open_receipt`]), show and extend the
//! conversation ([`Instance::reporter_thread`], [`Instance::begin_reply`],
//! [`Instance::send_to_reporter`]), manage investigators, and decrypt a report offline.
//! Security-relevant operations are recorded in a tamper-evident audit trail
//! ([`Instance::audit`], [`Instance::verify_audit`]; see the `audit` module).
//!
//! **Invariants:** plaintext a reporter sends is encrypted before it is written anywhere;
//! the database receives only ids, statuses, days, sizes and public or wrapped keys; no
//! operation takes or records a network address. Time comes in as a parameter (`today`),
//! never from the clock, so that tests control it.

mod audit;
mod authenticity;
mod backup;
mod clock;
mod config;
mod conversation;
mod data_dir;
mod error;
mod evidence;
mod instance;
mod intake;
mod integrity;
mod investigators;
mod kdf_pool;
mod offline;
mod receipt;
mod references;
mod report_lock;
mod reporter_copy;
mod reports;
mod retention;
mod throttle;
mod workbench;

pub use audit::{
    Actor, AuditAction, AuditEntry, AuditEvent, AuditProblem, AuditProblemKind, AuditVerification,
    EXPORTED_HEAD_FORMAT, ExportedHead, HEAD_INTERVAL, InvalidActor, MissingReports, TrailCheck,
};
pub use authenticity::{KeyProblem, VouchSummary};
pub use backup::{BackupSummary, RestoredDatabase, restore_backup};
pub use clock::{Clock, Stopwatch, SystemClock};
pub use config::ServiceConfig;
pub use conversation::{Reply, ThreadMessage, ThreadView};
pub use data_dir::DataDir;
pub use error::ServiceError;
pub use evidence::{
    Audience, BUNDLE_FORMAT, BundleCheck, BundleProblem, Custody, CustodyEntry, EvidenceOpener,
    EvidenceRequest, EvidenceSummary, LeftOut, LetterLanguage, Manifest, ManifestItem,
    PreparedEvidence, TreeHead, verify_bundle,
};
pub use instance::{Instance, Readiness};
pub use intake::{AttachmentMeta, Submission, Upload};
pub use integrity::{
    InclusionProof, IntegrityFailure, IntegrityItem, IntegrityProof, ItemKind, sha256_hex,
    verify_item,
};
pub use investigators::{InvestigatorSummary, validate_password, validate_username};
pub use kdf_pool::KdfWork;
pub use offline::{DecryptedReport, PendingDecryption};
pub use quietline_storage::{AttachmentOrigin, Author, InvestigatorRole, InvestigatorStatus};
pub use receipt::{ReceiptOutcome, ReporterAccess};
pub use reporter_copy::{CopyState, ReporterCopy};
pub use reports::ReportSummary;
pub use retention::{
    DUE_SOON_DAYS, DueReport, MAX_REASON_CHARS, PurgeOutcome, PurgeStop, PurgedReport, Retention,
    RetentionPreview, add_months, retention_of,
};
pub use workbench::{
    AlsoIn, AuditQuery, AuditView, BulkChange, ClaimFields, DecisionView, Enrolment, EntityMember,
    EntityView, ExportFormat, FtmExport, FtmScope, FtmSummary, GrantSummary, ImportReport,
    InboxEntry, InboxPage, InboxQuery, InboxSort, InboxSummary, InboxView, Investigator,
    InvestigatorsView, NoteView, Now, RecordRef, RecordXref, ReportSelection, ReportSites,
    ReportView, RotationProgress, SEARCH_MAX_QUERY_CHARS, SEARCH_PAGE_MAX, SearchHit, SearchKind,
    SearchProgress, SearchQuery, SearchResults, SessionId, SharePurpose, SignInOutcome, SiteChoice,
    SiteFields, SiteList, SiteQuery, SiteView, Snippet, SuggestionReason, Verdict,
    WorkbenchAttachment, WorkbenchMessage,
};
pub use workbench::{
    Breakdown, Cell, ForStatistics, Row, RowKey, SMALLEST_SHOWN, Statistics, StatisticsQuery,
};
pub use workbench::{
    CASE_MAX_ITEMS, CASE_TEXT_MAX_CHARS, CASE_TITLE_MAX_CHARS, Case, CaseChange, CaseEntity,
    CaseEntityView, CaseFields, CaseNote, CaseReport, CaseSiteView, CaseStatus, CaseSummary,
    CaseView, CasesView, DERIVED_REASON_MAX_CHARS, DerivedCopy, DerivedCopyDraft, DerivedKind,
    DerivedUpload, TimelineEntry, TimelineKind,
};
pub use workbench::{
    FALLBACK_LANGUAGE, NotATemplate, ReplyTemplate, ReplyTemplates, ReplyTemplatesView,
    TEMPLATE_BODY_MAX_CHARS, TEMPLATE_TITLE_MAX_CHARS, TemplateChange, TemplateFields, TemplateKey,
};
