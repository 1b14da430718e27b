//! A site's page: its fields (saved from the version the page was opened at, or refused with
//! both versions side by side), its claims timeline (added to the site as it is now, removed by
//! id), linked reports, publishing for admins; and linking a report to a site from the report's
//! page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use quietline_core::site::{
    ClaimKind, Precision, PublishOptions, SiteProblem, SiteType, Source, VerificationLevel,
};
use quietline_core::{ClaimId, SiteId};
use quietline_geo::MapView;
use quietline_service::{ClaimFields, ServiceError, SiteFields, SiteView};
use serde::Deserialize;

use super::form::{Fields, SiteForm};
use super::list::markers;
use crate::extract::{Admin, Path, Posted, SignedIn, carries_token};
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::workbench::controls::{Opt, options};

struct ClaimRow {
    id: String,
    date: String,
    kind: &'static str,
    public: bool,
    title: String,
    publisher: String,
    source_date: String,
    url: String,
    report: String,
    summary: String,
}

/// The "add a claim" form's values: empty, or what was typed when it was refused.
struct ClaimValues {
    date: String,
    kinds: Vec<Opt>,
    witness: bool,
    title: String,
    publisher: String,
    source_date: String,
    url: String,
    report: String,
    summary: String,
    problems: Vec<SiteProblem>,
}

impl ClaimValues {
    fn of(fields: &ClaimFields, problems: Vec<SiteProblem>) -> Self {
        Self {
            date: fields.date.clone(),
            kinds: options(
                ClaimKind::ALL,
                ClaimKind::code,
                ClaimKind::label,
                &fields.kind,
                None,
            ),
            witness: fields.witness,
            title: fields.title.clone(),
            publisher: fields.publisher.clone(),
            source_date: fields.source_date.clone(),
            url: fields.url.clone(),
            report: fields.report.clone(),
            summary: fields.summary.clone(),
            problems,
        }
    }
}

/// One field of a site in the "changed since you opened it" comparison.
struct ConflictRow {
    label: &'static str,
    saved: String,
    yours: String,
    differs: bool,
}

/// Someone saved the site after the page was opened: the site as saved now beside what the
/// investigator typed (which fills the form, to save again).
struct Conflict {
    updated: String,
    rows: Vec<ConflictRow>,
}

impl Conflict {
    fn between(saved: &SiteView, yours: &SiteFields) -> Self {
        let saved_fields = SiteFields::of(&saved.site);
        let rows = shown(&saved_fields)
            .into_iter()
            .zip(shown(yours))
            .map(|((label, saved), (_, yours))| ConflictRow {
                label,
                differs: saved != yours,
                saved,
                yours,
            })
            .collect();
        Self {
            updated: saved.updated_day.to_string(),
            rows,
        }
    }
}

/// A site's fields in words, as the comparison shows them.
fn shown(fields: &SiteFields) -> Vec<(&'static str, String)> {
    let point = if fields.lat.trim().is_empty() && fields.lon.trim().is_empty() {
        "None".to_owned()
    } else {
        let precision = Precision::from_code(&fields.precision).map_or("", Precision::label);
        format!("{}, {} ({precision})", fields.lat.trim(), fields.lon.trim())
    };
    vec![
        (
            "Names",
            fields
                .names
                .lines()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join(" / "),
        ),
        ("Address", fields.address.trim().to_owned()),
        ("City", fields.city.trim().to_owned()),
        (
            "Country",
            quietline_geo::country_name(fields.country.trim()),
        ),
        ("Point", point),
        (
            "Type",
            SiteType::from_code(&fields.kind)
                .map_or("", SiteType::label)
                .to_owned(),
        ),
        ("Operating agency", fields.agency.trim().to_owned()),
        (
            "Verification level",
            VerificationLevel::from_code(&fields.level)
                .map_or("", VerificationLevel::label)
                .to_owned(),
        ),
        ("Notes", fields.notes.trim().to_owned()),
    ]
}

#[derive(Template)]
#[template(path = "workbench/site.html", escape = "workbench")]
struct SitePage {
    nav: Nav,
    id: String,
    /// The version the page shows: what an edit from it is made from.
    version: u64,
    name: String,
    created: String,
    updated: String,
    level: &'static str,
    location: String,
    fields: Fields,
    problems: Vec<SiteProblem>,
    conflict: Option<Conflict>,
    claims: Vec<ClaimRow>,
    claim: ClaimValues,
    reports: Vec<String>,
    published_day: Option<String>,
    published_outdated: bool,
    has_public_source: bool,
    svg: String,
}

/// The page of the site as `view` has it, its forms filled in from it.
fn site_page(nav: Nav, view: &SiteView) -> SitePage {
    let s = &view.site;
    let map_view = if quietline_geo::country(&s.country).is_some_and(|c| !c.iso.is_empty()) {
        MapView::Country(s.country.clone())
    } else {
        MapView::World
    };
    let svg = quietline_geo::render_map(&map_view, &markers(&[view]), &|_| None);
    SitePage {
        nav,
        id: view.id.to_string(),
        version: view.version,
        name: s.display_name().to_owned(),
        created: view.created_day.to_string(),
        updated: view.updated_day.to_string(),
        level: s.level.label(),
        location: s.location.map_or_else(
            || "No point yet".to_owned(),
            |l| format!("{:.5}, {:.5} ({})", l.lat, l.lon, l.precision.label()),
        ),
        fields: Fields::of(&SiteFields::of(s), String::new()),
        problems: Vec::new(),
        conflict: None,
        claims: s
            .claims
            .iter()
            .map(|c| {
                let (public, title, publisher, source_date, url, report) = match &c.source {
                    Source::Public(p) => (
                        true,
                        p.title.clone(),
                        p.publisher.clone(),
                        p.date.clone(),
                        p.url.clone(),
                        String::new(),
                    ),
                    Source::Witness { report } => (
                        false,
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        report.to_string(),
                    ),
                };
                ClaimRow {
                    id: c.id.to_string(),
                    date: c.date.clone(),
                    kind: c.kind.label(),
                    public,
                    title,
                    publisher,
                    source_date,
                    url,
                    report,
                    summary: c.summary.clone(),
                }
            })
            .collect(),
        claim: ClaimValues::of(&ClaimFields::default(), Vec::new()),
        reports: s.reports.iter().map(ToString::to_string).collect(),
        published_day: view.published_day.map(|day| day.to_string()),
        published_outdated: view.published_outdated(
            view.published
                .as_ref()
                .map(|p| PublishOptions {
                    address: !p.address.is_empty(),
                    exact_location: p.location.is_some_and(|l| l.precision != Precision::City),
                })
                .unwrap_or_default(),
        ),
        has_public_source: s.has_public_source(),
        svg,
    }
}

/// `GET /investigator/sites/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(id): Path<SiteId>,
) -> Result<Response, Refusal> {
    let view = state.instance.site(&desk.investigator, id).await?;
    Ok(render(site_page(desk.nav(), &view)))
}

/// `POST /investigator/sites/{id}`: saves the fields (claims and reports are kept), made
/// from the version the page showed. Saved by someone else since: 409, the page shows the
/// site as saved now beside what was typed, which stays in the form.
pub(crate) async fn update(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(id): Path<SiteId>,
    Posted(form): Posted<SiteForm>,
) -> Result<Response, Refusal> {
    let fields = form.fields();
    let result = state
        .instance
        .update_site_fields(
            &desk.investigator,
            id,
            &fields,
            form.version,
            desk.request_id(),
            desk.now,
        )
        .await;
    let (status, mut page) = match result {
        Ok(_) => return Ok(Redirect::to(&format!("/investigator/sites/{id}")).into_response()),
        Err(ServiceError::SiteChanged(saved)) => {
            let mut page = site_page(desk.nav(), &saved);
            page.conflict = Some(Conflict::between(&saved, &fields));
            (StatusCode::CONFLICT, page)
        }
        Err(ServiceError::InvalidSite(problems)) => {
            let view = state.instance.site(&desk.investigator, id).await?;
            let mut page = site_page(desk.nav(), &view);
            // Made from the version the page showed: saving again is still made from it.
            page.version = form.version;
            page.problems = problems;
            (StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(err) => return Err(err.into()),
    };
    // What was typed stays in the form.
    page.fields = Fields::of(&fields, String::new());
    Ok((status, render(page)).into_response())
}

#[derive(Deserialize, Default)]
pub(crate) struct ClaimForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    /// The claim to remove.
    #[serde(default)]
    claim: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    source_date: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    report: String,
    #[serde(default)]
    summary: String,
}

impl ClaimForm {
    fn fields(&self) -> ClaimFields {
        ClaimFields {
            date: self.date.clone(),
            kind: self.kind.clone(),
            witness: self.source == "witness",
            title: self.title.clone(),
            publisher: self.publisher.clone(),
            source_date: self.source_date.clone(),
            url: self.url.clone(),
            report: self.report.clone(),
            summary: self.summary.clone(),
        }
    }
}

/// `POST /investigator/sites/{id}/claims`: adds a claim (`action=add`) or removes one
/// (`action=remove&claim=ID`).
pub(crate) async fn claims(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(id): Path<SiteId>,
    Posted(form): Posted<ClaimForm>,
) -> Result<Response, Refusal> {
    let (by, request, now) = (&desk.investigator, desk.request_id(), desk.now);
    let fields = form.fields();
    let result = match form.action.as_str() {
        "add" => state
            .instance
            .add_site_claim(by, id, &fields, request, now)
            .await
            .map(|_| ()),
        "remove" => {
            let claim = form
                .claim
                .parse::<ClaimId>()
                .map_err(|_| Refusal::BadRequest)?;
            state
                .instance
                .remove_site_claim(by, id, claim, request, now)
                .await
        }
        _ => return Err(Refusal::BadRequest),
    };
    let problems = match result {
        Ok(()) => {
            return Ok(Redirect::to(&format!("/investigator/sites/{id}#claims")).into_response());
        }
        Err(ServiceError::InvalidSite(problems)) => problems,
        // Saved meanwhile by another process: the page as it is now, to try again.
        Err(ServiceError::SiteChanged(_)) => vec![SiteProblem {
            field: "claims".into(),
            message: "The site was saved by someone else at the same moment: nothing was \
                      changed. Here it is as it is now; please try again.",
        }],
        Err(err) => return Err(err.into()),
    };
    let view = state.instance.site(by, id).await?;
    let mut page = site_page(desk.nav(), &view);
    page.claim = if form.action == "add" {
        ClaimValues::of(&fields, problems)
    } else {
        ClaimValues::of(&ClaimFields::default(), problems)
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)).into_response())
}

#[derive(Deserialize, Default)]
pub(crate) struct PublishForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    exact: String,
}

/// `POST /investigator/sites/{id}/publish` (admins): publishes the public projection with
/// the fields ticked, or withdraws it (`action=withdraw`).
pub(crate) async fn publish(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<SiteId>,
    Posted(form): Posted<PublishForm>,
) -> Result<Response, Refusal> {
    let (by, request, now) = (&admin.investigator, admin.request_id(), admin.now);
    let result = if form.action == "withdraw" {
        state.instance.unpublish_site(by, id, request, now).await
    } else {
        let options = PublishOptions {
            address: form.address == "1",
            exact_location: form.exact == "1",
        };
        state
            .instance
            .publish_site(by, id, options, request, now)
            .await
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/investigator/sites/{id}#publishing")).into_response()),
        Err(ServiceError::InvalidSite(problems)) => {
            let view = state.instance.site(by, id).await?;
            let mut page = site_page(admin.nav(), &view);
            page.problems = problems;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

carries_token!(ClaimForm, PublishForm);
