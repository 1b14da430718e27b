//! `quietline xref` input: any lines are parsed or refused one by one, and whatever parses
//! goes through the engine (normalisers, blocking, decisions, clusters, explanations).
#![no_main]

use libfuzzer_sys::fuzz_target;
use quietline_xref::{parse_line, resolve};

/// The engine's tables (romanisations, surnames, Cantonese readings, phone metadata) are
/// built on first use, in about 0.7 s: built once before the first input, so that the 1 s
/// timeout measures the inputs, not the start.
const WARM_UP: &str = r#"{"id":"w","kind":"person","names":["陈伟","Chan Wai","Ch'en Wei"],"phones":["+1 416 555 0199","+44 20 7946 0958"],"emails":["w@example.org"],"wechat":["wxid_warm"],"addresses":["12 Rue de la Paix, Paris"],"city":"Paris","country":"FR"}"#;

fuzz_target!(
    init: {
        let (record, _) = parse_line(WARM_UP, 1).expect("the warm-up record parses");
        let _ = resolve(vec![record.clone(), record]);
    },
    |text: &str| {
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
