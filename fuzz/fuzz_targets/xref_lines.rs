//! `quietline xref` input: any lines are parsed or refused one by one, and whatever parses
//! goes through the engine (normalisers, blocking, decisions, clusters, explanations).
#![no_main]

use libfuzzer_sys::fuzz_target;
use quietline_xref::{parse_line, resolve};

fuzz_target!(|text: &str| {
    let records: Vec<_> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| parse_line(line, i as u64 + 1).ok().map(|(r, _)| r))
        .collect();
    let n = records.len();
    let (index, _) = resolve(records);
    assert_eq!(index.len(), n);
    for p in 0..n {
        let _ = index.finding(p);
    }
});
