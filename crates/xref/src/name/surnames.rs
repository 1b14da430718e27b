//! Surname readings: which Mandarin sound a Han surname has, and which surnames a romanised
//! surname may be.
//!
//! Data: `data/surnames.tsv` (sources in its header). For each surname the engine accepts its
//! listed romanisations (Cantonese, Hokkien, Teochew, Hakka, Macau spellings), its Mandarin pinyin
//! and its Wade-Giles forms (derived by rule). A romanised surname keeps every surname it can
//! stand for: "Wong" is 王, 黃 and 汪; "Chan" is 陳 and 曾.

use super::sound::{self, Sound};
use super::wade_giles;
use crate::text::latin_fold;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/surnames.tsv");

/// Rows of the table: (Han, Mandarin readings with '+' between syllables, romanisations folded).
pub(crate) fn raw_rows() -> impl Iterator<Item = (String, Vec<String>, Vec<String>)> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut f = line.split('\t');
            let han = f.next()?.trim().to_string();
            let readings = f.next()?.split_whitespace().map(String::from).collect();
            let roman = f
                .next()
                .unwrap_or("")
                .split_whitespace()
                .map(latin_fold)
                .collect();
            Some((han, readings, roman))
        })
}

struct Tables {
    by_han: FxHashMap<String, Vec<Sound>>,
    /// Romanised surname (syllables joined by '+', and also run together) -> sounds.
    by_roman: FxHashMap<String, Vec<Sound>>,
    /// Longest Han surname in characters (compound surnames have two).
    compounds: Vec<String>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut by_han: FxHashMap<String, Vec<Sound>> = FxHashMap::default();
    let mut by_roman: FxHashMap<String, Vec<Sound>> = FxHashMap::default();
    let mut compounds = Vec::new();
    let mut add = |key: String, s: Sound| {
        let e = by_roman.entry(key).or_default();
        if !e.contains(&s) {
            e.push(s);
        }
    };
    for (han, readings, roman) in raw_rows() {
        if han.chars().count() > 1 {
            compounds.push(han.clone());
        }
        for r in &readings {
            let Some(s) = sound::sound(r) else { continue };
            by_han.entry(han.clone()).or_default().push(s);
            for form in &roman {
                add(form.clone(), s);
                add(form.replace('+', ""), s);
            }
            // Pinyin and Wade-Giles spellings of the reading, syllable by syllable.
            let syllables: Vec<&str> = r.split('+').collect();
            add(syllables.join(""), s);
            add(syllables.join("+"), s);
            let wg: Vec<Vec<String>> = syllables
                .iter()
                .map(|p| {
                    wade_giles::from_pinyin(p)
                        .into_iter()
                        .flat_map(|w| {
                            let bare = w.replace('\'', "");
                            [
                                w.replace('ü', "v"),
                                bare.replace('ü', "u"),
                                bare.replace('ü', "v"),
                            ]
                        })
                        .collect()
                })
                .collect();
            for joined in cartesian(&wg) {
                add(joined.join("+"), s);
                add(joined.join(""), s);
            }
        }
    }
    Tables {
        by_han,
        by_roman,
        compounds,
    }
});

fn cartesian(parts: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for options in parts {
        let mut next = Vec::new();
        for prefix in &out {
            for o in options {
                let mut p = prefix.clone();
                p.push(o.clone());
                next.push(p);
            }
        }
        out = next;
    }
    out
}

/// Mandarin sounds of a Han surname (simplified), if it is in the table.
pub(crate) fn han_sounds(han: &str) -> Option<&'static [Sound]> {
    TABLES.by_han.get(han).map(Vec::as_slice)
}

/// Whether a two-character Han string is a compound surname.
pub(crate) fn is_han_compound(han: &str) -> bool {
    TABLES.compounds.iter().any(|c| c == han)
}

/// Sounds of a romanised surname (lower case, folded), as listed or derived. Syllables of a
/// compound surname are joined by '+' ("au+yeung") or run together ("szeto").
pub(crate) fn roman_sounds(token: &str) -> &'static [Sound] {
    TABLES.by_roman.get(token).map(Vec::as_slice).unwrap_or(&[])
}

pub(crate) fn warm_up() {
    LazyLock::force(&TABLES);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(token: &str) -> Vec<&'static str> {
        let mut v: Vec<&str> = roman_sounds(token)
            .iter()
            .map(|s| sound::text(*s))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn surname_readings_override_everyday_ones() {
        for (han, py) in [
            ("单", "shan"),
            ("曾", "zeng"),
            ("解", "xie"),
            ("仇", "qiu"),
            ("区", "ou"),
        ] {
            let got: Vec<&str> = han_sounds(han)
                .unwrap_or(&[])
                .iter()
                .map(|s| sound::text(*s))
                .collect();
            assert_eq!(got, [py], "{han}");
        }
    }

    #[test]
    fn romanised_surnames_stay_ambiguous() {
        assert_eq!(readings("wong"), ["huang", "wang"]);
        assert_eq!(readings("ng"), ["huang", "wu"]);
        assert!(readings("chan").contains(&"chen") && readings("chan").contains(&"zeng"));
        assert_eq!(readings("lee"), ["li"]);
        assert_eq!(readings("li"), ["li"]);
        assert!(readings("hsieh").contains(&"xie"));
        assert!(readings("ch'en").contains(&"chen"));
        assert_eq!(readings("au+yeung"), ["ou+yang"]);
        assert_eq!(readings("auyeung"), ["ou+yang"]);
        assert_eq!(readings("ouyang"), ["ou+yang"]);
        assert_eq!(readings("szeto"), ["si+tu"]);
        assert!(is_han_compound("欧阳"));
    }
}
