//! Romanised names: splitting into syllables and reading each syllable in every system it may
//! belong to (Mandarin pinyin, Wade-Giles, Hong Kong Cantonese).
//!
//! Names are split on spaces, hyphens, dots, commas and apostrophes, except the Wade-Giles
//! aspiration apostrophe (ch', k', p', t', ts', tz'), which belongs to the syllable. Tone numbers and
//! accents are dropped, titles (Mr, Ms, Dr...) removed, and a run-together given name ("Zhiming",
//! "Chiming") is cut into syllables. Two-letter syllables (Li, Wu, Ng, Ho) are ordinary syllables:
//! nothing is dropped for being short.

use super::sound::{self, Sound};
use super::{cantonese, wade_giles};
use crate::text::latin_fold;

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "madam",
    "madame",
    "mdm",
    "sir",
    "prof",
    "professor",
    "mister",
    "director",
    "chairman",
    "president",
    "officer",
];

/// Whether a folded word is a title (Mr, Dr...).
pub(crate) fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

/// Splits a romanised name into folded tokens.
pub(crate) fn tokens(name: &str) -> Vec<String> {
    let folded = latin_fold(name);
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = folded
        .chars()
        .map(|c| {
            if matches!(c, '’' | '‘' | 'ʻ' | 'ʼ' | '`' | '´') {
                '\''
            } else {
                c
            }
        })
        .collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphabetic() {
            cur.push(c);
        } else if c == '\'' {
            // Aspiration mark: after an initial ch/k/p/t/ts/tz at the start of a syllable and
            // before a letter.
            let next_is_letter = chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
            if next_is_letter && matches!(cur.as_str(), "ch" | "k" | "p" | "t" | "ts" | "tz") {
                cur.push('\'');
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if c.is_ascii_digit() {
            // Tone numbers (chen2 wei3) are dropped without splitting the syllable.
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.retain(|t| !TITLES.contains(&t.as_str()));
    out
}

/// Sounds of a given-name syllable in every system it may belong to.
pub(crate) fn syllable_sounds(token: &str) -> Vec<Sound> {
    let mut v: Vec<Sound> = Vec::new();
    if let Some(s) = sound::sound(token) {
        v.push(s);
    }
    v.extend_from_slice(wade_giles::sounds(token));
    v.extend_from_slice(cantonese::sounds(token));
    v
}

/// Whether a token reads as one syllable in some system.
pub(crate) fn is_syllable(token: &str) -> bool {
    sound::sound(token).is_some() || wade_giles::is_syllable(token) || cantonese::is_syllable(token)
}

/// Cuts a run-together given name ("zhiming", "xiaoping", "chiming") into syllables. Returns the
/// token itself when it is a syllable, or when no cut into at most four syllables exists.
pub(crate) fn segment(token: &str) -> Vec<String> {
    if is_syllable(token) || token.contains('\'') || token.len() > 24 {
        return vec![token.to_string()];
    }
    // Prefer fewest pieces; among those, pinyin pieces, then longer first pieces.
    for pieces in 2..=4 {
        let mut best: Option<Vec<String>> = None;
        cut(token, pieces, &mut Vec::new(), &mut best);
        if let Some(b) = best {
            return b;
        }
    }
    vec![token.to_string()]
}

fn cut(rest: &str, pieces: usize, acc: &mut Vec<String>, best: &mut Option<Vec<String>>) {
    if best.is_some() {
        return;
    }
    if pieces == 1 {
        if is_syllable(rest) {
            let mut done = acc.clone();
            done.push(rest.to_string());
            *best = Some(done);
        }
        return;
    }
    // Try pinyin splits first, longest head first.
    for pinyin_only in [true, false] {
        for end in (1..rest.len()).rev() {
            let (Some(head), Some(tail)) = (rest.get(..end), rest.get(end..)) else {
                continue;
            };
            let ok = if pinyin_only {
                sound::sound(head).is_some()
            } else {
                is_syllable(head)
            };
            if ok {
                acc.push(head.to_string());
                cut(tail, pieces - 1, acc, best);
                acc.pop();
                if best.is_some() {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_short_syllables() {
        assert_eq!(tokens("CHAN Tai-man"), ["chan", "tai", "man"]);
        assert_eq!(tokens("Mr. Ng Ho"), ["ng", "ho"]);
        assert_eq!(tokens("Li Wu"), ["li", "wu"]);
        assert_eq!(tokens("Mao Tse-tung"), ["mao", "tse", "tung"]);
        assert_eq!(tokens("Ch'en Ta-wei"), ["ch'en", "ta", "wei"]);
        assert_eq!(tokens("Ch’ên Ta-wei"), ["ch'en", "ta", "wei"]);
        assert_eq!(tokens("Xi'an O'Neil"), ["xi", "an", "o", "neil"]);
        assert_eq!(tokens("Chén Wěi"), ["chen", "wei"]);
        assert_eq!(tokens("chen2 wei3"), ["chen", "wei"]);
        assert_eq!(tokens("LÜ Bu"), ["lv", "bu"]);
        assert_eq!(tokens("WONG, Chi Ming"), ["wong", "chi", "ming"]);
    }

    #[test]
    fn segments_run_together_given_names() {
        assert_eq!(segment("zhiming"), ["zhi", "ming"]);
        assert_eq!(segment("xiaoping"), ["xiao", "ping"]);
        assert_eq!(segment("ming"), ["ming"]);
        assert_eq!(segment("jianguo"), ["jian", "guo"]);
        assert_eq!(segment("qwrtz"), ["qwrtz"]);
    }

    #[test]
    fn syllables_read_in_all_systems() {
        let chi: Vec<&str> = syllable_sounds("chi")
            .iter()
            .map(|s| sound::text(*s))
            .collect();
        assert!(
            chi.contains(&"chi") && chi.contains(&"zhi") && chi.contains(&"qi"),
            "{chi:?}"
        );
        assert!(!syllable_sounds("hsiao").is_empty());
        assert!(syllable_sounds("david").is_empty());
    }
}
