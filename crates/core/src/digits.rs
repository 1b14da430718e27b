//! Digits as people type them. A receipt, a date or a month may come from an Arabic-script
//! keyboard (Uyghur: ٠١٢ or ۰۱۲), a Tibetan one (༠༡༢) or a Chinese input method (０１２); each
//! is the same number, and the pages always show ASCII digits back.

use std::borrow::Cow;

/// The value of a decimal digit in any of the scripts the reporter pages serve, or `None`.
pub fn decimal_value(c: char) -> Option<u8> {
    let zero = match c {
        '0'..='9' => '0',
        // Arabic-Indic (Arabic keyboards), Extended Arabic-Indic (Persian and Urdu ones,
        // which Uyghur keyboards sometimes follow), Tibetan, and full-width (CJK input).
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        '\u{0F20}'..='\u{0F29}' => '\u{0F20}',
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}',
        _ => return None,
    };
    u8::try_from(u32::from(c) - u32::from(zero)).ok()
}

/// `text` with every decimal digit written in ASCII; borrowed when there was none to change.
pub fn to_ascii(text: &str) -> Cow<'_, str> {
    if text
        .chars()
        .all(|c| c.is_ascii() || decimal_value(c).is_none())
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match decimal_value(c) {
                Some(value) => char::from(b'0' + value),
                None => c,
            })
            .collect(),
    )
}

/// Invisible characters that copying from a right-to-left page or a note app may carry
/// (direction marks and isolates, zero-width spaces, the byte-order mark): never part of
/// what was meant.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_s_digits_read_as_ascii() {
        assert_eq!(to_ascii("2024-03-17"), "2024-03-17");
        assert!(matches!(to_ascii("2024-03"), Cow::Borrowed(_)));
        assert_eq!(to_ascii("٢٠٢٤-٠٣-١٧"), "2024-03-17");
        assert_eq!(to_ascii("۲۰۲۴-۰۳"), "2024-03");
        assert_eq!(to_ascii("༢༠༢༤-༠༣-༡༧"), "2024-03-17");
        assert_eq!(to_ascii("２０２４年３月"), "2024年3月");
        // Tibetan half digits (༪) and other numerals are not decimal digits.
        assert_eq!(decimal_value('༪'), None);
        assert_eq!(decimal_value('五'), None);
    }

    #[test]
    fn direction_marks_are_invisible_formatting() {
        for c in [
            '\u{200E}', '\u{200F}', '\u{061C}', '\u{2068}', '\u{2069}', '\u{FEFF}',
        ] {
            assert!(is_invisible_format(c), "{c:?}");
        }
        assert!(!is_invisible_format(' '));
        assert!(!is_invisible_format('་'));
    }
}
