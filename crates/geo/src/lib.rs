//! Offline geography for the site registry (issue 5): a gazetteer of cities and a table of
//! countries with their boundaries, both bundled with the binary (GeoNames cities of 15 000
//! people or more, CC BY 4.0; Natural Earth 1:50m countries, public domain: see
//! `data/README.md`), a server-side SVG map renderer (world and per-country views, markers by
//! verification level, clustering, legend), and the registry's file formats (GeoJSON per
//! RFC 7946 and CSV, for export and import with per-row problems).
//!
//! **Invariant:** pure. No I/O beyond reading the data compiled into it; no network, no
//! database, no clock, no async runtime. Nothing here ever asks a third party where a place is:
//! no geocoder, tile server or font service.

mod formats;
mod gazetteer;
mod map;
mod world;

pub use formats::{
    ImportOutcome, ImportProblem, RegistryFormat, parse_registry, public_csv, public_geojson,
    sites_csv, sites_geojson,
};
pub use gazetteer::{City, find_city, gazetteer_size, suggest_cities};
pub use map::{MapView, Marker, render_map};
pub use world::{Country, countries, country, country_name};
