//! [`Day`]: the only time Quietline keeps of an event. A stored record, an audit entry or a
//! file time says on which UTC day something happened, never at what time of day, so that it
//! cannot be matched against network logs to the minute (docs/threat-model.md).

use std::fmt;
use std::str::FromStr;

use time::Date;
use time::macros::format_description;

/// A UTC calendar day, written `YYYY-MM-DD` (as stored and shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

impl Day {
    /// The day of `date` (a UTC date: the caller's clock gives it).
    pub const fn new(date: Date) -> Self {
        Self(date)
    }

    /// The day as a date (for file times and date arithmetic).
    pub const fn date(self) -> Date {
        self.0
    }
}

impl From<Date> for Day {
    fn from(date: Date) -> Self {
        Self(date)
    }
}

impl fmt::Display for Day {
    /// `YYYY-MM-DD`, as every day stored so far was written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Text that is not a day written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a day written YYYY-MM-DD")]
pub struct DayFormatError;

impl FromStr for Day {
    type Err = DayFormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Date::parse(text, format_description!("[year]-[month]-[day]"))
            .map(Self)
            .map_err(|_| DayFormatError)
    }
}

impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use time::macros::date;

    #[test]
    fn a_day_is_written_read_and_serialised_as_the_strings_stored_before() {
        let day = Day::new(date!(2026 - 03 - 07));
        assert_eq!(day.to_string(), "2026-03-07");
        assert_eq!(day.to_string(), date!(2026 - 03 - 07).to_string());
        assert_eq!("2026-03-07".parse::<Day>(), Ok(day));
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2026-03-07\"");
        assert_eq!(serde_json::from_str::<Day>("\"2026-03-07\"").unwrap(), day);
        assert_eq!(day.date(), date!(2026 - 03 - 07));
    }

    #[test]
    fn anything_but_a_real_day_is_refused() {
        for text in [
            "",
            "2026-3-7",
            "2026-02-30",
            "2026-03-07T10:00:00Z",
            "07/03/2026",
            "2026-03",
        ] {
            assert_eq!(text.parse::<Day>(), Err(DayFormatError), "{text}");
        }
        assert!(serde_json::from_str::<Day>("\"2026-13-01\"").is_err());
    }

    #[test]
    fn days_order_as_their_text_did() {
        let days = ["2025-12-31", "2026-01-01", "2026-01-10", "2026-10-01"];
        let parsed: Vec<Day> = days.iter().map(|d| d.parse().unwrap()).collect();
        let mut sorted = parsed.clone();
        sorted.sort();
        assert_eq!(parsed, sorted);
    }
}
