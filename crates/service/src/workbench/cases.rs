//! Cases: what investigators take to a prosecutor. A case has a title, a status, a lead and a
//! description, and holds reports, cross-reference entities (a record of a report: a person,
//! an organisation or the place) and sites of the registry, with notes; its page merges a
//! timeline from the reports' incident dates, the sites' dated claims, the conversations and
//! the notes.
//!
//! Everything about a case is sealed to the workspace key, like notes and sites: which reports
//! belong together is exactly what an adversary reading the database wants. In clear there
//! are a random id, two days, a version (an edit is made from the version it was shown, so
//! that two investigators never overwrite each other's changes unseen) and the legal-hold
//! flag, with its copy on each held report (`reports.legal_hold`), which the daily purge reads
//! without any key. The sealed case carries a proof of origin under the pepper-derived key
//! (as reply templates do): a case planted by someone who can write the database is not
//! shown.
//!
//! Access is the report key, as everywhere: an investigator sees every case of the workspace,
//! but a report whose key they do not hold appears as "a report you cannot open", with its
//! reference and nothing of its content; their timeline leaves it out, and entities of it show
//! no name. Every action is audited by the case's id; which report, entity or site was added
//! or removed is sealed to the recovery key in `audit_sealed` (as searches are), so the trail
//! in clear never says which reports a case groups.

use std::collections::{BTreeSet, HashMap, HashSet};

use quietline_core::site::Source;
use quietline_core::taxonomy::WhenPrecision;
use quietline_core::{
    CaseId, Day, FieldError, InvestigatorId, Problem, ReportAnswers, ReportId, ReportRef, SiteId,
};
use quietline_crypto::{open, seal};
use quietline_storage::{Author, CaseRow, ObjectName, StorageError};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::workspace::WorkspaceKeys;
use super::{Investigator, Now, UnlockedWorkspace};
use crate::audit::AuditAction;
use crate::{Instance, InvestigatorSummary, ServiceError};

/// Longest title, in characters.
pub const CASE_TITLE_MAX_CHARS: usize = 200;
/// Longest description or note, in characters.
pub const CASE_TEXT_MAX_CHARS: usize = 20_000;
/// Most reports, entities and sites in one case, each.
pub const CASE_MAX_ITEMS: usize = 2_000;

/// Where a case stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Being put together.
    #[default]
    Open,
    /// Being investigated.
    Investigating,
    /// Passed on to police or a partner (within the reporters' consents).
    Referred,
    /// Closed.
    Closed,
}

impl CaseStatus {
    /// Every status, in the order a case usually goes through them.
    pub const ALL: &'static [CaseStatus] = &[
        CaseStatus::Open,
        CaseStatus::Investigating,
        CaseStatus::Referred,
        CaseStatus::Closed,
    ];

    /// The stable code (forms, audit entries).
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Investigating => "investigating",
            Self::Referred => "referred",
            Self::Closed => "closed",
        }
    }

    /// The status with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// In English, for the workbench.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Investigating => "Investigating",
            Self::Referred => "Referred",
            Self::Closed => "Closed",
        }
    }
}

/// What an investigator types about a case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFields {
    /// What it is called.
    pub title: String,
    /// Where it stands.
    pub status: CaseStatus,
    /// The investigator who leads it.
    pub lead: Option<InvestigatorId>,
    /// What it is about.
    pub description: String,
}

/// A cross-reference entity in a case: one record of one report (`p1`, `o2`, `place`); the
/// entity is the record's, as the cross-reference engine and investigators' decisions make it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseEntity {
    /// The report.
    pub report: ReportId,
    /// The record within it.
    pub record: String,
}

/// A note on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseNote {
    /// Who wrote it.
    pub author: InvestigatorId,
    /// Day written.
    pub day: Day,
    /// The text.
    pub text: String,
}

/// A case as sealed: fields, what it holds, notes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Title, status, lead, description.
    pub fields: CaseFields,
    /// Its reports, in the order added.
    #[serde(default)]
    pub reports: Vec<ReportId>,
    /// Its entities, in the order added.
    #[serde(default)]
    pub entities: Vec<CaseEntity>,
    /// Its sites, in the order added.
    #[serde(default)]
    pub sites: Vec<SiteId>,
    /// Its notes, oldest first.
    #[serde(default)]
    pub notes: Vec<CaseNote>,
}

/// What a case row's sealed bytes hold: the case and its proof of origin.
#[derive(Serialize, Deserialize)]
struct SealedCase {
    case: Case,
    /// [`Instance::case_origin`] of the row's id and this case.
    origin: String,
}

/// What a case's proof of origin is for (the tag's kind).
const CASE_ORIGIN: &str = "case";

/// A case in the list.
#[derive(Clone, Debug)]
pub struct CaseSummary {
    /// The case.
    pub id: CaseId,
    /// Title, status, lead.
    pub fields: CaseFields,
    /// Under legal hold.
    pub legal_hold: bool,
    /// How many reports.
    pub reports: usize,
    /// Day of the last change.
    pub updated_day: Day,
}

/// The list of cases.
#[derive(Clone, Debug)]
pub struct CasesView {
    /// Most recently changed first.
    pub cases: Vec<CaseSummary>,
    /// Every investigator (leads are among them).
    pub investigators: Vec<InvestigatorSummary>,
}

/// A report in a case, as one investigator sees it.
#[derive(Clone, Debug)]
pub struct CaseReport {
    /// The report.
    pub id: ReportId,
    /// Its short reference, if it has one yet.
    pub reference: Option<ReportRef>,
    /// Whether this investigator's key opens it: if not, nothing else is shown.
    pub open: bool,
    /// Day received (only if open).
    pub received_day: Option<Day>,
    /// The consents its reporter gave, as codes (only if open).
    pub consents: Vec<&'static str>,
    /// The day it was purged (retention), if it was: only a tombstone is left.
    pub purged: Option<Day>,
}

/// An entity in a case, as one investigator sees it.
#[derive(Clone, Debug)]
pub struct CaseEntityView {
    /// The record.
    pub entity: CaseEntity,
    /// Its report's short reference.
    pub reference: Option<ReportRef>,
    /// "Person 1", "Organisation 2", "Place", and its first name: only if the report opens.
    pub label: Option<(String, String)>,
}

/// A site in a case.
#[derive(Clone, Debug)]
pub struct CaseSiteView {
    /// The site.
    pub id: SiteId,
    /// Its first name (empty if it is gone from the registry).
    pub name: String,
}

/// What a timeline entry is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimelineKind {
    /// The incident a report describes (its incident codes).
    Incident(Vec<&'static str>),
    /// A report arrived.
    Received,
    /// A message from the reporter.
    FromReporter,
    /// A message to the reporter.
    ToReporter,
    /// A dated claim about a site (its kind's code and, if a public source, its title).
    SiteClaim {
        /// The claim's kind.
        kind: &'static str,
        /// The public source's title, or empty for a witness report.
        source: String,
    },
    /// A note on the case (its author's username).
    Note(String),
}

/// One entry of a case's timeline.
#[derive(Clone, Debug)]
pub struct TimelineEntry {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; empty for an incident known only approximately.
    pub date: String,
    /// The reporter's words for an approximate date (only for such incidents).
    pub approximate: String,
    /// What happened.
    pub kind: TimelineKind,
    /// The report it comes from.
    pub report: Option<ReportId>,
    /// The site it is about.
    pub site: Option<SiteId>,
}

/// A case's page.
#[derive(Clone, Debug)]
pub struct CaseView {
    /// The case.
    pub id: CaseId,
    /// What an edit is made from.
    pub version: i64,
    /// Title, status, lead, description.
    pub fields: CaseFields,
    /// Under legal hold.
    pub legal_hold: bool,
    /// Day created.
    pub created_day: Day,
    /// Day of the last change.
    pub updated_day: Day,
    /// Its reports.
    pub reports: Vec<CaseReport>,
    /// Its entities.
    pub entities: Vec<CaseEntityView>,
    /// Records of its open reports that are not in it yet (to add).
    pub entity_choices: Vec<CaseEntityView>,
    /// Its sites.
    pub sites: Vec<CaseSiteView>,
    /// Sites of the registry not in it (to add), by name.
    pub site_choices: Vec<CaseSiteView>,
    /// Its notes, with their authors' usernames.
    pub notes: Vec<(String, CaseNote)>,
    /// Dated entries, oldest first; approximate incidents last.
    pub timeline: Vec<TimelineEntry>,
    /// Every investigator (the lead is one of them).
    pub investigators: Vec<InvestigatorSummary>,
}

/// A change to a case.
#[derive(Clone, Debug)]
pub enum CaseChange {
    /// New fields (made from `version`); `legal_hold` only an admin may change.
    Edit {
        /// The version the form showed.
        version: i64,
        /// Title, status, lead, description.
        fields: CaseFields,
        /// Under legal hold.
        legal_hold: bool,
    },
    /// Adds a report, named by its reference (`R-7KQ4-92`) or id.
    AddReport(String),
    /// Removes a report (from a case under legal hold: admins only).
    RemoveReport(ReportId),
    /// Adds an entity.
    AddEntity(CaseEntity),
    /// Removes an entity.
    RemoveEntity(CaseEntity),
    /// Adds a site.
    AddSite(SiteId),
    /// Removes a site.
    RemoveSite(SiteId),
    /// Adds a note.
    AddNote(String),
}

impl CaseChange {
    /// The item's kind and id, for the sealed audit detail (`None` for edits and notes).
    fn item(&self, report: Option<ReportId>) -> Option<(&'static str, String)> {
        match self {
            Self::AddReport(_) => report.map(|r| ("report", r.to_string())),
            Self::RemoveReport(r) => Some(("report", r.to_string())),
            Self::AddEntity(e) | Self::RemoveEntity(e) => {
                Some(("entity", format!("{}/{}", e.report, e.record)))
            }
            Self::AddSite(s) | Self::RemoveSite(s) => Some(("site", s.to_string())),
            Self::Edit { .. } | Self::AddNote(_) => None,
        }
    }
}

impl Instance {
    /// Every case, most recently changed first. Rows that do not open or fail their proof of
    /// origin are left out (and logged).
    pub async fn cases(&self, investigator: &Investigator) -> Result<CasesView, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let mut cases: Vec<CaseSummary> = self
            .open_cases(&workspace.keys())
            .await?
            .into_iter()
            .map(|(row, case)| CaseSummary {
                id: row.id,
                reports: case.reports.len(),
                fields: case.fields,
                legal_hold: row.legal_hold,
                updated_day: row.updated_day,
            })
            .collect();
        cases.sort_by(|a, b| {
            b.updated_day
                .cmp(&a.updated_day)
                .then_with(|| a.fields.title.cmp(&b.fields.title))
        });
        Ok(CasesView {
            cases,
            investigators: self.investigators().await?,
        })
    }

    /// Creates a case and returns its id. Refused with [`ServiceError::Invalid`] (fields
    /// `title`, `description`, `lead`) when the fields do not validate.
    pub async fn create_case(
        &self,
        investigator: &Investigator,
        fields: CaseFields,
        request_id: &str,
        now: Now,
    ) -> Result<CaseId, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        self.check_case_fields(&fields).await?;
        let id = CaseId::random();
        let day = Day::new(now.today());
        let case = Case {
            fields,
            ..Case::default()
        };
        let row = CaseRow {
            id,
            created_day: day,
            updated_day: day,
            version: 1,
            legal_hold: false,
            sealed: self.seal_case(&workspace, id, &case)?,
        };
        self.inner.db.insert_case(&row).await?;
        self.audit_investigator(
            investigator.id,
            AuditAction::CaseCreated,
            id.to_string(),
            [],
            request_id,
            now,
        )
        .await?;
        Ok(id)
    }

    /// A case's page, as this investigator may see it. Audited (`case_opened`): the page shows
    /// what the case's open reports say of when and where.
    pub async fn case_view(
        &self,
        investigator: &Investigator,
        id: CaseId,
        request_id: &str,
        now: Now,
    ) -> Result<CaseView, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let (row, case) = self.open_case(&workspace.keys(), id).await?;
        let view = self.case_page(investigator, &workspace, row, case).await?;
        self.audit_investigator(
            investigator.id,
            AuditAction::CaseOpened,
            id.to_string(),
            [],
            request_id,
            now,
        )
        .await?;
        Ok(view)
    }

    /// Changes a case and returns its new version. Refused with [`ServiceError::Invalid`]
    /// for fields that do not validate or an item that cannot be added (field `report`,
    /// `entity`, `site`, `note`), [`ServiceError::CaseChanged`] when an edit was made from a version
    /// saved over since (nothing is written), [`ServiceError::Forbidden`] when someone other
    /// than an admin changes the legal hold, [`ServiceError::NoAccess`] when the report of a
    /// report or entity added is not one this investigator's key opens.
    pub async fn change_case(
        &self,
        investigator: &Investigator,
        id: CaseId,
        change: CaseChange,
        request_id: &str,
        now: Now,
    ) -> Result<i64, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        // One change at a time within this process; the version check covers the others.
        let _one_at_a_time = workspace.case_changes.lock().await;
        let (row, mut case) = self.open_case(&workspace.keys(), id).await?;
        let mut legal_hold = row.legal_hold;
        let mut added_report = None;
        let day = Day::new(now.today());
        match &change {
            CaseChange::Edit {
                version,
                fields,
                legal_hold: hold,
            } => {
                if *version != row.version {
                    return Err(ServiceError::CaseChanged);
                }
                if *hold != row.legal_hold && !investigator.is_admin() {
                    return Err(ServiceError::Forbidden);
                }
                self.check_case_fields(fields).await?;
                case.fields = fields.clone();
                legal_hold = *hold;
            }
            CaseChange::AddReport(named) => {
                let report = self.report_named(&workspace, named)?;
                self.report_key(&investigator.identity, report).await?;
                if !case.reports.contains(&report) {
                    check_room(case.reports.len(), "report")?;
                    case.reports.push(report);
                }
                added_report = Some(report);
            }
            CaseChange::RemoveReport(report) => {
                // Removing a report from a held case lifts its hold: admins only.
                if row.legal_hold && !investigator.is_admin() {
                    return Err(ServiceError::Forbidden);
                }
                case.reports.retain(|r| r != report);
            }
            CaseChange::AddEntity(entity) => {
                if !is_record(&entity.record) {
                    return Err(invalid("entity", Problem::InvalidChoice));
                }
                self.report_key(&investigator.identity, entity.report)
                    .await?;
                if !case.entities.contains(entity) {
                    check_room(case.entities.len(), "entity")?;
                    case.entities.push(entity.clone());
                }
            }
            CaseChange::RemoveEntity(entity) => {
                if row.legal_hold && !investigator.is_admin() {
                    return Err(ServiceError::Forbidden);
                }
                case.entities.retain(|e| e != entity);
            }
            CaseChange::AddSite(site) => {
                if self.inner.db.site(*site).await?.is_none() {
                    return Err(invalid("site", Problem::InvalidChoice));
                }
                if !case.sites.contains(site) {
                    check_room(case.sites.len(), "site")?;
                    case.sites.push(*site);
                }
            }
            CaseChange::RemoveSite(site) => case.sites.retain(|s| s != site),
            CaseChange::AddNote(text) => {
                check_text("note", text, CASE_TEXT_MAX_CHARS, true)?;
                check_room(case.notes.len(), "note")?;
                case.notes.push(CaseNote {
                    author: investigator.id,
                    day,
                    text: text.clone(),
                });
            }
        }
        let sealed = self.seal_case(&workspace, id, &case)?;
        let version = self
            .inner
            .db
            .update_case(id, &sealed, legal_hold, day, row.version)
            .await
            .map_err(|err| match err {
                StorageError::Stale => ServiceError::CaseChanged,
                StorageError::NotFound => ServiceError::NotFound,
                other => other.into(),
            })?;
        if legal_hold || row.legal_hold {
            self.sync_legal_holds(&workspace.keys()).await?;
        }
        let (action, detail) = match &change {
            CaseChange::Edit { fields, .. } => (
                AuditAction::CaseEdited,
                json!({"status": fields.status.code(), "legal_hold": legal_hold}),
            ),
            CaseChange::AddNote(_) => (AuditAction::CaseNoteAdded, json!({})),
            other => {
                let (kind, item) = other
                    .item(added_report)
                    .ok_or(ServiceError::Corrupt("case change"))?;
                let sealed = self
                    .seal_audit_detail(&json!({"case": id.to_string(), kind: item}))
                    .await?;
                let action = match other {
                    CaseChange::AddReport(_)
                    | CaseChange::AddEntity(_)
                    | CaseChange::AddSite(_) => AuditAction::CaseItemAdded,
                    _ => AuditAction::CaseItemRemoved,
                };
                (action, json!({"kind": kind, "sealed": sealed}))
            }
        };
        let detail: Vec<(String, serde_json::Value)> = match detail {
            serde_json::Value::Object(map) => map.into_iter().collect(),
            _ => Vec::new(),
        };
        self.audit(
            crate::audit::AuditEvent {
                actor: crate::audit::Actor::Investigator(investigator.id),
                action,
                subject: id.to_string(),
                detail: detail.into_iter().collect(),
                request_id: request_id.to_owned(),
            },
            now.wall,
        )
        .await?;
        Ok(version)
    }

    /// One case, opened and checked. [`ServiceError::NotFound`] if there is none, or if it
    /// does not open or fails its proof of origin (logged).
    pub(crate) async fn open_case(
        &self,
        keys: &WorkspaceKeys,
        id: CaseId,
    ) -> Result<(CaseRow, Case), ServiceError> {
        let row = self
            .inner
            .db
            .case(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let case = self.unseal_case(keys, &row).ok_or(ServiceError::NotFound)?;
        Ok((row, case))
    }

    /// Every case that opens and passes its proof of origin.
    async fn open_cases(&self, keys: &WorkspaceKeys) -> Result<Vec<(CaseRow, Case)>, ServiceError> {
        Ok(self
            .inner
            .db
            .case_rows()
            .await?
            .into_iter()
            .filter_map(|row| self.unseal_case(keys, &row).map(|case| (row, case)))
            .collect())
    }

    fn unseal_case(&self, keys: &WorkspaceKeys, row: &CaseRow) -> Option<Case> {
        let Some(sealed) = keys
            .open(&row.sealed)
            .ok()
            .and_then(|plain| serde_json::from_slice::<SealedCase>(&plain).ok())
        else {
            tracing::error!(case = %row.id, "a case does not open");
            return None;
        };
        let proven = serde_json::to_vec(&sealed.case).is_ok_and(|json| {
            self.inner.auth.verify(
                CASE_ORIGIN,
                &[row.id.to_string().as_bytes(), &json],
                Some(&sealed.origin),
            )
        });
        if !proven {
            tracing::error!(
                case = %row.id,
                "a case failed its proof of origin and is not shown: the database was changed outside Quietline"
            );
            return None;
        }
        Some(sealed.case)
    }

    /// The case sealed to the workspace key with its proof of origin: a tag under the
    /// pepper-derived key (`secrets/`, never in the database) over its id and content. Anyone
    /// can seal to the workspace key, whose public half is in the database; only this server
    /// can make the tag.
    fn seal_case(
        &self,
        workspace: &UnlockedWorkspace,
        id: CaseId,
        case: &Case,
    ) -> Result<Vec<u8>, ServiceError> {
        let json = serde_json::to_vec(case).map_err(|_| ServiceError::Corrupt("case"))?;
        let origin = self
            .inner
            .auth
            .tag(CASE_ORIGIN, &[id.to_string().as_bytes(), &json]);
        let sealed = zeroize::Zeroizing::new(
            serde_json::to_vec(&SealedCase {
                case: case.clone(),
                origin,
            })
            .map_err(|_| ServiceError::Corrupt("case"))?,
        );
        Ok(seal(std::slice::from_ref(&workspace.recipient()), &sealed)?)
    }

    /// Makes `reports.legal_hold` match the cases under legal hold.
    async fn sync_legal_holds(&self, keys: &WorkspaceKeys) -> Result<(), ServiceError> {
        let rows = self.inner.db.case_rows().await?;
        let mut held = BTreeSet::new();
        for row in rows.iter().filter(|row| row.legal_hold) {
            // A held case that does not open still holds: its reports cannot be known, so
            // the holds already recorded stay as they are.
            let Some(case) = self.unseal_case(keys, row) else {
                held.extend(self.inner.db.legally_held_reports().await?);
                continue;
            };
            held.extend(case.reports);
        }
        let held: Vec<ReportId> = held.into_iter().collect();
        self.inner.db.set_legal_holds(&held).await?;
        Ok(())
    }

    /// The report a form names: its reference (`R-7KQ4-92`, in any case, read as
    /// `ReportRef` reads it) or its id.
    fn report_named(
        &self,
        workspace: &UnlockedWorkspace,
        named: &str,
    ) -> Result<ReportId, ServiceError> {
        let named = named.trim();
        if let Ok(id) = named.parse::<ReportId>() {
            return Ok(id);
        }
        let reference: ReportRef = named
            .parse()
            .map_err(|_| invalid("report", Problem::InvalidChoice))?;
        let index = workspace
            .index
            .read()
            .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
        index
            .by_reference(&reference)
            .ok_or_else(|| invalid("report", Problem::InvalidChoice))
    }

    async fn check_case_fields(&self, fields: &CaseFields) -> Result<(), ServiceError> {
        let mut problems = Vec::new();
        if let Err(ServiceError::Invalid(p)) =
            check_text("title", &fields.title, CASE_TITLE_MAX_CHARS, true)
        {
            problems.extend(p);
        }
        if let Err(ServiceError::Invalid(p)) = check_text(
            "description",
            &fields.description,
            CASE_TEXT_MAX_CHARS,
            false,
        ) {
            problems.extend(p);
        }
        if let Some(lead) = fields.lead
            && !self
                .inner
                .db
                .investigators()
                .await?
                .iter()
                .any(|i| i.id == lead)
        {
            problems.push(FieldError {
                field: "lead".into(),
                problem: Problem::InvalidChoice,
            });
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Invalid(problems))
        }
    }

    /// What the case's page shows this investigator.
    async fn case_page(
        &self,
        investigator: &Investigator,
        workspace: &std::sync::Arc<UnlockedWorkspace>,
        row: CaseRow,
        case: Case,
    ) -> Result<CaseView, ServiceError> {
        let involved: HashSet<ReportId> = case
            .reports
            .iter()
            .copied()
            .chain(case.entities.iter().map(|e| e.report))
            .collect();
        let open_reports = self.open_among(investigator, involved.clone()).await?;
        let references = workspace
            .index
            .read()
            .map_err(|_| ServiceError::Corrupt("inbox lock"))?
            .references(involved);
        let investigators = self.investigators().await?;
        // Reports purged since they were added: their tombstones' references and days.
        let tombstones: HashMap<ReportId, (Option<ReportRef>, Day)> = self
            .inner
            .db
            .tombstones()
            .await?
            .into_iter()
            .filter(|t| involved_in(&case, t.report_id))
            .map(|t| (t.report_id, (t.reference, t.purged_day)))
            .collect();
        let username = |id: InvestigatorId| {
            investigators
                .iter()
                .find(|i| i.id == id)
                .map_or_else(String::new, |i| i.username.clone())
        };

        // The open reports' answers, decrypted here for the timeline and the records.
        let mut answers: HashMap<ReportId, ReportAnswers> = HashMap::new();
        for report in case
            .reports
            .iter()
            .chain(case.entities.iter().map(|e| &e.report))
        {
            if !open_reports.contains(report) || answers.contains_key(report) {
                continue;
            }
            let key = self.report_key(&investigator.identity, *report).await?;
            let sealed = self
                .inner
                .objects
                .read(*report, ObjectName::Answers)
                .await?;
            let plain = zeroize::Zeroizing::new(open(&key, &sealed)?);
            let opened: ReportAnswers =
                serde_json::from_slice(&plain).map_err(|_| ServiceError::Corrupt("answers"))?;
            answers.insert(*report, opened);
        }

        let mut timeline = Vec::new();
        let mut reports = Vec::new();
        for id in &case.reports {
            let open = open_reports.contains(id);
            let purged = tombstones.get(id);
            let mut report = CaseReport {
                id: *id,
                reference: references
                    .get(id)
                    .copied()
                    .or_else(|| purged.and_then(|p| p.0)),
                open,
                received_day: None,
                consents: Vec::new(),
                purged: purged.map(|p| p.1),
            };
            if let (true, Some(a)) = (open, answers.get(id)) {
                let row = self.inner.db.report(*id).await?;
                report.received_day = row.as_ref().map(|r| r.received_day);
                report.consents = a.consents.iter().map(|c| c.code()).collect();
                timeline.extend(incident_entry(*id, a));
                if let Some(row) = row {
                    timeline.push(TimelineEntry {
                        date: row.received_day.to_string(),
                        approximate: String::new(),
                        kind: TimelineKind::Received,
                        report: Some(*id),
                        site: None,
                    });
                }
                for message in self.inner.db.messages(*id).await? {
                    timeline.push(TimelineEntry {
                        date: message.sent_day.to_string(),
                        approximate: String::new(),
                        kind: match message.author {
                            Author::Reporter => TimelineKind::FromReporter,
                            _ => TimelineKind::ToReporter,
                        },
                        report: Some(*id),
                        site: None,
                    });
                }
            }
            reports.push(report);
        }

        let label_of = |entity: &CaseEntity| -> Option<(String, String)> {
            answers
                .get(&entity.report)
                .and_then(|a| record_label(a, &entity.record))
        };
        let entities: Vec<CaseEntityView> = case
            .entities
            .iter()
            .map(|entity| CaseEntityView {
                entity: entity.clone(),
                reference: references.get(&entity.report).copied(),
                label: label_of(entity),
            })
            .collect();
        let mut entity_choices = Vec::new();
        for report in &case.reports {
            let Some(a) = answers.get(report) else {
                continue;
            };
            for record in records_in(a) {
                let entity = CaseEntity {
                    report: *report,
                    record,
                };
                if case.entities.contains(&entity) {
                    continue;
                }
                entity_choices.push(CaseEntityView {
                    label: label_of(&entity),
                    reference: references.get(report).copied(),
                    entity,
                });
            }
        }

        let registry = self.sites(investigator).await?;
        let name_of = |id: SiteId| {
            registry
                .iter()
                .find(|s| s.id == id)
                .and_then(|s| s.site.names.first().cloned())
                .unwrap_or_default()
        };
        let sites: Vec<CaseSiteView> = case
            .sites
            .iter()
            .map(|&id| CaseSiteView {
                id,
                name: name_of(id),
            })
            .collect();
        for site in registry.iter().filter(|s| case.sites.contains(&s.id)) {
            for claim in &site.site.claims {
                // A witness claim names a report: it is on the timeline only for those whose
                // key opens that report.
                let (source, report) = match &claim.source {
                    Source::Public(public) => (public.title.clone(), None),
                    Source::Witness { report } => (String::new(), Some(*report)),
                };
                if report.is_some_and(|r| !open_reports.contains(&r)) {
                    continue;
                }
                timeline.push(TimelineEntry {
                    date: claim.date.clone(),
                    approximate: String::new(),
                    kind: TimelineKind::SiteClaim {
                        kind: claim.kind.code(),
                        source,
                    },
                    report: report.filter(|r| open_reports.contains(r)),
                    site: Some(site.id),
                });
            }
        }
        let mut site_choices: Vec<CaseSiteView> = registry
            .iter()
            .filter(|s| !case.sites.contains(&s.id))
            .map(|s| CaseSiteView {
                id: s.id,
                name: s.site.names.first().cloned().unwrap_or_default(),
            })
            .collect();
        site_choices.sort_by(|a, b| a.name.cmp(&b.name));

        let notes: Vec<(String, CaseNote)> = case
            .notes
            .iter()
            .map(|note| (username(note.author), note.clone()))
            .collect();
        for (author, note) in &notes {
            timeline.push(TimelineEntry {
                date: note.day.to_string(),
                approximate: String::new(),
                kind: TimelineKind::Note(author.clone()),
                report: None,
                site: None,
            });
        }
        // Dated entries by date (`YYYY` < `YYYY-MM` < `YYYY-MM-DD` of the same year sort as
        // text), then the approximate ones.
        timeline.sort_by(|a, b| (a.date.is_empty(), &a.date).cmp(&(b.date.is_empty(), &b.date)));

        Ok(CaseView {
            id: row.id,
            version: row.version,
            fields: case.fields,
            legal_hold: row.legal_hold,
            created_day: row.created_day,
            updated_day: row.updated_day,
            reports,
            entities,
            entity_choices,
            sites,
            site_choices,
            notes,
            timeline,
            investigators,
        })
    }
}

/// Whether `report` is one of the case's reports or the report of one of its entities.
fn involved_in(case: &Case, report: ReportId) -> bool {
    case.reports.contains(&report) || case.entities.iter().any(|e| e.report == report)
}

/// The incident a report describes, on the timeline: none when the reporter gave no date,
/// not even an approximate one.
fn incident_entry(report: ReportId, answers: &ReportAnswers) -> Option<TimelineEntry> {
    let when = &answers.when;
    let (date, approximate) = match when.precision {
        WhenPrecision::Exact => (when.date.clone().unwrap_or_default(), String::new()),
        WhenPrecision::Month => (when.month.clone().unwrap_or_default(), String::new()),
        _ => (String::new(), when.approximate.trim().to_owned()),
    };
    if date.is_empty() && approximate.is_empty() {
        return None;
    }
    Some(TimelineEntry {
        date,
        approximate,
        kind: TimelineKind::Incident(answers.incidents.iter().map(|i| i.code()).collect()),
        report: Some(report),
        site: None,
    })
}

/// The records of a report's answers, as the cross-reference engine names them.
fn records_in(answers: &ReportAnswers) -> Vec<String> {
    let mut records: Vec<String> = (1..=answers.people.len())
        .map(|i| format!("p{i}"))
        .collect();
    records.extend((1..=answers.organisations.len()).map(|i| format!("o{i}")));
    let place = &answers.place;
    if !(place.name.is_empty() && place.address.is_empty() && place.city.is_empty()) {
        records.push("place".to_owned());
    }
    records
}

/// "Person 1" and its first name, "Organisation 2" and its name, "Place" and its name or
/// address.
fn record_label(answers: &ReportAnswers, record: &str) -> Option<(String, String)> {
    if record == "place" {
        let place = &answers.place;
        let name = [&place.name, &place.address, &place.city]
            .into_iter()
            .find(|s| !s.is_empty())?;
        return Some(("Place".to_owned(), name.clone()));
    }
    let (kind, n) = record.split_at(1);
    let i: usize = n.parse().ok()?;
    match kind {
        "p" => answers.people.get(i.checked_sub(1)?).map(|p| {
            (
                format!("Person {i}"),
                p.names.first().cloned().unwrap_or_default(),
            )
        }),
        "o" => answers
            .organisations
            .get(i.checked_sub(1)?)
            .map(|o| (format!("Organisation {i}"), o.name.clone())),
        _ => None,
    }
}

/// `p1`…, `o1`… or `place`.
fn is_record(record: &str) -> bool {
    record == "place"
        || (record.len() <= 5
            && matches!(record.as_bytes().first(), Some(b'p' | b'o'))
            && record.len() > 1
            && record[1..].bytes().all(|b| b.is_ascii_digit())
            && !record[1..].starts_with('0'))
}

fn invalid(field: &str, problem: Problem) -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field: field.into(),
        problem,
    }])
}

fn check_room(count: usize, field: &str) -> Result<(), ServiceError> {
    if count >= CASE_MAX_ITEMS {
        return Err(invalid(
            field,
            Problem::TooMany {
                max: CASE_MAX_ITEMS,
            },
        ));
    }
    Ok(())
}

fn check_text(field: &str, text: &str, max: usize, required: bool) -> Result<(), ServiceError> {
    if required && text.trim().is_empty() {
        return Err(invalid(field, Problem::Required));
    }
    if text.chars().count() > max {
        return Err(invalid(field, Problem::TooLong { max }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_named_as_the_engine_names_them() {
        assert!(is_record("p1"));
        assert!(is_record("o12"));
        assert!(is_record("place"));
        for bad in ["p0", "p", "x1", "p1a", "../p1", "p123456", ""] {
            assert!(!is_record(bad), "{bad}");
        }
    }

    #[test]
    fn statuses_round_trip() {
        for status in CaseStatus::ALL {
            assert_eq!(CaseStatus::from_code(status.code()), Some(*status));
        }
        assert_eq!(CaseStatus::from_code("nope"), None);
    }
}
