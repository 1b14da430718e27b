//! The site registry in the workbench (issue 5): the list and the map (with filters by
//! country, agency, type and level), a site's page (fields, claims timeline, linked reports,
//! publishing for admins), creating a site (also from a report's place answer), exports
//! (GeoJSON and CSV; the public export of published sites only). Imports are in
//! [`super::site_import`].
//!
//! Everything works without JavaScript: the map is SVG rendered on the server, with a legend
//! and an accessible list beside it; `/static/map.js` (script from 'self') adds pan and zoom
//! and, on a site's page, setting the point by clicking the map.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use quietline_core::site::{
    AGENCY_SUGGESTIONS, Claim, ClaimKind, Location, Precision, PublicSource, PublishOptions, Site,
    SiteProblem, SiteType, Source, VerificationLevel,
};
use quietline_core::{ReportId, SiteId};
use quietline_geo::{MapView, Marker};
use quietline_service::{ExportFormat, Investigator, ServiceError, SiteView};
use serde::Deserialize;

use super::inbox::{Opt, pending, percent};
use super::{Admin, Nav, SignedIn, now, posted};
use crate::i18n::Lang;
use crate::pages::render;
use crate::security::RequestId;
use crate::state::AppState;

pub(crate) fn failure(investigator: &Investigator, csrf: String, err: &ServiceError) -> Response {
    match err {
        ServiceError::NotFound => crate::error::WebError::not_found().into_response(),
        ServiceError::NoAccess => pending(investigator, csrf).into_response(),
        ServiceError::Forbidden => StatusCode::FORBIDDEN.into_response(),
        other => crate::error::WebError::internal(Lang::english(), other).into_response(),
    }
}

fn options<T: Copy + PartialEq>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    selected: &str,
    any: Option<&str>,
) -> Vec<Opt> {
    any.map(|a| Opt {
        value: String::new(),
        label: a.to_owned(),
        selected: selected.is_empty(),
    })
    .into_iter()
    .chain(all.iter().map(|&v| Opt {
        value: code(v).into(),
        label: label(v).into(),
        selected: code(v) == selected,
    }))
    .collect()
}

fn country_options(selected: &str, any: &str) -> Vec<Opt> {
    std::iter::once(Opt {
        value: String::new(),
        label: any.into(),
        selected: selected.is_empty(),
    })
    .chain(
        quietline_geo::countries()
            .iter()
            .filter(|c| !c.iso.is_empty())
            .map(|c| Opt {
                value: c.iso.clone(),
                label: c.name.clone(),
                selected: c.iso == selected,
            }),
    )
    .collect()
}

// --- the list and the map ------------------------------------------------------------

#[derive(Deserialize, Default)]
pub(crate) struct Filters {
    #[serde(default)]
    country: String,
    #[serde(default)]
    agency: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    level: String,
}

impl Filters {
    fn keeps(&self, view: &SiteView) -> bool {
        let s = &view.site;
        (self.country.is_empty() || s.country == self.country)
            && (self.agency.is_empty() || s.agency == self.agency)
            && (self.kind.is_empty() || s.kind.code() == self.kind)
            && (self.level.is_empty() || s.level.code() == self.level)
    }

    fn query(&self, country: &str) -> String {
        [
            ("country", country),
            ("agency", self.agency.as_str()),
            ("type", self.kind.as_str()),
            ("level", self.level.as_str()),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

struct FilterForm {
    countries: Vec<Opt>,
    agencies: Vec<Opt>,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
}

fn filter_form(filters: &Filters, all: &[SiteView]) -> FilterForm {
    let mut agencies: Vec<String> = all
        .iter()
        .map(|v| v.site.agency.clone())
        .filter(|a| !a.is_empty())
        .collect();
    agencies.sort();
    agencies.dedup();
    FilterForm {
        countries: country_options(&filters.country, "All countries"),
        agencies: std::iter::once(Opt {
            value: String::new(),
            label: "All agencies".into(),
            selected: filters.agency.is_empty(),
        })
        .chain(agencies.into_iter().map(|a| Opt {
            selected: a == filters.agency,
            label: a.clone(),
            value: a,
        }))
        .collect(),
        kinds: options(
            SiteType::ALL,
            SiteType::code,
            SiteType::label,
            &filters.kind,
            Some("All types"),
        ),
        levels: options(
            VerificationLevel::ALL,
            VerificationLevel::code,
            VerificationLevel::label,
            &filters.level,
            Some("All levels"),
        ),
    }
}

struct ListRow {
    id: String,
    name: String,
    other_names: String,
    city: String,
    country: String,
    kind: &'static str,
    agency: String,
    level: &'static str,
    level_code: &'static str,
    claims: usize,
    reports: usize,
    published: bool,
    located: bool,
}

fn list_rows(views: &[&SiteView]) -> Vec<ListRow> {
    views
        .iter()
        .map(|v| ListRow {
            id: v.id.to_string(),
            name: v.site.display_name().to_owned(),
            other_names: v
                .site
                .names
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join(" / "),
            city: v.site.city.clone(),
            country: quietline_geo::country_name(&v.site.country),
            kind: v.site.kind.label(),
            agency: v.site.agency.clone(),
            level: v.site.level.label(),
            level_code: v.site.level.code(),
            claims: v.site.claims.len(),
            reports: v.site.reports.len(),
            published: v.published.is_some(),
            located: v.site.location.is_some(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "workbench/sites.html", escape = "workbench")]
struct ListPage {
    nav: Nav,
    filters: FilterForm,
    rows: Vec<ListRow>,
    total: usize,
    map_query: String,
}

/// `GET /investigator/sites`.
pub(crate) async fn list(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    jar: CookieJar,
    Query(filters): Query<Filters>,
) -> Response {
    let (jar, csrf) = crate::csrf::issue(&state, jar);
    let all = match state.instance.sites(&investigator).await {
        Ok(all) => all,
        Err(err) => return (jar, failure(&investigator, csrf, &err)).into_response(),
    };
    let kept: Vec<&SiteView> = all.iter().filter(|v| filters.keeps(v)).collect();
    let page = ListPage {
        nav: Nav::new(&investigator, csrf),
        filters: filter_form(&filters, &all),
        rows: list_rows(&kept),
        total: all.len(),
        map_query: filters.query(&filters.country),
    };
    (jar, render(page)).into_response()
}

#[derive(Template)]
#[template(path = "workbench/map.html", escape = "workbench")]
struct MapPage {
    nav: Nav,
    filters: FilterForm,
    svg: String,
    rows: Vec<ListRow>,
    unlocated: usize,
    country: String,
    world_query: String,
    list_query: String,
}

/// The markers of these sites, linking to their pages.
fn markers(views: &[&SiteView]) -> Vec<Marker> {
    views
        .iter()
        .filter_map(|v| {
            v.site.location.map(|l| Marker {
                lat: l.lat,
                lon: l.lon,
                level: v.site.level,
                label: v.site.display_name().to_owned(),
                href: format!("/investigator/sites/{}", v.id),
                country: v.site.country.clone(),
            })
        })
        .collect()
}

/// `GET /investigator/map`: the world, or one country with `?country=XX`.
pub(crate) async fn map(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    jar: CookieJar,
    Query(filters): Query<Filters>,
) -> Response {
    let (jar, csrf) = crate::csrf::issue(&state, jar);
    let all = match state.instance.sites(&investigator).await {
        Ok(all) => all,
        Err(err) => return (jar, failure(&investigator, csrf, &err)).into_response(),
    };
    let kept: Vec<&SiteView> = all.iter().filter(|v| filters.keeps(v)).collect();
    let view = if filters.country.is_empty() || quietline_geo::country(&filters.country).is_none() {
        MapView::World
    } else {
        MapView::Country(filters.country.clone())
    };
    let markers = markers(&kept);
    let svg = quietline_geo::render_map(&view, &markers, &|c| {
        Some(format!("/investigator/map?{}", filters.query(c)))
    });
    let page = MapPage {
        nav: Nav::new(&investigator, csrf),
        filters: filter_form(&filters, &all),
        svg,
        unlocated: kept.len() - markers.len(),
        rows: list_rows(&kept),
        country: if filters.country.is_empty() {
            String::new()
        } else {
            quietline_geo::country_name(&filters.country)
        },
        world_query: filters.query(""),
        list_query: filters.query(&filters.country),
    };
    (jar, render(page)).into_response()
}

// --- one site: the form ----------------------------------------------------------------

#[derive(Deserialize, Default)]
pub(crate) struct SiteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    names: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    lat: String,
    #[serde(default)]
    lon: String,
    #[serde(default)]
    precision: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    notes: String,
    /// The report this new site comes from, if any.
    #[serde(default)]
    report: String,
}

/// The form's fields, as shown again (values and choices).
struct Fields {
    names: String,
    address: String,
    city: String,
    countries: Vec<Opt>,
    lat: String,
    lon: String,
    precisions: Vec<Opt>,
    kinds: Vec<Opt>,
    agency: String,
    agencies: Vec<&'static str>,
    levels: Vec<Opt>,
    notes: String,
    report: String,
}

impl Fields {
    fn of(form: &SiteForm) -> Self {
        Self {
            names: form.names.clone(),
            address: form.address.clone(),
            city: form.city.clone(),
            countries: country_options(&form.country, "(not known)"),
            lat: form.lat.clone(),
            lon: form.lon.clone(),
            precisions: options(
                Precision::ALL,
                Precision::code,
                Precision::label,
                &form.precision,
                None,
            ),
            kinds: options(
                SiteType::ALL,
                SiteType::code,
                SiteType::label,
                &form.kind,
                None,
            ),
            agency: form.agency.clone(),
            agencies: AGENCY_SUGGESTIONS.to_vec(),
            levels: options(
                VerificationLevel::ALL,
                VerificationLevel::code,
                VerificationLevel::label,
                &form.level,
                None,
            ),
            notes: form.notes.clone(),
            report: form.report.clone(),
        }
    }

    fn of_site(site: &Site) -> Self {
        Self::of(&SiteForm {
            names: site.names.join("\n"),
            address: site.address.clone(),
            city: site.city.clone(),
            country: site.country.clone(),
            lat: site.location.map(|l| l.lat.to_string()).unwrap_or_default(),
            lon: site.location.map(|l| l.lon.to_string()).unwrap_or_default(),
            precision: site
                .location
                .map_or(Precision::Exact, |l| l.precision)
                .code()
                .into(),
            kind: site.kind.code().into(),
            agency: site.agency.clone(),
            level: site.level.code().into(),
            notes: site.notes.clone(),
            ..SiteForm::default()
        })
    }
}

/// Applies the form to a site (claims and linked reports are kept).
fn apply(form: &SiteForm, mut site: Site) -> Result<Site, Vec<SiteProblem>> {
    let mut problems = Vec::new();
    site.names = form.names.lines().map(str::to_owned).collect();
    site.address.clone_from(&form.address);
    site.city.clone_from(&form.city);
    site.country.clone_from(&form.country);
    site.agency.clone_from(&form.agency);
    site.notes.clone_from(&form.notes);
    site.kind = SiteType::from_code(&form.kind).unwrap_or(SiteType::Other);
    site.level =
        VerificationLevel::from_code(&form.level).unwrap_or(VerificationLevel::AllegationOnly);
    let (lat, lon) = (form.lat.trim(), form.lon.trim());
    site.location = if lat.is_empty() && lon.is_empty() {
        None
    } else {
        match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Some(Location {
                lat,
                lon,
                precision: Precision::from_code(&form.precision).unwrap_or(Precision::Exact),
            }),
            _ => {
                problems.push(SiteProblem {
                    field: "lat".into(),
                    message: "Latitude and longitude must both be numbers (or both empty).",
                });
                None
            }
        }
    };
    if problems.is_empty() {
        Ok(site)
    } else {
        Err(problems)
    }
}

fn blank_site() -> Site {
    Site {
        names: Vec::new(),
        address: String::new(),
        city: String::new(),
        country: String::new(),
        location: None,
        kind: SiteType::Station,
        agency: String::new(),
        claims: Vec::new(),
        level: VerificationLevel::AllegationOnly,
        notes: String::new(),
        reports: Vec::new(),
    }
}

#[derive(Template)]
#[template(path = "workbench/site_new.html", escape = "workbench")]
struct NewPage {
    nav: Nav,
    fields: Fields,
    problems: Vec<SiteProblem>,
    from_report: bool,
}

#[derive(Deserialize, Default)]
pub(crate) struct NewParams {
    #[serde(default)]
    report: String,
}

/// `GET /investigator/sites/new` (`?report=ID`: filled in from that report's place answer).
pub(crate) async fn new_form(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    jar: CookieJar,
    Query(params): Query<NewParams>,
) -> Response {
    let (jar, csrf) = crate::csrf::issue(&state, jar);
    let mut fields = Fields::of(&SiteForm {
        kind: SiteType::Station.code().into(),
        ..SiteForm::default()
    });
    let mut from_report = false;
    if !params.report.is_empty() {
        let Ok(report) = params.report.parse::<ReportId>() else {
            return crate::error::WebError::not_found().into_response();
        };
        match state
            .instance
            .site_draft_from_report(&investigator, report)
            .await
        {
            Ok(draft) => {
                fields = Fields::of_site(&draft);
                fields.report = report.to_string();
                from_report = true;
            }
            Err(err) => return (jar, failure(&investigator, csrf, &err)).into_response(),
        }
    } else if !state.instance.workspace_ready(&investigator) {
        return (jar, pending(&investigator, csrf)).into_response();
    }
    let page = NewPage {
        nav: Nav::new(&investigator, csrf),
        fields,
        problems: Vec::new(),
        from_report,
    };
    (jar, render(page)).into_response()
}

/// `POST /investigator/sites`: creates a site.
pub(crate) async fn create(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let form = match posted(&state, &jar, request, |f: &SiteForm| &f.csrf).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let report = if form.report.is_empty() {
        None
    } else {
        match form.report.parse::<ReportId>() {
            Ok(report) => Some(report),
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        }
    };
    let result = match apply(&form, blank_site()) {
        Ok(mut site) => {
            if let Some(report) = report {
                // The witness claim comes from the report's own day, looked up again.
                match state
                    .instance
                    .site_draft_from_report(&investigator, report)
                    .await
                {
                    Ok(draft) => {
                        site.claims = draft.claims;
                        site.reports = draft.reports;
                    }
                    Err(err) => {
                        let (jar, csrf) = crate::csrf::issue(&state, jar);
                        return (jar, failure(&investigator, csrf, &err)).into_response();
                    }
                }
            }
            state
                .instance
                .create_site(&investigator, site, &request_id.0, now(&state))
                .await
        }
        Err(problems) => Err(ServiceError::InvalidSite(problems)),
    };
    match result {
        Ok(id) => Redirect::to(&format!("/investigator/sites/{id}")).into_response(),
        Err(ServiceError::InvalidSite(problems)) => {
            let (jar, csrf) = crate::csrf::issue(&state, jar);
            let page = NewPage {
                nav: Nav::new(&investigator, csrf),
                fields: Fields::of(&form),
                problems,
                from_report: report.is_some(),
            };
            (jar, (StatusCode::UNPROCESSABLE_ENTITY, render(page))).into_response()
        }
        Err(err) => {
            let (jar, csrf) = crate::csrf::issue(&state, jar);
            (jar, failure(&investigator, csrf, &err)).into_response()
        }
    }
}

// --- one site: its page ----------------------------------------------------------------

struct ClaimRow {
    index: usize,
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

#[derive(Template)]
#[template(path = "workbench/site.html", escape = "workbench")]
struct SitePage {
    nav: Nav,
    id: String,
    name: String,
    created: String,
    updated: String,
    level: &'static str,
    location: String,
    fields: Fields,
    problems: Vec<SiteProblem>,
    claims: Vec<ClaimRow>,
    claim_kinds: Vec<Opt>,
    reports: Vec<String>,
    published_day: Option<String>,
    published_outdated: bool,
    has_public_source: bool,
    svg: String,
}

fn site_page(
    investigator: &Investigator,
    csrf: String,
    view: &SiteView,
    form: Option<&SiteForm>,
    problems: Vec<SiteProblem>,
) -> SitePage {
    let s = &view.site;
    let map_view = if quietline_geo::country(&s.country).is_some_and(|c| !c.iso.is_empty()) {
        MapView::Country(s.country.clone())
    } else {
        MapView::World
    };
    let svg = quietline_geo::render_map(&map_view, &markers(&[view]), &|_| None);
    SitePage {
        nav: Nav::new(investigator, csrf),
        id: view.id.to_string(),
        name: s.display_name().to_owned(),
        created: view.created_day.clone(),
        updated: view.updated_day.clone(),
        level: s.level.label(),
        location: s.location.map_or_else(
            || "No point yet".to_owned(),
            |l| format!("{:.5}, {:.5} ({})", l.lat, l.lon, l.precision.label()),
        ),
        fields: form.map_or_else(|| Fields::of_site(s), Fields::of),
        problems,
        claims: s
            .claims
            .iter()
            .enumerate()
            .map(|(index, c)| {
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
                    index,
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
        claim_kinds: options(ClaimKind::ALL, ClaimKind::code, ClaimKind::label, "", None),
        reports: s.reports.iter().map(ToString::to_string).collect(),
        published_day: view.published_day.clone(),
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

fn parse_site(id: &str) -> Option<SiteId> {
    id.parse().ok()
}

/// `GET /investigator/sites/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Response {
    let (jar, csrf) = crate::csrf::issue(&state, jar);
    let Some(id) = parse_site(&id) else {
        return crate::error::WebError::not_found().into_response();
    };
    match state.instance.site(&investigator, id).await {
        Ok(view) => {
            let page = site_page(&investigator, csrf, &view, None, Vec::new());
            (jar, render(page)).into_response()
        }
        Err(err) => (jar, failure(&investigator, csrf, &err)).into_response(),
    }
}

/// `POST /investigator/sites/{id}`: saves the fields (claims and reports are kept).
pub(crate) async fn update(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let form = match posted(&state, &jar, request, |f: &SiteForm| &f.csrf).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let Some(id) = parse_site(&id) else {
        return crate::error::WebError::not_found().into_response();
    };
    let (jar, csrf) = crate::csrf::issue(&state, jar);
    let view = match state.instance.site(&investigator, id).await {
        Ok(view) => view,
        Err(err) => return (jar, failure(&investigator, csrf, &err)).into_response(),
    };
    let result = match apply(&form, view.site.clone()) {
        Ok(site) => {
            state
                .instance
                .update_site(&investigator, id, site, &request_id.0, now(&state))
                .await
        }
        Err(problems) => Err(ServiceError::InvalidSite(problems)),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/investigator/sites/{id}")).into_response(),
        Err(ServiceError::InvalidSite(problems)) => {
            let page = site_page(&investigator, csrf, &view, Some(&form), problems);
            (jar, (StatusCode::UNPROCESSABLE_ENTITY, render(page))).into_response()
        }
        Err(err) => (jar, failure(&investigator, csrf, &err)).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ClaimForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    index: usize,
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

/// `POST /investigator/sites/{id}/claims`: adds a claim (`action=add`) or removes one
/// (`action=remove&index=N`).
pub(crate) async fn claims(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let form = match posted(&state, &jar, request, |f: &ClaimForm| &f.csrf).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let Some(id) = parse_site(&id) else {
        return crate::error::WebError::not_found().into_response();
    };
    let (jar, csrf) = crate::csrf::issue(&state, jar);
    let view = match state.instance.site(&investigator, id).await {
        Ok(view) => view,
        Err(err) => return (jar, failure(&investigator, csrf, &err)).into_response(),
    };
    let mut site = view.site.clone();
    match form.action.as_str() {
        "remove" if form.index < site.claims.len() => {
            site.claims.remove(form.index);
        }
        "add" => {
            let Some(kind) = ClaimKind::from_code(&form.kind) else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            let source = if form.source == "witness" {
                match form.report.trim().parse::<ReportId>() {
                    Ok(report) => {
                        if !site.reports.contains(&report) {
                            site.reports.push(report);
                        }
                        Source::Witness { report }
                    }
                    Err(_) => {
                        let problems = vec![SiteProblem {
                            field: "report".into(),
                            message: "A witness claim needs the report's id (32 hexadecimal digits).",
                        }];
                        let page = site_page(&investigator, csrf, &view, None, problems);
                        return (jar, (StatusCode::UNPROCESSABLE_ENTITY, render(page)))
                            .into_response();
                    }
                }
            } else {
                Source::Public(PublicSource {
                    title: form.title.clone(),
                    publisher: form.publisher.clone(),
                    date: form.source_date.clone(),
                    url: form.url.clone(),
                })
            };
            site.claims.push(Claim {
                date: form.date.clone(),
                kind,
                source,
                summary: form.summary.clone(),
            });
        }
        _ => return StatusCode::BAD_REQUEST.into_response(),
    }
    match state
        .instance
        .update_site(&investigator, id, site, &request_id.0, now(&state))
        .await
    {
        Ok(()) => Redirect::to(&format!("/investigator/sites/{id}#claims")).into_response(),
        Err(ServiceError::InvalidSite(problems)) => {
            let page = site_page(&investigator, csrf, &view, None, problems);
            (jar, (StatusCode::UNPROCESSABLE_ENTITY, render(page))).into_response()
        }
        Err(err) => (jar, failure(&investigator, csrf, &err)).into_response(),
    }
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
    Admin(investigator): Admin,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let form = match posted(&state, &jar, request, |f: &PublishForm| &f.csrf).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let Some(id) = parse_site(&id) else {
        return crate::error::WebError::not_found().into_response();
    };
    let result = if form.action == "withdraw" {
        state
            .instance
            .unpublish_site(&investigator, id, &request_id.0, now(&state))
            .await
    } else {
        let options = PublishOptions {
            address: form.address == "1",
            exact_location: form.exact == "1",
        };
        state
            .instance
            .publish_site(&investigator, id, options, &request_id.0, now(&state))
            .await
    };
    let (jar, csrf) = crate::csrf::issue(&state, jar);
    match result {
        Ok(()) => Redirect::to(&format!("/investigator/sites/{id}#publishing")).into_response(),
        Err(ServiceError::InvalidSite(problems)) => {
            match state.instance.site(&investigator, id).await {
                Ok(view) => {
                    let page = site_page(&investigator, csrf, &view, None, problems);
                    (jar, (StatusCode::UNPROCESSABLE_ENTITY, render(page))).into_response()
                }
                Err(err) => (jar, failure(&investigator, csrf, &err)).into_response(),
            }
        }
        Err(err) => (jar, failure(&investigator, csrf, &err)).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct LinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    site: String,
}

/// `POST /investigator/reports/{id}/site`: links the report to a site (`site=ID`), or opens
/// the new-site form filled in from its place answer (`site=new`).
pub(crate) async fn link_report(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Path(report): Path<String>,
    request: Request,
) -> Response {
    let form = match posted(&state, &jar, request, |f: &LinkForm| &f.csrf).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let Ok(report) = report.parse::<ReportId>() else {
        return crate::error::WebError::not_found().into_response();
    };
    if form.site == "new" {
        return Redirect::to(&format!("/investigator/sites/new?report={report}")).into_response();
    }
    let Some(site) = parse_site(&form.site) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match state
        .instance
        .link_report_to_site(&investigator, site, report, &request_id.0, now(&state))
        .await
    {
        Ok(()) => Redirect::to(&format!("/investigator/reports/{report}#sites")).into_response(),
        Err(err) => {
            let (jar, csrf) = crate::csrf::issue(&state, jar);
            (jar, failure(&investigator, csrf, &err)).into_response()
        }
    }
}

// --- exports and imports ---------------------------------------------------------------

/// `GET /investigator/sites/export/{file}`: `sites.geojson`, `sites.csv` (every site and
/// field), `public.geojson`, `public.csv` (published sites, published fields only).
pub(crate) async fn export(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Path(file): Path<String>,
) -> Response {
    let (public, format, content_type) = match file.as_str() {
        "sites.geojson" => (false, ExportFormat::GeoJson, "application/geo+json"),
        "sites.csv" => (false, ExportFormat::Csv, "text/csv; charset=utf-8"),
        "public.geojson" => (true, ExportFormat::GeoJson, "application/geo+json"),
        "public.csv" => (true, ExportFormat::Csv, "text/csv; charset=utf-8"),
        _ => return crate::error::WebError::not_found().into_response(),
    };
    let result = if public {
        state
            .instance
            .export_public_sites(&investigator, format, &request_id.0, now(&state))
            .await
    } else {
        state
            .instance
            .export_sites(&investigator, format, &request_id.0, now(&state))
            .await
    };
    match result {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"quietline-{file}\""),
                ),
            ],
            text,
        )
            .into_response(),
        Err(err) => {
            let (jar, csrf) = crate::csrf::issue(&state, jar);
            (jar, failure(&investigator, csrf, &err)).into_response()
        }
    }
}
