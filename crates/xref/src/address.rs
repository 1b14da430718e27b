//! Postal addresses reduced to (number, street, unit, city).
//!
//! Folding: case, accents, punctuation ("St." = "St"), street types (Street/St/Str = `st`,
//! Avenue/Ave/Av = `ave`, Road/Rd, Boulevard/Blvd, Drive/Dr, Crescent/Cres, Court/Ct, Place/Pl,
//! Lane/Ln, Terrace, Highway, Parkway, Square, Circle, Trail, Way, Gardens, Heights, -straße),
//! directions (West = `w`), and province, postal-code, country and city words trailing the street.
//! Unit forms: `Unit 5, 1200 X`, `5-1200 X`, `1200 X #5`, `1200 X, Suite 5` (also Apt, Room,
//! Flat, Office) all give unit `5`; a floor (`3/F`, `3rd Floor`) gives `f3`. The city is the
//! record's `city` field when given, else the first segment after the street that is not a
//! province, postal code or country. Addresses in Han script (or without a house number) are kept
//! as one folded string, compared whole.

use crate::city;
use crate::name::han::simplify;
use crate::text::{has_han, hash_of, latin_fold, truncate};

/// A normalised address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    /// Folded, readable form for explanations: "1200 maplewood ave unit 5, toronto".
    pub(crate) display: Box<str>,
    pub(crate) number: Box<str>,
    pub(crate) street: Box<str>,
    pub(crate) unit: Option<Box<str>>,
    pub(crate) city: Box<str>,
}

/// How two addresses compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// Same number, street, unit and city.
    Same,
    /// Same number, street and city; one of them gives no unit.
    SameBuilding,
}

impl Address {
    /// Whether the address names a place precisely enough to identify it: a street and a city,
    /// and a house number unless written whole (Han script).
    pub(crate) fn is_complete(&self) -> bool {
        !self.street.is_empty() && !self.city.is_empty()
    }

    /// Hash of (number, street, city): the building.
    pub(crate) fn building_key(&self) -> u64 {
        hash_of(&(&*self.number, &*self.street, &*self.city))
    }

    /// Hash of (number, street, unit, city): the place.
    pub(crate) fn place_key(&self) -> u64 {
        hash_of(&(
            &*self.number,
            &*self.street,
            self.unit.as_deref(),
            &*self.city,
        ))
    }

    /// Compares two complete addresses.
    pub(crate) fn compare(&self, other: &Address) -> Option<Place> {
        if !self.is_complete()
            || !other.is_complete()
            || self.number != other.number
            || self.street != other.street
            || self.city != other.city
        {
            return None;
        }
        match (&self.unit, &other.unit) {
            (Some(a), Some(b)) if a != b => None,
            (Some(_), None) | (None, Some(_)) => Some(Place::SameBuilding),
            _ => Some(Place::Same),
        }
    }
}

const UNIT_WORDS: &[&str] = &[
    "unit",
    "suite",
    "ste",
    "apt",
    "apartment",
    "room",
    "rm",
    "flat",
    "office",
    "ofc",
    "bureau",
    "unite",
];

fn street_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "street" | "st" | "str" => "st",
        "avenue" | "ave" | "av" | "avn" | "aven" => "ave",
        "road" | "rd" => "rd",
        "boulevard" | "blvd" | "boul" | "bvd" | "blv" => "blvd",
        "drive" | "dr" | "drv" => "dr",
        "crescent" | "cres" | "cresc" | "cr" => "cres",
        "court" | "ct" | "crt" => "ct",
        "place" | "pl" => "pl",
        "lane" | "ln" => "ln",
        "terrace" | "terr" | "ter" | "tce" => "terr",
        "highway" | "hwy" => "hwy",
        "parkway" | "pkwy" | "pky" => "pkwy",
        "square" | "sq" => "sq",
        "circle" | "cir" | "circ" => "cir",
        "trail" | "trl" => "trl",
        "way" | "wy" => "way",
        "gardens" | "gdns" => "gdns",
        "heights" | "hts" => "hts",
        "centre" | "center" | "ctr" => "ctr",
        "expressway" | "expy" => "expy",
        "route" | "rte" => "rte",
        "close" | "cl" => "cl",
        "alley" | "aly" => "aly",
        "plaza" | "plz" => "plz",
        "esplanade" | "esp" => "esp",
        "grove" | "grv" => "grove",
        "gate" => "gate",
        "mews" => "mews",
        "row" => "row",
        "walk" => "walk",
        _ => return None,
    })
}

fn direction(w: &str) -> Option<&'static str> {
    Some(match w {
        "north" | "n" => "n",
        "south" | "s" => "s",
        "east" | "e" => "e",
        "west" | "w" => "w",
        "northeast" | "ne" => "ne",
        "northwest" | "nw" => "nw",
        "southeast" | "se" => "se",
        "southwest" | "sw" => "sw",
        _ => return None,
    })
}

fn other_word(w: &str) -> String {
    match w {
        "saint" => "st".into(),
        "mount" => "mt".into(),
        "fort" => "ft".into(),
        _ => match w.strip_suffix("strasse") {
            Some(stem) if !stem.is_empty() => format!("{stem}str"),
            _ => w.to_string(),
        },
    }
}

const REGIONS: &[&str] = &[
    "on",
    "ontario",
    "bc",
    "qc",
    "quebec",
    "ab",
    "alberta",
    "mb",
    "manitoba",
    "sk",
    "saskatchewan",
    "ns",
    "nb",
    "nl",
    "pe",
    "pei",
    "yt",
    "nt",
    "nu",
    "canada",
    "usa",
    "us",
    "uk",
    "united",
    "kingdom",
    "states",
    "america",
    "ny",
    "ca",
    "tx",
    "wa",
    "il",
    "ma",
    "nj",
    "pa",
    "fl",
    "ga",
    "va",
    "md",
    "nsw",
    "vic",
    "qld",
    "act",
    "italy",
    "italia",
    "france",
    "spain",
    "espana",
    "netherlands",
    "nederland",
    "germany",
    "deutschland",
    "ireland",
    "australia",
    "england",
    "scotland",
    "wales",
    "british",
    "columbia",
    "new",
    "zealand",
];

fn is_postal(w: &str) -> bool {
    let b = w.as_bytes();
    let ld = |x: &[u8]| {
        x.len() == 3
            && x.first().is_some_and(u8::is_ascii_alphabetic)
            && x.get(1).is_some_and(u8::is_ascii_digit)
            && x.get(2).is_some_and(u8::is_ascii_alphabetic)
    };
    let dl = |x: &[u8]| {
        x.len() == 3
            && x.first().is_some_and(u8::is_ascii_digit)
            && x.get(1).is_some_and(u8::is_ascii_alphabetic)
            && x.get(2).is_some_and(u8::is_ascii_digit)
    };
    let mixed = w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(|c| c.is_ascii_alphabetic());
    ld(b) || dl(b) || (mixed && w.len() >= 5)
}

fn is_number(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.len() <= 6
        && digits.chars().all(|c| c.is_ascii_digit())
        && w.len() - digits.len() <= 1
}

fn strip_zeros(s: &str) -> String {
    let t = s.trim_start_matches('0');
    if t.is_empty() {
        "0".into()
    } else {
        t.to_string()
    }
}

/// Parses an address; `record_city` is the record's city key ("" when absent).
pub(crate) fn parse(raw: &str, record_city: &str) -> Option<Address> {
    let raw = truncate(raw.trim(), 500);
    if raw.is_empty() {
        return None;
    }
    if has_han(raw) {
        let s: String = simplify(raw)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        let s = latin_fold(&s);
        return Some(Address {
            display: format!("{s}, {record_city}").into(),
            number: "".into(),
            street: s.into(),
            unit: None,
            city: record_city.into(),
        });
    }
    let folded: String = latin_fold(raw)
        .chars()
        .filter(|c| !matches!(c, '.' | '\'' | '’'))
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ',' | '#' | '-' | '/') {
                c
            } else if matches!(c, '\n' | '\r' | '\u{2028}') {
                // A line break separates the parts of an address as a comma does
                // ("Westblaak 12⏎3012 KL Rotterdam").
                ','
            } else {
                ' '
            }
        })
        .collect();
    let mut segments: Vec<Vec<String>> = folded
        .split(',')
        .map(|s| s.split_whitespace().map(String::from).collect())
        .collect();
    // Units and floors, wherever they are.
    let mut unit: Option<String> = None;
    let mut floor: Option<String> = None;
    for seg in &mut segments {
        let mut i = 0;
        while i < seg.len() {
            let w = seg.get(i).cloned().unwrap_or_default();
            let next = seg.get(i + 1).cloned();
            if UNIT_WORDS.contains(&w.as_str()) || w == "#" {
                if let Some(n) = next {
                    unit.get_or_insert(strip_zeros(n.trim_start_matches('#')));
                    seg.drain(i..i + 2);
                    continue;
                }
            } else if let Some(n) = w.strip_prefix('#').filter(|n| !n.is_empty()) {
                unit.get_or_insert(strip_zeros(n));
                seg.remove(i);
                continue;
            } else if let Some(n) = w
                .strip_suffix("/f")
                .filter(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
            {
                floor.get_or_insert(strip_zeros(n));
                seg.remove(i);
                continue;
            } else if (w == "floor" || w == "fl") && next.is_some() {
                let n = next.unwrap_or_default();
                let num = n.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) {
                    floor.get_or_insert(strip_zeros(num));
                    seg.drain(i..i + 2);
                    continue;
                }
            } else if next.as_deref() == Some("floor") || next.as_deref() == Some("fl") {
                let num = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) {
                    floor.get_or_insert(strip_zeros(num));
                    seg.drain(i..i + 2);
                    continue;
                }
            }
            i += 1;
        }
    }
    // The street segment: the first with a house number.
    let street_idx = segments.iter().position(|seg| {
        seg.iter().any(|w| {
            is_number(w)
                || w.split(['-', '/']).filter(|p| !p.is_empty()).all(is_number)
                    && w.contains(['-', '/'])
        })
    });
    let Some(si) = street_idx else {
        // No house number: keep the folded text whole.
        let s: String = segments.first().map(|s| s.join(" ")).unwrap_or_default();
        let c = if record_city.is_empty() {
            guess_city(&segments, 1)
        } else {
            record_city.to_string()
        };
        return Some(Address {
            display: format!("{s}, {c}").into(),
            number: "".into(),
            street: s.into(),
            unit: unit.map(Into::into),
            city: c.into(),
        });
    };
    let mut seg: Vec<String> = segments.get(si).cloned().unwrap_or_default();
    let mut number = String::new();
    if let Some(first) = seg.first().cloned() {
        if let Some((a, b)) = first
            .split_once(['-', '/'])
            .filter(|(a, b)| is_number(a) && is_number(b))
        {
            // 5-1200 Maplewood: unit 5 at civic number 1200.
            unit.get_or_insert(strip_zeros(a));
            number = b.to_string();
            seg.remove(0);
        } else if is_number(&first) {
            number = first;
            seg.remove(0);
        }
    }
    // "12, rue de la Paix" and "Via Roma, 12": the number alone in its segment, the street in
    // the segment after it (or, when that is where the address starts, before it).
    let mut city_from = si + 1;
    if seg.is_empty() && !number.is_empty() {
        let before = si
            .checked_sub(1)
            .and_then(|i| segments.get(i))
            .filter(|s| !s.is_empty() && !s.iter().any(|w| is_number(w)));
        if let Some(before) = before {
            seg = before.clone();
        } else if let Some(after) = segments.get(si + 1).filter(|s| !s.is_empty()) {
            seg = after.clone();
            city_from = si + 2;
        }
    }
    let city_words: Vec<String> = record_city.split_whitespace().map(String::from).collect();
    let mut street: Vec<String> = seg
        .iter()
        .map(|w| {
            street_word(w)
                .map(String::from)
                .or_else(|| direction(w).map(String::from))
                .unwrap_or_else(|| other_word(w))
        })
        .collect();
    // Trailing region, postal code and city words.
    while let Some(last) = street.last() {
        let drop = REGIONS.contains(&last.as_str())
            || is_postal(last)
            || (city_words.contains(last) && street.len() > 1);
        if !drop || street.len() < 2 {
            break;
        }
        street.pop();
    }
    if number.is_empty() {
        // Via Roma 12: the number after the street.
        if street.last().is_some_and(|w| is_number(w)) {
            number = street.pop().unwrap_or_default();
        }
    }
    // Nothing but directions after the last street type.
    // (A street type is never the first word: "St Clair" is Saint Clair.)
    let last_type = street
        .iter()
        .enumerate()
        .skip(1)
        .rfind(|(_, w)| street_word(w).is_some())
        .map(|(i, _)| i);
    if let Some(last_type) = last_type {
        let keep = street
            .iter()
            .skip(last_type + 1)
            .take_while(|w| direction(w).is_some())
            .count();
        street.truncate(last_type + 1 + keep);
    }
    let street = street.join(" ");
    let city = if record_city.is_empty() {
        guess_city(&segments, city_from)
    } else {
        record_city.to_string()
    };
    let unit = match (unit, floor) {
        (Some(u), Some(f)) => Some(format!("{u}/f{f}")),
        (Some(u), None) => Some(u),
        (None, Some(f)) => Some(format!("f{f}")),
        (None, None) => None,
    };
    let display = match &unit {
        Some(u) => format!("{number} {street} unit {u}, {city}"),
        None => format!("{number} {street}, {city}"),
    };
    Some(Address {
        display: display.into(),
        number: number.into(),
        street: street.into(),
        unit: unit.map(Into::into),
        city: city.into(),
    })
}

/// The city of an address without a `city` field: the first segment after the street that
/// still has words once postal codes (any word with a digit: "75002", "M5V", "6JL") and
/// trailing province, state or country words ("Toronto ON", "Prato PO", "Auckland New
/// Zealand") are set aside. Only trailing words go, so "New York" keeps its "new".
fn guess_city(segments: &[Vec<String>], from: usize) -> String {
    for seg in segments.iter().skip(from) {
        let mut words: Vec<&str> = seg
            .iter()
            .map(String::as_str)
            .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
            .collect();
        while words.len() > 1
            && words
                .last()
                .is_some_and(|w| REGIONS.contains(w) || w.len() == 2)
        {
            words.pop();
        }
        if words.len() == 1 && words.first().is_some_and(|w| REGIONS.contains(w)) {
            continue;
        }
        if !words.is_empty() {
            return city::key(&words.join(" "));
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(raw: &str) -> Address {
        parse(raw, "toronto").unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn an_address_on_two_lines_is_the_same_place_as_on_one() {
        // As typed in a report's place box (a textarea) and as a registry file writes it.
        let two_lines = parse("Westblaak 12\n3012 KL Rotterdam", "rotterdam").unwrap();
        let one_line = parse("Westblaak 12, 3012 KL Rotterdam", "rotterdam").unwrap();
        assert_eq!(two_lines.compare(&one_line), Some(Place::Same));
        let crlf = parse("Westblaak 12\r\n3012 KL Rotterdam", "rotterdam").unwrap();
        assert_eq!(crlf.compare(&one_line), Some(Place::Same));
        let neighbour = parse("Westblaak 14\n3012 KL Rotterdam", "rotterdam").unwrap();
        assert_eq!(neighbour.compare(&one_line), None);
    }

    #[test]
    fn unit_forms_agree() {
        let want = p("1200 Maplewood Avenue, Unit 5");
        assert_eq!(&*want.number, "1200");
        assert_eq!(&*want.street, "maplewood ave");
        assert_eq!(want.unit.as_deref(), Some("5"));
        for raw in [
            "Unit 5, 1200 Maplewood Ave",
            "5-1200 Maplewood Avenue",
            "1200 Maplewood Ave #5",
            "1200 Maplewood Ave., Suite 5",
            "1200 MAPLEWOOD AVE UNIT 05",
            "1200 Maplewood Ave, Unit 5, Toronto, ON M5V 2T6",
            "1200 Maplewood Ave Unit 5 Toronto ON M5V 2T6",
            "Suite 5, 1200 Maplewood Av, Toronto, Ontario",
        ] {
            assert_eq!(
                p(raw).compare(&want),
                Some(Place::Same),
                "{raw}: {:?}",
                p(raw)
            );
        }
    }

    #[test]
    fn neighbours_and_units_differ() {
        let a = p("1200 Maplewood Ave, Unit 5");
        assert_eq!(p("1204 Maplewood Ave, Unit 5").compare(&a), None);
        assert_eq!(p("1200 Maplewood Ave, Unit 6").compare(&a), None);
        assert_eq!(
            p("1200 Maplewood Ave").compare(&a),
            Some(Place::SameBuilding)
        );
        assert_eq!(p("1200 Maplewood St, Unit 5").compare(&a), None);
        let other_city =
            parse("1200 Maplewood Ave, Unit 5", "vancouver").unwrap_or_else(|| unreachable!());
        assert_eq!(other_city.compare(&a), None);
    }

    #[test]
    fn street_types_directions_and_other_orders() {
        assert_eq!(
            p("88 Queen Street West").compare(&p("88 Queen St W")),
            Some(Place::Same)
        );
        assert_eq!(
            p("12 St Clair Avenue East").compare(&p("12 Saint Clair Ave E")),
            Some(Place::Same)
        );
        assert_eq!(
            p("Via Roma 12").compare(&p("via roma 12")),
            Some(Place::Same)
        );
        assert_eq!(&*p("Via Roma 12").number, "12");
        assert_eq!(
            p("Hauptstraße 5").compare(&p("Hauptstr. 5")),
            Some(Place::Same)
        );
        assert_eq!(p("3/F, 88 Queen's Road").unit.as_deref(), Some("f3"));
        let no_city =
            parse("1200 Maplewood Ave, Toronto, ON", "").unwrap_or_else(|| unreachable!());
        assert_eq!(&*no_city.city, "toronto");
    }

    #[test]
    fn the_number_in_a_segment_of_its_own_and_cities_after_postal_codes() {
        let parse_in = |raw: &str, city: &str| parse(raw, city).unwrap_or_else(|| unreachable!());
        for (a, b, city) in [
            ("Via Roma, 12", "Via Roma 12", "prato"),
            ("12, Rue de la Paix", "12 rue de la Paix", "paris"),
            ("Calle Mayor, 5", "Calle Mayor 5", "madrid"),
        ] {
            assert_eq!(
                parse_in(a, city).compare(&parse_in(b, city)),
                Some(Place::Same),
                "{a} = {b}: {:?}",
                parse_in(a, city)
            );
        }
        for (raw, street, city) in [
            ("53 Wall Street, New York, NY 10005", "wall st", "new york"),
            ("12 rue de la Paix, 75002 Paris", "rue de la paix", "paris"),
            (
                "12, rue de la Paix, 75002 Paris, France",
                "rue de la paix",
                "paris",
            ),
            ("Via Roma 12, 59100 Prato PO", "via roma", "prato"),
            (
                "Via Roma, 12, 59100 Prato (PO), Italia",
                "via roma",
                "prato",
            ),
            (
                "Flat 3, 25 Gerrard Street, London W1D 6JL",
                "gerrard st",
                "london",
            ),
            ("8 Queen St, Auckland, New Zealand", "queen st", "auckland"),
            (
                "1200 Maplewood Ave, Toronto, ON M5V 2T6",
                "maplewood ave",
                "toronto",
            ),
        ] {
            let a = parse_in(raw, "");
            assert_eq!((&*a.street, &*a.city), (street, city), "{raw}");
        }
        // A number on its own after a full street is not a second street.
        assert_eq!(
            &*parse_in("Unit 5, 1200 Maplewood Ave", "").street,
            "maplewood ave"
        );
    }
}
