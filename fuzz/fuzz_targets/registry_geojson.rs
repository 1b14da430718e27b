//! A site registry as GeoJSON: every feature is a site or a problem with its number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quietline_geo::{RegistryFormat, parse_registry};

fuzz_target!(
    // Tables built on first use (countries, the gazetteer) are built before the first input.
    init: {
        let _ = parse_registry(r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[4.48,51.92]},"properties":{"name":"Station","country":"NL","city":"Rotterdam"}}]}"#, RegistryFormat::GeoJson);
    },
    |text: &str| {
    let _ = parse_registry(text, RegistryFormat::GeoJson);
});
