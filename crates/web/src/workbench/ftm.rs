//! The FollowTheMoney export (issue 14, point 7), for admins: a page with the choice of
//! recipient (police or partner organisations) and the download, built by the service within
//! the reporters' consents (`Instance::export_ftm`).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use quietline_service::{FtmScope, SharePurpose};
use serde::Deserialize;

use crate::extract::{Admin, Posted, carries_token};
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "workbench/ftm.html", escape = "workbench")]
struct ExportPage {
    nav: Nav,
}

#[derive(Deserialize)]
pub(crate) struct ExportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    purpose: String,
    /// A case's id, for that case only (from its page); empty for the whole workspace.
    #[serde(default)]
    case: String,
}

carries_token!(ExportForm);

/// `GET /investigator/admin/ftm`: the form.
pub(crate) async fn page(Admin(admin): Admin) -> Response {
    render(ExportPage { nav: admin.nav() })
}

/// `POST /investigator/admin/ftm`: the file, `quietline-<purpose>-<day>.ftm.json`
/// (`application/x-ndjson`).
pub(crate) async fn download(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Posted(form): Posted<ExportForm>,
) -> Result<Response, Refusal> {
    let purpose = SharePurpose::from_code(form.purpose.trim()).ok_or(Refusal::BadRequest)?;
    let scope = match form.case.trim() {
        "" => FtmScope::Workspace,
        case => FtmScope::Case(case.parse().map_err(|_| Refusal::BadRequest)?),
    };
    let export = state
        .instance
        .export_ftm(
            &admin.investigator,
            &scope,
            purpose,
            admin.request_id(),
            admin.now,
        )
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"quietline-{}-{}.ftm.json\"",
                    purpose.code(),
                    admin.now.today()
                ),
            ),
        ],
        export.lines,
    )
        .into_response())
}
