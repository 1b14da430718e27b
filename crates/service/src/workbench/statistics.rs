//! Statistics for transparency reports (issue 13): how many reports arrived in a year, by
//! month, incident type, demand, city and site, counted only over the reports whose reporter
//! consented to statistics ([`Consent::Statistics`]) and whose key the asking investigator
//! holds. Spam is never counted.
//!
//! Small counts never leave this module. A count from 1 to 4 becomes [`Cell::FewerThanFive`]
//! ("< 5") before anything else sees it, so no page, chart or file can show one. Where the
//! rows of a breakdown add up to the number of reports counted (months, cities: every report
//! is in exactly one row), that total minus the rows shown would give back what was
//! suppressed, so more rows are withheld ([`Cell::Withheld`], "≥ 5": secondary suppression)
//! until every suppressed count could still be any of 1 to 4 for someone who knows the total
//! and that a withheld row holds at least 5 ([`protects`]). A breakdown that no suppression
//! can protect is withheld whole, and with fewer than 5 reports counted every breakdown is.
//! Rows of the other breakdowns (incident types, demands, sites) do not add up to anything:
//! a report may name several or none.
//!
//! What is counted comes from the sealed inbox summaries that the unlocked workspace already
//! holds in memory ([`ForStatistics`]: the consent and the demands, kept only for reporters
//! who consented). Names shown are never a reporter's words: a city is a city of the bundled
//! gazetteer, named only when at least 5 reports name it (the rest are "other places"), and a
//! site is named only if an admin published it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use quietline_core::taxonomy::{Consent, Demand, Incident};
use quietline_core::{ReportAnswers, ReportId, ReportStatus, SiteId};
use quietline_crypto::open;
use quietline_storage::{ObjectName, SealedPart};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::inbox::{InboxEntry, InboxSummary, fingerprint_of};
use super::{Investigator, Now, UnlockedWorkspace};
use crate::audit::AuditAction;
use crate::{Instance, ServiceError};

/// The smallest count shown as it is: 1 to 4 are "< 5".
pub const SMALLEST_SHOWN: u32 = 5;

/// Most summaries sealed before statistics existed that one request reads again (each needs
/// the report's key and answers opened); the page says when some are left.
const REFRESH_PER_REQUEST: usize = 500;

/// What statistics may count of a report, kept in its sealed inbox summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForStatistics {
    /// The reporter did not consent: never counted, and nothing more is kept for statistics.
    Declined,
    /// The reporter consented: what is counted besides the summary's incident types and place.
    Consented {
        /// What was demanded.
        demands: Vec<Demand>,
    },
}

impl ForStatistics {
    /// What statistics may count of `answers`.
    pub(crate) fn of(answers: &ReportAnswers) -> Self {
        if answers.consents.contains(&Consent::Statistics) {
            Self::Consented {
                demands: answers.demands.clone(),
            }
        } else {
            Self::Declined
        }
    }
}

/// Which statistics to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatisticsQuery {
    /// The calendar year (UTC) in which the reports arrived.
    pub year: i32,
}

/// A count as it may be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Zero, or five or more.
    Count(u32),
    /// One to four, shown as "< 5".
    FewerThanFive,
    /// Five or more, withheld so that the total minus the counts shown does not give back a
    /// count under five; shown as "≥ 5".
    Withheld,
}

impl Cell {
    /// The cell of an exact count.
    fn of(count: u32) -> Self {
        if (1..SMALLEST_SHOWN).contains(&count) {
            Self::FewerThanFive
        } else {
            Self::Count(count)
        }
    }

    /// The count, if it is shown.
    pub fn count(self) -> Option<u32> {
        match self {
            Self::Count(count) => Some(count),
            Self::FewerThanFive | Self::Withheld => None,
        }
    }
}

impl fmt::Display for Cell {
    /// `12`, `< 5` or `≥ 5`: the same text on the page, in its charts and in the CSV file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Count(count) => write!(f, "{count}"),
            Self::FewerThanFive => write!(f, "< {SMALLEST_SHOWN}"),
            Self::Withheld => write!(f, "≥ {SMALLEST_SHOWN}"),
        }
    }
}

/// What a row counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKey {
    /// Reports that arrived in this month of the year.
    Month(time::Month),
    /// Reports that name this incident type.
    Incident(Incident),
    /// Reports that name this demand.
    Demand(Demand),
    /// Reports whose city is this city of the gazetteer.
    City {
        /// GeoNames id.
        geoname_id: u32,
        /// Its name in the gazetteer.
        name: &'static str,
        /// ISO 3166-1 alpha-2.
        country: &'static str,
    },
    /// Reports whose city is one that fewer than 5 reports name, or that is not in the
    /// gazetteer.
    OtherPlaces,
    /// Reports that name no city.
    NoPlace,
    /// Reports linked to this published site.
    Site {
        /// The site.
        id: SiteId,
        /// Its published name.
        name: String,
    },
    /// Reports linked to at least one site that is not published (counted once).
    UnpublishedSites,
}

/// One row of a breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What it counts.
    pub key: RowKey,
    /// How many.
    pub cell: Cell,
}

/// The reports counted, broken down along one dimension.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Breakdown {
    /// The rows: months in order, incident types and demands in the form's order (with 0),
    /// cities and sites with at least one report, the largest shown counts first.
    pub rows: Vec<Row>,
    /// Every report counted is in exactly one row, so the rows add up to the total.
    pub adds_up: bool,
    /// Not shown at all (no rows): too few reports to show any row without revealing a count
    /// under five.
    pub withheld: bool,
}

/// Statistics of one year, with every small count suppressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statistics {
    /// The year.
    pub year: i32,
    /// The years in which reports the investigator's key opens arrived, newest first, the
    /// year asked for among them.
    pub years: Vec<i32>,
    /// Reports counted.
    pub counted: Cell,
    /// By month of arrival.
    pub by_month: Breakdown,
    /// By incident type.
    pub by_incident: Breakdown,
    /// By demand.
    pub by_demand: Breakdown,
    /// By city.
    pub by_city: Breakdown,
    /// By site.
    pub by_site: Breakdown,
    /// Some reports of the year are outside the investigator's access, and not counted.
    pub outside_access: bool,
    /// Some reports of the year could not be read for statistics yet (summaries sealed
    /// before statistics existed, read again a batch per request): not counted.
    pub pending: bool,
}

/// A report as the statistics count it.
struct Counted<'a> {
    id: ReportId,
    month: time::Month,
    incidents: &'a [Incident],
    demands: &'a [Demand],
    place: Place,
}

/// Where a report says it happened, as statistics name it.
#[derive(Clone, Copy, Debug)]
enum Place {
    NotGiven,
    Unrecognised,
    City(&'static quietline_geo::City),
}

impl Place {
    /// The gazetteer's city for what the reporter typed (in their country, if they chose
    /// one): the whole text, or its part before a comma ("Rotterdam, NL").
    fn of(summary: &InboxSummary) -> Self {
        let typed = summary.city.trim();
        if typed.is_empty() {
            return Self::NotGiven;
        }
        let country = Some(summary.country.as_str()).filter(|c| !c.is_empty());
        let head = typed
            .split([',', '，', '、'])
            .next()
            .unwrap_or(typed)
            .trim();
        quietline_geo::find_city(typed, country)
            .or_else(|| quietline_geo::find_city(head, country))
            .map_or(Self::Unrecognised, Self::City)
    }
}

/// A site, as the statistics see it: its published name (if published) and linked reports.
pub(crate) struct SiteLinks {
    id: SiteId,
    published_name: Option<String>,
    reports: Vec<ReportId>,
}

impl Instance {
    /// Statistics of the reports that arrived in `query.year`, for a transparency report:
    /// over the reports whose reporter consented to statistics and whose key this
    /// investigator holds, every count from 1 to 4 suppressed (see the module's header).
    /// Summaries sealed before statistics existed are made again from the answers on the way
    /// (at most [`REFRESH_PER_REQUEST`] a call).
    pub async fn statistics(
        &self,
        investigator: &Investigator,
        query: &StatisticsQuery,
    ) -> Result<Statistics, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        let recipient = investigator.identity.recipient().to_string();
        let open: HashSet<ReportId> = self
            .inner
            .db
            .reports_with_access(&recipient)
            .await?
            .into_iter()
            .collect();
        let stale: Vec<ReportId> = {
            let index = workspace
                .index
                .read()
                .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
            index
                .iter()
                .filter(|e| in_year(e, query.year) && open.contains(&e.id))
                .filter(|e| e.summary.as_ref().is_none_or(|s| s.statistics.is_none()))
                .map(|e| e.id)
                .take(REFRESH_PER_REQUEST)
                .collect()
        };
        let mut refreshed = 0;
        for id in stale {
            match self.refresh_summary(investigator, &workspace, id).await {
                Ok(true) => refreshed += 1,
                Ok(false) => {}
                // One unreadable report must not keep the others from being counted; it
                // stays uncounted, and the page says some are.
                Err(err) => {
                    tracing::warn!(report = %id, error = %err, "a summary could not be made again for statistics");
                }
            }
        }
        if refreshed > 0 {
            tracing::info!(reports = refreshed, "summaries made again for statistics");
        }
        let site_workspace = self.site_cache(investigator).await?;
        let sites = Self::with_sites(&site_workspace, |registry| {
            registry
                .views()
                .map(|view| SiteLinks {
                    id: view.id,
                    published_name: view
                        .published
                        .as_ref()
                        .map(|p| p.names.first().cloned().unwrap_or_default()),
                    reports: view.site.reports.clone(),
                })
                .collect::<Vec<_>>()
        })?;
        let index = workspace
            .index
            .read()
            .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
        Ok(compute(index.iter(), &open, &sites, query.year))
    }

    /// [`Instance::statistics`] for a file that leaves the instance: the export is audited
    /// (the year, never a count).
    pub async fn export_statistics(
        &self,
        investigator: &Investigator,
        query: &StatisticsQuery,
        request_id: &str,
        now: Now,
    ) -> Result<Statistics, ServiceError> {
        let statistics = self.statistics(investigator, query).await?;
        self.audit_investigator(
            investigator.id,
            AuditAction::Export,
            String::new(),
            [
                ("what", json!("statistics_csv")),
                ("year", json!(query.year)),
            ],
            request_id,
            now,
        )
        .await?;
        Ok(statistics)
    }

    /// Makes a report's inbox summary again from its answers, opened with the
    /// investigator's key, so that it carries what statistics count. Returns whether it was
    /// saved (not when the key does not open it, or the summary changed meanwhile).
    async fn refresh_summary(
        &self,
        investigator: &Investigator,
        workspace: &UnlockedWorkspace,
        id: ReportId,
    ) -> Result<bool, ServiceError> {
        let db = &self.inner.db;
        let Some(row) = db.inbox_row(id).await? else {
            return Ok(false);
        };
        let key = match self.report_key(&investigator.identity, id).await {
            Ok(key) => key,
            Err(ServiceError::NoAccess | ServiceError::NotFound) => return Ok(false),
            Err(other) => return Err(other),
        };
        let plain = open(
            &key,
            &self.inner.objects.read(id, ObjectName::Answers).await?,
        )?;
        let answers: ReportAnswers =
            serde_json::from_slice(&plain).map_err(|_| ServiceError::Corrupt("answers"))?;
        let attachments = match workspace
            .index
            .read()
            .ok()
            .and_then(|index| index.entry(id).and_then(|e| e.summary.clone()))
        {
            Some(summary) => summary.attachments,
            None => db.attachments(id).await?.len(),
        };
        let summary = InboxSummary::of(&answers, attachments);
        let sealed = summary.seal(&workspace.recipient())?;
        let saved = match &row.summary_sealed {
            // Only if it is still the one read: a re-seal to a new workspace key meanwhile wins.
            Some(old) => {
                db.replace_sealed_part(id, SealedPart::Summary, old, &sealed)
                    .await?
            }
            None => {
                db.set_sealed_part(id, SealedPart::Summary, &sealed).await?;
                true
            }
        };
        if saved {
            let fingerprint = fingerprint_of(&sealed);
            if let Ok(mut index) = workspace.index.write() {
                index.update(id, |entry| {
                    entry.summary = Some(summary);
                    entry.sealed.0 = fingerprint;
                });
            }
        }
        Ok(saved)
    }
}

/// Whether a report arrived in `year` and is not spam.
fn in_year(entry: &InboxEntry, year: i32) -> bool {
    entry.status != ReportStatus::Spam && entry.received_day.date().year() == year
}

/// The statistics of `year` over `entries`, counting those in `open` whose reporter
/// consented.
fn compute<'a>(
    entries: impl Iterator<Item = &'a InboxEntry>,
    open: &HashSet<ReportId>,
    sites: &[SiteLinks],
    year: i32,
) -> Statistics {
    let mut years = BTreeSet::from([year]);
    let mut outside_access = false;
    let mut pending = false;
    let mut counted: Vec<Counted<'a>> = Vec::new();
    for entry in entries {
        if entry.status == ReportStatus::Spam {
            continue;
        }
        let opens = open.contains(&entry.id);
        if opens {
            years.insert(entry.received_day.date().year());
        }
        if !in_year(entry, year) {
            continue;
        }
        if !opens {
            outside_access = true;
            continue;
        }
        let Some(summary) = &entry.summary else {
            pending = true;
            continue;
        };
        match &summary.statistics {
            None => pending = true,
            Some(ForStatistics::Declined) => {}
            Some(ForStatistics::Consented { demands }) => counted.push(Counted {
                id: entry.id,
                month: entry.received_day.date().month(),
                incidents: &summary.incidents,
                demands,
                place: Place::of(summary),
            }),
        }
    }
    let total = u32::try_from(counted.len()).unwrap_or(u32::MAX);
    let mut statistics = Statistics {
        year,
        years: years.into_iter().rev().collect(),
        counted: Cell::of(total),
        by_month: Breakdown::default(),
        by_incident: Breakdown::default(),
        by_demand: Breakdown::default(),
        by_city: Breakdown::default(),
        by_site: Breakdown::default(),
        outside_access,
        pending,
    };
    let few = (1..SMALLEST_SHOWN).contains(&total);
    let breakdown = |rows: Vec<(RowKey, u32)>, adds_up: bool| {
        if few {
            return Breakdown {
                rows: Vec::new(),
                adds_up,
                withheld: true,
            };
        }
        let counts: Vec<u32> = rows.iter().map(|(_, n)| *n).collect();
        match suppress(&counts, adds_up) {
            Some(cells) => Breakdown {
                rows: rows
                    .into_iter()
                    .zip(cells)
                    .map(|((key, _), cell)| Row { key, cell })
                    .collect(),
                adds_up,
                withheld: false,
            },
            None => Breakdown {
                rows: Vec::new(),
                adds_up,
                withheld: true,
            },
        }
    };
    statistics.by_month = breakdown(by_month(&counted), true);
    statistics.by_incident = breakdown(by_choice(&counted, Incident::ALL, |r| r.incidents), false);
    statistics.by_demand = breakdown(by_choice(&counted, Demand::ALL, |r| r.demands), false);
    statistics.by_city = breakdown(by_city(&counted), true);
    statistics.by_site = breakdown(by_site(&counted, sites), false);
    for named in [&mut statistics.by_city, &mut statistics.by_site] {
        named.rows.sort_by_key(shown_order);
    }
    statistics
}

/// The order of rows that have no order of their own (cities, sites): counts shown, largest
/// first; then withheld rows; then rows under five; each group by name. Suppressed rows are
/// never ordered by their count, which would tell which is larger. Rows that gather others
/// ("other places", "no place", unpublished sites) come last.
fn shown_order(row: &Row) -> (u8, std::cmp::Reverse<u32>, String) {
    let (gathering, name) = match &row.key {
        RowKey::City { name, country, .. } => (0, format!("{name} {country}")),
        RowKey::Site { name, .. } => (0, name.clone()),
        RowKey::OtherPlaces | RowKey::UnpublishedSites => (1, String::new()),
        _ => (2, String::new()),
    };
    let (group, count) = match row.cell {
        Cell::Count(count) => (0, count),
        Cell::Withheld => (1, 0),
        Cell::FewerThanFive => (2, 0),
    };
    (
        gathering * 3 + group,
        std::cmp::Reverse(count),
        name.to_lowercase(),
    )
}

fn by_month(counted: &[Counted]) -> Vec<(RowKey, u32)> {
    let mut rows: Vec<(RowKey, u32)> = Vec::with_capacity(12);
    let mut month = time::Month::January;
    for _ in 0..12 {
        let count = counted.iter().filter(|r| r.month == month).count();
        rows.push((
            RowKey::Month(month),
            u32::try_from(count).unwrap_or(u32::MAX),
        ));
        month = month.next();
    }
    rows
}

/// Rows for a closed list, every choice in the form's order: reports that name it (once
/// each, even if a report named it twice).
fn by_choice<'a, T: Copy + PartialEq + 'a>(
    counted: &[Counted<'a>],
    all: &[T],
    chosen: impl Fn(&Counted<'a>) -> &'a [T],
) -> Vec<(RowKey, u32)>
where
    RowKey: From<T>,
{
    all.iter()
        .map(|&choice| {
            let count = counted
                .iter()
                .filter(|r| chosen(r).contains(&choice))
                .count();
            (
                RowKey::from(choice),
                u32::try_from(count).unwrap_or(u32::MAX),
            )
        })
        .collect()
}

impl From<Incident> for RowKey {
    fn from(incident: Incident) -> Self {
        Self::Incident(incident)
    }
}

impl From<Demand> for RowKey {
    fn from(demand: Demand) -> Self {
        Self::Demand(demand)
    }
}

/// Cities that at least [`SMALLEST_SHOWN`] reports name, then one row for the other places
/// and one for reports that name none (rows with no report left out).
fn by_city(counted: &[Counted]) -> Vec<(RowKey, u32)> {
    let mut cities: HashMap<u32, (&'static quietline_geo::City, u32)> = HashMap::new();
    let (mut other, mut none) = (0u32, 0u32);
    for report in counted {
        match report.place {
            Place::NotGiven => none += 1,
            Place::Unrecognised => other += 1,
            Place::City(city) => cities.entry(city.geoname_id).or_insert((city, 0)).1 += 1,
        }
    }
    let mut rows = Vec::new();
    for (city, count) in cities.into_values() {
        if count >= SMALLEST_SHOWN {
            rows.push((
                RowKey::City {
                    geoname_id: city.geoname_id,
                    name: city.name,
                    country: city.country,
                },
                count,
            ));
        } else {
            other += count;
        }
    }
    rows.push((RowKey::OtherPlaces, other));
    rows.push((RowKey::NoPlace, none));
    rows.retain(|(_, count)| *count > 0);
    rows
}

/// Published sites with at least one report counted, and one row for the reports linked to
/// a site that is not published.
fn by_site(counted: &[Counted], sites: &[SiteLinks]) -> Vec<(RowKey, u32)> {
    let counted: HashSet<ReportId> = counted.iter().map(|r| r.id).collect();
    let mut rows = Vec::new();
    let mut unpublished: HashSet<ReportId> = HashSet::new();
    // Sites in id order, so that equal rows come out the same on every call.
    let sites: BTreeMap<SiteId, &SiteLinks> = sites.iter().map(|s| (s.id, s)).collect();
    for site in sites.values() {
        let linked: HashSet<ReportId> = site
            .reports
            .iter()
            .copied()
            .filter(|r| counted.contains(r))
            .collect();
        match &site.published_name {
            Some(name) if !linked.is_empty() => rows.push((
                RowKey::Site {
                    id: site.id,
                    name: name.clone(),
                },
                u32::try_from(linked.len()).unwrap_or(u32::MAX),
            )),
            Some(_) => {}
            None => unpublished.extend(linked),
        }
    }
    if !unpublished.is_empty() {
        rows.push((
            RowKey::UnpublishedSites,
            u32::try_from(unpublished.len()).unwrap_or(u32::MAX),
        ));
    }
    rows
}

/// The cells of a breakdown's counts: 1 to 4 are "< 5"; where the rows add up to a known
/// total, more rows are withheld (secondary suppression: the smallest row that protects the
/// small ones on its own, else the largest, again until they are protected). `None` when not
/// even withholding every row would protect them.
fn suppress(counts: &[u32], adds_up: bool) -> Option<Vec<Cell>> {
    let mut cells: Vec<Cell> = counts.iter().map(|&n| Cell::of(n)).collect();
    let small: Vec<u32> = counts
        .iter()
        .copied()
        .filter(|n| (1..SMALLEST_SHOWN).contains(n))
        .collect();
    if !adds_up || small.is_empty() {
        return Some(cells);
    }
    let mut withheld: Vec<u32> = Vec::new();
    while !protects(&small, &withheld) {
        let mut candidates: Vec<(u32, usize)> = cells
            .iter()
            .zip(counts)
            .enumerate()
            .filter(|(_, (cell, n))| **n >= SMALLEST_SHOWN && matches!(cell, Cell::Count(_)))
            .map(|(at, (_, n))| (*n, at))
            .collect();
        candidates.sort_unstable();
        let enough = candidates.iter().find(|(n, _)| {
            let mut with = withheld.clone();
            with.push(*n);
            protects(&small, &with)
        });
        let (count, at) = enough.or(candidates.last()).copied()?;
        *cells.get_mut(at)? = Cell::Withheld;
        withheld.push(count);
    }
    Some(cells)
}

/// Whether someone who knows the total of a breakdown, the counts shown, that each of
/// `small` is from 1 to 4 and that each of `withheld` is at least 5, could still take each
/// small count for any of 1 to 4.
///
/// The suppressed counts add up to the total minus the counts shown. A small count can be 4
/// when the others can be small enough to leave room for it: when the suppressed counts
/// exceed their least possible values (1 each, 5 each) by at least 3. It can be 1 when the
/// others can take up the rest: always if a row is withheld (it has no upper bound), else
/// when the small counts fall short of 4 each by at least 3 in all.
fn protects(small: &[u32], withheld: &[u32]) -> bool {
    let spread = SMALLEST_SHOWN - 2;
    let above_least: u32 = small.iter().map(|p| p - 1).sum::<u32>()
        + withheld.iter().map(|q| q - SMALLEST_SHOWN).sum::<u32>();
    let below_most: u32 = small.iter().map(|p| SMALLEST_SHOWN - 1 - p).sum();
    above_least >= spread && (!withheld.is_empty() || below_most >= spread)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value each suppressed cell can take, for someone who knows the total and the
    /// cells shown, found by trying every assignment (small tables only).
    fn feasible(cells: &[Cell], total: u32) -> Vec<BTreeSet<u32>> {
        let shown: u32 = cells.iter().filter_map(|c| c.count()).sum();
        let hidden: Vec<(usize, Cell)> = cells
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, c)| c.count().is_none())
            .collect();
        let mut out = vec![BTreeSet::new(); cells.len()];
        let mut values = vec![0u32; hidden.len()];
        fn walk(
            hidden: &[(usize, Cell)],
            at: usize,
            left: u32,
            values: &mut Vec<u32>,
            out: &mut Vec<BTreeSet<u32>>,
        ) {
            let Some((_, cell)) = hidden.get(at) else {
                if left == 0 {
                    for ((index, _), value) in hidden.iter().zip(values.iter()) {
                        out[*index].insert(*value);
                    }
                }
                return;
            };
            let range = match cell {
                Cell::FewerThanFive => 1..=4,
                _ => 5..=left.max(5),
            };
            for value in range {
                if value > left {
                    break;
                }
                values[at] = value;
                walk(hidden, at + 1, left - value, values, out);
            }
        }
        walk(&hidden, 0, total - shown, &mut values, &mut out);
        out
    }

    /// The property that matters: for every breakdown whose rows add up to the total, each
    /// count under five could be any of 1 to 4 for someone who knows the total, or the
    /// breakdown is withheld. Tried on every table of up to four rows of 0 to 9 reports.
    #[test]
    fn no_total_gives_back_a_count_under_five() {
        let mut tables = 0;
        let mut withheld = 0;
        for a in 0..10u32 {
            for b in 0..10u32 {
                for c in 0..10u32 {
                    for d in 0..10u32 {
                        let counts = [a, b, c, d];
                        let total: u32 = counts.iter().sum();
                        if total < SMALLEST_SHOWN {
                            continue;
                        }
                        tables += 1;
                        let Some(cells) = suppress(&counts, true) else {
                            withheld += 1;
                            continue;
                        };
                        for ((cell, count), values) in
                            cells.iter().zip(counts).zip(feasible(&cells, total))
                        {
                            match cell {
                                Cell::Count(shown) => assert_eq!(*shown, count),
                                Cell::FewerThanFive => {
                                    assert!((1..5).contains(&count));
                                    assert_eq!(
                                        values,
                                        BTreeSet::from([1, 2, 3, 4]),
                                        "{counts:?} shown as {cells:?}"
                                    );
                                }
                                Cell::Withheld => assert!(count >= 5, "{counts:?}"),
                            }
                        }
                    }
                }
            }
        }
        // Most tables can be shown; some tiny ones cannot ([1, 5]: 6 in all gives back both;
        // [1, 1, 5]: with the 5 withheld, the small ones add up to 2 at most: both are 1), 651
        // of 9 930.
        assert!(withheld * 10 < tables, "{withheld} of {tables} withheld");
    }

    #[test]
    fn rows_that_do_not_add_up_only_hide_small_counts() {
        assert_eq!(
            suppress(&[4, 0, 7, 12], false),
            Some(vec![
                Cell::FewerThanFive,
                Cell::Count(0),
                Cell::Count(7),
                Cell::Count(12)
            ])
        );
        // Adding up, the 4 needs a partner: the smallest row that protects it alone.
        assert_eq!(
            suppress(&[4, 0, 7, 12], true),
            Some(vec![
                Cell::FewerThanFive,
                Cell::Count(0),
                Cell::Withheld,
                Cell::Count(12)
            ])
        );
        // A 1 and a 5: 6 in all would give back both; withheld whole.
        assert_eq!(suppress(&[1, 5], true), None);
        // Nothing small: nothing withheld.
        assert_eq!(
            suppress(&[5, 0, 9], true),
            Some(vec![Cell::Count(5), Cell::Count(0), Cell::Count(9)])
        );
    }

    /// Cities are the gazetteer's: any script, the country chosen, the part before a comma;
    /// anything else is "other places", never the reporter's words.
    #[test]
    fn a_city_is_one_of_the_gazetteer_or_none() {
        let place = |city: &str, country: &str| {
            Place::of(&InboxSummary {
                subject: quietline_core::taxonomy::Subject::HappenedToMe,
                incidents: Vec::new(),
                language: "zh-Hans".into(),
                country: country.into(),
                city: city.into(),
                attachments: 0,
                sketch: None,
                statistics: None,
                opening: String::new(),
            })
        };
        let city = |p: Place| match p {
            Place::City(c) => Some((c.name, c.country)),
            _ => None,
        };
        assert_eq!(city(place("鹿特丹", "NL")), Some(("Rotterdam", "NL")));
        assert_eq!(city(place(" rotterdam ", "")), Some(("Rotterdam", "NL")));
        assert_eq!(city(place("Rotterdam, NL", "")), Some(("Rotterdam", "NL")));
        assert_eq!(city(place("Rotterdam", "US")), Some(("Rotterdam", "US")));
        assert_eq!(city(place("普拉托", "")), Some(("Prato", "IT")));
        assert!(matches!(
            place("Westblaak 12, my uncle's shop", "NL"),
            Place::Unrecognised
        ));
        assert!(matches!(place("Prato", "NL"), Place::Unrecognised));
        assert!(matches!(place("  ", "IT"), Place::NotGiven));
    }

    #[test]
    fn cells_read_the_same_everywhere() {
        assert_eq!(Cell::of(4).to_string(), "< 5");
        assert_eq!(Cell::of(1).to_string(), "< 5");
        assert_eq!(Cell::of(0).to_string(), "0");
        assert_eq!(Cell::of(5).to_string(), "5");
        assert_eq!(Cell::Withheld.to_string(), "≥ 5");
    }
}
