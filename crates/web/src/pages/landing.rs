//! The language chooser and the landing page.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::{Chrome, PageLang};
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "chooser.html")]
struct ChooserPage {
    c: Chrome,
    choices: Vec<Choice>,
}

struct Choice {
    tag: String,
    dir: &'static str,
    name: String,
    intro: String,
    title: String,
}

/// The chooser's order: Chinese first (most reporters read it), then the diaspora's other
/// languages, then English and French; the rest follow by tag.
const CHOOSER_FIRST: [&str; 6] = ["zh-Hans", "zh-Hant", "ug", "bo", "en", "fr"];

/// Where `lang` comes in the chooser.
pub(crate) fn chooser_rank(lang: &Lang) -> (usize, String) {
    let tag = lang.tag();
    let rank = CHOOSER_FIRST
        .iter()
        .position(|t| *t == tag)
        .unwrap_or(CHOOSER_FIRST.len());
    (rank, tag)
}

/// `/`: every language, each introduced in itself, Chinese first; the page's own words (its
/// heading, Quick exit, the privacy line) in every language.
pub(crate) async fn chooser(State(state): State<AppState>) -> Response {
    let mut offered = state.offered_languages();
    offered.sort_by_key(chooser_rank);
    let choices = offered
        .into_iter()
        .map(|lang| Choice {
            tag: lang.tag(),
            dir: lang.dir(),
            name: lang.name(),
            intro: lang.t("chooser-intro"),
            title: lang.t("chooser-title"),
        })
        .collect();
    render(ChooserPage {
        c: Chrome::new(&state, Lang::english(), "").in_every_language(),
        choices,
    })
}

#[derive(Template)]
#[template(path = "landing.html")]
struct LandingPage {
    c: Chrome,
}

/// `/{lang}/`.
pub(crate) async fn landing(State(state): State<AppState>, PageLang(lang): PageLang) -> Response {
    render(LandingPage {
        c: Chrome::new(&state, lang, ""),
    })
}

/// `/{lang}` without the slash.
pub(crate) async fn add_slash(PageLang(lang): PageLang) -> Redirect {
    Redirect::permanent(&format!("/{}/", lang.tag()))
}

/// Renders a template into a 200 page.
pub(crate) fn render(page: impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed");
            crate::error::WebError::new(crate::error::ErrorKind::Internal, None).into_response()
        }
    }
}
