//! The receipt a reporter keeps to come back: 20 digits, shown as five groups of four.
//!
//! The first [`LOOKUP_DIGITS`] digits are a public lookup id (they find the report's row);
//! the remaining [`SECRET_DIGITS`] are a secret that is never stored. The server keeps only
//! what an Argon2id derivation of the secret (with a per-report salt and a pepper kept
//! outside the database) produces, so guessing must attack one report at a time and cannot
//! start from a stolen database alone. See docs/threat-model.md for the numbers.
//!
//! Digits only, because a frightened person may have to write the receipt on paper, read it
//! over a phone, or type it on a keyboard in any script.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// Digits of the public lookup id.
pub const LOOKUP_DIGITS: usize = 6;
/// Digits of the secret part.
pub const SECRET_DIGITS: usize = 14;
/// Digits of a whole receipt.
pub const RECEIPT_DIGITS: usize = LOOKUP_DIGITS + SECRET_DIGITS;

/// The public part of a receipt: which report row to check the secret against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LookupId(u32);

impl LookupId {
    /// The lookup id with this numeric value, if it has at most [`LOOKUP_DIGITS`] digits.
    pub fn new(value: u32) -> Option<Self> {
        (value < 10u32.pow(LOOKUP_DIGITS as u32)).then_some(Self(value))
    }

    /// The numeric value, as stored in the database.
    pub fn value(self) -> u32 {
        self.0
    }
}

/// A receipt: lookup id and secret. The secret is held in a [`SecretString`], so it is not
/// printed by `Debug` and is wiped from memory when dropped.
pub struct Receipt {
    lookup: LookupId,
    secret: SecretString,
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receipt")
            .field("lookup", &self.lookup)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// Why a typed receipt is not in receipt form. Says nothing about whether a report exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiptFormatError {
    /// Something other than digits, spaces and dashes.
    #[error("a receipt has only digits")]
    NotDigits,
    /// Too few or too many digits.
    #[error("a receipt has {RECEIPT_DIGITS} digits, this has {0}")]
    WrongLength(usize),
}

impl Receipt {
    /// Makes a new receipt from a source of random bytes (the operating system's CSPRNG in
    /// production; passed in so that tests can be deterministic). Digits are drawn by
    /// rejection sampling so that each is uniform.
    pub fn generate(mut fill_random: impl FnMut(&mut [u8])) -> Self {
        let mut digits = String::with_capacity(RECEIPT_DIGITS);
        let mut buf = [0u8; 32];
        while digits.len() < RECEIPT_DIGITS {
            fill_random(&mut buf);
            for byte in buf {
                if byte < 250 && digits.len() < RECEIPT_DIGITS {
                    digits.push(char::from(b'0' + byte % 10));
                }
            }
        }
        buf.fill(0);
        Self::from_digits(&digits)
    }

    /// Reads a receipt as a person may type it: groups separated by spaces or dashes,
    /// digits from any keyboard the pages serve (full-width from a Chinese input method,
    /// Arabic-Indic from a Uyghur one, Tibetan), direction marks picked up when copying from
    /// a right-to-left page, surrounding blanks.
    pub fn parse(input: &str) -> Result<Self, ReceiptFormatError> {
        let mut digits = String::with_capacity(RECEIPT_DIGITS);
        for c in input.chars() {
            match crate::digits::decimal_value(c) {
                Some(value) => digits.push(char::from(b'0' + value)),
                None if c.is_whitespace()
                    || crate::digits::is_invisible_format(c)
                    || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{ff0d}') => {}
                None => return Err(ReceiptFormatError::NotDigits),
            }
        }
        if digits.len() != RECEIPT_DIGITS {
            return Err(ReceiptFormatError::WrongLength(digits.len()));
        }
        Ok(Self::from_digits(&digits))
    }

    /// `digits` must be exactly [`RECEIPT_DIGITS`] ASCII digits (checked by both callers).
    fn from_digits(digits: &str) -> Self {
        let (lookup, secret) = digits.split_at(LOOKUP_DIGITS);
        let lookup = lookup
            .bytes()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        Self {
            lookup: LookupId(lookup),
            secret: SecretString::from(secret.to_owned()),
        }
    }

    /// The same secret under another lookup id (used when the drawn id is taken).
    pub fn with_lookup(self, lookup: LookupId) -> Self {
        Self { lookup, ..self }
    }

    /// The public lookup id.
    pub fn lookup(&self) -> LookupId {
        self.lookup
    }

    /// The secret digits, for the key derivation only.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }

    /// The receipt as shown to the reporter, once: `1234 5678 9012 3456 7890`.
    pub fn display_grouped(&self) -> SecretString {
        let all = format!("{:06}{}", self.lookup.0, self.secret.expose_secret());
        let mut out = String::with_capacity(RECEIPT_DIGITS + 4);
        for (i, c) in all.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        SecretString::from(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter_rng() -> impl FnMut(&mut [u8]) {
        let mut n: u8 = 0;
        move |buf: &mut [u8]| {
            for b in buf {
                *b = n;
                n = n.wrapping_add(37);
            }
        }
    }

    #[test]
    fn generated_receipt_is_twenty_digits_in_five_groups() {
        let receipt = Receipt::generate(counter_rng());
        let shown = receipt.display_grouped();
        let groups: Vec<&str> = shown.expose_secret().split(' ').collect();
        assert_eq!(groups.len(), 5);
        assert!(
            groups
                .iter()
                .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit()))
        );
    }

    #[test]
    fn typed_forms_parse_to_the_same_receipt() {
        let receipt = Receipt::generate(counter_rng());
        let shown = receipt.display_grouped().expose_secret().to_owned();
        let dashed = shown.replace(' ', "-");
        let packed = shown.replace(' ', "");
        let in_script = |zero: u32| -> String {
            shown
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(zero + d).unwrap_or(c),
                    None => c,
                })
                .collect()
        };
        // Full-width (CJK input), Arabic-Indic and Extended Arabic-Indic (Uyghur keyboards),
        // Tibetan; and the receipt as copied out of a right-to-left sentence.
        let scripts = [0xff10, 0x0660, 0x06f0, 0x0f20].map(in_script);
        let copied_from_rtl = format!("\u{200f}\u{2066}{shown}\u{2069}\u{200f}");
        let mut typed_forms = vec![
            shown.clone(),
            dashed,
            format!("  {packed}\n"),
            copied_from_rtl,
        ];
        typed_forms.extend(scripts);
        for typed in typed_forms {
            let parsed = Receipt::parse(&typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
            assert_eq!(parsed.lookup(), receipt.lookup());
            assert_eq!(
                parsed.secret().expose_secret(),
                receipt.secret().expose_secret()
            );
        }
    }

    #[test]
    fn malformed_receipts_are_rejected_with_a_reason() {
        assert_eq!(
            Receipt::parse("1234").err(),
            Some(ReceiptFormatError::WrongLength(4))
        );
        assert_eq!(
            Receipt::parse("1234 5678 9012 3456 78901").err(),
            Some(ReceiptFormatError::WrongLength(21))
        );
        assert_eq!(
            Receipt::parse("1234 5678 9O12 3456 7890").err(),
            Some(ReceiptFormatError::NotDigits)
        );
        assert_eq!(
            Receipt::parse("").err(),
            Some(ReceiptFormatError::WrongLength(0))
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        // Lookup id 0, so that no run of the secret's digits can appear in `Debug` through it.
        let receipt = Receipt::parse("0000 0098 7654 3219 8765").unwrap_or_else(|e| panic!("{e}"));
        let secret = receipt.secret().expose_secret().to_owned();
        assert_eq!(secret, "98765432198765");
        let debug = format!("{receipt:?}");
        assert!(debug.contains("LookupId(0)"), "{debug}");
        // Not the secret, nor any four of its digits in a row.
        for window in secret.as_bytes().windows(4) {
            let window = std::str::from_utf8(window).unwrap_or_default();
            assert!(!debug.contains(window), "{window} of the secret in {debug}");
        }
    }

    #[test]
    fn lookup_id_is_bounded() {
        assert!(LookupId::new(999_999).is_some());
        assert!(LookupId::new(1_000_000).is_none());
    }
}
