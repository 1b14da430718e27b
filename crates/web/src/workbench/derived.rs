//! Derived copies of a report's files (issue 14): the upload of a translation, transcript or
//! redacted version made elsewhere (a multipart form under each file on the report's page:
//! the file streams into encryption as it arrives), and the download of any derived copy.
//! "Make a copy without metadata" is one of the report page's buttons (`report_actions`).
//!
//! The upload form is separate from the report page's one form (a file needs a multipart
//! body): when it is refused (no reason, no file, too large), the page that comes back keeps
//! the kind and the reason as typed and says what to do; only the file must be chosen again.

use askama::Template;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use quietline_core::{AttachmentId, DerivedCopyId, Problem, ReportId};
use quietline_service::{DERIVED_REASON_MAX_CHARS, ServiceError};

use super::controls::{Opt, content_disposition, derived_kind_options};
use crate::extract::{Path, SignedIn};
use crate::form::{FileSink, FormError, LimitPassed, read_form};
use crate::i18n::human_size;
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "workbench/derived_upload.html", escape = "workbench")]
struct UploadPage {
    nav: Nav,
    id: String,
    file: String,
    kinds: Vec<Opt>,
    reason: String,
    max_reason: usize,
    problems: Vec<String>,
}

/// `POST /investigator/reports/{id}/files/{file}/derived` (multipart: `csrf`, `kind`,
/// `reason`, `file`).
pub(crate) async fn upload(
    State(state): State<AppState>,
    desk: SignedIn,
    Path((report, original)): Path<(ReportId, AttachmentId)>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Refusal> {
    if !is_multipart(&headers) {
        // Not the page's form: a form-encoded body with a stale or foreign token is told so
        // (403), as on every other workbench form; anything else is a bad request.
        let bytes = axum::body::to_bytes(body, 64 * 1024)
            .await
            .map_err(|_| Refusal::BadRequest)?;
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| Refusal::BadRequest)?;
        let token = fields
            .into_iter()
            .find(|(name, _)| name == "csrf")
            .map(|(_, value)| value)
            .unwrap_or_default();
        return Err(if crate::csrf::verify(&state, &jar, &token) {
            Refusal::BadRequest
        } else {
            Refusal::FormExpired
        });
    }
    let mut draft = state
        .instance
        .begin_derived_copy(&desk.investigator, report, original, desk.now.today())
        .await?;
    let read = match read_form(
        &state,
        &jar,
        &headers,
        body,
        Some(FileSink::Derived(&mut draft)),
        &[],
    )
    .await
    {
        Ok(read) => read,
        Err(FormError::Malformed) => return Err(Refusal::BadRequest),
        Err(FormError::Internal(err)) => return Err(err.into()),
    };
    if !read.csrf_ok {
        return Err(Refusal::FormExpired);
    }
    let kind = read.field("kind").unwrap_or_default().to_owned();
    let reason = read.field("reason").unwrap_or_default().to_owned();
    let again = |status: StatusCode, problems: Vec<String>| {
        let page = UploadPage {
            nav: desk.nav(),
            id: report.to_string(),
            file: original.to_string(),
            kinds: derived_kind_options(&kind),
            reason: reason.clone(),
            max_reason: DERIVED_REASON_MAX_CHARS,
            problems,
        };
        Ok((status, render(page)).into_response())
    };
    if let Some(limit) = read.limit {
        let max = state.instance.config().limits.max_file_bytes;
        let problem = match limit {
            LimitPassed::File | LimitPassed::Report => format!(
                "The file is larger than this server accepts ({}). Nothing was kept.",
                human_size(max)
            ),
            LimitPassed::FileCount(_) => "Send one file at a time. Nothing was kept.".into(),
            _ => "The form could not be read whole. Nothing was kept.".into(),
        };
        return again(StatusCode::PAYLOAD_TOO_LARGE, vec![problem]);
    }
    match draft
        .complete(&kind, &reason, desk.request_id(), desk.now)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/investigator/reports/{report}#files")).into_response()),
        Err(ServiceError::Invalid(problems)) => {
            let words = problems
                .iter()
                .map(|p| match (p.field.as_str(), &p.problem) {
                    ("reason", Problem::TooLong { max }) => {
                        format!("The reason is longer than {max} characters: shorten it.")
                    }
                    ("reason", _) => {
                        "Say why this copy was made (for example: for the French police)."
                            .to_owned()
                    }
                    ("kind", _) => "Choose what kind of copy this is.".to_owned(),
                    _ => "Choose the file of the copy.".to_owned(),
                })
                .chain(std::iter::once(
                    "Nothing was kept: choose the file again.".to_owned(),
                ))
                .collect();
            again(StatusCode::UNPROCESSABLE_ENTITY, words)
        }
        Err(err) => Err(err.into()),
    }
}

/// `GET /investigator/reports/{id}/derived/{copy}`: the copy, decrypted as it streams, always
/// as a download.
pub(crate) async fn download(
    State(state): State<AppState>,
    desk: SignedIn,
    Path((report, copy)): Path<(ReportId, DerivedCopyId)>,
) -> Result<Response, Refusal> {
    let (view, reader) = state
        .instance
        .open_derived_copy(
            &desk.investigator,
            report,
            copy,
            desk.request_id(),
            desk.now,
        )
        .await?;
    let mut response = Response::new(Body::from_stream(tokio_util::io::ReaderStream::new(reader)));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&view.name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&view.size.to_string()) {
        headers.insert(header::CONTENT_LENGTH, value);
    }
    Ok(response)
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
}
