//! A site registry pasted or uploaded as CSV: every row is a site or a problem with its line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quietline_geo::{RegistryFormat, parse_registry};

fuzz_target!(
    // Tables built on first use (countries, the gazetteer) are built before the first input.
    init: {
        let _ = parse_registry("name,country,city,address,latitude,longitude\nStation,NL,Rotterdam,Coolsingel 1,51.92,4.48\n", RegistryFormat::Csv);
    },
    |text: &str| {
    let _ = parse_registry(text, RegistryFormat::Csv);
});
