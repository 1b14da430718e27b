//! The workbench's one error type. Every workbench handler returns `Result<_, Refusal>`; a
//! [`ServiceError`] becomes a refusal in one place ([`From`]), so the same error gets the same
//! status and page on every page.
//!
//! A refusal leaves a marker on the response; the workbench's gate (`extract::gate`), which
//! knows who is signed in, renders it into a page with the navigation bar. Not found and
//! internal errors are the site's own error pages ([`WebError`]), which carry the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use quietline_service::ServiceError;

use crate::error::{ErrorKind, WebError};
use crate::i18n::Lang;
use crate::layout::{LoginPage, Nav, Notice, render};

/// Why a workbench request was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No live session: the sign-in page, 401.
    SignInRequired,
    /// The role does not allow it (an admin page, publishing): 403.
    Forbidden,
    /// The investigator's key does not open it (access pending, or a report key never
    /// given to them): 403.
    NoAccess,
    /// The form's token is not this browser's (expired, or posted from elsewhere): 403.
    FormExpired,
    /// No such page, report, site, file or investigator: 404.
    NotFound,
    /// The request does not read: a form that does not parse, a value outside its closed
    /// list, input the page does not handle itself: 400.
    BadRequest,
    /// Others saved the same thing at the same moment, again and again: 409.
    Changed,
    /// Too many attempts right now, all clients together: 429.
    Throttled,
    /// The server is busy (the queue of key derivations is full): 503.
    Busy,
    /// Anything else: 500; the details are in the log, under the page's reference.
    Internal,
}

impl From<ServiceError> for Refusal {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::NotFound => Self::NotFound,
            ServiceError::NoAccess => Self::NoAccess,
            ServiceError::Forbidden => Self::Forbidden,
            ServiceError::SiteChanged(_) | ServiceError::CaseChanged => Self::Changed,
            ServiceError::Throttled => Self::Throttled,
            ServiceError::Busy => Self::Busy,
            // Input problems a page shows in its form are handled there; reaching this point
            // means the request was not made by that form.
            ServiceError::Invalid(_)
            | ServiceError::InvalidSite(_)
            | ServiceError::BadUsername(_)
            | ServiceError::BadPassword(_)
            | ServiceError::UsernameTaken
            | ServiceError::FileTooLarge { .. }
            | ServiceError::ReportTooLarge { .. }
            | ServiceError::TooManyFiles { .. }
            | ServiceError::CannotStrip(_) => Self::BadRequest,
            other => {
                tracing::error!(
                    error = %other,
                    source = ?std::error::Error::source(&other).map(ToString::to_string),
                    "operation failed"
                );
                Self::Internal
            }
        }
    }
}

impl Refusal {
    /// For an operation on something a form offered (an assignee, a ticked report): "not
    /// found" means the request was not made by that form, so 400 rather than 404.
    pub(crate) fn from_form_choice(err: ServiceError) -> Self {
        match err {
            ServiceError::NotFound => Self::BadRequest,
            other => other.into(),
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Self::SignInRequired => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::NoAccess | Self::FormExpired => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::Changed => StatusCode::CONFLICT,
            Self::Throttled => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page for this refusal. `nav` when someone is signed in; `csrf` is the sign-in
    /// form's token.
    pub(crate) fn page(self, nav: Option<Nav>, csrf: String) -> Response {
        let (title, text) = match self {
            Self::SignInRequired => {
                let page = LoginPage {
                    csrf,
                    error: None,
                    username: String::new(),
                };
                return (self.status(), render(page)).into_response();
            }
            Self::NotFound => return WebError::not_found().into_response(),
            Self::Internal => {
                // Logged where it was made (in `from`).
                return WebError::new(ErrorKind::Internal, Some(Lang::english())).into_response();
            }
            Self::Forbidden => ("Not allowed", "This is for admins."),
            Self::NoAccess => (
                "Access pending",
                "Your key does not open this yet. An admin grants access on the Investigators \
                 page (or the organisation, with its recovery key, through the command line). \
                 Sign in again afterwards if this page stays.",
            ),
            Self::FormExpired => (
                "This form had expired",
                "Nothing was saved. Go back, reload the page and try again.",
            ),
            Self::BadRequest => (
                "This request could not be read",
                "Nothing was saved. It was not made by this page's form: go back, reload the \
                 page and try again.",
            ),
            Self::Changed => (
                "Nothing was changed",
                "Others saved this at the same moment: nothing was changed. Go back, reload \
                 the page and try again.",
            ),
            Self::Throttled => (
                "Too many attempts",
                "Too many attempts on this server right now. Wait a minute, then try again.",
            ),
            Self::Busy => (
                "The server is busy",
                "The server is busy. Wait a moment, then try again.",
            ),
        };
        let page = Notice {
            nav,
            title: title.into(),
            text: text.into(),
        };
        (self.status(), render(page)).into_response()
    }
}

impl IntoResponse for Refusal {
    /// The status, and the refusal left for the gate to render.
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}
