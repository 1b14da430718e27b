//! The report form's fields, as any client may post them: reading them into a draft and
//! validating it never panics, and every problem names a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quietline_core::{Limits, ReportDraft};

/// Field names the form uses, so that inputs reach the validator's branches; the fuzzer's
/// own names reach the "unknown field" path.
const NAMES: &[&str] = &[
    "subject",
    "incident",
    "incident_other",
    "demand",
    "demand_other",
    "when_precision",
    "when_date",
    "when_month",
    "when_approximate",
    "ongoing",
    "country",
    "country_other",
    "city",
    "place_kind",
    "place_name",
    "place_address",
    "police_report",
    "police_reference",
    "other_organisations",
    "narrative",
    "consent",
    "contact",
    "person1_names",
    "person1_role",
    "person1_phones",
    "person1_wechat",
    "person1_emails",
    "person1_accounts",
    "person1_description",
    "person2_names",
    "person9_names",
    "person99_names",
    "org1_name",
    "org1_details",
    "org3_name",
    "org0_name",
];

fuzz_target!(|fields: Vec<(u8, &str, &str)>| {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(pick, own, value)| {
            let name = NAMES.get(usize::from(*pick)).copied().unwrap_or(own);
            (name, *value)
        })
        .collect();
    let limits = Limits::default();
    let draft = ReportDraft::from_fields(pairs, &limits);
    let today = time::macros::date!(2026 - 12 - 02);
    if let Err(problems) = draft.validate("en", &limits, today) {
        assert!(!problems.is_empty());
    }
});
