//! Wade-Giles to pinyin.
//!
//! Built by rule rather than typed in: each pinyin syllable is converted to its Wade-Giles form
//! with the standard correspondences (initials b→p, p→p', d→t, t→t', g→k, k→k', j/zh→ch,
//! q/ch→ch', x→hs, r→j, z→ts/tz, c→ts'/tz'; finals -ong→-ung, -ian→-ien, -ie→-ieh, ü after
//! j/q/x/y, -uo→-o, e→o after k/h, -ui→-uei after k, and the whole syllables chih, ch'ih, shih, jih,
//! tzu, tz'u, ssu/szu, erh, i, yu, yen, yeh, yung, yü...). The table is then reversed. Sources: the
//! Wade-Giles/pinyin conversion tables of the Library of Congress (ALA-LC romanization, 1997
//! pinyin conversion project) and Wikipedia "Wade–Giles", checked on the syllables in the tests.
//!
//! Apostrophes (aspiration) and umlauts are often dropped in practice, so a bare "chang" reads as
//! both ch'ang (chang) and chang (zhang): ambiguity is kept, never guessed away.

use super::sound::{self, Sound};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

const INITIALS: &[&str] = &[
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];

fn split(py: &str) -> (&str, &str) {
    for i in INITIALS {
        if let Some(rest) = py.strip_prefix(i)
            && !rest.is_empty()
        {
            return (i, rest);
        }
    }
    ("", py)
}

/// The Wade-Giles spellings of one toneless pinyin syllable (apostrophe for aspiration, `ü`).
pub(crate) fn from_pinyin(py: &str) -> Vec<String> {
    let whole: &[&str] = match py {
        "zhi" => &["chih"],
        "chi" => &["ch'ih"],
        "shi" => &["shih"],
        "ri" => &["jih"],
        "zi" => &["tzu", "tsu"],
        "ci" => &["tz'u", "ts'u"],
        "si" => &["ssu", "szu", "sze"],
        "er" => &["erh"],
        "e" => &["o", "e"],
        "yi" => &["i", "yi"],
        "you" => &["yu", "yiu"],
        "yan" => &["yen"],
        "ye" => &["yeh"],
        "yong" => &["yung"],
        "yu" => &["yü"],
        "yue" => &["yüeh", "yo"],
        "yuan" => &["yüan"],
        "yun" => &["yün"],
        "lve" => &["lüeh", "lüo"],
        "nve" => &["nüeh", "nüo"],
        "lv" => &["lü"],
        "nv" => &["nü"],
        _ => &[],
    };
    if !whole.is_empty() {
        return whole.iter().map(|s| (*s).to_string()).collect();
    }
    let (ini, fin) = split(py);
    let palatal = matches!(ini, "j" | "q" | "x");
    let wg_ini = match ini {
        "b" => "p",
        "p" => "p'",
        "d" => "t",
        "t" => "t'",
        "g" => "k",
        "k" => "k'",
        "j" | "zh" => "ch",
        "q" | "ch" => "ch'",
        "x" => "hs",
        "r" => "j",
        "z" => "ts",
        "c" => "ts'",
        other => other,
    };
    let wg_fin: String = if palatal && fin.starts_with('u') {
        // ju, quan, xun...: the u is ü.
        match fin {
            "u" => "ü".into(),
            "ue" => "üeh".into(),
            "uan" => "üan".into(),
            "un" => "ün".into(),
            other => other.replacen('u', "ü", 1),
        }
    } else {
        match fin {
            "ong" => "ung".into(),
            "iong" => "iung".into(),
            "ian" => "ien".into(),
            "ie" => "ieh".into(),
            "uo" if matches!(ini, "g" | "k" | "h" | "sh") => "uo".into(),
            "uo" => "o".into(),
            "e" if matches!(ini, "g" | "k" | "h") => "o".into(),
            "ui" if matches!(ini, "g" | "k") => "uei".into(),
            other => other.into(),
        }
    };
    vec![format!("{wg_ini}{wg_fin}")]
}

/// Wade-Giles spelling (as typed: with or without apostrophes and umlauts) to pinyin sounds.
static REVERSE: LazyLock<FxHashMap<String, Vec<Sound>>> = LazyLock::new(|| {
    let mut map: FxHashMap<String, Vec<Sound>> = FxHashMap::default();
    for py in sound::syllables() {
        let Some(id) = sound::sound(py) else { continue };
        for wg in from_pinyin(py) {
            for spelled in spellings(&wg) {
                let entry = map.entry(spelled).or_default();
                if !entry.contains(&id) {
                    entry.push(id);
                }
            }
        }
    }
    map
});

/// The ways a Wade-Giles syllable is written: exact, without apostrophe, umlaut as u or v.
fn spellings(wg: &str) -> Vec<String> {
    let mut out = vec![wg.replace('ü', "v")];
    let bare = wg.replace('\'', "");
    out.push(bare.replace('ü', "v"));
    out.push(bare.replace('ü', "u"));
    out.push(wg.replace('ü', "u"));
    out.sort();
    out.dedup();
    out
}

/// Pinyin sounds of a (lower-case, accent-folded: ü as `v`) Wade-Giles syllable.
pub(crate) fn sounds(token: &str) -> &'static [Sound] {
    REVERSE.get(token).map(Vec::as_slice).unwrap_or(&[])
}

/// Whether `token` is a Wade-Giles syllable.
pub(crate) fn is_syllable(token: &str) -> bool {
    REVERSE.contains_key(token)
}

pub(crate) fn warm_up() {
    LazyLock::force(&REVERSE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(token: &str) -> Vec<&'static str> {
        let mut v: Vec<&str> = sounds(token).iter().map(|s| sound::text(*s)).collect();
        v.sort();
        v
    }

    #[test]
    fn standard_correspondences() {
        assert_eq!(from_pinyin("zhou"), ["chou"]);
        assert_eq!(from_pinyin("xiaoping"), ["hsiaoping"]); // not a syllable, but rules still apply
        assert_eq!(from_pinyin("guo"), ["kuo"]);
        assert_eq!(from_pinyin("zhuo"), ["cho"]);
        assert_eq!(from_pinyin("gui"), ["kuei"]);
        assert_eq!(from_pinyin("xue"), ["hsüeh"]);
        assert_eq!(from_pinyin("qiong"), ["ch'iung"]);
        assert_eq!(from_pinyin("ge"), ["ko"]);
        assert_eq!(from_pinyin("dong"), ["tung"]);
        assert_eq!(from_pinyin("ren"), ["jen"]);
    }

    #[test]
    fn reverse_keeps_ambiguity() {
        assert_eq!(py("ch'en"), ["chen"]);
        assert_eq!(py("chen"), ["chen", "zhen"]);
        assert_eq!(py("hsiao"), ["xiao"]);
        assert_eq!(py("tse"), ["ce", "ze"]);
        assert_eq!(py("tzu"), ["ci", "zi"]);
        assert!(py("chih").contains(&"zhi"));
        assert!(py("kuo").contains(&"guo"));
        assert!(py("hsu").contains(&"xu"));
        assert!(py("yu").contains(&"you") && py("yu").contains(&"yu"));
        assert_eq!(py("tung"), ["dong", "tong"]);
        assert!(py("wong").is_empty());
    }
}
