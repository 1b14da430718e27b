//! The investigator's own account: changing the password (which ends every session).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use quietline_service::ServiceError;
use secrecy::SecretString;
use serde::Deserialize;

use super::auth::{BUSY, THROTTLED};
use crate::cookies::{self, Name};
use crate::extract::{Posted, SignedIn, carries_token};
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "workbench/account.html", escape = "workbench")]
struct AccountPage {
    nav: Nav,
    error: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
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

carries_token!(PasswordForm);

/// `GET /investigator/account`.
pub(crate) async fn show(desk: SignedIn) -> Response {
    render(AccountPage {
        nav: desk.nav(),
        error: None,
    })
}

/// `POST /investigator/account/password`.
pub(crate) async fn change_password(
    State(state): State<AppState>,
    desk: SignedIn,
    jar: CookieJar,
    Posted(form): Posted<PasswordForm>,
) -> Result<Response, Refusal> {
    let again = |error: String| {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(AccountPage {
                nav: desk.nav(),
                error: Some(error),
            }),
        )
            .into_response())
    };
    if form.new != form.repeat {
        return again("The two new passwords differ.".into());
    }
    let current = SecretString::from(form.current);
    let new = SecretString::from(form.new);
    match state
        .instance
        .change_password(
            &desk.investigator,
            &current,
            &new,
            &form.code,
            desk.request_id(),
            desk.now,
        )
        .await
    {
        Ok(true) => {
            // Every session ended, this one too: sign in with the new password.
            let jar = jar.remove(cookies::removal(&state, Name::Investigator));
            Ok((jar, Redirect::to("/investigator/")).into_response())
        }
        Ok(false) => again(
            "The current password or the code is wrong (or, after several failures, checking \
             them is paused for a while)."
                .into(),
        ),
        Err(ServiceError::Throttled) => again(THROTTLED.into()),
        Err(ServiceError::Busy) => again(BUSY.into()),
        Err(ServiceError::BadPassword(why)) => {
            again(format!("The new password is not accepted: {why}."))
        }
        Err(err) => Err(err.into()),
    }
}
