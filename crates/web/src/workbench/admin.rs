//! Admin pages: investigators (add, disable, enable, grant access) and the audit trail.

use askama::Template;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use quietline_service::{InvestigatorRole, InvestigatorStatus, ServiceError};
use secrecy::SecretString;
use serde::Deserialize;

use super::{Admin, Nav, now};
use crate::pages::render;
use crate::security::RequestId;
use crate::state::AppState;

struct Person {
    username: String,
    role: &'static str,
    status: &'static str,
    active: bool,
    created: String,
}

#[derive(Template)]
#[template(path = "workbench/investigators.html", escape = "workbench")]
struct InvestigatorsPage {
    nav: Nav,
    people: Vec<Person>,
    message: Option<String>,
    /// "Re-sealing to the new workspace key: N of M objects", while it runs.
    rotation: Option<String>,
}

#[derive(Deserialize)]
struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn page(
    state: &AppState,
    admin: &quietline_service::Investigator,
    csrf: String,
    message: Option<String>,
) -> Result<InvestigatorsPage, Response> {
    let people = state.instance.investigators().await.map_err(|e| {
        crate::error::WebError::internal(crate::i18n::Lang::english(), &e).into_response()
    })?;
    Ok(InvestigatorsPage {
        nav: Nav::new(admin, csrf),
        people: people
            .into_iter()
            .map(|p| Person {
                username: p.username,
                role: p.role.code(),
                status: p.status.code(),
                active: p.status == InvestigatorStatus::Active,
                created: p.created_day.to_string(),
            })
            .collect(),
        message,
        rotation: state.instance.workspace_rotation().map(|p| {
            format!(
                "The workspace key was replaced: re-sealing what was sealed to the previous one, {} of {} objects done. Everything stays readable meanwhile; an interrupted re-seal resumes at the next sign-in.",
                p.done, p.total
            )
        }),
    })
}

/// `GET /investigator/admin/investigators`.
pub(crate) async fn investigators(
    State(state): State<AppState>,
    Admin(admin): Admin,
    jar: CookieJar,
) -> Response {
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    match page(&state, &admin, csrf, None).await {
        Ok(view) => (jar, render(view)).into_response(),
        Err(response) => response,
    }
}

/// `POST /investigator/admin/investigators`: a new investigator with a first password
/// (they enrol their second factor at first sign-in, and should change the password).
pub(crate) async fn add(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let Ok(Form(form)) = Form::<AddForm>::from_request(request, &state).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if !crate::csrf::verify(&state, &jar, &form.csrf) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let role = if form.role == "admin" {
        InvestigatorRole::Admin
    } else {
        InvestigatorRole::Investigator
    };
    let password = SecretString::from(form.password);
    let outcome = state
        .instance
        .add_investigator_as(
            &admin,
            form.username.trim(),
            &password,
            role,
            &request_id.0,
            now(&state),
        )
        .await;
    let message = match outcome {
        Ok(added) => format!(
            "Added {}. Their access waits for a grant (the button below).",
            added.username
        ),
        Err(ServiceError::UsernameTaken) => "That username is already in use.".into(),
        Err(ServiceError::BadUsername(why) | ServiceError::BadPassword(why)) => {
            format!("Not added: {why}.")
        }
        Err(err) => {
            return crate::error::WebError::internal(crate::i18n::Lang::english(), &err)
                .into_response();
        }
    };
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    match page(&state, &admin, csrf, Some(message)).await {
        Ok(view) => (jar, render(view)).into_response(),
        Err(response) => response,
    }
}

/// `POST /investigator/admin/investigators/{username}/{disable|enable|grant}`.
pub(crate) async fn act(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Path((username, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    let Ok(Form(form)) = Form::<CsrfForm>::from_request(request, &state).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if !crate::csrf::verify(&state, &jar, &form.csrf) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let instance = &state.instance;
    let result = match action.as_str() {
        "disable" => instance.set_investigator_status_as(&admin, &username, InvestigatorStatus::Disabled, &request_id.0, now(&state)).await.map(|()| format!("{username} is disabled.")),
        "enable" => instance.set_investigator_status_as(&admin, &username, InvestigatorStatus::Active, &request_id.0, now(&state)).await.map(|()| format!("{username} is enabled.")),
        "grant" => instance.grant_access(&admin, &username, &request_id.0, now(&state)).await.map(|g| {
            format!(
                "Granted to {username}: workspace key {}, {} report key(s); {} report(s) your key does not open (the recovery key holder can grant those).",
                if g.workspace { "given" } else { "already held" },
                g.reports,
                g.skipped
            )
        }),
        _ => return crate::error::WebError::not_found().into_response(),
    };
    let message = match result {
        Ok(message) => message,
        Err(ServiceError::NotFound) => format!("There is no active investigator named {username}."),
        Err(ServiceError::NoAccess) => "Your own access is pending: you cannot grant yet.".into(),
        Err(err) => {
            return crate::error::WebError::internal(crate::i18n::Lang::english(), &err)
                .into_response();
        }
    };
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    match page(&state, &admin, csrf, Some(message)).await {
        Ok(view) => (jar, render(view)).into_response(),
        Err(response) => response,
    }
}

struct AuditRow {
    seq: u64,
    at: String,
    actor: String,
    action: String,
    subject: String,
    detail: String,
    request_id: String,
}

#[derive(Template)]
#[template(path = "workbench/audit.html", escape = "workbench")]
struct AuditPage {
    nav: Nav,
    rows: Vec<AuditRow>,
    older: Option<u64>,
    verification: Option<String>,
    intact: bool,
    public_key: String,
}

#[derive(Deserialize)]
pub(crate) struct AuditParams {
    before: Option<u64>,
    verify: Option<String>,
}

/// Entries a page.
const AUDIT_PAGE: usize = 100;

/// `GET /investigator/admin/audit`: newest first, 100 a page; `?verify=1` recomputes the
/// chain and the signatures.
pub(crate) async fn audit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    jar: CookieJar,
    axum::extract::Query(params): axum::extract::Query<AuditParams>,
) -> Response {
    let internal = |e: &ServiceError| {
        crate::error::WebError::internal(crate::i18n::Lang::english(), e).into_response()
    };
    let entries = match state.instance.audit_page(params.before, AUDIT_PAGE).await {
        Ok(entries) => entries,
        Err(e) => return internal(&e),
    };
    let names: std::collections::HashMap<String, String> =
        match state.instance.investigators().await {
            Ok(people) => people
                .into_iter()
                .map(|p| (format!("investigator:{}", p.id), p.username))
                .collect(),
            Err(e) => return internal(&e),
        };
    let (verification, intact) = if params.verify.is_some() {
        match state.instance.verify_audit().await {
            Ok(v) => {
                let text = match &v.problem {
                    None => format!(
                        "Intact: {} entries chained, {} signed heads checked; signed up to entry {}.",
                        v.entries_checked,
                        v.heads_checked,
                        v.last_signed_seq
                            .map_or_else(|| "none".to_owned(), |s| s.to_string())
                    ),
                    Some(problem) => format!("BROKEN: {problem}"),
                };
                (Some(text), v.is_intact())
            }
            Err(e) => return internal(&e),
        }
    } else {
        (None, true)
    };
    let older = entries
        .last()
        .map(|e| e.seq)
        .filter(|&s| s > 1 && entries.len() == AUDIT_PAGE);
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            seq: e.seq,
            actor: names
                .get(&e.actor)
                .cloned()
                .unwrap_or_else(|| e.actor.clone()),
            at: e.at,
            action: e.action.replace('_', " "),
            subject: e.subject,
            detail: if e.detail == "{}" {
                String::new()
            } else {
                e.detail
            },
            request_id: e.request_id,
        })
        .collect();
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let page = AuditPage {
        nav: Nav::new(&admin, csrf),
        rows,
        older,
        verification,
        intact,
        public_key: state.instance.audit_public_key(),
    };
    (jar, render(page)).into_response()
}
