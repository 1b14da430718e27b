//! Compressed responses (Brotli or gzip, as the browser offers), so that pages stay light over
//! Tor: the map page of 10 000 sites is mostly repeated SVG markup.
//!
//! Only text is compressed (HTML, CSS, JavaScript, SVG, CSV, JSON): files a reporter uploaded and
//! the font are compressed already or opaque. And never a response that carries a receipt: a
//! compressed response's length depends on how much of it repeats, so an observer who can make
//! a page reflect guesses next to a secret can learn the secret from lengths alone (BREACH). No
//! page reflects an outsider's input beside a receipt today (forms need the `SameSite=Strict`
//! CSRF cookie), but the receipt is the one secret that opens a report, so its pages opt out by
//! construction rather than by that argument: a handler marks its response with
//! [`CarriesReceipt`]. The CSRF token is not such a secret: without the cookie, which a
//! cross-site request does not carry, it is worth nothing.

use axum::http::{HeaderMap, StatusCode, Version, header};
use axum::response::Response;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{Predicate, SizeAbove};

/// Marks a response that holds a receipt (shown once, or typed back on the return page): it is
/// sent uncompressed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CarriesReceipt;

/// Marks `response` as carrying a receipt.
pub(crate) fn carries_receipt(mut response: Response) -> Response {
    response.extensions_mut().insert(CarriesReceipt);
    response
}

/// The content types worth compressing: text.
const TEXT: [&str; 7] = [
    "text/html",
    "text/css",
    "text/javascript",
    "text/csv",
    "image/svg+xml",
    "application/json",
    "application/geo+json",
];

/// Whether a response may be compressed: text, not marked as carrying a receipt.
fn text_without_receipt(
    _: StatusCode,
    _: Version,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    TEXT.iter().any(|text| content_type.starts_with(text))
        && extensions.get::<CarriesReceipt>().is_none()
}

/// The layer: Brotli or gzip for text above the library's minimum size.
pub(crate) fn layer() -> CompressionLayer<impl Predicate> {
    let predicate = SizeAbove::default().and(text_without_receipt);
    // Only the `compression-br` and `compression-gzip` features are on: those two encodings.
    // (The library's default predicate checks gRPC, event streams and images: the list above
    // already leaves them out.)
    CompressionLayer::new().compress_when(predicate)
}
