//! Pairwise precision and recall on labelled corpora (issue 4: precision >= 0.99, recall >= 0.90).

use crate::corpus;
use quietline_xref::{Index, parse_line};

/// Pair counts on the true entities `which` selects: true pairs found, true pairs, and predicted
/// pairs that join one of their records to another true entity (wrong links).
fn subset_pairs(
    predicted: &[String],
    truth: &[String],
    which: fn(&str) -> bool,
) -> (u64, u64, u64) {
    use std::collections::{HashMap, HashSet};
    let mut cells: HashMap<(&str, &str), u64> = HashMap::new();
    let mut tru: HashMap<&str, u64> = HashMap::new();
    for (p, t) in predicted.iter().zip(truth) {
        *cells.entry((p, t)).or_default() += 1;
        *tru.entry(t).or_default() += 1;
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let minority = which;
    // Predicted entities holding a selected record: their pairs across true entities are wrong
    // links.
    let touched: HashSet<&str> = cells
        .keys()
        .filter(|(_, t)| minority(t))
        .map(|(p, _)| *p)
        .collect();
    let mut wrong = 0;
    for p in touched {
        let sizes: Vec<u64> = cells
            .iter()
            .filter(|((q, _), _)| *q == p)
            .map(|(_, n)| *n)
            .collect();
        wrong += pairs(sizes.iter().sum()) - sizes.iter().map(|n| pairs(*n)).sum::<u64>();
    }
    let found = cells
        .iter()
        .filter(|((_, t), _)| minority(t))
        .map(|(_, n)| pairs(*n))
        .sum();
    let all = tru
        .iter()
        .filter(|(t, _)| minority(t))
        .map(|(_, n)| pairs(*n))
        .sum();
    (found, all, wrong)
}

/// Scores of one corpus.
struct Scores {
    precision: f64,
    recall: f64,
    /// (true pairs found, true pairs) of everyone but the Uyghur and Tibetan people: the corpus
    /// as it was before issue 16.
    before_16: (u64, u64),
    /// `subset_pairs` of the Uyghur and Tibetan people.
    minority: (u64, u64, u64),
}

fn is_not_minority(t: &str) -> bool {
    !corpus::is_uyghur_or_tibetan(t)
}

fn score(lines: &[(String, String)]) -> Scores {
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
    let (found, all, wrong) = subset_pairs(&predicted, &truth, corpus::is_uyghur_or_tibetan);
    if all > 0 {
        eprintln!(
            "  Uyghur and Tibetan people: recall {:.4} ({found} of {all} true pairs), {wrong} wrong pairs",
            found as f64 / all as f64
        );
    }
    let (others_found, others, _) = subset_pairs(&predicted, &truth, is_not_minority);
    Scores {
        precision: p,
        recall: r,
        before_16: (others_found, others),
        minority: (found, all, wrong),
    }
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
    let Scores {
        precision: p,
        recall: r,
        ..
    } = score(&lines);
    assert!(p >= 0.99, "precision {p}");
    assert!(r >= 0.90, "recall {r}");
}

/// Issue 16: Uyghur and Tibetan people written in all their scripts (Arabic, Cyrillic, Latin,
/// Tibetan, Wylie, Chinese transcription and its pinyin) are found across them, and never joined
/// to someone else, on the committed corpus and on unseen seeds.
#[test]
fn uyghur_and_tibetan_people_are_found_across_scripts() {
    for seed in [1, 2, 3, 4, 5] {
        let lines: Vec<(String, String)> = corpus::generate(seed, &corpus::Scale::corpus())
            .into_iter()
            .map(|l| (l.json, l.truth))
            .collect();
        let scores = score(&lines);
        assert!(
            scores.precision >= 0.99,
            "seed {seed}: precision {}",
            scores.precision
        );
        let (found, all, wrong) = scores.minority;
        let recall = found as f64 / all as f64;
        eprintln!(
            "seed {seed}: Uyghur and Tibetan recall {recall:.4} ({found}/{all}), wrong pairs {wrong}"
        );
        assert!(
            all >= 50,
            "seed {seed}: the corpus holds such people ({all} pairs)"
        );
        assert!(recall >= MINORITY_RECALL, "seed {seed}: recall {recall}");
        assert_eq!(
            wrong, 0,
            "seed {seed}: a Uyghur or Tibetan person joined to someone else"
        );
    }
}

/// Least recall on the pairs of Uyghur and Tibetan people (0.906 to 1.0 measured on seeds 1-5:
/// docs/benchmarks.md; what is lost is mentions of a name two identified people share).
const MINORITY_RECALL: f64 = 0.85;

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
        let Scores {
            precision: p,
            recall: r,
            ..
        } = score(&lines);
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
            minority: 40,
        };
        let lines: Vec<(String, String)> = corpus::generate(seed, &scale)
            .into_iter()
            .map(|l| (l.json, l.truth))
            .collect();
        let Scores {
            precision: p,
            recall: r,
            ..
        } = score(&lines);
        assert!(p >= 0.99, "seed {seed}: precision {p}");
        // Precision alone is 1.0 when nothing links; docs/xref.md reports recall 0.85-0.87 here.
        assert!(r >= 0.83, "seed {seed}: recall {r}");
    }
}

/// Recall before issue 15 (rare names, ambiguity-aware mentions), per corpus and seed: it must
/// not fall below these on any seed (docs/benchmarks.md has the figures after). Counted on the
/// people the corpus had then (issue 16 added Uyghur and Tibetan people from a generator of their
/// own, leaving the others as they were: the number of true pairs checks it).
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
        let scores = score(&lines);
        let p = scores.precision;
        assert!(p >= 0.99, "seed {seed}: precision {p}");
        let (now_found, now_pairs) = scores.before_16;
        assert_eq!(
            u64::from(pairs),
            now_pairs,
            "seed {seed}: the same people as before"
        );
        let r = now_found as f64 / now_pairs as f64;
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
        let Scores {
            precision: p,
            recall: r,
            ..
        } = score(&lines);
        assert!(p >= 0.99, "seed {seed}: precision {p}");
        assert!(r > before, "seed {seed}: recall {r} <= {before} before");
    }
}
