//! Text into terms: what is indexed and what a query is cut into, by one function so that the
//! two always fold the same way.
//!
//! - **Words** (runs of letters, digits and their combining marks) are one term each: lower
//!   case, compatibility forms unfolded (ＡＢＣ = abc), and diacritics removed from Latin, Greek
//!   and Cyrillic letters (Français = francais, Müller = muller). Marks of other scripts are
//!   kept: a Tibetan vowel sign or a Uyghur hamza is part of the letter, not an accent.
//!   Tibetan syllables are words (the tsheg between them is punctuation).
//! - **Han and kana** are written without spaces, so there are no words to find. Every
//!   character is a term (unigram) and so is every pair of neighbours (bigram), at the
//!   character's position. A query of two or more characters asks for its bigrams as a phrase,
//!   which finds exactly that sequence of characters anywhere in the text, whatever is around
//!   it; a single character asks for the unigram. This is the CJK bigram scheme of Lucene and
//!   Elasticsearch. A word segmenter (jieba) was not used: it cuts the same characters
//!   differently in different sentences and splits unknown personal names into single
//!   characters, so a query could miss the very text it was copied from.
//! - Han characters are folded to simplified Chinese with OpenCC (`quietline_xref::simplify`):
//!   a traditional query finds simplified text and the reverse (陳偉 = 陈伟).
//!
//! Offsets always point into the original text, so snippets show what was written.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest term kept, in bytes (longer runs are not words anyone searches for: keys, base64).
const MAX_TERM_BYTES: usize = 80;

/// One term of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The folded term.
    pub text: String,
    /// Byte offsets in the original text.
    pub from: usize,
    /// End (exclusive).
    pub to: usize,
    /// Position: one per word, one per Han or kana character.
    pub position: usize,
}

/// What the text is cut for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Indexing: unigrams and bigrams of CJK runs.
    Index,
    /// A query: bigrams of CJK runs of two characters or more, the unigram of a lone one.
    Query,
}

/// Whether `c` is written without spaces between words: Han (CJK unified ideographs, their
/// extensions and compatibility forms, 々 and 〇) or Japanese kana.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007
        | 0x3040..=0x309F // hiragana
        | 0x30A0..=0x30FF // katakana
        | 0x31F0..=0x31FF // katakana phonetic extensions
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F)
}

fn is_word_char(c: char) -> bool {
    !is_cjk(c) && (c.is_alphanumeric() || is_combining_mark(c))
}

/// Letters whose accents are dropped: Latin, Greek, Cyrillic (and their extensions).
fn drops_marks(base: char) -> bool {
    matches!(base as u32,
        0x0000..=0x052F | 0x1D00..=0x1DBF | 0x1E00..=0x1FFF | 0x2C60..=0x2C7F | 0xA640..=0xA69F
        | 0xA720..=0xA7FF | 0xAB30..=0xAB6F)
}

/// A word folded: NFKD, Latin-family marks dropped, lower case, and the letters that do not
/// decompose written as their usual ASCII spelling.
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut base_drops_marks = false;
    for c in word.nfkd() {
        if is_combining_mark(c) {
            if !base_drops_marks {
                out.push(c);
            }
            continue;
        }
        base_drops_marks = drops_marks(c);
        for lower in c.to_lowercase() {
            match lower {
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ø' => out.push('o'),
                'ł' => out.push('l'),
                'đ' | 'ð' => out.push('d'),
                'þ' => out.push_str("th"),
                'ı' => out.push('i'),
                other => out.push(other),
            }
        }
    }
    out
}

/// The characters of a CJK run folded to simplified Chinese, one string per character of the
/// run (so that offsets stay those of the original characters).
fn fold_cjk(run: &str, chars: usize) -> Vec<String> {
    let converted = quietline_xref::simplify(run);
    if converted.chars().count() == chars {
        return converted.chars().map(String::from).collect();
    }
    // OpenCC converted a phrase into a different number of characters: fold character by
    // character instead, which keeps each term aligned with the character it came from.
    run.chars()
        .map(|c| quietline_xref::simplify(c.encode_utf8(&mut [0u8; 4])))
        .collect()
}

/// The terms of `text`.
pub fn analyze(text: &str, mode: Mode) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut position = 0;
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if is_cjk(c) {
            let mut offsets = Vec::new();
            while let Some(&(at, c)) = chars.peek() {
                if !is_cjk(c) {
                    break;
                }
                offsets.push((at, at + c.len_utf8()));
                chars.next();
            }
            let end = offsets.last().map_or(start, |&(_, to)| to);
            let folded = fold_cjk(&text[start..end], offsets.len());
            let lone = offsets.len() == 1;
            for (i, (&(from, to), unit)) in offsets.iter().zip(&folded).enumerate() {
                if mode == Mode::Index || lone {
                    out.push(Piece {
                        text: unit.clone(),
                        from,
                        to,
                        position: position + i,
                    });
                }
                if let (Some(&(_, next_to)), Some(next)) = (offsets.get(i + 1), folded.get(i + 1)) {
                    out.push(Piece {
                        text: format!("{unit}{next}"),
                        from,
                        to: next_to,
                        position: position + i,
                    });
                }
            }
            position += offsets.len();
        } else if is_word_char(c) {
            let mut end = start;
            while let Some(&(at, c)) = chars.peek() {
                if !is_word_char(c) {
                    break;
                }
                end = at + c.len_utf8();
                chars.next();
            }
            let folded = fold_word(&text[start..end]);
            if !folded.is_empty() && folded.len() <= MAX_TERM_BYTES {
                out.push(Piece {
                    text: folded,
                    from: start,
                    to: end,
                    position,
                });
            }
            position += 1;
        } else {
            chars.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, mode: Mode) -> Vec<(String, usize)> {
        analyze(text, mode)
            .into_iter()
            .map(|p| (p.text, p.position))
            .collect()
    }

    #[test]
    fn latin_words_are_lower_case_without_accents() {
        assert_eq!(
            terms("Le Français à l'ÉCOLE, Müller & Straße Ørsted", Mode::Index)
                .into_iter()
                .map(|(t, _)| t)
                .collect::<Vec<_>>(),
            [
                "le", "francais", "a", "l", "ecole", "muller", "strasse", "orsted"
            ]
        );
        assert_eq!(fold_word("ＡＢＣ１２"), "abc12");
        assert_eq!(fold_word("Ёлка"), "елка");
    }

    #[test]
    fn marks_of_other_scripts_stay() {
        // Tibetan: subjoined letters and vowel signs are marks, and part of the syllable.
        let tibetan = terms("བཀྲ་ཤིས་སྒྲོལ་མ", Mode::Index);
        assert_eq!(
            tibetan.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
            ["བཀྲ", "ཤིས", "སྒྲོལ", "མ"]
        );
        // Uyghur: the hamza of ئ stays (decomposed the same way on both sides).
        let uyghur = fold_word("ئەخمەت");
        assert!(uyghur.contains('\u{654}'), "{uyghur:?}");
        assert_eq!(
            fold_word("ئەخمەت"),
            fold_word("ئەخمەت".nfc().collect::<String>().as_str())
        );
    }

    #[test]
    fn han_is_cut_into_characters_and_pairs_at_each_position() {
        let pieces = analyze("在多伦多", Mode::Index);
        let got: Vec<(&str, usize, usize, usize)> = pieces
            .iter()
            .map(|p| (p.text.as_str(), p.position, p.from, p.to))
            .collect();
        assert_eq!(
            got,
            [
                ("在", 0, 0, 3),
                ("在多", 0, 0, 6),
                ("多", 1, 3, 6),
                ("多伦", 1, 3, 9),
                ("伦", 2, 6, 9),
                ("伦多", 2, 6, 12),
                ("多", 3, 9, 12),
            ]
        );
        assert_eq!(
            terms("多伦多", Mode::Query),
            [("多伦".into(), 0), ("伦多".into(), 1)]
        );
        assert_eq!(terms("陈", Mode::Query), [("陈".into(), 0)]);
    }

    #[test]
    fn traditional_folds_to_simplified_with_the_original_offsets() {
        let pieces = analyze("陳偉在臺灣", Mode::Query);
        assert_eq!(
            pieces.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(),
            ["陈伟", "伟在", "在台", "台湾"]
        );
        assert_eq!((pieces[3].from, pieces[3].to), (9, 15));
        assert_eq!(
            analyze("陈伟在台湾", Mode::Query)
                .into_iter()
                .map(|p| p.text)
                .collect::<Vec<_>>(),
            pieces.into_iter().map(|p| p.text).collect::<Vec<_>>()
        );
    }

    #[test]
    fn mixed_text_keeps_positions_in_order() {
        assert_eq!(
            terms("A栋 3号 Toronto", Mode::Query),
            [
                ("a".into(), 0),
                ("栋".into(), 1),
                ("3".into(), 2),
                ("号".into(), 3),
                ("toronto".into(), 4)
            ]
        );
        assert!(analyze("!!! ，。  ", Mode::Index).is_empty());
        assert!(analyze(&"x".repeat(200), Mode::Index).is_empty());
    }
}
