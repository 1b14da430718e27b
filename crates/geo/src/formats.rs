//! The registry's files: GeoJSON (RFC 7946: a FeatureCollection, one Feature per site,
//! `[longitude, latitude]` Points, `null` geometry when a site has no point) and CSV
//! (RFC 4180, one row per site, names separated by ` | `, claims as a JSON array), written
//! for investigators' and public exports and read back for imports.
//!
//! Reading never stops at the first bad row: every row is checked and each problem is
//! returned with its line (CSV) or feature number (GeoJSON), so that an import can be
//! all-or-nothing after a dry run that lists them all.

use geojson::{Feature, FeatureCollection, GeoJson, Geometry, GeometryValue, JsonObject};
use quietline_core::SiteId;
use quietline_core::site::{
    Claim, Location, Precision, PublicSite, Site, SiteType, Source, VerificationLevel,
};
use quietline_core::text::{FORMULA_STARTS, neutralise_formula};
use serde_json::{Value, json};

/// Most rows one import may hold.
pub const MAX_IMPORT_ROWS: usize = 20_000;

/// A file format of the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistryFormat {
    /// GeoJSON FeatureCollection.
    GeoJson,
    /// CSV with a header row.
    Csv,
}

/// A row that cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    /// CSV: the line in the file (the header is line 1). GeoJSON: the feature's number,
    /// from 1. 0: the file as a whole.
    pub line: u64,
    /// Why, in English.
    pub reason: String,
}

/// What a file holds: the sites it would create, and every problem.
#[derive(Clone, Debug, Default)]
pub struct ImportOutcome {
    /// The sites of the good rows, in file order.
    pub sites: Vec<Site>,
    /// Every bad row.
    pub problems: Vec<ImportProblem>,
}

const CSV_HEADER: [&str; 13] = [
    "id",
    "names",
    "address",
    "city",
    "country",
    "latitude",
    "longitude",
    "precision",
    "type",
    "agency",
    "level",
    "claims",
    "notes",
];

fn point(location: Option<Location>) -> Option<Geometry> {
    location.map(|l| Geometry::new(GeometryValue::new_point([l.lon, l.lat])))
}

fn to_object(value: Value) -> JsonObject {
    match value {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    }
}

fn collection(features: Vec<Feature>) -> String {
    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    GeoJson::FeatureCollection(collection).to_string()
}

fn feature(id: SiteId, location: Option<Location>, properties: Value) -> Feature {
    Feature {
        bbox: None,
        geometry: point(location),
        id: Some(geojson::feature::Id::String(id.to_string())),
        properties: Some(to_object(properties)),
        foreign_members: None,
    }
}

/// Every field of the sites (an investigators' export: includes notes, witness claims and
/// linked report ids).
pub fn sites_geojson(sites: &[(SiteId, &Site)]) -> String {
    collection(
        sites
            .iter()
            .map(|(id, s)| {
                feature(
                    *id,
                    s.location,
                    json!({
                        "names": s.names, "address": s.address, "city": s.city,
                        "country": s.country,
                        "precision": s.location.map(|l| l.precision.code()),
                        "type": s.kind.code(), "agency": s.agency, "level": s.level.code(),
                        "claims": s.claims, "notes": s.notes, "reports": s.reports,
                    }),
                )
            })
            .collect(),
    )
}

/// Published sites only, with only their published fields.
pub fn public_geojson(sites: &[(SiteId, &PublicSite)]) -> String {
    collection(
        sites
            .iter()
            .map(|(id, s)| {
                feature(
                    *id,
                    s.location,
                    json!({
                        "names": s.names, "address": s.address, "city": s.city,
                        "country": s.country,
                        "precision": s.location.map(|l| l.precision.code()),
                        "type": s.kind.code(), "agency": s.agency, "level": s.level.code(),
                        "claims": s.claims,
                    }),
                )
            })
            .collect(),
    )
}

fn csv_out(rows: Vec<[String; 13]>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|cell| neutralise_formula(cell).into_owned()));
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

fn coordinates(location: Option<Location>) -> (String, String, String) {
    location.map_or_else(Default::default, |l| {
        (
            l.lat.to_string(),
            l.lon.to_string(),
            l.precision.code().to_owned(),
        )
    })
}

/// Every field of the sites, as CSV.
pub fn sites_csv(sites: &[(SiteId, &Site)]) -> String {
    csv_out(
        sites
            .iter()
            .map(|(id, s)| {
                let (lat, lon, precision) = coordinates(s.location);
                [
                    id.to_string(),
                    s.names.join(" | "),
                    s.address.clone(),
                    s.city.clone(),
                    s.country.clone(),
                    lat,
                    lon,
                    precision,
                    s.kind.code().into(),
                    s.agency.clone(),
                    s.level.code().into(),
                    serde_json::to_string(&s.claims).unwrap_or_default(),
                    s.notes.clone(),
                ]
            })
            .collect(),
    )
}

/// Published sites only, as CSV (the `notes` column stays empty).
pub fn public_csv(sites: &[(SiteId, &PublicSite)]) -> String {
    csv_out(
        sites
            .iter()
            .map(|(id, s)| {
                let (lat, lon, precision) = coordinates(s.location);
                [
                    id.to_string(),
                    s.names.join(" | "),
                    s.address.clone(),
                    s.city.clone(),
                    s.country.clone(),
                    lat,
                    lon,
                    precision,
                    s.kind.code().into(),
                    s.agency.clone(),
                    s.level.code().into(),
                    serde_json::to_string(&s.claims).unwrap_or_default(),
                    String::new(),
                ]
            })
            .collect(),
    )
}

/// Reads a registry file. Rows with problems are listed, not returned as sites.
pub fn parse_registry(text: &str, format: RegistryFormat) -> ImportOutcome {
    match format {
        RegistryFormat::Csv => parse_csv(text),
        RegistryFormat::GeoJson => parse_geojson(text),
    }
}

fn parse_csv(text: &str) -> ImportOutcome {
    let mut out = ImportOutcome::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
        Err(err) => {
            out.problems.push(ImportProblem {
                line: 1,
                reason: format!("The header row cannot be read: {err}"),
            });
            return out;
        }
    };
    if !header.iter().any(|h| h == "names") {
        out.problems.push(ImportProblem {
            line: 1,
            reason: "The header row has no \"names\" column.".into(),
        });
        return out;
    }
    for (count, record) in reader.records().enumerate() {
        let (line, result) = match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                let properties: serde_json::Map<String, Value> = header
                    .iter()
                    .zip(record.iter())
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            Value::String(without_formula_guard(v).to_owned()),
                        )
                    })
                    .collect();
                (line, site_from(&properties, None))
            }
            Err(err) => (
                err.position().map_or(0, |p| p.line()),
                Err(format!("This row cannot be read as CSV: {err}")),
            ),
        };
        if count >= MAX_IMPORT_ROWS {
            out.problems.push(ImportProblem {
                line,
                reason: format!("More than {MAX_IMPORT_ROWS} rows in one import."),
            });
            break;
        }
        match result {
            Ok(site) => out.sites.push(site),
            Err(reason) => out.problems.push(ImportProblem { line, reason }),
        }
    }
    out
}

fn parse_geojson(text: &str) -> ImportOutcome {
    let mut out = ImportOutcome::default();
    let collection = match text.parse::<GeoJson>() {
        Ok(GeoJson::FeatureCollection(c)) => c,
        Ok(_) => {
            out.problems.push(ImportProblem {
                line: 0,
                reason: "The file is GeoJSON but not a FeatureCollection.".into(),
            });
            return out;
        }
        Err(err) => {
            out.problems.push(ImportProblem {
                line: 0,
                reason: format!("The file is not valid GeoJSON: {err}"),
            });
            return out;
        }
    };
    for (i, feature) in collection.features.iter().enumerate() {
        let line = i as u64 + 1;
        if i >= MAX_IMPORT_ROWS {
            out.problems.push(ImportProblem {
                line,
                reason: format!("More than {MAX_IMPORT_ROWS} features in one import."),
            });
            break;
        }
        let point = match feature.geometry.as_ref().map(|g| &g.value) {
            None => Ok(None),
            Some(GeometryValue::Point { coordinates }) if coordinates.len() >= 2 => {
                Ok(Some((coordinates[1], coordinates[0])))
            }
            Some(other) => Err(format!(
                "The geometry is a {}; only a Point (or null) is accepted.",
                other.type_name()
            )),
        };
        let empty = JsonObject::new();
        let properties = feature.properties.as_ref().unwrap_or(&empty);
        match point.and_then(|p| site_from(properties, p)) {
            Ok(site) => out.sites.push(site),
            Err(reason) => out.problems.push(ImportProblem { line, reason }),
        }
    }
    out
}

fn text(properties: &serde_json::Map<String, Value>, key: &str) -> String {
    match properties.get(key) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn number(properties: &serde_json::Map<String, Value>, key: &str) -> Result<Option<f64>, String> {
    match properties.get(key) {
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("\"{key}\" is not a number: {s:?}")),
        None | Some(Value::Null) => Ok(None),
        Some(_) => Err(format!("\"{key}\" is not a number.")),
    }
}

/// One site from a row's named values (CSV cells or GeoJSON properties), and its point.
fn site_from(
    properties: &serde_json::Map<String, Value>,
    point: Option<(f64, f64)>,
) -> Result<Site, String> {
    let names: Vec<String> = match properties.get("names") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(s)) => s.split('|').map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    let code_of = |key: &str, default: &str| {
        let t = text(properties, key);
        if t.is_empty() { default.to_owned() } else { t }
    };
    let kind_code = code_of("type", "other");
    let kind = SiteType::from_code(&kind_code)
        .ok_or_else(|| format!("Unknown type {kind_code:?} (expected one of: station, association_office, business_premises, residence, other)."))?;
    let level_code = code_of("level", "allegation_only");
    let level = VerificationLevel::from_code(&level_code).ok_or_else(|| {
        format!("Unknown level {level_code:?} (expected allegation_only, corroborated or officially_confirmed).")
    })?;
    let point = match point {
        Some(p) => Some(p),
        None => match (
            number(properties, "latitude")?,
            number(properties, "longitude")?,
        ) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            (None, None) => None,
            _ => return Err("Latitude and longitude go together: one is missing.".into()),
        },
    };
    let precision_code = code_of("precision", "exact");
    let precision = Precision::from_code(&precision_code).ok_or_else(|| {
        format!("Unknown precision {precision_code:?} (expected exact, street or city).")
    })?;
    let claims: Vec<Claim> = match properties.get("claims") {
        Some(Value::Array(_)) => {
            serde_json::from_value(properties.get("claims").cloned().unwrap_or(Value::Null))
                .map_err(|e| format!("The claims cannot be read: {e}"))?
        }
        Some(Value::String(s)) if s.trim().is_empty() => Vec::new(),
        Some(Value::String(s)) => {
            serde_json::from_str(s).map_err(|e| format!("The claims cannot be read: {e}"))?
        }
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err("The claims must be a JSON array.".into()),
    };
    if claims
        .iter()
        .any(|c| matches!(c.source, Source::Witness { .. }))
    {
        return Err(
            "A claim cites a witness report: only public sources can be imported (link reports in the workbench)."
                .into(),
        );
    }
    let city = text(properties, "city");
    let country = text(properties, "country").to_ascii_uppercase();
    let location = match point {
        Some((lat, lon)) => Some(Location {
            lat,
            lon,
            precision,
        }),
        None if !city.is_empty() => crate::find_city(&city, Some(&country)).map(|c| Location {
            lat: c.lat,
            lon: c.lon,
            precision: Precision::City,
        }),
        None => None,
    };
    let mut site = Site {
        names,
        address: text(properties, "address"),
        city,
        country,
        location,
        kind,
        agency: text(properties, "agency"),
        claims,
        level,
        notes: text(properties, "notes"),
        reports: Vec::new(),
    };
    site.normalise();
    let problems = site.problems();
    if problems.is_empty() {
        Ok(site)
    } else {
        Err(problems
            .iter()
            .map(|p| p.message)
            .collect::<Vec<_>>()
            .join(" "))
    }
}

/// A CSV cell as imported: the guard [`neutralise_formula`] adds is removed.
fn without_formula_guard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}
