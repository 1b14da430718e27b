//! A report in the workbench: everything decrypted and laid out, files to download, the
//! conversation, notes, status, assignment and tags.

use askama::Template;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use quietline_core::taxonomy::{Consent, WhenPrecision};
use quietline_core::{AttachmentId, ReportId, ReportStatus};
use quietline_service::Author;

use super::controls::{Opt, label, status_label};
use crate::extract::{Path, SignedIn};
use crate::i18n::human_size;
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

struct PersonView {
    names: String,
    role: String,
    phones: String,
    wechat: String,
    emails: String,
    accounts: String,
    description: String,
}

struct FileView {
    /// The attachment's id (its derived copies' forms name it).
    id: String,
    href: String,
    name: String,
    size: String,
    content_type: String,
    origin: &'static str,
    day: String,
    /// Claimed to be a JPEG, PNG or PDF: "Make a copy without metadata" is offered (what the
    /// file really is is read from its first bytes when the button is used).
    strippable: bool,
    /// Its derived copies.
    derived: Vec<DerivedView>,
}

/// A derived copy, under its original.
struct DerivedView {
    href: String,
    kind: &'static str,
    name: String,
    size: String,
    who: String,
    day: String,
    reason: String,
    /// For a copy without metadata: what was removed, in words ("" for another kind).
    removed: String,
    /// A copy without metadata of a file that had none.
    nothing_removed: bool,
    sha256: String,
}

struct MessageView {
    from_reporter: bool,
    verified: bool,
    day: String,
    text: String,
}

struct ConsentView {
    label: String,
    given: bool,
}

#[derive(Template)]
#[template(path = "workbench/report.html", escape = "workbench")]
struct ReportPage {
    nav: Nav,
    id: String,
    /// The short reference investigators name it by.
    report_ref: String,
    /// The reports above and below it in the inbox: (id, reference).
    newer: Option<(String, String)>,
    older: Option<(String, String)>,
    status: String,
    received: String,
    updated: String,
    language: String,
    /// The form's language by name ("简体中文 (Simplified Chinese)").
    language_name: String,
    subject: String,
    incidents: Vec<String>,
    incident_other: String,
    demands: Vec<String>,
    demand_other: String,
    when: String,
    ongoing: bool,
    place: Vec<(String, String)>,
    people: Vec<PersonView>,
    organisations: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    narrative: String,
    contact: String,
    consents: Vec<ConsentView>,
    files: Vec<FileView>,
    /// The kinds of copy an investigator may upload.
    derived_kinds: Vec<Opt>,
    /// Longest reason of a derived copy.
    max_reason: usize,
    messages: Vec<MessageView>,
    notes: Vec<quietline_service::NoteView>,
    tags: String,
    statuses: Vec<Opt>,
    assignees: Vec<Opt>,
    also_in: Vec<super::links::RecordLinks>,
    /// The cross-reference index is still being built after the unlock.
    xref_building: bool,
    draft: Draft,
    /// The site registry could not be read: the section says so instead of "no site".
    sites_unavailable: bool,
    /// This request's id: where the log has the details.
    reference: String,
    linked_sites: Vec<(String, String)>,
    site_suggestions: Vec<SuggestedSite>,
    site_options: Vec<Opt>,
    /// The reply templates offered beside the message box (value: the template's key).
    reply_templates: Vec<Opt>,
    /// Said beside them when they are not in the report's language.
    templates_note: String,
    /// Its retention: the day, and whether it was postponed, is held or is due soon.
    retention_day: String,
    retention_postponed: bool,
    retention_held: bool,
    retention_due_soon: bool,
}

/// What an investigator typed into the page's two text boxes, carried by every button of the
/// page's one form: a page that comes back (after another control was used, or with a problem)
/// has them in their boxes. Nothing typed is lost, and nothing of it is stored.
#[derive(Default)]
pub(super) struct Draft {
    pub message: String,
    pub message_problem: String,
    pub note: String,
    pub note_problem: String,
    /// What was just saved, said above the page when it comes back with a draft kept.
    pub saved: &'static str,
    /// A copy without metadata could not be made: why, said in the files' section.
    pub files_problem: String,
    /// A reply template to add to the end of the message box (its text is in the page's
    /// view, in the report's language).
    pub insert: Option<quietline_service::TemplateKey>,
    /// The tags as typed and not saved (after "Insert", which saves nothing), shown instead of
    /// the saved ones.
    pub tags: Option<String>,
    /// A postponement refused: the day and reason as typed, and why.
    pub retain_until: String,
    pub retention_reason: String,
    pub retention_problem: String,
}

/// The page's two text boxes.
#[derive(Clone, Copy)]
pub(super) enum TextBox {
    Message,
    Note,
}

impl Draft {
    /// The two boxes as posted.
    pub fn kept(message: &str, note: &str) -> Self {
        Self {
            message: message.to_owned(),
            note: note.to_owned(),
            ..Self::default()
        }
    }

    /// Whether both boxes are empty (or hold only spaces).
    pub fn is_empty(&self) -> bool {
        self.message.trim().is_empty() && self.note.trim().is_empty()
    }

    /// The box's text refused: kept, with the reason in words.
    pub fn refused(mut self, text_box: TextBox, problems: &[quietline_core::FieldError]) -> Self {
        let what = match text_box {
            TextBox::Message => "message",
            TextBox::Note => "note",
        };
        let problem = match problems.first().map(|p| &p.problem) {
            Some(quietline_core::Problem::TooLong { max }) => format!(
                "This {what} is longer than {max} characters: shorten it or split it. Nothing was saved; your text is kept below."
            ),
            _ => format!("This {what} is empty. Nothing was saved."),
        };
        match text_box {
            TextBox::Message => self.message_problem = problem,
            TextBox::Note => self.note_problem = problem,
        }
        self
    }

    /// A postponement of the retention refused: what was typed, kept, with the reason.
    pub fn retention_refused(
        mut self,
        until: &str,
        reason: &str,
        problems: &[quietline_core::FieldError],
    ) -> Self {
        self.retain_until = until.to_owned();
        self.retention_reason = reason.to_owned();
        self.retention_problem = match problems.first() {
            Some(p) if p.field == "reason" => match p.problem {
                quietline_core::Problem::TooLong { max } => {
                    format!("The reason is longer than {max} characters. Nothing was saved.")
                }
                _ => "Say why the report must be kept longer. Nothing was saved.".to_owned(),
            },
            _ => "Give a day written YYYY-MM-DD, later than the current retention day. Nothing was saved.".to_owned(),
        };
        self
    }

    /// The box whose text was just sent or added: emptied.
    pub fn sent(mut self, text_box: TextBox, saved: &'static str) -> Self {
        match text_box {
            TextBox::Message => self.message.clear(),
            TextBox::Note => self.note.clear(),
        }
        self.saved = saved;
        self
    }
}

/// `GET /investigator/reports/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(report): Path<ReportId>,
) -> Result<Response, Refusal> {
    report_page(&state, &desk, report, Draft::default()).await
}

/// The report's page, with `draft` in its text boxes (422 when the draft carries a problem).
pub(super) async fn report_page(
    state: &AppState,
    desk: &SignedIn,
    report: ReportId,
    draft: Draft,
) -> Result<Response, Refusal> {
    let view = state
        .instance
        .open_report(&desk.investigator, report, desk.request_id(), desk.now)
        .await?;
    let usernames: std::collections::HashMap<quietline_core::InvestigatorId, String> = view
        .investigators
        .iter()
        .map(|p| (p.id, p.username.clone()))
        .collect();
    let xref_building = view.xref.is_none();
    let also_in = view.xref.as_deref().map_or_else(Vec::new, |xref| {
        super::links::record_links(xref, &usernames, &view.references)
    });
    let (linked_sites, site_suggestions, site_options) = view
        .sites
        .as_ref()
        .map_or_else(|| (Vec::new(), Vec::new(), Vec::new()), site_choices);
    let a = &view.answers;
    let when = match a.when.precision {
        WhenPrecision::Exact => a.when.date.clone().unwrap_or_default(),
        WhenPrecision::Month => a.when.month.clone().unwrap_or_default(),
        WhenPrecision::Approximate => a.when.approximate.clone(),
        WhenPrecision::Unknown => "Not known".into(),
    };
    let country = if a.place.country.is_empty() {
        a.place.country_other.clone()
    } else {
        label("country", &a.place.country)
    };
    let place = [
        ("Country", country),
        ("City", a.place.city.clone()),
        (
            "Kind of place",
            a.place
                .kind
                .map(|k| label("place-kind", k.code()))
                .unwrap_or_default(),
        ),
        ("Name", a.place.name.clone()),
        ("Address", a.place.address.clone()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let draft = with_template(draft, &view.reply_templates);
    let status = if draft.message_problem.is_empty()
        && draft.note_problem.is_empty()
        && draft.retention_problem.is_empty()
        && draft.files_problem.is_empty()
    {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ReportPage {
        nav: desk.nav(),
        retention_day: view.retention.day.to_string(),
        retention_postponed: view.retention.postponed,
        retention_held: view.retention.legal_hold,
        retention_due_soon: view.retention.due_soon,
        id: view.id.to_string(),
        report_ref: super::links::reference_text(&view.references, view.id),
        newer: view.neighbours.0.map(|id| {
            (
                id.to_string(),
                super::links::reference_text(&view.references, id),
            )
        }),
        older: view.neighbours.1.map(|id| {
            (
                id.to_string(),
                super::links::reference_text(&view.references, id),
            )
        }),
        status: status_label(view.status).into(),
        received: view.received_day.to_string(),
        updated: view.updated_day.to_string(),
        language: a.language.clone(),
        language_name: super::controls::language_name(&a.language),
        subject: label("subject", a.subject.code()),
        incidents: a
            .incidents
            .iter()
            .map(|i| label("incident", i.code()))
            .collect(),
        incident_other: a.incident_other.clone(),
        demands: a
            .demands
            .iter()
            .map(|d| label("demand", d.code()))
            .collect(),
        demand_other: a.demand_other.clone(),
        when,
        ongoing: a.when.ongoing,
        place,
        people: a
            .people
            .iter()
            .map(|p| PersonView {
                names: p.names.join(" / "),
                role: p.role.map(|r| label("role", r.code())).unwrap_or_default(),
                phones: p.phones.join(", "),
                wechat: p.wechat.join(", "),
                emails: p.emails.join(", "),
                accounts: p.other_accounts.clone(),
                description: p.description.clone(),
            })
            .collect(),
        organisations: a
            .organisations
            .iter()
            .map(|o| (o.name.clone(), o.details.clone()))
            .collect(),
        actions: [
            (
                "Reported to police",
                if a.actions.reported_to_police {
                    "Yes".to_owned()
                } else {
                    "No".to_owned()
                },
            ),
            ("Police report number", a.actions.police_reference.clone()),
            (
                "Other organisations told",
                a.actions.other_organisations.clone(),
            ),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
        narrative: a.narrative.clone(),
        contact: a.contact.clone(),
        consents: Consent::ALL
            .iter()
            .map(|c| ConsentView {
                label: label("consent", c.code()),
                given: a.consents.contains(c),
            })
            .collect(),
        files: view
            .attachments
            .iter()
            .map(|f| FileView {
                id: f.id.to_string(),
                strippable: claims_strippable(&f.meta.name, &f.meta.content_type),
                derived: view
                    .derived
                    .iter()
                    .filter(|d| d.original == f.id)
                    .map(|d| derived_view(view.id, d, &usernames))
                    .collect(),
                href: format!("/investigator/reports/{}/files/{}", view.id, f.id),
                name: f.meta.name.clone(),
                size: human_size(f.meta.size),
                content_type: f.meta.content_type.clone(),
                origin: match f.origin {
                    quietline_service::AttachmentOrigin::Submission => "with the report",
                    quietline_service::AttachmentOrigin::Reply => "later",
                },
                day: f.added_day.to_string(),
            })
            .collect(),
        derived_kinds: super::controls::derived_kind_options(""),
        max_reason: quietline_service::DERIVED_REASON_MAX_CHARS,
        messages: view
            .messages
            .iter()
            .map(|m| MessageView {
                from_reporter: m.author == Author::Reporter,
                verified: m.verified,
                day: m.day.to_string(),
                text: m.text.clone(),
            })
            .collect(),
        notes: view.notes.clone(),
        tags: draft.tags.clone().unwrap_or_else(|| view.tags.join(", ")),
        statuses: ReportStatus::ALL
            .iter()
            .map(|s| Opt {
                value: s.code().into(),
                label: status_label(*s).into(),
                selected: *s == view.status,
            })
            .collect(),
        assignees: std::iter::once(Opt {
            value: "nobody".into(),
            label: "Nobody".into(),
            selected: view.assignee.is_none(),
        })
        .chain(view.investigators.iter().map(|p| Opt {
            value: p.id.to_string(),
            label: p.username.clone(),
            selected: view.assignee == Some(p.id),
        }))
        .collect(),
        also_in,
        xref_building,
        draft,
        sites_unavailable: view.sites.is_none(),
        reference: desk.request_id().to_owned(),
        linked_sites,
        site_suggestions,
        site_options,
        reply_templates: view
            .reply_templates
            .templates
            .iter()
            .map(|t| Opt {
                value: t.key.to_string(),
                label: t.fields.title.clone(),
                selected: false,
            })
            .collect(),
        templates_note: if view.reply_templates.fell_back() {
            format!(
                "There is no reply template in {}: these are in {}.",
                super::controls::language_name(&view.reply_templates.language),
                super::controls::language_name(&view.reply_templates.shown_language),
            )
        } else {
            String::new()
        },
    };
    Ok((status, render(page)).into_response())
}

/// The draft with the template it asks for added to the end of the message box (after what
/// was typed, never instead of it); a template no longer offered is said beside the box.
fn with_template(mut draft: Draft, templates: &quietline_service::ReplyTemplates) -> Draft {
    let Some(key) = draft.insert.take() else {
        return draft;
    };
    match templates.get(key) {
        Some(template) => {
            // Browsers send a text box's line breaks as CRLF; one kind of break in the box.
            let mut message = draft.message.replace("\r\n", "\n");
            if !message.trim().is_empty() {
                while !message.ends_with("\n\n") {
                    message.push('\n');
                }
            }
            message.push_str(&template.fields.body);
            draft.message = message;
            draft.saved = "Template added to the message box: it is not sent until you press \"Send to the reporter\".";
        }
        None => {
            draft.message_problem = "That reply template is no longer offered (an admin changed the templates): choose another. Nothing was added; your message is kept below.".into();
        }
    }
    draft
}

/// A suggested site, listed with why above the link form.
struct SuggestedSite {
    id: String,
    /// Name and city.
    label: String,
    /// The reason, in words.
    why: String,
}

/// The sites this report is linked to, the suggested ones with why (the service decides:
/// the cross-referencing engine's judgement first, then same name, then same city), and the
/// choices for linking it, suggestions first and the best one preselected.
fn site_choices(
    sites: &quietline_service::ReportSites,
) -> (Vec<(String, String)>, Vec<SuggestedSite>, Vec<Opt>) {
    let label = |c: &quietline_service::SiteChoice| {
        if c.city.is_empty() {
            c.name.clone()
        } else {
            format!("{}, {}", c.name, c.city)
        }
    };
    let linked = sites
        .linked
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect();
    // Listed with their reasons above the form: the strongest few (a big city can hold
    // hundreds of sites, all "same city"); the select has them all.
    let suggestions = sites
        .suggested
        .iter()
        .take(10)
        .map(|c| {
            let why = c
                .reason
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            SuggestedSite {
                id: c.id.to_string(),
                label: label(c),
                why,
            }
        })
        .collect();
    let options = sites
        .suggested
        .iter()
        .enumerate()
        .map(|(i, c)| Opt {
            value: c.id.to_string(),
            label: format!(
                "{} (suggested: {})",
                label(c),
                c.reason
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            selected: i == 0,
        })
        .chain(sites.others.iter().map(|c| Opt {
            value: c.id.to_string(),
            label: label(c),
            selected: false,
        }))
        .collect();
    (linked, suggestions, options)
}

/// `GET /investigator/reports/{id}/files/{file}`: the file, decrypted as it streams, always
/// as a download and never rendered by the browser.
pub(crate) async fn download(
    State(state): State<AppState>,
    desk: SignedIn,
    Path((report, file)): Path<(ReportId, AttachmentId)>,
) -> Result<Response, Refusal> {
    let (meta, reader) = state
        .instance
        .open_attachment(
            &desk.investigator,
            report,
            file,
            desk.request_id(),
            desk.now,
        )
        .await?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(reader));
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    // The claimed type is shown on the report page but never trusted for serving.
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&super::controls::content_disposition(&meta.name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&meta.size.to_string()) {
        headers.insert(header::CONTENT_LENGTH, value);
    }
    Ok(response)
}

/// Whether a file claims to be a JPEG, PNG or PDF (by its type or name).
fn claims_strippable(name: &str, content_type: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        content_type.to_ascii_lowercase().as_str(),
        "image/jpeg" | "image/jpg" | "image/pjpeg" | "image/png" | "application/pdf"
    ) || [".jpg", ".jpeg", ".png", ".pdf"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn derived_view(
    report: ReportId,
    copy: &quietline_service::DerivedCopy,
    usernames: &std::collections::HashMap<quietline_core::InvestigatorId, String>,
) -> DerivedView {
    let metadata = copy.kind == quietline_service::DerivedKind::MetadataRemoved;
    DerivedView {
        href: format!("/investigator/reports/{report}/derived/{}", copy.id),
        kind: copy.kind.label(),
        name: copy.name.clone(),
        size: human_size(copy.size),
        who: usernames
            .get(&copy.investigator)
            .cloned()
            .unwrap_or_else(|| "a former investigator".into()),
        day: copy.day.to_string(),
        reason: copy.reason.clone(),
        removed: copy
            .removed
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", "),
        nothing_removed: metadata && copy.removed.is_empty(),
        sha256: copy.sha256.clone(),
    }
}
