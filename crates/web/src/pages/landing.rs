//! The language chooser and the landing page.

use askama::Template;
use axum::extract::State;
use axum::response::{Redirect, Response};

use crate::extract::PageLang;
use crate::i18n::Lang;
use crate::layout::{Chrome, chooser_rank, render};
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
