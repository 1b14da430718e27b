//! The middleware every response passes through: a request id, the security headers, the
//! access log line, and the rendering of error pages.
//!
//! The access log has the request id, method, path (never the query), status and
//! duration. It never has an address or any header: the server does not even ask for
//! the peer's address.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::error::ErrorPage;
use crate::i18n::Lang;
use crate::state::AppState;

/// The id of one request: in the `X-Request-Id` header, the log line and error pages.
#[derive(Clone, Debug)]
pub(crate) struct RequestId(pub String);

/// The Content-Security-Policy of every response: nothing from another origin, no
/// script at all (the reporter pages have none), no framing.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

const FIXED_HEADERS: [(&str, &str); 7] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ),
];

pub(crate) async fn middleware(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let id = RequestId(quietline_crypto::random_hex::<8>().unwrap_or_else(|_| "-".into()));
    request.extensions_mut().insert(id.clone());
    let path: String = request.uri().path().chars().take(120).collect();
    let lang = path
        .split('/')
        .nth(1)
        .and_then(|tag| state.offered_language(tag))
        .unwrap_or_else(Lang::english);
    let span = tracing::info_span!("request", id = %id.0, method = %request.method(), path = %path);
    let started = Instant::now();

    let mut response = next.run(request).instrument(span.clone()).await;
    if let Some(page) = response.extensions_mut().remove::<ErrorPage>() {
        response = page.render(&state, lang, &id);
    } else if response.status() == axum::http::StatusCode::METHOD_NOT_ALLOWED {
        response = ErrorPage::not_found(None)
            .render(&state, lang, &id)
            .into_response();
    }

    let headers = response.headers_mut();
    for (name, value) in FIXED_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&id.0) {
        headers.insert(HeaderName::from_static("x-request-id"), value);
    }
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "served"
        );
    });
    response
}
