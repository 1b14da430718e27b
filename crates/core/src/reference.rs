//! A report's short reference, such as `R-7KQ4-92`: what investigators say and write
//! ("have you read R-7KQ4-92?") instead of a 32-digit id. Drawn at random when the report is
//! stored, unique among the reports, never a sequence number: it says nothing about when the
//! report arrived or in which order. Never shown to the reporter, since it is not their
//! receipt and must not be mistaken for one.
//!
//! Six characters of Crockford's base32 (30 bits, about a billion references: with 100 000
//! reports a fresh draw is taken one time in 10 000, and drawn again). Crockford's alphabet has
//! no I, L, O or U, so a reference read aloud or copied by hand comes back the same; reading one
//! accepts lower case, missing dashes, and O, I, L for 0, 1, 1.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Crockford's base32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a reference.
const LENGTH: usize = 6;

/// A report's short reference (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReportRef(u32);

/// Text that is not a report reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a report reference (like R-7KQ4-92)")]
pub struct InvalidReportRef;

impl ReportRef {
    /// The reference made of 30 of these random bits.
    pub fn from_random(bits: [u8; 4]) -> Self {
        Self(u32::from_le_bytes(bits) & ((1 << (5 * LENGTH)) - 1))
    }
}

impl fmt::Display for ReportRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = [0u8; LENGTH];
        for (i, c) in chars.iter_mut().enumerate() {
            let shift = 5 * (LENGTH - 1 - i);
            *c = ALPHABET[((self.0 >> shift) & 31) as usize];
        }
        let text = std::str::from_utf8(&chars).map_err(|_| fmt::Error)?;
        write!(f, "R-{}-{}", &text[..4], &text[4..])
    }
}

impl FromStr for ReportRef {
    type Err = InvalidReportRef;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let s = s
            .strip_prefix("R-")
            .or_else(|| s.strip_prefix("r-"))
            .unwrap_or(s);
        let mut value = 0u32;
        let mut count = 0;
        for c in s.chars().filter(|&c| c != '-' && c != ' ') {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            let digit = ALPHABET
                .iter()
                .position(|&a| char::from(a) == c)
                .ok_or(InvalidReportRef)?;
            count += 1;
            if count > LENGTH {
                return Err(InvalidReportRef);
            }
            value = (value << 5) | u32::try_from(digit).map_err(|_| InvalidReportRef)?;
        }
        if count == LENGTH {
            Ok(Self(value))
        } else {
            Err(InvalidReportRef)
        }
    }
}

impl Serialize for ReportRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ReportRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_written_and_read_back_as_investigators_type_it() {
        let reference = ReportRef::from_random([0xff, 0xff, 0xff, 0xff]);
        assert_eq!(reference.to_string(), "R-ZZZZ-ZZ");
        let reference = ReportRef::from_random([0, 0, 0, 0]);
        assert_eq!(reference.to_string(), "R-0000-00");
        let reference = ReportRef::from_random([0x12, 0x34, 0x56, 0x78]);
        let written = reference.to_string();
        assert_eq!(written.len(), 9);
        assert_eq!(written.parse::<ReportRef>(), Ok(reference));
        // As typed by hand: lower case, no dashes, O for 0, l for 1.
        let sloppy = written
            .trim_start_matches("R-")
            .replace('-', "")
            .replace('0', "o")
            .replace('1', "l")
            .to_lowercase();
        assert_eq!(sloppy.parse::<ReportRef>(), Ok(reference));
        for bad in ["", "R-7KQ4-9", "R-7KQ4-921", "R-7KQ4-9U", "7KQ4-9!"] {
            assert_eq!(bad.parse::<ReportRef>(), Err(InvalidReportRef), "{bad}");
        }
    }
}
