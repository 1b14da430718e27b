//! Issue 13, point 9: statistics for transparency reports, on SQLite and PostgreSQL. Rows of
//! exactly 4 reports (and of 5 or more) are made on purpose; no count from 1 to 4 may come out
//! of the service, reports whose reporter did not consent are never counted, and no total
//! minus the rows shown gives back a suppressed count.

use std::collections::BTreeSet;
use std::time::Instant;

use quietline_core::site::PublishOptions;
use quietline_core::taxonomy::{Demand, Incident};
use quietline_core::{Limits, ReportDraft, ReportId, ReportStatus};
use quietline_service::{
    Breakdown, Cell, ClaimFields, Clock as _, Instance, Investigator, RowKey, ServiceConfig,
    SiteFields, Statistics, StatisticsQuery, SystemClock,
};
use time::Month;
use time::macros::date;

use crate::fresh_instances;
use crate::workbench::{at, enrolled};

/// One report: the day it arrives, whether its reporter consents to statistics, what
/// happened, what was demanded, and its city and country.
struct Sent {
    day: time::Date,
    consents: bool,
    incidents: &'static [&'static str],
    demands: &'static [&'static str],
    city: &'static str,
    country: &'static str,
}

async fn send(instance: &Instance, report: &Sent) -> ReportId {
    let mut fields: Vec<(&str, &str)> = vec![
        ("subject", "happened_to_me"),
        (
            "narrative",
            "They called my mother and told her I must come back.",
        ),
        ("city", report.city),
        ("country", report.country),
    ];
    fields.extend(report.incidents.iter().map(|i| ("incident", *i)));
    fields.extend(report.demands.iter().map(|d| ("demand", *d)));
    if report.consents {
        fields.push(("consent", "statistics"));
    }
    // Every other consent, so that only the statistics one can make the difference.
    fields.extend([("consent", "follow_up"), ("consent", "share_police")]);
    let answers = ReportDraft::from_fields(fields, &Limits::default())
        .validate("en", &Limits::default(), report.day)
        .unwrap();
    let before: BTreeSet<ReportId> = ids(instance).await;
    let submission = instance.begin_submission(report.day).await.unwrap();
    submission.complete(&answers).await.unwrap();
    let after = ids(instance).await;
    let mut new = after.difference(&before);
    *new.next().expect("one new report")
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

/// Every cell of every breakdown, with where it is.
fn cells(statistics: &Statistics) -> Vec<(String, Cell)> {
    let mut out = vec![("counted".to_owned(), statistics.counted)];
    for (name, breakdown) in breakdowns(statistics) {
        for row in &breakdown.rows {
            out.push((format!("{name} {:?}", row.key), row.cell));
        }
    }
    out
}

fn breakdowns(statistics: &Statistics) -> [(&'static str, &Breakdown); 5] {
    [
        ("month", &statistics.by_month),
        ("incident", &statistics.by_incident),
        ("demand", &statistics.by_demand),
        ("city", &statistics.by_city),
        ("site", &statistics.by_site),
    ]
}

fn cell(breakdown: &Breakdown, key: &RowKey) -> Option<Cell> {
    breakdown
        .rows
        .iter()
        .find(|row| row.key == *key)
        .map(|row| row.cell)
}

/// What the CSV and the page promise: no count from 1 to 4 anywhere; and where rows add up to
/// the total, the total minus the rows shown leaves room for every suppressed count under
/// five to be 4 as well as 1 (so it reveals none).
fn assert_nothing_small_is_revealed(statistics: &Statistics) {
    for (at, cell) in cells(statistics) {
        if let Cell::Count(n) = cell {
            assert!(n == 0 || n >= 5, "{at} shows {n}");
        }
    }
    let Some(total) = statistics.counted.count() else {
        return;
    };
    for (name, breakdown) in breakdowns(statistics) {
        if !breakdown.adds_up || breakdown.withheld {
            continue;
        }
        let shown: u32 = breakdown.rows.iter().filter_map(|r| r.cell.count()).sum();
        let small = breakdown
            .rows
            .iter()
            .filter(|r| r.cell == Cell::FewerThanFive)
            .count() as u32;
        let withheld = breakdown
            .rows
            .iter()
            .filter(|r| r.cell == Cell::Withheld)
            .count() as u32;
        if small == 0 {
            continue;
        }
        let hidden = total - shown;
        // One small count is 4 and the others as small as they can be: it must still add up.
        assert!(
            hidden >= 4 + (small - 1) + 5 * withheld,
            "{name}: {hidden} hidden cannot hold a 4"
        );
        // One small count is 1 and the others as large as they can be: it must still add up.
        if withheld == 0 {
            assert!(
                hidden <= 1 + 4 * (small - 1),
                "{name}: {hidden} hidden cannot hold a 1"
            );
        }
    }
}

#[tokio::test]
async fn statistics_count_consenting_reports_only_and_never_show_a_count_under_five() {
    for (engine, instance, _dir, recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        one_engine(engine, &instance, &recovery, start).await;
    }
}

async fn one_engine(
    engine: &str,
    instance: &Instance,
    recovery: &quietline_crypto::Identity,
    start: Instant,
) {
    // Two reports arrive before anyone holds the workspace key: the first investigator's key
    // does not open them until the recovery identity's holder grants it.
    let before_anyone = Sent {
        day: date!(2026 - 11 - 02),
        consents: true,
        incidents: &["harassment"],
        demands: &["silence"],
        city: "",
        country: "",
    };
    let early = [
        send(instance, &before_anyone).await,
        send(instance, &before_anyone).await,
    ];
    let (amira, _, _) = enrolled(instance, "amira", start).await;

    // Consenting: 4 in March, 9 in May, 6 in November (19). "threats" in exactly 4, "return"
    // demanded in exactly 4; 10 in Prato, 4 in Rotterdam (under five: "other places"), 5 with
    // no city.
    let mut consenting = Vec::new();
    for i in 0..19 {
        let day = match i {
            0..4 => date!(2026 - 03 - 10),
            4..13 => date!(2026 - 05 - 20),
            _ => date!(2026 - 11 - 03),
        };
        let (city, country) = match i {
            0..10 => ("Prato", "IT"),
            10..14 => ("Rotterdam", "NL"),
            _ => ("", ""),
        };
        let threats = (2..6).contains(&i);
        let report = Sent {
            day,
            consents: true,
            incidents: if threats {
                &["threats", "harassment"]
            } else {
                &["harassment"]
            },
            demands: if (5..9).contains(&i) {
                &["return", "silence"]
            } else {
                &["silence"]
            },
            city,
            country,
        };
        consenting.push(send(instance, &report).await);
    }
    // Not consenting: in May, with threats and a return demand, in Prato. Counted, they would
    // make May 12, threats 7 and "return" 7.
    let mut declined = Vec::new();
    for _ in 0..3 {
        let report = Sent {
            day: date!(2026 - 05 - 21),
            consents: false,
            incidents: &["threats"],
            demands: &["return"],
            city: "Prato",
            country: "IT",
        };
        declined.push(send(instance, &report).await);
    }
    // Consenting, but spam; and one from another year.
    let spam = send(
        instance,
        &Sent {
            day: date!(2026 - 05 - 22),
            consents: true,
            incidents: &["threats"],
            demands: &["return"],
            city: "Prato",
            country: "IT",
        },
    )
    .await;
    instance
        .set_status(&amira, &[spam], ReportStatus::Spam, "req", at(5, start))
        .await
        .unwrap();
    send(
        instance,
        &Sent {
            day: date!(2025 - 12 - 31),
            consents: true,
            incidents: &["threats"],
            demands: &["return"],
            city: "Prato",
            country: "IT",
        },
    )
    .await;

    // Sites: a published one linked to 4 consenting reports and to every declining one; an
    // unpublished one linked to 6 consenting reports.
    let published = site(instance, &amira, "Prato overseas station", start).await;
    for report in consenting.iter().take(4).chain(&declined) {
        instance
            .link_report_to_site(&amira, published, *report, "req", at(10, start))
            .await
            .unwrap();
    }
    instance
        .add_site_claim(
            &amira,
            published,
            &ClaimFields {
                date: "2022-09".into(),
                kind: "reported".into(),
                title: "110 Overseas".into(),
                publisher: "Safeguard Defenders".into(),
                source_date: "2022-09".into(),
                url: "https://safeguarddefenders.com/en/blog/230000-policing-expands".into(),
                ..ClaimFields::default()
            },
            "req",
            at(11, start),
        )
        .await
        .unwrap();
    instance
        .publish_site(
            &amira,
            published,
            PublishOptions::default(),
            "req",
            at(12, start),
        )
        .await
        .unwrap();
    let unpublished = site(instance, &amira, "A restaurant", start).await;
    for report in consenting.iter().skip(4).take(6) {
        instance
            .link_report_to_site(&amira, unpublished, *report, "req", at(13, start))
            .await
            .unwrap();
    }

    let query = StatisticsQuery { year: 2026 };
    let statistics = instance.statistics(&amira, &query).await.unwrap();
    assert_nothing_small_is_revealed(&statistics);
    assert_eq!(statistics.counted, Cell::Count(19), "{engine}");
    assert_eq!(statistics.years, vec![2026, 2025], "{engine}");
    assert!(
        statistics.outside_access,
        "{engine}: two reports predate every key"
    );
    assert!(!statistics.pending, "{engine}");

    // Months: March's 4 is "< 5"; a total of 19 minus May's 9 would give it back with
    // November's 6, so November is withheld too; May counts consenting reports only.
    let month = |m| cell(&statistics.by_month, &RowKey::Month(m));
    assert_eq!(month(Month::March), Some(Cell::FewerThanFive), "{engine}");
    assert_eq!(month(Month::May), Some(Cell::Count(9)), "{engine}");
    assert_eq!(month(Month::November), Some(Cell::Withheld), "{engine}");
    assert_eq!(month(Month::January), Some(Cell::Count(0)), "{engine}");
    assert_eq!(statistics.by_month.rows.len(), 12);

    let incident = |i| cell(&statistics.by_incident, &RowKey::Incident(i));
    assert_eq!(
        incident(Incident::Threats),
        Some(Cell::FewerThanFive),
        "{engine}"
    );
    assert_eq!(
        incident(Incident::Harassment),
        Some(Cell::Count(19)),
        "{engine}"
    );
    assert_eq!(
        incident(Incident::Surveillance),
        Some(Cell::Count(0)),
        "{engine}"
    );
    let demand = |d| cell(&statistics.by_demand, &RowKey::Demand(d));
    assert_eq!(
        demand(Demand::Return),
        Some(Cell::FewerThanFive),
        "{engine}"
    );
    assert_eq!(demand(Demand::Silence), Some(Cell::Count(19)), "{engine}");

    // Cities: Prato by name (10, consenting only); Rotterdam's 4 are among "other places",
    // never named; 5 with no city, withheld so that 19 - 10 does not give the 4 back.
    assert_eq!(
        statistics
            .by_city
            .rows
            .iter()
            .map(|r| r.key.clone())
            .collect::<Vec<_>>()
            .len(),
        3,
        "{engine}: {:?}",
        statistics.by_city
    );
    let prato = statistics.by_city.rows.first().unwrap();
    assert!(
        matches!(
            prato.key,
            RowKey::City {
                name: "Prato",
                country: "IT",
                ..
            }
        ),
        "{engine}: {prato:?}"
    );
    assert_eq!(prato.cell, Cell::Count(10), "{engine}");
    assert_eq!(
        cell(&statistics.by_city, &RowKey::OtherPlaces),
        Some(Cell::FewerThanFive),
        "{engine}"
    );
    assert_eq!(
        cell(&statistics.by_city, &RowKey::NoPlace),
        Some(Cell::Withheld),
        "{engine}"
    );

    // Sites: the published one by name, "< 5" (its declining reports not counted); the
    // unpublished one never named, its 6 reports together.
    assert_eq!(
        statistics.by_site.rows.len(),
        2,
        "{engine}: {:?}",
        statistics.by_site
    );
    assert_eq!(
        cell(
            &statistics.by_site,
            &RowKey::Site {
                id: published,
                name: "Prato overseas station".into()
            }
        ),
        Some(Cell::FewerThanFive),
        "{engine}"
    );
    assert_eq!(
        cell(&statistics.by_site, &RowKey::UnpublishedSites),
        Some(Cell::Count(6)),
        "{engine}"
    );

    // The recovery identity's holder grants the early reports: they are counted now (21),
    // and November (8) is still withheld beside March's "< 5".
    instance
        .grant_access_with_recovery(recovery, "amira", at(20, start))
        .await
        .unwrap();
    let statistics = instance.statistics(&amira, &query).await.unwrap();
    assert_nothing_small_is_revealed(&statistics);
    assert_eq!(statistics.counted, Cell::Count(21), "{engine}");
    assert!(!statistics.outside_access, "{engine}: {early:?} granted");
    assert_eq!(
        cell(&statistics.by_month, &RowKey::Month(Month::November)),
        Some(Cell::Withheld),
        "{engine}"
    );

    // Another year: one report, under five: nothing but "< 5".
    let last_year = instance
        .statistics(&amira, &StatisticsQuery { year: 2025 })
        .await
        .unwrap();
    assert_eq!(last_year.counted, Cell::FewerThanFive, "{engine}");
    for (name, breakdown) in breakdowns(&last_year) {
        assert!(
            breakdown.withheld && breakdown.rows.is_empty(),
            "{engine} {name}"
        );
    }

    // The export is the same statistics, and it is audited (year only).
    let exported = instance
        .export_statistics(&amira, &query, "req-export", at(30, start))
        .await
        .unwrap();
    assert_eq!(exported, statistics);
}

async fn site(
    instance: &Instance,
    investigator: &Investigator,
    name: &str,
    start: Instant,
) -> quietline_core::SiteId {
    instance
        .create_site(
            investigator,
            &SiteFields {
                names: name.into(),
                city: "Prato".into(),
                country: "IT".into(),
                ..SiteFields::new_site()
            },
            "req",
            at(9, start),
        )
        .await
        .unwrap()
}

/// Summaries sealed before statistics existed carry no consent: the first statistics asked
/// for by someone whose key opens those reports make them again from the answers, and count
/// them (SQLite: the summaries are replaced behind the service's back, as an older version
/// wrote them).
#[tokio::test]
async fn summaries_sealed_before_statistics_are_made_again_from_the_answers() {
    use quietline_core::taxonomy::Subject;
    use quietline_service::InboxSummary;
    use sqlx::Row as _;

    let (instance, dir, recovery) = crate::fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, totp, _) = enrolled(&instance, "amira", start).await;
    for _ in 0..6 {
        let report = Sent {
            day: date!(2026 - 03 - 10),
            consents: true,
            incidents: &["threats"],
            demands: &["return"],
            city: "Prato",
            country: "IT",
        };
        send(&instance, &report).await;
    }
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite:{}",
        dir.path().join("data").join("quietline.db").display()
    ))
    .await
    .unwrap();
    let wrap: Vec<u8> = sqlx::query("SELECT recovery_wrap FROM workspace")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    let workspace = quietline_crypto::unwrap_identity(&wrap, &recovery).unwrap();
    let older = InboxSummary {
        subject: Subject::HappenedToMe,
        incidents: vec![Incident::Threats],
        language: "en".into(),
        country: "IT".into(),
        city: "Prato".into(),
        attachments: 0,
        sketch: None,
        statistics: None,
        opening: String::new(),
    };
    let sealed = older.seal(&workspace.recipient()).unwrap();
    let plain = quietline_crypto::open(&workspace, &sealed).unwrap();
    assert!(
        !String::from_utf8_lossy(&plain).contains("statistics"),
        "as an older version sealed it"
    );
    sqlx::query("UPDATE reports SET summary_sealed = $1")
        .bind(&sealed)
        .execute(&pool)
        .await
        .unwrap();

    // Signed out and in again: the inbox is read from the database, older summaries included.
    instance
        .sign_out(&amira, "req", at(10, start))
        .await
        .unwrap();
    let now = at(60, start);
    let code = totp.code_at(now.unix()).unwrap();
    let amira = match instance
        .sign_in(
            "amira",
            &secrecy::SecretString::from(crate::workbench::PASSWORD),
            &code,
            "req",
            now,
        )
        .await
        .unwrap()
    {
        quietline_service::SignInOutcome::SignedIn(again) => again,
        other => panic!("{other:?}"),
    };
    let statistics = instance
        .statistics(&amira, &StatisticsQuery { year: 2026 })
        .await
        .unwrap();
    assert_eq!(statistics.counted, Cell::Count(6));
    assert!(!statistics.pending);
    assert_eq!(
        cell(&statistics.by_demand, &RowKey::Demand(Demand::Return)),
        Some(Cell::Count(6)),
        "the demands come from the answers"
    );
    // Saved: each summary now carries the consent, sealed to the workspace key.
    for row in sqlx::query("SELECT summary_sealed FROM reports")
        .fetch_all(&pool)
        .await
        .unwrap()
    {
        let plain = quietline_crypto::open(&workspace, &row.get::<Vec<u8>, _>(0)).unwrap();
        let summary: InboxSummary = serde_json::from_slice(&plain).unwrap();
        assert!(
            matches!(
                summary.statistics,
                Some(quietline_service::ForStatistics::Consented { .. })
            ),
            "{summary:?}"
        );
    }
}
