//! Issue 14, point 7: the FollowTheMoney export's consent gate and counts, on SQLite and
//! PostgreSQL: every combination of the police and partner consents, a report marked as spam,
//! a report the admin's key does not open, a scope of chosen reports, and the refusal of an
//! investigator who is not an admin. (The file itself is validated with the real
//! `followthemoney` package over HTTP: crates/web/tests/it/ftm.rs.)

use std::collections::BTreeSet;
use std::time::Instant;

use quietline_core::{Limits, ReportDraft, ReportId, ReportStatus};
use quietline_service::{
    Clock as _, FtmScope, Instance, ServiceConfig, ServiceError, SharePurpose, SystemClock,
};
use time::macros::date;

use crate::fresh_instances;
use crate::workbench::{at, enrolled};

/// A report naming one person (`name`, `phone`) with these consents.
async fn send(instance: &Instance, name: &str, phone: &str, consents: &[&str]) -> ReportId {
    let mut fields: Vec<(&str, &str)> = vec![
        ("subject", "happened_to_me"),
        ("incident", "threats"),
        ("narrative", "They called my mother."),
        ("country", "CA"),
        ("city", "Toronto"),
        ("person1_names", name),
        ("person1_phones", phone),
        ("consent", "follow_up"),
    ];
    fields.extend(consents.iter().map(|c| ("consent", *c)));
    let today = date!(2026 - 11 - 20);
    let answers = ReportDraft::from_fields(fields, &Limits::default())
        .validate("en", &Limits::default(), today)
        .unwrap();
    let before = ids(instance).await;
    let submission = instance.begin_submission(today).await.unwrap();
    submission.complete(&answers).await.unwrap();
    let after = ids(instance).await;
    *after.difference(&before).next().expect("one new report")
}

async fn ids(instance: &Instance) -> BTreeSet<ReportId> {
    instance
        .report_summaries()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[tokio::test]
async fn only_reports_whose_reporter_consented_to_the_purpose_are_exported_and_the_rest_counted() {
    for (engine, instance, _dir, _recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        one_engine(engine, &instance, start).await;
    }
}

async fn one_engine(engine: &str, instance: &Instance, start: Instant) {
    // Before anyone holds the workspace key: the admin's key will not open it.
    send(
        instance,
        "Early Person",
        "+1 416 555 0101",
        &["share_police"],
    )
    .await;
    let (amira, _, _) = enrolled(instance, "amira", start).await;
    let (bao, _, _) = enrolled(instance, "bao", start).await;
    send(
        instance,
        "Both Consents",
        "+1 416 555 0102",
        &["share_police", "share_partners"],
    )
    .await;
    let police = send(
        instance,
        "Police Only",
        "+1 416 555 0103",
        &["share_police"],
    )
    .await;
    let partners = send(
        instance,
        "Partners Only",
        "+1 416 555 0104",
        &["share_partners"],
    )
    .await;
    send(instance, "No Consent", "+1 416 555 0105", &[]).await;
    let spam = send(
        instance,
        "Spam Report",
        "+1 416 555 0106",
        &["share_police"],
    )
    .await;
    instance
        .set_status(&amira, &[spam], ReportStatus::Spam, "req", at(5, start))
        .await
        .unwrap();

    // Admins only.
    assert!(
        matches!(
            instance
                .export_ftm(
                    &bao,
                    &FtmScope::Workspace,
                    SharePurpose::Police,
                    "req",
                    at(6, start)
                )
                .await,
            Err(ServiceError::Forbidden)
        ),
        "{engine}: an investigator who is not an admin"
    );

    let export = instance
        .export_ftm(
            &amira,
            &FtmScope::Workspace,
            SharePurpose::Police,
            "req",
            at(7, start),
        )
        .await
        .unwrap();
    let s = &export.summary;
    assert_eq!(
        (s.reports, s.without_consent, s.spam, s.outside_access),
        (2, 2, 1, 1),
        "{engine}: police, whole workspace"
    );
    assert!(s.grouped, "{engine}");
    for present in ["Both Consents", "Police Only"] {
        assert!(export.lines.contains(present), "{engine}: {present}");
    }
    for absent in [
        "Partners Only",
        "No Consent",
        "Spam Report",
        "Early Person",
        "4165550104",
    ] {
        assert!(!export.lines.contains(absent), "{engine}: {absent}");
    }
    let first: serde_json::Value =
        serde_json::from_str(export.lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["schema"], "Note");
    let said = first["properties"]["description"][0].as_str().unwrap();
    assert!(said.contains("Reports included: 2"), "{said}");
    assert!(
        said.contains("Left out: 2 without that consent, 1 marked as spam"),
        "{said}"
    );
    assert!(said.contains("Not read: 1 reports"), "{said}");
    assert_eq!(export.summary.entities, export.lines.lines().count());

    let export = instance
        .export_ftm(
            &amira,
            &FtmScope::Workspace,
            SharePurpose::Partners,
            "req",
            at(8, start),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            export.summary.reports,
            export.summary.without_consent,
            export.summary.spam
        ),
        (2, 3, 0),
        "{engine}: partners (the spam report never consented to partners)"
    );
    assert!(export.lines.contains("Partners Only") && export.lines.contains("Both Consents"));
    assert!(!export.lines.contains("Police Only"));

    // A scope of chosen reports: an id nobody knows is counted as not read, never named.
    let stranger = ReportId::random();
    let export = instance
        .export_ftm(
            &amira,
            &FtmScope::Reports(vec![police, partners, stranger, police]),
            SharePurpose::Police,
            "req",
            at(9, start),
        )
        .await
        .unwrap();
    let s = &export.summary;
    assert_eq!(
        (s.reports, s.without_consent, s.spam, s.outside_access),
        (1, 1, 0, 1),
        "{engine}: chosen reports"
    );
    assert!(export.lines.contains("Police Only") && !export.lines.contains("Both Consents"));
    assert!(!export.lines.contains(&stranger.to_string()));
}
