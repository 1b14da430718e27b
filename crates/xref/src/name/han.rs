//! Han-script names: traditional to simplified, surname split, Mandarin readings.
//!
//! Traditional characters are converted with OpenCC's dictionaries (`ferrous-opencc`, Apache-2.0),
//! so 陳偉 and 陈伟 are the same name. Readings come from the `pinyin` crate with every reading of
//! the character (heteronyms), except the surname, whose reading comes from the surname table
//! (单 is shan as a surname, not dan). Matching between two Han names is by character, never by
//! sound: 王伟 and 汪伟 are different names even though both read wang wei.

use super::sound::{self, Sound};
use super::surnames;
use crate::text::is_han;
use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use pinyin::ToPinyinMulti;
use std::sync::LazyLock;

static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Traditional to simplified (identity where the converter could not be loaded, which the tests
/// rule out).
pub(crate) fn simplify(s: &str) -> String {
    match T2S.as_ref() {
        Some(cc) => cc.convert(s),
        None => s.to_string(),
    }
}

/// Every Mandarin reading of one (simplified) character.
pub(crate) fn char_sounds(c: char) -> Vec<Sound> {
    let mut buf = [0u8; 4];
    let s: &str = c.encode_utf8(&mut buf);
    let mut out = Vec::new();
    for readings in s.to_pinyin_multi().flatten() {
        for p in readings {
            if let Some(id) = sound::sound(&sound::plain(p.plain())) {
                out.push(id);
            }
        }
    }
    out
}

/// Titles and honorifics written after a Han name (陈先生, 王会长): removed before matching.
const SUFFIXES: &[&str] = &[
    "先生",
    "女士",
    "小姐",
    "太太",
    "夫人",
    "老师",
    "主任",
    "会长",
    "经理",
    "警官",
    "书记",
    "同志",
    "局长",
    "处长",
    "科长",
    "站长",
    "所长",
    "主席",
    "秘书长",
];

/// The name without a trailing title (陈先生 -> 陈; the title alone stays as it is).
pub(crate) fn strip_title(name: &str) -> &str {
    let name = name.trim();
    for suffix in SUFFIXES {
        if name.chars().count() > suffix.chars().count()
            && let Some(stripped) = name.strip_suffix(suffix)
        {
            return stripped;
        }
    }
    name
}

/// A Han name cut into surname and given-name characters.
pub(crate) struct HanName {
    /// Simplified surname (one character, or two for a compound surname).
    pub(crate) surname: String,
    pub(crate) surname_sounds: Vec<Sound>,
    /// Simplified given-name characters with their readings.
    pub(crate) given: Vec<(char, Vec<Sound>)>,
}

/// Parses a Han name (already NFKC): keeps Han characters only, drops a trailing title, and
/// splits off the surname (compound surnames from the table).
pub(crate) fn parse(name: &str) -> Option<HanName> {
    let simplified = simplify(name);
    let han: String = simplified.chars().filter(|c| is_han(*c)).collect();
    let han = strip_title(&han);
    let chars: Vec<char> = han.chars().collect();
    let first_two: String = chars.iter().take(2).collect();
    let surname_len = if chars.len() >= 3 && surnames::is_han_compound(&first_two) {
        2
    } else {
        1
    };
    let surname: String = chars.iter().take(surname_len).collect();
    if surname.is_empty() {
        return None;
    }
    let surname_sounds = match surnames::han_sounds(&surname) {
        Some(s) => s.to_vec(),
        None => chars.first().map(|c| char_sounds(*c)).unwrap_or_default(),
    };
    let given = chars
        .iter()
        .skip(surname_len)
        .map(|c| (*c, char_sounds(*c)))
        .collect();
    Some(HanName {
        surname,
        surname_sounds,
        given,
    })
}

pub(crate) fn warm_up() {
    LazyLock::force(&T2S);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified() {
        assert!(T2S.is_some());
        assert_eq!(simplify("陳偉"), "陈伟");
        assert_eq!(simplify("黃志明"), "黄志明");
        assert_eq!(simplify("吳"), "吴");
    }

    #[test]
    fn surname_split_and_readings() {
        let n = parse("單志明先生").unwrap_or_else(|| unreachable!());
        assert_eq!(n.surname, "单");
        let s: Vec<&str> = n.surname_sounds.iter().map(|s| sound::text(*s)).collect();
        assert_eq!(s, ["shan"]);
        assert_eq!(n.given.len(), 2);
        let n = parse("歐陽震華").unwrap_or_else(|| unreachable!());
        assert_eq!(n.surname, "欧阳");
        assert_eq!(n.given.len(), 2);
    }
}
