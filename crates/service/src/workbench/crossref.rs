//! Cross-referencing in the workbench (issue 4): which other reports name the same person,
//! organisation or place, and why; investigators' decisions on those links; an entity's page.
//!
//! At arrival, a report's people, organisations and place become `quietline_xref` records,
//! sealed to the workspace key beside the inbox summary (`reports.xref_sealed`): the server
//! needs no investigator key to index new reports. When the workspace is unlocked the engine's
//! [`Index`] is built from them in order of arrival (the same order always gives the same
//! entities) and lives in memory only, with the workspace; it is extended as reports arrive.
//!
//! Decisions (confirm, reject, undo) are sealed to the workspace key, one row each
//! (`link_decisions`); the latest decision on a pair of records wins. The rule that combines
//! them with the engine, "the effective entity" of a record, is: the records reachable from it
//! through the engine's links and confirmed pairs, never through a rejected pair. A rejection
//! therefore splits an entity the engine holds together only through that pair, and a rejected
//! pair is never shown as a link, even when other links still join its two records (see
//! docs/xref.md, "In the workbench").

use std::collections::{HashMap, HashSet, VecDeque};

use quietline_core::{Day, InvestigatorId, ReportAnswers, ReportId};
use quietline_xref::{Evidence, Index, Kind, Record};
use serde::{Deserialize, Serialize};

use super::inbox::ReportRecords;

/// Version of the sealed records' format.
const RECORDS_FORMAT: u32 = 1;

/// Largest effective entity walked (a guard: one phone number shared by thousands of records
/// is not one person, and the page would be useless).
const MAX_ENTITY: usize = 5_000;

/// A report's records as sealed at arrival.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SealedRecords {
    format: u32,
    records: Vec<Record>,
}

impl SealedRecords {
    pub fn new(records: Vec<Record>) -> Self {
        Self {
            format: RECORDS_FORMAT,
            records,
        }
    }

    pub fn into_records(self) -> Vec<Record> {
        self.records
    }
}

/// The cross-referencing records of a report's answers: each person named with a name, phone,
/// WeChat ID or e-mail (`<report>/p<n>`), each organisation with a name (`<report>/o<n>`), and
/// the place (`<report>/place`, a site) when it has a name or an address. All take the city and
/// country of the place: that is where the report says it happened.
pub(crate) fn records_of(report: ReportId, answers: &ReportAnswers) -> Vec<Record> {
    let city = answers.place.city.trim().to_owned();
    let country = answers.place.country.trim().to_owned();
    let mut out = Vec::new();
    let mut with_place = |mut record: Record| {
        record.city.clone_from(&city);
        record.country.clone_from(&country);
        out.push(record);
    };
    for (i, person) in answers.people.iter().enumerate() {
        if person.names.is_empty()
            && person.phones.is_empty()
            && person.wechat.is_empty()
            && person.emails.is_empty()
        {
            continue;
        }
        let mut record = Record::new(format!("{report}/p{}", i + 1), Kind::Person);
        record.names.clone_from(&person.names);
        record.phones.clone_from(&person.phones);
        record.wechat.clone_from(&person.wechat);
        record.emails.clone_from(&person.emails);
        with_place(record);
    }
    for (i, organisation) in answers.organisations.iter().enumerate() {
        let name = organisation.name.trim();
        if name.is_empty() {
            continue;
        }
        let mut record = Record::new(format!("{report}/o{}", i + 1), Kind::Organization);
        record.names = vec![name.to_owned()];
        with_place(record);
    }
    let place = &answers.place;
    if !place.name.trim().is_empty() || !place.address.trim().is_empty() {
        let mut record = Record::new(format!("{report}/place"), Kind::Site);
        if !place.name.trim().is_empty() {
            record.names = vec![place.name.trim().to_owned()];
        }
        if !place.address.trim().is_empty() {
            record.addresses = vec![place.address.trim().to_owned()];
        }
        with_place(record);
    }
    out
}

/// A report's records sealed to the workspace key.
pub(crate) fn seal_records(
    records: &[Record],
    workspace: &quietline_crypto::Recipient,
) -> Result<Vec<u8>, crate::ServiceError> {
    let json = zeroize::Zeroizing::new(
        serde_json::to_vec(&SealedRecords::new(records.to_vec()))
            .map_err(|_| crate::ServiceError::Corrupt("records"))?,
    );
    Ok(quietline_crypto::seal(
        std::slice::from_ref(workspace),
        &json,
    )?)
}

/// What an investigator decided about a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The two records are the same person, organisation or place.
    Confirmed,
    /// They are not: the link is hidden and never used, whatever the engine says.
    Rejected,
    /// The earlier decision is withdrawn: the engine decides again.
    Cleared,
}

impl Verdict {
    /// The stable code (forms, audit trail).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Rejected => "rejected",
            Verdict::Cleared => "cleared",
        }
    }

    /// The verdict with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "confirmed" => Some(Verdict::Confirmed),
            "rejected" => Some(Verdict::Rejected),
            "cleared" => Some(Verdict::Cleared),
            _ => None,
        }
    }
}

/// One decision, as sealed in `link_decisions`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Decision {
    /// The two records (ids as in [`records_of`]), in sorted order.
    pub pair: (String, String),
    pub verdict: Verdict,
    pub by: InvestigatorId,
    /// UTC day.
    pub day: Day,
}

/// A decision as shown.
#[derive(Clone, Debug)]
pub struct DecisionView {
    /// Confirmed (else rejected).
    pub verdict: Verdict,
    /// Who decided.
    pub by: InvestigatorId,
    /// Which day.
    pub day: Day,
}

/// A record of a report, as the workbench names it.
#[derive(Clone, Debug)]
pub struct RecordRef {
    /// The report.
    pub report: ReportId,
    /// The record within it: `p1`, `o2`, `place`.
    pub record: String,
    /// "Person 1", "Organisation 2", "Place".
    pub label: String,
    /// Its first name, or its address for a place without a name.
    pub name: String,
}

/// Another report's record in the same entity.
#[derive(Clone, Debug)]
pub struct AlsoIn {
    /// The other record.
    pub other: RecordRef,
    /// Why they are linked: the engine's evidence between the two records, in words ("same
    /// phone +1 416 555 0199", "陈伟 ≈ Chan Wai, same city Toronto"), or how they are joined.
    pub reasons: Vec<String>,
    /// The engine links these two records directly (else they are joined through others, or
    /// only by a confirmation).
    pub direct: bool,
    /// The investigators' decision on this pair, if any (never a rejection here).
    pub decision: Option<DecisionView>,
}

/// One record of a report with the other reports it is also in.
#[derive(Clone, Debug)]
pub struct RecordXref {
    /// The record.
    pub record: RecordRef,
    /// Other reports' records in its effective entity, that the investigator may open.
    pub also_in: Vec<AlsoIn>,
    /// Pairs with this record that investigators rejected (hidden from `also_in`).
    pub rejected: Vec<(RecordRef, DecisionView)>,
    /// Records of the entity in reports the investigator may not open (counted, not shown).
    pub hidden: usize,
    /// When the record is a mention linked to nobody because several identified people fit
    /// it (a name and a city that two people share), one record of each of them, for an
    /// investigator to decide: "could be one of" (issue 15).
    pub could_be: Vec<RecordRef>,
    /// Those of them only in reports the investigator may not open (counted, not shown).
    pub could_be_hidden: usize,
}

/// An entity's page: every record of the effective entity in reports the investigator may
/// open, and the variants they give.
#[derive(Clone, Debug)]
pub struct EntityView {
    /// The record the page was reached from.
    pub from: RecordRef,
    /// "person", "organisation" or "place".
    pub kind: &'static str,
    /// Its records, in order of arrival.
    pub members: Vec<EntityMember>,
    /// Every name as written, without repeats.
    pub names: Vec<String>,
    /// Every phone as written.
    pub phones: Vec<String>,
    /// Every e-mail.
    pub emails: Vec<String>,
    /// Every WeChat ID.
    pub wechat: Vec<String>,
    /// Every address.
    pub addresses: Vec<String>,
    /// Every city.
    pub cities: Vec<String>,
    /// Records in reports the investigator may not open (counted, not shown).
    pub hidden: usize,
    /// The short references of the reports of its records.
    pub references: HashMap<ReportId, quietline_core::ReportRef>,
}

/// A record on an entity's page.
#[derive(Clone, Debug)]
pub struct EntityMember {
    /// The record.
    pub record: RecordRef,
    /// Day the report was received (`None` if the report is not in the inbox).
    pub received_day: Option<Day>,
    /// Its names, phones, e-mails, WeChat IDs and addresses as written, joined.
    pub details: Vec<(&'static str, String)>,
}

/// The cross-reference index of an unlocked workspace, built in the background after the
/// unlock: with dense blocks of namesakes the engine can take minutes over a large workspace,
/// and neither signing in nor the inbox should wait for it.
pub(crate) enum XrefState {
    /// Being built; reports that arrive or are backfilled meanwhile wait here, in order.
    Building(Vec<ReportRecords>),
    /// Built and kept current.
    Ready(Box<Crossref>),
}

impl XrefState {
    /// Adds reports' records now, or once the build is done.
    pub fn add(&mut self, reports: Vec<ReportRecords>) {
        match self {
            Self::Building(pending) => pending.extend(reports),
            Self::Ready(xref) => xref.add(reports),
        }
    }

    /// The index, once built.
    pub fn ready(&self) -> Option<&Crossref> {
        match self {
            Self::Ready(xref) => Some(xref),
            Self::Building(_) => None,
        }
    }

    /// The index, once built, to change.
    pub fn ready_mut(&mut self) -> Option<&mut Crossref> {
        match self {
            Self::Ready(xref) => Some(xref),
            Self::Building(_) => None,
        }
    }

    /// Installs the built index, with what arrived during the build.
    pub fn finish(&mut self, mut built: Crossref) {
        if let Self::Building(pending) = self {
            built.add(std::mem::take(pending));
        }
        *self = Self::Ready(Box::new(built));
    }
}

/// The cross-reference index of an unlocked workspace.
pub(crate) struct Crossref {
    index: Index,
    /// By position: the record as written, and its report.
    records: Vec<(ReportId, Record)>,
    positions: HashMap<String, usize>,
    by_report: HashMap<ReportId, Vec<usize>>,
    /// Fingerprint of the sealed records each report's came from (for the snapshot).
    sealed: HashMap<ReportId, String>,
    /// Latest decision per pair of record ids (sorted).
    decisions: HashMap<(String, String), Decision>,
    /// Record id -> record ids it has a decision with.
    decided_with: HashMap<String, HashSet<String>>,
}

/// The pair in its stored order.
fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// `(report, "p1")` from `"<report>/p1"`.
fn split_id(id: &str) -> Option<(ReportId, &str)> {
    let (report, record) = id.split_once('/')?;
    Some((report.parse().ok()?, record))
}

fn label_of(record: &str) -> String {
    if record == "place" {
        "Place".into()
    } else if let Some(n) = record.strip_prefix('p') {
        format!("Person {n}")
    } else if let Some(n) = record.strip_prefix('o') {
        format!("Organisation {n}")
    } else {
        record.to_owned()
    }
}

/// A reason in words. Phones are grouped as people write them (`+1 416 555 0199`).
fn reason(evidence: &Evidence) -> String {
    match evidence {
        Evidence::SamePhone { phone } => format!("same phone {}", pretty_phone(phone)),
        other => other.to_string(),
    }
}

/// An E.164 number in international format with spaces; anything else as it is.
fn pretty_phone(e164: &str) -> String {
    match phonenumber::parse(None, e164) {
        Ok(number) if e164.starts_with('+') => number
            .format()
            .mode(phonenumber::Mode::International)
            .to_string()
            .replace('-', " "),
        _ => e164.to_owned(),
    }
}

impl Crossref {
    /// An empty index (the engine's name tables are loaded now).
    pub fn new() -> Self {
        Self {
            index: Index::new(),
            records: Vec::new(),
            positions: HashMap::new(),
            by_report: HashMap::new(),
            sealed: HashMap::new(),
            decisions: HashMap::new(),
            decided_with: HashMap::new(),
        }
    }

    /// Adds reports' records (in order of arrival), skipping reports already in. One batch:
    /// the engine gives the same entities as report by report.
    pub fn add(&mut self, reports: Vec<ReportRecords>) {
        let mut batch = Vec::new();
        for (report, fingerprint, records) in reports {
            if self.sealed.contains_key(&report) {
                continue;
            }
            self.sealed.insert(report, fingerprint);
            for record in records {
                // Ids are ours, but a damaged object must not break the index.
                if split_id(&record.id).is_none_or(|(r, _)| r != report)
                    || self.positions.contains_key(&record.id)
                {
                    continue;
                }
                let position = self.records.len();
                self.positions.insert(record.id.clone(), position);
                self.by_report.entry(report).or_default().push(position);
                self.records.push((report, record.clone()));
                batch.push(record);
            }
        }
        if !batch.is_empty() {
            let update = self.index.add(batch);
            if !update.diagnostics.is_empty() {
                // Counted only: diagnostics quote the reporter's values.
                tracing::debug!(
                    diagnostics = update.diagnostics.len(),
                    "cross-referencing notes"
                );
            }
        }
    }

    /// Applies a decision (the latest on a pair wins).
    pub fn decide(&mut self, decision: Decision) {
        let (a, b) = decision.pair.clone();
        if decision.verdict == Verdict::Cleared {
            self.decisions.remove(&decision.pair);
            if let Some(set) = self.decided_with.get_mut(&a) {
                set.remove(&b);
            }
            if let Some(set) = self.decided_with.get_mut(&b) {
                set.remove(&a);
            }
        } else {
            self.decided_with
                .entry(a.clone())
                .or_default()
                .insert(b.clone());
            self.decided_with.entry(b).or_default().insert(a);
            self.decisions.insert(decision.pair.clone(), decision);
        }
    }

    fn decision(&self, p: usize, q: usize) -> Option<&Decision> {
        let (a, b) = (self.records.get(p)?, self.records.get(q)?);
        self.decisions.get(&pair(&a.1.id, &b.1.id))
    }

    fn rejected(&self, p: usize, q: usize) -> bool {
        self.decision(p, q)
            .is_some_and(|d| d.verdict == Verdict::Rejected)
    }

    /// Records joined to `p` by one edge: the engine's links (with their evidence) less
    /// rejected pairs, and confirmed pairs.
    fn edges(&self, p: usize) -> Vec<(usize, Vec<Evidence>)> {
        let mut out: Vec<(usize, Vec<Evidence>)> = self
            .index
            .links(p)
            .into_iter()
            .filter(|link| !self.rejected(p, link.to))
            .map(|link| (link.to, link.evidence))
            .collect();
        if let Some((_, record)) = self.records.get(p)
            && let Some(partners) = self.decided_with.get(&record.id)
        {
            for partner in partners {
                let Some(&q) = self.positions.get(partner) else {
                    continue;
                };
                let confirmed = self
                    .decision(p, q)
                    .is_some_and(|d| d.verdict == Verdict::Confirmed);
                if confirmed && !out.iter().any(|(o, _)| *o == q) {
                    out.push((q, Vec::new()));
                }
            }
        }
        out
    }

    /// The effective entity of `p`: every record reachable through edges, ascending.
    fn entity(&self, p: usize) -> Vec<usize> {
        let mut seen = HashSet::from([p]);
        let mut queue = VecDeque::from([p]);
        while let Some(q) = queue.pop_front() {
            if seen.len() >= MAX_ENTITY {
                break;
            }
            for (r, _) in self.edges(q) {
                if seen.insert(r) {
                    queue.push_back(r);
                }
            }
        }
        let mut members: Vec<usize> = seen.into_iter().collect();
        members.sort_unstable();
        members
    }

    fn reference(&self, p: usize) -> Option<RecordRef> {
        let (report, record) = self.records.get(p)?;
        let (_, suffix) = split_id(&record.id)?;
        Some(RecordRef {
            report: *report,
            record: suffix.to_owned(),
            label: label_of(suffix),
            name: record
                .names
                .first()
                .or(record.addresses.first())
                .or(record.phones.first())
                .or(record.wechat.first())
                .or(record.emails.first())
                .cloned()
                .unwrap_or_default(),
        })
    }

    fn view(decision: &Decision) -> DecisionView {
        DecisionView {
            verdict: decision.verdict,
            by: decision.by,
            day: decision.day,
        }
    }

    /// For each of `records` (record ids, `<report>/p1`), the first record (in the order
    /// given) of its group: the records of `records` reachable from it through the engine's
    /// links and confirmed pairs (never rejected ones), walking only through `records`, so
    /// that a record outside them never joins two of them (the FollowTheMoney export's
    /// people across the reports it includes). A record the index does not hold is its own
    /// group.
    pub fn groups_within(&self, records: &[String]) -> HashMap<String, String> {
        let allowed: HashMap<usize, usize> = records
            .iter()
            .enumerate()
            .filter_map(|(at, id)| self.positions.get(id).map(|&p| (p, at)))
            .collect();
        let mut out = HashMap::new();
        for id in records {
            if out.contains_key(id) {
                continue;
            }
            let Some(&start) = self.positions.get(id) else {
                out.insert(id.clone(), id.clone());
                continue;
            };
            let mut seen = HashSet::from([start]);
            let mut queue = VecDeque::from([start]);
            while let Some(q) = queue.pop_front() {
                if seen.len() >= MAX_ENTITY {
                    break;
                }
                for (r, _) in self.edges(q) {
                    if allowed.contains_key(&r) && seen.insert(r) {
                        queue.push_back(r);
                    }
                }
            }
            let first = seen
                .iter()
                .filter_map(|p| allowed.get(p))
                .min()
                .and_then(|&at| records.get(at))
                .unwrap_or(id)
                .clone();
            for p in seen {
                if let Some(member) = allowed.get(&p).and_then(|&at| records.get(at)) {
                    out.insert(member.clone(), first.clone());
                }
            }
        }
        out
    }

    /// The position of a report's record.
    pub fn position(&self, report: ReportId, record: &str) -> Option<usize> {
        self.positions.get(&format!("{report}/{record}")).copied()
    }

    /// The record id at a position.
    pub fn record_id(&self, position: usize) -> Option<&str> {
        self.records.get(position).map(|(_, r)| r.id.as_str())
    }

    /// Whether two records are shown together on a report page (same effective entity) or
    /// were decided on: the pairs an investigator may decide on.
    pub fn decidable(&self, p: usize, q: usize) -> bool {
        self.decision(p, q).is_some()
            || self.entity(p).contains(&q)
            || self.could_be(p).contains(&q)
            || self.could_be(q).contains(&p)
    }

    /// For a mention that several identified people fit, one record of each (its earliest):
    /// the engine's candidates (`Index::candidates`), when no decision joined it to anyone.
    fn could_be(&self, p: usize) -> Vec<usize> {
        if self.entity(p).len() > 1 {
            return Vec::new();
        }
        self.index
            .candidates(p)
            .into_iter()
            .filter_map(|e| self.index.members(e).first().copied())
            .collect()
    }

    /// Every record of a report with the other reports it is also in. `may_open` says which
    /// reports the investigator may see.
    pub fn report(&self, report: ReportId, may_open: &dyn Fn(ReportId) -> bool) -> Vec<RecordXref> {
        let Some(positions) = self.by_report.get(&report) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &p in positions {
            let Some(record) = self.reference(p) else {
                continue;
            };
            let direct: HashMap<usize, Vec<Evidence>> = self
                .index
                .links(p)
                .into_iter()
                .map(|l| (l.to, l.evidence))
                .collect();
            let mut also_in = Vec::new();
            let mut hidden = 0;
            for q in self.entity(p) {
                let Some(other) = self.reference(q) else {
                    continue;
                };
                if other.report == report || self.rejected(p, q) {
                    continue;
                }
                if !may_open(other.report) {
                    hidden += 1;
                    continue;
                }
                let decision = self.decision(p, q).map(Self::view);
                let mut reasons: Vec<String> = direct
                    .get(&q)
                    .map(|e| e.iter().map(reason).collect())
                    .unwrap_or_default();
                let is_direct = !reasons.is_empty();
                if reasons.is_empty() {
                    reasons.push(
                        if decision
                            .as_ref()
                            .is_some_and(|d| d.verdict == Verdict::Confirmed)
                        {
                            "confirmed by an investigator".to_owned()
                        } else {
                            "joined through other records of the same entity".to_owned()
                        },
                    );
                }
                also_in.push(AlsoIn {
                    other,
                    reasons,
                    direct: is_direct,
                    decision,
                });
            }
            let mut rejected = Vec::new();
            if let Some(partners) = self
                .records
                .get(p)
                .and_then(|(_, r)| self.decided_with.get(&r.id))
            {
                let mut partners: Vec<usize> = partners
                    .iter()
                    .filter_map(|id| self.positions.get(id).copied())
                    .collect();
                partners.sort_unstable();
                for q in partners {
                    if let (Some(decision), Some(other)) = (self.decision(p, q), self.reference(q))
                        && decision.verdict == Verdict::Rejected
                        && may_open(other.report)
                    {
                        rejected.push((other, Self::view(decision)));
                    }
                }
            }
            let mut could_be = Vec::new();
            let mut could_be_hidden = 0;
            for q in self.could_be(p) {
                match self.reference(q) {
                    Some(other) if may_open(other.report) => could_be.push(other),
                    Some(_) => could_be_hidden += 1,
                    None => {}
                }
            }
            out.push(RecordXref {
                record,
                also_in,
                rejected,
                hidden,
                could_be,
                could_be_hidden,
            });
        }
        out
    }

    /// The entity page of a report's record.
    pub fn entity_view(
        &self,
        report: ReportId,
        record: &str,
        may_open: &dyn Fn(ReportId) -> bool,
        received_day: &dyn Fn(ReportId) -> Option<Day>,
    ) -> Option<EntityView> {
        let p = self.position(report, record)?;
        let from = self.reference(p)?;
        let kind = match self.records.get(p).map(|(_, r)| r.kind) {
            Some(Kind::Site) => "place",
            Some(Kind::Organization) => "organisation",
            _ => "person",
        };
        let mut view = EntityView {
            from,
            kind,
            members: Vec::new(),
            names: Vec::new(),
            phones: Vec::new(),
            emails: Vec::new(),
            wechat: Vec::new(),
            addresses: Vec::new(),
            cities: Vec::new(),
            hidden: 0,
            references: HashMap::new(),
        };
        fn add_all(to: &mut Vec<String>, values: &[String]) {
            for v in values {
                if !to.contains(v) {
                    to.push(v.clone());
                }
            }
        }
        for q in self.entity(p) {
            let (Some((owner, r)), Some(reference)) = (self.records.get(q), self.reference(q))
            else {
                continue;
            };
            if !may_open(*owner) {
                view.hidden += 1;
                continue;
            }
            add_all(&mut view.names, &r.names);
            add_all(&mut view.phones, &r.phones);
            add_all(&mut view.emails, &r.emails);
            add_all(&mut view.wechat, &r.wechat);
            add_all(&mut view.addresses, &r.addresses);
            if !r.city.is_empty() {
                add_all(&mut view.cities, std::slice::from_ref(&r.city));
            }
            let details = [
                ("Names", &r.names),
                ("Phones", &r.phones),
                ("E-mails", &r.emails),
                ("WeChat", &r.wechat),
                ("Addresses", &r.addresses),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, v.join(" / ")))
            .chain((!r.city.is_empty()).then(|| ("City", r.city.clone())))
            .collect();
            view.members.push(EntityMember {
                received_day: received_day(*owner),
                record: reference,
                details,
            });
        }
        Some(view)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn person(report: ReportId, n: usize, names: &[&str], phones: &[&str], city: &str) -> Record {
        let mut r = Record::new(format!("{report}/p{n}"), Kind::Person);
        r.names = names.iter().map(|s| s.to_string()).collect();
        r.phones = phones.iter().map(|s| s.to_string()).collect();
        r.city = city.into();
        r.country = "CA".into();
        r
    }

    fn decision(a: &str, b: &str, verdict: Verdict) -> Decision {
        Decision {
            pair: pair(a, b),
            verdict,
            by: InvestigatorId::random(),
            day: "2026-11-29".parse().unwrap(),
        }
    }

    #[test]
    fn a_decision_sealed_before_days_were_typed_reads_and_writes_the_same_json() {
        // The JSON a decision was sealed as when its day was a string.
        let by = InvestigatorId::random();
        let stored =
            format!(r#"{{"pair":["a","b"],"verdict":"confirmed","by":"{by}","day":"2026-11-29"}}"#);
        let read: Decision = serde_json::from_str(&stored).unwrap();
        assert_eq!(read.day.to_string(), "2026-11-29");
        assert_eq!(serde_json::to_string(&read).unwrap(), stored);
    }

    #[test]
    fn a_mention_two_people_fit_shows_both_and_may_be_confirmed_with_either() {
        let (r1, r2, r3) = (ReportId::random(), ReportId::random(), ReportId::random());
        let mut xref = Crossref::new();
        xref.add(vec![
            (
                r1,
                "f1".into(),
                vec![person(r1, 1, &["陈志明"], &["(416) 555-0111"], "Toronto")],
            ),
            (
                r2,
                "f2".into(),
                vec![person(r2, 1, &["陳志明"], &["(416) 555-0112"], "Toronto")],
            ),
            (
                r3,
                "f3".into(),
                vec![person(r3, 1, &["Chan Chi Ming"], &[], "Toronto")],
            ),
        ]);
        let view = xref.report(r3, &|_| true);
        assert!(view[0].also_in.is_empty(), "linked to neither");
        let mut could_be: Vec<ReportId> = view[0].could_be.iter().map(|r| r.report).collect();
        could_be.sort();
        let mut both = vec![r1, r2];
        both.sort();
        assert_eq!(could_be, both);
        // Only what the investigator may open is shown; the rest is counted.
        let view = xref.report(r3, &|r| r != r2);
        assert_eq!(view[0].could_be.len(), 1);
        assert_eq!(view[0].could_be_hidden, 1);
        // An investigator may decide between them; once confirmed, no more "could be".
        let (m, p1) = (
            xref.position(r3, "p1").unwrap(),
            xref.position(r1, "p1").unwrap(),
        );
        assert!(xref.decidable(m, p1));
        xref.decide(decision(
            &format!("{r3}/p1"),
            &format!("{r1}/p1"),
            Verdict::Confirmed,
        ));
        let view = xref.report(r3, &|_| true);
        assert_eq!(view[0].also_in[0].other.report, r1);
        assert!(view[0].could_be.is_empty());
    }

    #[test]
    fn groups_within_walk_only_the_records_given_and_never_a_rejected_pair() {
        let (a, b, c) = (ReportId::random(), ReportId::random(), ReportId::random());
        let mut xref = Crossref::new();
        let mut middle = person(b, 1, &["Chen Wei"], &["(416) 555-0133"], "Toronto");
        middle.wechat = vec!["wxid_chenwei".into()];
        let mut last = person(c, 1, &["陈伟"], &[], "Toronto");
        last.wechat = vec!["wxid_chenwei".into()];
        xref.add(vec![
            (
                a,
                "fa".into(),
                vec![person(a, 1, &["陈伟"], &["416 555 0133"], "Toronto")],
            ),
            (b, "fb".into(), vec![middle]),
            (c, "fc".into(), vec![last]),
        ]);
        let (ra, rb, rc) = (format!("{a}/p1"), format!("{b}/p1"), format!("{c}/p1"));
        let all = xref.groups_within(&[ra.clone(), rb.clone(), rc.clone()]);
        assert_eq!(all[&rb], ra);
        assert_eq!(all[&rc], ra, "joined through the middle report");
        // Without the middle report (left out of an export), the other two stay apart.
        let two = xref.groups_within(&[rc.clone(), ra.clone()]);
        assert_eq!(two[&rc], rc);
        assert_eq!(two[&ra], ra);
        // A rejected pair never joins.
        xref.decide(decision(&ra, &rb, Verdict::Rejected));
        let all = xref.groups_within(&[ra.clone(), rb.clone(), rc.clone()]);
        assert_eq!(all[&ra], ra);
        assert_eq!(all[&rc], rb);
    }

    #[test]
    fn reports_added_while_the_index_is_built_join_it_when_it_is_installed() {
        let (r1, r2) = (ReportId::random(), ReportId::random());
        let mut state = XrefState::Building(Vec::new());
        state.add(vec![(
            r2,
            "f2".into(),
            vec![person(
                r2,
                1,
                &["Chan Wai"],
                &["+1 416 555 0199"],
                "Toronto",
            )],
        )]);
        assert!(state.ready().is_none() && state.ready_mut().is_none());
        let mut built = Crossref::new();
        built.add(vec![(
            r1,
            "f1".into(),
            vec![person(r1, 1, &["陳偉"], &["(416) 555-0199"], "Toronto")],
        )]);
        state.finish(built);
        let xref = state.ready().unwrap();
        let view = xref.report(r1, &|_| true);
        assert_eq!(view.len(), 1);
        assert_eq!(
            view[0]
                .also_in
                .iter()
                .map(|a| a.other.report)
                .collect::<Vec<_>>(),
            vec![r2],
            "the report that arrived during the build is linked"
        );
        // Once installed, additions go straight in.
        let r3 = ReportId::random();
        state.add(vec![(
            r3,
            "f3".into(),
            vec![person(r3, 1, &["Chen Wei"], &["4165550199"], "Toronto")],
        )]);
        assert_eq!(
            state.ready().unwrap().report(r1, &|_| true)[0]
                .also_in
                .len(),
            2
        );
    }

    /// Issue 16: a reason names the rule that reads two scripts as one name.
    #[test]
    fn reasons_name_the_rule_for_uyghur_and_tibetan_names() {
        let (r1, r2, r3, r4) = (
            ReportId::random(),
            ReportId::random(),
            ReportId::random(),
            ReportId::random(),
        );
        let mut x = Crossref::new();
        x.add(vec![
            (
                r1,
                "f1".into(),
                vec![person(r1, 1, &["Exmet"], &["(416) 555-0101"], "Toronto")],
            ),
            (
                r2,
                "f2".into(),
                vec![person(r2, 1, &["艾合买提"], &[], "Toronto")],
            ),
            (
                r3,
                "f3".into(),
                vec![person(
                    r3,
                    1,
                    &["Tashi Dolma"],
                    &["(416) 555-0102"],
                    "Toronto",
                )],
            ),
            (
                r4,
                "f4".into(),
                vec![person(r4, 1, &["བཀྲ་ཤིས་སྒྲོལ་མ"], &[], "Toronto")],
            ),
        ]);
        let all = |_| true;
        let page = x.report(r2, &all);
        assert_eq!(page[0].also_in[0].other.report, r1);
        assert_eq!(
            page[0].also_in[0].reasons,
            ["艾合买提 = Exmet, Chinese transcription of a Uyghur name, same city Toronto"]
        );
        let page = x.report(r3, &all);
        assert_eq!(page[0].also_in[0].other.report, r4);
        assert_eq!(
            page[0].also_in[0].reasons,
            ["Tashi Dolma = བཀྲ་ཤིས་སྒྲོལ་མ, a Tibetan name in Tibetan script, same city Toronto"]
        );
    }

    #[test]
    fn rejections_hide_links_and_split_entities_held_only_through_them() {
        let (r1, r2, r3) = (ReportId::random(), ReportId::random(), ReportId::random());
        let mut x = Crossref::new();
        x.add(vec![
            (
                r1,
                "f1".into(),
                vec![person(r1, 1, &["陈伟"], &["(416) 555-0199"], "Toronto")],
            ),
            (
                r2,
                "f2".into(),
                vec![person(
                    r2,
                    1,
                    &["CHAN Wai"],
                    &["+1 416 555 0199"],
                    "Toronto",
                )],
            ),
            (
                r3,
                "f3".into(),
                vec![person(r3, 1, &["Li Na"], &["+1 647 555 0123"], "Toronto")],
            ),
        ]);
        let all = |_| true;
        let page = x.report(r1, &all);
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].also_in.len(), 1);
        assert_eq!(page[0].also_in[0].other.report, r2);
        assert!(page[0].also_in[0].direct);
        assert!(
            page[0].also_in[0]
                .reasons
                .contains(&"same phone +1 416 555 0199".to_string()),
            "{:?}",
            page[0].also_in[0].reasons
        );

        x.decide(decision(
            &format!("{r1}/p1"),
            &format!("{r2}/p1"),
            Verdict::Rejected,
        ));
        let page = x.report(r1, &all);
        assert!(page[0].also_in.is_empty(), "a rejected link is hidden");
        assert_eq!(page[0].rejected.len(), 1);
        assert_eq!(x.entity(0), vec![0], "and the entity is split");
        let nobody = |_| false;
        assert!(x.report(r1, &nobody)[0].rejected.is_empty());

        x.decide(decision(
            &format!("{r1}/p1"),
            &format!("{r3}/p1"),
            Verdict::Confirmed,
        ));
        let page = x.report(r1, &all);
        assert_eq!(page[0].also_in.len(), 1);
        assert_eq!(page[0].also_in[0].other.report, r3);
        assert_eq!(page[0].also_in[0].reasons, ["confirmed by an investigator"]);

        x.decide(decision(
            &format!("{r2}/p1"),
            &format!("{r1}/p1"),
            Verdict::Cleared,
        ));
        let page = x.report(r1, &all);
        assert_eq!(page[0].also_in.len(), 2, "undone: the engine decides again");
        let hidden = x.report(r1, &|r| r != r2);
        assert_eq!((hidden[0].also_in.len(), hidden[0].hidden), (1, 1));
    }
}
