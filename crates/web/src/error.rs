//! Errors as the reporter sees them: a status, and a page in their language that says
//! what to do, with a reference (the request id) and nothing about internals. The details
//! go to the log, tagged with the same id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use quietline_service::ServiceError;

use crate::i18n::Lang;

/// An error a handler returns. Rendered into a page by the security middleware, which
/// knows the request id.
#[derive(Debug)]
pub struct WebError {
    kind: ErrorKind,
    lang: Option<Lang>,
}

#[derive(Clone, Debug)]
pub(crate) enum ErrorKind {
    NotFound,
    BadRequest,
    Unavailable,
    Internal,
}

impl WebError {
    pub(crate) fn new(kind: ErrorKind, lang: Option<Lang>) -> Self {
        Self { kind, lang }
    }

    pub(crate) fn not_found() -> Self {
        Self::new(ErrorKind::NotFound, None)
    }

    pub(crate) fn bad_request(lang: Lang) -> Self {
        Self::new(ErrorKind::BadRequest, Some(lang))
    }

    /// An operation failed for a reason the reporter cannot fix: logged in full, shown as
    /// a generic page.
    pub(crate) fn internal(lang: Lang, err: &ServiceError) -> Self {
        tracing::error!(error = %err, source = ?std::error::Error::source(err).map(ToString::to_string), "operation failed");
        Self::new(ErrorKind::Internal, Some(lang))
    }
}

impl WebError {
    /// The system's random source failed: nothing that needs a fresh secret (a cookie, a
    /// nonce) can be made. Logged in full, shown as a generic page in the page's language.
    pub(crate) fn no_random(err: &quietline_crypto::CryptoError) -> Self {
        tracing::error!(error = %err, "no random value: the system's random source failed");
        Self::new(ErrorKind::Internal, None)
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.kind.status();
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage {
            kind: self.kind,
            lang: self.lang,
        });
        response
    }
}

impl ErrorKind {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Marker left on a response for the security middleware, which renders it into the error
/// page (`layout::error_page`) with the request id.
#[derive(Clone, Debug)]
pub(crate) struct ErrorPage {
    pub kind: ErrorKind,
    /// The language of the page that failed, when the handler knew it; otherwise the
    /// middleware takes it from the path.
    pub lang: Option<Lang>,
}

impl ErrorPage {
    pub(crate) fn not_found(lang: Option<Lang>) -> Self {
        Self {
            kind: ErrorKind::NotFound,
            lang,
        }
    }
}
