//! The inbox page and bulk actions.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use quietline_core::taxonomy::Incident;
use quietline_core::{InvestigatorId, ReportStatus};
use quietline_service::{BulkChange, InboxQuery, InboxSort, ReportSelection};
use serde::Deserialize;

use super::controls::{Opt, country_name, label, language_name, opts, percent, status_label};
use crate::extract::{Fields, Posted, SignedIn};
use crate::i18n::Lang;
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
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

struct Row {
    id: String,
    /// The short reference investigators name it by.
    reference: String,
    /// The narrative's first words (or, for a report summarised before they were kept, what
    /// it is about).
    opening: String,
    received: String,
    status: String,
    incidents: String,
    language: String,
    place: String,
    /// What the investigator looking has not read: "New" for a report they never opened,
    /// else the replies since they last did (empty when none).
    unread: String,
    assignee: String,
    tags: String,
    /// Other reports with nearly the same narrative.
    similar: usize,
    /// "held" under legal hold, else the retention day when it is within 30 days (the purge
    /// is near), else empty.
    retention: String,
    /// The purge is within 30 days (and no hold keeps it).
    purge_due: bool,
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

fn to_query(
    params: &InboxParams,
    investigator: InvestigatorId,
    today: quietline_core::Day,
) -> InboxQuery {
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
        today: Some(today),
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

/// `GET /investigator/inbox`.
pub(crate) async fn inbox(
    State(state): State<AppState>,
    desk: SignedIn,
    Query(params): Query<InboxParams>,
) -> Result<Response, Refusal> {
    let query = to_query(
        &params,
        desk.investigator.id,
        quietline_core::Day::new(desk.now.today()),
    );
    let quietline_service::InboxView {
        page,
        investigators: people,
        tags,
    } = state
        .instance
        .inbox_view(&desk.investigator, &query)
        .await?;
    let names: HashMap<InvestigatorId, String> =
        people.iter().map(|p| (p.id, p.username.clone())).collect();
    let rows = page
        .entries
        .iter()
        .map(|e| Row {
            retention: match e.retention {
                Some(r) if r.legal_hold => "held".to_owned(),
                Some(r) if r.due_soon => format!("purge after {}", r.day),
                _ => String::new(),
            },
            purge_due: e.retention.is_some_and(|r| r.due_soon && !r.legal_hold),
            id: e.id.to_string(),
            reference: e
                .reference
                .map_or_else(|| e.id.to_string(), |r| r.to_string()),
            opening: e.summary.as_ref().map_or_else(String::new, |s| {
                if s.opening.is_empty() {
                    label("subject", s.subject.code())
                } else {
                    s.opening.clone()
                }
            }),
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
                .map(|s| language_name(&s.language))
                .unwrap_or_default(),
            place: e
                .summary
                .as_ref()
                .map(|s| {
                    [s.city.clone(), country_name(&s.country)]
                        .into_iter()
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            unread: match (e.opened, e.unread) {
                (false, _) => "New".to_owned(),
                (true, 0) => String::new(),
                (true, 1) => "1 reply".to_owned(),
                (true, n) => format!("{n} replies"),
            },
            assignee: e
                .assignee
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_default(),
            tags: e.tags.join(", "),
            similar: e.near_duplicates,
        })
        .collect();
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
        ("unread", "Unread first"),
    ]
    .map(|(v, l)| (v.to_owned(), l.to_owned()));
    let query_string = encode(&params, page.page);
    let view = InboxPage {
        nav: desk.nav(),
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
    Ok(render(view))
}

/// `POST /investigator/inbox/bulk`: one status or assignee for every ticked report, or for
/// a whole group of near-duplicate narratives.
pub(crate) async fn bulk(
    State(state): State<AppState>,
    desk: SignedIn,
    Posted(fields): Posted<Fields>,
) -> Result<Response, Refusal> {
    let selection = match fields.get("scope") {
        "group" => ReportSelection::NearDuplicatesOf(
            fields
                .get("group")
                .parse()
                .map_err(|_| Refusal::BadRequest)?,
        ),
        _ => ReportSelection::Reports(
            fields
                .all("report")
                .filter_map(|v| v.parse().ok())
                .collect(),
        ),
    };
    let change = match fields.get("action") {
        "status" => BulkChange::Status(
            ReportStatus::from_code(fields.get("status")).ok_or(Refusal::BadRequest)?,
        ),
        "assign" => BulkChange::Assign(match fields.get("assignee") {
            "nobody" => None,
            id => Some(id.parse().map_err(|_| Refusal::BadRequest)?),
        }),
        _ => return Err(Refusal::BadRequest),
    };
    state
        .instance
        .change_reports(
            &desk.investigator,
            &selection,
            change,
            desk.request_id(),
            desk.now,
        )
        .await
        .map_err(Refusal::from_form_choice)?;
    let back: String = fields
        .get("back")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    Ok(Redirect::to(&format!("/investigator/inbox?{back}")).into_response())
}
