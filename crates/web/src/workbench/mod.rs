//! The investigator workbench under `/investigator/`: sign-in with a second factor, the
//! inbox, a report with the other reports its people and places are also in, an entity's
//! page, cases (reports, entities and sites grouped, with a timeline), the site registry and
//! its map, statistics for transparency reports, the account, and (for admins) investigators,
//! the audit trail, reply templates, publishing sites and the FollowTheMoney export.
//!
//! Reporter pages never link here. Every route but sign-in is behind
//! [`SignedIn`](crate::extract::SignedIn) or [`Admin`](crate::extract::Admin): an anonymous
//! visitor gets the sign-in page (401), an investigator gets 403 on admin routes. Every
//! handler extracts, calls one operation of the service and renders; what they share lives
//! outside this module ([`crate::extract`], [`crate::refusal`], [`crate::layout`]) or in
//! [`controls`], so that this file holds only the routes.
//! The workbench is in English for now (its strings are not yet in the Fluent files).

mod account;
mod admin;
mod auth;
mod cases;
mod controls;
mod derived;
mod ftm;
mod inbox;
mod links;
mod reply_templates;
mod report;
mod report_actions;
mod search;
mod sites;
mod statistics;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

/// The workbench's routes (the router puts them behind [`crate::extract::gate`]).
pub(crate) fn routes() -> Router<AppState> {
    let forms = DefaultBodyLimit::max(256 * 1024);
    // A derived copy's upload (like a registry to import) may be larger than any other form:
    // `form::read_form` applies the configured limits itself as the file streams in.
    // A registry to import may be larger than any other form: its handler applies the
    // configured `--max-import-mib` itself, so that passing it gets a page that says so.
    let imports = DefaultBodyLimit::disable();
    Router::new()
        .route("/investigator", get(auth::add_slash))
        .route("/investigator/", get(auth::start))
        .route("/investigator/login", post(auth::login))
        .route(
            "/investigator/enrol",
            get(auth::enrol_page).post(auth::enrol),
        )
        .route("/investigator/logout", post(auth::logout))
        .route("/investigator/inbox", get(inbox::inbox))
        .route("/investigator/inbox/bulk", post(inbox::bulk))
        .route("/investigator/reports/{id}", get(report::show))
        .route(
            "/investigator/reports/{id}/files/{file}",
            get(report::download),
        )
        .route(
            "/investigator/reports/{id}/files/{file}/strip",
            post(report_actions::strip),
        )
        .route(
            "/investigator/reports/{id}/files/{file}/derived",
            post(derived::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/investigator/reports/{id}/derived/{copy}",
            get(derived::download),
        )
        .route(
            "/investigator/reports/{id}/message",
            post(report_actions::message),
        )
        .route(
            "/investigator/reports/{id}/note",
            post(report_actions::note),
        )
        .route(
            "/investigator/reports/{id}/status",
            post(report_actions::status),
        )
        .route(
            "/investigator/reports/{id}/assign",
            post(report_actions::assign),
        )
        .route(
            "/investigator/reports/{id}/tags",
            post(report_actions::tags),
        )
        .route(
            "/investigator/reports/{id}/links",
            post(report_actions::decide),
        )
        .route(
            "/investigator/reports/{id}/entities/{record}",
            get(links::entity),
        )
        .route(
            "/investigator/reports/{id}/site",
            post(report_actions::site),
        )
        .route(
            "/investigator/reports/{id}/template",
            post(report_actions::template),
        )
        .route("/investigator/cases", get(cases::index).post(cases::create))
        .route(
            "/investigator/cases/{id}",
            get(cases::show).post(cases::update),
        )
        .route("/investigator/cases/{id}/items", post(cases::items))
        .route("/investigator/cases/{id}/notes", post(cases::note))
        .route("/investigator/cases/{id}/bundle", post(cases::bundle))
        .route(
            "/investigator/reports/{id}/retention",
            post(report_actions::retention),
        )
        .route("/investigator/sites", get(sites::list).post(sites::create))
        .route("/investigator/sites/new", get(sites::new_form))
        .route(
            "/investigator/sites/import",
            get(sites::import_form).post(sites::import).layer(imports),
        )
        .route("/investigator/sites/export/{file}", get(sites::export))
        .route(
            "/investigator/sites/{id}",
            get(sites::show).post(sites::update),
        )
        .route("/investigator/sites/{id}/claims", post(sites::claims))
        .route("/investigator/sites/{id}/publish", post(sites::publish))
        .route("/investigator/map", get(sites::map))
        .route("/investigator/search", get(search::search))
        .route("/investigator/statistics", get(statistics::page))
        .route("/investigator/statistics.csv", get(statistics::csv))
        .route("/investigator/account", get(account::show))
        .route(
            "/investigator/account/password",
            post(account::change_password),
        )
        .route(
            "/investigator/admin/investigators",
            get(admin::investigators).post(admin::add),
        )
        .route(
            "/investigator/admin/investigators/{username}/{action}",
            post(admin::act),
        )
        .route("/investigator/admin/audit", get(admin::audit))
        .route("/investigator/admin/retention", get(admin::retention))
        .route(
            "/investigator/admin/ftm",
            get(ftm::page).post(ftm::download),
        )
        .route(
            "/investigator/admin/templates",
            get(reply_templates::page).post(reply_templates::create),
        )
        .route(
            "/investigator/admin/templates/{template}",
            post(reply_templates::update),
        )
        .route(
            "/investigator/admin/templates/{template}/delete",
            post(reply_templates::delete),
        )
        .layer(forms)
}
