//! Shared text helpers: Unicode NFKC, case folding, stripping of accents, Han detection.
//!
//! Every normaliser (names, addresses, cities, identifiers) goes through these so that the same
//! input always folds the same way, whichever field it came from.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFKC, then lower case (simple case folding), trimmed.
pub(crate) fn fold(s: &str) -> String {
    s.trim().nfkc().flat_map(char::to_lowercase).collect()
}

/// Lower-cased text with accents removed (NFKD, combining marks dropped), except that u with
/// diaeresis becomes `v`, the pinyin convention for ü (so "Lü" and "Lv" meet).
pub(crate) fn latin_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().nfkc().flat_map(char::to_lowercase) {
        match c {
            'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => out.push('v'),
            'ß' => out.push_str("ss"),
            _ if c.is_ascii() || is_han(c) => out.push(c),
            _ => {
                for d in std::iter::once(c).nfkd() {
                    if !is_combining_mark(d) {
                        out.push(d);
                    }
                }
            }
        }
    }
    out
}

/// Whether `c` is a CJK unified ideograph (basic block, extensions A to H, compatibility).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whether the string contains at least one Han character.
pub(crate) fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

/// A stable 64-bit hash (FxHash: no random seed, so output never depends on the run).
pub(crate) fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(value)
}

/// Truncates `s` to at most `max` bytes on a character boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// Whether two sorted slices share an element.
pub(crate) fn sorted_intersect<T: Ord>(a: &[T], b: &[T]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_umlaut() {
        assert_eq!(latin_fold(" Lǚ Chén "), "lv chen");
        assert_eq!(latin_fold("Montréal"), "montreal");
        assert_eq!(latin_fold("ＡＢＣ"), "abc");
        assert_eq!(latin_fold("陈伟"), "陈伟");
    }

    #[test]
    fn truncates_on_boundary() {
        assert_eq!(truncate("陈伟", 4), "陈");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
