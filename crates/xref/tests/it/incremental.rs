//! The live index gives the same entities whether records arrive at once or report by report.

use crate::corpus;
use quietline_xref::{Index, parse_line};

#[test]
fn report_by_report_equals_batch() {
    for seed in [7, 8, 9] {
        same_both_ways(seed);
    }
}

fn same_both_ways(seed: u64) {
    let records: Vec<_> = corpus::generate(seed, &corpus::Scale::corpus())
        .iter()
        .enumerate()
        .map(|(i, l)| parse_line(&l.json, i as u64 + 1).unwrap().0)
        .collect();
    let mut batch = Index::new();
    batch.add(records.clone());
    let mut live = Index::new();
    let mut i = 0;
    let mut size = 1;
    while i < records.len() {
        let end = (i + size).min(records.len());
        let (findings, _) = live.add_report(records[i..end].to_vec());
        // Every new record is reported.
        for p in i..end {
            assert!(findings.iter().any(|f| f.position == p));
        }
        i = end;
        size = size % 4 + 1;
    }
    for (p, r) in records.iter().enumerate() {
        assert_eq!(batch.entity(p), live.entity(p), "record {p} ({})", r.id);
    }
}
