//! Coming back with a receipt: check it, then show the status and conversation, take
//! replies and files, and leave.

use askama::Template;
use axum::Form;
use axum::body::Body;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use quietline_core::taxonomy::WhenPrecision;
use quietline_core::{Receipt, ReportAnswers, ReportStatus};
use quietline_service::{
    Author, CopyState, ReceiptOutcome, ReporterAccess, ReporterCopy, ServiceError,
};
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

/// One answer of the reporter's copy: the form's label, and the values (a paragraph each).
struct CopyRow {
    label: String,
    values: Vec<String>,
}

/// A group of answers (the report itself, a person, an organisation), titled as on the form.
struct CopyGroup {
    title: Option<String>,
    rows: Vec<CopyRow>,
}

/// A file sent with the report, as the copy names it.
struct CopyFile {
    name: String,
    size: String,
}

/// The reporter's copy, readable (see [`copy_section`]).
struct CopyContent {
    groups: Vec<CopyGroup>,
    files: Vec<CopyFile>,
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
    /// The reporter's copy, if one is kept and verifies.
    copy: Option<CopyContent>,
    /// A copy is there that does not open with this receipt or whose proof of origin fails.
    copy_unverified: bool,
}

#[derive(Deserialize)]
pub(crate) struct ReturnQuery {
    session: Option<String>,
    sent: Option<String>,
    /// After "Delete my copy": `deleted`, or `expired` when the form had expired.
    copy: Option<String>,
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
    let copy_unverified = view.copy == CopyState::Unverified;
    let copy = match &view.copy {
        CopyState::Kept(copy) => Some(copy_section(lang, copy)),
        _ => None,
    };
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
        copy,
        copy_unverified,
    })
}

/// The reporter's copy as the page shows it: every answer under the label the form gave its
/// question, in the page's language, in the form's order; empty answers left out.
fn copy_section(lang: Lang, copy: &ReporterCopy) -> CopyContent {
    let a: &ReportAnswers = &copy.answers;
    let mut main = Vec::new();
    let row = |rows: &mut Vec<CopyRow>, key: &str, values: Vec<String>| {
        let values: Vec<String> = values.into_iter().filter(|v| !v.is_empty()).collect();
        if !values.is_empty() {
            rows.push(CopyRow {
                label: lang.t(key),
                values,
            });
        }
    };
    let labelled = |prefix: &str, code: &str| lang.t(&format!("{prefix}-{code}"));
    row(
        &mut main,
        "subject-legend",
        vec![labelled("subject", a.subject.code())],
    );
    row(
        &mut main,
        "incident-legend",
        a.incidents
            .iter()
            .map(|i| labelled("incident", i.code()))
            .collect(),
    );
    row(
        &mut main,
        "incident-other-label",
        vec![a.incident_other.clone()],
    );
    row(
        &mut main,
        "demand-legend",
        a.demands
            .iter()
            .map(|d| labelled("demand", d.code()))
            .collect(),
    );
    row(
        &mut main,
        "demand-other-label",
        vec![a.demand_other.clone()],
    );
    let when = match a.when.precision {
        WhenPrecision::Exact => a.when.date.clone().unwrap_or_default(),
        WhenPrecision::Month => a.when.month.clone().unwrap_or_default(),
        WhenPrecision::Approximate => a.when.approximate.clone(),
        WhenPrecision::Unknown => lang.t("when-unknown"),
    };
    let ongoing = if a.when.ongoing {
        lang.t("when-ongoing")
    } else {
        String::new()
    };
    row(&mut main, "when-legend", vec![when, ongoing]);
    let country = if a.place.country.is_empty() {
        a.place.country_other.clone()
    } else {
        labelled("country", &a.place.country)
    };
    row(&mut main, "country-label", vec![country]);
    row(&mut main, "city-label", vec![a.place.city.clone()]);
    row(
        &mut main,
        "place-kind-label",
        vec![
            a.place
                .kind
                .map(|k| labelled("place-kind", k.code()))
                .unwrap_or_default(),
        ],
    );
    row(&mut main, "place-name-label", vec![a.place.name.clone()]);
    row(
        &mut main,
        "place-address-label",
        vec![a.place.address.clone()],
    );
    let police = if a.actions.reported_to_police {
        lang.t("police-report-label")
    } else {
        String::new()
    };
    row(&mut main, "actions-legend", vec![police]);
    row(
        &mut main,
        "police-reference-label",
        vec![a.actions.police_reference.clone()],
    );
    row(
        &mut main,
        "other-organisations-label",
        vec![a.actions.other_organisations.clone()],
    );
    row(&mut main, "narrative-legend", vec![a.narrative.clone()]);
    row(
        &mut main,
        "consent-legend",
        if a.consents.is_empty() {
            vec![lang.t("copy-consents-none")]
        } else {
            a.consents
                .iter()
                .map(|c| labelled("consent", c.code()))
                .collect()
        },
    );
    row(&mut main, "contact-legend", vec![a.contact.clone()]);

    let mut groups = vec![CopyGroup {
        title: None,
        rows: main,
    }];
    for (i, p) in a.people.iter().enumerate() {
        let mut rows = Vec::new();
        row(&mut rows, "person-names-label", p.names.clone());
        row(
            &mut rows,
            "person-role-label",
            vec![
                p.role
                    .map(|r| labelled("role", r.code()))
                    .unwrap_or_default(),
            ],
        );
        row(&mut rows, "person-phones-label", p.phones.clone());
        row(&mut rows, "person-wechat-label", p.wechat.clone());
        row(&mut rows, "person-emails-label", p.emails.clone());
        row(
            &mut rows,
            "person-accounts-label",
            vec![p.other_accounts.clone()],
        );
        row(
            &mut rows,
            "person-description-label",
            vec![p.description.clone()],
        );
        groups.push(CopyGroup {
            title: Some(lang.t1("person-legend", "number", i + 1)),
            rows,
        });
    }
    for (i, o) in a.organisations.iter().enumerate() {
        let mut rows = Vec::new();
        row(&mut rows, "org-name-label", vec![o.name.clone()]);
        row(&mut rows, "org-details-label", vec![o.details.clone()]);
        groups.push(CopyGroup {
            title: Some(lang.t1("org-item-legend", "number", i + 1)),
            rows,
        });
    }
    CopyContent {
        groups,
        files: copy
            .files
            .iter()
            .map(|f| CopyFile {
                name: f.name.clone(),
                size: lang.size(f.size),
            })
            .collect(),
    }
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
        .chain(query.copy.as_deref().map(|copy| match copy {
            "deleted" => lang.t("copy-deleted"),
            _ => lang.t("copy-not-deleted"),
        }))
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

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /{lang}/return/copy/delete`: "Delete my copy". The reporter's copy of their report
/// goes; the report stays with the investigators. Back to the thread, which says so.
pub(crate) async fn delete_copy(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    jar: CookieJar,
    request: Request,
) -> Response {
    let Ok(Form(form)) = Form::<CsrfForm>::from_request(request, &state).await else {
        return WebError::bad_request(lang).into_response();
    };
    let Some(access) = session(&state, &jar) else {
        return ended(lang);
    };
    let thread = |outcome: &str| {
        Redirect::to(&format!("/{}/return/thread?copy={outcome}", lang.tag())).into_response()
    };
    if !crate::csrf::verify(&state, &jar, &form.csrf) {
        return thread("expired");
    }
    match state
        .instance
        .delete_reporter_copy(&access, state.clock.today())
        .await
    {
        Ok(_) => thread("deleted"),
        Err(err) => WebError::internal(lang, &err).into_response(),
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
