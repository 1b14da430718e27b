//! Coming back with a receipt: check it, then show the status and conversation, take
//! replies and files, and leave.

use askama::Template;
use axum::Form;
use axum::body::Body;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use quietline_core::{Receipt, ReportStatus};
use quietline_service::{Author, ReceiptOutcome, ReporterAccess, ServiceError};
use serde::Deserialize;

use super::report_form::{limit_message, limit_status, problem_message};
use crate::cookies::{self, Name};
use crate::error::WebError;
use crate::extract::PageLang;
use crate::form::{FileSink, FormError, read_form};
use crate::i18n::{Lang, human_size};
use crate::layout::Chrome;
use crate::layout::render;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "return.html")]
struct ReturnPage {
    c: Chrome,
    csrf: String,
    receipt: String,
    notice: Option<String>,
    unsent: String,
}

struct MessageView {
    mine: bool,
    who: String,
    day: String,
    text: String,
}

#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadPage {
    c: Chrome,
    csrf: String,
    status: String,
    received: String,
    files: String,
    messages: Vec<MessageView>,
    draft: String,
    notices: Vec<String>,
    error: Option<String>,
    files_help: String,
}

#[derive(Deserialize)]
pub(crate) struct ReturnQuery {
    session: Option<String>,
    sent: Option<String>,
}

#[derive(Deserialize)]
struct ReceiptForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    receipt: String,
    /// A language button of the page: show it again in that language, the receipt kept.
    #[serde(default)]
    language: String,
}

fn return_page(
    state: &AppState,
    lang: Lang,
    csrf: String,
    receipt: String,
    notice: Option<String>,
    unsent: String,
) -> ReturnPage {
    ReturnPage {
        c: Chrome::new(state, lang, "return").with_form("return"),
        csrf,
        receipt,
        notice,
        unsent,
    }
}

/// `GET /{lang}/return`.
pub(crate) async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    jar: CookieJar,
    Query(query): Query<ReturnQuery>,
) -> Response {
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let notice = query.session.map(|_| lang.t("return-expired"));
    (
        jar,
        render(return_page(
            &state,
            lang,
            csrf,
            String::new(),
            notice,
            String::new(),
        )),
    )
        .into_response()
}

/// `POST /{lang}/return`: checks the receipt, opens a session.
pub(crate) async fn check(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    jar: CookieJar,
    request: Request,
) -> Response {
    let Ok(Form(form)) = Form::<ReceiptForm>::from_request(request, &state).await else {
        return WebError::bad_request(lang).into_response();
    };
    let csrf_ok = crate::csrf::verify(&state, &jar, &form.csrf);
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let again = |status: StatusCode, key: &str| {
        let page = return_page(
            &state,
            lang,
            csrf.clone(),
            form.receipt.clone(),
            Some(lang.t(key)),
            String::new(),
        );
        let page = crate::compression::carries_receipt(render(page));
        (status, jar.clone(), page).into_response()
    };
    if !csrf_ok {
        return again(StatusCode::FORBIDDEN, "form-session-expired");
    }
    if !form.language.is_empty() {
        let Some(other) = state.offered_language(&form.language) else {
            return WebError::bad_request(lang).into_response();
        };
        let page = return_page(
            &state,
            other,
            csrf,
            form.receipt.clone(),
            None,
            String::new(),
        );
        let page = crate::compression::carries_receipt(render(page));
        return (jar, page).into_response();
    }
    let Ok(receipt) = Receipt::parse(&form.receipt) else {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "return-format-error");
    };
    match state
        .instance
        .open_receipt(&receipt, state.clock.instant())
        .await
    {
        Ok(ReceiptOutcome::Accepted(access)) => {
            match state.sessions.open(access, state.clock.instant()) {
                Some(session) => {
                    let jar = jar.add(cookies::set(&state, Name::ReporterSession, session));
                    (jar, Redirect::to(&format!("/{}/return/thread", lang.tag()))).into_response()
                }
                None => WebError::internal(lang, &ServiceError::Corrupt("session store"))
                    .into_response(),
            }
        }
        Ok(ReceiptOutcome::Rejected) => again(StatusCode::UNPROCESSABLE_ENTITY, "return-rejected"),
        Err(ServiceError::Throttled) => again(StatusCode::TOO_MANY_REQUESTS, "return-throttled"),
        Err(ServiceError::Busy) => again(StatusCode::SERVICE_UNAVAILABLE, "error-busy"),
        Err(err) => WebError::internal(lang, &err).into_response(),
    }
}

fn session(state: &AppState, jar: &CookieJar) -> Option<ReporterAccess> {
    cookies::value(state, jar, Name::ReporterSession)
        .and_then(|id| state.sessions.get(id, state.clock.instant()))
}

fn ended(lang: Lang) -> Response {
    Redirect::to(&format!("/{}/return?session=ended", lang.tag())).into_response()
}

async fn thread_page(
    state: &AppState,
    lang: Lang,
    access: &ReporterAccess,
    csrf: String,
    draft: String,
    notices: Vec<String>,
    error: Option<String>,
) -> Result<ThreadPage, WebError> {
    let view = state
        .instance
        .reporter_thread(access)
        .await
        .map_err(|e| WebError::internal(lang, &e))?;
    let limits = &state.instance.config().limits;
    // While the reporter's answer is the last word, they are told so rather than "being
    // reviewed" (which their answer also brings back).
    let answered = view
        .messages
        .last()
        .is_some_and(|m| m.author == Author::Reporter && m.verified)
        && matches!(
            view.status,
            ReportStatus::InReview | ReportStatus::WaitingForReporter
        );
    let status_key = if answered {
        "status-you-answered".to_owned()
    } else {
        format!("status-{}", view.status.code())
    };
    Ok(ThreadPage {
        c: Chrome::new(state, lang, "return/thread").with_form("reply"),
        csrf,
        status: lang.t1("thread-status", "status", lang.t(&status_key)),
        received: lang.t1("thread-received", "day", view.received_day),
        files: lang.t1("thread-files", "count", view.files_sent),
        messages: view
            .messages
            .into_iter()
            .map(|m| MessageView {
                mine: m.verified && m.author == Author::Reporter,
                // A message whose proof of origin fails is never shown as the investigators'
                // (nor as the reporter's own): someone else put it there.
                who: lang.t(match (m.verified, m.author) {
                    (false, _) => "thread-from-unverified",
                    (true, Author::Reporter) => "thread-from-you",
                    (true, Author::Investigator) => "thread-from-investigators",
                }),
                day: m.day.to_string(),
                text: if m.text.is_empty() {
                    lang.t("thread-files-only")
                } else {
                    m.text
                },
            })
            .collect(),
        draft,
        notices,
        error,
        files_help: lang.tn(
            "files-help",
            &[
                ("file_limit", human_size(limits.max_file_bytes)),
                ("report_limit", human_size(limits.max_report_bytes)),
            ],
        ),
    })
}

/// `GET /{lang}/return/thread`.
pub(crate) async fn thread(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    jar: CookieJar,
    Query(query): Query<ReturnQuery>,
) -> Response {
    let Some(access) = session(&state, &jar) else {
        return ended(lang);
    };
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let notices = query
        .sent
        .map(|_| lang.t("thread-reply-sent"))
        .into_iter()
        .collect();
    match thread_page(&state, lang, &access, csrf, String::new(), notices, None).await {
        Ok(page) => (jar, render(page)).into_response(),
        Err(err) => err.into_response(),
    }
}

/// `POST /{lang}/return/reply`: a message and files from the reporter.
pub(crate) async fn reply(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    jar: CookieJar,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let today = state.clock.today();
    let access = session(&state, &jar);
    let mut reply = match &access {
        Some(access) => match state.instance.begin_reply(access, today).await {
            Ok(reply) => Some(reply),
            Err(err) => return WebError::internal(lang, &err).into_response(),
        },
        None => None,
    };
    // A place among the forms received at once (see report_form::submit).
    let place = std::sync::Arc::clone(&state.uploads)
        .try_acquire_owned()
        .ok();
    let sink = reply
        .as_mut()
        .filter(|_| place.is_some())
        .map(FileSink::Reply);
    let read = read_form(&state, &jar, &headers, body, sink, &["language"]).await;
    let read = match read {
        Ok(read) => read,
        Err(FormError::Malformed) => return WebError::bad_request(lang).into_response(),
        Err(FormError::Internal(err)) => return WebError::internal(lang, &err).into_response(),
    };
    let text = read.field("message").unwrap_or_default().to_owned();
    let (jar, csrf) = match crate::csrf::issue(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let (Some(access), Some(reply)) = (access, reply) else {
        // The session ended while the reporter was writing: keep their words on the page.
        let page = return_page(
            &state,
            lang,
            csrf,
            String::new(),
            Some(lang.t("return-expired")),
            text,
        );
        return (StatusCode::FORBIDDEN, jar, render(page)).into_response();
    };
    let files_note = read.files_dropped.then(|| lang.t("form-files-not-kept"));
    let problem = if !read.csrf_ok {
        Some((StatusCode::FORBIDDEN, lang.t("form-session-expired")))
    } else if let Some(limit) = read.limit {
        Some((
            limit_status(limit),
            limit_message(lang, limit, &state.instance.config().limits),
        ))
    } else if place.is_none() {
        Some((StatusCode::SERVICE_UNAVAILABLE, lang.t("error-busy")))
    } else {
        None
    };
    // A language button: the thread again in that language, the words being written kept.
    if let (None, Some(other)) = (&problem, read.field("language")) {
        let Some(other) = state.offered_language(other) else {
            return WebError::bad_request(lang).into_response();
        };
        let notices = read
            .files_dropped
            .then(|| other.t("form-files-not-kept"))
            .into_iter()
            .collect();
        return match thread_page(&state, other, &access, csrf, text, notices, None).await {
            Ok(page) => (jar, render(page)).into_response(),
            Err(err) => err.into_response(),
        };
    }
    let result = match problem {
        Some(problem) => Err(problem),
        None => match reply.complete(&text).await {
            Ok(()) => Ok(()),
            Err(ServiceError::Invalid(errors)) => Err((
                StatusCode::UNPROCESSABLE_ENTITY,
                errors
                    .first()
                    .map(|e| problem_message(lang, e.problem))
                    .unwrap_or_default(),
            )),
            Err(err) => return WebError::internal(lang, &err).into_response(),
        },
    };
    match result {
        Ok(()) => Redirect::to(&format!("/{}/return/thread?sent=1", lang.tag())).into_response(),
        Err((status, error)) => {
            match thread_page(
                &state,
                lang,
                &access,
                csrf,
                text,
                files_note.into_iter().collect(),
                Some(error),
            )
            .await
            {
                Ok(page) => (status, jar, render(page)).into_response(),
                Err(err) => err.into_response(),
            }
        }
    }
}

/// `POST /{lang}/return/leave`: ends the session. Always: a form token that expired (or
/// any other) must not keep a session open that its reporter asked to close. Ending a
/// session is all a forged request could do.
pub(crate) async fn leave(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    jar: CookieJar,
) -> Response {
    let jar = end_session(&state, jar);
    let mut response = (jar, Redirect::to(&format!("/{}/", lang.tag()))).into_response();
    response
        .headers_mut()
        .insert("clear-site-data", HeaderValue::from_static("\"cookies\""));
    response
}

/// `GET /exit` ("Quick exit", on every reporter page): ends the reporter's session on the
/// server, tells the browser to drop this site's cookies, storage and cache, and sends it on
/// to the exit page. A plain link, so it works without JavaScript and in one click; as a
/// GET, any page could trigger it, and all it can do is end a session.
pub(crate) async fn quick_exit(State(state): State<AppState>, jar: CookieJar) -> Response {
    let jar = end_session(&state, jar);
    let mut response = (jar, Redirect::to(&state.config.quick_exit_url)).into_response();
    response.headers_mut().insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    response
}

/// Closes the reporter session named by the cookie, if any, and removes the cookie.
fn end_session(state: &AppState, jar: CookieJar) -> CookieJar {
    if let Some(id) = cookies::value(state, &jar, Name::ReporterSession) {
        state.sessions.close(id);
    }
    jar.remove(cookies::removal(state, Name::ReporterSession))
}
