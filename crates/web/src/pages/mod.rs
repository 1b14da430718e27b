//! The reporter pages and their routes (static files included). Each handler extracts,
//! calls one operation, renders.

pub(crate) mod assets;
mod landing;
mod report_form;
mod returning;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

/// The reporter pages' routes.
pub(crate) fn routes() -> Router<AppState> {
    let small_forms = DefaultBodyLimit::max(64 * 1024);
    assets::routes(Router::new())
        .route("/", get(landing::chooser))
        .route("/{lang}", get(landing::add_slash))
        .route("/{lang}/", get(landing::landing))
        .route(
            "/{lang}/report",
            get(report_form::show).post(report_form::submit),
        )
        .route(
            "/{lang}/return",
            get(returning::show)
                .post(returning::check)
                .layer(small_forms),
        )
        .route("/{lang}/return/thread", get(returning::thread))
        .route("/{lang}/return/reply", post(returning::reply))
        .route(
            "/{lang}/return/copy/delete",
            post(returning::delete_copy).layer(small_forms),
        )
        .route(
            "/{lang}/return/leave",
            post(returning::leave).layer(small_forms),
        )
        .route("/exit", get(returning::quick_exit))
}
