//! The site registry in the workbench (issue 5), one module a page: the list and the map
//! with their filters ([`list`]), the form that creates a site, also from a report's place
//! answer ([`form`]), a site's page: fields, claims timeline, linked reports, publishing for
//! admins, and linking a report from its page ([`page`]), the exports: GeoJSON and CSV, and
//! the public export of published sites only ([`exports`]), and importing a registry
//! ([`import`]).
//!
//! Handlers read the request, call one operation of the service and render: the rules
//! (what a field must hold, what a claim adds, which sites a filter keeps, refusing an edit
//! made from an old version) are the service's.
//!
//! Everything works without JavaScript: the map is SVG rendered on the server, with a legend
//! and an accessible list beside it; `/static/map.js` (script from 'self') adds pan and zoom
//! and, on a site's page, setting the point by clicking the map.

mod exports;
mod form;
mod import;
mod list;
mod page;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use quietline_core::SiteId;
use quietline_geo::Marker;
use quietline_service::{Investigator, ServiceError, SiteView};

pub(crate) use exports::export;
pub(crate) use form::{create, new_form};
pub(crate) use import::{import, import_form};
pub(crate) use list::{list, map};
pub(crate) use page::{claims, link_report, publish, show, update};

use super::inbox::{Opt, pending};
use crate::i18n::Lang;

/// The response to an operation that failed for a reason the page does not handle itself.
pub(crate) fn failure(investigator: &Investigator, csrf: String, err: &ServiceError) -> Response {
    match err {
        ServiceError::NotFound => crate::error::WebError::not_found().into_response(),
        ServiceError::NoAccess => pending(investigator, csrf).into_response(),
        ServiceError::Forbidden => StatusCode::FORBIDDEN.into_response(),
        // Saved by other processes again and again while this change was being saved.
        ServiceError::SiteChanged(_) => (
            StatusCode::CONFLICT,
            crate::pages::render(super::Notice {
                nav: Some(super::Nav::new(investigator, csrf)),
                title: "Nothing was changed".into(),
                text: "Others saved this site at the same moment: nothing was changed. Go back, \
                       reload the page and try again."
                    .into(),
            }),
        )
            .into_response(),
        other => crate::error::WebError::internal(Lang::english(), other).into_response(),
    }
}

/// A select's options for a closed list, `selected` chosen, with an "any" first if given.
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

/// The countries of the bundled outlines, `any` first.
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

fn parse_site(id: &str) -> Option<SiteId> {
    id.parse().ok()
}
