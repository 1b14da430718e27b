//! Quietline's domain vocabulary: what a report is, how a receipt is written, which
//! answers the reporting form asks for (the taxonomy of docs/taxonomy.md), the statuses a
//! report moves through, and the limits that bound every input.
//!
//! This crate does no I/O, holds no keys and reads no clock: callers pass "today" in.
//! Everything here can be tested with plain values, and every other crate may depend on it.

#![deny(missing_docs)]

pub mod answers;
pub mod day;
pub mod digits;
pub mod draft;
pub mod ids;
pub mod limits;
pub mod receipt;
pub mod reference;
pub mod site;
pub mod status;
pub mod taxonomy;
pub mod text;

pub use answers::ReportAnswers;
pub use day::{Day, DayFormatError};
pub use draft::{FieldError, Problem, ReportDraft};
pub use ids::{
    AttachmentId, CaseId, ClaimId, DerivedCopyId, InvestigatorId, MessageId, ReplyTemplateId,
    ReportId, SiteId,
};
pub use limits::Limits;
pub use receipt::{LookupId, Receipt, ReceiptFormatError};
pub use reference::{InvalidReportRef, ReportRef};
pub use status::ReportStatus;
