//! A site registry pasted or uploaded as CSV: every row is a site or a problem with its line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quietline_geo::{RegistryFormat, parse_registry};

fuzz_target!(|text: &str| {
    let _ = parse_registry(text, RegistryFormat::Csv);
});
