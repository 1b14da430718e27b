//! What handlers take from a request, checked once here instead of in every handler: the
//! page language of reporter pages ([`PageLang`]), typed ids from the path ([`Path`]), and
//! for the workbench the signed-in investigator with the request's id and time
//! ([`SignedIn`], [`Admin`]) and posted forms whose CSRF token has been checked
//! ([`Posted`]).
//!
//! The workbench's [`gate`] runs before every workbench route: it makes sure the browser has
//! a form cookie, looks up the investigator's session once, and renders refusals with the
//! navigation bar of whoever is signed in.

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use quietline_service::{Investigator, Now};
use serde::de::DeserializeOwned;

use crate::cookies::{self, Name};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::layout::Nav;
use crate::refusal::Refusal;
use crate::security::RequestId;
use crate::state::AppState;

/// The page language, from the first path segment. Anything that is not an offered
/// language (unknown, or hidden by the operator) is a 404.
pub(crate) struct PageLang(pub Lang);

impl FromRequestParts<AppState> for PageLang {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        parts
            .uri
            .path()
            .split('/')
            .nth(1)
            .and_then(|tag| state.offered_language(tag))
            .map(PageLang)
            .ok_or_else(WebError::not_found)
    }
}

/// Typed path parameters (`Path<ReportId>`, `Path<(ReportId, AttachmentId)>`): a value
/// that does not parse is a 404, as for a page that does not exist (axum's own `Path`
/// answers 400 with the parser's message).
pub(crate) struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Self(value))
            .map_err(|_| WebError::not_found())
    }
}

/// Who is at the workbench, found once per request by [`gate`].
#[derive(Clone)]
pub(crate) struct Visitor {
    /// The investigator of a live session, if any.
    pub investigator: Option<Investigator>,
    /// The token for this page's forms (the gate made sure the browser has its cookie).
    pub csrf: String,
}

/// Runs before every workbench route. Gives the browser a form cookie if it has none (every
/// workbench page has a form: at least "Sign out"), checks the investigator's session once,
/// and renders a handler's [`Refusal`] into a page.
pub(crate) async fn gate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let jar = CookieJar::from_headers(request.headers());
    let investigator = match cookies::value(&state, &jar, Name::Investigator) {
        None => None,
        Some(session) => match state
            .instance
            .investigator_session(session, state.now())
            .await
        {
            Ok(found) => found,
            Err(err) => return Refusal::from(err).page(None, String::new()),
        },
    };
    // Set only when the browser had no form cookie: the response then carries the new one.
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let visitor = Visitor { investigator, csrf };
    request.extensions_mut().insert(visitor.clone());
    let mut response = next.run(request).await;
    if let Some(refusal) = response.extensions_mut().remove::<Refusal>() {
        let nav = visitor
            .investigator
            .as_ref()
            .map(|investigator| Nav::new(investigator, visitor.csrf.clone()));
        response = refusal.page(nav, visitor.csrf);
    }
    (jar, response).into_response()
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Self>().cloned().ok_or_else(|| {
            // A workbench route outside the gate: a mistake in the router.
            tracing::error!("a workbench route is not behind the gate");
            Refusal::Internal
        })
    }
}

/// A request from a signed-in investigator: who, this request's id (which the audit trail
/// records), the time it arrived, and the token for the page's forms. Without a live
/// session: the sign-in page, 401.
pub(crate) struct SignedIn {
    pub investigator: Investigator,
    pub request: RequestId,
    pub now: Now,
    pub csrf: String,
}

impl SignedIn {
    /// The navigation bar of this investigator's pages.
    pub fn nav(&self) -> Nav {
        Nav::new(&self.investigator, self.csrf.clone())
    }

    /// This request's id, for the audit trail.
    pub fn request_id(&self) -> &str {
        &self.request.0
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Visitor { investigator, csrf } = Visitor::from_request_parts(parts, state).await?;
        let investigator = investigator.ok_or(Refusal::SignInRequired)?;
        let request = parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId("-".into()));
        Ok(Self {
            investigator,
            request,
            now: state.now(),
            csrf,
        })
    }
}

/// A signed-in admin. An investigator who is not one gets 403.
pub(crate) struct Admin(pub SignedIn);

impl FromRequestParts<AppState> for Admin {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if signed_in.investigator.is_admin() {
            Ok(Self(signed_in))
        } else {
            Err(Refusal::Forbidden)
        }
    }
}

/// A posted workbench form (`application/x-www-form-urlencoded`) whose CSRF token matches the
/// browser's cookie: 400 when the form does not read, 403 when the token is not this
/// browser's. The form names its token field with [`CarriesToken`].
pub(crate) struct Posted<T>(pub T);

/// A form with a CSRF token field.
pub(crate) trait CarriesToken {
    /// The token as posted.
    fn token(&self) -> &str;
}

/// `impl CarriesToken` for forms whose token is the field `csrf`.
macro_rules! carries_token {
    ($($form:ty),+ $(,)?) => {$(
        impl $crate::extract::CarriesToken for $form {
            fn token(&self) -> &str {
                &self.csrf
            }
        }
    )+};
}
pub(crate) use carries_token;

impl<T> FromRequest<AppState> for Posted<T>
where
    T: DeserializeOwned + CarriesToken + Send,
{
    type Rejection = Refusal;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let Submitted { form, token_ok } = Submitted::from_request(request, state).await?;
        if token_ok {
            Ok(Self(form))
        } else {
            Err(Refusal::FormExpired)
        }
    }
}

/// A posted form whose token the handler answers itself: the sign-in and enrolment forms
/// come back as their own page, saying so, when it has expired. 400 when it does not read.
pub(crate) struct Submitted<T> {
    pub form: T,
    /// Whether its token matches the browser's CSRF cookie.
    pub token_ok: bool,
}

impl<T> FromRequest<AppState> for Submitted<T>
where
    T: DeserializeOwned + CarriesToken + Send,
{
    type Rejection = Refusal;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(request.headers());
        let axum::Form(form) = axum::Form::<T>::from_request(request, state)
            .await
            .map_err(|_| Refusal::BadRequest)?;
        let token_ok = crate::csrf::verify(state, &jar, form.token());
        Ok(Self { form, token_ok })
    }
}

/// A posted form read as its list of fields, in order (for forms with repeated fields, such
/// as the inbox's ticked reports).
#[derive(serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of the field `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    /// Every value of the field `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl CarriesToken for Fields {
    fn token(&self) -> &str {
        self.get("csrf")
    }
}
