//! The report form: `GET` shows it, `POST` receives it. A form with any problem comes back
//! with every typed value in place (files excepted, which the page says), and the
//! problems listed at the top and beside their fields, in the page's language.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use quietline_core::draft::{OrganisationDraft, PersonDraft};
use quietline_core::taxonomy::{
    COUNTRIES, Consent, Demand, Incident, PersonRole, PlaceKind, Subject, WhenPrecision,
};
use quietline_core::{FieldError, Limits, Problem, ReportDraft};
use quietline_service::ServiceError;
use secrecy::ExposeSecret;

use crate::error::{ErrorKind, WebError};
use crate::extract::PageLang;
use crate::form::{FileSink, FormError, LimitPassed, ReadForm, is_nonce, read_form};
use crate::i18n::Lang;
use crate::layout::Chrome;
use crate::layout::render;
use crate::state::AppState;

/// Extra fieldsets added by each "add more" button.
const MORE_SLOTS: usize = 3;

struct Opt {
    code: String,
    label: String,
    selected: bool,
}

struct PersonSlot {
    n: usize,
    open: bool,
    legend: String,
    p: PersonDraft,
    roles: Vec<Opt>,
    errors: HashMap<&'static str, String>,
}

struct OrgSlot {
    n: usize,
    open: bool,
    legend: String,
    o: OrganisationDraft,
    errors: HashMap<&'static str, String>,
}

struct SummaryItem {
    field: String,
    text: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    c: Chrome,
    csrf: String,
    nonce: String,
    accepting: bool,
    notices: Vec<String>,
    summary: Vec<SummaryItem>,
    errors: HashMap<String, String>,
    d: ReportDraft,
    subjects: Vec<Opt>,
    incidents: Vec<Opt>,
    demands: Vec<Opt>,
    precisions: Vec<Opt>,
    countries: Vec<Opt>,
    place_kinds: Vec<Opt>,
    consents: Vec<Opt>,
    people: Vec<PersonSlot>,
    orgs: Vec<OrgSlot>,
    narrative_help: String,
    files_help: String,
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct ReceiptPage {
    c: Chrome,
    receipt: String,
    /// What the "I have kept my receipt" box accepts: the receipt's last four digits, in the
    /// digits of the scripts a receipt may be typed in (Western, Arabic-Indic, Tibetan).
    last_four_pattern: String,
    /// The reporter chose to keep a copy readable with the receipt: the page says what that
    /// means for the receipt.
    copy_kept: bool,
}

/// How the form is to be shown again.
#[derive(Default)]
struct Redisplay {
    notices: Vec<String>,
    errors: Vec<FieldError>,
    more_people: usize,
    more_orgs: usize,
}

/// `GET /{lang}/report`.
pub(crate) async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    jar: CookieJar,
) -> Response {
    let accepting = match state.instance.readiness().await {
        Ok(readiness) => readiness.accepts_reports(),
        Err(err) => return WebError::internal(lang, &err).into_response(),
    };
    let (jar, tokens) = match form_tokens(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let page = form_page(
        &state,
        lang,
        tokens,
        ReportDraft::default(),
        Redisplay::default(),
        accepting,
    );
    (jar, render(page)).into_response()
}

/// `POST /{lang}/report`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    jar: CookieJar,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let today = state.clock.today();
    let limits = state.instance.config().limits.clone();
    let mut submission = match state.instance.begin_submission(today).await {
        Ok(submission) => submission,
        Err(ServiceError::NotInitialised) => {
            return WebError::new(ErrorKind::Unavailable, Some(lang)).into_response();
        }
        Err(err) => return WebError::internal(lang, &err).into_response(),
    };
    // A place among the forms received at once; without one, the form is read for its
    // text only and comes back saying the line is busy.
    let place = Arc::clone(&state.uploads).try_acquire_owned().ok();
    let sink = place
        .is_some()
        .then_some(FileSink::Submission(&mut submission));
    let read = read_form(
        &state,
        &jar,
        &headers,
        body,
        sink,
        &["more_people", "more_orgs", "language"],
    )
    .await;
    let read: ReadForm = match read {
        Ok(read) => read,
        Err(FormError::Malformed) => return WebError::bad_request(lang).into_response(),
        Err(FormError::Internal(err)) => return WebError::internal(lang, &err).into_response(),
    };
    let draft = ReportDraft::from_fields(read.pairs(), &limits);
    let files_lost = read.files_dropped || submission.attachment_count() > 0;
    let mut redisplay = Redisplay::default();
    if files_lost {
        redisplay.notices.push(lang.t("form-files-not-kept"));
    }
    let busy = |mut redisplay: Redisplay| {
        redisplay.notices.insert(0, lang.t("error-busy"));
        redisplay
    };
    // A fresh nonce for the form shown again (the one posted is spent if it went through).
    let (jar, tokens) = match form_tokens(&state, jar) {
        Ok(issued) => issued,
        Err(err) => return err.into_response(),
    };
    let again = |status: StatusCode, redisplay: Redisplay| {
        let page = form_page(&state, lang, tokens.clone(), draft.clone(), redisplay, true);
        (status, jar.clone(), render(page)).into_response()
    };

    if !read.csrf_ok {
        redisplay.notices.insert(0, lang.t("form-session-expired"));
        return again(StatusCode::FORBIDDEN, redisplay);
    }
    if let Some(limit) = read.limit {
        redisplay
            .notices
            .insert(0, limit_message(lang, limit, &limits));
        return again(limit_status(limit), redisplay);
    }
    if place.is_none() {
        return again(StatusCode::SERVICE_UNAVAILABLE, busy(redisplay));
    }
    // A language button: the same form, every value kept, in the language chosen.
    if let Some(other) = read.field("language") {
        let Some(other) = state.offered_language(other) else {
            return WebError::bad_request(lang).into_response();
        };
        let mut kept = Redisplay::default();
        if files_lost {
            kept.notices.push(other.t("form-files-not-kept"));
        }
        let page = form_page(&state, other, tokens.clone(), draft.clone(), kept, true);
        return (StatusCode::OK, jar.clone(), render(page)).into_response();
    }
    if read.field("more_people").is_some() || read.field("more_orgs").is_some() {
        redisplay.more_people = if read.field("more_people").is_some() {
            MORE_SLOTS
        } else {
            0
        };
        redisplay.more_orgs = if read.field("more_orgs").is_some() {
            MORE_SLOTS
        } else {
            0
        };
        return again(StatusCode::OK, redisplay);
    }
    let nonce = read.field("nonce").unwrap_or_default().to_owned();
    if is_nonce(&nonce) && state.nonces.contains(&nonce) {
        return again(
            StatusCode::CONFLICT,
            Redisplay {
                notices: vec![lang.t("form-already-received")],
                ..Redisplay::default()
            },
        );
    }
    let answers = match draft.validate(&lang.tag(), &limits, today) {
        Ok(answers) => answers,
        Err(errors) => {
            return again(
                StatusCode::UNPROCESSABLE_ENTITY,
                Redisplay {
                    errors,
                    ..redisplay
                },
            );
        }
    };
    let files_kept = submission.attachment_count() > 0;
    submission.keep_reporter_copy(draft.reporter_copy);
    match submission.complete(&answers).await {
        Ok(receipt) => {
            if is_nonce(&nonce) {
                state.nonces.insert(&nonce);
            }
            let page = ReceiptPage {
                c: Chrome::new(&state, lang, "").holding_receipt(),
                receipt: receipt.display_grouped().expose_secret().to_owned(),
                last_four_pattern: last_four_pattern(receipt.display_grouped().expose_secret()),
                copy_kept: draft.reporter_copy,
            };
            crate::compression::carries_receipt(render(page))
        }
        Err(ServiceError::Busy) => {
            let mut redisplay = busy(Redisplay::default());
            if files_kept {
                redisplay.notices.push(lang.t("form-files-not-kept"));
            }
            again(StatusCode::SERVICE_UNAVAILABLE, redisplay)
        }
        Err(err) => WebError::internal(lang, &err).into_response(),
    }
}

/// The pattern of the receipt page's "last four digits" box: those digits as typed in any of
/// the scripts a receipt is accepted in (Western digits, Arabic-Indic as on a Uyghur keyboard,
/// Tibetan).
fn last_four_pattern(receipt: &str) -> String {
    let digits: Vec<char> = receipt.chars().filter(char::is_ascii_digit).collect();
    let last_four = &digits[digits.len().saturating_sub(4)..];
    ['0', '\u{0660}', '\u{0F20}']
        .iter()
        .map(|zero| {
            last_four
                .iter()
                .filter_map(|d| {
                    let value = d.to_digit(10)?;
                    char::from_u32(u32::from(*zero) + value)
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The status of a page that states a passed limit.
pub(crate) fn limit_status(limit: LimitPassed) -> StatusCode {
    match limit {
        LimitPassed::TooSlow => StatusCode::REQUEST_TIMEOUT,
        _ => StatusCode::PAYLOAD_TOO_LARGE,
    }
}

/// The sentence that states a passed limit.
pub(crate) fn limit_message(lang: Lang, limit: LimitPassed, limits: &Limits) -> String {
    match limit {
        LimitPassed::FileCount(count) => lang.t1("error-too-many-files", "limit", count),
        LimitPassed::Parts => lang.t1("error-too-many-files", "limit", limits.max_files),
        LimitPassed::TooSlow => lang.t("error-too-slow"),
        LimitPassed::File | LimitPassed::Report | LimitPassed::Text => lang.tn(
            "error-too-large-text",
            &[
                ("file_limit", lang.size(limits.max_file_bytes)),
                ("report_limit", lang.size(limits.max_report_bytes)),
            ],
        ),
    }
}

/// The sentence for a field's problem.
pub(crate) fn problem_message(lang: Lang, problem: Problem) -> String {
    match problem {
        Problem::Required => lang.t("error-required"),
        Problem::TooLong { max } => lang.t1("error-too-long", "max", max),
        Problem::InvalidDate => lang.t("error-invalid-date"),
        Problem::InvalidMonth => lang.t("error-invalid-month"),
        Problem::FutureDate => lang.t("error-future-date"),
        _ => lang.t("error-invalid-choice"),
    }
}

/// The label of a field, for the list of problems at the top of the form.
fn field_label(lang: Lang, field: &str) -> String {
    let grouped = |prefix: &str, legend: &str, label_prefix: &str| -> Option<String> {
        let rest = field.strip_prefix(prefix)?;
        let (number, name) = rest.split_once('_')?;
        let legend = lang.t1(legend, "number", number);
        Some(format!(
            "{legend}: {}",
            lang.t(&format!("{label_prefix}-{name}-label"))
        ))
    };
    if let Some(label) = grouped("person", "person-legend", "person")
        .or_else(|| grouped("org", "org-item-legend", "org"))
    {
        return label;
    }
    let key = match field {
        "subject" => "subject-legend",
        "incident" => "incident-legend",
        "incident_other" => "incident-other-label",
        "demand" => "demand-legend",
        "demand_other" => "demand-other-label",
        "when_precision" => "when-legend",
        "when_date" => "when-date-label",
        "when_month" => "when-month-label",
        "when_approximate" => "when-approximate-label",
        "country" => "country-label",
        "country_other" => "country-other-label",
        "city" => "city-label",
        "place_kind" => "place-kind-label",
        "place_name" => "place-name-label",
        "place_address" => "place-address-label",
        "police_reference" => "police-reference-label",
        "other_organisations" => "other-organisations-label",
        "narrative" => "narrative-legend",
        "consent" => "consent-legend",
        "contact" => "contact-legend",
        _ => "error-field-message",
    };
    lang.t(key)
}

fn options<T: Copy>(
    lang: Lang,
    all: &[T],
    code: fn(T) -> &'static str,
    prefix: &str,
    chosen: &[String],
) -> Vec<Opt> {
    all.iter()
        .map(|&item| Opt {
            code: code(item).to_owned(),
            label: lang.t(&format!("{prefix}-{}", code(item))),
            selected: chosen.iter().any(|c| c == code(item)),
        })
        .collect()
}

/// The tokens of a form about to be shown: the CSRF token (with the cookie it is made from,
/// in the jar) and a fresh nonce, spent when the report the form carries is accepted, so that
/// the same form posted twice makes one report. An error page if the system's random source
/// fails: a form never carries an empty token.
fn form_tokens(
    state: &AppState,
    jar: CookieJar,
) -> Result<(CookieJar, (String, String)), WebError> {
    let (jar, csrf) = crate::csrf::issue(state, jar)?;
    let nonce = quietline_crypto::random_hex::<16>().map_err(|err| WebError::no_random(&err))?;
    Ok((jar, (csrf, nonce)))
}

/// The form, with its CSRF token and the nonce against a double submission (`tokens`).
fn form_page(
    state: &AppState,
    lang: Lang,
    tokens: (String, String),
    d: ReportDraft,
    redisplay: Redisplay,
    accepting: bool,
) -> ReportPage {
    let limits = &state.instance.config().limits;
    let one = |value: &str| vec![value.to_owned()];

    let mut errors = HashMap::new();
    let mut summary = Vec::new();
    for error in &redisplay.errors {
        let text = problem_message(lang, error.problem);
        summary.push(SummaryItem {
            field: error.field.clone(),
            text: format!("{}: {text}", field_label(lang, &error.field)),
        });
        errors.entry(error.field.clone()).or_insert(text);
    }
    let group_errors = |prefix: String, names: &[&'static str]| -> HashMap<&'static str, String> {
        names
            .iter()
            .filter_map(|name| {
                errors
                    .get(&format!("{prefix}_{name}"))
                    .map(|e| (*name, e.clone()))
            })
            .collect()
    };

    let people = (0..d.person_slots(redisplay.more_people, limits))
        .map(|i| {
            let p = d.people.get(i).cloned().unwrap_or_default();
            let n = i + 1;
            let errs = group_errors(
                format!("person{n}"),
                &[
                    "names",
                    "role",
                    "phones",
                    "wechat",
                    "emails",
                    "accounts",
                    "description",
                ],
            );
            PersonSlot {
                n,
                open: i == 0 || p != PersonDraft::default() || !errs.is_empty(),
                legend: lang.t1("person-legend", "number", n),
                roles: options(
                    lang,
                    PersonRole::ALL,
                    PersonRole::code,
                    "role",
                    &one(&p.role),
                ),
                p,
                errors: errs,
            }
        })
        .collect();
    let orgs = (0..d.organisation_slots(redisplay.more_orgs, limits))
        .map(|i| {
            let o = d.organisations.get(i).cloned().unwrap_or_default();
            let n = i + 1;
            let errs = group_errors(format!("org{n}"), &["name", "details"]);
            OrgSlot {
                n,
                open: i == 0 || o != OrganisationDraft::default() || !errs.is_empty(),
                legend: lang.t1("org-item-legend", "number", n),
                o,
                errors: errs,
            }
        })
        .collect();

    let mut countries: Vec<Opt> = COUNTRIES
        .iter()
        .map(|code| Opt {
            code: (*code).to_owned(),
            label: lang.t(&format!("country-{code}")),
            selected: d.country == *code,
        })
        .collect();
    lang.sort_by_label(&mut countries, |o| &o.label);

    ReportPage {
        c: Chrome::new(state, lang, "report").with_form("report"),
        csrf: tokens.0,
        nonce: tokens.1,
        accepting,
        notices: redisplay.notices,
        summary,
        subjects: options(
            lang,
            Subject::ALL,
            Subject::code,
            "subject",
            &one(&d.subject),
        ),
        incidents: options(
            lang,
            Incident::ALL,
            Incident::code,
            "incident",
            &d.incidents,
        ),
        demands: options(lang, Demand::ALL, Demand::code, "demand", &d.demands),
        precisions: options(
            lang,
            WhenPrecision::ALL,
            WhenPrecision::code,
            "when",
            &one(&d.when_precision),
        ),
        countries,
        place_kinds: options(
            lang,
            PlaceKind::ALL,
            PlaceKind::code,
            "place-kind",
            &one(&d.place_kind),
        ),
        consents: options(lang, Consent::ALL, Consent::code, "consent", &d.consents),
        people,
        orgs,
        narrative_help: lang.t1("narrative-help", "max", limits.max_narrative_chars),
        files_help: lang.tn(
            "files-help",
            &[
                ("file_limit", lang.size(limits.max_file_bytes)),
                ("report_limit", lang.size(limits.max_report_bytes)),
            ],
        ),
        errors,
        d,
    }
}
