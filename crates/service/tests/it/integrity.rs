//! Integrity from arrival (issue 14, point 2), on SQLite and PostgreSQL, with the service's
//! clock driven by hand: every item of a day (answers, files, messages of both sides) is
//! covered by the one daily audit entry appended after the day ends; the bundle-facing
//! `integrity_items` gives proofs that verify, and fail on a changed byte; nothing stored
//! gives a time of day, an order of arrival or a guessed file's hash; an item arriving while
//! its day is being committed goes to the next day.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use quietline_core::{Limits, ReportDraft, ReportId};
use quietline_crypto::Identity;
use quietline_crypto::commitment::{Hash32, commit, merkle_root};
use quietline_service::{
    AuditAction, AuditEntry, Clock, Instance, IntegrityFailure, IntegrityItem, IntegrityProof,
    ItemKind, ReceiptOutcome, ServiceConfig, SystemClock, sha256_hex, verify_item,
};
use time::macros::date;

use crate::fresh_instances_with_urls;

const D1: time::Date = date!(2026 - 11 - 29);
const D2: time::Date = date!(2026 - 11 - 30);
const D3: time::Date = date!(2026 - 12 - 01);

fn answers(narrative: &str) -> quietline_core::ReportAnswers {
    ReportDraft::from_fields(
        [("subject", "happened_to_me"), ("narrative", narrative)],
        &Limits::default(),
    )
    .validate("en", &Limits::default(), D1)
    .unwrap()
}

/// A report sent on `day` with `files`; its id and receipt.
async fn submit(
    instance: &Instance,
    day: time::Date,
    narrative: &str,
    files: &[&[u8]],
) -> (ReportId, quietline_core::Receipt) {
    let mut submission = instance.begin_submission(day).await.unwrap();
    for file in files {
        let mut upload = submission
            .attachment("evidence.pdf", "application/pdf")
            .await
            .unwrap();
        for chunk in file.chunks(5000) {
            upload.write(chunk).await.unwrap();
        }
        upload.finish().await.unwrap();
    }
    let receipt = submission.complete(&answers(narrative)).await.unwrap();
    let report = match instance
        .open_receipt(&receipt, SystemClock.instant())
        .await
        .unwrap()
    {
        ReceiptOutcome::Accepted(access) => access.report,
        ReceiptOutcome::Rejected => panic!("receipt rejected"),
    };
    (report, receipt)
}

fn at(day: time::Date, hour: u8, minute: u8) -> time::OffsetDateTime {
    day.with_hms(hour, minute, 7).unwrap().assume_utc()
}

async fn daily_entries(instance: &Instance) -> Vec<AuditEntry> {
    let mut entries: Vec<AuditEntry> = instance
        .audit_page(None, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::IntegrityDayCommitted.code())
        .collect();
    entries.sort_by_key(|e| e.seq);
    entries
}

fn hash32(text: &str) -> Hash32 {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).unwrap();
    out
}

/// The commitments stored under `day`, read with plain SQL as anyone with the database would.
async fn stored_commitments(url: &str, day: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let values: Vec<String> =
        sqlx::query_scalar("SELECT commitment FROM integrity_commitments WHERE day = $1")
            .bind(day)
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    values
}

fn root_of(commitments: &[String]) -> String {
    let mut leaves: Vec<Hash32> = commitments.iter().map(|c| hash32(c)).collect();
    leaves.sort_unstable();
    hex::encode(merkle_root(&leaves).unwrap())
}

#[tokio::test]
async fn the_daily_entry_covers_every_item_of_the_day_and_its_proofs_verify() {
    for (engine, instance, _dir, recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let file_a1 = b"%PDF-1.7 first file of report A".repeat(400);
        let file_a2 = b"second file of report A".to_vec();
        let file_b = b"the only file of report B".repeat(3);
        let (a, receipt_a) =
            submit(&instance, D1, "what happened to A", &[&file_a1, &file_a2]).await;
        let (b, _) = submit(&instance, D1, "what happened to B", &[&file_b]).await;
        // Both sides of the conversation on the same day: an investigator's message, then the
        // reporter's reply with a file.
        instance
            .send_to_reporter(&recovery, a, "Which city was this in?", D1)
            .await
            .unwrap();
        let access = match instance
            .open_receipt(&receipt_a, SystemClock.instant())
            .await
            .unwrap()
        {
            ReceiptOutcome::Accepted(access) => access,
            ReceiptOutcome::Rejected => panic!("receipt rejected"),
        };
        let mut reply = instance.begin_reply(&access, D1).await.unwrap();
        let reply_file = b"a photo sent later".to_vec();
        let mut upload = reply.attachment("photo.jpg", "image/jpeg").await.unwrap();
        upload.write(&reply_file).await.unwrap();
        upload.finish().await.unwrap();
        reply.complete("In Kashgar.").await.unwrap();
        // A report of the next day is not in the first day's tree.
        let (c, _) = submit(&instance, D2, "what happened to C", &[]).await;

        // Not before the day has ended, and never for today.
        assert_eq!(
            instance
                .commit_integrity_days(at(D1, 23, 59))
                .await
                .unwrap(),
            0
        );
        let pending = instance.integrity_items(&recovery, a, None).await.unwrap();
        assert_eq!(pending.len(), 6, "{engine}: answers, 3 files, 2 messages");
        assert!(pending.iter().all(|i| i.proof == IntegrityProof::Pending));
        assert_eq!(pending[0].verify(), Err(IntegrityFailure::Pending));

        // After midnight: by the sweeper (whose first round is at start-up).
        let clock = Arc::new(FixedClock(AtomicI64::new(at(D2, 0, 1).unix_timestamp())));
        let sweeper = instance.spawn_sweeper(clock.clone(), |_| {});
        let deadline = SystemClock.instant() + Duration::from_secs(20);
        while daily_entries(&instance).await.is_empty() && SystemClock.instant() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        sweeper.abort();
        assert_eq!(
            instance.commit_integrity_days(at(D2, 9, 0)).await.unwrap(),
            0
        );
        let entries = daily_entries(&instance).await;
        assert_eq!(
            entries.len(),
            1,
            "{engine}: one entry for the first day only"
        );
        let entry = &entries[0];
        assert_eq!(entry.actor, "system");
        assert_eq!(entry.subject, "2026-11-29");
        assert_eq!(entry.request_id, "");
        let detail = entry.detail_object().unwrap();
        let mut keys: Vec<&String> = detail.keys().collect();
        keys.sort();
        assert_eq!(keys, ["count", "day", "root"], "{engine}");
        assert_eq!(detail["day"], "2026-11-29");
        assert_eq!(
            detail["count"], 8,
            "{engine}: A's 6 items and B's answers and file"
        );
        let root = detail["root"].as_str().unwrap().to_owned();
        // The root again from the rows, by anyone with the database.
        let stored = stored_commitments(&url, "2026-11-29").await;
        assert_eq!(stored.len(), 8);
        assert_eq!(root_of(&stored), root, "{engine}");

        // And from the bundle-facing function: every item of both reports, each verifying.
        let items_a = instance.integrity_items(&recovery, a, None).await.unwrap();
        let items_b = instance.integrity_items(&recovery, b, None).await.unwrap();
        let mut from_items: Vec<String> = Vec::new();
        for item in items_a.iter().chain(&items_b) {
            let IntegrityProof::Included(proof) = &item.proof else {
                panic!("{engine}: {item:?} has no proof")
            };
            assert_eq!(proof.root, root);
            assert_eq!(proof.audit_seq, entry.seq);
            assert_eq!(proof.tree_size, 8);
            assert_eq!(item.day.to_string(), "2026-11-29");
            assert_eq!(item.verify(), Ok(()), "{engine}: {item:?}");
            from_items.push(item.commitment.clone());
        }
        from_items.sort();
        let mut sorted = stored.clone();
        sorted.sort();
        assert_eq!(
            from_items, sorted,
            "{engine}: the rows are exactly these items"
        );

        // The hashes are of the exact bytes sent.
        let kinds = |items: &[IntegrityItem], kind| {
            items
                .iter()
                .filter(|i| i.kind == kind)
                .map(|i| (i.sha256.clone(), i.size))
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(
            kinds(&items_a, ItemKind::Attachment),
            [&file_a1[..], &file_a2, &reply_file]
                .iter()
                .map(|f| (sha256_hex(f), f.len() as u64))
                .collect()
        );
        assert_eq!(
            kinds(&items_a, ItemKind::Message),
            ["Which city was this in?", "In Kashgar."]
                .iter()
                .map(|m| (sha256_hex(m.as_bytes()), m.len() as u64))
                .collect()
        );
        let answers_json = serde_json::to_vec(&answers("what happened to B")).unwrap();
        assert_eq!(
            kinds(&items_b, ItemKind::Answers),
            [(sha256_hex(&answers_json), answers_json.len() as u64)].into()
        );
        // One item asked for by id.
        let one = &items_a[1];
        assert_eq!(
            instance
                .integrity_items(&recovery, a, Some(&one.item_id))
                .await
                .unwrap(),
            vec![one.clone()]
        );
        // Someone whose key does not open the report gets nothing.
        assert!(
            instance
                .integrity_items(&Identity::generate(), a, None)
                .await
                .is_err()
        );

        // A changed byte anywhere fails, and says where.
        let IntegrityProof::Included(proof) = &one.proof else {
            unreachable!()
        };
        let flip = |text: &str| {
            let mut bytes = hex::decode(text).unwrap();
            bytes[5] ^= 0x01;
            hex::encode(bytes)
        };
        assert_eq!(
            verify_item(&flip(&one.sha256), &one.nonce, &one.commitment, proof),
            Err(IntegrityFailure::Commitment)
        );
        assert_eq!(
            verify_item(&one.sha256, &flip(&one.nonce), &one.commitment, proof),
            Err(IntegrityFailure::Commitment)
        );
        let mut changed = proof.clone();
        changed.audit_path[0] = flip(&changed.audit_path[0]);
        assert_eq!(
            verify_item(&one.sha256, &one.nonce, &one.commitment, &changed),
            Err(IntegrityFailure::Inclusion)
        );
        let mut changed = proof.clone();
        changed.root = flip(&changed.root);
        assert_eq!(
            verify_item(&one.sha256, &one.nonce, &one.commitment, &changed),
            Err(IntegrityFailure::Inclusion)
        );
        let mut changed = proof.clone();
        changed.leaf_index = (changed.leaf_index + 1) % changed.tree_size;
        assert_eq!(
            verify_item(&one.sha256, &one.nonce, &one.commitment, &changed),
            Err(IntegrityFailure::Inclusion)
        );

        // C's day is committed the day after, by its own entry.
        let c_items = instance.integrity_items(&recovery, c, None).await.unwrap();
        assert!(c_items.iter().all(|i| i.proof == IntegrityProof::Pending));
        assert_eq!(
            instance.commit_integrity_days(at(D3, 0, 0)).await.unwrap(),
            1
        );
        let c_items = instance.integrity_items(&recovery, c, None).await.unwrap();
        assert_eq!(c_items.len(), 1);
        assert_eq!(c_items[0].verify(), Ok(()));
        assert!(instance.verify_audit().await.unwrap().is_intact());
    }
}

/// Whether `text` holds a time of day (a digit, a colon, a digit).
fn has_time(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
}

/// A clock standing at a second the test sets.
struct FixedClock(AtomicI64);

impl Clock for FixedClock {
    fn now(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp(self.0.load(Ordering::SeqCst)).unwrap()
    }
}

/// Every value of every table, as text (SQLite: each column's bytes in hex, upper case;
/// PostgreSQL: each row's text form, where `bytea` is lower-case hex).
async fn every_value(url: &str, engine: &str) -> String {
    let mut out = String::new();
    if engine == "sqlite" {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&pool)
                .await
                .unwrap();
        for table in tables {
            let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT name FROM pragma_table_info('{table}')"
            )))
            .fetch_all(&pool)
            .await
            .unwrap();
            for column in columns {
                let values: Vec<Option<String>> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT hex(\"{column}\") FROM \"{table}\""
                )))
                .fetch_all(&pool)
                .await
                .unwrap();
                for value in values.into_iter().flatten() {
                    out.push_str(&value);
                    out.push('|');
                }
            }
        }
        pool.close().await;
    } else {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for table in tables {
            let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT t::text FROM \"{table}\" t"
            )))
            .fetch_all(&mut conn)
            .await
            .unwrap();
            for row in rows {
                out.push_str(&row);
                out.push('|');
            }
        }
    }
    out
}

#[tokio::test]
async fn nothing_stored_gives_a_time_of_day_an_order_or_a_guessed_file() {
    for (engine, instance, _dir, recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let guessed = b"the leaked memo everyone has a copy of".repeat(50);
        let (first, _) = submit(&instance, D1, "the first report", &[&guessed]).await;
        let (second, _) = submit(&instance, D1, "the second report", &[&guessed]).await;
        assert_eq!(
            instance.commit_integrity_days(at(D2, 3, 4)).await.unwrap(),
            1
        );

        // The guessed file's SHA-256 is in no column of any table: not as hex text (either
        // case), not as raw bytes.
        let sha = quietline_crypto::commitment::sha256(&guessed);
        let lower = hex::encode(sha);
        let all = every_value(&url, engine).await;
        let needles: Vec<String> = if engine == "sqlite" {
            vec![
                hex::encode_upper(sha),                  // raw bytes
                hex::encode_upper(lower.as_bytes()),     // hex text
                hex::encode_upper(lower.to_uppercase()), // HEX text
            ]
        } else {
            vec![lower.clone(), lower.to_uppercase()] // text, and bytea's hex form
        };
        let action = AuditAction::IntegrityDayCommitted.code();
        let action = match engine {
            "sqlite" => hex::encode_upper(action),
            _ => action.to_owned(),
        };
        assert!(
            all.contains(&action),
            "{engine}: the scan read the audit trail"
        );
        for needle in &needles {
            assert!(
                !all.contains(needle.as_str()),
                "{engine}: the file's hash is stored"
            );
        }
        // Given the nonce (as the evidence bundle will carry it), the file is confirmed.
        let items = instance
            .integrity_items(&recovery, first, None)
            .await
            .unwrap();
        let file = items
            .iter()
            .find(|i| i.kind == ItemKind::Attachment)
            .unwrap();
        assert_eq!(file.sha256, lower);
        assert_eq!(
            hex::encode(commit(&hash32(&file.nonce), &sha)),
            file.commitment
        );
        assert!(all.contains(&match engine {
            "sqlite" => hex::encode_upper(file.commitment.as_bytes()),
            _ => file.commitment.clone(),
        }));

        // Days only, no time of day: in the rows and in the entry.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let days: Vec<String> = sqlx::query_scalar(
            "SELECT day FROM integrity_commitments UNION ALL SELECT day FROM integrity_days",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert!(!days.is_empty());
        for day in &days {
            assert!(
                day.len() == 10 && day.parse::<quietline_core::Day>().is_ok(),
                "{engine}: {day}"
            );
        }
        let entries = daily_entries(&instance).await;
        assert_eq!(entries.len(), 1);
        assert!(
            !has_time(&entries[0].detail),
            "{engine}: {}",
            entries[0].detail
        );
        assert!(!has_time(&entries[0].subject));
        // The entry's time is when the job ran, after the day; it names no report.
        assert!(
            entries[0].at.starts_with("2026-11-30T03:04:"),
            "{}",
            entries[0].at
        );
        for report in [first, second] {
            assert!(!entries[0].detail.contains(&report.to_string()));
        }
        // The two reports of the day: the same day, the same kinds and counts, no counter.
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT report_id, kind, day FROM integrity_commitments ORDER BY report_id, kind",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        let shape = |report: ReportId| {
            rows.iter()
                .filter(|(r, _, _)| *r == report.to_string())
                .map(|(_, kind, day)| (kind.clone(), day.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(shape(first), shape(second), "{engine}");
        assert_eq!(shape(first).len(), 2);
        if engine == "sqlite" {
            // WITHOUT ROWID, keyed by the commitment: stored in its order, not the writing's.
            for table in ["integrity_commitments", "integrity_days"] {
                let sql: String =
                    sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = $1")
                        .bind(table)
                        .fetch_one(&pool)
                        .await
                        .unwrap();
                assert!(sql.contains("WITHOUT ROWID"), "{table}");
            }
            assert!(
                sqlx::query("SELECT rowid FROM integrity_commitments")
                    .fetch_all(&pool)
                    .await
                    .is_err()
            );
            // (All the columns: with fewer, SQLite may read a covering index instead.)
            let natural: Vec<String> = sqlx::query_as::<_, (String, Vec<u8>)>(
                "SELECT commitment, opening_sealed FROM integrity_commitments",
            )
            .fetch_all(&pool)
            .await
            .unwrap()
            .into_iter()
            .map(|(commitment, _)| commitment)
            .collect();
            let mut sorted = natural.clone();
            sorted.sort();
            assert_eq!(natural, sorted, "rows come back in the commitments' order");
        }
        let columns: Vec<String> = if engine == "sqlite" {
            sqlx::query_scalar("SELECT name FROM pragma_table_info('integrity_commitments')")
                .fetch_all(&pool)
                .await
                .unwrap()
        } else {
            sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_name = 'integrity_commitments' ORDER BY ordinal_position",
            )
            .fetch_all(&pool)
            .await
            .unwrap()
        };
        assert_eq!(
            columns,
            [
                "commitment",
                "report_id",
                "kind",
                "item_id",
                "day",
                "opening_sealed"
            ],
            "{engine}: no counter, no time"
        );
        pool.close().await;
    }
}

#[tokio::test]
async fn an_item_arriving_while_its_day_is_committed_goes_to_the_next_open_day() {
    for (engine, instance, _dir, recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        // A report begun just before midnight, sent just after the first day was committed.
        let (early, _) = submit(&instance, D1, "before midnight", &[]).await;
        let mut late = instance.begin_submission(D1).await.unwrap();
        let mut upload = late.attachment("a.txt", "text/plain").await.unwrap();
        upload.write(b"late file").await.unwrap();
        upload.finish().await.unwrap();
        assert_eq!(
            instance.commit_integrity_days(at(D2, 0, 0)).await.unwrap(),
            1
        );
        let receipt = late.complete(&answers("after midnight")).await.unwrap();
        let late = match instance
            .open_receipt(&receipt, SystemClock.instant())
            .await
            .unwrap()
        {
            ReceiptOutcome::Accepted(access) => access.report,
            ReceiptOutcome::Rejected => panic!("receipt rejected"),
        };
        // The first day's entry and rows are as they were: one item, the early report's.
        assert_eq!(
            stored_commitments(&url, "2026-11-29").await.len(),
            1,
            "{engine}"
        );
        let items = instance
            .integrity_items(&recovery, late, None)
            .await
            .unwrap();
        assert_eq!(items.len(), 2);
        for item in &items {
            assert_eq!(item.day.to_string(), "2026-11-30", "{engine}: {item:?}");
            assert_eq!(item.proof, IntegrityProof::Pending);
        }
        let first = instance
            .integrity_items(&recovery, early, None)
            .await
            .unwrap();
        assert_eq!(first[0].verify(), Ok(()), "{engine}");

        // A day that had nothing when a later day was closed is closed with it: an item of
        // that day goes after the last closed day too.
        let mut older = instance
            .begin_submission(date!(2026 - 11 - 28))
            .await
            .unwrap();
        let mut upload = older.attachment("b.txt", "text/plain").await.unwrap();
        upload.write(b"older file").await.unwrap();
        upload.finish().await.unwrap();
        assert_eq!(
            instance.commit_integrity_days(at(D3, 0, 0)).await.unwrap(),
            1
        );
        let receipt = older.complete(&answers("much later")).await.unwrap();
        let older = match instance
            .open_receipt(&receipt, SystemClock.instant())
            .await
            .unwrap()
        {
            ReceiptOutcome::Accepted(access) => access.report,
            ReceiptOutcome::Rejected => panic!("receipt rejected"),
        };
        let items = instance
            .integrity_items(&recovery, older, None)
            .await
            .unwrap();
        assert!(
            items.iter().all(|i| i.day.to_string() == "2026-12-01"),
            "{engine}"
        );
        assert_eq!(stored_commitments(&url, "2026-11-29").await.len(), 1);
        assert_eq!(stored_commitments(&url, "2026-11-30").await.len(), 2);
        // Every entry's count still matches its day's rows, and every item verifies.
        assert_eq!(
            instance
                .commit_integrity_days(at(date!(2026 - 12 - 02), 0, 0))
                .await
                .unwrap(),
            1
        );
        for entry in daily_entries(&instance).await {
            let detail = entry.detail_object().unwrap();
            let stored = stored_commitments(&url, &entry.subject).await;
            assert_eq!(detail["count"], stored.len() as u64, "{engine}");
            assert_eq!(detail["root"], root_of(&stored), "{engine}");
        }
        for report in [early, late, older] {
            for item in instance
                .integrity_items(&recovery, report, None)
                .await
                .unwrap()
            {
                assert_eq!(item.verify(), Ok(()), "{engine}: {item:?}");
            }
        }
    }
}
