//! Every cookie Quietline sets: its name and attributes in one place.
//!
//! All are `HttpOnly`, `SameSite=Strict`, without expiry (they end with the browser session)
//! and hold only random ids or keys the server checks. Without TLS in front (an onion
//! service, or a test), the workbench's are scoped to `/investigator`. With TLS
//! (`--cookie-secure`), every cookie is `Secure` and named with the `__Host-` prefix, which
//! browsers accept only for a secure cookie with `Path=/` and no `Domain`: no other host,
//! not even a subdomain, can set or shadow it.

use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::state::AppState;

/// Which cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Name {
    /// The CSRF cookie of every form.
    Form,
    /// A returning reporter's session.
    ReporterSession,
    /// An investigator's session.
    Investigator,
    /// A pending enrolment of a second factor.
    Enrolment,
}

impl Name {
    fn base(self) -> &'static str {
        match self {
            Self::Form => "ql_form",
            Self::ReporterSession => "ql_session",
            Self::Investigator => "ql_inv",
            Self::Enrolment => "ql_enrol",
        }
    }

    fn workbench(self) -> bool {
        matches!(self, Self::Investigator | Self::Enrolment)
    }
}

/// The cookie's name as sent (`__Host-` prefixed with TLS).
fn name(state: &AppState, which: Name) -> String {
    if state.config.cookie_secure {
        format!("__Host-{}", which.base())
    } else {
        which.base().to_owned()
    }
}

fn path(state: &AppState, which: Name) -> &'static str {
    if which.workbench() && !state.config.cookie_secure {
        "/investigator"
    } else {
        "/"
    }
}

/// The value the browser sent, if any.
pub(crate) fn value<'j>(state: &AppState, jar: &'j CookieJar, which: Name) -> Option<&'j str> {
    jar.get(&name(state, which)).map(Cookie::value)
}

/// The cookie to set.
pub(crate) fn set(state: &AppState, which: Name, value: String) -> Cookie<'static> {
    Cookie::build((name(state, which), value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.cookie_secure)
        .path(path(state, which))
        .build()
}

/// A cookie that removes it.
pub(crate) fn removal(state: &AppState, which: Name) -> Cookie<'static> {
    Cookie::build(name(state, which))
        .path(path(state, which))
        .secure(state.config.cookie_secure)
        .build()
}
