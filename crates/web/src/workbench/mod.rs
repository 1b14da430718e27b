//! The investigator workbench under `/investigator/`: sign-in with a second factor, the
//! inbox, a report with the other reports its people and places are also in, an entity's
//! page, the site registry and its map, the account, and (for admins) investigators, the
//! audit trail and publishing sites.
//!
//! Reporter pages never link here. Every route is behind [`SignedIn`] or [`Admin`]: an
//! anonymous visitor gets the sign-in page (401), an investigator gets 403 on admin routes.
//! The workbench is in English for now (its strings are not yet in the Fluent files).

mod account;
mod admin;
mod auth;
mod inbox;
mod links;
mod report;
mod sites;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use quietline_service::{Investigator, Now};

use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    let forms = DefaultBodyLimit::max(256 * 1024);
    // A registry to import may be larger than any other form: its handler applies the
    // configured `--max-import-mib` itself, so that passing it gets a page that says so.
    let imports = DefaultBodyLimit::disable();
    Router::new()
        .route("/investigator", get(auth::add_slash))
        .route("/investigator/", get(auth::start))
        .route("/investigator/login", post(auth::login))
        .route(
            "/investigator/enrol",
            get(auth::enrol_page).post(auth::enrol),
        )
        .route("/investigator/logout", post(auth::logout))
        .route("/investigator/inbox", get(inbox::inbox))
        .route("/investigator/inbox/bulk", post(inbox::bulk))
        .route("/investigator/reports/{id}", get(report::show))
        .route(
            "/investigator/reports/{id}/files/{file}",
            get(report::download),
        )
        .route("/investigator/reports/{id}/message", post(report::message))
        .route("/investigator/reports/{id}/note", post(report::note))
        .route("/investigator/reports/{id}/status", post(report::status))
        .route("/investigator/reports/{id}/assign", post(report::assign))
        .route("/investigator/reports/{id}/tags", post(report::tags))
        .route("/investigator/reports/{id}/links", post(links::decide))
        .route(
            "/investigator/reports/{id}/entities/{record}",
            get(links::entity),
        )
        .route("/investigator/reports/{id}/site", post(sites::link_report))
        .route("/investigator/sites", get(sites::list).post(sites::create))
        .route("/investigator/sites/new", get(sites::new_form))
        .route(
            "/investigator/sites/import",
            get(sites::import_form).post(sites::import).layer(imports),
        )
        .route("/investigator/sites/export/{file}", get(sites::export))
        .route(
            "/investigator/sites/{id}",
            get(sites::show).post(sites::update),
        )
        .route("/investigator/sites/{id}/claims", post(sites::claims))
        .route("/investigator/sites/{id}/publish", post(sites::publish))
        .route("/investigator/map", get(sites::map))
        .route("/investigator/account", get(account::show))
        .route(
            "/investigator/account/password",
            post(account::change_password),
        )
        .route(
            "/investigator/admin/investigators",
            get(admin::investigators).post(admin::add),
        )
        .route(
            "/investigator/admin/investigators/{username}/{action}",
            post(admin::act),
        )
        .route("/investigator/admin/audit", get(admin::audit))
        .layer(forms)
}

/// The present, from the state's clock and the monotonic clock.
pub(crate) fn now(state: &AppState) -> Now {
    Now {
        wall: state.clock.now(),
        mono: state.clock.instant(),
    }
}

/// A signed-in investigator. Without a live session: the sign-in page, 401.
pub(crate) struct SignedIn(pub Investigator);

/// A signed-in admin. An investigator who is not one gets 403.
pub(crate) struct Admin(pub Investigator);

/// Why a workbench route refused.
pub(crate) enum Refusal {
    SignInRequired,
    Forbidden,
    Internal,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Self::SignInRequired => {
                let page = auth::LoginPage {
                    csrf: String::new(),
                    error: None,
                    username: String::new(),
                };
                // The form token needs a cookie; the page links to /investigator/ which sets it.
                (StatusCode::UNAUTHORIZED, crate::pages::render(page)).into_response()
            }
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                crate::pages::render(Notice {
                    nav: None,
                    title: "Not allowed".into(),
                    text: "This page is for admins.".into(),
                }),
            )
                .into_response(),
            Self::Internal => {
                crate::error::WebError::new(crate::error::ErrorKind::Internal, None).into_response()
            }
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(session) = crate::cookies::value(state, &jar, crate::cookies::Name::Investigator)
        else {
            return Err(Refusal::SignInRequired);
        };
        match state
            .instance
            .investigator_session(session, now(state))
            .await
        {
            Ok(Some(investigator)) => Ok(Self(investigator)),
            Ok(None) => Err(Refusal::SignInRequired),
            Err(err) => {
                tracing::error!(error = %err, "session check failed");
                Err(Refusal::Internal)
            }
        }
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let SignedIn(investigator) = SignedIn::from_request_parts(parts, state).await?;
        if investigator.is_admin() {
            Ok(Self(investigator))
        } else {
            Err(Refusal::Forbidden)
        }
    }
}

/// The navigation bar of workbench pages.
pub(crate) struct Nav {
    pub username: String,
    pub admin: bool,
    pub csrf: String,
}

impl Nav {
    pub fn new(investigator: &Investigator, csrf: String) -> Self {
        Self {
            username: investigator.username.clone(),
            admin: investigator.is_admin(),
            csrf,
        }
    }
}

/// A page that only says something.
#[derive(Template)]
#[template(path = "workbench/notice.html", escape = "workbench")]
pub(crate) struct Notice {
    pub nav: Option<Nav>,
    pub title: String,
    pub text: String,
}

/// Reads a posted workbench form and checks its CSRF token: 400 when the form does not read,
/// 403 when the token is not this session's. Every workbench POST handler starts here.
pub(crate) async fn posted<T: for<'de> serde::Deserialize<'de>>(
    state: &AppState,
    jar: &CookieJar,
    request: axum::extract::Request,
    csrf: impl FnOnce(&T) -> &str,
) -> Result<T, axum::response::Response> {
    use axum::extract::FromRequest;
    use axum::response::IntoResponse;
    let axum::Form(form) = axum::Form::<T>::from_request(request, state)
        .await
        .map_err(|_| axum::http::StatusCode::BAD_REQUEST.into_response())?;
    if !crate::csrf::verify(state, jar, csrf(&form)) {
        return Err(axum::http::StatusCode::FORBIDDEN.into_response());
    }
    Ok(form)
}

/// The workbench templates' escaper: HTML escaping, and Unicode's bidirectional controls
/// dropped from every value shown, since most of them are reporters' words (a file name
/// with U+202E would show its extension reversed). Elements that show reporters' text also
/// carry `dir="auto"`, which isolates them from the text around.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IsolatingHtml;

impl askama::filters::Escaper for IsolatingHtml {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, string: &str) -> std::fmt::Result {
        for piece in string.split(quietline_core::text::is_bidi_control) {
            askama::filters::Html.write_escaped_str(&mut dest, piece)?;
        }
        Ok(())
    }
}
