//! How pages look, for both sides: rendering a template, the reporter pages' frame
//! ([`Chrome`]: language, direction, language links, Quick exit) and the workbench's
//! ([`Nav`], [`Notice`], the sign-in page, and the escaper that keeps reporters' text from
//! reordering what investigators read).
//!
//! Handlers on either side and the error pages use this module; it uses neither, so that the
//! reporter pages, the workbench and the errors do not import one another.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use quietline_service::Investigator;

use crate::error::{ErrorKind, ErrorPage};
use crate::i18n::Lang;
use crate::state::AppState;

/// Renders a template into a 200 page; a template that fails is logged and answered with
/// the generic error page.
pub(crate) fn render(page: impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed");
            crate::error::WebError::new(ErrorKind::Internal, None).into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    c: Chrome,
    title: String,
    text: String,
    reference: String,
}

/// The error page a handler's [`ErrorPage`] marker stands for: what happened and what to do,
/// in the page's language, with `reference` (the request id, which the log line carries).
pub(crate) fn error_page(
    error: ErrorPage,
    state: &AppState,
    path_lang: Lang,
    reference: &str,
) -> Response {
    let lang = error.lang.unwrap_or(path_lang);
    let (title, text) = match &error.kind {
        ErrorKind::NotFound => (
            lang.t("error-not-found-title"),
            lang.t("error-not-found-text"),
        ),
        ErrorKind::BadRequest => (
            lang.t("error-bad-request-title"),
            lang.t("error-bad-request-text"),
        ),
        ErrorKind::Unavailable => (lang.t("error-unavailable-title"), lang.t("form-not-open")),
        ErrorKind::Internal => (
            lang.t("error-internal-title"),
            lang.t("error-internal-text"),
        ),
    };
    let page = ErrorTemplate {
        c: Chrome::new(state, lang, ""),
        title,
        text,
        reference: lang.t1("error-reference", "id", reference),
    };
    let body = page.render().unwrap_or_else(|_| "error".into());
    (error.kind.status(), Html(body)).into_response()
}

/// A link to this page in another language.
pub(crate) struct LanguageLink {
    pub tag: String,
    pub dir: &'static str,
    pub name: String,
    pub href: String,
    pub current: bool,
}

/// What every reporter page's frame needs: language, direction, the language links, quick
/// exit.
pub(crate) struct Chrome {
    pub lang: Lang,
    pub tag: String,
    pub dir: &'static str,
    pub languages: Vec<LanguageLink>,
    /// On a page with a form: the form's id. The languages are then buttons of that form
    /// (`name="language"`), so that changing language sends what was typed and the page comes
    /// back in the other language with every value kept, without JavaScript.
    pub form: Option<&'static str>,
    /// The page shows a receipt, once: nothing on it leaves by one tap (no language or home
    /// links; Quick exit asks first).
    pub holds_receipt: bool,
    /// On the language chooser: Quick exit and the privacy line in every offered language
    /// (tag, direction, Quick exit, privacy line), Chinese first.
    pub everyone: Vec<EveryLanguage>,
}

/// The chrome's words in one language, for the language chooser.
pub(crate) struct EveryLanguage {
    pub tag: String,
    pub dir: &'static str,
    pub quick_exit: String,
    pub privacy: String,
}

/// The chooser's order: Chinese first (most reporters read it), then the diaspora's other
/// languages, then English and French; the rest follow by tag.
const CHOOSER_FIRST: [&str; 6] = ["zh-Hans", "zh-Hant", "ug", "bo", "en", "fr"];

/// Where `lang` comes in the language chooser.
pub(crate) fn chooser_rank(lang: &Lang) -> (usize, String) {
    let tag = lang.tag();
    let rank = CHOOSER_FIRST
        .iter()
        .position(|t| *t == tag)
        .unwrap_or(CHOOSER_FIRST.len());
    (rank, tag)
}

impl Chrome {
    /// `suffix` is the path after `/{lang}/`, so language links stay on the same page.
    pub fn new(state: &AppState, lang: Lang, suffix: &str) -> Self {
        let languages = state
            .offered_languages()
            .into_iter()
            .map(|other| LanguageLink {
                tag: other.tag(),
                dir: other.dir(),
                name: other.name(),
                href: format!("/{}/{suffix}", other.tag()),
                current: other == lang,
            })
            .collect();
        Self {
            lang,
            tag: lang.tag(),
            dir: lang.dir(),
            languages,
            form: None,
            holds_receipt: false,
            everyone: Vec::new(),
        }
    }

    /// The chooser's chrome: its words in every language, in the order of its languages.
    pub fn in_every_language(mut self) -> Self {
        let mut langs: Vec<Lang> = self
            .languages
            .iter()
            .filter_map(|l| Lang::from_tag(&l.tag))
            .collect();
        langs.sort_by_key(chooser_rank);
        self.everyone = langs
            .into_iter()
            .map(|lang| EveryLanguage {
                tag: lang.tag(),
                dir: lang.dir(),
                quick_exit: lang.t("quick-exit"),
                privacy: lang.t("footer-privacy"),
            })
            .collect();
        self
    }

    /// The chrome of the page that shows a receipt (see [`Chrome::holds_receipt`]).
    pub fn holding_receipt(mut self) -> Self {
        self.languages.clear();
        self.holds_receipt = true;
        self
    }

    /// The languages become buttons of the form with this id (see [`Chrome::form`]).
    pub fn with_form(mut self, form: &'static str) -> Self {
        self.form = Some(form);
        self
    }

    /// A translated message.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
}

/// The navigation bar of workbench pages.
pub(crate) struct Nav {
    pub username: String,
    pub admin: bool,
    /// The sign-out button's form token.
    pub csrf: String,
}

impl Nav {
    pub fn new(investigator: &Investigator, csrf: String) -> Self {
        Self {
            username: investigator.username.clone(),
            admin: investigator.is_admin(),
            csrf,
        }
    }
}

/// A workbench page that only says something.
#[derive(Template)]
#[template(path = "workbench/notice.html", escape = "workbench")]
pub(crate) struct Notice {
    pub nav: Option<Nav>,
    pub title: String,
    pub text: String,
}

/// The workbench's sign-in page.
#[derive(Template)]
#[template(path = "workbench/login.html", escape = "workbench")]
pub(crate) struct LoginPage {
    pub csrf: String,
    pub error: Option<&'static str>,
    pub username: String,
}

/// The workbench templates' escaper: HTML escaping, and Unicode's bidirectional controls
/// dropped from every value shown, since most of them are reporters' words (a file name
/// with U+202E would show its extension reversed). Elements that show reporters' text also
/// carry `dir="auto"`, which isolates them from the text around.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IsolatingHtml;

impl askama::filters::Escaper for IsolatingHtml {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, string: &str) -> std::fmt::Result {
        for piece in string.split(quietline_core::text::is_bidi_control) {
            askama::filters::Html.write_escaped_str(&mut dest, piece)?;
        }
        Ok(())
    }
}
