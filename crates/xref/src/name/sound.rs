//! The common sound space names are compared in: toneless Mandarin pinyin syllables (`v` for ü),
//! plus the joined readings of compound surnames ("ouyang").
//!
//! Every script and romanisation is mapped into this space (Han through the `pinyin` crate,
//! Wade-Giles and Cantonese through their tables), so two spellings match exactly when their sets
//! of possible Mandarin readings intersect. A sound is a small integer to keep the index compact.

use pinyin::ToPinyinMulti;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// One Mandarin syllable (or compound-surname reading), interned.
pub(crate) type Sound = u16;

struct Inventory {
    names: Vec<String>,
    ids: FxHashMap<String, Sound>,
}

static INVENTORY: LazyLock<Inventory> = LazyLock::new(|| {
    let mut all: Vec<String> = Vec::new();
    // Every reading of every character in the basic CJK block: that is the pinyin syllabary.
    let block: String = (0x4E00u32..=0x9FFF).filter_map(char::from_u32).collect();
    for readings in block.as_str().to_pinyin_multi().flatten() {
        for p in readings {
            all.push(plain(p.plain()));
        }
    }
    for syllable in EXTRA_SYLLABLES {
        all.push((*syllable).to_string());
    }
    for (_, readings, _) in super::surnames::raw_rows() {
        for r in readings {
            all.push(r);
        }
    }
    all.sort();
    all.dedup();
    let ids = all
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Sound::try_from(i).ok().map(|id| (s.clone(), id)))
        .collect();
    Inventory { names: all, ids }
});

/// Syllables of standard pinyin that no character in the table happens to carry toneless.
const EXTRA_SYLLABLES: &[&str] = &["lve", "nve", "lv", "nv", "yo", "o", "ei", "m", "n", "ng"];

/// Toneless pinyin with ü written `v`.
pub(crate) fn plain(p: &str) -> String {
    p.replace('ü', "v")
}

/// The sound for a toneless pinyin syllable (or joined compound surname), if it is one.
pub(crate) fn sound(syllable: &str) -> Option<Sound> {
    INVENTORY.ids.get(syllable).copied()
}

/// The text of a sound (tests and debugging).
#[cfg(test)]
pub(crate) fn text(s: Sound) -> &'static str {
    INVENTORY
        .names
        .get(usize::from(s))
        .map(String::as_str)
        .unwrap_or("?")
}

/// All pinyin syllables (single syllables only), for building the reverse tables.
pub(crate) fn syllables() -> impl Iterator<Item = &'static str> {
    INVENTORY
        .names
        .iter()
        .map(String::as_str)
        .filter(|s| !s.contains('+'))
}

/// Forces the table to be built (so the first query of a live index is not slow).
pub(crate) fn warm_up() {
    LazyLock::force(&INVENTORY);
}

/// Sorted, deduplicated set of sounds.
pub(crate) fn set(mut v: Vec<Sound>) -> Box<[Sound]> {
    v.sort_unstable();
    v.dedup();
    v.into_boxed_slice()
}

/// Whether two sorted sound sets share an element.
pub(crate) fn intersects(a: &[Sound], b: &[Sound]) -> bool {
    crate::text::sorted_intersect(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllabary_is_complete_enough() {
        for s in [
            "chen", "wei", "zhi", "lv", "nv", "ri", "er", "shan", "zeng", "xie", "qiu", "ou",
        ] {
            assert!(sound(s).is_some(), "{s}");
        }
        assert!(sound("wong").is_none());
        assert!(syllables().count() > 380);
        assert!(sound("ou+yang").is_some());
    }

    #[test]
    fn intersection() {
        assert!(intersects(&[1, 5, 9], &[2, 9]));
        assert!(!intersects(&[1, 5], &[2, 6]));
        assert!(!intersects(&[], &[2]));
    }
}
