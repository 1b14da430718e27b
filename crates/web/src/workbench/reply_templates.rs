//! The reply templates page (admins): every template by language, each in its own small form
//! to edit or delete it, and a form for a new one. A refused save comes back with what was
//! typed in its form and the reason beside each field: nothing typed is lost.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use quietline_core::{FieldError, Problem};
use quietline_service::{
    ServiceError, TEMPLATE_BODY_MAX_CHARS, TEMPLATE_TITLE_MAX_CHARS, TemplateChange,
    TemplateFields, TemplateKey,
};
use serde::Deserialize;

use super::controls::{Opt, language_name};
use crate::extract::{Admin, Path, Posted, SignedIn, carries_token};
use crate::i18n::Lang;
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

/// One template's form (or the new one's).
struct TemplateBox {
    /// The template's key (`new` for the new one's form): ids of the form's fields.
    key: String,
    /// Where "Save" posts.
    action: String,
    title: String,
    body: String,
    /// The language's tag, for the text box's `lang`.
    lang: String,
    languages: Vec<Opt>,
    title_problem: String,
    language_problem: String,
    body_problem: String,
    /// Last changed, or "shipped with Quietline".
    changed: String,
    /// Not the new one's form: it can be deleted.
    existing: bool,
}

impl TemplateBox {
    fn has_problem(&self) -> bool {
        !(self.title_problem.is_empty()
            && self.language_problem.is_empty()
            && self.body_problem.is_empty())
    }
}

/// The templates of one language.
struct Group {
    language: String,
    templates: Vec<TemplateBox>,
}

#[derive(Template)]
#[template(path = "workbench/reply_templates.html", escape = "workbench")]
struct TemplatesPage {
    nav: Nav,
    message: Option<String>,
    /// The list is the shipped defaults: no admin has changed a template yet.
    shipped: bool,
    groups: Vec<Group>,
    /// The new template's form (one).
    new: Vec<TemplateBox>,
    title_max: usize,
    body_max: usize,
}

#[derive(Deserialize)]
pub(crate) struct TemplateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    body: String,
}

#[derive(Deserialize)]
pub(crate) struct TokenForm {
    #[serde(default)]
    csrf: String,
}

carries_token!(TemplateForm, TokenForm);

impl TemplateForm {
    fn fields(self) -> TemplateFields {
        TemplateFields {
            title: self.title,
            language: self.language,
            body: self.body,
        }
    }
}

/// What was typed and refused, to show again in its form.
struct Typed {
    /// The template it was for (`None`: the new one).
    key: Option<TemplateKey>,
    fields: TemplateFields,
    problems: Vec<FieldError>,
}

/// The language choices, `chosen` selected (kept even if it is not a language of the pages).
fn languages(chosen: &str) -> Vec<Opt> {
    let mut tags: Vec<String> = Lang::all().into_iter().map(Lang::tag).collect();
    if !chosen.is_empty() && !tags.iter().any(|t| t == chosen) {
        tags.push(chosen.to_owned());
    }
    tags.into_iter()
        .map(|tag| Opt {
            label: language_name(&tag),
            selected: tag == chosen,
            value: tag,
        })
        .collect()
}

fn template_box(key: Option<TemplateKey>, fields: &TemplateFields, changed: String) -> TemplateBox {
    let existing = key.is_some();
    let (key, action) = match key {
        Some(key) => (
            key.to_string(),
            format!("/investigator/admin/templates/{key}"),
        ),
        None => ("new".to_owned(), "/investigator/admin/templates".to_owned()),
    };
    TemplateBox {
        key,
        action,
        title: fields.title.clone(),
        body: fields.body.clone(),
        lang: fields.language.clone(),
        languages: languages(&fields.language),
        title_problem: String::new(),
        language_problem: String::new(),
        body_problem: String::new(),
        changed,
        existing,
    }
}

/// The reasons beside the fields, in words.
fn with_problems(mut form: TemplateBox, problems: &[FieldError]) -> TemplateBox {
    for p in problems {
        let what = match p.field.as_str() {
            "title" => "title",
            "body" => "text",
            _ => "language",
        };
        let text = match p.problem {
            Problem::Required => format!("The {what} is empty: fill it in. Nothing was saved."),
            Problem::TooLong { max } => format!(
                "The {what} is longer than {max} characters: shorten it. Nothing was saved; what you typed is kept."
            ),
            _ => "Choose a language from the list. Nothing was saved.".to_owned(),
        };
        match what {
            "title" => form.title_problem = text,
            "text" => form.body_problem = text,
            _ => form.language_problem = text,
        }
    }
    form
}

/// The page, with `message` about what was just done and, after a refusal, what was typed.
async fn show(
    state: &AppState,
    admin: &SignedIn,
    message: Option<String>,
    typed: Option<Typed>,
) -> Result<Response, Refusal> {
    let view = state
        .instance
        .reply_templates_view(&admin.investigator)
        .await?;
    let mut new = template_box(
        None,
        &TemplateFields {
            language: "en".into(),
            ..TemplateFields::default()
        },
        String::new(),
    );
    let mut typed = typed;
    let mut groups: Vec<Group> = Vec::new();
    for template in &view.templates {
        let changed = template.updated_day.map_or_else(
            || "Shipped with Quietline".to_owned(),
            |day| format!("Last changed {day}"),
        );
        let mut form = template_box(Some(template.key), &template.fields, changed);
        if let Some(t) = typed.take_if(|t| t.key == Some(template.key)) {
            let changed = std::mem::take(&mut form.changed);
            form = with_problems(
                template_box(Some(template.key), &t.fields, changed),
                &t.problems,
            );
        }
        let language = language_name(&template.fields.language);
        match groups.last_mut() {
            Some(group) if group.language == language => group.templates.push(form),
            _ => groups.push(Group {
                language,
                templates: vec![form],
            }),
        }
    }
    // Refused for the new form, or for a template no longer listed: in the new form.
    if let Some(t) = typed {
        new = with_problems(template_box(None, &t.fields, String::new()), &t.problems);
    }
    let refused = new.has_problem()
        || groups
            .iter()
            .flat_map(|g| &g.templates)
            .any(TemplateBox::has_problem);
    let page = TemplatesPage {
        nav: admin.nav(),
        message,
        shipped: view.shipped,
        groups,
        new: vec![new],
        title_max: TEMPLATE_TITLE_MAX_CHARS,
        body_max: TEMPLATE_BODY_MAX_CHARS,
    };
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(page)).into_response())
}

/// `GET /investigator/admin/templates`.
pub(crate) async fn page(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> Result<Response, Refusal> {
    show(&state, &admin, None, None).await
}

/// `POST /investigator/admin/templates`: a new template.
pub(crate) async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Posted(form): Posted<TemplateForm>,
) -> Result<Response, Refusal> {
    let fields = form.fields();
    let outcome = state
        .instance
        .change_reply_template(
            &admin.investigator,
            TemplateChange::Create(fields.clone()),
            admin.request_id(),
            admin.now,
        )
        .await;
    after(&state, &admin, None, fields, outcome, "Template added.").await
}

/// `POST /investigator/admin/templates/{template}`: new wording for a template.
pub(crate) async fn update(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(key): Path<TemplateKey>,
    Posted(form): Posted<TemplateForm>,
) -> Result<Response, Refusal> {
    let fields = form.fields();
    let outcome = state
        .instance
        .change_reply_template(
            &admin.investigator,
            TemplateChange::Update(key, fields.clone()),
            admin.request_id(),
            admin.now,
        )
        .await;
    after(
        &state,
        &admin,
        Some(key),
        fields,
        outcome,
        "Template saved.",
    )
    .await
}

/// `POST /investigator/admin/templates/{template}/delete`.
pub(crate) async fn delete(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(key): Path<TemplateKey>,
    Posted(_): Posted<TokenForm>,
) -> Result<Response, Refusal> {
    let outcome = state
        .instance
        .change_reply_template(
            &admin.investigator,
            TemplateChange::Delete(key),
            admin.request_id(),
            admin.now,
        )
        .await;
    let message = match outcome {
        Ok(_) => {
            "Template deleted. (With no template left at all, the ones shipped with Quietline are offered again.)"
        }
        Err(ServiceError::NotFound) => {
            "That template was already deleted or changed by another admin: nothing was deleted. The list below is current."
        }
        Err(err) => return Err(err.into()),
    };
    show(&state, &admin, Some(message.to_owned()), None).await
}

/// The page after a save: said, or refused with what was typed kept in its form.
async fn after(
    state: &AppState,
    admin: &SignedIn,
    key: Option<TemplateKey>,
    fields: TemplateFields,
    outcome: Result<Option<TemplateKey>, ServiceError>,
    said: &str,
) -> Result<Response, Refusal> {
    match outcome {
        Ok(_) => show(state, admin, Some(said.to_owned()), None).await,
        Err(ServiceError::Invalid(problems)) => {
            let typed = Typed {
                key,
                fields,
                problems,
            };
            show(state, admin, None, Some(typed)).await
        }
        Err(ServiceError::NotFound) => {
            let typed = Typed {
                key: None,
                fields,
                problems: Vec::new(),
            };
            let message = "That template was deleted or changed by another admin meanwhile: nothing was saved. The list below is current; what you typed is in the form \"New template\" at the end of the page.";
            show(state, admin, Some(message.to_owned()), Some(typed)).await
        }
        Err(err) => Err(err.into()),
    }
}
