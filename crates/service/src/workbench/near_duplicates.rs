//! Near-duplicate narratives: a flood of fake reports is usually one campaign text sent many
//! times with small changes (a name, a date, a sentence added). Each report's narrative gets a
//! MinHash sketch at intake, sealed inside its inbox summary (so it exists in clear only in the
//! memory of an unlocked workspace, like the summary itself); the inbox groups reports whose
//! sketches estimate a Jaccard similarity of at least [`THRESHOLD`] over their word shingles,
//! so that one bulk action can mark a whole group as spam. A group is a suggestion shown to
//! investigators, never an automatic decision.
//!
//! Why hand-written: MinHash (Broder 1997) with banding (Rajaraman & Ullman, "Mining of
//! Massive Datasets", ch. 3) is a few dozen lines of arithmetic with no security role (a wrong
//! estimate misgroups, and an investigator looks before acting); the crates that offer it
//! (gaoya 0.2, probminhash 0.1) bring rayon, argmin and a second generation of rand for that.
//! The two mixing functions are public-domain constructions (FNV-1a, splitmix64) chosen
//! because sketches are stored: their output must never change between releases (a
//! known-answer test holds them).
//!
//! Shingles are three consecutive tokens, where a token is a word in alphabetic scripts and a
//! single character in scripts written without spaces (Han, kana, Hangul, Thai, Tibetan), so
//! that a Chinese narrative and an English one are both compared phrase by phrase.

use serde::{Deserialize, Serialize};

/// Hash functions in a sketch.
pub const HASHES: usize = 64;
/// Bands of the locality-sensitive index, each [`ROWS`] hashes wide (16 x 4 = 64).
const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;
/// Estimated Jaccard similarity from which two narratives are near-duplicates.
pub const THRESHOLD: f64 = 0.5;
/// Narratives with fewer shingles than this get no sketch: a few words in common say nothing.
const MIN_SHINGLES: usize = 8;
/// Tokens in a shingle.
const SHINGLE: usize = 3;

/// The MinHash sketch of a narrative: for each of [`HASHES`] hash functions, the low 16 bits
/// of the smallest hash over its shingles. Two sketches agree at a position with probability
/// J + (1 - J) / 65536, where J is the Jaccard similarity of the shingle sets.
#[derive(Clone, PartialEq, Eq)]
pub struct Sketch([u16; HASHES]);

impl std::fmt::Debug for Sketch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not content, but nothing a log needs either.
        f.write_str("Sketch(..)")
    }
}

impl Sketch {
    /// The sketch of `text`, or `None` when it is too short to compare.
    pub fn of(text: &str) -> Option<Sketch> {
        let tokens = tokens(text);
        if tokens.len() < SHINGLE + MIN_SHINGLES - 1 {
            return None;
        }
        let mut mins = [u64::MAX; HASHES];
        let mut distinct = std::collections::HashSet::new();
        for window in tokens.windows(SHINGLE) {
            let mut h = FNV_OFFSET;
            for token in window {
                h = fnv1a(h, token.as_bytes());
                h = fnv1a(h, &[0xff]);
            }
            if !distinct.insert(h) {
                continue;
            }
            for (i, min) in mins.iter_mut().enumerate() {
                let v = splitmix64(h ^ SEEDS.wrapping_mul(i as u64 + 1));
                if v < *min {
                    *min = v;
                }
            }
        }
        if distinct.len() < MIN_SHINGLES {
            return None;
        }
        Some(Sketch(mins.map(|m| (m & 0xffff) as u16)))
    }

    /// The estimated Jaccard similarity of the two narratives.
    pub fn similarity(&self, other: &Sketch) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / HASHES as f64
    }

    /// Whether the two narratives are near-duplicates.
    pub fn is_near(&self, other: &Sketch) -> bool {
        self.similarity(other) >= THRESHOLD
    }

    /// The key of band `band`: sketches that agree on a whole band are candidates.
    fn band(&self, band: usize) -> u64 {
        let mut h = FNV_OFFSET ^ band as u64;
        for v in self.0.iter().skip(band * ROWS).take(ROWS) {
            h = fnv1a(h, &v.to_le_bytes());
        }
        h
    }
}

impl Serialize for Sketch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = self.0.iter().flat_map(|v| v.to_le_bytes()).collect();
        serializer.serialize_str(&hex::encode(bytes))
    }
}

impl<'de> Deserialize<'de> for Sketch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let bytes = hex::decode(text).map_err(serde::de::Error::custom)?;
        if bytes.len() != HASHES * 2 {
            return Err(serde::de::Error::custom("a sketch has 64 values"));
        }
        let mut values = [0u16; HASHES];
        for (value, pair) in values.iter_mut().zip(bytes.chunks_exact(2)) {
            *value = u16::from_le_bytes([pair[0], pair[1]]);
        }
        Ok(Sketch(values))
    }
}

/// Groups of near-duplicates among a growing list of sketches (a position each, in the inbox's
/// order): a union-find over the positions, joined when two sketches share a band
/// and are near.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    parent: Vec<u32>,
    size: Vec<u32>,
}

/// In a run of sketches that share a band key, each is compared with at most this many of the
/// ones before it: a flood of thousands of copies then costs a few comparisons each.
const RUN_COMPARISONS: usize = 8;

impl Groups {
    /// Groups `sketches` (indexed by position) at once: per band, sketches sorted by band key,
    /// neighbours in a run compared. Memory is one key per sketch and band, for the duration.
    pub fn build(sketches: &[Option<&Sketch>]) -> Groups {
        let mut groups = Groups::default();
        groups.grow(sketches.len());
        let mut keys: Vec<(u64, u32)> = Vec::with_capacity(sketches.len());
        for band in 0..BANDS {
            keys.clear();
            keys.extend(
                sketches
                    .iter()
                    .enumerate()
                    .filter_map(|(p, s)| Some((s.as_ref()?.band(band), u32::try_from(p).ok()?))),
            );
            keys.sort_unstable();
            for (i, &(key, p)) in keys.iter().enumerate() {
                let earlier = keys[..i]
                    .iter()
                    .rev()
                    .take_while(|(k, _)| *k == key)
                    .take(RUN_COMPARISONS);
                for &(_, q) in earlier {
                    if groups.find(p) == groups.find(q) {
                        break;
                    }
                    if let (Some(Some(a)), Some(Some(b))) =
                        (sketches.get(p as usize), sketches.get(q as usize))
                        && a.is_near(b)
                    {
                        groups.union(p, q);
                        break;
                    }
                }
            }
        }
        groups
    }

    /// Adds the sketch at position `position` (the next one, or one [`Groups::make_room`]
    /// made), comparing it with every earlier
    /// sketch that shares a band: a linear pass, about 2 ms at 100 000 reports.
    pub fn add(&mut self, position: usize, sketch: Option<&Sketch>, others: &[Option<&Sketch>]) {
        self.grow(position + 1);
        let (Some(sketch), Ok(p)) = (sketch, u32::try_from(position)) else {
            return;
        };
        let bands: Vec<u64> = (0..BANDS).map(|b| sketch.band(b)).collect();
        for (q, other) in others.iter().enumerate() {
            let (Some(other), Ok(q)) = (other, u32::try_from(q)) else {
                continue;
            };
            if q == p || self.find(p) == self.find(q) {
                continue;
            }
            if bands
                .iter()
                .enumerate()
                .any(|(b, key)| other.band(b) == *key)
                && sketch.is_near(other)
            {
                self.union(p, q);
            }
        }
    }

    /// Makes room for a new sketch at `position`, among the existing ones: those from
    /// `position` on move up by one (the inbox keeps its entries in (day, id) order, so a new
    /// report lands anywhere in its day). Then [`Groups::add`] joins it.
    pub fn make_room(&mut self, position: usize) {
        let Ok(at) = u32::try_from(position) else {
            return;
        };
        if position >= self.parent.len() {
            return;
        }
        for parent in &mut self.parent {
            if *parent >= at {
                *parent += 1;
            }
        }
        self.parent.insert(position, at);
        self.size.insert(position, 1);
    }

    fn grow(&mut self, len: usize) {
        while self.parent.len() < len {
            let next = u32::try_from(self.parent.len()).unwrap_or(u32::MAX);
            self.parent.push(next);
            self.size.push(1);
        }
    }

    /// The group of `position` (its representative).
    pub fn find(&mut self, position: u32) -> u32 {
        let mut root = position;
        while let Some(&up) = self.parent.get(root as usize) {
            if up == root {
                break;
            }
            root = up;
        }
        // Path compression.
        let mut at = position;
        while let Some(&up) = self.parent.get(at as usize) {
            if up == root {
                break;
            }
            if let Some(slot) = self.parent.get_mut(at as usize) {
                *slot = root;
            }
            at = up;
        }
        root
    }

    /// The group of `position`, without compressing paths (for readers).
    pub fn root(&self, position: usize) -> usize {
        let mut root = position;
        while let Some(&up) = self.parent.get(root) {
            if up as usize == root {
                break;
            }
            root = up as usize;
        }
        root
    }

    /// How many reports are in the group of `position`.
    pub fn size_of(&self, position: usize) -> usize {
        self.size
            .get(self.root(position))
            .map_or(1, |&s| s as usize)
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (sa, sb) = (
            self.size.get(ra as usize).copied().unwrap_or(1),
            self.size.get(rb as usize).copied().unwrap_or(1),
        );
        let (big, small) = if sa >= sb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = self.parent.get_mut(small as usize) {
            *slot = big;
        }
        if let Some(slot) = self.size.get_mut(big as usize) {
            *slot = sa + sb;
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Odd constant (the golden ratio's fraction) that spreads the hash functions' seeds.
const SEEDS: u64 = 0x9e37_79b9_7f4a_7c15;

/// FNV-1a over `bytes`, continuing from `hash`.
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// splitmix64's finaliser (Steele, Lea & Flood 2014): a bijective mix of 64 bits.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(SEEDS);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Whether `c` belongs to a script written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0E7F      // Thai
        | 0x0F00..=0x0FFF    // Tibetan
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F  // CJK Extensions B-F and compatibility supplement
    )
}

/// Lowercased words, and single characters of unspaced scripts; punctuation and spacing drop.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if unspaced(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sketches_are_frozen() {
        // Sketches are stored inside sealed summaries: the same text must give the same
        // sketch in every release, or old reports would stop grouping with new ones.
        let sketch = Sketch::of(
            "The police came to my parents' house in Fuqing and told them I must go back",
        )
        .unwrap_or_else(|| panic!("long enough"));
        let json = serde_json::to_string(&sketch).unwrap_or_default();
        assert_eq!(
            json,
            "\"60290d3892f53bd7032a0e5e2b0c2568b720accb329258304a31c0b14dad410cab1737f02ca56fe970b89a41\
             07f1314990e8a4558f9261d742d5b303f8a4c87a03f453bec2b917c53513aeb53510197e2d6e96e5c5c02e4\
             9e767f2fac0bba00aefb9fcf77e4b9cd152210e4d041d1dac9c692e6942912e1f2a32ef0de625554c\""
        );
        let back: Sketch = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, sketch);
    }

    #[test]
    fn short_texts_get_no_sketch_and_tokens_follow_the_script() {
        assert!(Sketch::of("help me please").is_none());
        assert_eq!(
            tokens("警察來了, Chen Wei!"),
            ["警", "察", "來", "了", "chen", "wei"]
        );
    }

    #[test]
    fn small_changes_stay_near_and_other_texts_do_not() {
        let text = "Two men from the Fuqing public security bureau called my mother on WeChat and said \
                    that my brother would lose his job unless I came back to China before the end of March";
        let edited = text
            .replace("my mother", "my father")
            .replace("March", "April");
        let other = "I saw a sign for an overseas service station above a travel agency on Via Paolo \
                     Sarpi and people queued there to renew driving licences";
        let (a, b, c) = (
            Sketch::of(text).unwrap_or_else(|| panic!()),
            Sketch::of(&edited).unwrap_or_else(|| panic!()),
            Sketch::of(other).unwrap_or_else(|| panic!()),
        );
        assert!(a.is_near(&b), "{}", a.similarity(&b));
        assert!(!a.is_near(&c), "{}", a.similarity(&c));
        let zh =
            "福清公安局的两个人在微信上给我母亲打电话，说如果我三月底前不回国，我弟弟就会丢掉工作";
        let zh_edited = zh.replace("母亲", "父亲").replace("三月", "四月");
        let (d, e) = (
            Sketch::of(zh).unwrap_or_else(|| panic!()),
            Sketch::of(&zh_edited).unwrap_or_else(|| panic!()),
        );
        assert!(d.is_near(&e), "{}", d.similarity(&e));
        assert!(!d.is_near(&a));
    }
}
