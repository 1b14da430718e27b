//! Full-text search (issue 13): across the answers, messages, notes and file names of the
//! reports the investigator's key opens, and the site registry. One operation of the service,
//! `Instance::search`, which also audits it; the page only shows what comes back.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use quietline_service::{SearchHit, SearchKind, SearchProgress, SearchQuery, ServiceError};
use serde::Deserialize;

use super::controls::{Opt, percent};
use crate::extract::SignedIn;
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

/// Hits on a page.
const PER_PAGE: usize = 20;

#[derive(Deserialize, Default)]
pub(crate) struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    page: usize,
}

struct HitView {
    kind: &'static str,
    href: String,
    title: String,
    parts: Vec<(String, bool)>,
    cut_before: bool,
    cut_after: bool,
}

#[derive(Template)]
#[template(path = "workbench/search.html", escape = "workbench")]
struct SearchPage {
    nav: Nav,
    q: String,
    max_chars: usize,
    kinds: Vec<Opt>,
    searched: bool,
    hits: Vec<HitView>,
    total: usize,
    by_kind: String,
    first: usize,
    previous: Option<String>,
    next: Option<String>,
    building: Option<String>,
    problem: String,
}

/// The kind in words.
fn kind_label(kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Report => "answers",
        SearchKind::Message => "messages",
        SearchKind::Note => "notes",
        SearchKind::File => "file names",
        SearchKind::Site => "sites",
    }
}

/// Where a hit leads, and how the list names it.
fn hit_view(hit: &SearchHit) -> HitView {
    let day = hit.day.map(|d| format!(", {d}")).unwrap_or_default();
    let report = hit
        .report_ref
        .map(|r| r.to_string())
        .or_else(|| hit.report.map(|r| r.to_string()))
        .unwrap_or_default();
    let (href, title) = match (hit.kind, hit.report, hit.site) {
        (SearchKind::Site, _, Some(site)) => (
            format!("/investigator/sites/{site}"),
            format!("Site: {}", hit.site_name.clone().unwrap_or_default()),
        ),
        (kind, Some(id), _) => {
            let (anchor, what) = match kind {
                SearchKind::Message => (
                    "conversation",
                    match hit.author {
                        Some(quietline_service::Author::Reporter) => "message from the reporter",
                        _ => "message to the reporter",
                    },
                ),
                SearchKind::Note => ("notes", "note"),
                SearchKind::File => ("files", "file name"),
                _ => ("answers", "answers"),
            };
            (
                format!("/investigator/reports/{id}#{anchor}"),
                format!("Report {report}: {what}{day}"),
            )
        }
        _ => (String::new(), String::new()),
    };
    HitView {
        kind: hit.kind.code(),
        href,
        title,
        parts: hit
            .snippet
            .parts()
            .into_iter()
            .map(|(text, marked)| (text.to_owned(), marked))
            .collect(),
        cut_before: hit.snippet.cut_before,
        cut_after: hit.snippet.cut_after,
    }
}

fn query_string(q: &str, kind: &str, page: usize) -> String {
    let mut out = format!("q={}", percent(q));
    if !kind.is_empty() {
        out.push_str(&format!("&kind={}", percent(kind)));
    }
    if page > 1 {
        out.push_str(&format!("&page={page}"));
    }
    out
}

/// `GET /investigator/search?q=...&kind=...&page=N`.
pub(crate) async fn search(
    State(state): State<AppState>,
    desk: SignedIn,
    Query(params): Query<SearchParams>,
) -> Result<Response, Refusal> {
    let kind = SearchKind::from_code(&params.kind);
    let page_number = params.page.max(1);
    let mut page = SearchPage {
        nav: desk.nav(),
        q: params.q.clone(),
        max_chars: quietline_service::SEARCH_MAX_QUERY_CHARS,
        kinds: std::iter::once(Opt {
            value: String::new(),
            label: "Everything".into(),
            selected: kind.is_none(),
        })
        .chain(SearchKind::ALL.into_iter().map(|k| Opt {
            value: k.code().into(),
            label: kind_label(k).into(),
            selected: kind == Some(k),
        }))
        .collect(),
        searched: false,
        hits: Vec::new(),
        total: 0,
        by_kind: String::new(),
        first: (page_number - 1) * PER_PAGE + 1,
        previous: None,
        next: None,
        building: None,
        problem: String::new(),
    };
    if params.q.trim().is_empty() {
        return Ok(render(page));
    }
    let query = SearchQuery {
        text: params.q.clone(),
        kind,
        offset: (page_number - 1) * PER_PAGE,
        limit: PER_PAGE,
    };
    let results = match state
        .instance
        .search(&desk.investigator, &query, desk.request_id(), desk.now)
        .await
    {
        Ok(results) => results,
        Err(ServiceError::Invalid(_)) => {
            page.problem = format!(
                "The search is longer than {} characters: shorten it. Nothing was searched.",
                quietline_service::SEARCH_MAX_QUERY_CHARS
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)).into_response());
        }
        Err(err) => return Err(err.into()),
    };
    page.searched = true;
    page.total = results.total;
    page.hits = results.hits.iter().map(hit_view).collect();
    page.by_kind = results
        .by_kind
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} in {}", kind_label(*k)))
        .collect::<Vec<_>>()
        .join(", ");
    page.previous =
        (page_number > 1).then(|| query_string(&params.q, &params.kind, page_number - 1));
    page.next = (results.offset + results.hits.len() < results.total)
        .then(|| query_string(&params.q, &params.kind, page_number + 1));
    if let SearchProgress::Building { checked, of } = results.progress {
        page.building = Some(format!(
            "The search index is still being built for your key: {checked} of {of} reports so far. Results may miss some; search again in a moment."
        ));
    }
    Ok(render(page))
}
