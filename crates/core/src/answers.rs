//! A report's answers once validated: the structure that is serialised to JSON, encrypted,
//! and read back by investigators (and by `age -d` with the recovery identity).
//!
//! The JSON shape is a stable, documented format (docs/taxonomy.md): fields are only ever
//! added, and `format` is raised if one must change meaning.

use serde::{Deserialize, Serialize};

use crate::taxonomy::{Consent, Demand, Incident, PersonRole, PlaceKind, Subject, WhenPrecision};

/// Version of the answers format written by this build.
pub const ANSWERS_FORMAT: u32 = 1;

/// Everything a reporter answered in the form, validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportAnswers {
    /// Version of this format.
    pub format: u32,
    /// The language of the form the reporter used (a BCP 47 tag such as `zh-Hant`).
    pub language: String,
    /// What the report is about.
    pub subject: Subject,
    /// What happened.
    pub incidents: Vec<Incident>,
    /// Free-text details when "other" was chosen among incidents.
    pub incident_other: String,
    /// What was demanded.
    pub demands: Vec<Demand>,
    /// Free-text details when "other" was chosen among demands.
    pub demand_other: String,
    /// When it happened.
    pub when: When,
    /// Where it happened.
    pub place: Place,
    /// People involved.
    pub people: Vec<Person>,
    /// Organisations named.
    pub organisations: Vec<Organisation>,
    /// What the reporter has already done.
    pub actions: ActionsTaken,
    /// The reporter's own account, in any language.
    pub narrative: String,
    /// The consents given (each absent consent is withheld).
    pub consents: Vec<Consent>,
    /// Optional contact details.
    pub contact: String,
}

/// When it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    /// How precisely it is known.
    pub precision: WhenPrecision,
    /// `YYYY-MM-DD`, with [`WhenPrecision::Exact`].
    pub date: Option<String>,
    /// `YYYY-MM`, with [`WhenPrecision::Month`].
    pub month: Option<String>,
    /// Free text, with [`WhenPrecision::Approximate`].
    pub approximate: String,
    /// It is still going on.
    pub ongoing: bool,
}

/// Where it happened, or the place the report is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// ISO 3166-1 alpha-2 code, or empty when the reporter typed another country.
    pub country: String,
    /// A country typed by the reporter when it was not in the list.
    pub country_other: String,
    /// City or town.
    pub city: String,
    /// What kind of place.
    pub kind: Option<PlaceKind>,
    /// Name of the station or place.
    pub name: String,
    /// Its address.
    pub address: String,
}

/// A person involved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Names in any script, as the reporter wrote them.
    pub names: Vec<String>,
    /// Their role.
    pub role: Option<PersonRole>,
    /// Phone numbers, as written.
    pub phones: Vec<String>,
    /// WeChat IDs.
    pub wechat: Vec<String>,
    /// Email addresses.
    pub emails: Vec<String>,
    /// Other accounts (apps, social networks), free text.
    pub other_accounts: String,
    /// Description: appearance, vehicle, what they said.
    pub description: String,
}

/// An organisation named.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Its name, in any script.
    pub name: String,
    /// What the reporter knows of it.
    pub details: String,
}

/// What the reporter has already done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionsTaken {
    /// They reported it to police.
    pub reported_to_police: bool,
    /// The police report's number, if any.
    pub police_reference: String,
    /// Other organisations they told.
    pub other_organisations: String,
}
