//! Hong Kong Cantonese romanisation of given-name syllables.
//!
//! Data: `data/cantonese.tsv`, generated from the Unicode Han Database (Unihan 15.0 kCantonese,
//! Jyutping; kMandarin) by `data/make_cantonese_table.py`, limited to characters in common use.
//! Rules: Jyutping to the Hong Kong Government romanisation used on identity documents (source:
//! Wikipedia "Hong Kong Government Cantonese Romanisation" and its Jyutping comparison table), with
//! its usual variant spellings (z/c as ch or ts, s as s or sh, -i as i/ee, -ou as o, -u as u/oo,
//! -oeng as eung, -eoi as ui, -yu as u/ue/yu...). A romanised syllable then stands for every common
//! character read that way, and so for all their Mandarin readings: "wai" may be 偉 wei, 惠 hui,
//! 懷 huai. Surnames have their own table (surnames.rs).

use super::sound::{self, Sound};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/cantonese.tsv");

const INITIALS: &[&str] = &[
    "gw", "kw", "ng", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "w", "z", "c", "s",
    "j",
];

/// HK romanisations of a toneless Jyutping syllable.
pub(crate) fn hk_forms(jyutping: &str) -> Vec<String> {
    let jp: String = jyutping
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if jp == "m" || jp == "ng" {
        return vec![jp];
    }
    let (ini, fin) = INITIALS
        .iter()
        .find_map(|i| {
            jp.strip_prefix(i)
                .filter(|r| !r.is_empty())
                .map(|r| (*i, r))
        })
        .unwrap_or(("", jp.as_str()));
    let inis: &[&str] = match ini {
        "b" | "p" => &["p"],
        "d" | "t" => &["t"],
        "g" | "k" => &["k"],
        "gw" | "kw" => &["kw"],
        "z" | "c" => &["ch", "ts"],
        "s" => &["s", "sh"],
        "j" => &["y"],
        other => std::slice::from_ref(match other {
            "m" => &"m",
            "f" => &"f",
            "n" => &"n",
            "l" => &"l",
            "h" => &"h",
            "w" => &"w",
            "ng" => &"ng",
            _ => &"",
        }),
    };
    let fins: &[&str] = match fin {
        "aa" => &["a", "ah"],
        "aai" | "ai" => &["ai"],
        "aau" | "au" => &["au"],
        "aam" => &["am"],
        "aan" => &["an"],
        "aang" | "ang" => &["ang"],
        "aap" => &["ap"],
        "aat" => &["at"],
        "aak" | "ak" => &["ak"],
        "am" => &["am", "um"],
        "an" => &["an", "un"],
        "ap" => &["ap"],
        "at" => &["at"],
        "e" => &["e"],
        "ei" => &["ei", "ee", "i"],
        "eng" => &["eng"],
        "ek" => &["ek"],
        "i" => &["i", "ee"],
        "iu" => &["iu"],
        "im" => &["im"],
        "in" => &["in"],
        "ing" => &["ing"],
        "ip" => &["ip"],
        "it" => &["it"],
        "ik" => &["ik"],
        "o" => &["o", "oh"],
        "oi" => &["oi", "oy"],
        "ou" => &["o", "ou"],
        "on" => &["on"],
        "ong" => &["ong"],
        "ot" => &["ot"],
        "ok" => &["ok"],
        "u" => &["u", "oo"],
        "ui" => &["ui", "ooi"],
        "un" => &["un", "oon"],
        "ung" => &["ung"],
        "ut" => &["ut"],
        "uk" => &["uk"],
        "oe" => &["oe", "euh"],
        "oeng" => &["eung"],
        "oek" => &["euk"],
        "eoi" => &["ui", "eui"],
        "eon" => &["un", "eun"],
        "eot" => &["ut", "eut"],
        "yu" => &["u", "ue", "yu"],
        "yun" => &["un", "uen", "yun"],
        "yut" => &["ut", "uet", "yut"],
        "eu" => &["eu"],
        _ => &[],
    };
    let mut out = Vec::new();
    for i in inis {
        for f in fins {
            // j + yu...: "yu", "yue", "yuen" rather than "yyu".
            let f = if *i == "y" {
                f.strip_prefix('y').unwrap_or(f)
            } else {
                f
            };
            out.push(format!("{i}{f}"));
        }
    }
    // Sibilant + i: 子 Tsz, 思 Sze, 詩 See/Si/Shi, 志 Chi.
    if fin == "i" {
        match ini {
            "z" | "c" => out.extend(["tsz", "tsze", "tze", "chi"].map(String::from)),
            "s" => out.extend(["sze", "see", "si", "shi", "sz"].map(String::from)),
            "j" => out.extend(["yi", "yee", "i"].map(String::from)),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

struct Tables {
    /// HK romanised syllable -> Mandarin sounds of the common characters read that way.
    by_syllable: FxHashMap<String, Vec<Sound>>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut by_syllable: FxHashMap<String, Vec<Sound>> = FxHashMap::default();
    for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(ch), Some(yue), Some(cmn)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if ch.is_empty() {
            continue;
        }
        let sounds: Vec<Sound> = cmn.split_whitespace().filter_map(sound::sound).collect();
        for jp in yue.split_whitespace() {
            for form in hk_forms(jp) {
                let entry = by_syllable.entry(form.clone()).or_default();
                for s in &sounds {
                    if !entry.contains(s) {
                        entry.push(*s);
                    }
                }
            }
        }
    }
    Tables { by_syllable }
});

/// Mandarin sounds a Hong Kong romanised syllable may stand for.
pub(crate) fn sounds(token: &str) -> &'static [Sound] {
    TABLES
        .by_syllable
        .get(token)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Whether `token` is a Hong Kong romanised syllable of some common character.
pub(crate) fn is_syllable(token: &str) -> bool {
    TABLES.by_syllable.contains_key(token)
}

/// HK romanisations of a simplified character (empty when not in the table).
#[cfg(test)]
pub(crate) fn forms_of(c: char) -> Vec<String> {
    let mut out = Vec::new();
    for line in TABLE.lines().filter(|l| l.starts_with(c)) {
        if let Some(yue) = line.split('\t').nth(1) {
            out.extend(yue.split_whitespace().flat_map(hk_forms));
        }
    }
    out
}

pub(crate) fn warm_up() {
    LazyLock::force(&TABLES);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(c: char, form: &str) -> bool {
        forms_of(c).iter().any(|f| f == form)
    }

    #[test]
    fn hong_kong_spellings_of_common_name_characters() {
        for (c, f) in [
            ('伟', "wai"),
            ('志', "chi"),
            ('明', "ming"),
            ('张', "cheung"),
            ('梁', "leung"),
            ('许', "hui"),
            ('徐', "tsui"),
            ('俊', "chun"),
            ('杰', "kit"),
            ('国', "kwok"),
            ('荣', "wing"),
            ('敏', "man"),
            ('华', "wah"),
            ('文', "man"),
            ('玉', "yuk"),
            ('源', "yuen"),
            ('子', "tsz"),
            ('思', "sze"),
            ('美', "mei"),
            ('李', "lee"),
            ('强', "keung"),
            ('辉', "fai"),
            ('家', "ka"),
            ('嘉', "ka"),
            ('霞', "ha"),
            ('月', "yuet"),
            ('潘', "poon"),
            ('振', "chun"),
            ('心', "sum"),
            ('吴', "ng"),
        ] {
            assert!(
                has(c, f),
                "{c} should romanise as {f}, got {:?}",
                forms_of(c)
            );
        }
    }

    #[test]
    fn syllable_to_mandarin_keeps_every_reading() {
        let wai: Vec<&str> = sounds("wai").iter().map(|s| sound::text(*s)).collect();
        assert!(wai.contains(&"wei") && wai.contains(&"hui"), "{wai:?}");
        assert!(sounds("xyz").is_empty());
    }
}
