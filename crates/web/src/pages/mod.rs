//! The pages and their routes. Each handler extracts, calls one operation, renders.

pub(crate) mod assets;
mod landing;
mod report_form;
mod returning;

pub(crate) use landing::render;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::routing::{get, post};

use crate::error::WebError;
use crate::i18n::Lang;
use crate::state::AppState;

pub(crate) fn routes(state: AppState) -> Router {
    let small_forms = DefaultBodyLimit::max(64 * 1024);
    assets::routes(Router::new())
        .route("/", get(landing::chooser))
        .route("/{lang}", get(landing::add_slash))
        .route("/{lang}/", get(landing::landing))
        .route(
            "/{lang}/report",
            get(report_form::show).post(report_form::submit),
        )
        .route(
            "/{lang}/return",
            get(returning::show)
                .post(returning::check)
                .layer(small_forms),
        )
        .route("/{lang}/return/thread", get(returning::thread))
        .route("/{lang}/return/reply", post(returning::reply))
        .route(
            "/{lang}/return/leave",
            post(returning::leave).layer(small_forms),
        )
        .route("/exit", get(returning::quick_exit))
        .merge(crate::workbench::routes())
        .fallback(|| async { WebError::not_found() })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::middleware,
        ))
        .with_state(state)
}

/// The page language, from the first path segment. Anything that is not an offered
/// language (unknown, or hidden by the operator) is a 404.
pub(crate) struct PageLang(pub Lang);

impl FromRequestParts<AppState> for PageLang {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        parts
            .uri
            .path()
            .split('/')
            .nth(1)
            .and_then(|tag| state.offered_language(tag))
            .map(PageLang)
            .ok_or_else(WebError::not_found)
    }
}

/// A link to this page in another language.
pub(crate) struct LanguageLink {
    pub tag: String,
    pub dir: &'static str,
    pub name: String,
    pub href: String,
    pub current: bool,
}

/// What every page's frame needs: language, direction, the language links, quick exit.
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
        langs.sort_by_key(landing::chooser_rank);
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
