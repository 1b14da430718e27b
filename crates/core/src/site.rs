//! The site registry's vocabulary (issue 5): a reported station or related premises, what is
//! claimed about it, by whom and when, and how far it is verified.
//!
//! A [`Site`] is investigators' data: it is sealed to the workspace key at rest. Its
//! [`PublicSite`] projection is what an admin may publish: only public-document claims,
//! never a witness report or anything linked to one, never notes; the address only when the
//! admin ticks it. Codes are stable snake_case like the reporting taxonomy's.

use serde::{Deserialize, Serialize};

use crate::taxonomy::choices;
use crate::{ClaimId, ReportId};

choices!(
    /// What kind of premises a site is.
    SiteType {
        /// A "service station" itself.
        Station = "station",
        /// The office of an association (hometown, business, friendship...).
        AssociationOffice = "association_office",
        /// A shop, restaurant or other business premises.
        BusinessPremises = "business_premises",
        /// A private residence.
        Residence = "residence",
        /// Anything else.
        Other = "other",
    }
);

choices!(
    /// What a dated claim says happened.
    ClaimKind {
        /// The site was reported (by a witness, an NGO, the press).
        Reported = "reported",
        /// Authorities investigated it.
        Investigated = "investigated",
        /// Authorities ordered it closed.
        OrderedClosed = "ordered_closed",
        /// It closed.
        Closed = "closed",
        /// Charges were laid.
        ChargesLaid = "charges_laid",
        /// A court convicted someone.
        Conviction = "conviction",
        /// An investigation found no evidence of wrongdoing.
        NoEvidenceFound = "no_evidence_found",
        /// The premises' owners or occupants took legal action (for example for defamation).
        LegalActionByPremises = "legal_action_by_premises",
    }
);

choices!(
    /// How far what is said about a site is verified.
    VerificationLevel {
        /// Alleged by one source.
        AllegationOnly = "allegation_only",
        /// Corroborated by independent sources.
        Corroborated = "corroborated",
        /// Confirmed by an official body (government, police, court).
        OfficiallyConfirmed = "officially_confirmed",
    }
);

choices!(
    /// How precise a site's coordinates are.
    Precision {
        /// The building.
        Exact = "exact",
        /// The street.
        Street = "street",
        /// Only the city (the gazetteer's point).
        City = "city",
    }
);

impl SiteType {
    /// English label (the workbench is English-only).
    pub fn label(self) -> &'static str {
        match self {
            Self::Station => "Station",
            Self::AssociationOffice => "Association office",
            Self::BusinessPremises => "Business premises",
            Self::Residence => "Residence",
            Self::Other => "Other",
        }
    }
}

impl ClaimKind {
    /// English label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Reported => "Reported",
            Self::Investigated => "Investigated",
            Self::OrderedClosed => "Ordered closed",
            Self::Closed => "Closed",
            Self::ChargesLaid => "Charges laid",
            Self::Conviction => "Conviction",
            Self::NoEvidenceFound => "No evidence found",
            Self::LegalActionByPremises => "Legal action by the premises",
        }
    }
}

impl VerificationLevel {
    /// English label.
    pub fn label(self) -> &'static str {
        match self {
            Self::AllegationOnly => "Allegation only",
            Self::Corroborated => "Corroborated",
            Self::OfficiallyConfirmed => "Officially confirmed",
        }
    }
}

impl Precision {
    /// English label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Exact => "Exact",
            Self::Street => "Street",
            Self::City => "City",
        }
    }
}

/// Operating agencies named in public reporting (Safeguard Defenders, "110 Overseas" and
/// "Patrol and Persuade", 2022): offered as suggestions; the field is free text.
pub const AGENCY_SUGGESTIONS: &[&str] = &[
    "Fuzhou Public Security Bureau",
    "Qingtian County Public Security Bureau",
    "Wenzhou Public Security Bureau",
    "Nantong Public Security Bureau",
];

/// Longest free-text field, in characters (names, address, agency, titles...).
pub const MAX_FIELD_CHARS: usize = 500;
/// Longest notes, in characters.
pub const MAX_NOTES_CHARS: usize = 20_000;
/// Most names, claims and linked reports on one site.
pub const MAX_ITEMS: usize = 200;

/// A point with its precision. WGS 84 degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Latitude, -90 to 90.
    pub lat: f64,
    /// Longitude, -180 to 180.
    pub lon: f64,
    /// How precise.
    pub precision: Precision,
}

/// A public document: an NGO report, a press article, a government statement, a judgment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSource {
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Date of publication (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; may be empty).
    pub date: String,
    /// Address (http or https).
    pub url: String,
}

/// Where a claim comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Source {
    /// A public document.
    Public(PublicSource),
    /// A witness report to this reporting line. Never published.
    Witness {
        /// The report.
        report: ReportId,
    },
}

/// A dated claim about a site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The claim, among its site's claims. Claims recorded before claims had ids (and rows of
    /// an imported file without them) get a fresh one when read; it is kept from the next
    /// time the site is saved.
    #[serde(default = "ClaimId::random")]
    pub id: ClaimId,
    /// When it happened (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: String,
    /// What happened.
    pub kind: ClaimKind,
    /// Who says so.
    pub source: Source,
    /// A short summary (investigators' words).
    #[serde(default)]
    pub summary: String,
}

/// A site of the registry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Names, in any script (the first is the one shown).
    pub names: Vec<String>,
    /// Street address.
    #[serde(default)]
    pub address: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Country, ISO 3166-1 alpha-2 (or empty).
    #[serde(default)]
    pub country: String,
    /// Where it is, if known.
    #[serde(default)]
    pub location: Option<Location>,
    /// What kind of premises.
    pub kind: SiteType,
    /// The operating agency claimed.
    #[serde(default)]
    pub agency: String,
    /// The timeline of claims.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// How far it is verified.
    pub level: VerificationLevel,
    /// Investigators' notes. Never published.
    #[serde(default)]
    pub notes: String,
    /// Witness reports linked to this site. Never published.
    #[serde(default)]
    pub reports: Vec<ReportId>,
}

/// Something wrong with a site's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteProblem {
    /// The field (a form field's name).
    pub field: String,
    /// What is wrong, in English.
    pub message: &'static str,
}

impl SiteProblem {
    fn new(field: impl Into<String>, message: &'static str) -> Self {
        Self {
            field: field.into(),
            message,
        }
    }
}

/// Whether `text` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
pub fn is_partial_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)),
        [_, _, _] => time::Date::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .is_ok(),
        _ => false,
    }
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

impl Site {
    /// Trims every text field, drops empty names and sorts the timeline by date.
    pub fn normalise(&mut self) {
        for name in &mut self.names {
            *name = name.trim().to_owned();
        }
        self.names.retain(|n| !n.is_empty());
        for field in [
            &mut self.address,
            &mut self.city,
            &mut self.agency,
            &mut self.notes,
        ] {
            *field = field.trim().to_owned();
        }
        self.country = self.country.trim().to_ascii_uppercase();
        for claim in &mut self.claims {
            claim.date = claim.date.trim().to_owned();
            claim.summary = claim.summary.trim().to_owned();
            if let Source::Public(source) = &mut claim.source {
                for field in [
                    &mut source.title,
                    &mut source.publisher,
                    &mut source.date,
                    &mut source.url,
                ] {
                    *field = field.trim().to_owned();
                }
            }
        }
        self.claims.sort_by(|a, b| a.date.cmp(&b.date));
        self.reports.sort();
        self.reports.dedup();
    }

    /// Every problem with the fields; empty when the site can be saved.
    pub fn problems(&self) -> Vec<SiteProblem> {
        let mut out = Vec::new();
        if self.names.is_empty() {
            out.push(SiteProblem::new("names", "At least one name is required."));
        }
        if self.names.iter().any(|n| too_long(n, MAX_FIELD_CHARS))
            || [&self.address, &self.city, &self.agency]
                .iter()
                .any(|f| too_long(f, MAX_FIELD_CHARS))
        {
            out.push(SiteProblem::new(
                "names",
                "A field is longer than 500 characters.",
            ));
        }
        if too_long(&self.notes, MAX_NOTES_CHARS) {
            out.push(SiteProblem::new("notes", "The notes are too long."));
        }
        if self.names.len() > MAX_ITEMS
            || self.claims.len() > MAX_ITEMS
            || self.reports.len() > MAX_ITEMS
        {
            out.push(SiteProblem::new(
                "names",
                "Too many names, claims or reports.",
            ));
        }
        if !(self.country.is_empty()
            || (self.country.len() == 2 && self.country.bytes().all(|b| b.is_ascii_uppercase())))
        {
            out.push(SiteProblem::new(
                "country",
                "The country must be a two-letter ISO 3166-1 code.",
            ));
        }
        if let Some(location) = self.location
            && !(location.lat.is_finite()
                && location.lon.is_finite()
                && (-90.0..=90.0).contains(&location.lat)
                && (-180.0..=180.0).contains(&location.lon))
        {
            out.push(SiteProblem::new(
                "lat",
                "Latitude must be between -90 and 90, longitude between -180 and 180.",
            ));
        }
        for (i, claim) in self.claims.iter().enumerate() {
            if !is_partial_date(&claim.date) {
                out.push(SiteProblem::new(
                    format!("claims[{i}].date"),
                    "A claim's date must be YYYY, YYYY-MM or YYYY-MM-DD.",
                ));
            }
            if too_long(&claim.summary, MAX_FIELD_CHARS) {
                out.push(SiteProblem::new(
                    format!("claims[{i}].summary"),
                    "A claim's summary is longer than 500 characters.",
                ));
            }
            if let Source::Public(source) = &claim.source {
                if source.title.is_empty() || source.publisher.is_empty() {
                    out.push(SiteProblem::new(
                        format!("claims[{i}].title"),
                        "A public source needs a title and a publisher.",
                    ));
                }
                if !source.date.is_empty() && !is_partial_date(&source.date) {
                    out.push(SiteProblem::new(
                        format!("claims[{i}].source_date"),
                        "A source's date must be YYYY, YYYY-MM or YYYY-MM-DD.",
                    ));
                }
                let url = source.url.to_ascii_lowercase();
                if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://"))
                    || source.url.chars().any(char::is_whitespace)
                {
                    out.push(SiteProblem::new(
                        format!("claims[{i}].url"),
                        "A source's address must start with https:// or http://.",
                    ));
                }
                if [&source.title, &source.publisher, &source.url]
                    .iter()
                    .any(|f| too_long(f, MAX_FIELD_CHARS))
                {
                    out.push(SiteProblem::new(
                        format!("claims[{i}].title"),
                        "A source's field is longer than 500 characters.",
                    ));
                }
            }
        }
        out
    }

    /// The name shown.
    pub fn display_name(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    /// Whether any claim comes from a public document: a site known only from witness
    /// reports can never be published (publishing it could point at the witness).
    pub fn has_public_source(&self) -> bool {
        self.claims
            .iter()
            .any(|c| matches!(c.source, Source::Public(_)))
    }

    /// What may be published, with the fields the admin chose; `None` without a public
    /// source. Built field by field from an allow-list: witness claims, linked reports and
    /// notes are never read.
    pub fn public(&self, options: PublishOptions) -> Option<PublicSite> {
        if !self.has_public_source() {
            return None;
        }
        Some(PublicSite {
            names: self.names.clone(),
            address: if options.address {
                self.address.clone()
            } else {
                String::new()
            },
            city: self.city.clone(),
            country: self.country.clone(),
            location: self
                .location
                .filter(|l| options.exact_location || l.precision == Precision::City),
            kind: self.kind,
            agency: self.agency.clone(),
            level: self.level,
            claims: self
                .claims
                .iter()
                .filter_map(|c| match &c.source {
                    Source::Public(source) => Some(PublicClaim {
                        date: c.date.clone(),
                        kind: c.kind,
                        source: source.clone(),
                        summary: c.summary.clone(),
                    }),
                    Source::Witness { .. } => None,
                })
                .collect(),
        })
    }
}

/// What an admin chooses to publish beyond the always-public fields (names, city, country,
/// city-level point, type, agency, level, public-document claims).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishOptions {
    /// Publish the street address.
    pub address: bool,
    /// Publish coordinates more precise than the city.
    pub exact_location: bool,
}

/// A claim from a public document, as published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicClaim {
    /// When it happened.
    pub date: String,
    /// What happened.
    pub kind: ClaimKind,
    /// The document.
    pub source: PublicSource,
    /// Summary.
    pub summary: String,
}

/// The published projection of a site. Stored in clear once an admin publishes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicSite {
    /// Names.
    pub names: Vec<String>,
    /// Street address, if the admin chose to publish it (else empty).
    pub address: String,
    /// City.
    pub city: String,
    /// Country (ISO alpha-2).
    pub country: String,
    /// Point, if published.
    pub location: Option<Location>,
    /// Type.
    pub kind: SiteType,
    /// Claimed agency.
    pub agency: String,
    /// Verification level.
    pub level: VerificationLevel,
    /// Public-document claims only.
    pub claims: Vec<PublicClaim>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn site() -> Site {
        Site {
            names: vec![
                " 福州警侨服务站 ".into(),
                "".into(),
                "Fuzhou station".into(),
            ],
            address: "1 Via Roma".into(),
            city: "Prato".into(),
            country: "it".into(),
            location: Some(Location {
                lat: 43.88,
                lon: 11.1,
                precision: Precision::Exact,
            }),
            kind: SiteType::Station,
            agency: AGENCY_SUGGESTIONS[0].into(),
            claims: vec![
                Claim {
                    id: ClaimId::random(),
                    date: "2023-01".into(),
                    kind: ClaimKind::Investigated,
                    source: Source::Witness {
                        report: ReportId::random(),
                    },
                    summary: "witness says".into(),
                },
                Claim {
                    id: ClaimId::random(),
                    date: "2022-09-12".into(),
                    kind: ClaimKind::Reported,
                    source: Source::Public(PublicSource {
                        title: "110 Overseas".into(),
                        publisher: "Safeguard Defenders".into(),
                        date: "2022-09".into(),
                        url: "https://example.org/110".into(),
                    }),
                    summary: String::new(),
                },
            ],
            level: VerificationLevel::Corroborated,
            notes: "private".into(),
            reports: vec![],
        }
    }

    #[test]
    fn normalising_trims_sorts_and_validates() {
        let mut s = site();
        s.normalise();
        assert_eq!(s.names, vec!["福州警侨服务站", "Fuzhou station"]);
        assert_eq!(s.country, "IT");
        assert_eq!(s.claims[0].date, "2022-09-12", "timeline sorted by date");
        assert!(s.problems().is_empty(), "{:?}", s.problems());
        s.claims[0].date = "2022-13".into();
        s.country = "Italy".into();
        let fields: Vec<String> = s.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["country", "claims[0].date"]);
    }

    #[test]
    fn partial_dates() {
        for good in ["2022", "2022-09", "2024-02-29"] {
            assert!(is_partial_date(good), "{good}");
        }
        for bad in ["22", "2022-9", "2023-02-29", "2022-00", "2022-09-12-1", ""] {
            assert!(!is_partial_date(bad), "{bad}");
        }
    }

    #[test]
    fn the_public_projection_drops_witness_claims_notes_and_what_was_not_chosen() {
        let mut s = site();
        s.normalise();
        let public = s.public(PublishOptions::default()).unwrap();
        assert_eq!(public.claims.len(), 1);
        assert_eq!(public.address, "");
        assert_eq!(public.location, None, "exact point not chosen");
        let json = serde_json::to_string(&public).unwrap();
        assert!(!json.contains("witness") && !json.contains("private"));
        let chosen = s
            .public(PublishOptions {
                address: true,
                exact_location: true,
            })
            .unwrap();
        assert_eq!(chosen.address, "1 Via Roma");
        assert!(chosen.location.is_some());
        s.claims
            .retain(|c| matches!(c.source, Source::Witness { .. }));
        assert_eq!(s.public(PublishOptions::default()), None);
    }
}
