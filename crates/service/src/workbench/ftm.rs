//! The FollowTheMoney export (issue 14, point 7): the people, organisations, places, accounts
//! and incidents of the reports an admin's own key opens, and the site registry, as
//! FollowTheMoney entities in JSON lines (`{"id", "schema", "properties": {name: [values]}}`),
//! ready for `ftm` and Aleph (docs/evidence.md, "FollowTheMoney export").
//!
//! **Consent.** An export has a purpose, police or partner organisations; a report is included
//! only if its reporter gave that consent ([`Consent::SharePolice`], [`Consent::SharePartners`]).
//! Spam is never included. What was left out is counted, never described: the first line is
//! a `Note` saying how many reports were included and how many left out and why, and the same
//! counts go to the audit trail and back to the caller ([`FtmSummary`]). Sites are
//! investigators' data and are included for either purpose, without their notes and without
//! witness claims from reports that are not in the export.
//!
//! **What of a report.** Only what the reporter gave as names and identifiers, and the form's
//! closed choices: never the narrative, descriptions, organisations' details, contact details
//! or file names. A report stands as a `Document` without content, titled with its short
//! reference.
//!
//! **People across reports.** Persons and organisations are grouped with the
//! cross-reference engine's effective entities (its links and investigators' confirmed pairs,
//! never rejected ones), walking only records of reports in the export: a report left out
//! never joins two others. Each report's record is written as a fragment under its group's
//! id, so a person named in three reports is three `Person` fragments with one id (merged by
//! `ftm aggregate` and by Aleph) and three `Mention`s. While the index is still being built
//! after the unlock, nobody is grouped and the summary says so.
//!
//! **Ids** are made from our random ids (report, site, export) and record positions, never
//! from names or values: `ql-person-<report>-p2`, `ql-site-<site>`, ...

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use quietline_core::answers::{Person, Place};
use quietline_core::site::{Site, SiteType, Source};
use quietline_core::taxonomy::{Consent, WhenPrecision};
use quietline_core::{Day, ReportAnswers, ReportId, ReportRef, ReportStatus, SiteId};
use quietline_crypto::open;
use quietline_storage::ObjectName;
use serde_json::json;

use super::crossref::records_of;
use super::{Investigator, Now};
use crate::audit::AuditAction;
use crate::{Instance, ServiceError};

/// Who an export (this one, or an evidence bundle) is for: each purpose is gated by the
/// reporter's consent to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharePurpose {
    /// Police.
    Police,
    /// Partner organisations.
    Partners,
}

impl SharePurpose {
    /// The consent a report needs to be shared for this purpose.
    pub fn consent(self) -> Consent {
        match self {
            Self::Police => Consent::SharePolice,
            Self::Partners => Consent::SharePartners,
        }
    }

    /// `police` or `partners`: the form's value and the audit entry's.
    pub fn code(self) -> &'static str {
        match self {
            Self::Police => "police",
            Self::Partners => "partners",
        }
    }

    /// The purpose with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "police" => Some(Self::Police),
            "partners" => Some(Self::Partners),
            _ => None,
        }
    }

    /// Who, in words.
    pub(crate) fn whom(self) -> &'static str {
        match self {
            Self::Police => "police",
            Self::Partners => "partner organisations",
        }
    }
}

/// What an export covers. Reports are always limited further to those the asking key opens
/// and whose reporter consented to the purpose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FtmScope {
    /// Every report in the workspace, and every site of the registry.
    Workspace,
    /// These reports, and the sites linked to them.
    Reports(Vec<ReportId>),
    /// A case's reports, its sites, and the sites linked to its reports.
    Case(quietline_core::CaseId),
}

/// What an export holds and left out: counts only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FtmSummary {
    /// Reports included.
    pub reports: usize,
    /// Reports left out because their reporter did not give the purpose's consent.
    pub without_consent: usize,
    /// Reports left out because they are marked as spam.
    pub spam: usize,
    /// Reports in the scope that the asking key does not open (not read, not included).
    pub outside_access: usize,
    /// Sites included.
    pub sites: usize,
    /// Entity lines written (fragments of one entity counted each).
    pub entities: usize,
    /// Whether people and organisations were grouped across reports (the cross-reference
    /// index was ready).
    pub grouped: bool,
}

/// An export: the file's text and its summary.
#[derive(Clone, Debug)]
pub struct FtmExport {
    /// JSON lines, one entity (or fragment) a line, the summary `Note` first.
    pub lines: String,
    /// What it holds and left out.
    pub summary: FtmSummary,
}

impl Instance {
    /// Writes the FollowTheMoney export of `scope` for `purpose` (see the module's header).
    /// Admins only: the file leaves the instance. Audited as `export` with
    /// `{"what": "ftm", "purpose", "reports", "left_out", "spam", "sites"}`.
    pub async fn export_ftm(
        &self,
        admin: &Investigator,
        scope: &FtmScope,
        purpose: SharePurpose,
        request_id: &str,
        now: Now,
    ) -> Result<FtmExport, ServiceError> {
        if !admin.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let workspace = self.workspace_for(admin)?;
        // A case is its reports, plus its own sites.
        let (case_scope, case_sites): (Option<FtmScope>, HashSet<SiteId>) = match scope {
            FtmScope::Case(id) => {
                let (_, case) = self.open_case(&workspace.keys(), *id).await?;
                (
                    Some(FtmScope::Reports(case.reports)),
                    case.sites.into_iter().collect(),
                )
            }
            _ => (None, HashSet::new()),
        };
        // An export of a case is recorded on the case, beside its other exports.
        let subject = match scope {
            FtmScope::Case(id) => id.to_string(),
            _ => String::new(),
        };
        let scope = case_scope.as_ref().unwrap_or(scope);
        let recipient = admin.identity.recipient().to_string();
        let listed: HashSet<ReportId> = self
            .inner
            .db
            .reports_with_access(&recipient)
            .await?
            .into_iter()
            .collect();
        // The reports of the scope, with what the inbox knows of them, in the order of their
        // random ids (never the order of arrival).
        let mut candidates: Vec<(ReportId, ReportStatus, Day, Option<ReportRef>)> = {
            let index = workspace
                .index
                .read()
                .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
            match scope {
                FtmScope::Workspace => index
                    .iter()
                    .map(|e| (e.id, e.status, e.received_day, e.reference))
                    .collect(),
                FtmScope::Reports(ids) => ids
                    .iter()
                    .collect::<HashSet<_>>()
                    .into_iter()
                    .filter_map(|id| index.entry(*id))
                    .map(|e| (e.id, e.status, e.received_day, e.reference))
                    .collect(),
                // Made into its reports above.
                FtmScope::Case(_) => Vec::new(),
            }
        };
        candidates.sort_by_key(|c| c.0);
        let mut summary = FtmSummary::default();
        if let FtmScope::Reports(ids) = scope {
            let known: HashSet<ReportId> = candidates.iter().map(|c| c.0).collect();
            summary.outside_access = ids
                .iter()
                .collect::<HashSet<_>>()
                .into_iter()
                .filter(|id| !known.contains(id))
                .count();
        }
        let mut included = Vec::new();
        for (id, status, received, reference) in candidates {
            if !listed.contains(&id) {
                summary.outside_access += 1;
                continue;
            }
            let key = match self.report_key(&admin.identity, id).await {
                Ok(key) => key,
                Err(ServiceError::NoAccess | ServiceError::NotFound) => {
                    summary.outside_access += 1;
                    continue;
                }
                Err(other) => return Err(other),
            };
            let plain = zeroize::Zeroizing::new(open(
                &key,
                &self.inner.objects.read(id, ObjectName::Answers).await?,
            )?);
            let answers: ReportAnswers =
                serde_json::from_slice(&plain).map_err(|_| ServiceError::Corrupt("answers"))?;
            // Consent first: a spam report without consent counts as left out for consent.
            if !answers.consents.contains(&purpose.consent()) {
                summary.without_consent += 1;
            } else if status == ReportStatus::Spam {
                summary.spam += 1;
            } else {
                included.push(Included {
                    id,
                    received,
                    reference,
                    answers,
                });
            }
        }
        summary.reports = included.len();
        let in_export: HashSet<ReportId> = included.iter().map(|r| r.id).collect();

        // Groups of records across the included reports.
        let record_ids: Vec<String> = included
            .iter()
            .flat_map(|r| records_of(r.id, &r.answers).into_iter().map(|rec| rec.id))
            .collect();
        let groups = if workspace.xref_built().await {
            let state = workspace
                .xref
                .read()
                .map_err(|_| ServiceError::Corrupt("xref lock"))?;
            state.ready().map(|xref| xref.groups_within(&record_ids))
        } else {
            None
        };
        summary.grouped = groups.is_some();
        let groups = groups.unwrap_or_default();

        let site_workspace = self.site_cache(admin).await?;
        let sites: Vec<(SiteId, Site)> = Self::with_sites(&site_workspace, |registry| {
            registry
                .views()
                .filter(|view| match scope {
                    FtmScope::Workspace => true,
                    FtmScope::Reports(_) | FtmScope::Case(_) => {
                        case_sites.contains(&view.id)
                            || view.site.reports.iter().any(|r| in_export.contains(r))
                    }
                })
                .map(|view| (view.id, view.site.clone()))
                .collect()
        })?;
        let mut sites = sites;
        sites.sort_by_key(|(id, _)| *id);
        summary.sites = sites.len();

        let export_id = quietline_crypto::random_hex::<16>()?;
        let mut out = Writer::default();
        out.summary_note(&export_id, purpose, &summary, now);
        let references: HashMap<ReportId, String> =
            included.iter().map(|r| (r.id, r.label())).collect();
        let mut accounts = HashMap::new();
        for report in &included {
            out.report(report, &groups, &mut accounts);
        }
        let mut bureaus: HashMap<String, String> = HashMap::new();
        for (id, site) in &sites {
            out.site(*id, site, &references, &mut bureaus);
        }
        summary.entities = out.count;
        self.audit_investigator(
            admin.id,
            AuditAction::Export,
            subject,
            [
                ("what", json!("ftm")),
                ("purpose", json!(purpose.code())),
                ("reports", json!(summary.reports)),
                ("left_out", json!(summary.without_consent)),
                ("spam", json!(summary.spam)),
                ("sites", json!(summary.sites)),
            ],
            request_id,
            now,
        )
        .await?;
        Ok(FtmExport {
            lines: out.text,
            summary,
        })
    }
}

/// A report in the export.
struct Included {
    id: ReportId,
    received: Day,
    reference: Option<ReportRef>,
    answers: ReportAnswers,
}

impl Included {
    /// How the export names the report: its short reference, or its id.
    fn label(&self) -> String {
        self.reference
            .map_or_else(|| self.id.to_string(), |r| r.to_string())
    }
}

/// Properties of an entity: values trimmed, empty ones and repeats dropped.
#[derive(Default)]
struct Props(BTreeMap<&'static str, Vec<String>>);

impl Props {
    fn add(&mut self, name: &'static str, value: impl AsRef<str>) -> &mut Self {
        let value = value.as_ref().trim();
        if !value.is_empty() {
            let values = self.0.entry(name).or_default();
            if !values.iter().any(|v| v == value) {
                values.push(value.to_owned());
            }
        }
        self
    }

    fn add_all<S: AsRef<str>>(&mut self, name: &'static str, values: &[S]) -> &mut Self {
        for value in values {
            self.add(name, value);
        }
        self
    }

    fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

/// The file being written.
#[derive(Default)]
struct Writer {
    text: String,
    count: usize,
}

impl Writer {
    fn entity(&mut self, id: &str, schema: &str, props: &Props) {
        let line = json!({"id": id, "schema": schema, "properties": props.0});
        let _ = writeln!(self.text, "{line}");
        self.count += 1;
    }

    /// The first line: what the export holds and left out, in counts.
    fn summary_note(
        &mut self,
        export_id: &str,
        purpose: SharePurpose,
        summary: &FtmSummary,
        now: Now,
    ) {
        let whom = purpose.whom();
        let mut text = format!(
            "Quietline export for {whom}. Reports included: {} (only reports whose reporter consented to sharing with {whom}). \
             Left out: {} without that consent, {} marked as spam. Sites from the registry: {}.",
            summary.reports, summary.without_consent, summary.spam, summary.sites
        );
        if summary.outside_access > 0 {
            let _ = write!(
                text,
                " Not read: {} reports that the exporting key does not open.",
                summary.outside_access
            );
        }
        if !summary.grouped {
            text.push_str(
                " People were not grouped across reports (the cross-reference index was not ready).",
            );
        }
        let mut props = Props::default();
        props
            .add("name", format!("Quietline export for {whom}"))
            .add("description", text)
            .add("createdAt", now.today().to_string());
        self.entity(&format!("ql-export-{export_id}"), "Note", &props);
    }

    /// A report's entities: its document and note, its people with their accounts and
    /// mentions, its organisations, its place and its incident.
    fn report(
        &mut self,
        report: &Included,
        groups: &HashMap<String, String>,
        accounts: &mut HashMap<(String, &'static str, String), String>,
    ) {
        let id = report.id;
        let answers = &report.answers;
        let label = report.label();
        let country = country_of(&answers.place);
        let document = format!("ql-report-{id}");
        let event = format!("ql-incident-{id}");
        let mut props = Props::default();
        props
            .add("fileName", format!("Quietline report {label}"))
            .add("title", format!("Quietline report {label}"))
            .add("date", report.received.to_string())
            .add("country", &country);
        self.entity(&document, "Document", &props);

        let mut facts = vec![
            format!("Received {}.", report.received),
            format!("Subject: {}.", words(answers.subject.code())),
        ];
        if !answers.demands.is_empty() {
            facts.push(format!(
                "Demands: {}.",
                answers
                    .demands
                    .iter()
                    .map(|d| words(d.code()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if answers.actions.reported_to_police {
            let reference = answers.actions.police_reference.trim();
            facts.push(if reference.is_empty() {
                "The reporter says they reported it to police.".to_owned()
            } else {
                format!("The reporter says they reported it to police (reference {reference}).")
            });
        }
        let mut props = Props::default();
        props
            .add("name", format!("Quietline report {label}"))
            .add("entity", &document)
            .add("description", facts.join(" "));
        self.entity(&format!("ql-report-note-{id}"), "Note", &props);

        // The place: an address, when anything locates it.
        let place = &answers.place;
        let address = format!("ql-address-{id}");
        let has_place = !(place.name.trim().is_empty()
            && place.address.trim().is_empty()
            && place.city.trim().is_empty());
        if has_place {
            let mut props = Props::default();
            props
                .add("name", &place.name)
                .add("full", full_address(&place.address, &place.city, &country))
                .add("city", &place.city)
                .add("country", &country);
            if !props.has("full") {
                props.add("full", &place.name);
            }
            self.entity(&address, "Address", &props);
        }

        let mut involved = Vec::new();
        for (i, person) in answers.people.iter().enumerate() {
            let record = format!("{id}/p{}", i + 1);
            if !has_identity(person) {
                continue;
            }
            let group = groups.get(&record).unwrap_or(&record);
            let person_id = format!("ql-person-{}", group.replace('/', "-"));
            let tag = format!("{id}-p{}", i + 1);
            let (phones, other_phones) = phones_of(&person.phones, &country);
            let (emails, other_emails) = emails_of(&person.emails);
            let mut props = Props::default();
            let names: Vec<String> = if person.names.iter().any(|n| !n.trim().is_empty()) {
                person.names.clone()
            } else {
                vec![format!(
                    "Unnamed person {} of Quietline report {label}",
                    i + 1
                )]
            };
            props
                .add_all("name", &names)
                .add_all("phone", &phones)
                .add_all("email", &emails)
                .add("country", &country)
                .add("proof", &document);
            let mut notes = Vec::new();
            if !other_phones.is_empty() {
                notes.push(format!("Phone as written: {}", other_phones.join(", ")));
            }
            if !other_emails.is_empty() {
                notes.push(format!("E-mail as written: {}", other_emails.join(", ")));
            }
            if !notes.is_empty() {
                props.add("notes", notes.join("; "));
            }
            self.entity(&person_id, "Person", &props);
            involved.push(person_id.clone());

            let mut mention = Props::default();
            mention
                .add("document", &document)
                .add("resolved", &person_id)
                .add_all("name", &names)
                .add("detectedSchema", "Person")
                .add_all("contextPhone", &phones)
                .add_all("contextEmail", &emails)
                .add("contextCountry", &country);
            self.entity(&format!("ql-mention-{tag}"), "Mention", &mention);

            let handles = person
                .wechat
                .iter()
                .map(|w| ("WeChat", w.trim().to_owned()))
                .chain(other_accounts(&person.other_accounts));
            for (service, username) in handles {
                if username.is_empty() {
                    continue;
                }
                let key = (group.clone(), service, username.to_lowercase());
                let next = accounts.len() + 1;
                let account = accounts
                    .entry(key)
                    .or_insert_with(|| format!("ql-account-{tag}-{next}"))
                    .clone();
                let mut props = Props::default();
                props
                    .add("username", &username)
                    .add("service", service)
                    .add("owner", &person_id)
                    .add("proof", &document);
                self.entity(&account, "UserAccount", &props);
            }
            if let Some(role) = person.role {
                let mut props = Props::default();
                props
                    .add("subject", &person_id)
                    .add("object", &event)
                    .add("role", words(role.code()))
                    .add("proof", &document);
                self.entity(&format!("ql-role-{tag}"), "UnknownLink", &props);
            }
        }
        for (i, organisation) in answers.organisations.iter().enumerate() {
            if organisation.name.trim().is_empty() {
                continue;
            }
            let record = format!("{id}/o{}", i + 1);
            let group = groups.get(&record).unwrap_or(&record);
            let org_id = format!("ql-organization-{}", group.replace('/', "-"));
            let mut props = Props::default();
            props
                .add("name", &organisation.name)
                .add("country", &country)
                .add("proof", &document);
            self.entity(&org_id, "Organization", &props);
            involved.push(org_id);
        }

        // The incident, dated as precisely as the reporter gave it.
        let mut props = Props::default();
        let what = if answers.incidents.is_empty() {
            words(answers.subject.code())
        } else {
            answers
                .incidents
                .iter()
                .map(|i| words(i.code()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        props
            .add("name", format!("{what} (Quietline report {label})"))
            .add("country", &country)
            .add("proof", &document)
            .add_all("involved", &involved);
        let when = &answers.when;
        match when.precision {
            WhenPrecision::Exact => {
                props.add("date", when.date.as_deref().unwrap_or_default());
            }
            WhenPrecision::Month => {
                props.add("date", when.month.as_deref().unwrap_or_default());
            }
            WhenPrecision::Approximate => {
                props.add(
                    "description",
                    format!("When, as the reporter put it: {}", when.approximate.trim()),
                );
            }
            WhenPrecision::Unknown => {}
        }
        if when.ongoing {
            props.add("summary", "Still going on when reported.");
        }
        if has_place {
            props.add("addressEntity", &address).add(
                "location",
                full_address(&place.address, &place.city, &country),
            );
        }
        self.entity(&event, "Event", &props);
    }

    /// A site of the registry: the premises (an organisation, or for a residence its
    /// address), its address, the bureau claimed to operate it, its reports in the export,
    /// and a note with its level and dated claims.
    fn site(
        &mut self,
        id: SiteId,
        site: &Site,
        references: &HashMap<ReportId, String>,
        bureaus: &mut HashMap<String, String>,
    ) {
        let entity = format!("ql-site-{id}");
        let address = format!("ql-site-address-{id}");
        let country = site.country.trim().to_lowercase();
        let full = full_address(&site.address, &site.city, &country);
        let located = !full.is_empty() || site.location.is_some();
        if located {
            let mut props = Props::default();
            props
                .add("full", &full)
                .add("city", &site.city)
                .add("country", &country);
            if site.kind == SiteType::Residence {
                props.add_all("name", &site.names);
            }
            if let Some(location) = site.location {
                props
                    .add("latitude", location.lat.to_string())
                    .add("longitude", location.lon.to_string())
                    .add(
                        "remarks",
                        format!("Coordinates precise to the {}", location.precision.code()),
                    );
            }
            if !props.has("full") {
                props.add("full", site.names.first().map_or("", String::as_str));
            }
            self.entity(&address, "Address", &props);
        }
        let subject = if site.kind == SiteType::Residence && located {
            address.clone()
        } else {
            let mut props = Props::default();
            props
                .add_all("name", &site.names)
                .add("country", &country)
                .add("address", &full)
                .add("sector", site.kind.label());
            if located {
                props.add("addressEntity", &address);
            }
            if !props.has("name") {
                props.add("name", format!("Site {id}"));
            }
            self.entity(&entity, "Organization", &props);
            entity.clone()
        };
        let agency = site.agency.trim();
        if !agency.is_empty() {
            let next = format!("ql-bureau-{id}");
            let bureau = bureaus.entry(agency.to_lowercase()).or_insert(next).clone();
            let mut props = Props::default();
            props.add("name", agency);
            self.entity(&bureau, "PublicBody", &props);
            let mut props = Props::default();
            props.add("subject", &subject).add("object", &bureau).add(
                "role",
                format!(
                    "Operating agency, as claimed ({})",
                    site.level.label().to_lowercase()
                ),
            );
            self.entity(&format!("ql-site-agency-{id}"), "UnknownLink", &props);
        }
        for report in &site.reports {
            if !references.contains_key(report) {
                continue;
            }
            let mut props = Props::default();
            props
                .add("subject", &subject)
                .add("object", format!("ql-report-{report}"))
                .add("role", "Site named in the report");
            self.entity(
                &format!("ql-site-report-{id}-{report}"),
                "UnknownLink",
                &props,
            );
        }
        let mut lines = vec![format!("Verification level: {}.", site.level.label())];
        for claim in &site.claims {
            let source = match &claim.source {
                Source::Public(public) => {
                    let mut s = format!("public document: {}", public.title.trim());
                    for part in [&public.publisher, &public.date, &public.url] {
                        if !part.trim().is_empty() {
                            let _ = write!(s, ", {}", part.trim());
                        }
                    }
                    s
                }
                Source::Witness { report } => match references.get(report) {
                    Some(label) => format!("witness report Quietline {label}"),
                    // A witness report outside the export is not named, nor counted.
                    None => continue,
                },
            };
            let mut line = format!(
                "{}: {} ({source})",
                if claim.date.is_empty() {
                    "undated"
                } else {
                    claim.date.as_str()
                },
                claim.kind.label()
            );
            if !claim.summary.trim().is_empty() {
                let _ = write!(line, ". {}", claim.summary.trim());
            }
            lines.push(line);
        }
        let mut props = Props::default();
        props
            .add(
                "name",
                format!(
                    "Site record: {}",
                    site.names.first().map_or("(no name)", |n| n.trim())
                ),
            )
            .add("entity", &subject)
            .add("description", lines.join("\n"));
        self.entity(&format!("ql-site-note-{id}"), "Note", &props);
    }
}

/// A person the cross-referencing would make a record of.
fn has_identity(person: &Person) -> bool {
    person.names.iter().any(|n| !n.trim().is_empty())
        || person.phones.iter().any(|n| !n.trim().is_empty())
        || person.wechat.iter().any(|n| !n.trim().is_empty())
        || person.emails.iter().any(|n| !n.trim().is_empty())
}

/// A code in words: `official_or_agent` → `official or agent`.
fn words(code: &str) -> String {
    code.replace('_', " ")
}

/// The place's country as FtM writes it (ISO 3166-1 alpha-2 in lower case), or none.
fn country_of(place: &Place) -> String {
    place.country.trim().to_lowercase()
}

/// `address, city, country` with the empty parts left out.
fn full_address(address: &str, city: &str, country: &str) -> String {
    [address.trim(), city.trim(), &country.to_uppercase()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Phones in E.164 (read with the report's country as the default region), and those that do
/// not read as a valid number, as written.
fn phones_of(phones: &[String], country: &str) -> (Vec<String>, Vec<String>) {
    let region: Option<phonenumber::country::Id> = country.to_uppercase().parse().ok();
    let mut valid = Vec::new();
    let mut other = Vec::new();
    for raw in phones {
        let written = raw.trim();
        if written.is_empty() {
            continue;
        }
        let mut cleaned: String = written
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        if let Some(rest) = cleaned.strip_prefix("00") {
            cleaned = format!("+{rest}");
        }
        let international = cleaned.starts_with('+');
        let parsed = phonenumber::parse(if international { None } else { region }, &cleaned)
            .ok()
            .filter(phonenumber::is_valid);
        match parsed {
            Some(number) => valid.push(number.format().mode(phonenumber::Mode::E164).to_string()),
            None => other.push(written.to_owned()),
        }
    }
    (valid, other)
}

/// E-mail addresses that read as one (text, `@`, a domain with a dot), and the others as
/// written.
fn emails_of(emails: &[String]) -> (Vec<String>, Vec<String>) {
    let mut valid = Vec::new();
    let mut other = Vec::new();
    for raw in emails {
        let written = raw.trim();
        if written.is_empty() {
            continue;
        }
        let plain = written.strip_prefix("mailto:").unwrap_or(written);
        let ok = plain.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && plain.chars().all(|c| c.is_ascii_graphic())
                && plain.matches('@').count() == 1
        });
        if ok {
            valid.push(plain.to_owned());
        } else {
            other.push(written.to_owned());
        }
    }
    (valid, other)
}

/// Handles in the free-text "other accounts" answer: one per comma, semicolon or line,
/// `Service: handle` read as such (`Telegram: @chen`), anything else as a handle of an
/// unnamed service.
fn other_accounts(text: &str) -> Vec<(&'static str, String)> {
    text.split([',', ';', '\n', '，', '；', '、'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once([':', '：']) {
            Some((service, handle)) if !handle.trim().is_empty() => {
                (service_of(service.trim()), handle.trim().to_owned())
            }
            _ => ("Other", part.to_owned()),
        })
        .collect()
}

/// A service's name as the export writes it: the known ones spelt alike, others "Other".
fn service_of(typed: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "WeChat",
        "Telegram",
        "WhatsApp",
        "Signal",
        "QQ",
        "Weibo",
        "Douyin",
        "TikTok",
        "Facebook",
        "Instagram",
        "X",
        "Twitter",
        "LINE",
        "Skype",
    ];
    KNOWN
        .iter()
        .find(|k| k.eq_ignore_ascii_case(typed))
        .copied()
        .or(match typed {
            "微信" | "Weixin" | "weixin" => Some("WeChat"),
            "微博" => Some("Weibo"),
            "抖音" => Some("Douyin"),
            _ => None,
        })
        .unwrap_or("Other")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_written_in_e164_and_others_kept_as_written() {
        let (valid, other) = phones_of(
            &[
                "+86 138 0013 8000".into(),
                "(416) 555-0199".into(),
                "0086 139 1234 5678".into(),
                "12".into(),
            ],
            "ca",
        );
        assert_eq!(valid, ["+8613800138000", "+14165550199", "+8613912345678"]);
        assert_eq!(other, ["12"]);
    }

    #[test]
    fn other_accounts_are_split_into_services_and_handles() {
        assert_eq!(
            other_accounts("Telegram: @chen_w, 微博：陈伟2020; someone"),
            vec![
                ("Telegram", "@chen_w".to_owned()),
                ("Weibo", "陈伟2020".to_owned()),
                ("Other", "someone".to_owned()),
            ]
        );
    }

    #[test]
    fn e_mails_that_do_not_read_as_one_are_kept_as_written() {
        let (valid, other) = emails_of(&["a@example.com".into(), "not an address".into()]);
        assert_eq!(valid, ["a@example.com"]);
        assert_eq!(other, ["not an address"]);
    }
}
