//! Admin pages: investigators (add, disable, enable, grant access) and the audit trail.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use quietline_service::{
    AuditQuery, AuditView, InvestigatorRole, InvestigatorStatus, ServiceError,
};
use secrecy::SecretString;
use serde::Deserialize;

use crate::extract::{Admin, Path, Posted, SignedIn, carries_token};
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
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
pub(crate) struct AddForm {
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
pub(crate) struct TokenForm {
    #[serde(default)]
    csrf: String,
}

carries_token!(AddForm, TokenForm);

/// The investigators page, with `message` about what was just done.
async fn page(
    state: &AppState,
    admin: &SignedIn,
    message: Option<String>,
) -> Result<Response, Refusal> {
    let view = state
        .instance
        .investigators_view(&admin.investigator)
        .await?;
    Ok(render(InvestigatorsPage {
        nav: admin.nav(),
        people: view
            .people
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
        rotation: view.rotation.map(|p| {
            format!(
                "The workspace key was replaced: re-sealing what was sealed to the previous one, {} of {} objects done. Everything stays readable meanwhile; an interrupted re-seal resumes at the next sign-in.",
                p.done, p.total
            )
        }),
    }))
}

/// `GET /investigator/admin/investigators`.
pub(crate) async fn investigators(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Response, Refusal> {
    page(&state, &admin, None).await
}

/// `POST /investigator/admin/investigators`: a new investigator with a first password
/// (they enrol their second factor at first sign-in, and should change the password).
pub(crate) async fn add(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Posted(form): Posted<AddForm>,
) -> Result<Response, Refusal> {
    let role = if form.role == "admin" {
        InvestigatorRole::Admin
    } else {
        InvestigatorRole::Investigator
    };
    let password = SecretString::from(form.password);
    let outcome = state
        .instance
        .add_investigator_as(
            &admin.investigator,
            form.username.trim(),
            &password,
            role,
            admin.request_id(),
            admin.now,
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
        Err(err) => return Err(err.into()),
    };
    page(&state, &admin, Some(message)).await
}

/// `POST /investigator/admin/investigators/{username}/{disable|enable|grant}`.
pub(crate) async fn act(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path((username, action)): Path<(String, String)>,
    Posted(_): Posted<TokenForm>,
) -> Result<Response, Refusal> {
    let instance = &state.instance;
    let (by, request, now) = (&admin.investigator, admin.request_id(), admin.now);
    let result = match action.as_str() {
        "disable" => instance
            .set_investigator_status_as(by, &username, InvestigatorStatus::Disabled, request, now)
            .await
            .map(|()| format!("{username} is disabled.")),
        "enable" => instance
            .set_investigator_status_as(by, &username, InvestigatorStatus::Active, request, now)
            .await
            .map(|()| format!("{username} is enabled.")),
        "grant" => instance.grant_access(by, &username, request, now).await.map(|g| {
            format!(
                "Granted to {username}: workspace key {}, {} report key(s); {} report(s) your key does not open (the recovery key holder can grant those).",
                if g.workspace { "given" } else { "already held" },
                g.reports,
                g.skipped
            )
        }),
        _ => return Err(Refusal::NotFound),
    };
    let message = match result {
        Ok(message) => message,
        Err(ServiceError::NotFound) => format!("There is no active investigator named {username}."),
        Err(ServiceError::NoAccess) => "Your own access is pending: you cannot grant yet.".into(),
        Err(err) => return Err(err.into()),
    };
    page(&state, &admin, Some(message)).await
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

struct DueRow {
    id: String,
    reference: String,
    day: String,
    overdue: bool,
    postponed: bool,
    held: bool,
}

struct PurgedRow {
    reference: String,
    day: String,
    complete: bool,
}

#[derive(Template)]
#[template(path = "workbench/retention.html", escape = "workbench")]
struct RetentionPage {
    nav: Nav,
    months: u32,
    until: String,
    due: Vec<DueRow>,
    purged: Vec<PurgedRow>,
}

/// `GET /investigator/admin/retention`: the reports due for purge within 30 days (held ones
/// marked), and the tombstones of those purged.
pub(crate) async fn retention(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Response, Refusal> {
    let preview = state
        .instance
        .retention_preview(&admin.investigator, admin.now)
        .await?;
    let name = |id: quietline_core::ReportId, reference: Option<quietline_core::ReportRef>| {
        reference.map_or_else(|| id.to_string(), |r| r.to_string())
    };
    Ok(render(RetentionPage {
        nav: admin.nav(),
        months: preview.months,
        until: preview.until.to_string(),
        due: preview
            .due
            .into_iter()
            .map(|r| DueRow {
                id: r.id.to_string(),
                reference: name(r.id, r.reference),
                day: r.retention.day.to_string(),
                overdue: r.retention.day < preview.today,
                postponed: r.retention.postponed,
                held: r.retention.legal_hold,
            })
            .collect(),
        purged: preview
            .purged
            .into_iter()
            .map(|p| PurgedRow {
                reference: name(p.id, p.reference),
                day: p.day.to_string(),
                complete: p.complete,
            })
            .collect(),
    }))
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
    Query(params): Query<AuditParams>,
) -> Result<Response, Refusal> {
    let query = AuditQuery {
        before: params.before,
        limit: AUDIT_PAGE,
        verify: params.verify.is_some(),
    };
    let AuditView {
        entries,
        actors: names,
        verification,
        public_key,
    } = state
        .instance
        .audit_view(&admin.investigator, query)
        .await?;
    let (verification, intact) = if let Some(v) = verification {
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
    let page = AuditPage {
        nav: admin.nav(),
        rows,
        older,
        verification,
        intact,
        public_key,
    };
    Ok(render(page))
}
