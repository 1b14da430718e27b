//! The list of sites and the map: the same filters (country, agency, type, level), read from
//! the query string into a [`SiteQuery`] that the service applies.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use quietline_core::site::{SiteType, VerificationLevel};
use quietline_geo::{MapView, Marker};
use quietline_service::{SiteQuery, SiteView};
use serde::Deserialize;

use crate::extract::SignedIn;
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::workbench::controls::{Opt, country_options, options, percent};

/// The filters as the query string has them (`?country=IT&agency=...&type=...&level=...`).
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
    /// The query for the service: an empty filter keeps everything.
    fn query(&self) -> SiteQuery {
        let given = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        SiteQuery {
            country: given(&self.country),
            agency: given(&self.agency),
            kind: SiteType::from_code(&self.kind),
            level: VerificationLevel::from_code(&self.level),
        }
    }

    /// The query string of these filters, in `country` instead of their own.
    fn query_string(&self, country: &str) -> String {
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

pub(super) struct FilterForm {
    countries: Vec<Opt>,
    agencies: Vec<Opt>,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
}

fn filter_form(filters: &Filters, agencies: &[String]) -> FilterForm {
    FilterForm {
        countries: country_options(&filters.country, "All countries"),
        agencies: std::iter::once(Opt {
            value: String::new(),
            label: "All agencies".into(),
            selected: filters.agency.is_empty(),
        })
        .chain(agencies.iter().map(|a| Opt {
            selected: *a == filters.agency,
            label: a.clone(),
            value: a.clone(),
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
    desk: SignedIn,
    Query(filters): Query<Filters>,
) -> Result<Response, Refusal> {
    let found = state
        .instance
        .site_list(&desk.investigator, &filters.query())
        .await?;
    let kept: Vec<&SiteView> = found.sites.iter().collect();
    let page = ListPage {
        nav: desk.nav(),
        filters: filter_form(&filters, &found.agencies),
        rows: list_rows(&kept),
        total: found.total,
        map_query: filters.query_string(&filters.country),
    };
    Ok(render(page))
}

#[derive(Template)]
#[template(path = "workbench/map.html", escape = "workbench")]
struct MapPage {
    nav: Nav,
    filters: FilterForm,
    svg: String,
    /// The accessible list beside a country's map: its sites.
    rows: Vec<ListRow>,
    /// The list beside the world map: how many sites in each country, each a link to the
    /// country's view and list (10 000 sites one by one weighed 2.8 MB).
    countries: Vec<CountryRow>,
    total: usize,
    unlocated: usize,
    country: String,
    world_query: String,
    list_query: String,
}

/// A country in the list beside the world map.
struct CountryRow {
    name: String,
    count: usize,
    /// The filters with this country: for its map and its list.
    query: String,
}

/// The countries of `views`, by name, with their number of sites.
fn country_rows(views: &[&SiteView], filters: &Filters) -> Vec<CountryRow> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for v in views {
        *counts.entry(v.site.country.as_str()).or_default() += 1;
    }
    let mut rows: Vec<CountryRow> = counts
        .into_iter()
        .map(|(code, count)| CountryRow {
            name: if code.is_empty() {
                "No country".to_owned()
            } else {
                quietline_geo::country_name(code)
            },
            count,
            query: filters.query_string(code),
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

/// `GET /investigator/map`: the world, or one country with `?country=XX`.
pub(crate) async fn map(
    State(state): State<AppState>,
    desk: SignedIn,
    Query(filters): Query<Filters>,
) -> Result<Response, Refusal> {
    let found = state
        .instance
        .site_list(&desk.investigator, &filters.query())
        .await?;
    let kept: Vec<&SiteView> = found.sites.iter().collect();
    let view = if filters.country.is_empty() || quietline_geo::country(&filters.country).is_none() {
        MapView::World
    } else {
        MapView::Country(filters.country.clone())
    };
    let markers = markers(&kept);
    let svg = quietline_geo::render_map(&view, &markers, &|c| {
        Some(format!("/investigator/map?{}", filters.query_string(c)))
    });
    let page = MapPage {
        nav: desk.nav(),
        filters: filter_form(&filters, &found.agencies),
        svg,
        unlocated: kept.len() - markers.len(),
        total: kept.len(),
        rows: match view {
            MapView::World => Vec::new(),
            MapView::Country(_) => list_rows(&kept),
        },
        countries: match view {
            MapView::World => country_rows(&kept, &filters),
            MapView::Country(_) => Vec::new(),
        },
        country: if filters.country.is_empty() {
            String::new()
        } else {
            quietline_geo::country_name(&filters.country)
        },
        world_query: filters.query_string(""),
        list_query: filters.query_string(&filters.country),
    };
    Ok(render(page))
}

/// The markers of these sites, linking to their pages.
pub(super) fn markers(views: &[&SiteView]) -> Vec<Marker> {
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
