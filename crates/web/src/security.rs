//! The middleware every response passes through: a request id, the security headers, the
//! access log line, and the rendering of error pages.
//!
//! Only workbench requests get an access log line (request id, method, path without the
//! query, status, duration). Reporter pages and static files are only counted
//! ([`RequestCounts`]): one line per reporter request, even with the day as its only
//! time, would put reports in order among the workbench's lines, whose request ids the
//! audit trail dates to the second. No line ever has an address or a header: the server
//! does not even ask for the peer's address.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::error::ErrorPage;
use crate::i18n::Lang;
use crate::layout::error_page;
use crate::state::AppState;

/// The id of one request: in the `X-Request-Id` header, the log line and error pages.
#[derive(Clone, Debug)]
pub(crate) struct RequestId(pub String);

/// The Content-Security-Policy of the reporter pages (and every response outside the
/// workbench): nothing from another origin, no script at all, no framing.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The workbench's: the same, except that its one script (`/static/map.js`, which only
/// enhances the map) may run on its pages.
pub(crate) const WORKBENCH_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// With TLS in front (`--cookie-secure`): browsers are to use HTTPS only, for a year.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

const FIXED_HEADERS: [(&str, &str); 6] = [
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
    let workbench = is_workbench(&path);
    // Reporter requests get a span without the path: an error logged while serving one says
    // which request (its id, also on the error page), not which page.
    if request.method() == axum::http::Method::POST {
        // Every body is held to the minimum rate (slow_body): a trickle ends in an error
        // the handler turns into a page, instead of holding the request for hours.
        let rate = state.min_rate();
        request = request.map(|body| {
            axum::body::Body::from_stream(crate::slow_body::RateGuard::new(
                body.into_data_stream(),
                rate,
            ))
        });
    }
    let span = if workbench {
        tracing::info_span!("request", id = %id.0, method = %request.method(), path = %path)
    } else {
        tracing::info_span!("request", id = %id.0)
    };
    let started = quietline_service::Stopwatch::start();

    let mut response = next.run(request).instrument(span.clone()).await;
    if let Some(page) = response.extensions_mut().remove::<ErrorPage>() {
        response = error_page(page, &state, lang, &id.0);
    } else if response.status() == axum::http::StatusCode::METHOD_NOT_ALLOWED {
        response = error_page(ErrorPage::not_found(None), &state, lang, &id.0);
    }

    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if workbench {
            WORKBENCH_CONTENT_SECURITY_POLICY
        } else {
            CONTENT_SECURITY_POLICY
        }),
    );
    if state.config.cookie_secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
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
    if workbench {
        span.in_scope(|| {
            tracing::info!(
                status = response.status().as_u16(),
                ms = started.elapsed_ms(),
                "served"
            );
        });
    } else {
        state.counts.count(response.status());
    }
    response
}

/// Whether `path` is one of the workbench's (logged one line per request).
fn is_workbench(path: &str) -> bool {
    path == "/investigator" || path.starts_with("/investigator/")
}
