//! The stylesheet, icon, the workbench's map script and the Tibetan fallback font, compiled
//! into the binary: the site loads nothing else, and nothing from anywhere else.

use axum::http::header;
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!("../../static/quietline.css");
const ICON: &str = include_str!("../../static/icon.svg");
const WORKBENCH: &str = include_str!("../../static/workbench.css");
const MAP_SCRIPT: &str = include_str!("../../static/map.js");
/// Noto Serif Tibetan cut to the glyphs of the Tibetan pages (static/fonts/generate.sh;
/// SIL Open Font License, static/fonts/OFL.txt).
pub(crate) const TIBETAN_FONT: &[u8] = include_bytes!("../../static/fonts/tibetan.woff2");

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

/// The Tibetan fallback font, for devices without a Tibetan font of their own.
pub(crate) async fn tibetan_font() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "font/woff2"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        TIBETAN_FONT,
    )
}
