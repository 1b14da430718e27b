//! The stylesheet and icon, compiled into the binary: the site loads nothing else.

use axum::http::header;
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!("../../static/quietline.css");
const ICON: &str = include_str!("../../static/icon.svg");
const WORKBENCH: &str = include_str!("../../static/workbench.css");
const MAP_SCRIPT: &str = include_str!("../../static/map.js");

pub(crate) async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLESHEET,
    )
}

pub(crate) async fn icon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON,
    )
}

pub(crate) async fn workbench_stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        WORKBENCH,
    )
}

/// The map's optional pan and zoom (the only script Quietline serves; the workbench works
/// without it).
pub(crate) async fn map_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        MAP_SCRIPT,
    )
}
