//! The site registry (issue 5): sites sealed to the workspace key, created, edited, linked to
//! reports, imported, exported and (by admins) published.
//!
//! At rest a site is one age ciphertext (its JSON) in the `sites` table. While the workspace
//! is unlocked, the decrypted sites are kept in memory beside the inbox, loaded in the
//! background at the unlock. Decrypting 10 000 age objects one by one takes seconds on two
//! cores, so the decrypted registry is also kept as one sealed snapshot in the cache folder
//! (`cache/sites.age`, like the inbox's): each entry carries the fingerprint of the row it was
//! read from and is used only while the row still has it; changed, new and unknown rows are
//! decrypted from the database. The snapshot is rewritten when more than
//! [`SITES_SNAPSHOT_REFRESH`] sites were opened one by one or changed, and when the workspace
//! is locked after any change.
//! Publishing stores the site's public projection ([`Site::public`]) in clear: only sites
//! with a public-document source, only public-document claims, never a witness report,
//! linked report or note. The public export reads those projections alone, so nothing else can
//! reach it. Every change and export is audited with ids and counts, never content.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use quietline_core::site::{
    Claim, ClaimKind, Location, Precision, PublicSite, PublishOptions, Site, SiteProblem, SiteType,
    Source,
};
use quietline_core::taxonomy::PlaceKind;
use quietline_core::{ClaimId, Day, ReportAnswers, ReportId, SiteId};
use quietline_crypto::{open, seal};
use quietline_geo::{ImportProblem, RegistryFormat};
use quietline_storage::{ObjectName, SiteRow};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::inbox::fingerprint_of;
use super::snapshot::{open_snapshot, write_snapshot};
use super::{Investigator, Now, UnlockedWorkspace};
use crate::audit::AuditAction;
use crate::{Instance, ServiceError};

/// A site as investigators see it.
#[derive(Clone, Debug)]
pub struct SiteView {
    /// The site.
    pub id: SiteId,
    /// Everything recorded.
    pub site: Site,
    /// Day created.
    pub created_day: Day,
    /// Day of the last change.
    pub updated_day: Day,
    /// What is published, if anything.
    pub published: Option<PublicSite>,
    /// Day published.
    pub published_day: Option<Day>,
    /// Grows by one with every saved change to the record (1 when created): an edit names
    /// the version it was made from.
    pub version: u64,
}

impl SiteView {
    /// Whether the published copy differs from what publishing now would give (an edit
    /// since; an admin re-publishes to update it).
    pub fn published_outdated(&self, options: PublishOptions) -> bool {
        self.published
            .as_ref()
            .is_some_and(|p| Some(p) != self.site.public(options).as_ref())
    }
}

/// The in-memory registry of an unlocked workspace.
#[derive(Default)]
pub(crate) struct SiteRegistry {
    sites: BTreeMap<SiteId, SiteView>,
    /// Fingerprint of each site's sealed row: what a snapshot entry is checked against.
    fingerprints: HashMap<SiteId, String>,
    /// Sites opened one by one or changed since the snapshot was last written: it is stale.
    changed: usize,
    /// Grows with every change to a site's record (cached derivations compare it).
    version: u64,
}

impl SiteRegistry {
    /// Adds or replaces a site read from (or just written to) its sealed row.
    pub(crate) fn insert(&mut self, view: SiteView, sealed: &[u8]) {
        self.fingerprints.insert(view.id, fingerprint_of(sealed));
        self.sites.insert(view.id, view);
        self.changed += 1;
        self.version += 1;
    }

    /// The registry as a snapshot, to seal.
    fn snapshot(&self) -> SitesSnapshot {
        SitesSnapshot {
            format: SITES_SNAPSHOT_FORMAT,
            sites: self
                .sites
                .values()
                .filter_map(|view| {
                    let fingerprint = self.fingerprints.get(&view.id)?.clone();
                    Some((
                        view.id,
                        SnapshotSite {
                            fingerprint,
                            site: view.site.clone(),
                        },
                    ))
                })
                .collect(),
        }
    }

    /// The registry's version: it changes whenever a site's record does.
    pub(crate) fn version(&self) -> u64 {
        self.version
    }

    /// Every site.
    pub(crate) fn views(&self) -> impl Iterator<Item = &SiteView> {
        self.sites.values()
    }

    /// One site.
    pub(crate) fn get(&self, id: SiteId) -> Option<&SiteView> {
        self.sites.get(&id)
    }
}

/// Name of the registry's snapshot in the cache folder.
pub(crate) const SITES_SNAPSHOT: &str = "sites.age";

/// Above this many sites opened one by one at the unlock, or changed since, the snapshot is
/// rewritten (sealing the whole registry again costs about as much as opening a hundred
/// sites one by one).
pub(crate) const SITES_SNAPSHOT_REFRESH: usize = 100;

/// Bumped when the snapshot's shape changes: an older snapshot then fails to parse and is
/// ignored.
const SITES_SNAPSHOT_FORMAT: u32 = 1;

/// One site as the snapshot keeps it: the record and the fingerprint of the sealed row it
/// came from (the clear columns are read from the row itself).
#[derive(Debug, Serialize, Deserialize)]
struct SnapshotSite {
    fingerprint: String,
    site: Site,
}

/// The decrypted registry, sealed to the workspace key as one object.
#[derive(Debug, Default, Serialize, Deserialize)]
struct SitesSnapshot {
    format: u32,
    sites: HashMap<SiteId, SnapshotSite>,
}

/// A file format for exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// GeoJSON FeatureCollection (RFC 7946).
    GeoJson,
    /// CSV.
    Csv,
}

/// What an import did, or (in a dry run, or with problems) would do.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// Good rows (sites created, unless a dry run or a problem stopped it).
    pub good: usize,
    /// Every bad row.
    pub problems: Vec<ImportProblem>,
    /// Whether the sites were written.
    pub imported: bool,
}

pub(super) fn invalid(problems: Vec<SiteProblem>) -> ServiceError {
    ServiceError::InvalidSite(problems)
}

/// The registry from the database's rows: a site comes from the snapshot when its row's
/// fingerprint matches the snapshot's entry, and is decrypted otherwise (on every core: age
/// decryption dominates). Returns the registry and how many sites were decrypted.
fn open_sites(
    rows: Vec<SiteRow>,
    key: &super::workspace::WorkspaceKeys,
    snapshot: Option<SitesSnapshot>,
) -> Result<(SiteRegistry, usize), ServiceError> {
    let mut snapshot = snapshot
        .filter(|s| s.format == SITES_SNAPSHOT_FORMAT)
        .unwrap_or_default()
        .sites;
    let mut registry = SiteRegistry::default();
    let mut unknown = Vec::new();
    for row in rows {
        match snapshot.remove(&row.id) {
            Some(entry) if entry.fingerprint == fingerprint_of(&row.sealed) => {
                let (view, sealed) = view_of(row, entry.site)?;
                registry.insert(view, &sealed);
            }
            _ => unknown.push(row),
        }
    }
    let opened = unknown.len();
    let open_one = |row: SiteRow| open_row(row, key);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = unknown.len().div_ceil(threads).max(1);
    let mut chunks: Vec<Vec<SiteRow>> = Vec::new();
    let mut rows = unknown.into_iter().peekable();
    while rows.peek().is_some() {
        chunks.push(rows.by_ref().take(chunk).collect());
    }
    type Opened = Result<Vec<(SiteView, Vec<u8>)>, ServiceError>;
    let results: Vec<Opened> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(open_one).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or(Err(ServiceError::Corrupt("site load thread")))
            })
            .collect()
    });
    for views in results {
        for (view, sealed) in views? {
            registry.insert(view, &sealed);
        }
    }
    // Only what was decrypted one by one makes the snapshot stale.
    registry.changed = opened;
    Ok((registry, opened))
}

/// A site's view from its row and its decrypted record (the sealed bytes handed back for the
/// registry's fingerprint).
fn view_of(row: SiteRow, site: Site) -> Result<(SiteView, Vec<u8>), ServiceError> {
    let published = match &row.published {
        Some(json) => {
            Some(serde_json::from_str(json).map_err(|_| ServiceError::Corrupt("published site"))?)
        }
        None => None,
    };
    Ok((
        SiteView {
            id: row.id,
            site,
            created_day: row.created_day,
            updated_day: row.updated_day,
            published,
            published_day: row.published_day,
            version: u64::try_from(row.version)
                .map_err(|_| ServiceError::Corrupt("site version"))?,
        },
        row.sealed,
    ))
}

/// A site's view from its row, decrypted.
pub(super) fn open_row(
    row: SiteRow,
    key: &super::workspace::WorkspaceKeys,
) -> Result<(SiteView, Vec<u8>), ServiceError> {
    let plain = key.open(&row.sealed)?;
    let mut site: Site =
        serde_json::from_slice(&plain).map_err(|_| ServiceError::Corrupt("site"))?;
    distinct_claim_ids(&mut site);
    view_of(row, site)
}

/// Gives a fresh id to a claim whose id another claim of the site has already (a file
/// imported with the same claim twice): claims are removed by id.
fn distinct_claim_ids(site: &mut Site) {
    let mut seen = std::collections::HashSet::new();
    for claim in &mut site.claims {
        while !seen.insert(claim.id) {
            claim.id = quietline_core::ClaimId::random();
        }
    }
}

/// Fills in a city-level point from the bundled gazetteer when none was given.
fn geocode(site: &mut Site) {
    if site.location.is_none()
        && !site.city.is_empty()
        && let Some(city) = quietline_geo::find_city(&site.city, Some(&site.country))
    {
        site.location = Some(Location {
            lat: city.lat,
            lon: city.lon,
            precision: Precision::City,
        });
        if site.country.is_empty() {
            site.country = city.country.to_owned();
        }
    }
}

/// The site normalised, placed at its city if it has no point, with distinct claim ids, or
/// every problem: `problems` (what could not be read from a form) and the site's own.
pub(super) fn checked_with(
    mut site: Site,
    mut problems: Vec<SiteProblem>,
) -> Result<Site, ServiceError> {
    site.normalise();
    geocode(&mut site);
    distinct_claim_ids(&mut site);
    problems.extend(site.problems());
    if problems.is_empty() {
        Ok(site)
    } else {
        Err(invalid(problems))
    }
}

impl Instance {
    /// The registry, decrypted (loaded the first time, if the warm-up started at unlock has
    /// not done it yet).
    pub(super) async fn site_cache(
        &self,
        investigator: &Investigator,
    ) -> Result<Arc<UnlockedWorkspace>, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        self.load_sites(&workspace).await?;
        Ok(workspace)
    }

    /// Reads the registry into the workspace, unless it is there already: from the sealed
    /// snapshot in the cache folder where its entries still match the database's rows, and by
    /// decrypting the rest. Called in the background when the workspace is unlocked, so that
    /// the first map page does not wait for it.
    pub(crate) async fn load_sites(
        &self,
        workspace: &Arc<UnlockedWorkspace>,
    ) -> Result<(), ServiceError> {
        let is_loaded = || {
            workspace
                .sites
                .read()
                .map(|slot| slot.is_some())
                .map_err(|_| ServiceError::Corrupt("sites lock"))
        };
        if is_loaded()? {
            return Ok(());
        }
        // One load at a time: a request arriving during the warm-up waits for it.
        let _loading = workspace.sites_loading.lock().await;
        if is_loaded()? {
            return Ok(());
        }
        let started = crate::Stopwatch::start();
        let rows = self.inner.db.site_rows().await?;
        let sealed_snapshot = self.inner.cache.read(SITES_SNAPSHOT).await?;
        let count = rows.len();
        let key = workspace.keys();
        let (registry, opened) = tokio::task::spawn_blocking(move || {
            let snapshot = open_snapshot::<SitesSnapshot>(&key, sealed_snapshot);
            open_sites(rows, &key, snapshot)
        })
        .await
        .map_err(|_| ServiceError::Corrupt("site load failed"))??;
        {
            let mut slot = workspace
                .sites
                .write()
                .map_err(|_| ServiceError::Corrupt("sites lock"))?;
            if slot.is_some() {
                return Ok(());
            }
            *slot = Some(registry);
        }
        tracing::info!(
            sites = count,
            opened,
            ms = started.elapsed_ms(),
            "site registry read"
        );
        self.snapshot_sites_in_background(workspace);
        Ok(())
    }

    /// Rewrites the registry's snapshot in the background if more than
    /// [`SITES_SNAPSHOT_REFRESH`] sites were opened one by one or changed since it was written.
    pub(super) fn snapshot_sites_in_background(&self, workspace: &Arc<UnlockedWorkspace>) {
        let stale = workspace.sites.read().is_ok_and(|slot| {
            slot.as_ref()
                .is_some_and(|r| r.changed > SITES_SNAPSHOT_REFRESH)
        });
        if !stale {
            return;
        }
        let instance = self.clone();
        let workspace = workspace.clone();
        tokio::spawn(async move {
            if let Err(err) = instance
                .snapshot_sites_if_changed(&workspace, SITES_SNAPSHOT_REFRESH)
                .await
            {
                tracing::error!(error = %err, "could not write the site registry's snapshot");
            }
        });
    }

    /// Writes the registry's snapshot if more than `threshold` sites were opened one by one or
    /// changed since the last one (0 when the workspace is locked: any change).
    pub(crate) async fn snapshot_sites_if_changed(
        &self,
        workspace: &UnlockedWorkspace,
        threshold: usize,
    ) -> Result<(), ServiceError> {
        let _writing = self.inner.workbench.snapshot_writes.lock().await;
        let (snapshot, changed) = {
            let slot = workspace
                .sites
                .read()
                .map_err(|_| ServiceError::Corrupt("sites lock"))?;
            match slot.as_ref() {
                Some(registry) if registry.changed > threshold => {
                    (registry.snapshot(), registry.changed)
                }
                _ => return Ok(()),
            }
        };
        let started = crate::Stopwatch::start();
        let count = snapshot.sites.len();
        write_snapshot(
            &self.inner.cache,
            SITES_SNAPSHOT,
            workspace.recipient(),
            snapshot,
        )
        .await?;
        // Changes made while it was written are still to be saved.
        if let Ok(mut slot) = workspace.sites.write()
            && let Some(registry) = slot.as_mut()
        {
            registry.changed = registry.changed.saturating_sub(changed);
        }
        tracing::info!(
            sites = count,
            ms = started.elapsed_ms(),
            "site registry snapshot written"
        );
        Ok(())
    }

    pub(super) fn with_sites<T>(
        workspace: &UnlockedWorkspace,
        f: impl FnOnce(&mut SiteRegistry) -> T,
    ) -> Result<T, ServiceError> {
        let mut slot = workspace
            .sites
            .write()
            .map_err(|_| ServiceError::Corrupt("sites lock"))?;
        slot.as_mut()
            .map(f)
            .ok_or(ServiceError::Corrupt("sites not loaded"))
    }

    /// Every site, in the order created.
    pub async fn sites(&self, investigator: &Investigator) -> Result<Vec<SiteView>, ServiceError> {
        let workspace = self.site_cache(investigator).await?;
        let mut all = Self::with_sites(&workspace, |c| c.views().cloned().collect::<Vec<_>>())?;
        all.sort_by(|a, b| a.created_day.cmp(&b.created_day).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    /// One site.
    pub async fn site(
        &self,
        investigator: &Investigator,
        id: SiteId,
    ) -> Result<SiteView, ServiceError> {
        let workspace = self.site_cache(investigator).await?;
        Self::with_sites(&workspace, |c| c.sites.get(&id).cloned())?.ok_or(ServiceError::NotFound)
    }

    pub(super) fn seal_site(
        workspace: &UnlockedWorkspace,
        site: &Site,
    ) -> Result<Vec<u8>, ServiceError> {
        let json = zeroize::Zeroizing::new(
            serde_json::to_vec(site).map_err(|_| ServiceError::Corrupt("site"))?,
        );
        Ok(seal(&[workspace.recipient()], &json)?)
    }

    /// A new site's row (sealed) and view, created on `day`, at version 1.
    pub(super) fn new_site(
        workspace: &UnlockedWorkspace,
        site: Site,
        day: Day,
    ) -> Result<(SiteRow, SiteView), ServiceError> {
        let id = SiteId::random();
        let row = SiteRow {
            id,
            created_day: day,
            updated_day: day,
            sealed: Self::seal_site(workspace, &site)?,
            published: None,
            published_day: None,
            version: 1,
        };
        let view = SiteView {
            id,
            site,
            created_day: day,
            updated_day: day,
            published: None,
            published_day: None,
            version: 1,
        };
        Ok((row, view))
    }

    /// Checks that the investigator's key opens each linked report.
    pub(super) async fn check_reports(
        &self,
        investigator: &Investigator,
        site: &Site,
    ) -> Result<(), ServiceError> {
        let witness = site.claims.iter().filter_map(|c| match c.source {
            Source::Witness { report } => Some(report),
            Source::Public(_) => None,
        });
        for report in site.reports.iter().copied().chain(witness) {
            self.report_key(&investigator.identity, report).await?;
        }
        Ok(())
    }

    /// A site from a report's place answer, with the report linked and a "reported" claim
    /// citing it, dated the day it arrived (not saved: a form shows it to the investigator
    /// first).
    pub(super) async fn report_place(
        &self,
        investigator: &Investigator,
        report: ReportId,
    ) -> Result<Site, ServiceError> {
        self.workspace_for(investigator)?;
        let row = self
            .inner
            .db
            .inbox_row(report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let key = self.report_key(&investigator.identity, report).await?;
        let plain = open(
            &key,
            &self.inner.objects.read(report, ObjectName::Answers).await?,
        )?;
        let answers: ReportAnswers =
            serde_json::from_slice(&plain).map_err(|_| ServiceError::Corrupt("answers"))?;
        let place = answers.place;
        let kind = match place.kind {
            Some(PlaceKind::Station) => SiteType::Station,
            Some(PlaceKind::AssociationOffice) => SiteType::AssociationOffice,
            Some(PlaceKind::Business) => SiteType::BusinessPremises,
            Some(PlaceKind::Residence) => SiteType::Residence,
            _ => SiteType::Other,
        };
        let mut site = Site {
            names: [place.name]
                .into_iter()
                .filter(|n| !n.trim().is_empty())
                .collect(),
            address: place.address,
            city: place.city,
            country: place.country,
            location: None,
            kind,
            agency: String::new(),
            claims: vec![Claim {
                id: ClaimId::random(),
                date: row.received_day.to_string(),
                kind: ClaimKind::Reported,
                source: Source::Witness { report },
                summary: String::new(),
            }],
            level: quietline_core::site::VerificationLevel::AllegationOnly,
            notes: String::new(),
            reports: vec![report],
        };
        geocode(&mut site);
        Ok(site)
    }

    /// Publishes a site (admins only): its public projection with the chosen fields is
    /// stored in clear. Refused for a site without a public-document source.
    pub async fn publish_site(
        &self,
        investigator: &Investigator,
        id: SiteId,
        options: PublishOptions,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        if !investigator.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let workspace = self.site_cache(investigator).await?;
        let view = self.site(investigator, id).await?;
        let mut public = view.site.public(options).ok_or_else(|| {
            invalid(vec![SiteProblem {
                field: "publish".into(),
                message: "Only a site with a claim from a public document can be published.",
            }])
        })?;
        // Without the precise point, the public copy is placed at its city (gazetteer).
        if public.location.is_none()
            && let Some(city) = quietline_geo::find_city(&public.city, Some(&public.country))
        {
            public.location = Some(Location {
                lat: city.lat,
                lon: city.lon,
                precision: Precision::City,
            });
        }
        let json = serde_json::to_string(&public).map_err(|_| ServiceError::Corrupt("public"))?;
        let day = Day::new(now.today());
        self.inner
            .db
            .set_site_published(id, Some((&json, day)))
            .await?;
        Self::with_sites(&workspace, |c| {
            if let Some(view) = c.sites.get_mut(&id) {
                view.published = Some(public);
                view.published_day = Some(day);
            }
        })?;
        self.audit_investigator(
            investigator.id,
            AuditAction::SitePublished,
            id.to_string(),
            [
                ("address", json!(options.address)),
                ("exact_location", json!(options.exact_location)),
            ],
            request_id,
            now,
        )
        .await
    }

    /// Withdraws a site's publication (admins only).
    pub async fn unpublish_site(
        &self,
        investigator: &Investigator,
        id: SiteId,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        if !investigator.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let workspace = self.site_cache(investigator).await?;
        self.inner.db.set_site_published(id, None).await?;
        Self::with_sites(&workspace, |c| {
            if let Some(view) = c.sites.get_mut(&id) {
                view.published = None;
                view.published_day = None;
            }
        })?;
        self.audit_investigator(
            investigator.id,
            AuditAction::SiteUnpublished,
            id.to_string(),
            [],
            request_id,
            now,
        )
        .await
    }

    /// Every site with every field, as a file (audited as an export).
    pub async fn export_sites(
        &self,
        investigator: &Investigator,
        format: ExportFormat,
        request_id: &str,
        now: Now,
    ) -> Result<String, ServiceError> {
        let all = self.sites(investigator).await?;
        let refs: Vec<(SiteId, &Site)> = all.iter().map(|v| (v.id, &v.site)).collect();
        let (text, what) = match format {
            ExportFormat::GeoJson => (quietline_geo::sites_geojson(&refs), "sites_geojson"),
            ExportFormat::Csv => (quietline_geo::sites_csv(&refs), "sites_csv"),
        };
        self.audit_investigator(
            investigator.id,
            AuditAction::Export,
            String::new(),
            [("what", json!(what)), ("count", json!(refs.len()))],
            request_id,
            now,
        )
        .await?;
        Ok(text)
    }

    /// The published sites, as a file: built from the stored public projections only
    /// (audited as an export).
    pub async fn export_public_sites(
        &self,
        investigator: &Investigator,
        format: ExportFormat,
        request_id: &str,
        now: Now,
    ) -> Result<String, ServiceError> {
        self.workspace_for(investigator)?;
        let mut published = Vec::new();
        for (id, json) in self.inner.db.published_sites().await? {
            let site: PublicSite =
                serde_json::from_str(&json).map_err(|_| ServiceError::Corrupt("published site"))?;
            published.push((id, site));
        }
        let refs: Vec<(SiteId, &PublicSite)> = published.iter().map(|(i, s)| (*i, s)).collect();
        let (text, what) = match format {
            ExportFormat::GeoJson => (quietline_geo::public_geojson(&refs), "public_sites_geojson"),
            ExportFormat::Csv => (quietline_geo::public_csv(&refs), "public_sites_csv"),
        };
        self.audit_investigator(
            investigator.id,
            AuditAction::Export,
            String::new(),
            [("what", json!(what)), ("count", json!(refs.len()))],
            request_id,
            now,
        )
        .await?;
        Ok(text)
    }

    /// Imports a registry file. A dry run, or a file with any bad row, writes nothing and
    /// lists the problems; otherwise every site is created in one transaction.
    pub async fn import_sites(
        &self,
        investigator: &Investigator,
        text: &str,
        format: RegistryFormat,
        dry_run: bool,
        request_id: &str,
        now: Now,
    ) -> Result<ImportReport, ServiceError> {
        let workspace = self.site_cache(investigator).await?;
        let text = text.to_owned();
        let outcome =
            tokio::task::spawn_blocking(move || quietline_geo::parse_registry(&text, format))
                .await
                .map_err(|_| ServiceError::Corrupt("import parse failed"))?;
        let mut report = ImportReport {
            good: outcome.sites.len(),
            problems: outcome.problems,
            imported: false,
        };
        if dry_run || !report.problems.is_empty() || outcome.sites.is_empty() {
            return Ok(report);
        }
        let day = Day::new(now.today());
        let mut rows = Vec::with_capacity(outcome.sites.len());
        let mut views = Vec::with_capacity(outcome.sites.len());
        for mut site in outcome.sites {
            geocode(&mut site);
            distinct_claim_ids(&mut site);
            let (row, view) = Self::new_site(&workspace, site, day)?;
            rows.push(row);
            views.push(view);
        }
        self.inner.db.insert_sites(&rows).await?;
        Self::with_sites(&workspace, |c| {
            for (view, row) in views.into_iter().zip(&rows) {
                c.insert(view, &row.sealed);
            }
        })?;
        self.snapshot_sites_in_background(&workspace);
        report.imported = true;
        self.audit_investigator(
            investigator.id,
            AuditAction::SitesImported,
            String::new(),
            [("count", json!(rows.len()))],
            request_id,
            now,
        )
        .await?;
        Ok(report)
    }
}
