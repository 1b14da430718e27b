//! Signing in, enrolling the second factor, signing out.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use quietline_service::{ServiceError, SignInOutcome};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::cookies::{self, Name};
use crate::extract::{Posted, SignedIn, Submitted, Visitor, carries_token};
use crate::layout::{LoginPage, render};
use crate::refusal::Refusal;
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
pub(crate) struct LoginForm {
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
pub(crate) struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

pub(crate) async fn add_slash() -> Redirect {
    Redirect::permanent("/investigator/")
}

/// `GET /investigator/`: the inbox when signed in, the sign-in page otherwise.
pub(crate) async fn start(visitor: Visitor) -> Response {
    if visitor.investigator.is_some() {
        return Redirect::to("/investigator/inbox").into_response();
    }
    render(LoginPage {
        csrf: visitor.csrf,
        error: None,
        username: String::new(),
    })
}

/// `POST /investigator/login`. Unlike other forms, one with an expired token comes back as
/// the sign-in page saying so, with the username kept.
pub(crate) async fn login(
    State(state): State<AppState>,
    visitor: Visitor,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Submitted { form, token_ok }: Submitted<LoginForm>,
) -> Result<Response, Refusal> {
    let failed = |status: StatusCode, message: &'static str| {
        let page = LoginPage {
            csrf: visitor.csrf.clone(),
            error: Some(message),
            username: form.username.clone(),
        };
        Ok((status, render(page)).into_response())
    };
    if !token_ok {
        return failed(
            StatusCode::UNAUTHORIZED,
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
            state.now(),
        )
        .await
    {
        Ok(SignInOutcome::SignedIn(investigator)) => {
            let jar = jar.add(cookies::set(
                &state,
                Name::Investigator,
                investigator.session.0.clone(),
            ));
            Ok((jar, Redirect::to("/investigator/inbox")).into_response())
        }
        Ok(SignInOutcome::EnrolmentNeeded(enrolment)) => {
            let jar = jar.add(cookies::set(
                &state,
                Name::Enrolment,
                enrolment.token.clone(),
            ));
            Ok((jar, Redirect::to("/investigator/enrol")).into_response())
        }
        Ok(SignInOutcome::Rejected) => failed(StatusCode::UNAUTHORIZED, FAILED),
        Err(ServiceError::Throttled) => failed(StatusCode::TOO_MANY_REQUESTS, THROTTLED),
        Err(ServiceError::Busy) => failed(StatusCode::SERVICE_UNAVAILABLE, BUSY),
        Err(err) => Err(err.into()),
    }
}

fn build_enrol_page(
    state: &AppState,
    token: &str,
    csrf: String,
    error: Option<&'static str>,
) -> Option<EnrolPage> {
    let enrolment = state.instance.enrolment(token, state.now())?;
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
pub(crate) async fn enrol_page(
    State(state): State<AppState>,
    visitor: Visitor,
    jar: CookieJar,
) -> Response {
    let token = cookies::value(&state, &jar, Name::Enrolment).unwrap_or_default();
    match build_enrol_page(&state, token, visitor.csrf, None) {
        Some(page) => render(page),
        None => Redirect::to("/investigator/").into_response(),
    }
}

/// `POST /investigator/enrol`: the first code confirms the enrolment. A form with an
/// expired token comes back as the enrolment page, as a wrong code does.
pub(crate) async fn enrol(
    State(state): State<AppState>,
    visitor: Visitor,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Submitted { form, token_ok }: Submitted<CodeForm>,
) -> Result<Response, Refusal> {
    let token = cookies::value(&state, &jar, Name::Enrolment)
        .unwrap_or_default()
        .to_owned();
    if token_ok {
        let confirmed = state
            .instance
            .confirm_enrolment(&token, &form.code, &request_id.0, state.now())
            .await?;
        if let Some(investigator) = confirmed {
            let jar = jar
                .remove(cookies::removal(&state, Name::Enrolment))
                .add(cookies::set(
                    &state,
                    Name::Investigator,
                    investigator.session.0.clone(),
                ));
            return Ok((jar, Redirect::to("/investigator/inbox")).into_response());
        }
    }
    Ok(
        match build_enrol_page(
            &state,
            &token,
            visitor.csrf,
            Some("That code did not match. Check the time on your phone and try the current code."),
        ) {
            Some(page) => (StatusCode::UNPROCESSABLE_ENTITY, render(page)).into_response(),
            None => Redirect::to("/investigator/").into_response(),
        },
    )
}

carries_token!(LoginForm, CodeForm);

/// `POST /investigator/logout`.
pub(crate) async fn logout(
    State(state): State<AppState>,
    desk: SignedIn,
    jar: CookieJar,
    Posted(_): Posted<CodeForm>,
) -> Response {
    if let Err(err) = state
        .instance
        .sign_out(&desk.investigator, desk.request_id(), desk.now)
        .await
    {
        tracing::error!(error = %err, "recording a sign-out failed");
    }
    let jar = jar.remove(cookies::removal(&state, Name::Investigator));
    (jar, Redirect::to("/investigator/")).into_response()
}
