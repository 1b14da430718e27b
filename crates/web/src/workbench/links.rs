//! Cross-referencing in the workbench: the "also in" section of a report's page (built in
//! `report.rs` from [`RecordXref`]), confirming and rejecting a link, and an entity's page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use quietline_core::{InvestigatorId, ReportId, ReportRef};
use quietline_service::{DecisionView, RecordXref, Verdict};

use crate::extract::{Path, SignedIn};
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

/// A link as the report page shows it.
pub(crate) struct LinkView {
    pub report: String,
    /// The report's short reference, as investigators name it.
    pub reference: String,
    pub other: String,
    pub label: String,
    pub name: String,
    pub reasons: String,
    pub direct: bool,
    /// "Confirmed by amira on 2026-11-29", or empty.
    pub decision: String,
    pub confirmed: bool,
}

/// A record of the report with its links.
pub(crate) struct RecordLinks {
    pub record: String,
    pub label: String,
    pub name: String,
    pub links: Vec<LinkView>,
    pub rejected: Vec<LinkView>,
    pub hidden: usize,
    /// A mention several identified people fit: one record of each ("could be one of").
    pub could_be: Vec<LinkView>,
    pub could_be_hidden: usize,
}

fn decided(decision: &DecisionView, names: &HashMap<InvestigatorId, String>) -> String {
    let verb = match decision.verdict {
        Verdict::Confirmed => "Confirmed",
        Verdict::Rejected => "Rejected",
        Verdict::Cleared => "Withdrawn",
    };
    let who = names
        .get(&decision.by)
        .map_or("a former investigator", String::as_str);
    format!("{verb} by {who} on {}", decision.day)
}

/// How a page names a report: its short reference (the id only for a report that has none
/// yet, until the next start gives it one).
pub(crate) fn reference_text(
    references: &HashMap<ReportId, ReportRef>,
    report: ReportId,
) -> String {
    references
        .get(&report)
        .map_or_else(|| report.to_string(), ToString::to_string)
}

/// The "also in" section's rows.
pub(crate) fn record_links(
    xref: &[RecordXref],
    names: &HashMap<InvestigatorId, String>,
    references: &HashMap<ReportId, ReportRef>,
) -> Vec<RecordLinks> {
    let named = |report: ReportId| reference_text(references, report);
    xref.iter()
        .map(|x| RecordLinks {
            record: x.record.record.clone(),
            label: x.record.label.clone(),
            name: x.record.name.clone(),
            links: x
                .also_in
                .iter()
                .map(|a| LinkView {
                    report: a.other.report.to_string(),
                    reference: named(a.other.report),
                    other: format!("{}/{}", a.other.report, a.other.record),
                    label: a.other.label.clone(),
                    name: a.other.name.clone(),
                    reasons: a.reasons.join("; "),
                    direct: a.direct,
                    decision: a
                        .decision
                        .as_ref()
                        .map(|d| decided(d, names))
                        .unwrap_or_default(),
                    confirmed: a
                        .decision
                        .as_ref()
                        .is_some_and(|d| d.verdict == Verdict::Confirmed),
                })
                .collect(),
            rejected: x
                .rejected
                .iter()
                .map(|(other, d)| LinkView {
                    report: other.report.to_string(),
                    reference: named(other.report),
                    other: format!("{}/{}", other.report, other.record),
                    label: other.label.clone(),
                    name: other.name.clone(),
                    reasons: String::new(),
                    direct: false,
                    decision: decided(d, names),
                    confirmed: false,
                })
                .collect(),
            hidden: x.hidden,
            could_be: x
                .could_be
                .iter()
                .map(|other| LinkView {
                    report: other.report.to_string(),
                    reference: named(other.report),
                    other: format!("{}/{}", other.report, other.record),
                    label: other.label.clone(),
                    name: other.name.clone(),
                    reasons: String::new(),
                    direct: false,
                    decision: String::new(),
                    confirmed: false,
                })
                .collect(),
            could_be_hidden: x.could_be_hidden,
        })
        .collect()
}

struct MemberView {
    report: String,
    reference: String,
    label: String,
    received: String,
    details: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "workbench/entity.html", escape = "workbench")]
struct EntityPage {
    nav: Nav,
    report: String,
    kind: &'static str,
    title: String,
    variants: Vec<(&'static str, String)>,
    members: Vec<MemberView>,
    hidden: usize,
}

/// `GET /investigator/reports/{id}/entities/{record}`: the entity of a report's record.
pub(crate) async fn entity(
    State(state): State<AppState>,
    desk: SignedIn,
    Path((report, record)): Path<(ReportId, String)>,
) -> Result<Response, Refusal> {
    let view = state
        .instance
        .entity(
            &desk.investigator,
            report,
            &record,
            desk.request_id(),
            desk.now,
        )
        .await?;
    let variants = [
        ("Names", &view.names),
        ("Phones", &view.phones),
        ("E-mails", &view.emails),
        ("WeChat", &view.wechat),
        ("Addresses", &view.addresses),
        ("Cities", &view.cities),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k, v.join(" · ")))
    .collect();
    let page = EntityPage {
        nav: desk.nav(),
        report: report.to_string(),
        kind: view.kind,
        title: view.from.name.clone(),
        variants,
        members: view
            .members
            .iter()
            .map(|m| MemberView {
                report: m.record.report.to_string(),
                reference: reference_text(&view.references, m.record.report),
                label: m.record.label.clone(),
                received: m
                    .received_day
                    .map(|day| day.to_string())
                    .unwrap_or_default(),
                details: m.details.clone(),
            })
            .collect(),
        hidden: view.hidden,
    };
    Ok(render(page))
}
