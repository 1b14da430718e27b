//! Countries: the ISO table (`data/countries.tsv`, from GeoNames) and their boundaries
//! (`data/countries.geojson`: Natural Earth 1:50m admin-0 countries from world-atlas,
//! converted by topojson-client, rounded to 0.01 degree), parsed with the `geojson` crate
//! the first time they are needed.

use std::collections::HashMap;
use std::sync::OnceLock;

use geojson::{GeoJson, GeometryValue};

/// A ring of (longitude, latitude) points with its bounding box.
#[derive(Clone, Debug)]
pub(crate) struct Ring {
    pub points: Vec<(f64, f64)>,
    /// (min lon, min lat, max lon, max lat).
    pub bbox: (f64, f64, f64, f64),
}

/// A country: its codes, name and outline.
#[derive(Clone, Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2 (empty for the few Natural Earth entities without one).
    pub iso: String,
    /// ISO 3166-1 numeric.
    pub numeric: String,
    /// English name.
    pub name: String,
    pub(crate) rings: Vec<Ring>,
    /// The bounding box of its largest polygon (the mainland), for the per-country view.
    pub(crate) main_bbox: Option<(f64, f64, f64, f64)>,
}

static TABLE: &str = include_str!("../data/countries.tsv");
static BOUNDARIES: &str = include_str!("../data/countries.geojson");

fn bbox_of(points: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    points.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// Makes a ring's longitudes continuous where it crosses the antimeridian (Russia, Fiji):
/// a jump of more than 180 degrees between two points is a crossing, not a line across the
/// map. Rings around a pole (Antarctica) are left as they are.
fn unwrap_longitudes(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    if points.iter().any(|&(_, y)| y <= -89.9 || y >= 89.9) {
        return points;
    }
    let mut offset = 0.0;
    let mut previous: Option<f64> = None;
    points
        .into_iter()
        .map(|(x, y)| {
            if let Some(p) = previous {
                if x - p > 180.0 {
                    offset -= 360.0;
                } else if x - p < -180.0 {
                    offset += 360.0;
                }
            }
            previous = Some(x);
            (x + offset, y)
        })
        .collect()
}

fn area(b: (f64, f64, f64, f64)) -> f64 {
    (b.2 - b.0) * (b.3 - b.1)
}

fn load() -> Vec<Country> {
    let mut names: HashMap<&str, (&str, &str)> = HashMap::new();
    for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
        if let [iso, numeric, name] = line.split('\t').collect::<Vec<_>>().as_slice() {
            names.insert(numeric, (iso, name));
        }
    }
    let Ok(GeoJson::FeatureCollection(collection)) = BOUNDARIES.parse::<GeoJson>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for feature in collection.features {
        let property = |key: &str| {
            feature
                .property(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let numeric = property("id");
        let (iso, name) = match names.get(numeric.as_str()) {
            Some((iso, name)) => ((*iso).to_owned(), (*name).to_owned()),
            None => (String::new(), property("name")),
        };
        let Some(GeometryValue::MultiPolygon { coordinates }) =
            feature.geometry.as_ref().map(|g| &g.value)
        else {
            continue;
        };
        let mut rings = Vec::new();
        let mut main_bbox = None;
        for polygon in coordinates {
            for (i, ring) in polygon.iter().enumerate() {
                let points: Vec<(f64, f64)> = ring
                    .iter()
                    .filter(|p| p.len() >= 2)
                    .map(|p| (p[0], p[1]))
                    .collect();
                if points.len() < 3 {
                    continue;
                }
                let points = unwrap_longitudes(points);
                let bbox = bbox_of(&points);
                if i == 0 && main_bbox.is_none_or(|m| area(bbox) > area(m)) {
                    main_bbox = Some(bbox);
                }
                // A ring that crosses the antimeridian is drawn a second time, a turn of
                // the globe away, so that both of its ends show in the world view.
                let shift = if bbox.2 > 180.0 {
                    -360.0
                } else if bbox.0 < -180.0 {
                    360.0
                } else {
                    0.0
                };
                if shift != 0.0 {
                    let copy: Vec<(f64, f64)> =
                        points.iter().map(|&(x, y)| (x + shift, y)).collect();
                    let bbox = bbox_of(&copy);
                    rings.push(Ring { points: copy, bbox });
                }
                rings.push(Ring { points, bbox });
            }
        }
        out.push(Country {
            iso,
            numeric,
            name,
            rings,
            main_bbox,
        });
    }
    // Countries in the ISO table without an outline at this scale (small islands) are kept,
    // without rings, so that every code has a name.
    for (numeric, (iso, name)) in names {
        if !out.iter().any(|c| c.iso == iso) {
            out.push(Country {
                iso: iso.to_owned(),
                numeric: numeric.to_owned(),
                name: name.to_owned(),
                rings: Vec::new(),
                main_bbox: None,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Every country, by English name.
pub fn countries() -> &'static [Country] {
    static C: OnceLock<Vec<Country>> = OnceLock::new();
    C.get_or_init(load)
}

/// The country with this ISO alpha-2 code.
pub fn country(iso: &str) -> Option<&'static Country> {
    if iso.is_empty() {
        return None;
    }
    countries().iter().find(|c| c.iso.eq_ignore_ascii_case(iso))
}

/// The English name of a country code, or the code itself.
pub fn country_name(iso: &str) -> String {
    country(iso).map_or_else(|| iso.to_owned(), |c| c.name.clone())
}
