//! The report form as the reporter filled it in: raw text, kept exactly as typed so that a
//! form with errors comes back with every value in place, and validated into
//! [`ReportAnswers`] only when it is complete.
//!
//! Field names are the HTML form's: `subject`, `incident` (repeated), `person2_names`, ...
//! Fields this module does not know (the CSRF token, buttons) are ignored.

use time::{Date, Month, macros::format_description};

use crate::answers::{
    ANSWERS_FORMAT, ActionsTaken, Organisation, Person, Place, ReportAnswers, When,
};
use crate::limits::Limits;
use crate::taxonomy::{
    COUNTRIES, Consent, Demand, Incident, PersonRole, PlaceKind, Subject, WhenPrecision,
};

/// People fieldsets the form shows at least, so most reports need no "add" round trip.
pub const MIN_PERSON_SLOTS: usize = 3;
/// Organisation fieldsets the form shows at least.
pub const MIN_ORGANISATION_SLOTS: usize = 2;

/// One person's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonDraft {
    /// Names, one per line or separated by `/`.
    pub names: String,
    /// Role code.
    pub role: String,
    /// Phone numbers, separated by commas or lines.
    pub phones: String,
    /// WeChat IDs.
    pub wechat: String,
    /// Email addresses.
    pub emails: String,
    /// Other accounts.
    pub accounts: String,
    /// Description.
    pub description: String,
}

impl PersonDraft {
    fn is_blank(&self) -> bool {
        [
            &self.names,
            &self.role,
            &self.phones,
            &self.wechat,
            &self.emails,
            &self.accounts,
            &self.description,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }
}

/// One organisation's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrganisationDraft {
    /// Name.
    pub name: String,
    /// What the reporter knows of it.
    pub details: String,
}

/// The whole form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportDraft {
    /// Subject code.
    pub subject: String,
    /// Incident codes ticked.
    pub incidents: Vec<String>,
    /// Other incident, described.
    pub incident_other: String,
    /// Demand codes ticked.
    pub demands: Vec<String>,
    /// Other demand, described.
    pub demand_other: String,
    /// Precision code of "when".
    pub when_precision: String,
    /// `YYYY-MM-DD`.
    pub when_date: String,
    /// `YYYY-MM`.
    pub when_month: String,
    /// Approximate time, described.
    pub when_approximate: String,
    /// "Still going on" ticked.
    pub ongoing: bool,
    /// Country code, `other`, or empty.
    pub country: String,
    /// Country typed by hand.
    pub country_other: String,
    /// City.
    pub city: String,
    /// Place kind code.
    pub place_kind: String,
    /// Name of the place.
    pub place_name: String,
    /// Address of the place.
    pub place_address: String,
    /// People, one per fieldset shown (blank ones included, so the form keeps its shape).
    pub people: Vec<PersonDraft>,
    /// Organisations, one per fieldset shown.
    pub organisations: Vec<OrganisationDraft>,
    /// "Reported to police" ticked.
    pub police_report: bool,
    /// Police report number.
    pub police_reference: String,
    /// Other organisations told.
    pub other_organisations: String,
    /// The narrative.
    pub narrative: String,
    /// Consent codes ticked.
    pub consents: Vec<String>,
    /// Optional contact details.
    pub contact: String,
    /// "Let me see what I sent when I come back with my receipt" ticked: a copy of the
    /// answers and files' names sealed to the receipt's key. Not an answer (investigators'
    /// copy of the report does not carry it); off unless ticked.
    pub reporter_copy: bool,
}

/// What is wrong with one field. The web layer turns it into a sentence in the page's
/// language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The field must be filled in.
    Required,
    /// Longer than allowed.
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// Not one of the offered choices.
    InvalidChoice,
    /// More items than allowed.
    TooMany {
        /// The limit.
        max: usize,
    },
    /// Not a date in `YYYY-MM-DD` form.
    InvalidDate,
    /// Not a month in `YYYY-MM` form.
    InvalidMonth,
    /// A date after today.
    FutureDate,
}

/// A problem with a named field of the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's name (also its HTML id, so the error can link to it).
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

impl ReportDraft {
    /// Reads the form's fields. Repeated fields (`incident`, `demand`, `consent`) collect;
    /// for the others the last value wins. People and organisations beyond the limits are
    /// ignored, as the form never offers them.
    pub fn from_fields<'a>(
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
        limits: &Limits,
    ) -> Self {
        let mut draft = Self::default();
        for (name, value) in fields {
            let value = value.to_owned();
            match name {
                "subject" => draft.subject = value,
                "incident" => draft.incidents.push(value),
                "incident_other" => draft.incident_other = value,
                "demand" => draft.demands.push(value),
                "demand_other" => draft.demand_other = value,
                "when_precision" => draft.when_precision = value,
                "when_date" => draft.when_date = value,
                "when_month" => draft.when_month = value,
                "when_approximate" => draft.when_approximate = value,
                "ongoing" => draft.ongoing = !value.is_empty(),
                "country" => draft.country = value,
                "country_other" => draft.country_other = value,
                "city" => draft.city = value,
                "place_kind" => draft.place_kind = value,
                "place_name" => draft.place_name = value,
                "place_address" => draft.place_address = value,
                "police_report" => draft.police_report = !value.is_empty(),
                "police_reference" => draft.police_reference = value,
                "other_organisations" => draft.other_organisations = value,
                "narrative" => draft.narrative = value,
                "consent" => draft.consents.push(value),
                "contact" => draft.contact = value,
                "reporter_copy" => draft.reporter_copy = !value.is_empty(),
                other => draft.set_repeated(other, value, limits),
            }
        }
        draft
    }

    /// `person3_phones`, `org2_name`, ...: fields of repeatable groups (numbered from 1).
    fn set_repeated(&mut self, name: &str, value: String, limits: &Limits) {
        if let Some((index, field)) = numbered(name, "person", limits.max_people) {
            if self.people.len() <= index {
                self.people.resize_with(index + 1, PersonDraft::default);
            }
            if let Some(person) = self.people.get_mut(index) {
                match field {
                    "names" => person.names = value,
                    "role" => person.role = value,
                    "phones" => person.phones = value,
                    "wechat" => person.wechat = value,
                    "emails" => person.emails = value,
                    "accounts" => person.accounts = value,
                    "description" => person.description = value,
                    _ => {}
                }
            }
        } else if let Some((index, field)) = numbered(name, "org", limits.max_organisations) {
            if self.organisations.len() <= index {
                self.organisations
                    .resize_with(index + 1, OrganisationDraft::default);
            }
            if let Some(org) = self.organisations.get_mut(index) {
                match field {
                    "name" => org.name = value,
                    "details" => org.details = value,
                    _ => {}
                }
            }
        }
    }

    /// How many person fieldsets to show: every filled one, at least one blank one to
    /// fill, `extra` more when the reporter asked for them, within the limit.
    pub fn person_slots(&self, extra: usize, limits: &Limits) -> usize {
        let filled = self
            .people
            .iter()
            .rposition(|p| !p.is_blank())
            .map_or(0, |i| i + 1);
        (filled + 1 + extra)
            .max(MIN_PERSON_SLOTS)
            .min(limits.max_people)
    }

    /// How many organisation fieldsets to show (see [`Self::person_slots`]).
    pub fn organisation_slots(&self, extra: usize, limits: &Limits) -> usize {
        let filled = self
            .organisations
            .iter()
            .rposition(|o| !o.name.trim().is_empty() || !o.details.trim().is_empty())
            .map_or(0, |i| i + 1);
        (filled + 1 + extra)
            .max(MIN_ORGANISATION_SLOTS)
            .min(limits.max_organisations)
    }

    /// Checks every field and returns the answers, or every problem found (not just the
    /// first, so the reporter can fix them all in one go). `today` bounds dates.
    pub fn validate(
        &self,
        language: &str,
        limits: &Limits,
        today: Date,
    ) -> Result<ReportAnswers, Vec<FieldError>> {
        let mut check = Checker {
            errors: Vec::new(),
            limits,
        };

        let subject = check.required_choice("subject", &self.subject, Subject::from_code);
        let incidents = check.choices("incident", &self.incidents, Incident::from_code);
        let demands = check.choices("demand", &self.demands, Demand::from_code);
        let consents = check.choices("consent", &self.consents, Consent::from_code);
        check.short("incident_other", &self.incident_other);
        check.short("demand_other", &self.demand_other);

        // A date or month typed counts, whichever option is ticked (or none): the precision is
        // then the most precise box filled. Only a choice of "on a date" or "in a month" with
        // its own box empty is an error, shown with every value kept.
        let typed_date = !self.when_date.trim().is_empty();
        let typed_month = !self.when_month.trim().is_empty();
        let inferred = if typed_date {
            WhenPrecision::Exact
        } else if typed_month {
            WhenPrecision::Month
        } else if !self.when_approximate.trim().is_empty() {
            WhenPrecision::Approximate
        } else {
            WhenPrecision::Unknown
        };
        let precision = if self.when_precision.trim().is_empty() {
            Some(inferred)
        } else {
            match check.required_choice(
                "when_precision",
                &self.when_precision,
                WhenPrecision::from_code,
            ) {
                Some(WhenPrecision::Unknown | WhenPrecision::Approximate)
                    if typed_date || typed_month =>
                {
                    Some(inferred)
                }
                chosen => chosen,
            }
        };
        let mut when = When {
            precision: precision.unwrap_or(WhenPrecision::Unknown),
            date: None,
            month: None,
            approximate: check.short("when_approximate", &self.when_approximate),
            ongoing: self.ongoing,
        };
        match precision {
            Some(WhenPrecision::Exact) => {
                when.date = check.date("when_date", &self.when_date, today)
            }
            Some(WhenPrecision::Month) => {
                when.month = check.month("when_month", &self.when_month, today)
            }
            _ => {}
        }

        let country = self.country.trim();
        if !(country.is_empty() || country == "other" || COUNTRIES.contains(&country)) {
            check.fail("country", Problem::InvalidChoice);
        }
        let place = Place {
            country: if country == "other" {
                String::new()
            } else {
                country.to_owned()
            },
            country_other: check.short("country_other", &self.country_other),
            city: check.short("city", &self.city),
            kind: check.optional_choice("place_kind", &self.place_kind, PlaceKind::from_code),
            name: check.short("place_name", &self.place_name),
            address: check.long("place_address", &self.place_address),
        };

        let mut people = Vec::new();
        for (i, person) in self.people.iter().enumerate() {
            if person.is_blank() {
                continue;
            }
            let field = |name: &str| format!("person{}_{name}", i + 1);
            people.push(Person {
                names: split_names(&check.short(&field("names"), &person.names)),
                role: check.optional_choice(&field("role"), &person.role, PersonRole::from_code),
                phones: split_identifiers(&check.short(&field("phones"), &person.phones)),
                wechat: split_identifiers(&check.short(&field("wechat"), &person.wechat)),
                emails: split_identifiers(&check.short(&field("emails"), &person.emails)),
                other_accounts: check.long(&field("accounts"), &person.accounts),
                description: check.long(&field("description"), &person.description),
            });
        }

        let mut organisations = Vec::new();
        for (i, org) in self.organisations.iter().enumerate() {
            if org.name.trim().is_empty() && org.details.trim().is_empty() {
                continue;
            }
            organisations.push(Organisation {
                name: check.short(&format!("org{}_name", i + 1), &org.name),
                details: check.long(&format!("org{}_details", i + 1), &org.details),
            });
        }

        let actions = ActionsTaken {
            reported_to_police: self.police_report,
            police_reference: check.short("police_reference", &self.police_reference),
            other_organisations: check.long("other_organisations", &self.other_organisations),
        };
        let narrative = check.text("narrative", &self.narrative, limits.max_narrative_chars);
        if narrative.is_empty() {
            check.fail("narrative", Problem::Required);
        }
        let contact = check.long("contact", &self.contact);

        match (check.errors.is_empty(), subject) {
            (true, Some(subject)) => Ok(ReportAnswers {
                format: ANSWERS_FORMAT,
                language: language.to_owned(),
                subject,
                incidents,
                incident_other: self.incident_other.trim().to_owned(),
                demands,
                demand_other: self.demand_other.trim().to_owned(),
                when,
                place,
                people,
                organisations,
                actions,
                narrative,
                consents,
                contact,
            }),
            _ => Err(check.errors),
        }
    }
}

/// Collects problems while validating, so that all are reported at once.
struct Checker<'l> {
    errors: Vec<FieldError>,
    limits: &'l Limits,
}

impl Checker<'_> {
    fn fail(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            problem,
        });
    }

    /// Trimmed text within `max` characters (the text is kept either way).
    fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.chars().count() > max {
            self.fail(field, Problem::TooLong { max });
        }
        value.to_owned()
    }

    fn short(&mut self, field: &str, value: &str) -> String {
        self.text(field, value, self.limits.max_short_chars)
    }

    fn long(&mut self, field: &str, value: &str) -> String {
        self.text(field, value, self.limits.max_long_chars)
    }

    fn required_choice<T>(
        &mut self,
        field: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let value = value.trim();
        if value.is_empty() {
            self.fail(field, Problem::Required);
            return None;
        }
        let parsed = parse(value);
        if parsed.is_none() {
            self.fail(field, Problem::InvalidChoice);
        }
        parsed
    }

    fn optional_choice<T>(
        &mut self,
        field: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        if value.trim().is_empty() {
            None
        } else {
            self.required_choice(field, value, parse)
        }
    }

    fn choices<T: PartialEq>(
        &mut self,
        field: &str,
        values: &[String],
        parse: fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for value in values {
            match parse(value.trim()) {
                Some(choice) if !out.contains(&choice) => out.push(choice),
                Some(_) => {}
                None => self.fail(field, Problem::InvalidChoice),
            }
        }
        out
    }

    fn date(&mut self, field: &str, value: &str, today: Date) -> Option<String> {
        // Digits from an Arabic-script, Tibetan or CJK keyboard read as ASCII ones.
        let value = crate::digits::to_ascii(value.trim());
        let value = value.as_ref();
        if value.is_empty() {
            self.fail(field, Problem::Required);
            return None;
        }
        match Date::parse(value, format_description!("[year]-[month]-[day]")) {
            // One day of slack: the reporter's day may already have begun when UTC's has not.
            Ok(date) if date > today.next_day().unwrap_or(today) => {
                self.fail(field, Problem::FutureDate);
                None
            }
            Ok(date) => Some(date.to_string()),
            Err(_) => {
                self.fail(field, Problem::InvalidDate);
                None
            }
        }
    }

    fn month(&mut self, field: &str, value: &str, today: Date) -> Option<String> {
        let value = crate::digits::to_ascii(value.trim());
        let value = value.as_ref();
        if value.is_empty() {
            self.fail(field, Problem::Required);
            return None;
        }
        let parsed = value.split_once('-').and_then(|(y, m)| {
            let year: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
            let month: u8 = m.parse().ok().filter(|_| m.len() == 2)?;
            Some((year, Month::try_from(month).ok()?))
        });
        match parsed {
            Some((year, month)) if (year, month as u8) > (today.year(), today.month() as u8) => {
                self.fail(field, Problem::FutureDate);
                None
            }
            Some((year, month)) => Some(format!("{year:04}-{:02}", month as u8)),
            None => {
                self.fail(field, Problem::InvalidMonth);
                None
            }
        }
    }
}

/// Field name `prefix{N}_{field}` with 1 <= N <= max, as (index from 0, field).
fn numbered<'n>(name: &'n str, prefix: &str, max: usize) -> Option<(usize, &'n str)> {
    let rest = name.strip_prefix(prefix)?;
    let (number, field) = rest.split_once('_')?;
    let n: usize = number.parse().ok().filter(|_| !number.starts_with('0'))?;
    (1..=max).contains(&n).then_some((n - 1, field))
}

/// Names are split on lines, `/`, semicolons and the CJK enumeration comma; not on the
/// ASCII comma, which people use inside one name ("CHEN, Wei").
fn split_names(value: &str) -> Vec<String> {
    // Also the Arabic comma and semicolon (Uyghur keyboards) and the Tibetan shad.
    split_on(value, &['\n', '/', ';', '；', '、', '，', '،', '؛', '།'])
}

/// Phones, IDs and emails contain no commas, so commas separate them too.
fn split_identifiers(value: &str) -> Vec<String> {
    split_on(value, &['\n', ',', ';', '，', '；', '、', '،', '؛', '།'])
}

fn split_on(value: &str, separators: &[char]) -> Vec<String> {
    value
        .split(|c| separators.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 11 - 29);

    fn draft(fields: &[(&str, &str)]) -> ReportDraft {
        ReportDraft::from_fields(fields.iter().copied(), &Limits::default())
    }

    fn problems(result: Result<ReportAnswers, Vec<FieldError>>) -> Vec<(String, Problem)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn the_reporter_copy_is_off_unless_ticked_and_never_an_answer() {
        let base = [
            ("subject", "happened_to_me"),
            ("narrative", "Something happened."),
        ];
        let unticked = draft(&base);
        assert!(!unticked.reporter_copy);
        let mut fields = base.to_vec();
        fields.push(("reporter_copy", "1"));
        let ticked = draft(&fields);
        assert!(ticked.reporter_copy);
        // The choice is the reporter's, not part of what investigators read.
        assert_eq!(
            ticked.validate("en", &Limits::default(), TODAY).unwrap(),
            unticked.validate("en", &Limits::default(), TODAY).unwrap()
        );
    }

    #[test]
    fn a_complete_form_validates_into_answers() {
        let d = draft(&[
            ("csrf", "ignored"),
            ("subject", "happened_to_someone"),
            ("incident", "family_pressure"),
            ("incident", "persuaded_to_return"),
            ("incident", "family_pressure"),
            ("demand", "return"),
            ("when_precision", "month"),
            ("when_month", "2023-04"),
            ("ongoing", "on"),
            ("country", "NL"),
            ("city", "Rotterdam"),
            ("place_kind", "station"),
            ("person1_names", "陈伟\nChan Wai / CHEN, Wei"),
            ("person1_role", "official_or_agent"),
            ("person1_phones", "+31 6 1234 5678, 0612345679"),
            ("person2_names", ""),
            ("org1_name", "福州市公安局"),
            ("narrative", "  My mother was visited.  "),
            ("consent", "follow_up"),
            ("consent", "statistics"),
        ]);
        let answers = d
            .validate("zh-Hans", &Limits::default(), TODAY)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(answers.subject, Subject::HappenedToSomeone);
        assert_eq!(
            answers.incidents,
            vec![Incident::FamilyPressure, Incident::PersuadedToReturn]
        );
        assert_eq!(answers.when.month.as_deref(), Some("2023-04"));
        assert!(answers.when.ongoing);
        assert_eq!(answers.people.len(), 1, "blank person slots are dropped");
        assert_eq!(
            answers.people[0].names,
            vec!["陈伟", "Chan Wai", "CHEN, Wei"]
        );
        assert_eq!(
            answers.people[0].phones,
            vec!["+31 6 1234 5678", "0612345679"]
        );
        assert_eq!(answers.organisations[0].name, "福州市公安局");
        assert_eq!(answers.narrative, "My mother was visited.");
        assert_eq!(
            answers.consents,
            vec![Consent::FollowUp, Consent::Statistics]
        );
        assert_eq!(answers.language, "zh-Hans");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let long = "x".repeat(501);
        let d = draft(&[
            ("incident", "alien_abduction"),
            ("when_precision", "exact"),
            ("when_date", "2031-01-01"),
            ("country", "XX"),
            ("person2_names", &long),
        ]);
        let found = problems(d.validate("en", &Limits::default(), TODAY));
        for expected in [
            ("subject".to_owned(), Problem::Required),
            ("incident".to_owned(), Problem::InvalidChoice),
            ("when_date".to_owned(), Problem::FutureDate),
            ("country".to_owned(), Problem::InvalidChoice),
            ("person2_names".to_owned(), Problem::TooLong { max: 500 }),
            ("narrative".to_owned(), Problem::Required),
        ] {
            assert!(
                found.contains(&expected),
                "missing {expected:?} in {found:?}"
            );
        }
    }

    #[test]
    fn lists_split_on_arabic_and_tibetan_separators_too() {
        assert_eq!(
            split_names("ئەخمەت، Exmet؛ 艾合买提\nCHEN, Wei"),
            ["ئەخمەت", "Exmet", "艾合买提", "CHEN, Wei"]
        );
        assert_eq!(
            split_names("བཀྲ་ཤིས། Tashi / 扎西"),
            ["བཀྲ་ཤིས", "Tashi", "扎西"]
        );
        assert_eq!(
            split_identifiers("+90 532 000 0000، +86 138 0000 0000"),
            ["+90 532 000 0000", "+86 138 0000 0000"]
        );
    }

    #[test]
    fn dates_and_months_are_checked() {
        let base = [("subject", "happened_to_me"), ("narrative", "n")];
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut fields = base.to_vec();
            fields.extend_from_slice(extra);
            problems(draft(&fields).validate("en", &Limits::default(), TODAY))
        };
        assert_eq!(
            with(&[("when_precision", "exact"), ("when_date", "2024-02-30")]),
            vec![("when_date".into(), Problem::InvalidDate)]
        );
        // Typed on a Tibetan or a Uyghur (Arabic-Indic) keyboard: the same dates.
        let answers = draft(&[
            ("subject", "happened_to_me"),
            ("narrative", "n"),
            ("when_precision", "exact"),
            ("when_date", "༢༠༢༤-༠༣-༡༧"),
        ])
        .validate("bo", &Limits::default(), TODAY)
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(answers.when.date.as_deref(), Some("2024-03-17"));
        assert_eq!(
            with(&[("when_precision", "month"), ("when_month", "٢٠٢٤-٠٣")]),
            vec![]
        );
        assert_eq!(
            with(&[("when_precision", "exact"), ("when_date", "2026-11-30")]),
            vec![],
            "one day of slack for time zones"
        );
        assert_eq!(
            with(&[("when_precision", "month"), ("when_month", "2026-12")]),
            vec![("when_month".into(), Problem::FutureDate)]
        );
        assert_eq!(
            with(&[("when_precision", "month"), ("when_month", "April")]),
            vec![("when_month".into(), Problem::InvalidMonth)]
        );
        assert_eq!(
            with(&[("when_precision", "month"), ("when_month", "2026-13")]),
            vec![("when_month".into(), Problem::InvalidMonth)]
        );
    }

    #[test]
    fn narrative_limit_counts_characters_not_bytes() {
        let limits = Limits::default();
        let exactly = "陈".repeat(limits.max_narrative_chars);
        let d = draft(&[("subject", "happened_to_me"), ("narrative", &exactly)]);
        assert!(d.validate("en", &limits, TODAY).is_ok());
        let over = format!("{exactly}陈");
        let d = draft(&[("subject", "happened_to_me"), ("narrative", &over)]);
        assert_eq!(
            problems(d.validate("en", &limits, TODAY)),
            vec![("narrative".into(), Problem::TooLong { max: 50_000 })]
        );
    }

    #[test]
    fn repeated_groups_are_numbered_from_one_and_bounded() {
        let d = draft(&[
            ("person0_names", "a"),
            ("person21_names", "b"),
            ("person07_names", "c"),
            ("person3_names", "d"),
        ]);
        assert_eq!(d.people.len(), 3);
        assert_eq!(d.people[2].names, "d");
        assert_eq!(d.person_slots(0, &Limits::default()), 4);
        assert_eq!(d.person_slots(100, &Limits::default()), 20);
        assert_eq!(
            draft(&[]).person_slots(0, &Limits::default()),
            MIN_PERSON_SLOTS
        );
    }

    #[test]
    fn a_typed_date_or_month_counts_whatever_option_is_ticked() {
        let today = date!(2024 - 06 - 01);
        let when = |fields: &[(&str, &str)]| {
            let mut all = vec![("subject", "happened_to_me"), ("narrative", "text")];
            all.extend_from_slice(fields);
            let draft = ReportDraft::from_fields(all, &Limits::default());
            draft
                .validate("en", &Limits::default(), today)
                .unwrap()
                .when
        };
        let none_ticked = when(&[("when_date", "2024-03-17")]);
        assert_eq!(none_ticked.precision, WhenPrecision::Exact);
        assert_eq!(none_ticked.date.as_deref(), Some("2024-03-17"));
        let unknown_ticked = when(&[("when_precision", "unknown"), ("when_month", "2023-04")]);
        assert_eq!(unknown_ticked.precision, WhenPrecision::Month);
        assert!(unknown_ticked.month.is_some());
        let roughly_ticked = when(&[
            ("when_precision", "approximate"),
            ("when_date", "2024-03-17"),
            ("when_approximate", "a Tuesday in March"),
        ]);
        assert_eq!(roughly_ticked.precision, WhenPrecision::Exact);
        assert_eq!(roughly_ticked.approximate, "a Tuesday in March");
        assert_eq!(when(&[]).precision, WhenPrecision::Unknown);
        assert_eq!(
            when(&[("when_approximate", "spring 2023")]).precision,
            WhenPrecision::Approximate
        );
    }
}
