//! Pairwise precision and recall on labelled corpora (issue 4: precision >= 0.99, recall >= 0.90).

use crate::corpus;
use quietline_xref::{Index, parse_line};

fn score(lines: &[(String, String)]) -> (f64, f64, f64) {
    let mut records = Vec::new();
    let mut truth = Vec::new();
    for (i, (json, t)) in lines.iter().enumerate() {
        let (r, _) = parse_line(json, i as u64 + 1).unwrap();
        records.push(r);
        truth.push(t.clone());
    }
    let mut index = Index::new();
    index.add(records);
    assert_eq!(
        index.len(),
        lines.len(),
        "every input record is in the index"
    );
    let predicted: Vec<String> = (0..index.len())
        .map(|p| format!("{:?}", index.entity(p).unwrap()))
        .collect();
    let (p, r, f1, tp, pp, tt) = corpus::pairwise(&predicted, &truth);
    eprintln!(
        "precision {p:.4} recall {r:.4} F1 {f1:.4} (true positive pairs {tp}, predicted {pp}, true {tt})"
    );
    (p, r, f1)
}

#[test]
fn committed_corpus_meets_the_targets() {
    let jsonl = include_str!("../data/corpus.jsonl");
    let labels = include_str!("../data/corpus.labels.tsv");
    let truth: std::collections::HashMap<&str, &str> = labels
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let lines: Vec<(String, String)> = jsonl
        .lines()
        .map(|l| {
            let id = serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string();
            (l.to_string(), truth[id.as_str()].to_string())
        })
        .collect();
    assert!(
        lines.len() >= 600,
        "the corpus must hold at least 600 records"
    );
    let (p, r, _) = score(&lines);
    assert!(p >= 0.99, "precision {p}");
    assert!(r >= 0.90, "recall {r}");
}

#[test]
fn committed_corpus_is_what_the_generator_makes() {
    let made: Vec<String> = corpus::generate(1, &corpus::Scale::corpus())
        .into_iter()
        .map(|l| l.json)
        .collect();
    let committed: Vec<&str> = include_str!("../data/corpus.jsonl").lines().collect();
    assert_eq!(
        made, committed,
        "regenerate with: cargo run -p quietline-xref --example xref_corpus -- corpus 1 crates/xref/tests/data"
    );
}

/// Corpora the rules were not tuned on (other seeds): the same targets.
#[test]
fn unseen_corpora_meet_the_targets() {
    for seed in [2, 3, 4, 5] {
        let lines: Vec<(String, String)> = corpus::generate(seed, &corpus::Scale::corpus())
            .into_iter()
            .map(|l| (l.json, l.truth))
            .collect();
        let (p, r, _) = score(&lines);
        assert!(p >= 0.99, "seed {seed}: precision {p}");
        assert!(r >= 0.90, "seed {seed}: recall {r}");
    }
}

/// Precision must hold however many people share a name (or its romanisation) with someone in the
/// same city; recall falls, because mentions of namesakes cannot be attributed (docs/xref.md).
#[test]
fn precision_holds_when_namesakes_are_common() {
    for seed in [11, 12, 13] {
        let scale = corpus::Scale {
            persons: 190,
            sites: 55,
            orgs: 20,
            extra_cities: 0,
            hard_every: 5,
        };
        let lines: Vec<(String, String)> = corpus::generate(seed, &scale)
            .into_iter()
            .map(|l| (l.json, l.truth))
            .collect();
        let (p, r, _) = score(&lines);
        assert!(p >= 0.99, "seed {seed}: precision {p}");
        // Precision alone is 1.0 when nothing links; docs/xref.md reports recall 0.85-0.87 here.
        assert!(r >= 0.83, "seed {seed}: recall {r}");
    }
}

/// Recall before issue 15 (rare names, ambiguity-aware mentions), per corpus and seed: it must
/// not fall below these on any seed (docs/benchmarks.md has the figures after).
/// (seed, hard_every, true pairs found, true pairs).
const RECALL_BEFORE: [(u64, usize, u32, u32); 8] = [
    (1, 16, 844, 911),
    (2, 16, 815, 901),
    (3, 16, 915, 976),
    (4, 16, 818, 862),
    (5, 16, 813, 871),
    (11, 5, 730, 850),
    (12, 5, 815, 957),
    (13, 5, 833, 959),
];

#[test]
fn recall_never_falls_below_what_it_was() {
    for (seed, hard_every, found, pairs) in RECALL_BEFORE {
        let before = f64::from(found) / f64::from(pairs);
        let scale = corpus::Scale {
            hard_every,
            ..corpus::Scale::corpus()
        };
        let lines: Vec<(String, String)> = corpus::generate(seed, &scale)
            .into_iter()
            .map(|l| (l.json, l.truth))
            .collect();
        let (p, r, _) = score(&lines);
        assert!(p >= 0.99, "seed {seed}: precision {p}");
        assert!(
            r >= before - 1e-9,
            "seed {seed}: recall {r} < {before} before"
        );
    }
}

/// The real-scale corpus (issue 15: most full names shared, identifiers split across reports),
/// at 10 000 records: precision >= 0.99 on every seed, and recall above what it was before rare
/// names and ambiguity-aware mentions (1 000 000 records: `xref_corpus score`, docs/benchmarks.md).
#[test]
fn realistic_corpus_meets_the_targets() {
    let before = [0.8015, 0.7892, 0.7812, 0.7914, 0.7943];
    for (seed, before) in (1..=5).zip(before) {
        let lines: Vec<(String, String)> = corpus::realistic(seed, 10_000)
            .into_iter()
            .map(|l| (l.json, l.truth))
            .collect();
        assert_eq!(lines.len(), 10_000);
        let (p, r, _) = score(&lines);
        assert!(p >= 0.99, "seed {seed}: precision {p}");
        assert!(r > before, "seed {seed}: recall {r} <= {before} before");
    }
}
