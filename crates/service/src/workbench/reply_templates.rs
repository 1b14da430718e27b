//! Reply templates: wording investigators insert into a message to a reporter, in the
//! reporter's language ("we received your report", "can you tell us more about…", "we will
//! not contact your family"). Admins edit them; each is sealed to the workspace key (an
//! organisation's wording can reveal its methods), with only a random id and days in clear.
//!
//! Safe defaults ship in code, in English, French and Chinese (simplified and traditional).
//! Until an admin first changes a template, the workbench offers the shipped ones; that first
//! change stores them all in the database (sealed, like any template) together with the change
//! itself, and from then on the stored templates are the whole list. So an organisation that
//! never edits gets the wording of the version it runs, and one that edits loses nothing it
//! did not delete. Deleting every stored template brings the shipped ones back.
//!
//! A report's page lists the templates of the report's language, or, when there is none in
//! that language, the English ones, and says so. Every admin change is audited by the
//! template's id, never its content.

use std::fmt;
use std::str::FromStr;

use quietline_core::{Day, FieldError, Problem, ReplyTemplateId};
use quietline_crypto::seal;
use quietline_storage::{ReplyTemplateRow, StorageError};
use serde::{Deserialize, Serialize};

use super::workspace::WorkspaceKeys;
use super::{Investigator, Now, UnlockedWorkspace};
use crate::audit::AuditAction;
use crate::{Instance, ServiceError};

/// Longest title, in characters.
pub const TEMPLATE_TITLE_MAX_CHARS: usize = 100;
/// Longest text, in characters.
pub const TEMPLATE_BODY_MAX_CHARS: usize = 4000;
/// Longest language code (`zh-Hant`, `de-CH`...).
const LANGUAGE_MAX_CHARS: usize = 16;
/// The language a report's page falls back to when there is no template in the report's.
pub const FALLBACK_LANGUAGE: &str = "en";

/// A template shipped in code.
struct Shipped {
    /// Stable name (`en-received`), the template's key until it is stored.
    slug: &'static str,
    language: &'static str,
    title: &'static str,
    body: &'static str,
}

/// The shipped defaults: careful wording that promises nothing the organisation may not keep.
/// (French punctuation with its no-break spaces; Chinese with full-width punctuation.)
const SHIPPED: &[Shipped] = &[
    Shipped {
        slug: "en-received",
        language: "en",
        title: "We received your report",
        body: "Thank you for your report. We have received it, and someone on our team is reading it carefully. \
               You can come back to this page with your receipt to read our messages and answer them. \
               Please keep your receipt somewhere safe: we cannot recover it for you.",
    },
    Shipped {
        slug: "en-more",
        language: "en",
        title: "Can you tell us more about…",
        body: "Thank you. To understand what happened, could you tell us more about …? \
               Please share only what you feel safe sharing. If you are not sure about something, it is fine to say so.",
    },
    Shipped {
        slug: "en-family",
        language: "en",
        title: "We will not contact your family",
        body: "We will not contact your family or anyone you named without your permission. \
               If we ever think it would help to speak to someone, we will ask you here first, and you can say no.",
    },
    Shipped {
        slug: "fr-received",
        language: "fr",
        title: "Nous avons bien reçu votre signalement",
        body: "Merci pour votre signalement. Nous l’avons bien reçu, et une personne de notre équipe le lit attentivement. \
               Vous pouvez revenir sur cette page avec votre reçu pour lire nos messages et y répondre. \
               Gardez votre reçu en lieu sûr\u{a0}: nous ne pouvons pas le retrouver pour vous.",
    },
    Shipped {
        slug: "fr-more",
        language: "fr",
        title: "Pouvez-vous nous en dire plus sur…",
        body: "Merci. Pour bien comprendre ce qui s’est passé, pourriez-vous nous en dire plus sur …\u{202f}? \
               Ne partagez que ce que vous pouvez partager sans danger. Si vous n’êtes pas sûr de quelque chose, vous pouvez simplement le dire.",
    },
    Shipped {
        slug: "fr-family",
        language: "fr",
        title: "Nous ne contacterons pas votre famille",
        body: "Nous ne contacterons ni votre famille ni aucune des personnes que vous avez nommées sans votre accord. \
               Si nous pensons un jour qu’il serait utile de parler à quelqu’un, nous vous le demanderons d’abord ici, et vous pourrez refuser.",
    },
    Shipped {
        slug: "zh-Hans-received",
        language: "zh-Hans",
        title: "我们已收到您的举报",
        body: "感谢您的举报。我们已经收到，团队成员正在认真阅读。\
               您可以凭回执码回到这个页面，查看并回复我们的留言。\
               请把回执码保存在安全的地方：回执码丢失后，我们无法为您找回。",
    },
    Shipped {
        slug: "zh-Hans-more",
        language: "zh-Hans",
        title: "能否再详细说说……",
        body: "谢谢您。为了更好地了解发生了什么，能否请您再详细说说……？\
               请只分享您觉得安全的内容。如果有不确定的地方，直接告诉我们就好。",
    },
    Shipped {
        slug: "zh-Hans-family",
        language: "zh-Hans",
        title: "我们不会联系您的家人",
        body: "未经您的同意，我们不会联系您的家人或您提到的任何人。\
               如果我们认为有必要与某人联系，会先在这里征求您的意见，您可以拒绝。",
    },
    Shipped {
        slug: "zh-Hant-received",
        language: "zh-Hant",
        title: "我們已收到您的舉報",
        body: "感謝您的舉報。我們已經收到，團隊成員正在認真閱讀。\
               您可以憑回執碼回到這個頁面，查看並回覆我們的訊息。\
               請把回執碼保存在安全的地方：回執碼遺失後，我們無法為您找回。",
    },
    Shipped {
        slug: "zh-Hant-more",
        language: "zh-Hant",
        title: "能否再詳細說說……",
        body: "謝謝您。為了更了解發生了什麼事，能否請您再詳細說說……？\
               請只分享您覺得安全的內容。如果有不確定的地方，直接告訴我們就好。",
    },
    Shipped {
        slug: "zh-Hant-family",
        language: "zh-Hant",
        title: "我們不會聯絡您的家人",
        body: "未經您的同意，我們不會聯絡您的家人或您提到的任何人。\
               如果我們認為有必要與某人聯絡，會先在這裡徵求您的意見，您可以拒絕。",
    },
];

/// Which template: a stored one by its id, or a shipped default by its name (until the first
/// admin change stores them). Written as the id's 32 hex digits, or `shipped-<name>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemplateKey {
    /// A template in the database.
    Stored(ReplyTemplateId),
    /// A default shipped in code, by its position in the list.
    Shipped(usize),
}

const SHIPPED_PREFIX: &str = "shipped-";

impl fmt::Display for TemplateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stored(id) => write!(f, "{id}"),
            Self::Shipped(i) => {
                let slug = SHIPPED.get(*i).map_or("", |s| s.slug);
                write!(f, "{SHIPPED_PREFIX}{slug}")
            }
        }
    }
}

/// Text that names no template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a reply template")]
pub struct NotATemplate;

impl FromStr for TemplateKey {
    type Err = NotATemplate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.strip_prefix(SHIPPED_PREFIX) {
            Some(slug) => SHIPPED
                .iter()
                .position(|t| t.slug == slug)
                .map(Self::Shipped)
                .ok_or(NotATemplate),
            None => s.parse().map(Self::Stored).map_err(|_| NotATemplate),
        }
    }
}

impl<'de> Deserialize<'de> for TemplateKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What a template says, as typed or as stored (the sealed JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateFields {
    /// What investigators choose it by.
    pub title: String,
    /// The language it is written in (a language tag: `en`, `fr`, `zh-Hant`).
    pub language: String,
    /// The text inserted into the message.
    pub body: String,
}

/// A reply template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyTemplate {
    /// Which one.
    pub key: TemplateKey,
    /// Title, language, text.
    pub fields: TemplateFields,
    /// Day of the last change (`None` for a shipped default).
    pub updated_day: Option<Day>,
}

/// The templates a report's page offers.
#[derive(Clone, Debug, Default)]
pub struct ReplyTemplates {
    /// The report's language.
    pub language: String,
    /// The language of the templates listed: the report's, or [`FALLBACK_LANGUAGE`] when
    /// there is none in the report's.
    pub shown_language: String,
    /// Sorted by title.
    pub templates: Vec<ReplyTemplate>,
}

impl ReplyTemplates {
    /// Whether the templates are not in the report's language (there is none in it).
    pub fn fell_back(&self) -> bool {
        self.language != self.shown_language
    }

    /// The template with this key, if listed.
    pub fn get(&self, key: TemplateKey) -> Option<&ReplyTemplate> {
        self.templates.iter().find(|t| t.key == key)
    }
}

/// Every template, for the admin page.
#[derive(Clone, Debug)]
pub struct ReplyTemplatesView {
    /// By language, then title.
    pub templates: Vec<ReplyTemplate>,
    /// The list is the shipped defaults (no admin has changed a template yet).
    pub shipped: bool,
}

/// What an admin does to a template.
#[derive(Clone, Debug)]
pub enum TemplateChange {
    /// A new template.
    Create(TemplateFields),
    /// New wording for this one.
    Update(TemplateKey, TemplateFields),
    /// This one goes.
    Delete(TemplateKey),
}

impl Instance {
    /// The templates for a report in `language` (or, when there is none in it, the English
    /// ones). Rows that do not open are left out (and logged): a damaged template never keeps
    /// a report's page from opening.
    pub(crate) async fn reply_templates_in(
        &self,
        workspace: &UnlockedWorkspace,
        language: &str,
    ) -> Result<ReplyTemplates, ServiceError> {
        let all = self.all_reply_templates(&workspace.keys()).await?.0;
        let of = |lang: &str| -> Vec<ReplyTemplate> {
            all.iter()
                .filter(|t| t.fields.language == lang)
                .cloned()
                .collect()
        };
        let mut shown_language = language.to_owned();
        let mut templates = of(language);
        if templates.is_empty() {
            shown_language = FALLBACK_LANGUAGE.to_owned();
            templates = of(FALLBACK_LANGUAGE);
        }
        templates.sort_by(|a, b| a.fields.title.cmp(&b.fields.title));
        Ok(ReplyTemplates {
            language: language.to_owned(),
            shown_language,
            templates,
        })
    }

    /// Every template, for the admin page (admins only).
    pub async fn reply_templates_view(
        &self,
        admin: &Investigator,
    ) -> Result<ReplyTemplatesView, ServiceError> {
        if !admin.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let workspace = self.workspace_for(admin)?;
        let (mut templates, shipped) = self.all_reply_templates(&workspace.keys()).await?;
        templates.sort_by(|a, b| {
            (&a.fields.language, &a.fields.title).cmp(&(&b.fields.language, &b.fields.title))
        });
        Ok(ReplyTemplatesView { templates, shipped })
    }

    /// Creates, edits or deletes a template (admins only), and returns the key of the template
    /// created or edited. The first change stores the shipped defaults with it. Refused with
    /// [`ServiceError::Invalid`] (fields `title`, `language`, `body`) when the fields do not
    /// validate, [`ServiceError::NotFound`] when the template is gone (or, for a shipped one,
    /// when another admin stored the defaults meanwhile: the list is read again).
    pub async fn change_reply_template(
        &self,
        admin: &Investigator,
        change: TemplateChange,
        request_id: &str,
        now: Now,
    ) -> Result<Option<TemplateKey>, ServiceError> {
        if !admin.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let workspace = self.workspace_for(admin)?;
        if let TemplateChange::Create(fields) | TemplateChange::Update(_, fields) = &change {
            check_fields(fields)?;
        }
        let recipient = workspace.recipient();
        let day = Day::new(now.today());
        let sealed_row = |id: ReplyTemplateId,
                          fields: &TemplateFields|
         -> Result<ReplyTemplateRow, ServiceError> {
            let json = serde_json::to_vec(&SealedTemplate {
                origin: self.template_origin(id, fields)?,
                fields: fields.clone(),
            })
            .map_err(|_| ServiceError::Corrupt("template"))?;
            Ok(ReplyTemplateRow {
                id,
                created_day: day,
                updated_day: day,
                sealed: seal(std::slice::from_ref(&recipient), &json)?,
            })
        };
        let db = &self.inner.db;
        let _one_change_at_a_time = workspace.template_changes.lock().await;
        let stored_any = !db.reply_template_rows().await?.is_empty();
        let touches_shipped = matches!(
            change,
            TemplateChange::Update(TemplateKey::Shipped(_), _)
                | TemplateChange::Delete(TemplateKey::Shipped(_))
        );
        if touches_shipped && stored_any {
            // The defaults were stored by another admin since this page was shown.
            return Err(ServiceError::NotFound);
        }
        // The first change: the shipped defaults are stored with it, as it leaves them.
        let mut rows = Vec::new();
        if !stored_any {
            for (i, shipped) in SHIPPED.iter().enumerate() {
                let fields = match &change {
                    TemplateChange::Delete(TemplateKey::Shipped(gone)) if *gone == i => continue,
                    TemplateChange::Update(TemplateKey::Shipped(edited), fields)
                        if *edited == i =>
                    {
                        fields.clone()
                    }
                    _ => shipped.fields(),
                };
                rows.push((i, sealed_row(ReplyTemplateId::random(), &fields)?));
            }
        }
        let seeded = rows.len();
        let (action, changed) = match &change {
            TemplateChange::Create(fields) => {
                let row = sealed_row(ReplyTemplateId::random(), fields)?;
                let id = row.id;
                rows.push((usize::MAX, row));
                (AuditAction::ReplyTemplateCreated, TemplateKey::Stored(id))
            }
            TemplateChange::Update(key, fields) => {
                let id = match key {
                    TemplateKey::Stored(id) => {
                        if !rows.is_empty() {
                            // Nothing is stored: the id is of a template deleted since.
                            return Err(ServiceError::NotFound);
                        }
                        let row = sealed_row(*id, fields)?;
                        db.update_reply_template(*id, &row.sealed, day)
                            .await
                            .map_err(not_found)?;
                        *id
                    }
                    TemplateKey::Shipped(i) => rows
                        .iter()
                        .find(|(j, _)| j == i)
                        .map(|(_, row)| row.id)
                        .ok_or(ServiceError::NotFound)?,
                };
                (AuditAction::ReplyTemplateEdited, TemplateKey::Stored(id))
            }
            TemplateChange::Delete(key) => {
                if let TemplateKey::Stored(id) = key {
                    if !rows.is_empty() {
                        return Err(ServiceError::NotFound);
                    }
                    db.delete_reply_template(*id).await.map_err(not_found)?;
                }
                // A shipped one deleted at the first change is named by its shipped name.
                (AuditAction::ReplyTemplateDeleted, *key)
            }
        };
        if !rows.is_empty() {
            let rows: Vec<ReplyTemplateRow> = rows.into_iter().map(|(_, row)| row).collect();
            if !db.insert_reply_templates(&rows, !stored_any).await? {
                return Err(ServiceError::NotFound);
            }
        }
        if seeded > 0 {
            self.audit_investigator(
                admin.id,
                AuditAction::ReplyTemplatesStored,
                String::new(),
                [("count", seeded.into())],
                request_id,
                now,
            )
            .await?;
        }
        self.audit_investigator(admin.id, action, changed.to_string(), [], request_id, now)
            .await?;
        Ok(match change {
            TemplateChange::Delete(_) => None,
            _ => Some(changed),
        })
    }

    /// Every template, stored or (with none stored) shipped; `true` with the shipped ones.
    async fn all_reply_templates(
        &self,
        keys: &WorkspaceKeys,
    ) -> Result<(Vec<ReplyTemplate>, bool), ServiceError> {
        let rows = self.inner.db.reply_template_rows().await?;
        if rows.is_empty() {
            let shipped = SHIPPED
                .iter()
                .enumerate()
                .map(|(i, s)| ReplyTemplate {
                    key: TemplateKey::Shipped(i),
                    fields: s.fields(),
                    updated_day: None,
                })
                .collect();
            return Ok((shipped, true));
        }
        let mut templates = Vec::with_capacity(rows.len());
        for row in rows {
            let Some(sealed) = keys
                .open(&row.sealed)
                .ok()
                .and_then(|plain| serde_json::from_slice::<SealedTemplate>(&plain).ok())
            else {
                tracing::error!(template = %row.id, "a reply template does not open");
                continue;
            };
            if !self.template_origin_ok(row.id, &sealed) {
                tracing::error!(
                    template = %row.id,
                    "a reply template failed its proof of origin and is not offered: the database was changed outside Quietline"
                );
                continue;
            }
            templates.push(ReplyTemplate {
                key: TemplateKey::Stored(row.id),
                fields: sealed.fields,
                updated_day: Some(row.updated_day),
            });
        }
        Ok((templates, false))
    }

    /// A template's proof of origin: a tag under the pepper-derived key (`secrets/`, never in
    /// the database) over its id and fields. Anyone can seal text to the workspace key, whose
    /// public half is in the database; only this server can make the tag, so a template
    /// planted by someone who can write the database is never offered to investigators, whose
    /// messages would carry it to reporters.
    fn template_origin(
        &self,
        id: ReplyTemplateId,
        fields: &TemplateFields,
    ) -> Result<String, ServiceError> {
        let json = serde_json::to_vec(fields).map_err(|_| ServiceError::Corrupt("template"))?;
        Ok(self
            .inner
            .auth
            .tag(TEMPLATE_ORIGIN, &[id.to_string().as_bytes(), &json]))
    }

    fn template_origin_ok(&self, id: ReplyTemplateId, sealed: &SealedTemplate) -> bool {
        serde_json::to_vec(&sealed.fields).is_ok_and(|json| {
            self.inner.auth.verify(
                TEMPLATE_ORIGIN,
                &[id.to_string().as_bytes(), &json],
                Some(&sealed.origin),
            )
        })
    }
}

/// What a template row's sealed bytes hold: the fields and their proof of origin.
#[derive(Serialize, Deserialize)]
struct SealedTemplate {
    fields: TemplateFields,
    /// [`Instance::template_origin`] of the row's id and these fields.
    origin: String,
}

/// What a template's proof of origin is for (the tag's kind).
const TEMPLATE_ORIGIN: &str = "reply_template";

impl Shipped {
    fn fields(&self) -> TemplateFields {
        TemplateFields {
            title: self.title.to_owned(),
            language: self.language.to_owned(),
            body: self.body.to_owned(),
        }
    }
}

fn not_found(err: StorageError) -> ServiceError {
    match err {
        StorageError::NotFound => ServiceError::NotFound,
        other => other.into(),
    }
}

/// Title and text present and within their limits, a language tag of letters and hyphens.
fn check_fields(fields: &TemplateFields) -> Result<(), ServiceError> {
    let mut problems = Vec::new();
    let mut check = |field: &str, text: &str, max: usize| {
        let problem = if text.trim().is_empty() {
            Some(Problem::Required)
        } else if text.chars().count() > max {
            Some(Problem::TooLong { max })
        } else {
            None
        };
        if let Some(problem) = problem {
            problems.push(FieldError {
                field: field.into(),
                problem,
            });
        }
    };
    check("title", &fields.title, TEMPLATE_TITLE_MAX_CHARS);
    check("body", &fields.body, TEMPLATE_BODY_MAX_CHARS);
    let language = &fields.language;
    if language.is_empty()
        || language.len() > LANGUAGE_MAX_CHARS
        || !language
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        problems.push(FieldError {
            field: "language".into(),
            problem: Problem::InvalidChoice,
        });
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_the_shipped_defaults_cover_the_four_languages() {
        for (i, _) in SHIPPED.iter().enumerate() {
            let key = TemplateKey::Shipped(i);
            assert_eq!(key.to_string().parse::<TemplateKey>(), Ok(key));
        }
        let id = ReplyTemplateId::random();
        let key = TemplateKey::Stored(id);
        assert_eq!(key.to_string(), id.to_string());
        assert_eq!(key.to_string().parse::<TemplateKey>(), Ok(key));
        assert!("shipped-xx".parse::<TemplateKey>().is_err());
        assert!("../x".parse::<TemplateKey>().is_err());
        for language in ["en", "fr", "zh-Hans", "zh-Hant"] {
            let of: Vec<&Shipped> = SHIPPED.iter().filter(|s| s.language == language).collect();
            assert_eq!(of.len(), 3, "{language}");
            for s in of {
                assert!(check_fields(&s.fields()).is_ok(), "{}", s.slug);
                assert!(s.slug.starts_with(language), "{}", s.slug);
            }
        }
    }

    #[test]
    fn fields_are_checked() {
        let good = TemplateFields {
            title: "T".into(),
            language: "zh-Hant".into(),
            body: "B".into(),
        };
        assert!(check_fields(&good).is_ok());
        let bad = TemplateFields {
            title: " ".into(),
            language: "fr; drop".into(),
            body: "x".repeat(TEMPLATE_BODY_MAX_CHARS + 1),
        };
        let Err(ServiceError::Invalid(problems)) = check_fields(&bad) else {
            panic!("accepted");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["title", "body", "language"]);
    }
}
