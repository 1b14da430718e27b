//! Retention and the purge (issue 14), on the service clock and on both engines: the day
//! follows the last activity, a postponement moves it and is audited, a report past its day is
//! crypto-shredded (unless held), an interrupted purge is finished by the next run, and the
//! admin's preview lists exactly the reports due within 30 days.

use std::time::Instant;

use quietline_core::{Day, ReportId};
use quietline_service::{
    Actor, Clock as _, InboxQuery, Instance, Now, PurgeStop, ReceiptOutcome, ServiceConfig,
    ServiceError, SystemClock,
};
use quietline_storage::Database;

use crate::fresh_instances_with_urls;
use crate::workbench::{enrolled, submit};

/// Noon UTC of `day` on the wall clock (the monotonic clock just after `start`).
fn on(day: &str, start: Instant) -> Now {
    let date: Day = day.parse().unwrap();
    Now {
        wall: date.date().with_hms(12, 0, 0).unwrap().assume_utc(),
        mono: start + std::time::Duration::from_secs(1),
    }
}

fn day(text: &str) -> Day {
    text.parse().unwrap()
}

/// The only report in the inbox that is not one of `known`.
async fn newest(
    instance: &Instance,
    who: &quietline_service::Investigator,
    known: &[ReportId],
) -> ReportId {
    instance
        .inbox(
            who,
            &InboxQuery {
                per_page: 200,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap()
        .entries
        .iter()
        .map(|e| e.id)
        .find(|id| !known.contains(id))
        .unwrap()
}

async fn audit_of(instance: &Instance, action: &str, subject: ReportId) -> Vec<(String, String)> {
    instance
        .audit_page(None, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action && e.subject == subject.to_string())
        .map(|e| (e.actor, e.detail))
        .collect()
}

/// How many rows of every per-report table, and of `reports`, still name `report`.
async fn rows_naming(url: &str, report: ReportId) -> i64 {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let mut count = 0;
    for table in [
        "reports WHERE id",
        "attachments WHERE report_id",
        "messages WHERE report_id",
        "notes WHERE report_id",
        "report_access WHERE report_id",
        "report_reads WHERE report_id",
    ] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} = $1"
        )))
        .bind(report.to_string())
        .fetch_one(&pool)
        .await
        .unwrap();
        count += n;
    }
    pool.close().await;
    count
}

#[tokio::test]
async fn the_retention_day_follows_last_activity_and_a_postponement_moves_it_and_is_audited() {
    for (engine, instance, _dir, recovery, _url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        submit(&instance, "en", "surveillance", "They photographed us.").await;
        let id = newest(&instance, &amira, &[]).await;
        let today = on("2026-12-01", start);
        let inbox = instance
            .inbox(
                &amira,
                &InboxQuery {
                    per_page: 10,
                    today: Some(Day::new(today.today())),
                    ..InboxQuery::default()
                },
            )
            .await
            .unwrap();
        let retention = inbox.entries[0].retention.unwrap();
        // Received (and last changed) 2026-11-29: 24 months later.
        assert_eq!(retention.day, day("2028-11-29"), "{engine}");
        assert!(!retention.due_soon && !retention.postponed && !retention.legal_hold);

        // A message to the reporter is activity: the day moves with it.
        let later = on("2027-03-10", start);
        instance
            .reply_to_reporter(&amira, id, "Where was this?", "req", later)
            .await
            .unwrap();
        let view = instance
            .open_report(&amira, id, "req", later)
            .await
            .unwrap();
        assert_eq!(view.retention.day, day("2029-03-10"), "{engine}");

        // A postponement must be later, with a reason.
        for (until, reason) in [
            ("2029-03-10", "kept"),
            ("2029-01-01", "kept"),
            ("soon", "kept"),
        ] {
            assert!(matches!(
                instance
                    .postpone_retention(&amira, id, until, reason, "req", later)
                    .await,
                Err(ServiceError::Invalid(_))
            ));
        }
        assert!(matches!(
            instance
                .postpone_retention(&amira, id, "2030-01-01", "  ", "req", later)
                .await,
            Err(ServiceError::Invalid(_))
        ));
        let retention = instance
            .postpone_retention(
                &amira,
                id,
                "2030-01-01",
                "Prosecutor asked us to keep it",
                "req",
                later,
            )
            .await
            .unwrap();
        assert_eq!(
            (retention.day, retention.postponed),
            (day("2030-01-01"), true)
        );
        let view = instance
            .open_report(&amira, id, "req", later)
            .await
            .unwrap();
        assert_eq!(view.retention.day, day("2030-01-01"));

        // Audited with the day; the reason only sealed to the recovery key.
        let entries = audit_of(&instance, "retention_postponed", id).await;
        assert_eq!(entries.len(), 1, "{engine}");
        assert_eq!(entries[0].0, format!("investigator:{}", amira.id));
        assert!(!entries[0].1.contains("Prosecutor"));
        let detail: serde_json::Value = serde_json::from_str(&entries[0].1).unwrap();
        assert_eq!(detail["until"], "2030-01-01");
        let sealed = instance
            .open_sealed_audit_detail(&recovery, detail["sealed"].as_str().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(sealed["reason"], "Prosecutor asked us to keep it");
        assert_eq!(sealed["report"], id.to_string());
    }
}

#[tokio::test]
async fn a_report_past_its_day_is_crypto_shredded_unless_held_and_the_preview_lists_what_is_due() {
    for (engine, instance, dir, recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let receipt = submit(&instance, "en", "surveillance", "Gone after two years.").await;
        let gone = newest(&instance, &amira, &[]).await;
        submit(&instance, "en", "surveillance", "Held for court.").await;
        let held = newest(&instance, &amira, &[gone]).await;
        submit(&instance, "en", "surveillance", "Postponed.").await;
        let postponed = newest(&instance, &amira, &[gone, held]).await;
        submit(&instance, "en", "surveillance", "Later activity.").await;
        let active = newest(&instance, &amira, &[gone, held, postponed]).await;
        let db = Database::open(&url).await.unwrap();
        db.set_report_legal_hold(held, true).await.unwrap();
        instance
            .postpone_retention(
                &amira,
                postponed,
                "2029-06-01",
                "Ongoing",
                "req",
                on("2027-01-01", start),
            )
            .await
            .unwrap();
        instance
            .reply_to_reporter(
                &amira,
                active,
                "Still there?",
                "req",
                on("2027-06-01", start),
            )
            .await
            .unwrap();
        instance
            .add_note(
                &amira,
                gone,
                "A note on it.",
                "req",
                on("2026-12-01", start),
            )
            .await
            .unwrap();

        // The preview 30 days ahead: exactly the two whose day (2028-11-29) is within it.
        let preview = instance
            .retention_preview(&amira, on("2028-11-10", start))
            .await
            .unwrap();
        let mut listed: Vec<(ReportId, bool)> = preview
            .due
            .iter()
            .map(|r| (r.id, r.retention.legal_hold))
            .collect();
        listed.sort();
        let mut expected = vec![(gone, false), (held, true)];
        expected.sort();
        assert_eq!(listed, expected, "{engine}");
        assert_eq!(preview.until, day("2028-12-10"));
        assert!(
            instance
                .retention_preview(&amira, on("2028-10-29", start))
                .await
                .unwrap()
                .due
                .is_empty(),
            "a day 31 days ahead is not due within 30"
        );

        // Nothing is past its day yet on the day itself.
        let none = instance
            .purge_due(Actor::System, false, on("2028-11-29", start).wall)
            .await
            .unwrap();
        assert!(none.purged.is_empty() && none.held.is_empty(), "{engine}");

        let folder = dir.path().join("data/reports").join(gone.to_string());
        let report_recipient = db.report(gone).await.unwrap().unwrap().report_recipient;
        assert!(folder.join("key.age").exists());
        let purge_day = on("2028-11-30", start);
        let dry = instance
            .purge_due(Actor::Cli, true, purge_day.wall)
            .await
            .unwrap();
        assert_eq!(
            (dry.purged.clone(), dry.held.clone()),
            (vec![gone], vec![held])
        );
        assert!(folder.join("key.age").exists(), "a dry run changes nothing");

        let outcome = instance
            .purge_due(Actor::System, false, purge_day.wall)
            .await
            .unwrap();
        assert_eq!((outcome.purged, outcome.held), (vec![gone], vec![held]));

        // Objects and key wraps gone; no row names it; a tombstone and an audit entry stay.
        assert!(!folder.exists(), "{engine}");
        assert_eq!(rows_naming(&url, gone).await, 0, "{engine}");
        let tombstones = db.tombstones().await.unwrap();
        assert_eq!(tombstones.len(), 1);
        assert_eq!(
            (tombstones[0].report_id, tombstones[0].purged_day),
            (gone, day("2028-11-30"))
        );
        assert_eq!(tombstones[0].state, quietline_storage::PurgeState::Purged);
        let entries = audit_of(&instance, "report_purged", gone).await;
        assert_eq!(entries, vec![("system".to_owned(), "{}".to_owned())]);

        // The recovery identity opens nothing of it: no file left anywhere is its report key,
        // and the offline decryption finds no report.
        for path in crate::files(&dir.path().join("data")) {
            let bytes = std::fs::read(&path).unwrap();
            if let Ok(identity) = quietline_crypto::unwrap_identity(&bytes, &recovery) {
                assert_ne!(identity.recipient().to_string(), report_recipient);
            }
            assert!(
                !String::from_utf8_lossy(&bytes).contains("Gone after two years"),
                "{}",
                path.display()
            );
        }
        assert!(matches!(
            instance
                .decrypt_report(gone, &recovery, &dir.path().join("out"))
                .await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            instance.open_report(&amira, gone, "req", purge_day).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            instance.open_receipt(&receipt, start).await.unwrap(),
            ReceiptOutcome::Rejected
        ));
        // The unlocked workspace forgot it.
        let left: Vec<ReportId> = instance
            .inbox(
                &amira,
                &InboxQuery {
                    per_page: 10,
                    ..InboxQuery::default()
                },
            )
            .await
            .unwrap()
            .entries
            .iter()
            .map(|e| e.id)
            .collect();
        assert!(!left.contains(&gone) && left.len() == 3, "{engine}");
        // The held, postponed and active reports still open.
        for id in [held, postponed, active] {
            instance
                .open_report(&amira, id, "req", purge_day)
                .await
                .unwrap();
        }

        // Again: nothing more, and no second entry.
        let again = instance
            .purge_due(Actor::System, false, on("2028-12-01", start).wall)
            .await
            .unwrap();
        assert!(again.purged.is_empty() && again.resumed == 0);
        assert_eq!(audit_of(&instance, "report_purged", gone).await.len(), 1);
        db.close().await;
    }
}

#[tokio::test]
async fn a_purge_interrupted_half_way_is_finished_by_the_next_run() {
    for (engine, instance, dir, _recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let receipt = submit(&instance, "en", "surveillance", "First.").await;
        let first = newest(&instance, &amira, &[]).await;
        let db = Database::open(&url).await.unwrap();
        let folder = dir.path().join("data/reports").join(first.to_string());

        // Stopped after the rows: nothing reads it any more, its files wait for the next run.
        let stopped = instance
            .purge_due_stopping(
                Actor::System,
                false,
                on("2029-01-01", start).wall,
                Some(PurgeStop::AfterRows),
            )
            .await
            .unwrap();
        assert_eq!(stopped.purged, vec![first]);
        assert!(folder.join("key.age").exists(), "{engine}");
        assert_eq!(rows_naming(&url, first).await, 0);
        assert_eq!(db.purges_in_progress().await.unwrap(), vec![first]);
        assert!(audit_of(&instance, "report_purged", first).await.is_empty());
        assert!(matches!(
            instance.open_receipt(&receipt, start).await.unwrap(),
            ReceiptOutcome::Rejected
        ));
        assert!(matches!(
            instance
                .open_report(&amira, first, "req", on("2029-01-01", start))
                .await,
            Err(ServiceError::NotFound)
        ));

        let resumed = instance
            .purge_due(Actor::Cli, false, on("2029-01-02", start).wall)
            .await
            .unwrap();
        assert_eq!((resumed.resumed, resumed.purged.len()), (1, 0), "{engine}");
        assert!(!folder.exists());
        assert!(db.purges_in_progress().await.unwrap().is_empty());
        assert_eq!(
            audit_of(&instance, "report_purged", first).await,
            vec![("cli".to_owned(), "{}".to_owned())]
        );

        // Stopped after the files, before the entry: the next run audits and ends it.
        submit(&instance, "en", "surveillance", "Second.").await;
        let second = newest(&instance, &amira, &[]).await;
        instance
            .purge_due_stopping(
                Actor::System,
                false,
                on("2029-01-03", start).wall,
                Some(PurgeStop::AfterShredding),
            )
            .await
            .unwrap();
        let second_folder = dir.path().join("data/reports").join(second.to_string());
        assert!(!second_folder.exists());
        assert!(
            audit_of(&instance, "report_purged", second)
                .await
                .is_empty()
        );
        let resumed = instance
            .purge_due(Actor::System, false, on("2029-01-03", start).wall)
            .await
            .unwrap();
        assert_eq!(resumed.resumed, 1);
        assert_eq!(audit_of(&instance, "report_purged", second).await.len(), 1);
        let states: Vec<_> = db
            .tombstones()
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.state)
            .collect();
        assert_eq!(states, vec![quietline_storage::PurgeState::Purged; 2]);
        db.close().await;
    }
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_purge_leaves_its_folder_to_the_next_run() {
    let config = ServiceConfig {
        receipt_kdf: quietline_crypto::KdfParams::TEST_ONLY,
        password_kdf: quietline_crypto::KdfParams::TEST_ONLY,
        ..ServiceConfig::default()
    };
    for (engine, instance, dir, _recovery, url) in fresh_instances_with_urls(config.clone()).await {
        let start = SystemClock.instant();
        submit(&instance, "en", "surveillance", "Cut short.").await;
        let db = Database::open(&url).await.unwrap();
        let id = db.report_ids().await.unwrap()[0];
        let reports = dir.path().join("data/reports");
        instance
            .purge_due_stopping(
                Actor::System,
                false,
                on("2029-01-01", start).wall,
                Some(PurgeStop::AfterRows),
            )
            .await
            .unwrap();
        instance.close().await;
        drop(instance);
        // A folder without a row that is no purge's (a crash during intake) goes at start; the
        // purge's stays, to be overwritten rather than merely unlinked.
        let orphan = reports.join(ReportId::random().to_string());
        std::fs::create_dir(&orphan).unwrap();
        let database = (engine == "postgres").then_some(url.as_str());
        let instance = Instance::open(
            quietline_service::DataDir::new(dir.path().join("data")),
            database,
            config.clone(),
        )
        .await
        .unwrap();
        assert!(!orphan.exists(), "{engine}: the start-up cleanup ran");
        assert!(reports.join(id.to_string()).join("key.age").exists());
        let outcome = instance
            .purge_due(Actor::System, false, on("2029-01-02", start).wall)
            .await
            .unwrap();
        assert_eq!(outcome.resumed, 1);
        assert!(!reports.join(id.to_string()).exists());
        assert_eq!(audit_of(&instance, "report_purged", id).await.len(), 1);
        db.close().await;
    }
}

#[tokio::test]
async fn the_sweeper_purges_once_a_day() {
    for (engine, instance, dir, _recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        submit(&instance, "en", "surveillance", "Swept.").await;
        let db = Database::open(&url).await.unwrap();
        let id = db.report_ids().await.unwrap()[0];
        instance.sweep(on("2028-11-29", start)).await;
        assert!(db.report(id).await.unwrap().is_some(), "{engine}: not past");
        // The first sweep of the next day purges it; the day's later sweeps do nothing more.
        instance.sweep(on("2028-11-30", start)).await;
        instance.sweep(on("2028-11-30", start)).await;
        assert!(db.report(id).await.unwrap().is_none(), "{engine}");
        assert!(
            !dir.path()
                .join("data/reports")
                .join(id.to_string())
                .exists()
        );
        assert_eq!(
            audit_of(&instance, "report_purged", id).await,
            vec![("system".to_owned(), "{}".to_owned())]
        );
        db.close().await;
    }
}
