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

pub(crate) use exports::export;
pub(crate) use form::{create, new_form};
pub(crate) use import::{import, import_form};
pub(crate) use list::{list, map};
pub(crate) use page::{claims, publish, show, update};
