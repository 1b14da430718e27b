//! Cases: the list with a form for a new one, and a case's page (its fields in one form, its
//! reports, entities and sites with forms to add and remove them, its notes, and its timeline).
//! A refused change comes back with what was typed in its box and the reason beside it; an
//! edit made from a version saved over since shows the case as saved with the typed fields
//! kept in the form.

use askama::Template;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use quietline_core::{CaseId, FieldError, Problem, ReportId, SiteId};
use quietline_service::{
    Audience, CASE_TEXT_MAX_CHARS, CASE_TITLE_MAX_CHARS, CaseChange, CaseEntity, CaseFields,
    CaseStatus, CaseView, EvidenceOpener, EvidenceRequest, LetterLanguage, ServiceError,
    TimelineKind,
};
use serde::Deserialize;

use super::controls::{Opt, label, opts};
use crate::extract::{Admin, Path, Posted, SignedIn, carries_token};
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

/// A row of the list.
struct CaseLine {
    href: String,
    title: String,
    status: &'static str,
    lead: String,
    reports: usize,
    legal_hold: bool,
    updated: String,
}

#[derive(Template)]
#[template(path = "workbench/cases.html", escape = "workbench")]
struct CasesPage {
    nav: Nav,
    cases: Vec<CaseLine>,
    form: FieldsBox,
}

/// The fields' form, as shown or as typed, with the reasons beside them.
struct FieldsBox {
    title: String,
    description: String,
    statuses: Vec<Opt>,
    leads: Vec<Opt>,
    legal_hold: bool,
    title_problem: String,
    description_problem: String,
    lead_problem: String,
    title_max: usize,
    text_max: usize,
}

struct ReportLine {
    id: String,
    reference: String,
    open: bool,
    /// The day it was purged, or empty.
    purged: String,
    received: String,
    consents: String,
}

struct EntityLine {
    value: String,
    reference: String,
    report: String,
    record: String,
    label: String,
    name: String,
}

struct SiteLine {
    id: String,
    name: String,
}

struct NoteLine {
    author: String,
    day: String,
    text: String,
}

struct TimelineLine {
    date: String,
    what: String,
    report: String,
    reference: String,
    site: String,
}

#[derive(Template)]
#[template(path = "workbench/case.html", escape = "workbench")]
struct CasePage {
    nav: Nav,
    id: String,
    version: i64,
    message: Option<String>,
    admin: bool,
    form: FieldsBox,
    status: &'static str,
    legal_hold: bool,
    created: String,
    updated: String,
    reports: Vec<ReportLine>,
    hidden_reports: usize,
    entities: Vec<EntityLine>,
    entity_choices: Vec<EntityLine>,
    sites: Vec<SiteLine>,
    site_choices: Vec<SiteLine>,
    notes: Vec<NoteLine>,
    timeline: Vec<TimelineLine>,
    /// What was typed in the "add a report" box, kept after a refusal.
    report_typed: String,
    report_problem: String,
    note_typed: String,
    note_problem: String,
    /// What was typed as the agency's recipient, kept after a refusal.
    recipient_typed: String,
}

#[derive(Deserialize, Default)]
pub(crate) struct FieldsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    lead: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    legal_hold: Option<String>,
    #[serde(default)]
    version: i64,
}

#[derive(Deserialize, Default)]
pub(crate) struct ItemForm {
    #[serde(default)]
    csrf: String,
    /// `add_report`, `remove_report`, `add_entity`, `remove_entity`, `add_site`, `remove_site`.
    #[serde(default)]
    change: String,
    /// A report's reference or id (to add), or the item's id (`<report>/<record>` for an
    /// entity).
    #[serde(default)]
    item: String,
}

#[derive(Deserialize, Default)]
pub(crate) struct BundleForm {
    #[serde(default)]
    csrf: String,
    /// `police` or `partners`.
    #[serde(default)]
    audience: String,
    /// The receiving agency's age recipient.
    #[serde(default)]
    recipient: String,
    /// `en`, `fr`, or empty for no letter.
    #[serde(default)]
    letter: String,
}

#[derive(Deserialize, Default)]
pub(crate) struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    note: String,
}

carries_token!(FieldsForm, ItemForm, NoteForm, BundleForm);

impl FieldsForm {
    fn fields(&self) -> Result<CaseFields, Refusal> {
        Ok(CaseFields {
            title: self.title.clone(),
            status: CaseStatus::from_code(&self.status).ok_or(Refusal::BadRequest)?,
            lead: match self.lead.as_str() {
                "" | "nobody" => None,
                id => Some(id.parse().map_err(|_| Refusal::BadRequest)?),
            },
            description: self.description.clone(),
        })
    }
}

/// What was refused, to show again.
#[derive(Default)]
struct Typed {
    fields: Option<(CaseFields, bool)>,
    recipient: String,
    report: String,
    note: String,
    problems: Vec<FieldError>,
    message: Option<String>,
}

fn problem_text(problem: Problem, what: &str) -> String {
    match problem {
        Problem::Required => format!("The {what} is empty: fill it in. Nothing was saved."),
        Problem::TooLong { max } => format!(
            "The {what} is longer than {max} characters: shorten it. Nothing was saved; what you typed is kept."
        ),
        Problem::TooMany { max } => {
            format!("A case holds at most {max} of these: nothing was added.")
        }
        _ => match what {
            "report" => "No report in the inbox has that reference (it looks like R-7KQ4-92). Nothing was added; what you typed is kept.".to_owned(),
            _ => format!("Choose the {what} from the list. Nothing was saved."),
        },
    }
}

fn fields_box(
    fields: &CaseFields,
    legal_hold: bool,
    investigators: impl IntoIterator<Item = (String, String)>,
    problems: &[FieldError],
) -> FieldsBox {
    let lead = fields.lead.map(|l| l.to_string()).unwrap_or_default();
    let mut form = FieldsBox {
        title: fields.title.clone(),
        description: fields.description.clone(),
        statuses: opts(
            CaseStatus::ALL
                .iter()
                .map(|s| (s.code().to_owned(), s.label().to_owned())),
            fields.status.code(),
            None,
        ),
        leads: opts(investigators, &lead, Some("Nobody yet")),
        legal_hold,
        title_problem: String::new(),
        description_problem: String::new(),
        lead_problem: String::new(),
        title_max: CASE_TITLE_MAX_CHARS,
        text_max: CASE_TEXT_MAX_CHARS,
    };
    for p in problems {
        match p.field.as_str() {
            "title" => form.title_problem = problem_text(p.problem, "title"),
            "description" => form.description_problem = problem_text(p.problem, "description"),
            "lead" => form.lead_problem = problem_text(p.problem, "lead"),
            _ => {}
        }
    }
    form
}

/// The list, with the new case's form (as typed, after a refusal).
async fn list(
    state: &AppState,
    desk: &SignedIn,
    typed: Option<(CaseFields, Vec<FieldError>)>,
) -> Result<Response, Refusal> {
    let quietline_service::CasesView {
        cases,
        investigators,
    } = state.instance.cases(&desk.investigator).await?;
    let name_of = |id: Option<quietline_core::InvestigatorId>| {
        id.and_then(|id| investigators.iter().find(|i| i.id == id))
            .map_or_else(String::new, |i| i.username.clone())
    };
    let lines = cases
        .iter()
        .map(|c| CaseLine {
            href: format!("/investigator/cases/{}", c.id),
            title: c.fields.title.clone(),
            status: c.fields.status.label(),
            lead: name_of(c.fields.lead),
            reports: c.reports,
            legal_hold: c.legal_hold,
            updated: c.updated_day.to_string(),
        })
        .collect();
    let refused = typed.is_some();
    let (fields, problems) = typed.unwrap_or_default();
    let page = CasesPage {
        nav: desk.nav(),
        cases: lines,
        form: fields_box(
            &fields,
            false,
            investigators
                .iter()
                .map(|i| (i.id.to_string(), i.username.clone())),
            &problems,
        ),
    };
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(page)).into_response())
}

/// `GET /investigator/cases`.
pub(crate) async fn index(
    State(state): State<AppState>,
    desk: SignedIn,
) -> Result<Response, Refusal> {
    list(&state, &desk, None).await
}

/// `POST /investigator/cases`: a new case.
pub(crate) async fn create(
    State(state): State<AppState>,
    desk: SignedIn,
    Posted(form): Posted<FieldsForm>,
) -> Result<Response, Refusal> {
    let fields = form.fields()?;
    match state
        .instance
        .create_case(
            &desk.investigator,
            fields.clone(),
            desk.request_id(),
            desk.now,
        )
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/investigator/cases/{id}")).into_response()),
        Err(ServiceError::Invalid(problems)) => list(&state, &desk, Some((fields, problems))).await,
        Err(err) => Err(err.into()),
    }
}

/// `GET /investigator/cases/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(id): Path<CaseId>,
) -> Result<Response, Refusal> {
    page(&state, &desk, id, Typed::default(), StatusCode::OK).await
}

/// `POST /investigator/cases/{id}`: title, status, lead, description, legal hold.
pub(crate) async fn update(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(id): Path<CaseId>,
    Posted(form): Posted<FieldsForm>,
) -> Result<Response, Refusal> {
    let fields = form.fields()?;
    let legal_hold = form.legal_hold.is_some();
    let outcome = state
        .instance
        .change_case(
            &desk.investigator,
            id,
            CaseChange::Edit {
                version: form.version,
                fields: fields.clone(),
                legal_hold,
            },
            desk.request_id(),
            desk.now,
        )
        .await;
    let typed = Typed {
        fields: Some((fields, legal_hold)),
        ..Typed::default()
    };
    after(&state, &desk, id, outcome, typed).await
}

/// `POST /investigator/cases/{id}/items`: a report, entity or site added or removed.
pub(crate) async fn items(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(id): Path<CaseId>,
    Posted(form): Posted<ItemForm>,
) -> Result<Response, Refusal> {
    let item = form.item.trim();
    let entity = || -> Result<CaseEntity, Refusal> {
        let (report, record) = item.split_once('/').ok_or(Refusal::BadRequest)?;
        Ok(CaseEntity {
            report: report.parse().map_err(|_| Refusal::BadRequest)?,
            record: record.to_owned(),
        })
    };
    let site = || item.parse::<SiteId>().map_err(|_| Refusal::BadRequest);
    let report = || item.parse::<ReportId>().map_err(|_| Refusal::BadRequest);
    let change = match form.change.as_str() {
        "add_report" => CaseChange::AddReport(item.to_owned()),
        "remove_report" => CaseChange::RemoveReport(report()?),
        "add_entity" => CaseChange::AddEntity(entity()?),
        "remove_entity" => CaseChange::RemoveEntity(entity()?),
        "add_site" => CaseChange::AddSite(site()?),
        "remove_site" => CaseChange::RemoveSite(site()?),
        _ => return Err(Refusal::BadRequest),
    };
    let outcome = state
        .instance
        .change_case(&desk.investigator, id, change, desk.request_id(), desk.now)
        .await;
    let typed = Typed {
        report: if form.change == "add_report" {
            item.to_owned()
        } else {
            String::new()
        },
        ..Typed::default()
    };
    after(&state, &desk, id, outcome, typed).await
}

/// `POST /investigator/cases/{id}/notes`.
pub(crate) async fn note(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(id): Path<CaseId>,
    Posted(form): Posted<NoteForm>,
) -> Result<Response, Refusal> {
    let outcome = state
        .instance
        .change_case(
            &desk.investigator,
            id,
            CaseChange::AddNote(form.note.clone()),
            desk.request_id(),
            desk.now,
        )
        .await;
    let typed = Typed {
        note: form.note,
        ..Typed::default()
    };
    after(&state, &desk, id, outcome, typed).await
}

/// `POST /investigator/cases/{id}/bundle` (admins): the case's evidence bundle, sealed to the
/// agency's recipient, as a download (`<case>-<audience>.bundle`), streamed from a file with
/// no name. A recipient that is not an age one brings the page back, with what was typed.
pub(crate) async fn bundle(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<CaseId>,
    Posted(form): Posted<BundleForm>,
) -> Result<Response, Refusal> {
    let audience = Audience::from_code(&form.audience).ok_or(Refusal::BadRequest)?;
    let letter = match form.letter.as_str() {
        "" => None,
        tag => Some(LetterLanguage::from_tag(tag).ok_or(Refusal::BadRequest)?),
    };
    let request = EvidenceRequest {
        case: id,
        audience,
        recipient: form.recipient.clone(),
        letter,
    };
    let prepared = match state
        .instance
        .prepare_evidence(
            EvidenceOpener::Admin(&admin.investigator),
            &request,
            admin.request_id(),
            admin.now,
        )
        .await
    {
        Ok(prepared) => prepared,
        Err(ServiceError::Invalid(_)) => {
            let typed = Typed {
                recipient: form.recipient,
                message: Some(
                    "That is not an age recipient: it starts with age1 (the agency gives it to you). Nothing was exported.".to_owned(),
                ),
                ..Typed::default()
            };
            return page(&state, &admin, id, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(err) => return Err(err.into()),
    };
    let file = prepared.write_unnamed(None).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"case-{id}-{}.bundle\"",
                    audience.code()
                ),
            ),
        ],
        Body::from_stream(tokio_util::io::ReaderStream::new(file)),
    )
        .into_response())
}

/// After a change: back to the page, or the page with what was typed and why it was refused.
async fn after(
    state: &AppState,
    desk: &SignedIn,
    id: CaseId,
    outcome: Result<i64, ServiceError>,
    mut typed: Typed,
) -> Result<Response, Refusal> {
    let status = match outcome {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/investigator/cases/{id}")).into_response());
        }
        Err(ServiceError::Invalid(problems)) => {
            typed.problems = problems;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(ServiceError::CaseChanged) => {
            typed.message = Some(
                "Someone saved this case after you opened it: nothing of yours was saved. The case below is as they saved it; what you typed is in the form, to save again if it should still change.".to_owned(),
            );
            StatusCode::CONFLICT
        }
        Err(ServiceError::NoAccess) => {
            typed.problems = vec![FieldError {
                field: "report".into(),
                problem: Problem::InvalidChoice,
            }];
            typed.message = Some(
                "Your key does not open that report, so it cannot be added by you: nothing was added.".to_owned(),
            );
            StatusCode::FORBIDDEN
        }
        Err(err) => return Err(err.into()),
    };
    page(state, desk, id, typed, status).await
}

/// The case's page, with what was typed and refused.
async fn page(
    state: &AppState,
    desk: &SignedIn,
    id: CaseId,
    typed: Typed,
    status: StatusCode,
) -> Result<Response, Refusal> {
    let view = state
        .instance
        .case_view(&desk.investigator, id, desk.request_id(), desk.now)
        .await?;
    Ok((status, render(case_page(desk, view, typed))).into_response())
}

fn case_page(desk: &SignedIn, view: CaseView, typed: Typed) -> CasePage {
    let problem = |field: &str| {
        typed
            .problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| problem_text(p.problem, field))
            .unwrap_or_default()
    };
    let (fields, legal_hold) = typed
        .fields
        .clone()
        .unwrap_or_else(|| (view.fields.clone(), view.legal_hold));
    let form = fields_box(
        &fields,
        legal_hold,
        view.investigators
            .iter()
            .map(|i| (i.id.to_string(), i.username.clone())),
        &typed.problems,
    );
    let reference = |r: &Option<quietline_core::ReportRef>| {
        r.map_or_else(|| "(no reference yet)".to_owned(), |r| r.to_string())
    };
    let reports: Vec<ReportLine> = view
        .reports
        .iter()
        .map(|r| ReportLine {
            id: r.id.to_string(),
            reference: reference(&r.reference),
            open: r.open,
            purged: r.purged.map(|d| d.to_string()).unwrap_or_default(),
            received: r.received_day.map(|d| d.to_string()).unwrap_or_default(),
            consents: if r.open && r.consents.is_empty() {
                "None of the choices: the report is not shared, nor counted".to_owned()
            } else {
                r.consents
                    .iter()
                    .map(|c| label("consent", c))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        })
        .collect();
    let entity_line = |e: &quietline_service::CaseEntityView| {
        let (label, name) = e.label.clone().unwrap_or_else(|| {
            (
                "A record of a report you cannot open".to_owned(),
                String::new(),
            )
        });
        EntityLine {
            value: format!("{}/{}", e.entity.report, e.entity.record),
            reference: reference(&e.reference),
            report: e.entity.report.to_string(),
            record: e.entity.record.clone(),
            label,
            name,
        }
    };
    let site_line = |s: &quietline_service::CaseSiteView| SiteLine {
        id: s.id.to_string(),
        name: if s.name.is_empty() {
            "(a site no longer in the registry)".to_owned()
        } else {
            s.name.clone()
        },
    };
    let references: std::collections::HashMap<ReportId, String> = view
        .reports
        .iter()
        .map(|r| (r.id, reference(&r.reference)))
        .collect();
    let timeline = view
        .timeline
        .iter()
        .map(|t| TimelineLine {
            date: if t.date.is_empty() {
                format!("Approximately: {}", t.approximate)
            } else {
                t.date.clone()
            },
            what: match &t.kind {
                TimelineKind::Incident(codes) => {
                    let what: Vec<String> = codes.iter().map(|c| label("incident", c)).collect();
                    if what.is_empty() {
                        "Incident".to_owned()
                    } else {
                        format!("Incident: {}", what.join("; "))
                    }
                }
                TimelineKind::Received => "Report received".to_owned(),
                TimelineKind::FromReporter => "Message from the reporter".to_owned(),
                TimelineKind::ToReporter => "Message to the reporter".to_owned(),
                TimelineKind::SiteClaim { kind, source } => {
                    let site = view
                        .sites
                        .iter()
                        .find(|s| Some(s.id) == t.site)
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    if source.is_empty() {
                        format!("{site}: {kind} (a witness report)")
                    } else {
                        format!("{site}: {kind} ({source})")
                    }
                }
                TimelineKind::Note(author) => format!("Note by {author}"),
            },
            report: t.report.map(|r| r.to_string()).unwrap_or_default(),
            reference: t
                .report
                .and_then(|r| references.get(&r).cloned())
                .unwrap_or_default(),
            site: t.site.map(|s| s.to_string()).unwrap_or_default(),
        })
        .collect();
    let notes = view
        .notes
        .iter()
        .map(|(author, note)| NoteLine {
            author: author.clone(),
            day: note.day.to_string(),
            text: note.text.clone(),
        })
        .collect();
    let mut message = typed.message.clone();
    for field in ["entity", "site"] {
        let text = problem(field);
        if !text.is_empty() {
            message = Some(text);
        }
    }
    CasePage {
        nav: desk.nav(),
        id: view.id.to_string(),
        version: view.version,
        message,
        admin: desk.investigator.is_admin(),
        form,
        status: view.fields.status.label(),
        legal_hold: view.legal_hold,
        created: view.created_day.to_string(),
        updated: view.updated_day.to_string(),
        hidden_reports: reports.iter().filter(|r| !r.open).count(),
        reports,
        entities: view.entities.iter().map(entity_line).collect(),
        entity_choices: view.entity_choices.iter().map(entity_line).collect(),
        sites: view.sites.iter().map(site_line).collect(),
        site_choices: view.site_choices.iter().map(site_line).collect(),
        notes,
        timeline,
        report_typed: typed.report.clone(),
        report_problem: problem("report"),
        note_typed: typed.note.clone(),
        note_problem: problem("note"),
        recipient_typed: typed.recipient.clone(),
    }
}
