//! Which registry sites a report's place may be (issue 5, point 1): the cross-referencing
//! engine's judgement first, with its reason (the engine's evidence: "same address" and the
//! normalised address, "same phone ..."), then the weaker hints of an identical name or the
//! same city.
//!
//! The engine decides on normalised addresses (number, street, unit, city), phones and names
//! with corroboration, so "5-1200 Maplewood Avenue" finds the site at "Unit 5, 1200 Maplewood
//! Ave" while 1206 Maplewood Ave stays a different site. It has no "what would this record
//! join" query, so each report page asks it with a small index: the report's place and the
//! registry sites that could be the same place (same city, or same country when the country
//! holds few sites). Choosing those candidates must not cost a scan of the whole registry per
//! page, so a [`SiteIndex`] (each site as an engine record, folded names and cities, buckets by
//! city, country and name) is built once per registry version and kept in the unlocked
//! workspace beside the registry; any change to a site's record makes the next page rebuild it.

use std::collections::HashMap;
use std::sync::Arc;

use quietline_core::answers::Place;
use quietline_core::site::Site;
use quietline_core::{ReportAnswers, ReportId, SiteId};
use quietline_xref::{Index, Kind, Record};

use super::sites::SiteRegistry;
use crate::{Instance, ServiceError};

/// Above this many sites in the report's country, only the sites of its city are given to the
/// engine (each candidate costs the engine a normalisation on every report page).
const COUNTRY_CANDIDATES: usize = 500;

/// Why a site is suggested for a report's place, strongest first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuggestionReason {
    /// The cross-referencing engine judges the report's place and the site the same, for
    /// this reason (its evidence, in words: "same address ...", "same phone ...", "name ≈
    /// name, same city ...").
    CrossReference(String),
    /// One of the site's names is the place's name, letter for letter (case aside).
    SameName,
    /// The site is in the place's city (and country, when the report gives one).
    SameCity,
}

impl std::fmt::Display for SuggestionReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SuggestionReason::CrossReference(why) => f.write_str(why),
            SuggestionReason::SameName => f.write_str("same name"),
            SuggestionReason::SameCity => f.write_str("same city"),
        }
    }
}

/// A site, as a choice on a report's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteChoice {
    /// The site.
    pub id: SiteId,
    /// Its first name.
    pub name: String,
    /// Its city.
    pub city: String,
    /// Why it is suggested, if it is.
    pub reason: Option<SuggestionReason>,
}

/// The sites on a report's page.
#[derive(Clone, Debug, Default)]
pub struct ReportSites {
    /// Sites the report is linked to.
    pub linked: Vec<SiteChoice>,
    /// Suggested sites, strongest reason first (the engine's, then same name, then same city).
    pub suggested: Vec<SiteChoice>,
    /// Every other site, in the order created.
    pub others: Vec<SiteChoice>,
}

/// The registry prepared for suggestions; built once per registry version.
pub(crate) struct SiteIndex {
    version: u64,
    sites: Vec<Prepared>,
    by_city: HashMap<(String, String), Vec<usize>>,
    by_country: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

/// One site, prepared.
struct Prepared {
    id: SiteId,
    name: String,
    city: String,
    reports: Vec<ReportId>,
    record: Record,
}

/// Case-folded, trimmed: the old exact-name rule.
fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A loose city key for choosing candidates (not for deciding: the engine does that): the
/// first comma-separated part ("Toronto, ON" is Toronto), letters and digits only, folded.
fn city_key(city: &str) -> String {
    city.split(',')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A registry site as a cross-referencing record; its id is the site's.
fn site_record(id: SiteId, site: &Site) -> Record {
    let mut record = Record::new(id.to_string(), Kind::Site);
    record.names = site
        .names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .cloned()
        .collect();
    if !site.address.trim().is_empty() {
        record.addresses = vec![site.address.trim().to_owned()];
    }
    record.city = site.city.trim().to_owned();
    record.country = site.country.trim().to_owned();
    record
}

impl SiteIndex {
    /// Prepares every site of the registry, in the order created.
    pub(crate) fn build(registry: &SiteRegistry) -> Self {
        let mut views: Vec<_> = registry.views().collect();
        views.sort_by(|a, b| a.created_day.cmp(&b.created_day).then(a.id.cmp(&b.id)));
        let mut index = SiteIndex {
            version: registry.version(),
            sites: Vec::with_capacity(views.len()),
            by_city: HashMap::new(),
            by_country: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (at, view) in views.into_iter().enumerate() {
            let site = &view.site;
            let city = city_key(&site.city);
            if !city.is_empty() {
                index
                    .by_city
                    .entry((city, site.country.clone()))
                    .or_default()
                    .push(at);
            }
            if !site.country.is_empty() {
                index
                    .by_country
                    .entry(site.country.clone())
                    .or_default()
                    .push(at);
            }
            for name in site.names.iter().map(|n| fold(n)).filter(|n| !n.is_empty()) {
                let sites = index.by_name.entry(name).or_default();
                if sites.last() != Some(&at) {
                    sites.push(at);
                }
            }
            index.sites.push(Prepared {
                id: view.id,
                name: site.display_name().to_owned(),
                city: site.city.clone(),
                reports: site.reports.clone(),
                record: site_record(view.id, site),
            });
        }
        index
    }

    /// Sites in the place's city: in its country, or in any country when the report gives
    /// none.
    fn same_city(&self, city: &str, country: &str) -> Vec<usize> {
        let key = city_key(city);
        if key.is_empty() {
            return Vec::new();
        }
        if !country.is_empty() {
            return self
                .by_city
                .get(&(key, country.to_owned()))
                .cloned()
                .unwrap_or_default();
        }
        let mut found: Vec<usize> = self
            .by_city
            .iter()
            .filter(|((c, _), _)| *c == key)
            .flat_map(|(_, sites)| sites.iter().copied())
            .collect();
        found.sort_unstable();
        found
    }

    /// The sites the engine judges the same as the report's place, with its reason.
    fn engine_matches(&self, record: Record, place: &Place) -> Vec<(usize, SuggestionReason)> {
        let mut candidates = self.same_city(&place.city, &place.country);
        if let Some(country) = self.by_country.get(&place.country)
            && country.len() <= COUNTRY_CANDIDATES
        {
            candidates.extend(country.iter().copied());
        }
        candidates.sort_unstable();
        candidates.dedup();
        if candidates.is_empty() {
            return Vec::new();
        }
        let mut records = Vec::with_capacity(candidates.len() + 1);
        records.push(record);
        records.extend(
            candidates
                .iter()
                .filter_map(|&at| self.sites.get(at).map(|s| s.record.clone())),
        );
        let mut engine = Index::new();
        engine.add(records);
        let Some(entity) = engine.entity(0) else {
            return Vec::new();
        };
        let direct = engine.links(0);
        engine
            .members(entity)
            .into_iter()
            .filter(|&position| position > 0)
            .filter_map(|position| {
                let at = *candidates.get(position - 1)?;
                let why = direct
                    .iter()
                    .find(|link| link.to == position)
                    .map(|link| {
                        link.evidence
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_else(|| "the same site as another suggested site".into());
                Some((at, SuggestionReason::CrossReference(why)))
            })
            .collect()
    }

    /// The report's linked sites, suggestions and every other site. `record` is the place as
    /// the engine reads it (none when the reporter gave neither a name nor an address).
    fn choices(&self, report: ReportId, record: Option<Record>, place: &Place) -> ReportSites {
        let mut reasons: HashMap<usize, SuggestionReason> = HashMap::new();
        let mut suggest = |at: usize, reason: SuggestionReason| {
            let slot = reasons.entry(at).or_insert_with(|| reason.clone());
            if reason < *slot {
                *slot = reason;
            }
        };
        for (at, reason) in record
            .map(|record| self.engine_matches(record, place))
            .unwrap_or_default()
        {
            suggest(at, reason);
        }
        let name = fold(&place.name);
        if !name.is_empty() {
            for &at in self.by_name.get(&name).into_iter().flatten() {
                suggest(at, SuggestionReason::SameName);
            }
        }
        for at in self.same_city(&place.city, &place.country) {
            // The old rule compares the folded city exactly; the key above is looser.
            if self
                .sites
                .get(at)
                .is_some_and(|s| fold(&s.city) == fold(&place.city))
            {
                suggest(at, SuggestionReason::SameCity);
            }
        }
        let mut out = ReportSites::default();
        let mut suggested: Vec<(SuggestionReason, usize)> = Vec::new();
        for (at, site) in self.sites.iter().enumerate() {
            let choice = |reason| SiteChoice {
                id: site.id,
                name: site.name.clone(),
                city: site.city.clone(),
                reason,
            };
            if site.reports.contains(&report) {
                out.linked.push(choice(None));
            } else if let Some(reason) = reasons.remove(&at) {
                suggested.push((reason, at));
            } else {
                out.others.push(choice(None));
            }
        }
        suggested.sort();
        out.suggested = suggested
            .into_iter()
            .filter_map(|(reason, at)| {
                let site = self.sites.get(at)?;
                Some(SiteChoice {
                    id: site.id,
                    name: site.name.clone(),
                    city: site.city.clone(),
                    reason: Some(reason),
                })
            })
            .collect();
        out
    }
}

impl Instance {
    /// The sites on a report's page: those it is linked to, those suggested for its place
    /// (the cross-referencing engine's first, with its reason, then same name, then same city)
    /// and the rest. `answers` are the report's, as the investigator opened it.
    pub(super) async fn report_sites(
        &self,
        workspace: &Arc<super::UnlockedWorkspace>,
        report: ReportId,
        answers: &ReportAnswers,
    ) -> Result<ReportSites, ServiceError> {
        self.load_sites(workspace).await?;
        let index = self.site_index(workspace)?;
        // The place record exactly as intake gives it to the cross-reference index.
        let record = super::crossref::records_of(report, answers)
            .into_iter()
            .find(|r| r.kind == Kind::Site);
        let place = answers.place.clone();
        tokio::task::spawn_blocking(move || index.choices(report, record, &place))
            .await
            .map_err(|_| ServiceError::Corrupt("site suggestions failed"))
    }

    /// The workspace's site index, rebuilt if the registry changed since it was built.
    fn site_index(
        &self,
        workspace: &super::UnlockedWorkspace,
    ) -> Result<Arc<SiteIndex>, ServiceError> {
        let sites = workspace
            .sites
            .read()
            .map_err(|_| ServiceError::Corrupt("sites lock"))?;
        let registry = sites
            .as_ref()
            .ok_or(ServiceError::Corrupt("sites not loaded"))?;
        let mut slot = workspace
            .site_index
            .lock()
            .map_err(|_| ServiceError::Corrupt("site index lock"))?;
        match slot.as_ref() {
            Some(index) if index.version == registry.version() => Ok(index.clone()),
            _ => {
                let index = Arc::new(SiteIndex::build(registry));
                *slot = Some(index.clone());
                Ok(index)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::SiteView;
    use quietline_core::site::{SiteType, VerificationLevel};

    fn site(names: &[&str], address: &str, city: &str) -> Site {
        Site {
            names: names.iter().map(|n| (*n).to_owned()).collect(),
            address: address.into(),
            city: city.into(),
            country: "CA".into(),
            location: None,
            kind: SiteType::Station,
            agency: String::new(),
            claims: Vec::new(),
            level: VerificationLevel::AllegationOnly,
            notes: String::new(),
            reports: Vec::new(),
        }
    }

    #[test]
    fn the_engine_finds_the_unit_written_another_way_and_not_the_building_next_door() {
        let mut registry = SiteRegistry::default();
        let unit = SiteId::random();
        let next_door = SiteId::random();
        let elsewhere = SiteId::random();
        for (id, site) in [
            (
                unit,
                site(
                    &["Maplewood Centre"],
                    "Unit 5, 1200 Maplewood Ave",
                    "Toronto",
                ),
            ),
            (
                next_door,
                site(&["Golden Dragon Travel"], "1206 Maplewood Ave", "Toronto"),
            ),
            (
                elsewhere,
                site(&["Vancouver Hall"], "12 Main St", "Vancouver"),
            ),
        ] {
            registry.insert(
                SiteView {
                    id,
                    site,
                    created_day: "2026-11-29".parse().unwrap(),
                    updated_day: "2026-11-29".parse().unwrap(),
                    published: None,
                    published_day: None,
                    version: 1,
                },
                id.to_string().as_bytes(),
            );
        }
        let index = SiteIndex::build(&registry);
        let place = Place {
            address: "5-1200 Maplewood Avenue".into(),
            city: "Toronto".into(),
            country: "CA".into(),
            ..Place::default()
        };
        let mut record = Record::new("report/place", Kind::Site);
        record.addresses = vec![place.address.clone()];
        record.city = place.city.clone();
        record.country = place.country.clone();
        let choices = index.choices(ReportId::random(), Some(record), &place);
        let first = choices.suggested.first().unwrap();
        assert_eq!(first.id, unit);
        match &first.reason {
            Some(SuggestionReason::CrossReference(why)) => {
                assert!(why.starts_with("same address"), "{why}");
                assert!(why.contains("1200"), "{why}");
            }
            other => panic!("{other:?}"),
        }
        let next = choices
            .suggested
            .iter()
            .find(|c| c.id == next_door)
            .unwrap();
        assert_eq!(next.reason, Some(SuggestionReason::SameCity));
        assert!(choices.others.iter().any(|c| c.id == elsewhere));
    }
}
