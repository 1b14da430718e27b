//! Signing in, enrolling the second factor, signing out.

use askama::Template;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use quietline_service::{ServiceError, SignInOutcome};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{SignedIn, now};
use crate::cookies::{self, Name};
use crate::pages::render;
use crate::security::RequestId;
use crate::state::AppState;

const FAILED: &str = "Sign-in failed. Check your username, password and code. After several failures, \
     sign-in to the account is paused for a while.";
/// When the server-wide budget of sign-ins is spent.
pub(crate) const THROTTLED: &str =
    "Too many sign-in attempts on this server right now. Wait a minute, then try again.";
/// When too many key derivations already wait.
pub(crate) const BUSY: &str = "The server is busy. Wait a moment, then try again.";

#[derive(Template)]
#[template(path = "workbench/login.html", escape = "workbench")]
pub(crate) struct LoginPage {
    pub csrf: String,
    pub error: Option<&'static str>,
    pub username: String,
}

#[derive(Template)]
#[template(path = "workbench/enrol.html", escape = "workbench")]
struct EnrolPage {
    csrf: String,
    username: String,
    qr_data_uri: String,
    otpauth_uri: String,
    secret: String,
    recovery_codes: Vec<String>,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

pub(crate) async fn add_slash() -> Redirect {
    Redirect::permanent("/investigator/")
}

/// `GET /investigator/`: the inbox when signed in, the sign-in page otherwise.
pub(crate) async fn start(State(state): State<AppState>, jar: CookieJar) -> Response {
    if let Some(session) = cookies::value(&state, &jar, Name::Investigator)
        && let Ok(Some(_)) = state
            .instance
            .investigator_session(session, now(&state))
            .await
    {
        return Redirect::to("/investigator/inbox").into_response();
    }
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    (
        jar,
        render(LoginPage {
            csrf,
            error: None,
            username: String::new(),
        }),
    )
        .into_response()
}

/// `POST /investigator/login`.
pub(crate) async fn login(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let Ok(Form(form)) = Form::<LoginForm>::from_request(request, &state).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let csrf_ok = crate::csrf::verify(&state, &jar, &form.csrf);
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let failed = |status: StatusCode, jar: CookieJar, csrf: String, message: &'static str| {
        let page = LoginPage {
            csrf,
            error: Some(message),
            username: form.username.clone(),
        };
        (status, jar, render(page)).into_response()
    };
    if !csrf_ok {
        return failed(
            StatusCode::UNAUTHORIZED,
            jar,
            csrf,
            "This form had expired. Please sign in again.",
        );
    }
    let password = SecretString::from(form.password);
    match state
        .instance
        .sign_in(
            form.username.trim(),
            &password,
            &form.code,
            &request_id.0,
            now(&state),
        )
        .await
    {
        Ok(SignInOutcome::SignedIn(investigator)) => {
            let jar = jar.add(cookies::set(
                &state,
                Name::Investigator,
                investigator.session.0.clone(),
            ));
            (jar, Redirect::to("/investigator/inbox")).into_response()
        }
        Ok(SignInOutcome::EnrolmentNeeded(enrolment)) => {
            let jar = jar.add(cookies::set(
                &state,
                Name::Enrolment,
                enrolment.token.clone(),
            ));
            (jar, Redirect::to("/investigator/enrol")).into_response()
        }
        Ok(SignInOutcome::Rejected) => failed(StatusCode::UNAUTHORIZED, jar, csrf, FAILED),
        Err(ServiceError::Throttled) => failed(StatusCode::TOO_MANY_REQUESTS, jar, csrf, THROTTLED),
        Err(ServiceError::Busy) => failed(StatusCode::SERVICE_UNAVAILABLE, jar, csrf, BUSY),
        Err(err) => {
            crate::error::WebError::internal(crate::i18n::Lang::english(), &err).into_response()
        }
    }
}

fn build_enrol_page(
    state: &AppState,
    token: &str,
    csrf: String,
    error: Option<&'static str>,
) -> Option<EnrolPage> {
    let enrolment = state.instance.enrolment(token, now(state))?;
    let qr = base64_svg(&enrolment.qr_svg);
    Some(EnrolPage {
        csrf,
        username: enrolment.username.clone(),
        qr_data_uri: qr,
        otpauth_uri: enrolment.otpauth_uri.expose_secret().to_owned(),
        secret: enrolment.secret_base32.expose_secret().to_owned(),
        recovery_codes: enrolment
            .recovery_codes
            .iter()
            .map(|c| c.expose_secret().to_owned())
            .collect(),
        error,
    })
}

/// The QR code as a `data:` URI (CSP allows `img-src data:`; nothing leaves the server).
fn base64_svg(svg: &str) -> String {
    use base64::Engine;
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

/// `GET /investigator/enrol`.
pub(crate) async fn enrol_page(State(state): State<AppState>, jar: CookieJar) -> Response {
    let token = cookies::value(&state, &jar, Name::Enrolment)
        .unwrap_or_default()
        .to_owned();
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    match build_enrol_page(&state, &token, csrf, None) {
        Some(page) => (jar, render(page)).into_response(),
        None => Redirect::to("/investigator/").into_response(),
    }
}

/// `POST /investigator/enrol`: the first code confirms the enrolment.
pub(crate) async fn enrol(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let Ok(Form(form)) = Form::<CodeForm>::from_request(request, &state).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let token = cookies::value(&state, &jar, Name::Enrolment)
        .unwrap_or_default()
        .to_owned();
    let csrf_ok = crate::csrf::verify(&state, &jar, &form.csrf);
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    if csrf_ok {
        match state
            .instance
            .confirm_enrolment(&token, &form.code, &request_id.0, now(&state))
            .await
        {
            Ok(Some(investigator)) => {
                let jar = jar
                    .remove(cookies::removal(&state, Name::Enrolment))
                    .add(cookies::set(
                        &state,
                        Name::Investigator,
                        investigator.session.0.clone(),
                    ));
                return (jar, Redirect::to("/investigator/inbox")).into_response();
            }
            Ok(None) => {}
            Err(err) => {
                return crate::error::WebError::internal(crate::i18n::Lang::english(), &err)
                    .into_response();
            }
        }
    }
    match build_enrol_page(
        &state,
        &token,
        csrf,
        Some("That code did not match. Check the time on your phone and try the current code."),
    ) {
        Some(page) => (StatusCode::UNPROCESSABLE_ENTITY, jar, render(page)).into_response(),
        None => Redirect::to("/investigator/").into_response(),
    }
}

/// `POST /investigator/logout`.
pub(crate) async fn logout(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let Ok(Form(form)) = Form::<CodeForm>::from_request(request, &state).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if !crate::csrf::verify(&state, &jar, &form.csrf) {
        return StatusCode::FORBIDDEN.into_response();
    }
    if let Err(err) = state
        .instance
        .sign_out(&investigator, &request_id.0, now(&state))
        .await
    {
        tracing::error!(error = %err, "recording a sign-out failed");
    }
    let jar = jar.remove(cookies::removal(&state, Name::Investigator));
    (jar, Redirect::to("/investigator/")).into_response()
}
