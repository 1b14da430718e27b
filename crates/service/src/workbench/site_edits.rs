//! Editing the site registry (issue 12): the rules a site's form and its claims follow, the
//! list's filters, and the operations that apply them. Handlers pass what was typed
//! ([`SiteFields`], [`ClaimFields`], [`SiteQuery`]) and render what comes back.
//!
//! Nothing an investigator saves replaces a change they did not see. Every saved change adds
//! one to the site's version; [`Instance::update_site_fields`] names the version the form was
//! opened at and is refused with the site as it is now ([`ServiceError::SiteChanged`]) when
//! someone saved it since, so the page can show both and keep what was typed. Claims are added
//! to the site as it is now and removed by id ([`Instance::remove_site_claim`]), never by
//! position: the timeline is sorted by date, so a claim added meanwhile shifts the others.
//! Within this process one edit runs at a time per workspace; the database's version check
//! refuses a save made from a version another process replaced.

use quietline_core::site::{
    Claim, ClaimKind, Location, Precision, PublicSource, Site, SiteProblem, SiteType, Source,
    VerificationLevel,
};
use quietline_core::{ClaimId, Day, ReportId, SiteId};
use quietline_storage::StorageError;
use serde_json::json;

use super::sites::{checked_with, invalid};
use super::{Investigator, Now, SiteView, UnlockedWorkspace};
use crate::audit::AuditAction;
use crate::{Instance, ServiceError};

/// A site's own fields as typed into its form: everything but its claims, linked reports and
/// publication. [`SiteFields::of`] gives a saved site's values, as the form shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteFields {
    /// Names, one a line (the first is the one shown).
    pub names: String,
    /// Street address.
    pub address: String,
    /// City.
    pub city: String,
    /// Country, ISO 3166-1 alpha-2, or empty.
    pub country: String,
    /// Latitude in degrees, as typed (empty with `lon`: no point).
    pub lat: String,
    /// Longitude in degrees, as typed.
    pub lon: String,
    /// The point's precision (a [`Precision`] code; exact when not one).
    pub precision: String,
    /// The kind of premises (a [`SiteType`] code; "other" when not one).
    pub kind: String,
    /// The operating agency claimed.
    pub agency: String,
    /// The verification level (a [`VerificationLevel`] code; allegation only when not one).
    pub level: String,
    /// Investigators' notes.
    pub notes: String,
}

impl SiteFields {
    /// A saved site's fields, as its form shows them.
    pub fn of(site: &Site) -> Self {
        Self {
            names: site.names.join("\n"),
            address: site.address.clone(),
            city: site.city.clone(),
            country: site.country.clone(),
            lat: site
                .location
                .map_or_else(String::new, |l| l.lat.to_string()),
            lon: site
                .location
                .map_or_else(String::new, |l| l.lon.to_string()),
            precision: site
                .location
                .map_or(Precision::Exact, |l| l.precision)
                .code()
                .into(),
            kind: site.kind.code().into(),
            agency: site.agency.clone(),
            level: site.level.code().into(),
            notes: site.notes.clone(),
        }
    }

    /// A new site's fields: a station, nothing else filled in.
    pub fn new_site() -> Self {
        Self {
            kind: SiteType::Station.code().into(),
            ..Self::default()
        }
    }

    /// Writes the fields into `site` (its claims and linked reports are kept) and returns
    /// what could not be read (the site's own rules are checked when it is saved).
    fn apply(&self, site: &mut Site) -> Vec<SiteProblem> {
        let mut problems = Vec::new();
        site.names = self.names.lines().map(str::to_owned).collect();
        // Browsers send a text box's line breaks as CRLF; the site keeps plain line breaks.
        site.address = self.address.replace("\r\n", "\n");
        site.city.clone_from(&self.city);
        site.country.clone_from(&self.country);
        site.agency.clone_from(&self.agency);
        site.notes.clone_from(&self.notes);
        site.kind = SiteType::from_code(&self.kind).unwrap_or(SiteType::Other);
        site.level =
            VerificationLevel::from_code(&self.level).unwrap_or(VerificationLevel::AllegationOnly);
        let (lat, lon) = (self.lat.trim(), self.lon.trim());
        site.location = if lat.is_empty() && lon.is_empty() {
            None
        } else {
            match (lat.parse::<f64>(), lon.parse::<f64>()) {
                (Ok(lat), Ok(lon)) => Some(Location {
                    lat,
                    lon,
                    precision: Precision::from_code(&self.precision).unwrap_or(Precision::Exact),
                }),
                _ => {
                    problems.push(SiteProblem {
                        field: "lat".into(),
                        message: "Latitude and longitude must both be numbers (or both empty).",
                    });
                    None
                }
            }
        };
        problems
    }
}

/// A claim as typed into the "add a claim" form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimFields {
    /// When it happened (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: String,
    /// What happened (a [`ClaimKind`] code).
    pub kind: String,
    /// The source is a witness report to this line (`report`), not a public document.
    pub witness: bool,
    /// The public document's title.
    pub title: String,
    /// Its publisher.
    pub publisher: String,
    /// Its date of publication.
    pub source_date: String,
    /// Its address.
    pub url: String,
    /// The witness report's id, as typed.
    pub report: String,
    /// A short summary.
    pub summary: String,
}

impl ClaimFields {
    /// The claim, or what is wrong with the fields that are not checked with the site.
    fn claim(&self) -> Result<Claim, Vec<SiteProblem>> {
        let Some(kind) = ClaimKind::from_code(&self.kind) else {
            return Err(vec![SiteProblem {
                field: "kind".into(),
                message: "Choose what happened.",
            }]);
        };
        let source = if self.witness {
            match self.report.trim().parse::<ReportId>() {
                Ok(report) => Source::Witness { report },
                Err(_) => {
                    return Err(vec![SiteProblem {
                        field: "report".into(),
                        message: "A witness claim needs the report's id (32 hexadecimal digits).",
                    }]);
                }
            }
        } else {
            Source::Public(PublicSource {
                title: self.title.clone(),
                publisher: self.publisher.clone(),
                date: self.source_date.clone(),
                url: self.url.clone(),
            })
        };
        Ok(Claim {
            id: ClaimId::random(),
            date: self.date.clone(),
            kind,
            source,
            summary: self.summary.clone(),
        })
    }
}

/// Which sites the list and the map show: every filter given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteQuery {
    /// Only sites in this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only sites with this operating agency.
    pub agency: Option<String>,
    /// Only this kind of premises.
    pub kind: Option<SiteType>,
    /// Only this verification level.
    pub level: Option<VerificationLevel>,
}

impl SiteQuery {
    fn keeps(&self, site: &Site) -> bool {
        self.country.as_ref().is_none_or(|c| site.country == *c)
            && self.agency.as_ref().is_none_or(|a| site.agency == *a)
            && self.kind.is_none_or(|k| site.kind == k)
            && self.level.is_none_or(|l| site.level == l)
    }
}

/// The sites a [`SiteQuery`] keeps, with what the filters offer.
#[derive(Clone, Debug, Default)]
pub struct SiteList {
    /// The matching sites, in the order created.
    pub sites: Vec<SiteView>,
    /// Sites in the registry, matching or not.
    pub total: usize,
    /// Every operating agency named on a site, sorted, once each.
    pub agencies: Vec<String>,
}

impl Instance {
    /// The sites `query` keeps, in the order created.
    pub async fn site_list(
        &self,
        investigator: &Investigator,
        query: &SiteQuery,
    ) -> Result<SiteList, ServiceError> {
        let all = self.sites(investigator).await?;
        let mut agencies: Vec<String> = all
            .iter()
            .map(|v| v.site.agency.clone())
            .filter(|a| !a.is_empty())
            .collect();
        agencies.sort();
        agencies.dedup();
        let total = all.len();
        Ok(SiteList {
            sites: all.into_iter().filter(|v| query.keeps(&v.site)).collect(),
            total,
            agencies,
        })
    }

    /// Creates a site from its form (a city-level point is looked up in the bundled
    /// gazetteer when none is given).
    pub async fn create_site(
        &self,
        investigator: &Investigator,
        fields: &SiteFields,
        request_id: &str,
        now: Now,
    ) -> Result<SiteId, ServiceError> {
        let mut site = blank_site();
        let problems = fields.apply(&mut site);
        self.insert_site(investigator, checked_with(site, problems)?, request_id, now)
            .await
    }

    /// Creates a site from its form filled in from a report's place answer: the report is
    /// linked to it, with a "reported" claim citing it dated the day the report arrived
    /// (looked up again, not taken from the form). The investigator's key must open the
    /// report.
    pub async fn create_site_from_report(
        &self,
        investigator: &Investigator,
        report: ReportId,
        fields: &SiteFields,
        request_id: &str,
        now: Now,
    ) -> Result<SiteId, ServiceError> {
        let draft = self.report_place(investigator, report).await?;
        let mut site = blank_site();
        let problems = fields.apply(&mut site);
        site.claims = draft.claims;
        site.reports = draft.reports;
        self.insert_site(investigator, checked_with(site, problems)?, request_id, now)
            .await
    }

    /// A new site's form (not saved: the form shows it to the investigator first): blank, or
    /// filled in from a report's place answer. Needs the workspace either way.
    pub async fn site_draft(
        &self,
        investigator: &Investigator,
        from_report: Option<ReportId>,
    ) -> Result<SiteFields, ServiceError> {
        match from_report {
            Some(report) => self.site_draft_from_report(investigator, report).await,
            None => {
                self.workspace_for(investigator)?;
                Ok(SiteFields::new_site())
            }
        }
    }

    /// A new site's form filled in from a report's place answer (not saved: the form shows it
    /// to the investigator first).
    pub async fn site_draft_from_report(
        &self,
        investigator: &Investigator,
        report: ReportId,
    ) -> Result<SiteFields, ServiceError> {
        Ok(SiteFields::of(
            &self.report_place(investigator, report).await?,
        ))
    }

    /// Saves a site's fields (its claims, linked reports and publication are kept), made from
    /// the site at `version`. Refused with [`ServiceError::SiteChanged`] (the site as it is
    /// now) if it was saved since; returns the new version.
    pub async fn update_site_fields(
        &self,
        investigator: &Investigator,
        id: SiteId,
        fields: &SiteFields,
        version: u64,
        request_id: &str,
        now: Now,
    ) -> Result<u64, ServiceError> {
        let (_, saved) = self
            .edit_site(investigator, id, Some(version), request_id, now, |site| {
                ((), fields.apply(site))
            })
            .await?;
        Ok(saved.version)
    }

    /// Adds a claim to the site as it is now; a witness claim also links its report (which
    /// the investigator's key must open). Returns the claim's id.
    pub async fn add_site_claim(
        &self,
        investigator: &Investigator,
        id: SiteId,
        fields: &ClaimFields,
        request_id: &str,
        now: Now,
    ) -> Result<ClaimId, ServiceError> {
        let claim = fields.claim().map_err(invalid)?;
        let (claim, _) = self
            .edit_site(investigator, id, None, request_id, now, |site| {
                if let Source::Witness { report } = claim.source
                    && !site.reports.contains(&report)
                {
                    site.reports.push(report);
                }
                site.claims.push(claim.clone());
                (claim.id, Vec::new())
            })
            .await?;
        Ok(claim)
    }

    /// Removes the claim `claim` from the site as it is now. A claim no longer there (removed
    /// since the page was opened) is a problem on the field `claims`: nothing is removed.
    pub async fn remove_site_claim(
        &self,
        investigator: &Investigator,
        id: SiteId,
        claim: ClaimId,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        self.edit_site(investigator, id, None, request_id, now, |site| {
            let before = site.claims.len();
            site.claims.retain(|c| c.id != claim);
            let problems = if site.claims.len() == before {
                vec![SiteProblem {
                    field: "claims".into(),
                    message: "That claim is no longer on this site (someone removed it since \
                              the page was opened): nothing was removed.",
                }]
            } else {
                Vec::new()
            };
            ((), problems)
        })
        .await?;
        Ok(())
    }

    /// Links a report to a site: the report is listed on the site and a "reported" claim
    /// citing it (dated the day it arrived) joins the timeline. Linking twice does nothing.
    pub async fn link_report_to_site(
        &self,
        investigator: &Investigator,
        id: SiteId,
        report: ReportId,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        if self
            .site(investigator, id)
            .await?
            .site
            .reports
            .contains(&report)
        {
            return Ok(());
        }
        let received = self
            .inner
            .db
            .inbox_row(report)
            .await?
            .ok_or(ServiceError::NotFound)?
            .received_day;
        self.edit_site(investigator, id, None, request_id, now, |site| {
            if !site.reports.contains(&report) {
                site.reports.push(report);
                site.claims.push(Claim {
                    id: ClaimId::random(),
                    date: received.to_string(),
                    kind: ClaimKind::Reported,
                    source: Source::Witness { report },
                    summary: String::new(),
                });
            }
            ((), Vec::new())
        })
        .await?;
        Ok(())
    }

    /// Stores a new, checked site. Linked reports must be ones the investigator's key opens.
    async fn insert_site(
        &self,
        investigator: &Investigator,
        site: Site,
        request_id: &str,
        now: Now,
    ) -> Result<SiteId, ServiceError> {
        let workspace = self.site_cache(investigator).await?;
        self.check_reports(investigator, &site).await?;
        let reports = site.reports.len();
        let (row, view) = Self::new_site(&workspace, site, Day::new(now.today()))?;
        let id = row.id;
        self.inner
            .db
            .insert_sites(std::slice::from_ref(&row))
            .await?;
        Self::with_sites(&workspace, |c| c.insert(view, &row.sealed))?;
        self.snapshot_sites_in_background(&workspace);
        self.audit_investigator(
            investigator.id,
            AuditAction::SiteCreated,
            id.to_string(),
            [("reports", json!(reports))],
            request_id,
            now,
        )
        .await?;
        Ok(id)
    }

    /// Changes a site's record: `change` edits the site as it is now and returns its result
    /// and the problems it found; the site is then checked, sealed and saved (audited as an
    /// edit). With `expected`, the change was made from that version: refused with the site
    /// as it is now if it was saved since. Without, a save that another process overtook is
    /// made again on the site as that process left it (at most [`EDIT_ATTEMPTS`] times). What
    /// is published does not change until an admin publishes again.
    async fn edit_site<T>(
        &self,
        investigator: &Investigator,
        id: SiteId,
        expected: Option<u64>,
        request_id: &str,
        now: Now,
        mut change: impl FnMut(&mut Site) -> (T, Vec<SiteProblem>),
    ) -> Result<(T, SiteView), ServiceError> {
        let workspace = self.site_cache(investigator).await?;
        let _one_edit_at_a_time = workspace.site_edits.lock().await;
        let mut current =
            Self::with_sites(&workspace, |c| c.get(id).cloned())?.ok_or(ServiceError::NotFound)?;
        let mut attempts = 0;
        let (out, saved, sealed) = loop {
            if expected.is_some_and(|v| v != current.version) {
                return Err(ServiceError::SiteChanged(Box::new(current)));
            }
            let mut site = current.site.clone();
            let (out, problems) = change(&mut site);
            let site = checked_with(site, problems)?;
            self.check_reports(investigator, &site).await?;
            let day = Day::new(now.today());
            let sealed = Self::seal_site(&workspace, &site)?;
            match self
                .inner
                .db
                .update_site(id, &sealed, day, version_column(current.version)?)
                .await
            {
                Ok(version) => {
                    let version = u64::try_from(version)
                        .map_err(|_| ServiceError::Corrupt("site version"))?;
                    let saved = SiteView {
                        site,
                        updated_day: day,
                        version,
                        ..current
                    };
                    break (out, saved, sealed);
                }
                Err(StorageError::Stale) => {
                    // Another process saved it since this one read it: read it again.
                    current = self.reread_site(&workspace, id).await?;
                    attempts += 1;
                    if expected.is_some() || attempts >= EDIT_ATTEMPTS {
                        return Err(ServiceError::SiteChanged(Box::new(current)));
                    }
                }
                Err(err) => return Err(err.into()),
            }
        };
        Self::with_sites(&workspace, |c| c.insert(saved.clone(), &sealed))?;
        self.snapshot_sites_in_background(&workspace);
        self.audit_investigator(
            investigator.id,
            AuditAction::SiteEdited,
            id.to_string(),
            [],
            request_id,
            now,
        )
        .await?;
        Ok((out, saved))
    }

    /// Reads a site's row again (another process saved it) into the registry.
    async fn reread_site(
        &self,
        workspace: &UnlockedWorkspace,
        id: SiteId,
    ) -> Result<SiteView, ServiceError> {
        let row = self
            .inner
            .db
            .site(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let (view, sealed) = super::sites::open_row(row, &workspace.keys())?;
        Self::with_sites(workspace, |c| c.insert(view.clone(), &sealed))?;
        Ok(view)
    }
}

/// Saves of a change not made from a version (a claim added or removed, a report linked) tried
/// before giving up when other processes keep saving the site first.
const EDIT_ATTEMPTS: usize = 3;

/// A site's version as its column holds it.
fn version_column(version: u64) -> Result<i64, ServiceError> {
    i64::try_from(version).map_err(|_| ServiceError::Corrupt("site version"))
}

/// A site with nothing filled in yet.
fn blank_site() -> Site {
    Site {
        names: Vec::new(),
        address: String::new(),
        city: String::new(),
        country: String::new(),
        location: None,
        kind: SiteType::Station,
        agency: String::new(),
        claims: Vec::new(),
        level: VerificationLevel::AllegationOnly,
        notes: String::new(),
        reports: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_site_s_fields_read_back_as_they_were_saved() {
        let mut site = blank_site();
        let fields = SiteFields {
            names: "Prato station\n普拉托华侨服务站".into(),
            city: "Prato".into(),
            country: "IT".into(),
            lat: "43.8777".into(),
            lon: "11.1022".into(),
            precision: "street".into(),
            kind: "association_office".into(),
            level: "corroborated".into(),
            ..SiteFields::default()
        };
        assert!(fields.apply(&mut site).is_empty());
        assert_eq!(SiteFields::of(&site), fields);
    }

    #[test]
    fn a_point_must_be_two_numbers_or_nothing() {
        let mut site = blank_site();
        let fields = SiteFields {
            lat: "43.8".into(),
            lon: "east".into(),
            ..SiteFields::new_site()
        };
        let problems = fields.apply(&mut site);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "lat");
        assert_eq!(site.location, None);
    }

    #[test]
    fn a_witness_claim_needs_a_report_id() {
        let fields = ClaimFields {
            date: "2023".into(),
            kind: "reported".into(),
            witness: true,
            report: "not an id".into(),
            ..ClaimFields::default()
        };
        assert_eq!(fields.claim().unwrap_err()[0].field, "report");
        let report = ReportId::random();
        let claim = ClaimFields {
            report: format!(" {report} "),
            ..fields
        }
        .claim()
        .unwrap();
        assert_eq!(claim.source, Source::Witness { report });
    }

    #[test]
    fn the_query_keeps_sites_that_match_every_filter_given() {
        let mut site = blank_site();
        site.country = "IT".into();
        site.agency = "Fuzhou Public Security Bureau".into();
        assert!(SiteQuery::default().keeps(&site));
        let italy = SiteQuery {
            country: Some("IT".into()),
            kind: Some(SiteType::Station),
            ..SiteQuery::default()
        };
        assert!(italy.keeps(&site));
        assert!(
            !SiteQuery {
                level: Some(VerificationLevel::Corroborated),
                ..italy
            }
            .keeps(&site)
        );
    }
}
