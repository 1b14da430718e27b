//! The bundled gazetteer: GeoNames cities of 15 000 people or more (`data/cities.tsv`, made
//! by `data/generate.sh`), looked up by name (any case) or by a Han-script name.
//!
//! The file is a tab-separated table this project generates itself, without quoting or
//! escapes, so it is split by hand rather than through a CSV reader.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A city of the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct City {
    /// GeoNames id.
    pub geoname_id: u32,
    /// Name (GeoNames' main name, usually the local one in Latin script).
    pub name: &'static str,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Population.
    pub population: u64,
}

struct Gazetteer {
    /// Largest first (the file's order).
    cities: Vec<City>,
    /// Lower-cased name or Han name -> indexes into `cities`, largest first.
    by_name: HashMap<String, Vec<usize>>,
}

static DATA: &str = include_str!("../data/cities.tsv");

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut cities = Vec::with_capacity(35_000);
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for line in DATA.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&'static str> = line.split('\t').collect();
            let [id, name, country, lat, lon, population, han] = f.as_slice() else {
                continue;
            };
            let (Ok(geoname_id), Ok(lat), Ok(lon), Ok(population)) =
                (id.parse(), lat.parse(), lon.parse(), population.parse())
            else {
                continue;
            };
            let index = cities.len();
            cities.push(City {
                geoname_id,
                name,
                country,
                lat,
                lon,
                population,
            });
            let mut keys = vec![name.to_lowercase()];
            keys.extend(han.split('|').filter(|h| !h.is_empty()).map(str::to_owned));
            keys.dedup();
            for key in keys {
                by_name.entry(key).or_default().push(index);
            }
        }
        Gazetteer { cities, by_name }
    })
}

/// How many cities the gazetteer holds.
pub fn gazetteer_size() -> usize {
    gazetteer().cities.len()
}

/// The largest city called `name` (any case, or a Han-script name such as 普拉托), in
/// `country` (ISO alpha-2) if given.
pub fn find_city(name: &str, country: Option<&str>) -> Option<&'static City> {
    let g = gazetteer();
    let key = name.trim().to_lowercase();
    g.by_name
        .get(&key)?
        .iter()
        .filter_map(|&i| g.cities.get(i))
        .find(|c| country.is_none_or(|cc| cc.is_empty() || c.country.eq_ignore_ascii_case(cc)))
}

/// Up to `limit` cities whose name starts with `prefix` (any case), largest first.
pub fn suggest_cities(prefix: &str, country: Option<&str>, limit: usize) -> Vec<&'static City> {
    let prefix = prefix.trim().to_lowercase();
    if prefix.is_empty() {
        return Vec::new();
    }
    gazetteer()
        .cities
        .iter()
        .filter(|c| country.is_none_or(|cc| cc.is_empty() || c.country.eq_ignore_ascii_case(cc)))
        .filter(|c| c.name.to_lowercase().starts_with(&prefix))
        .take(limit)
        .collect()
}
