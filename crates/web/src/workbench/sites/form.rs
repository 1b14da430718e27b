//! The form of a site's own fields: creating a site (blank, or filled in from a report's place
//! answer), and the same fields on a site's page ([`Fields`]).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use quietline_core::ReportId;
use quietline_core::site::{
    AGENCY_SUGGESTIONS, Precision, SiteProblem, SiteType, VerificationLevel,
};
use quietline_service::{ServiceError, SiteFields};
use serde::Deserialize;

use crate::extract::{Posted, SignedIn, carries_token};
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::workbench::controls::{Opt, country_options, options};

/// A site's form as posted: its fields, and what the page carries beside them.
#[derive(Deserialize, Default)]
pub(crate) struct SiteForm {
    #[serde(default)]
    pub csrf: String,
    /// The version of the site the form was opened at (a site's page only).
    #[serde(default)]
    pub version: u64,
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

impl SiteForm {
    /// The fields as typed.
    pub(super) fn fields(&self) -> SiteFields {
        SiteFields {
            names: self.names.clone(),
            address: self.address.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            lat: self.lat.clone(),
            lon: self.lon.clone(),
            precision: self.precision.clone(),
            kind: self.kind.clone(),
            agency: self.agency.clone(),
            level: self.level.clone(),
            notes: self.notes.clone(),
        }
    }
}

/// The form's fields, as shown (values and choices).
pub(super) struct Fields {
    pub(super) names: String,
    pub(super) address: String,
    pub(super) city: String,
    pub(super) countries: Vec<Opt>,
    pub(super) lat: String,
    pub(super) lon: String,
    pub(super) precisions: Vec<Opt>,
    pub(super) kinds: Vec<Opt>,
    pub(super) agency: String,
    pub(super) agencies: Vec<&'static str>,
    pub(super) levels: Vec<Opt>,
    pub(super) notes: String,
    pub(super) report: String,
}

impl Fields {
    /// `fields` in the form; `report`: the report a new site comes from, or empty.
    pub(super) fn of(fields: &SiteFields, report: String) -> Self {
        Self {
            names: fields.names.clone(),
            address: fields.address.clone(),
            city: fields.city.clone(),
            countries: country_options(&fields.country, "(not known)"),
            lat: fields.lat.clone(),
            lon: fields.lon.clone(),
            precisions: options(
                Precision::ALL,
                Precision::code,
                Precision::label,
                &fields.precision,
                None,
            ),
            kinds: options(
                SiteType::ALL,
                SiteType::code,
                SiteType::label,
                &fields.kind,
                None,
            ),
            agency: fields.agency.clone(),
            agencies: AGENCY_SUGGESTIONS.to_vec(),
            levels: options(
                VerificationLevel::ALL,
                VerificationLevel::code,
                VerificationLevel::label,
                &fields.level,
                None,
            ),
            notes: fields.notes.clone(),
            report,
        }
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

carries_token!(SiteForm);

/// `GET /investigator/sites/new` (`?report=ID`: filled in from that report's place answer).
pub(crate) async fn new_form(
    State(state): State<AppState>,
    desk: SignedIn,
    Query(params): Query<NewParams>,
) -> Result<Response, Refusal> {
    let report = match params.report.as_str() {
        "" => None,
        id => Some(id.parse::<ReportId>().map_err(|_| Refusal::NotFound)?),
    };
    let draft = state
        .instance
        .site_draft(&desk.investigator, report)
        .await?;
    let fields = Fields::of(&draft, report.map(|r| r.to_string()).unwrap_or_default());
    let page = NewPage {
        nav: desk.nav(),
        from_report: !fields.report.is_empty(),
        fields,
        problems: Vec::new(),
    };
    Ok(render(page))
}

/// `POST /investigator/sites`: creates a site (with `report=ID`: from that report's place).
pub(crate) async fn create(
    State(state): State<AppState>,
    desk: SignedIn,
    Posted(form): Posted<SiteForm>,
) -> Result<Response, Refusal> {
    let (by, request, now) = (&desk.investigator, desk.request_id(), desk.now);
    let fields = form.fields();
    let result = if form.report.is_empty() {
        state.instance.create_site(by, &fields, request, now).await
    } else {
        let report = form
            .report
            .parse::<ReportId>()
            .map_err(|_| Refusal::BadRequest)?;
        state
            .instance
            .create_site_from_report(by, report, &fields, request, now)
            .await
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/investigator/sites/{id}")).into_response()),
        Err(ServiceError::InvalidSite(problems)) => {
            let page = NewPage {
                nav: desk.nav(),
                fields: Fields::of(&fields, form.report.clone()),
                problems,
                from_report: !form.report.is_empty(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)).into_response())
        }
        Err(err) => Err(err.into()),
    }
}
