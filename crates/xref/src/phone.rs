//! Phone numbers to E.164.
//!
//! Parsing uses the `phonenumber` crate (libphonenumber metadata) with the record's country as the
//! default region, after a clean-up of our own: separators removed, and international call
//! prefixes (`00` anywhere, and `011` in North America) turned into `+`, because the crate reads "0086" in a
//! Canadian record as a national number. A number that does not parse, or parses to a number that
//! is not valid, is kept as a raw digit key (`digits:4165550199`) so that it still links with the
//! same digits elsewhere: it is never dropped silently. Fewer than 6 digits cannot identify a
//! line, so such a string only produces a diagnostic.
//!
//! The crate compiles each metadata pattern on first use and keeps at most 100 compiled patterns
//! in a least-recently-used cache. One validation touches ten or more patterns per region of the
//! number's country code, so numbers from about ten countries in turn evict each other's patterns
//! and every number pays a recompilation: 2.1 ms per number for a mix of 20 countries, against
//! 3.5 µs once the cache holds them (measured in docs/benchmarks.md, "Phone numbers"). The cache is
//! therefore widened, before the first parse, to the whole metadata: each pattern is compiled at
//! most once. What that costs is bounded by the metadata, not by the input: about 137 MB if numbers
//! of all 245 regions arrive, 25 MB for 20 countries.

use std::sync::Once;

use phonenumber::country::Id;

/// How many compiled patterns the phone library keeps: more than validation can touch (1 165
/// after every region's example numbers, libphonenumber 9.0.33), so none is evicted and compiled
/// again.
const PATTERN_CACHE: usize = 1_500;

/// Widens the phone library's pattern cache; every path into the library goes through here first.
fn library() {
    static WIDEN: Once = Once::new();
    WIDEN.call_once(|| {
        let cache = phonenumber::metadata::DATABASE.cache();
        let mut cache = cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.set_capacity(PATTERN_CACHE);
    });
}

/// A normalised phone key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phone {
    /// A valid number in E.164 (`+14165550199`).
    E164(String),
    /// Digits of a number that could not be read as a valid international number.
    Raw(String),
}

impl Phone {
    /// The key as text: the E.164 number, or `digits:` and the digits.
    pub fn key(&self) -> String {
        match self {
            Phone::E164(s) => s.clone(),
            Phone::Raw(d) => format!("digits:{d}"),
        }
    }
}

/// Countries whose international call prefix is 011 (North American Numbering Plan members).
const NANP: &[&str] = &[
    "US", "CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU", "JM", "KN", "KY", "LC",
    "MP", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
];

/// Cleans a phone string: keeps digits and a leading '+', turns call prefixes into '+', drops an
/// extension ("x123", "ext. 12").
pub(crate) fn clean(raw: &str, country: &str) -> String {
    let lower = raw.to_lowercase();
    let main = ["ext", "x", "#", "分机", "轉", "转"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .and_then(|i| lower.get(..i))
        .unwrap_or(&lower);
    // "+86 ...", "(+86) ...": a plus before the first digit.
    let plus = main
        .chars()
        .take_while(|c| !c.is_ascii_digit())
        .any(|c| c == '+' || c == '＋');
    let digits: String = main
        .chars()
        .filter_map(|c| c.to_digit(10))
        .filter_map(|d| char::from_digit(d, 10))
        .collect();
    if plus {
        return format!("+{digits}");
    }
    if NANP.contains(&country)
        && let Some(rest) = digits.strip_prefix("011")
    {
        return format!("+{rest}");
    }
    // 00 is the call prefix nearly everywhere, and no national number starts with it.
    if let Some(rest) = digits.strip_prefix("00") {
        return format!("+{rest}");
    }
    digits
}

/// The cleaned form used to memoise parsing: North American numbers written with or without
/// the leading 1 or +1 share one entry (they parse to the same number).
pub(crate) fn cache_key(raw: &str, country: &str) -> String {
    let c = clean(raw, country);
    if NANP.contains(&country) {
        let digits = c.trim_start_matches('+');
        if c.len() == 10 && !c.starts_with('+') {
            return format!("+1{c}");
        }
        if digits.len() == 11 && digits.starts_with('1') {
            return format!("+{digits}");
        }
    }
    c
}

/// Normalises one phone string. `None` (with the reason) when it has too few digits to be a key.
pub(crate) fn normalize(raw: &str, country: &str) -> Result<Phone, &'static str> {
    let cleaned = cache_key(raw, country);
    let digits = cleaned.trim_start_matches('+');
    if digits.len() < 6 {
        return Err("has fewer than 6 digits");
    }
    if digits.len() > 20 {
        return Err("has more than 20 digits");
    }
    let region: Option<Id> = if country.is_empty() {
        None
    } else {
        country.parse().ok()
    };
    // Fast path for the two commonest shapes, which the library would only confirm: a North
    // American number (+1, area code and exchange not starting with 0 or 1) and a Chinese mobile
    // number (+86 1[3-9] and 9 digits). The only difference: an unassigned North American area
    // code also becomes E.164 here instead of a digit key; the same digits still link alike.
    let d = cleaned.as_bytes();
    let nanp = d.len() == 12
        && cleaned.starts_with("+1")
        && d.get(2).is_some_and(|c| (b'2'..=b'9').contains(c))
        && d.get(5).is_some_and(|c| (b'2'..=b'9').contains(c));
    let cn_mobile = d.len() == 14
        && cleaned.starts_with("+861")
        && d.get(4).is_some_and(|c| (b'3'..=b'9').contains(c));
    if nanp || cn_mobile {
        return Ok(Phone::E164(cleaned));
    }
    // An international number is parsed without a default region: with one, the crate strips that
    // region's national prefix after the country code (+86 138... in a Canadian record lost its 1).
    let region = if cleaned.starts_with('+') {
        None
    } else {
        region
    };
    library();
    if (cleaned.starts_with('+') || region.is_some())
        && let Ok(n) = phonenumber::parse(region, &cleaned)
        && phonenumber::is_valid(&n)
    {
        return Ok(Phone::E164(
            n.format().mode(phonenumber::Mode::E164).to_string(),
        ));
    }
    Ok(Phone::Raw(digits.to_string()))
}

/// Builds the phone library's metadata (its regular expressions: about half a second), which
/// it does on the first number outside the fast path above, so that no live add pays it.
pub(crate) fn warm_up() {
    library();
    let _ = phonenumber::parse(None, "+44 20 7946 0958");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(raw: &str, country: &str) -> String {
        normalize(raw, country).map(|p| p.key()).unwrap_or_default()
    }

    #[test]
    fn six_formats_meet() {
        for raw in [
            "+1 416-555-0199",
            "(416) 555-0199",
            "416.555.0199",
            "4165550199",
            "1-416-555-0199",
            "+14165550199",
            "011 1 416 555 0199",
            "416 555 0199 ext. 12",
        ] {
            assert_eq!(e164(raw, "CA"), "+14165550199", "{raw}");
        }
        for raw in [
            "+86 138 1234 5678",
            "0086 138 1234 5678",
            "0086-13812345678",
            "+86-138-1234-5678",
        ] {
            assert_eq!(e164(raw, "CA"), "+8613812345678", "{raw}");
        }
        assert_eq!(e164("138 1234 5678", "CN"), "+8613812345678");
        assert_eq!(e164("011 86 138 1234 5678", "US"), "+8613812345678");
        assert_eq!(e164("02 1234 5678", "IT"), "+390212345678");
    }

    #[test]
    fn unparseable_numbers_stay_as_digits() {
        assert_eq!(e164("555-0199", "CA"), "digits:5550199");
        assert_eq!(e164("138 1234 5678", ""), "digits:13812345678");
        assert!(normalize("12", "CA").is_err());
        assert!(normalize("call me", "CA").is_err());
    }

    #[test]
    fn compiled_patterns_of_many_countries_stay_compiled() {
        // Numbers of 20 countries: with the library's own cache of 100 patterns, the later ones
        // evict the earlier ones' and every number is compiled again (2 ms each).
        let numbers = [
            "+44 20 7946 0958",
            "+33 1 42 68 53 00",
            "+49 30 901820",
            "+61 2 9374 4000",
            "+81 3-3224-5000",
            "+852 2810 2222",
            "+886 2 2311 3731",
            "+39 06 6982",
            "+34 915 31 80 00",
            "+31 20 624 1111",
            "+46 8 402 90 00",
            "+353 1 678 9000",
            "+27 21 403 2911",
            "+64 4 471 9999",
            "+7 495 606 36 02",
            "+855 23 216 666",
            "+66 2 280 3000",
            "+60 3 2691 8000",
            "+65 6332 7744",
            "+254 20 2227411",
        ];
        for n in numbers {
            assert!(
                matches!(normalize(n, ""), Ok(Phone::E164(_))),
                "{n} is valid"
            );
        }
        let compiled = phonenumber::metadata::DATABASE
            .cache()
            .lock()
            .unwrap()
            .len();
        assert!(
            compiled > 100,
            "{compiled} patterns kept: the cache still evicts at 100"
        );
    }
}
