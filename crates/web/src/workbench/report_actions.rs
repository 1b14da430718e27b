//! What the buttons of a report's page do: status, assignee, tags, linking a site, deciding on
//! a cross-reference link, sending a message, adding a note, inserting a reply template.
//!
//! The page is one form: every control carries `form="report"` and every button its own
//! `formaction`, so that whichever button is used, what is typed in the message and note boxes
//! comes along. When something is done while a box holds a draft, the page comes back with the
//! draft in its box instead of redirecting; with both boxes empty the browser is redirected to
//! the page as usual. Nothing typed is lost, and no draft is stored. (Opening the new-site form
//! from the place answer leaves the page, as a link does.)

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use quietline_core::{AttachmentId, ReportId, ReportStatus};
use quietline_service::{ServiceError, Verdict};
use serde::Deserialize;

use super::report::{Draft, TextBox, report_page};
use crate::extract::{Path, Posted, SignedIn, carries_token};
use crate::refusal::Refusal;
use crate::state::AppState;

/// The report page's form, as any of its buttons posts it.
#[derive(Deserialize, Default)]
pub(crate) struct ReportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    site: String,
    /// A link decision: `record other verdict` (`p1 <report>/p2 confirmed`).
    #[serde(default)]
    decision: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    note: String,
    /// The reply template chosen beside the message box.
    #[serde(default)]
    reply_template: String,
    /// A later retention day, and why.
    #[serde(default)]
    retain_until: String,
    #[serde(default)]
    retention_reason: String,
}

carries_token!(ReportForm);

impl ReportForm {
    fn draft(&self) -> Draft {
        Draft::kept(&self.message, &self.note)
    }
}

fn back_to(report: ReportId, anchor: &str) -> Response {
    Redirect::to(&format!("/investigator/reports/{report}#{anchor}")).into_response()
}

/// After something was done: back to the page's `anchor`, or, when a box holds a draft, the
/// page with it kept and `saved` said above.
async fn done(
    state: &AppState,
    desk: &SignedIn,
    report: ReportId,
    draft: Draft,
    anchor: &str,
    saved: &'static str,
) -> Result<Response, Refusal> {
    if draft.is_empty() {
        return Ok(back_to(report, anchor));
    }
    let draft = Draft { saved, ..draft };
    report_page(state, desk, report, draft).await
}

/// `POST /investigator/reports/{id}/status`.
pub(crate) async fn status(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let status = ReportStatus::from_code(&form.status).ok_or(Refusal::BadRequest)?;
    state
        .instance
        .set_status(
            &desk.investigator,
            &[report],
            status,
            desk.request_id(),
            desk.now,
        )
        .await?;
    done(
        &state,
        &desk,
        report,
        form.draft(),
        "triage",
        "Status saved.",
    )
    .await
}

/// `POST /investigator/reports/{id}/assign`.
pub(crate) async fn assign(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let assignee = match form.assignee.as_str() {
        "nobody" | "" => None,
        other => Some(other.parse().map_err(|_| Refusal::BadRequest)?),
    };
    state
        .instance
        .assign(
            &desk.investigator,
            &[report],
            assignee,
            desk.request_id(),
            desk.now,
        )
        .await
        .map_err(Refusal::from_form_choice)?;
    done(
        &state,
        &desk,
        report,
        form.draft(),
        "triage",
        "Assignment saved.",
    )
    .await
}

/// `POST /investigator/reports/{id}/tags`: comma-separated.
pub(crate) async fn tags(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let tags: Vec<String> = form
        .tags
        .split([',', '，', '、'])
        .map(str::to_owned)
        .collect();
    state
        .instance
        .set_tags(
            &desk.investigator,
            report,
            &tags,
            desk.request_id(),
            desk.now,
        )
        .await?;
    done(&state, &desk, report, form.draft(), "triage", "Tags saved.").await
}

/// `POST /investigator/reports/{id}/site`: links the report to a site (`site=ID`), or opens
/// the new-site form filled in from its place answer (`site=new`).
pub(crate) async fn site(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    if form.site == "new" {
        return Ok(
            Redirect::to(&format!("/investigator/sites/new?report={report}")).into_response(),
        );
    }
    let site = form.site.parse().map_err(|_| Refusal::BadRequest)?;
    state
        .instance
        .link_report_to_site(
            &desk.investigator,
            site,
            report,
            desk.request_id(),
            desk.now,
        )
        .await?;
    done(&state, &desk, report, form.draft(), "sites", "Site linked.").await
}

/// `POST /investigator/reports/{id}/links`: confirm, reject or withdraw a decision on a link.
pub(crate) async fn decide(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let mut parts = form.decision.split(' ');
    let (Some(record), Some(other), Some(verdict), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::BadRequest);
    };
    let verdict = Verdict::from_code(verdict).ok_or(Refusal::BadRequest)?;
    state
        .instance
        .decide_link(
            &desk.investigator,
            report,
            record,
            other,
            verdict,
            desk.request_id(),
            desk.now,
        )
        .await?;
    done(
        &state,
        &desk,
        report,
        form.draft(),
        "also-in",
        "Decision saved.",
    )
    .await
}

/// `POST /investigator/reports/{id}/files/{file}/strip`: a working copy of the file without
/// its metadata, listed under it. A file that is not a JPEG, PNG or PDF (by its first bytes),
/// or cannot be read, brings the page back saying so, with the drafts kept.
pub(crate) async fn strip(
    State(state): State<AppState>,
    desk: SignedIn,
    Path((report, file)): Path<(ReportId, AttachmentId)>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let made = state
        .instance
        .make_copy_without_metadata(
            &desk.investigator,
            report,
            file,
            desk.request_id(),
            desk.now,
        )
        .await;
    match made {
        Ok(_) => {
            done(
                &state,
                &desk,
                report,
                form.draft(),
                "files",
                "Copy without metadata made.",
            )
            .await
        }
        Err(ServiceError::CannotStrip(why)) => {
            let draft = Draft {
                files_problem: format!(
                    "No copy without metadata was made: {why}. The original is unchanged."
                ),
                ..form.draft()
            };
            report_page(&state, &desk, report, draft).await
        }
        Err(ServiceError::FileTooLarge { .. }) => Err(Refusal::BadRequest),
        Err(err) => Err(err.into()),
    }
}

/// `POST /investigator/reports/{id}/message`: to the reporter.
pub(crate) async fn message(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let sent = state
        .instance
        .reply_to_reporter(
            &desk.investigator,
            report,
            &form.message,
            desk.request_id(),
            desk.now,
        )
        .await;
    saved_or_kept(&state, &desk, report, &form, TextBox::Message, sent).await
}

/// `POST /investigator/reports/{id}/note`: an internal note.
pub(crate) async fn note(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let added = state
        .instance
        .add_note(
            &desk.investigator,
            report,
            &form.note,
            desk.request_id(),
            desk.now,
        )
        .await;
    saved_or_kept(&state, &desk, report, &form, TextBox::Note, added).await
}

/// `POST /investigator/reports/{id}/template`: the page again, with the chosen reply template
/// added to the end of the message box and everything else as it was. Nothing is sent or
/// stored: the reply goes only with "Send to the reporter".
pub(crate) async fn template(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let key: quietline_service::TemplateKey = form
        .reply_template
        .parse()
        .map_err(|_| Refusal::BadRequest)?;
    let draft = Draft {
        insert: Some(key),
        tags: Some(form.tags.clone()),
        ..form.draft()
    };
    report_page(&state, &desk, report, draft).await
}

/// `POST /investigator/reports/{id}/retention`: postpones the report's retention to a later
/// day, with a reason; refused, the page with both kept and the reason beside them.
pub(crate) async fn retention(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
    Posted(form): Posted<ReportForm>,
) -> Result<Response, Refusal> {
    let postponed = state
        .instance
        .postpone_retention(
            &desk.investigator,
            report,
            &form.retain_until,
            &form.retention_reason,
            desk.request_id(),
            desk.now,
        )
        .await;
    match postponed {
        Ok(_) => {
            done(
                &state,
                &desk,
                report,
                form.draft(),
                "retention",
                "Retention postponed.",
            )
            .await
        }
        Err(ServiceError::Invalid(problems)) => {
            let draft = form.draft().retention_refused(
                &form.retain_until,
                &form.retention_reason,
                &problems,
            );
            report_page(&state, &desk, report, draft).await
        }
        Err(err) => Err(err.into()),
    }
}

/// After a message or note: the box emptied (and the other kept, if it holds a draft); refused,
/// the page with the text kept in its box and the reason beside it.
async fn saved_or_kept(
    state: &AppState,
    desk: &SignedIn,
    report: ReportId,
    form: &ReportForm,
    text_box: TextBox,
    saved: Result<(), ServiceError>,
) -> Result<Response, Refusal> {
    let (anchor, said) = match text_box {
        TextBox::Message => ("conversation", "Message sent."),
        TextBox::Note => ("notes", "Note added."),
    };
    match saved {
        Ok(()) => {
            let draft = form.draft().sent(text_box, said);
            done(state, desk, report, draft, anchor, said).await
        }
        Err(ServiceError::Invalid(problems)) => {
            let draft = form.draft().refused(text_box, &problems);
            report_page(state, desk, report, draft).await
        }
        Err(err) => Err(err.into()),
    }
}
