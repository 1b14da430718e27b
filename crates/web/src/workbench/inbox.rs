//! The inbox page and bulk actions.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use quietline_core::taxonomy::Incident;
use quietline_core::{InvestigatorId, ReportId, ReportStatus};
use quietline_service::{InboxQuery, InboxSort, ServiceError};
use serde::Deserialize;

use super::{Nav, Notice, SignedIn, now};
use crate::i18n::Lang;
use crate::pages::render;
use crate::security::RequestId;
use crate::state::AppState;

/// Rows per page.
const PER_PAGE: usize = 50;

#[derive(Deserialize, Default, Clone)]
pub(crate) struct InboxParams {
    #[serde(default)]
    status: String,
    #[serde(default)]
    incident: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    unread: String,
    #[serde(default)]
    sort: String,
    /// A report: show its group of near-duplicate narratives.
    #[serde(default)]
    similar: String,
    #[serde(default)]
    page: usize,
}

pub(crate) struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

struct Row {
    id: String,
    received: String,
    status: String,
    incidents: String,
    language: String,
    place: String,
    unread: i64,
    assignee: String,
    tags: String,
    /// Other reports with nearly the same narrative.
    similar: usize,
}

#[derive(Template)]
#[template(path = "workbench/inbox.html", escape = "workbench")]
struct InboxPage {
    nav: Nav,
    rows: Vec<Row>,
    total: usize,
    page: usize,
    pages: usize,
    statuses: Vec<Opt>,
    incidents: Vec<Opt>,
    languages: Vec<Opt>,
    assignees: Vec<Opt>,
    tags: Vec<Opt>,
    sorts: Vec<Opt>,
    unread_only: bool,
    /// The report whose group of near-duplicates is shown, if any.
    similar_to: Option<String>,
    query_string: String,
    previous: Option<String>,
    next: Option<String>,
    bulk_statuses: Vec<Opt>,
    bulk_assignees: Vec<Opt>,
}

/// English labels come from the reporter pages' English messages, so one word means one
/// thing everywhere.
pub(crate) fn label(prefix: &str, code: &str) -> String {
    Lang::english().t(&format!("{prefix}-{code}"))
}

pub(crate) fn status_label(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::New => "New",
        ReportStatus::InReview => "In review",
        ReportStatus::WaitingForReporter => "Waiting for the reporter",
        ReportStatus::Referred => "Referred",
        ReportStatus::Closed => "Closed",
        ReportStatus::Spam => "Spam",
    }
}

fn opts(
    values: impl IntoIterator<Item = (String, String)>,
    chosen: &str,
    any: Option<&str>,
) -> Vec<Opt> {
    let mut out: Vec<Opt> = any
        .map(|label| Opt {
            value: String::new(),
            label: label.into(),
            selected: chosen.is_empty(),
        })
        .into_iter()
        .collect();
    out.extend(values.into_iter().map(|(value, label)| Opt {
        selected: value == chosen,
        value,
        label,
    }));
    out
}

fn to_query(params: &InboxParams, investigator: InvestigatorId) -> InboxQuery {
    InboxQuery {
        status: ReportStatus::from_code(&params.status),
        incident: Incident::from_code(&params.incident),
        language: (!params.language.is_empty()).then(|| params.language.clone()),
        assignee: match params.assignee.as_str() {
            "" => None,
            "me" => Some(Some(investigator)),
            "nobody" => Some(None),
            other => other.parse().ok().map(Some),
        },
        tag: (!params.tag.is_empty()).then(|| params.tag.clone()),
        unread_only: params.unread == "1",
        similar_to: params.similar.parse().ok(),
        sort: match params.sort.as_str() {
            "oldest" => InboxSort::Oldest,
            "updated" => InboxSort::Updated,
            "unread" => InboxSort::Unread,
            _ => InboxSort::Newest,
        },
        page: params.page.max(1),
        per_page: PER_PAGE,
    }
}

fn encode(params: &InboxParams, page: usize) -> String {
    let pairs = [
        ("status", params.status.as_str()),
        ("incident", &params.incident),
        ("language", &params.language),
        ("assignee", &params.assignee),
        ("tag", &params.tag),
        ("unread", &params.unread),
        ("sort", &params.sort),
        ("similar", &params.similar),
    ];
    let mut out: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect();
    if page > 1 {
        out.push(format!("page={page}"));
    }
    out.join("&")
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub(crate) fn percent(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub(crate) fn pending(investigator: &quietline_service::Investigator, csrf: String) -> Response {
    render(Notice {
        nav: Some(Nav::new(investigator, csrf)),
        title: "Access pending".into(),
        text: "Your account works, but you do not hold the workspace key yet. An admin grants it on the \
               Investigators page (or the organisation, with its recovery key, through the command line). \
               Sign in again afterwards if this page stays."
            .into(),
    })
}

/// `GET /investigator/inbox`.
pub(crate) async fn inbox(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    jar: CookieJar,
    Query(params): Query<InboxParams>,
) -> Response {
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let query = to_query(&params, investigator.id);
    let page = match state.instance.inbox(&investigator, &query) {
        Ok(page) => page,
        Err(ServiceError::NoAccess) => return (jar, pending(&investigator, csrf)).into_response(),
        Err(err) => return crate::error::WebError::internal(Lang::english(), &err).into_response(),
    };
    let people = match state.instance.investigators().await {
        Ok(people) => people,
        Err(err) => return crate::error::WebError::internal(Lang::english(), &err).into_response(),
    };
    let names: HashMap<InvestigatorId, String> =
        people.iter().map(|p| (p.id, p.username.clone())).collect();
    let rows = page
        .entries
        .iter()
        .map(|e| Row {
            id: e.id.to_string(),
            received: e.received_day.to_string(),
            status: status_label(e.status).into(),
            incidents: e.summary.as_ref().map_or_else(
                || "(summary not yet available)".into(),
                |s| {
                    s.incidents
                        .iter()
                        .map(|i| label("incident", i.code()))
                        .collect::<Vec<_>>()
                        .join("; ")
                },
            ),
            language: e
                .summary
                .as_ref()
                .map(|s| s.language.clone())
                .unwrap_or_default(),
            place: e
                .summary
                .as_ref()
                .map(|s| {
                    [s.city.as_str(), s.country.as_str()]
                        .iter()
                        .filter(|p| !p.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            unread: e.unread,
            assignee: e
                .assignee
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_default(),
            tags: e.tags.join(", "),
            similar: e.near_duplicates,
        })
        .collect();
    let tags = match state.instance.inbox_tags(&investigator) {
        Ok(tags) => tags,
        Err(err) => return crate::error::WebError::internal(Lang::english(), &err).into_response(),
    };
    let statuses = ReportStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), status_label(*s).to_owned()));
    let incidents = Incident::ALL
        .iter()
        .map(|i| (i.code().to_owned(), label("incident", i.code())));
    let languages = Lang::all().into_iter().map(|l| (l.tag(), l.name()));
    let mut assignees = vec![
        ("me".to_owned(), "Me".to_owned()),
        ("nobody".to_owned(), "Nobody".to_owned()),
    ];
    assignees.extend(
        people
            .iter()
            .map(|p| (p.id.to_string(), p.username.clone())),
    );
    let sorts = [
        ("", "Newest first"),
        ("oldest", "Oldest first"),
        ("updated", "Recently changed"),
        ("unread", "Unread replies"),
    ]
    .map(|(v, l)| (v.to_owned(), l.to_owned()));
    let query_string = encode(&params, page.page);
    let view = InboxPage {
        nav: Nav::new(&investigator, csrf),
        rows,
        total: page.total,
        page: page.page,
        pages: page.pages,
        statuses: opts(
            statuses.clone(),
            &params.status,
            Some("Open (all but spam)"),
        ),
        incidents: opts(incidents, &params.incident, Some("Any")),
        languages: opts(languages, &params.language, Some("Any")),
        assignees: opts(assignees, &params.assignee, Some("Anyone")),
        tags: opts(
            tags.into_iter().map(|t| (t.clone(), t)),
            &params.tag,
            Some("Any"),
        ),
        sorts: opts(sorts, &params.sort, None),
        unread_only: params.unread == "1",
        similar_to: query.similar_to.map(|id| id.to_string()),
        previous: (page.page > 1).then(|| encode(&params, page.page - 1)),
        next: (page.page < page.pages).then(|| encode(&params, page.page + 1)),
        query_string,
        bulk_statuses: opts(statuses, "", None),
        bulk_assignees: opts(
            people
                .iter()
                .map(|p| (p.id.to_string(), p.username.clone()))
                .chain([("nobody".to_owned(), "Nobody".to_owned())]),
            "",
            None,
        ),
    };
    (jar, render(view)).into_response()
}

/// `POST /investigator/inbox/bulk`: one status or assignee for every ticked report.
pub(crate) async fn bulk(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let Ok(Form(fields)) = Form::<Vec<(String, String)>>::from_request(request, &state).await
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    if !crate::csrf::verify(&state, &jar, field("csrf")) {
        return StatusCode::FORBIDDEN.into_response();
    }
    // Either the ticked reports, or a whole group of near-duplicate narratives.
    let reports: Vec<ReportId> = match (field("scope"), field("group").parse::<ReportId>()) {
        ("group", Ok(group)) => match state.instance.near_duplicates(&investigator, group) {
            Ok(reports) => reports,
            Err(ServiceError::NoAccess) => return StatusCode::FORBIDDEN.into_response(),
            Err(err) => {
                return crate::error::WebError::internal(Lang::english(), &err).into_response();
            }
        },
        ("group", Err(_)) => return StatusCode::BAD_REQUEST.into_response(),
        _ => fields
            .iter()
            .filter(|(n, _)| n == "report")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
    };
    let back = format!(
        "/investigator/inbox?{}",
        field("back")
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
    );
    if reports.is_empty() {
        return Redirect::to(&back).into_response();
    }
    let result = match field("action") {
        "status" => match ReportStatus::from_code(field("status")) {
            Some(status) => {
                state
                    .instance
                    .set_status(&investigator, &reports, status, &request_id.0, now(&state))
                    .await
            }
            None => return StatusCode::BAD_REQUEST.into_response(),
        },
        "assign" => {
            let assignee = match field("assignee") {
                "nobody" => None,
                id => match id.parse() {
                    Ok(id) => Some(id),
                    Err(_) => return StatusCode::BAD_REQUEST.into_response(),
                },
            };
            state
                .instance
                .assign(
                    &investigator,
                    &reports,
                    assignee,
                    &request_id.0,
                    now(&state),
                )
                .await
        }
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    match result {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(ServiceError::NoAccess) => StatusCode::FORBIDDEN.into_response(),
        Err(ServiceError::NotFound) => StatusCode::BAD_REQUEST.into_response(),
        Err(err) => crate::error::WebError::internal(Lang::english(), &err).into_response(),
    }
}
