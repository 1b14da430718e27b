//! Person names in any script or romanisation, reduced to a form that can be compared.
//!
//! A name becomes one or more *forms*: a surname unit and given-name units, each unit carrying its
//! surface text and the set of Mandarin sounds it may stand for (see `sound`). A Han name has one
//! form; a romanised name has one per possible order (surname first or last, since "Wai Chan" and
//! "CHAN Wai" both occur) and per compound-surname reading. Two names match when some pair of their
//! forms has the same number of given syllables and every unit matches: Han against Han by
//! character, otherwise by equal spelling or by intersecting sound sets. Ambiguity is therefore
//! kept, not resolved: "Wong Chi Ming" matches both 王志明 and 黃志明, and the decision rules
//! (`decide`, `cluster`) refuse to link when both are present.
//!
//! Uyghur and Tibetan names (`elements`) have no family name: they are read as a sequence of name
//! elements in a fixed order, in a form whose surname unit stands for "none", so they meet each
//! other across scripts but never a Chinese-style name, and never in the other order.

pub(crate) mod cantonese;
pub(crate) mod elements;
pub(crate) mod han;
pub(crate) mod romanisation;
pub(crate) mod sound;
pub(crate) mod surnames;
pub(crate) mod wade_giles;

use crate::explain::NameRule;
use crate::text::{has_han, hash_of, is_han};
use elements::{Language, Script};
use sound::Sound;

/// One syllable (or compound surname) of a name.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub(crate) surface: Box<str>,
    pub(crate) han: bool,
    pub(crate) sounds: Box<[Sound]>,
}

impl Unit {
    fn matches(&self, other: &Unit) -> bool {
        if self.han && other.han {
            self.surface == other.surface
        } else {
            self.surface == other.surface || sound::intersects(&self.sounds, &other.sounds)
        }
    }
}

/// One reading of a name: surname, given-name syllables, and a Western given name if any.
#[derive(Debug, Clone)]
pub(crate) struct Form {
    pub(crate) surname: Unit,
    pub(crate) given: Box<[Unit]>,
    pub(crate) western: Option<Box<str>>,
}

/// A parsed person name.
#[derive(Debug, Clone)]
pub(crate) struct PersonName {
    /// The name as written (NFKC, trimmed), for explanations.
    pub(crate) display: Box<str>,
    /// Whether it is written in Han characters.
    pub(crate) is_han: bool,
    pub(crate) forms: Box<[Form]>,
    /// For a Uyghur or Tibetan name read as elements (`elements`): its language when known, and
    /// how it is written.
    pub(crate) element: Option<(Option<Language>, Script)>,
    /// A 128-bit summary of the last given syllable of every form: a bit per sound and one for
    /// the spelling. Two names can only match if these share a bit (see `matches`); most
    /// candidates from a block (same surname and first given syllable) fail here without walking
    /// their forms.
    last_given: u128,
}

/// How two names matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameMatch {
    /// Same characters, or the same romanised spelling.
    Same,
    /// Different scripts or spellings that share a reading.
    Reading,
}

impl PersonName {
    /// Parses one name string. `None` when nothing usable is left (empty, punctuation only).
    pub(crate) fn parse(raw: &str) -> Option<PersonName> {
        let display: String = crate::text::truncate(raw.trim(), 200).to_string();
        if display.is_empty() {
            return None;
        }
        if let Some(e) = elements::parse(&display, reads_as_chinese) {
            let element = Some((e.language, e.script));
            let forms = vec![element_form(e)];
            return Some(PersonName {
                is_han: false,
                display: display.into(),
                last_given: last_given_bits(&forms),
                forms: forms.into(),
                element,
            });
        }
        let forms = if has_han(&display) {
            han_forms(&display)
        } else {
            roman_forms(&display)
        };
        let last_given = last_given_bits(&forms);
        Some(PersonName {
            is_han: has_han(&display),
            display: display.into(),
            forms: forms.into(),
            element: None,
            last_given,
        })
    }

    /// Whether the name has at least one form with a surname and a given name: only such names can
    /// serve as evidence (a bare surname, "Mr Wong", never can).
    pub(crate) fn is_full(&self) -> bool {
        !self.forms.is_empty()
    }

    /// Simplified Han characters of the name, when written in Han (for conflict checks).
    pub(crate) fn han_key(&self) -> Option<u64> {
        let f = self.forms.first()?;
        if !self.is_han {
            return None;
        }
        let mut s = String::from(&*f.surname.surface);
        for g in &f.given {
            s.push_str(&g.surface);
        }
        Some(hash_of(&s))
    }

    /// The rule that makes two matching names the same, when it is worth naming: the Uyghur and
    /// Tibetan readings (艾合买提 = Exmet is the Chinese transcription of a Uyghur name). `None`
    /// for Chinese-style names, and for the same spelling.
    pub(crate) fn rule(&self, other: &PersonName) -> Option<NameRule> {
        let ((la, sa), (lb, sb)) = (self.element?, other.element?);
        if self.matches(other) != Some(NameMatch::Reading) {
            return None;
        }
        let either = |s: Script| sa == s || sb == s;
        Some(match la.or(lb)? {
            Language::Uyghur if either(Script::Han) => NameRule::UyghurChinese,
            Language::Uyghur if either(Script::Pinyin) => NameRule::UyghurPinyin,
            Language::Uyghur if either(Script::Arabic) => NameRule::UyghurArabic,
            Language::Uyghur if either(Script::Cyrillic) => NameRule::UyghurCyrillic,
            Language::Uyghur => NameRule::UyghurLatin,
            Language::Tibetan if either(Script::Han) => NameRule::TibetanChinese,
            Language::Tibetan if either(Script::Pinyin) => NameRule::TibetanPinyin,
            Language::Tibetan if either(Script::Tibetan) => NameRule::TibetanScript,
            Language::Tibetan if either(Script::Wylie) => NameRule::TibetanWylie,
            Language::Tibetan => NameRule::TibetanPhonetic,
        })
    }

    /// Compares two names.
    pub(crate) fn matches(&self, other: &PersonName) -> Option<NameMatch> {
        // Matching forms have matching last given syllables (every form has one), which share a
        // sound or a spelling, hence a bit: no common bit, no match.
        if self.last_given & other.last_given == 0 {
            return None;
        }
        let mut found = None;
        for a in &self.forms {
            for b in &other.forms {
                if a.given.len() != b.given.len() || !a.surname.matches(&b.surname) {
                    continue;
                }
                if let (Some(x), Some(y)) = (&a.western, &b.western)
                    && x != y
                {
                    continue;
                }
                if a.given
                    .iter()
                    .zip(b.given.iter())
                    .all(|(x, y)| x.matches(y))
                {
                    let same = a.surname.surface == b.surname.surface
                        && a.given
                            .iter()
                            .zip(b.given.iter())
                            .all(|(x, y)| x.surface == y.surface);
                    if same && a.surname.han == b.surname.han {
                        return Some(NameMatch::Same);
                    }
                    found = Some(NameMatch::Reading);
                }
            }
        }
        found
    }

    /// Blocking keys: two names can only match if they share one of these (a reading or
    /// spelling of the surname, one of the first given syllable, and the number of given
    /// syllables). Matching itself is checked exactly afterwards. A form with more than
    /// [`MAX_KEYS`] keys is too ambiguous to be evidence and gets none.
    ///
    /// Each key comes with a [`given_signature`] of the form's second given syllable: two forms
    /// that match and share a key have signatures that share a bit, so a candidate whose
    /// signature under the shared key shares none with this name's is no match and need not be
    /// compared (`Index`). Returns false when a form got no key: the name may then match
    /// through a form no key stands for, and signatures must not be used to rule anything out.
    pub(crate) fn block_keys(&self, out: &mut Vec<(u64, Signature)>) -> bool {
        let mut all = true;
        for f in &self.forms {
            let n = f.given.len();
            let (Some(sur), Some(first)) =
                (unit_keys(&f.surname), f.given.first().and_then(unit_keys))
            else {
                all = false;
                continue;
            };
            if sur.len() * first.len() > MAX_KEYS {
                all = false;
                continue;
            }
            let sig = given_signature(f);
            for s in &sur {
                for g in &first {
                    out.push((hash_of(&(*s, *g, n)), sig));
                }
            }
        }
        all
    }
}

/// A summary of names under a blocking key (see [`given_signature`]); two names can match only
/// if their signatures share a bit.
pub(crate) type Signature = u64;

/// The signature that rules nothing out.
pub(crate) const ANY_NAME: Signature = Signature::MAX;

/// A 64-bit summary of a form's second given syllable: a bit per sound and one for its
/// spelling (bits 0-62), or bit 63 when the form has one given syllable. Two units match only
/// when their spellings are equal or their sounds intersect, so two matching forms with the same
/// number of given syllables have signatures sharing a bit; never 0. (Romanised syllables
/// stand for four sounds on average in the realistic corpus; with 31 bits, 43 % of the
/// candidates that do not match still shared one.)
fn given_signature(f: &Form) -> Signature {
    let Some(u) = f.given.get(1) else {
        return 1 << 63;
    };
    let mut bits: Signature = 1 << (hash_of(&*u.surface) % 63);
    for s in &u.sounds {
        bits |= 1 << (hash_of(s) % 63);
    }
    bits
}

impl PersonName {
    /// Name-frequency keys: one per reading of the whole name (every syllable's sound or, for a
    /// unit without one, its spelling; the number of given syllables), whatever the city. Two
    /// names that match share one (matching units share a sound or a spelling). Counting the
    /// records under these keys is the name's frequency in the data (`Index`, rare names).
    /// Returns false, with no keys, when the name has more than `limit` readings (or a form more
    /// than [`MAX_KEYS`]): such a name is too ambiguous to be rare.
    pub(crate) fn frequency_keys(&self, out: &mut Vec<u64>, limit: usize) -> bool {
        // A Uyghur or Tibetan name of one element (Tashi, Exmet) is a given name alone: never
        // rare enough to join two sets of identifiers.
        if self.element.is_some() && self.forms.iter().all(|f| f.given.len() < 2) {
            return false;
        }
        let start = out.len();
        // Count first: most romanised names have too many readings, and are dropped unbuilt.
        let mut count = 0usize;
        for f in &self.forms {
            let mut n = unit_count(&f.surname);
            for g in &f.given {
                n = n.saturating_mul(unit_count(g));
            }
            count = count.saturating_add(n);
        }
        if count > limit {
            return false;
        }
        for f in &self.forms {
            let mut keys: Vec<u64> = unit_keys(&f.surname).unwrap_or_default();
            for g in &f.given {
                let next = unit_keys(g).unwrap_or_default();
                if keys.len() * next.len() > MAX_KEYS {
                    out.truncate(start);
                    return false;
                }
                keys = keys
                    .iter()
                    .flat_map(|k| next.iter().map(move |n| hash_of(&(*k, *n))))
                    .collect();
            }
            out.extend(keys.iter().map(|k| hash_of(&(7u8, *k, f.given.len()))));
        }
        true
    }
}

/// The bits of `PersonName::last_given`: for the last given syllable of each form, one bit per
/// sound and one for its spelling (two units match only when spellings are equal or sounds
/// intersect, so matching units always share a bit).
fn last_given_bits(forms: &[Form]) -> u128 {
    let mut bits = 0u128;
    for u in forms.iter().filter_map(|f| f.given.last()) {
        for s in &u.sounds {
            bits |= 1u128 << (u32::from(*s) % 128);
        }
        bits |= 1u128 << (hash_of(&*u.surface) % 128);
    }
    bits
}

/// Most blocking keys one form of a name may have.
pub(crate) const MAX_KEYS: usize = 256;

/// Number of keys of one unit (`unit_keys`), without building them.
fn unit_count(u: &Unit) -> usize {
    u.sounds.len().max(1)
}

/// Keys of one unit: its sounds, or its spelling when it has none (equal spellings have equal
/// sounds, so the spelling is only needed for units without a reading: "david").
fn unit_keys(u: &Unit) -> Option<Vec<u64>> {
    if u.sounds.is_empty() {
        return Some(vec![hash_of(&(0u8, &*u.surface))]);
    }
    Some(u.sounds.iter().map(|s| hash_of(&(1u8, *s))).collect())
}

/// How a Latin word reads as Chinese: a syllable or surname, run-together syllables of a given
/// name, or not at all (`elements::parse` decides with it whether a name may be Chinese).
fn reads_as_chinese(word: &str) -> elements::Chinese {
    if romanisation::is_syllable(word) || !surnames::roman_sounds(word).is_empty() {
        elements::Chinese::Surname
    } else if romanisation::segment(word).len() > 1 {
        elements::Chinese::Given
    } else {
        elements::Chinese::No
    }
}

/// The one form of a name read as elements: no family name, the elements in order.
fn element_form(e: elements::ElementName) -> Form {
    Form {
        surname: Unit {
            surface: "".into(),
            han: false,
            sounds: Box::new([elements::NO_SURNAME]),
        },
        given: e
            .elements
            .into_iter()
            .map(|x| Unit {
                surface: x.surface.into(),
                han: false,
                sounds: sound::set(x.sounds),
            })
            .collect(),
        western: None,
    }
}

fn han_forms(display: &str) -> Vec<Form> {
    let Some(h) = han::parse(display) else {
        return Vec::new();
    };
    if h.given.is_empty() {
        return Vec::new();
    }
    let surname = Unit {
        surface: h.surname.into(),
        han: true,
        sounds: sound::set(h.surname_sounds),
    };
    let given = h
        .given
        .into_iter()
        .map(|(c, s)| Unit {
            surface: c.to_string().into(),
            han: true,
            sounds: sound::set(s),
        })
        .collect();
    vec![Form {
        surname,
        given,
        western: None,
    }]
}

fn roman_forms(display: &str) -> Vec<Form> {
    let raw = romanisation::tokens(display);
    // Western given names (Peter, Mary) carry no Chinese reading: set them aside.
    let readable = |t: &str| {
        romanisation::is_syllable(t)
            || !surnames::roman_sounds(t).is_empty()
            || romanisation::segment(t).len() > 1
    };
    let mut western: Vec<String> = Vec::new();
    let mut toks: Vec<String> = raw.clone();
    while toks.len() > 2 && toks.first().is_some_and(|t| !readable(t)) {
        western.push(toks.remove(0));
    }
    while toks.len() > 2 && toks.last().is_some_and(|t| !readable(t)) {
        if let Some(t) = toks.pop() {
            western.push(t);
        }
    }
    let western: Option<Box<str>> = if western.is_empty() {
        None
    } else {
        Some(western.join(" ").into())
    };
    let n = toks.len();
    if n < 2 {
        // "Wong" alone may still be split from a run-together "ZhangWei" but is otherwise no name.
        return match toks.first() {
            Some(t) if romanisation::segment(t).len() == 2 => {
                let parts = romanisation::segment(t);
                build_forms(&parts, western)
            }
            _ => Vec::new(),
        };
    }
    build_forms(&toks, western)
}

fn build_forms(toks: &[String], western: Option<Box<str>>) -> Vec<Form> {
    let n = toks.len();
    let mut forms = Vec::new();
    // (surname token range, given token range) for surname first and surname last, single or
    // compound surname.
    let mut layouts: Vec<(std::ops::Range<usize>, Vec<usize>)> =
        vec![(0..1, (1..n).collect()), (n - 1..n, (0..n - 1).collect())];
    if n >= 3 {
        let first2 = format!("{}+{}", toks[0], toks[1]);
        if !surnames::roman_sounds(&first2).is_empty() {
            layouts.push((0..2, (2..n).collect()));
        }
        let last2 = format!("{}+{}", toks[n - 2], toks[n - 1]);
        if !surnames::roman_sounds(&last2).is_empty() {
            layouts.push((n - 2..n, (0..n - 2).collect()));
        }
    }
    for (sur, given_idx) in layouts {
        let sur_toks: Vec<&str> = toks[sur].iter().map(String::as_str).collect();
        let surface = sur_toks.join("+");
        let mut s: Vec<Sound> = surnames::roman_sounds(&surface).to_vec();
        if sur_toks.len() == 1 {
            s.extend(sound::sound(&surface));
            s.extend_from_slice(wade_giles::sounds(&surface));
            if s.is_empty() {
                s.extend_from_slice(cantonese::sounds(&surface));
            }
        }
        let surname = Unit {
            surface: surface.into(),
            han: false,
            sounds: sound::set(s),
        };
        let mut given = Vec::new();
        for i in given_idx {
            for part in romanisation::segment(&toks[i]) {
                let sounds = sound::set(romanisation::syllable_sounds(&part));
                given.push(Unit {
                    surface: part.into(),
                    han: false,
                    sounds,
                });
            }
        }
        if given.is_empty() || given.len() > 6 {
            continue;
        }
        forms.push(Form {
            surname,
            given: given.into(),
            western: western.clone(),
        });
    }
    forms
}

/// Splits one `names` entry into the variants it contains: "陈伟 (Chan Wai)", "陈伟/Chan Wai",
/// and a Han name followed by its romanisation in the same string.
pub(crate) fn variants(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in raw.split(['/', '(', ')', '（', '）', ';', '；', '|', '、', '[', ']']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let han: String = part.chars().filter(|c| is_han(*c)).collect();
        let latin: String = part
            .chars()
            .map(|c| if is_han(c) { ' ' } else { c })
            .collect();
        if !han.is_empty() && latin.chars().any(char::is_alphabetic) {
            out.push(han);
            out.push(latin.trim().to_string());
        } else {
            out.push(part.to_string());
        }
    }
    out
}

/// Forces every name table to be built.
pub(crate) fn warm_up() {
    sound::warm_up();
    wade_giles::warm_up();
    cantonese::warm_up();
    surnames::warm_up();
    han::warm_up();
    elements::warm_up();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(a: &str, b: &str) -> Option<NameMatch> {
        let (Some(x), Some(y)) = (PersonName::parse(a), PersonName::parse(b)) else {
            return None;
        };
        x.matches(&y)
    }

    #[test]
    fn scripts_and_romanisations_meet() {
        for (a, b) in [
            ("陈伟", "陳偉"),
            ("陈伟", "Chen Wei"),
            ("陈伟", "WEI Chen"),
            ("陈伟", "Chan Wai"),
            ("陈伟", "Ch'en Wei"),
            ("陳大文", "Chan Tai-man"),
            ("陈大文", "Tai Man Chan"),
            ("黄志明", "Wong Chi Ming"),
            ("王志明", "Wong Chi Ming"),
            ("黄志明", "Ng Chi Ming"),
            ("黄志明", "Huang Zhiming"),
            ("黄志明", "Huang Chih-ming"),
            ("张学友", "Cheung Hok Yau"),
            ("曾志伟", "Tsang Chi Wai"),
            ("单志明", "Shan Zhiming"),
            ("欧阳震华", "Au Yeung Chun Wah"),
            ("李明", "Li Ming"),
            ("李明", "Lee Ming"),
            ("吴明", "Ng Ming"),
            ("何伟", "Ho Wai"),
            ("Chan Tai Man", "Chan Tai-man"),
        ] {
            assert!(m(a, b).is_some(), "{a} should match {b}");
        }
    }

    #[test]
    fn different_names_do_not_meet() {
        for (a, b) in [
            ("王志明", "黄志明"),
            ("王伟", "汪伟"),
            ("陈伟", "陈伟明"),
            ("陈伟", "Chen Ming"),
            ("王志明", "Huang Zhiming"),
            ("Peter Chan Tai Man", "David Chan Tai Man"),
            ("陈伟", "Wong Wai"),
        ] {
            // Both must parse: a name that fails to parse also gives no match.
            let x = PersonName::parse(a).unwrap_or_else(|| panic!("{a} parses"));
            let y = PersonName::parse(b).unwrap_or_else(|| panic!("{b} parses"));
            assert!(x.is_full() && y.is_full(), "{a} and {b} are full names");
            assert_eq!(x.matches(&y), None, "{a} should not match {b}");
            assert_eq!(y.matches(&x), None, "{b} should not match {a}");
        }
        assert!(PersonName::parse("Wong").is_some_and(|n| !n.is_full()));
        assert!(PersonName::parse("陈先生").is_some_and(|n| !n.is_full()));
    }

    #[test]
    fn same_versus_reading() {
        assert_eq!(m("陈伟", "陳偉"), Some(NameMatch::Same));
        assert_eq!(m("Chen Wei", "wei chen"), Some(NameMatch::Same));
        assert_eq!(m("陈伟", "Chen Wei"), Some(NameMatch::Reading));
    }

    #[test]
    fn uyghur_and_tibetan_names_meet_across_scripts() {
        for (a, b) in [
            // Issue 16: ئەخمەت = Exmet = Әхмәт = 艾合买提 = Aihemaiti, and phonetic spellings.
            ("ئەخمەت", "Exmet"),
            ("Exmet", "Әхмәт"),
            ("Әхмәт", "艾合买提"),
            ("艾合买提", "Aihemaiti"),
            ("ئەخمەت", "Aihemaiti"),
            ("Exmet", "Ahmat"),
            ("Exmet", "Akhmet"),
            ("艾合买提", "Ахмет"),
            ("Memet", "Mehmet"),
            ("Memet", "Mamat"),
            ("买买提", "麦麦提"),
            // Given name + father's name, "·" (or "•", "．") between them in Chinese.
            ("买买提·艾力", "Memet Eli"),
            ("买买提•艾力", "Maimaiti Aili"),
            ("买买提．艾力", "مەمەت ئەلى"),
            ("买买提艾力", "Mamat Ali"),
            ("阿迪力·努尔买买提", "Adil Nurmemet"),
            // Tibetan: 扎西 = Zhaxi = Tashi = བཀྲ་ཤིས་ = bkra shis; 次仁 = Tsering; 卓玛 = Dolma.
            ("扎西", "Zhaxi"),
            ("扎西", "Tashi"),
            ("扎西", "བཀྲ་ཤིས་"),
            ("扎西", "bkra shis"),
            ("Tashi", "Trashi"),
            ("次仁", "Tsering"),
            ("次仁", "Ciren"),
            ("才让", "Tsering"),
            ("卓玛", "Dolma"),
            ("卓玛", "Zhuoma"),
            ("扎西卓玛", "Tashi Dolma"),
            ("Tashi Dolma", "བཀྲ་ཤིས་སྒྲོལ་མ"),
            ("bkra shis sgrol ma", "Tashi Dolma"),
            ("Tenzin Tsering", "丹增次仁"),
        ] {
            assert_eq!(m(a, b), Some(NameMatch::Reading), "{a} should match {b}");
            assert_eq!(m(b, a), Some(NameMatch::Reading), "{b} should match {a}");
        }
        assert_eq!(m("Exmet", "EXMET"), Some(NameMatch::Same));
    }

    #[test]
    fn uyghur_and_tibetan_negative_controls() {
        for (a, b) in [
            // The order carries meaning: given name + father's name, no family name to swap.
            ("Adil Nurmemet", "Nurmemet Adil"),
            ("阿迪力·努尔买买提", "Nurmemet Adil"),
            ("买买提·艾力", "Eli Memet"),
            ("Tashi Dolma", "Dolma Tashi"),
            // Different elements, and a given name alone against given + father's name.
            ("Exmet", "Memet"),
            ("扎西", "次仁"),
            ("Tashi", "Tashi Dolma"),
            ("Memet", "Memet Eli"),
            ("Adil", "Adile"),
            // Never a Chinese-style name: 艾力 is Eli, not surname 艾 + given 力.
            ("艾力", "Ai Li"),
            ("艾力", "Li Ai"),
            ("艾力", "艾丽"),
            ("Exmet", "Chen Wei"),
            ("扎西", "陈伟"),
        ] {
            let x = PersonName::parse(a).unwrap_or_else(|| panic!("{a} parses"));
            let y = PersonName::parse(b).unwrap_or_else(|| panic!("{b} parses"));
            assert!(x.is_full() && y.is_full(), "{a} and {b} are full names");
            assert_eq!(x.matches(&y), None, "{a} should not match {b}");
            assert_eq!(y.matches(&x), None, "{b} should not match {a}");
        }
        // Han names stay Han names.
        for han in ["艾丽", "艾伟", "陈伟", "马丽", "古力"] {
            let n = PersonName::parse(han).unwrap_or_else(|| panic!("{han} parses"));
            assert!(n.element.is_none() && n.han_key().is_some(), "{han}");
        }
        // A transcription claims no Han name (艾合买提 and 艾合麦提 are one name).
        let n = PersonName::parse("艾合买提").unwrap_or_else(|| unreachable!());
        assert!(n.han_key().is_none());
    }

    #[test]
    fn rules_are_named() {
        let rule = |a: &str, b: &str| {
            let (x, y) = (PersonName::parse(a)?, PersonName::parse(b)?);
            x.rule(&y)
        };
        assert_eq!(rule("艾合买提", "Exmet"), Some(NameRule::UyghurChinese));
        assert_eq!(rule("Exmet", "艾合买提"), Some(NameRule::UyghurChinese));
        assert_eq!(rule("Aihemaiti", "Exmet"), Some(NameRule::UyghurPinyin));
        assert_eq!(rule("ئەخمەت", "Exmet"), Some(NameRule::UyghurArabic));
        assert_eq!(rule("Әхмәт", "Exmet"), Some(NameRule::UyghurCyrillic));
        assert_eq!(rule("Ahmat", "Exmet"), Some(NameRule::UyghurLatin));
        assert_eq!(rule("扎西", "Tashi"), Some(NameRule::TibetanChinese));
        assert_eq!(rule("Zhaxi", "Tashi"), Some(NameRule::TibetanPinyin));
        assert_eq!(rule("བཀྲ་ཤིས་", "Tashi"), Some(NameRule::TibetanScript));
        assert_eq!(rule("bkra shis", "Tashi"), Some(NameRule::TibetanWylie));
        assert_eq!(rule("Trashi", "Tashi"), Some(NameRule::TibetanPhonetic));
        assert_eq!(rule("Exmet", "exmet"), None);
        assert_eq!(rule("陈伟", "Chen Wei"), None);
        assert_eq!(rule("Exmet", "Memet"), None);
    }

    #[test]
    fn one_element_names_are_never_rare() {
        let one = PersonName::parse("Tashi").unwrap_or_else(|| unreachable!());
        assert!(!one.frequency_keys(&mut Vec::new(), 64));
        let two = PersonName::parse("Tashi Dolma").unwrap_or_else(|| unreachable!());
        assert!(two.frequency_keys(&mut Vec::new(), 64));
    }

    #[test]
    fn element_sounds_stay_clear_of_mandarin() {
        assert!(sound::syllables().count() < usize::from(elements::NO_SURNAME));
    }

    #[test]
    fn splits_variants() {
        assert_eq!(variants("陈伟 (Chan Wai)"), ["陈伟", "Chan Wai"]);
        assert_eq!(variants("陈伟 Chan Wai"), ["陈伟", "Chan Wai"]);
        assert_eq!(variants("Chan Wai"), ["Chan Wai"]);
    }
}
