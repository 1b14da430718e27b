//! The stylesheets, icon, the workbench's map script and the Tibetan fallback font, compiled
//! into the binary: the site loads nothing else, and nothing from anywhere else. Each is served
//! under a name that carries a hash of its content (made by build.rs), so it can be cached for a
//! year: a release that changes a file changes its name.
//!
//! The font is Noto Serif Tibetan cut to the glyphs of the Tibetan pages
//! (static/fonts/generate.sh; SIL Open Font License, static/fonts/OFL.txt).

use axum::Router;
use axum::http::header;
use axum::routing::get;

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Every static file: where it is served, its content type and its bytes.
pub(crate) const ALL: [(&str, &str, &[u8]); 5] = [
    (STYLESHEET_URL, "text/css; charset=utf-8", STYLESHEET),
    (WORKBENCH_URL, "text/css; charset=utf-8", WORKBENCH),
    (ICON_URL, "image/svg+xml", ICON),
    // The map's optional pan and zoom (the only script Quietline serves; the workbench works
    // without it).
    (MAP_SCRIPT_URL, "text/javascript; charset=utf-8", MAP_SCRIPT),
    // For devices without a Tibetan font of their own.
    (TIBETAN_FONT_URL, "font/woff2", TIBETAN_FONT),
];

/// A name that changes with the content can be kept as long as a browser likes.
const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// The routes of the static files.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(mut router: Router<S>) -> Router<S> {
    for (url, content_type, bytes) in ALL {
        let handler = move || async move {
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CACHE_CONTROL, CACHE_FOREVER),
                ],
                bytes,
            )
        };
        router = router.route(url, get(handler));
    }
    router
}
