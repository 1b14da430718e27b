//! The reporting taxonomy: the closed lists a reporter chooses from. docs/taxonomy.md says
//! where each entry comes from (Freedom House, Safeguard Defenders, Amnesty International).
//!
//! Every choice has a stable snake_case code. The code is what the form sends, what the
//! encrypted answers hold, and the suffix of its translation key (`incident-threats`), so
//! renaming a label never changes stored data.

use serde::{Deserialize, Serialize};

/// Declares a closed list of choices with stable codes.
macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every choice, in the order the form shows them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The choice with this code, if any.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use choices;

choices!(
    /// What the report is about.
    Subject {
        /// Information about a station or another place.
        StationInformation = "station_information",
        /// Something that happened to the reporter.
        HappenedToMe = "happened_to_me",
        /// Something that happened to someone the reporter knows, or to their family.
        HappenedToSomeone = "happened_to_someone",
    }
);

choices!(
    /// What happened. Several may apply.
    Incident {
        /// Threats or intimidation.
        Threats = "threats",
        /// Harassment.
        Harassment = "harassment",
        /// Surveillance, being followed or photographed.
        Surveillance = "surveillance",
        /// Pressure on family in China: threats, visits, detention, loss of job, pension,
        /// schooling or passport.
        FamilyPressure = "family_pressure",
        /// A relative back home detained, imprisoned or sent to a camp, or no longer
        /// reachable (issue 16: the most reported harm among Uyghurs abroad).
        FamilyDetained = "family_detained",
        /// Being "persuaded" or ordered to return.
        PersuadedToReturn = "persuaded_to_return",
        /// Online contact: WeChat or other apps, calls.
        OnlineContact = "online_contact",
        /// An approach in person by officials, agents or proxies.
        InPersonApproach = "in_person_approach",
        /// Pressure to inform on others: community organisations, places of worship, protests.
        PressureToInform = "pressure_to_inform",
        /// Digital attacks: hacking, phishing, impersonation, doxxing.
        DigitalAttack = "digital_attack",
        /// A bounty or "wanted" notice, or a smear campaign: letters to neighbours or
        /// employers, state media videos (sometimes of the target's own relatives).
        BountyOrSmear = "bounty_or_smear",
        /// Visits to, or activity at, a station.
        StationActivity = "station_activity",
        /// Travel documents or consular services refused; passport confiscated, cancelled or
        /// not renewed (or renewable only by going back to China).
        DocumentControl = "document_control",
        /// Misuse of law abroad: arrest warrants, INTERPOL notices, extradition or deportation
        /// requests.
        LegalPressure = "legal_pressure",
        /// Physical violence, detention or an attempt to take someone away.
        PhysicalHarm = "physical_harm",
        /// Something else.
        Other = "other",
    }
);

choices!(
    /// What was demanded, if anything. Several may apply.
    Demand {
        /// To return to China.
        Return = "return",
        /// To keep silent, stop speaking out or stop an activity.
        Silence = "silence",
        /// To inform on others.
        Informing = "informing",
        /// To delete posts, articles or other content.
        DeleteContent = "delete_content",
        /// To send one's own personal details: copies of ID or passport, address, photos,
        /// workplace or school.
        PersonalInformation = "personal_information",
        /// Something else.
        Other = "other",
        /// Nothing was demanded, or the reporter does not know.
        Nothing = "nothing",
    }
);

choices!(
    /// How precisely the reporter knows when it happened.
    WhenPrecision {
        /// An exact date.
        Exact = "exact",
        /// A month.
        Month = "month",
        /// An approximate description ("spring 2023").
        Approximate = "approximate",
        /// Not known or not said.
        Unknown = "unknown",
    }
);

choices!(
    /// What kind of place the report names.
    PlaceKind {
        /// A "police service station" or similar outpost.
        Station = "station",
        /// The office of an association (hometown, business, cultural).
        AssociationOffice = "association_office",
        /// A business's premises (restaurant, shop, travel agency).
        Business = "business",
        /// A private home.
        Residence = "residence",
        /// Only online.
        Online = "online",
        /// Something else.
        Other = "other",
    }
);

choices!(
    /// A person's role in what happened.
    PersonRole {
        /// An official or an agent.
        OfficialOrAgent = "official_or_agent",
        /// An intermediary or proxy (association member, acquaintance, employer).
        Intermediary = "intermediary",
        /// A family member (often the one pressured, or used to pass on pressure).
        FamilyMember = "family_member",
        /// A "minder": someone who watches the reporter, their family or community and
        /// reports to officials (a cadre placed in a family's home, a fellow student).
        Minder = "minder",
        /// Someone else, or not known.
        Other = "other",
    }
);

choices!(
    /// The separate consents a reporter gives or withholds. Each is asked on its own.
    Consent {
        /// Investigators may ask follow-up questions through the reporting line.
        FollowUp = "follow_up",
        /// The report may be shared with police.
        SharePolice = "share_police",
        /// The report may be shared with partner organisations.
        SharePartners = "share_partners",
        /// The report may be counted in anonymised statistics.
        Statistics = "statistics",
    }
);

/// Countries and regions the form offers by name: those where stations or related
/// campaigns were reported (Safeguard Defenders, "110 Overseas", 2022, and "Patrol and
/// Persuade", 2022), large diaspora hubs, the countries where Uyghurs and Tibetans abroad
/// were most often detained, deported or pressured (issue 16; docs/taxonomy.md gives the
/// sources), and China and Hong Kong themselves, where pressure on family takes place. Any
/// other place can be typed in. ISO 3166-1 alpha-2 codes; each has a `country-XX`
/// translation key.
pub const COUNTRIES: &[&str] = &[
    "AE", "AR", "AT", "AU", "BE", "BR", "CA", "CH", "CL", "CN", "CZ", "DE", "DK", "EC", "EG", "ES",
    "FI", "FR", "GB", "GR", "HK", "HR", "HU", "ID", "IE", "IN", "IT", "JP", "KG", "KH", "KR", "KZ",
    "LS", "MM", "MN", "MX", "MY", "NG", "NL", "NO", "NP", "NZ", "PH", "PL", "PT", "RO", "RS", "SA",
    "SE", "SG", "SK", "TH", "TR", "TW", "TZ", "UA", "US", "UZ", "VN", "ZA",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for incident in Incident::ALL {
            assert_eq!(Incident::from_code(incident.code()), Some(*incident));
            assert!(seen.insert(incident.code()));
        }
        assert_eq!(Subject::from_code("nonsense"), None);
    }

    #[test]
    fn countries_are_sorted_unique_alpha2() {
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]));
        assert!(
            COUNTRIES
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn serde_uses_the_stable_code() {
        let json = serde_json::to_string(&Incident::PersuadedToReturn).unwrap_or_default();
        assert_eq!(json, "\"persuaded_to_return\"");
    }
}
