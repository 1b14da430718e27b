//! The investigator's own account: changing the password (which ends every session).

use askama::Template;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use quietline_service::ServiceError;
use secrecy::SecretString;
use serde::Deserialize;

use super::{Nav, SignedIn, now};
use crate::cookies::{self, Name};
use crate::pages::render;
use crate::security::RequestId;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "workbench/account.html", escape = "workbench")]
struct AccountPage {
    nav: Nav,
    error: Option<String>,
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
    #[serde(default)]
    code: String,
}

/// `GET /investigator/account`.
pub(crate) async fn show(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    jar: CookieJar,
) -> Response {
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    (
        jar,
        render(AccountPage {
            nav: Nav::new(&investigator, csrf),
            error: None,
        }),
    )
        .into_response()
}

/// `POST /investigator/account/password`.
pub(crate) async fn change_password(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let Ok(Form(form)) = Form::<PasswordForm>::from_request(request, &state).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if !crate::csrf::verify(&state, &jar, &form.csrf) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let again = |jar: CookieJar, csrf: String, error: String| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            jar,
            render(AccountPage {
                nav: Nav::new(&investigator, csrf),
                error: Some(error),
            }),
        )
            .into_response()
    };
    if form.new != form.repeat {
        return again(jar, csrf, "The two new passwords differ.".into());
    }
    let current = SecretString::from(form.current);
    let new = SecretString::from(form.new);
    match state
        .instance
        .change_password(
            &investigator,
            &current,
            &new,
            &form.code,
            &request_id.0,
            now(&state),
        )
        .await
    {
        Ok(true) => {
            // Every session ended, this one too: sign in with the new password.
            let jar = jar.remove(cookies::removal(&state, Name::Investigator));
            (jar, Redirect::to("/investigator/")).into_response()
        }
        Ok(false) => again(
            jar,
            csrf,
            "The current password or the code is wrong (or, after several failures, checking \
             them is paused for a while)."
                .into(),
        ),
        Err(ServiceError::Throttled) => again(jar, csrf, super::auth::THROTTLED.into()),
        Err(ServiceError::Busy) => again(jar, csrf, super::auth::BUSY.into()),
        Err(ServiceError::BadPassword(why)) => again(
            jar,
            csrf,
            format!("The new password is not accepted: {why}."),
        ),
        Err(err) => {
            crate::error::WebError::internal(crate::i18n::Lang::english(), &err).into_response()
        }
    }
}
