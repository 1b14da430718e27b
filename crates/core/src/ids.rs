//! Identifiers. Every id that appears in a URL or a file name is a random 128-bit UUID
//! (written as 32 lowercase hex digits), so ids cannot be guessed or enumerated and carry
//! no time or order.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! random_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            /// A fresh random id.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.simple(), f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            /// Accepts only the canonical 32-hex-digit form, so that one id has one spelling
            /// (it is used as a file name).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                if s.len() != 32 || !s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                    return Err(InvalidId);
                }
                Uuid::parse_str(s).map(Self).map_err(|_| InvalidId)
            }
        }
    };
}

random_id!(
    /// A report, as investigators and the data directory know it. Never shown to the reporter.
    ReportId
);
random_id!(
    /// A file attached to a report, at submission or later.
    AttachmentId
);
random_id!(
    /// A message between the reporter and investigators.
    MessageId
);
random_id!(
    /// An investigator account.
    InvestigatorId
);
random_id!(
    /// A site of the registry (a reported station or related premises).
    SiteId
);
random_id!(
    /// A claim on a site's timeline: what a form names to remove it, so that a page opened
    /// before other claims were added or removed still removes the claim it shows.
    ClaimId
);
random_id!(
    /// A reply template an admin stored (wording investigators insert into a message).
    ReplyTemplateId
);
random_id!(
    /// A case: reports, entities and sites investigators group to take to a prosecutor.
    CaseId
);
random_id!(
    /// A derived copy of a report's file (a translation, a transcript, a redacted version, a
    /// copy without metadata): the original is never changed.
    DerivedCopyId
);

/// A string that is not an id in canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id (expected 32 lowercase hexadecimal digits)")]
pub struct InvalidId;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_other_spellings() {
        let id = ReportId::random();
        let text = id.to_string();
        assert_eq!(text.len(), 32);
        assert_eq!(text.parse::<ReportId>(), Ok(id));
        assert!(text.to_uppercase().parse::<ReportId>().is_err());
        assert!("../../etc/passwd".parse::<ReportId>().is_err());
        assert!(format!("{text}0").parse::<ReportId>().is_err());
    }
}
