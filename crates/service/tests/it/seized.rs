//! Issue 11: an intruder who can write the database (or the data directory) gets nothing new.
//! Each test changes rows behind the service's back, as an intruder on the database host
//! would, runs an operation, and checks that the row was refused, that the refusal is in the
//! audit trail, and that the intruder's own identity opens nothing in the data directory or
//! the database.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use quietline_core::{Limits, ReportDraft, ReportId};
use quietline_crypto::{Identity, open, unwrap_identity, wrap_identity};
use quietline_service::{
    Actor, AuditAction, AuditEvent, AuditProblemKind, Clock, DataDir, Instance, ReceiptOutcome,
    ServiceConfig, ServiceError, SystemClock,
};
use sqlx::Row;

use crate::workbench::{at, enrolled};
use crate::{TODAY, fresh_instance};

async fn db(dir: &Path) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!(
        "sqlite:{}",
        dir.join("data").join("quietline.db").display()
    ))
    .await
    .unwrap()
}

async fn tamper(dir: &Path, sql: &str, binds: &[&str]) {
    let pool = db(dir).await;
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    for b in binds {
        query = query.bind(b.to_string());
    }
    let done = query.execute(&pool).await.unwrap();
    assert!(done.rows_affected() > 0, "{sql} changed nothing");
    pool.close().await;
}

fn answers() -> quietline_core::ReportAnswers {
    ReportDraft::from_fields(
        [
            ("subject", "happened_to_me"),
            ("incident", "family_pressure"),
            ("narrative", "They called my mother in Fuzhou."),
            ("city", "Prato"),
        ],
        &Limits::default(),
    )
    .validate("en", &Limits::default(), TODAY)
    .unwrap()
}

async fn submit(instance: &Instance) -> quietline_core::Receipt {
    let mut submission = instance.begin_submission(TODAY).await.unwrap();
    let mut upload = submission.attachment("a.png", "image/png").await.unwrap();
    upload.write(b"PNG").await.unwrap();
    upload.finish().await.unwrap();
    submission.complete(&answers()).await.unwrap()
}

fn age_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            age_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "age") {
            out.push(path);
        }
    }
}

/// Nothing in the data directory or the database opens with `intruder`: no object, no
/// wrapped key, no sealed column.
async fn intruder_opens_nothing(dir: &Path, intruder: &Identity) {
    let opens =
        |bytes: &[u8]| open(intruder, bytes).is_ok() || unwrap_identity(bytes, intruder).is_ok();
    let mut files = Vec::new();
    age_files(&dir.join("data"), &mut files);
    assert!(!files.is_empty());
    for file in files {
        assert!(
            !opens(&std::fs::read(&file).unwrap()),
            "{} opens",
            file.display()
        );
    }
    let pool = db(dir).await;
    for (table, column) in [
        ("reports", "summary_sealed"),
        ("reports", "tags_sealed"),
        ("reports", "xref_sealed"),
        ("investigators", "workspace_key"),
        ("investigators", "wrapped_identity"),
        ("investigators", "totp_sealed"),
        ("workspace", "recovery_wrap"),
        ("workspace", "previous_key_wrap"),
        ("sites", "sealed"),
        ("link_decisions", "sealed"),
        ("reply_templates", "sealed"),
    ] {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {column} FROM {table}")))
            .fetch_all(&pool)
            .await
            .unwrap();
        for row in rows {
            if let Some(bytes) = row.try_get::<Option<Vec<u8>>, _>(0).unwrap() {
                assert!(!opens(&bytes), "{table}.{column} opens");
            }
        }
    }
    pool.close().await;
}

async fn refusals(instance: &Instance) -> Vec<(String, String)> {
    instance
        .audit_page(None, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::RecipientRefused.code())
        .map(|e| (e.subject, e.detail))
        .collect()
}

#[tokio::test]
async fn submit_leaves_out_an_investigator_key_changed_in_the_database() {
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let (amira, _, _) = enrolled(&instance, "amira", SystemClock.instant()).await;
    let intruder = Identity::generate();
    tamper(
        dir.path(),
        "UPDATE investigators SET recipient = $1 WHERE username = 'amira'",
        &[&intruder.recipient().to_string()],
    )
    .await;
    submit(&instance).await;
    let refused = refusals(&instance).await;
    assert!(
        refused
            .iter()
            .any(|(subject, detail)| *subject == amira.id.to_string()
                && detail.contains("investigator")),
        "{refused:?}"
    );
    intruder_opens_nothing(dir.path(), &intruder).await;
    // The report is still received, for the recovery holder.
    let id = instance.report_summaries().await.unwrap()[0].id;
    let out = dir.path().join("out");
    instance
        .decrypt_report(id, &recovery, &out)
        .await
        .unwrap()
        .publish()
        .unwrap();
    assert!(out.join("answers.json").exists());
}

#[tokio::test]
async fn a_changed_recovery_recipient_stops_intake() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let intruder = Identity::generate();
    tamper(
        dir.path(),
        "UPDATE settings SET value = $1 WHERE name = 'recovery_recipient'",
        &[&intruder.recipient().to_string()],
    )
    .await;
    assert!(matches!(
        instance.begin_submission(TODAY).await,
        Err(ServiceError::RecipientRefused("recovery"))
    ));
    assert_eq!(refusals(&instance).await.len(), 1);
}

#[tokio::test]
async fn intake_seals_no_summary_to_a_changed_workspace_key() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    enrolled(&instance, "amira", SystemClock.instant()).await;
    let intruder = Identity::generate();
    tamper(
        dir.path(),
        "UPDATE workspace SET recipient = $1",
        &[&intruder.recipient().to_string()],
    )
    .await;
    submit(&instance).await;
    assert!(
        refusals(&instance)
            .await
            .iter()
            .any(|(_, detail)| detail.contains("workspace"))
    );
    intruder_opens_nothing(dir.path(), &intruder).await;
}

#[tokio::test]
async fn replies_to_the_reporter_refuse_a_changed_mailbox_key() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    let first = submit(&instance).await;
    let other = submit(&instance).await;
    let ReceiptOutcome::Accepted(first) = instance
        .open_receipt(&first, SystemClock.instant())
        .await
        .unwrap()
    else {
        panic!("receipt accepted")
    };
    let target = first.report;
    // First: the intruder's own key. Then: the genuine mailbox key of a report the intruder
    // filed themselves (they hold its receipt), moved onto this one.
    let intruder = Identity::generate();
    tamper(
        dir.path(),
        "UPDATE reports SET mailbox_recipient = $1 WHERE id = $2",
        &[&intruder.recipient().to_string(), &target.to_string()],
    )
    .await;
    let refused = instance
        .reply_to_reporter(&amira, target, "Can you tell us more?", "req", at(1, start))
        .await;
    assert!(
        matches!(refused, Err(ServiceError::RecipientRefused("report"))),
        "{refused:?}"
    );
    let pool = db(dir.path()).await;
    let other_mailbox: String = sqlx::query("SELECT mailbox_recipient FROM reports WHERE id <> $1")
        .bind(target.to_string())
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    pool.close().await;
    tamper(
        dir.path(),
        "UPDATE reports SET mailbox_recipient = $1 WHERE id = $2",
        &[&other_mailbox, &target.to_string()],
    )
    .await;
    let refused = instance
        .reply_to_reporter(&amira, target, "Can you tell us more?", "req", at(2, start))
        .await;
    assert!(matches!(
        refused,
        Err(ServiceError::RecipientRefused("report"))
    ));
    assert!(refusals(&instance).await.len() >= 2);
    intruder_opens_nothing(dir.path(), &intruder).await;
    // The intruder's own receipt reads nothing new either: no message was stored.
    let ReceiptOutcome::Accepted(access) = instance
        .open_receipt(&other, SystemClock.instant())
        .await
        .unwrap()
    else {
        panic!("the other receipt works")
    };
    assert!(
        instance
            .reporter_thread(&access)
            .await
            .unwrap()
            .messages
            .is_empty()
    );
}

#[tokio::test]
async fn reporter_replies_refuse_a_changed_report_key() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    enrolled(&instance, "amira", SystemClock.instant()).await;
    let receipt = submit(&instance).await;
    let ReceiptOutcome::Accepted(access) = instance
        .open_receipt(&receipt, SystemClock.instant())
        .await
        .unwrap()
    else {
        panic!("receipt accepted")
    };
    let intruder = Identity::generate();
    tamper(
        dir.path(),
        "UPDATE reports SET report_recipient = $1",
        &[&intruder.recipient().to_string()],
    )
    .await;
    assert!(matches!(
        instance.begin_reply(&access, TODAY).await,
        Err(ServiceError::RecipientRefused("report"))
    ));
    assert!(matches!(
        instance.reporter_thread(&access).await,
        Err(ServiceError::RecipientRefused("report"))
    ));
    assert!(!refusals(&instance).await.is_empty());
    intruder_opens_nothing(dir.path(), &intruder).await;
}

#[tokio::test]
async fn grants_refuse_a_changed_grantee_key_and_drop_planted_holders() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (admin, _, _) = enrolled(&instance, "amira", start).await;
    submit(&instance).await;
    enrolled(&instance, "bilal", start).await;
    let intruder = Identity::generate();
    tamper(
        dir.path(),
        "UPDATE investigators SET recipient = $1 WHERE username = 'bilal'",
        &[&intruder.recipient().to_string()],
    )
    .await;
    let refused = instance
        .grant_access(&admin, "bilal", "req", at(1, start))
        .await;
    assert!(
        matches!(refused, Err(ServiceError::RecipientRefused("investigator"))),
        "{refused:?}"
    );
    intruder_opens_nothing(dir.path(), &intruder).await;

    // A holder planted in report_access is not re-wrapped to at the next grant.
    enrolled(&instance, "chen", start).await;
    let report = instance.report_summaries().await.unwrap()[0].id;
    tamper(
        dir.path(),
        "INSERT INTO report_access (report_id, recipient) VALUES ($1, $2)",
        &[&report.to_string(), &intruder.recipient().to_string()],
    )
    .await;
    let granted = instance
        .grant_access(&admin, "chen", "req", at(2, start))
        .await
        .unwrap();
    assert_eq!(granted.reports, 1);
    intruder_opens_nothing(dir.path(), &intruder).await;
    assert!(
        refusals(&instance)
            .await
            .iter()
            .any(|(_, detail)| detail.contains("report_access"))
    );
}

#[tokio::test]
async fn an_intruders_workspace_key_wrapped_to_an_investigator_is_refused_at_unlock() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, totp, _) = enrolled(&instance, "amira", start).await;
    instance
        .sign_out(&amira, "req", at(1, start))
        .await
        .unwrap();
    // Anyone can wrap a key to amira's public key.
    let planted = Identity::generate();
    let pool = db(dir.path()).await;
    let recipient: String = sqlx::query("SELECT recipient FROM investigators")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    sqlx::query("UPDATE investigators SET workspace_key = $1")
        .bind(wrap_identity(&planted, &[recipient.parse().unwrap()]).unwrap())
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let now = at(60, start);
    let signed_in = instance
        .sign_in(
            "amira",
            &secrecy::SecretString::from(crate::workbench::PASSWORD),
            &totp.code_at(now.unix()).unwrap(),
            "req",
            now,
        )
        .await;
    assert!(
        matches!(signed_in, Err(ServiceError::RecipientRefused("workspace"))),
        "{signed_in:?}"
    );
    assert!(!instance.workspace_is_unlocked());
}

#[tokio::test]
async fn a_planted_message_is_never_shown_as_from_investigators() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    let receipt = submit(&instance).await;
    let report = instance.report_summaries().await.unwrap()[0].id;
    instance
        .reply_to_reporter(
            &amira,
            report,
            "Thank you. Are you safe?",
            "req",
            at(1, start),
        )
        .await
        .unwrap();
    // The intruder writes a message "from investigators", sealed to the two public keys.
    let pool = db(dir.path()).await;
    let row = sqlx::query("SELECT report_recipient, mailbox_recipient FROM reports")
        .fetch_one(&pool)
        .await
        .unwrap();
    let keys: Vec<quietline_crypto::Recipient> = [row.get::<String, _>(0), row.get::<String, _>(1)]
        .iter()
        .map(|k| k.parse().unwrap())
        .collect();
    // One without a proof of origin, one with a made-up one.
    for origin in [None, Some("v1:00".to_owned())] {
        let planted = quietline_core::MessageId::random();
        let sealed = quietline_crypto::seal(&keys, b"Come to the station tomorrow at 10.").unwrap();
        std::fs::write(
            dir.path()
                .join("data/reports")
                .join(report.to_string())
                .join("messages")
                .join(format!("{planted}.age")),
            &sealed,
        )
        .unwrap();
        sqlx::query(
            "INSERT INTO messages (id, report_id, seq, author, sent_day, size_bytes, origin_mac) \
             VALUES ($1, $2, (SELECT MAX(seq) + 1 FROM messages), 'investigator', '2026-11-29', 10, $3)",
        )
        .bind(planted.to_string())
        .bind(report.to_string())
        .bind(origin)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    let ReceiptOutcome::Accepted(access) = instance
        .open_receipt(&receipt, SystemClock.instant())
        .await
        .unwrap()
    else {
        panic!("receipt accepted")
    };
    let thread = instance.reporter_thread(&access).await.unwrap();
    let genuine: Vec<_> = thread.messages.iter().filter(|m| m.verified).collect();
    let planted_shown: Vec<_> = thread.messages.iter().filter(|m| !m.verified).collect();
    assert_eq!(genuine.len(), 1);
    assert_eq!(genuine[0].text, "Thank you. Are you safe?");
    assert_eq!(planted_shown.len(), 2);
    assert!(planted_shown.iter().all(|m| m.text.contains("station")));
    // Investigators see the same.
    let view = instance
        .open_report(&amira, report, "req", at(2, start))
        .await
        .unwrap();
    assert_eq!(view.messages.iter().filter(|m| !m.verified).count(), 2);
}

#[tokio::test]
async fn the_reporters_own_replies_verify_on_both_sides() {
    let (instance, _dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    let receipt = submit(&instance).await;
    let ReceiptOutcome::Accepted(access) = instance
        .open_receipt(&receipt, SystemClock.instant())
        .await
        .unwrap()
    else {
        panic!("receipt accepted")
    };
    instance
        .begin_reply(&access, TODAY)
        .await
        .unwrap()
        .complete("More details.")
        .await
        .unwrap();
    let thread = instance.reporter_thread(&access).await.unwrap();
    assert!(thread.messages.iter().all(|m| m.verified));
    let view = instance
        .open_report(&amira, access.report, "req", at(1, start))
        .await
        .unwrap();
    assert!(view.messages.iter().all(|m| m.verified) && view.messages.len() == 1);
}

// --- the audit tail ----------------------------------------------------------------------

async fn audit_some(instance: &Instance, n: usize) {
    for i in 0..n {
        instance
            .audit(
                AuditEvent::new(Actor::Cli, AuditAction::Export).fact("n", i),
                time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap(),
            )
            .await
            .unwrap();
    }
}

const NOW: fn() -> time::OffsetDateTime =
    || time::OffsetDateTime::from_unix_timestamp(1_800_000_100).unwrap();

#[tokio::test]
async fn the_server_refuses_to_sign_a_cut_tail() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    audit_some(&instance, 70).await;
    instance.sign_audit_head(NOW()).await.unwrap();
    tamper(dir.path(), "DELETE FROM audit_log WHERE seq > 60", &[]).await;
    tamper(dir.path(), "DELETE FROM audit_heads WHERE seq > 60", &[]).await;
    assert!(matches!(
        instance.sign_audit_head(NOW()).await,
        Err(ServiceError::AuditTampered(_))
    ));
    assert!(matches!(
        instance
            .audit(AuditEvent::new(Actor::Cli, AuditAction::Export), NOW())
            .await,
        Err(ServiceError::AuditTampered(_))
    ));
}

#[tokio::test]
async fn a_forged_next_entry_is_not_signed_and_is_named() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    audit_some(&instance, 5).await;
    let last = instance.audit_page(None, 1).await.unwrap().remove(0);
    // The hash chain has no key: the intruder can compute a valid next entry.
    let at = "2026-11-29T10:00:00Z";
    let fields = quietline_crypto::audit::EntryFields {
        seq: last.seq + 1,
        at,
        actor: "cli",
        action: "recovery_recipient_set",
        subject: "",
        detail: "{}",
        request_id: "",
    };
    let hash = quietline_crypto::audit::entry_hash(&last.hash, &fields);
    let pool = db(dir.path()).await;
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, subject, detail, request_id, prev_hash, hash) \
         VALUES ($1, $2, 'cli', 'recovery_recipient_set', '', '{}', '', $3, $4)",
    )
    .bind(i64::try_from(last.seq + 1).unwrap())
    .bind(at)
    .bind(&last.hash)
    .bind(&hash)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    assert!(matches!(
        instance.sign_audit_head(NOW()).await,
        Err(ServiceError::AuditTampered(_))
    ));
    let verified = instance.verify_audit().await.unwrap();
    assert_eq!(
        verified.problem.map(|p| (p.seq, p.kind)),
        Some((last.seq + 1, AuditProblemKind::NotByThisInstance))
    );
}

#[tokio::test]
async fn verify_says_the_trail_ends_before_an_exported_head() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    audit_some(&instance, 10).await;
    instance.sign_audit_head(NOW()).await.unwrap();
    let exported = instance.export_audit_head().await.unwrap().unwrap();
    instance.close().await;
    drop(instance);
    // Cut the tail and its head while the server is down (no process remembers the tail).
    tamper(dir.path(), "DELETE FROM audit_log WHERE seq > 6", &[]).await;
    tamper(dir.path(), "DELETE FROM audit_heads", &[]).await;
    let reopened = Instance::open(
        DataDir::new(dir.path().join("data")),
        None,
        ServiceConfig {
            receipt_kdf: quietline_crypto::KdfParams::TEST_ONLY,
            password_kdf: quietline_crypto::KdfParams::TEST_ONLY,
            ..ServiceConfig::default()
        },
    )
    .await
    .unwrap();
    assert!(
        reopened.verify_audit().await.unwrap().is_intact(),
        "alone, it looks intact"
    );
    let key = reopened.audit_public_key();
    let verified = reopened
        .verify_audit_against(&key, std::slice::from_ref(&exported))
        .await
        .unwrap();
    assert_eq!(
        verified.problem.map(|p| (p.seq, p.kind)),
        Some((exported.seq, AuditProblemKind::EndsBeforeExportedHead))
    );
    assert!(
        verified
            .problem
            .unwrap()
            .to_string()
            .contains("the trail ends before the last signed head the operator exported")
    );
}

// --- keys leave memory ---------------------------------------------------------------------

/// The service clock, moved by hand.
struct ManualClock {
    start: Instant,
    offset: AtomicU64,
}

impl Clock for ManualClock {
    fn now(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp(
            1_800_000_000 + self.offset.load(Ordering::SeqCst) as i64,
        )
        .unwrap()
    }

    fn instant(&self) -> Instant {
        self.start + Duration::from_secs(self.offset.load(Ordering::SeqCst))
    }
}

#[tokio::test]
async fn the_workspace_locks_on_a_timer_without_any_request() {
    let (instance, _dir, _) = fresh_instance(ServiceConfig {
        sweep_every: Duration::from_millis(20),
        ..ServiceConfig::default()
    })
    .await;
    let clock = Arc::new(ManualClock {
        start: SystemClock.instant(),
        offset: AtomicU64::new(0),
    });
    let (_amira, _, _) = enrolled(&instance, "amira", clock.start).await;
    assert!(instance.workspace_is_unlocked());
    let swept = Arc::new(AtomicU64::new(0));
    let count = swept.clone();
    let sweeper = instance.spawn_sweeper(clock.clone(), move |_| {
        count.fetch_add(1, Ordering::SeqCst);
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(instance.workspace_is_unlocked(), "not idle yet");
    clock.offset.store(31 * 60, Ordering::SeqCst);
    let deadline = SystemClock.instant() + Duration::from_secs(10);
    while instance.workspace_is_unlocked() && SystemClock.instant() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!instance.workspace_is_unlocked(), "locked by the timer");
    assert!(swept.load(Ordering::SeqCst) > 0);
    // A report arriving now is sealed, not indexed in clear memory.
    submit(&instance).await;
    assert!(!instance.workspace_is_unlocked());
    sweeper.abort();
}

// --- pepper and secrets ---------------------------------------------------------------------

fn test_config() -> ServiceConfig {
    ServiceConfig {
        receipt_kdf: quietline_crypto::KdfParams::TEST_ONLY,
        password_kdf: quietline_crypto::KdfParams::TEST_ONLY,
        ..ServiceConfig::default()
    }
}

#[tokio::test]
async fn a_missing_pepper_is_an_error_and_is_never_replaced() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    submit(&instance).await;
    instance.close().await;
    drop(instance);
    let data = dir.path().join("data");
    let pepper = data.join("secrets/pepper");
    std::fs::rename(&pepper, dir.path().join("pepper.moved")).unwrap();
    let opened = Instance::open(DataDir::new(&data), None, test_config()).await;
    let Err(err) = opened else {
        panic!("opened without its pepper")
    };
    assert!(matches!(err, ServiceError::MissingSecret { .. }), "{err}");
    assert!(err.to_string().contains("pepper"), "{err}");
    assert!(!pepper.exists(), "no new pepper");
    // A configured pepper file that is missing: the same.
    let elsewhere = dir.path().join("volume/pepper");
    let opened = Instance::open(
        DataDir::new(&data).with_pepper_file(Some(elsewhere.clone())),
        None,
        test_config(),
    )
    .await;
    assert!(matches!(opened, Err(ServiceError::MissingSecret { .. })));
    assert!(!elsewhere.exists());
    // Back in place, everything works again.
    std::fs::rename(dir.path().join("pepper.moved"), &pepper).unwrap();
    Instance::open(DataDir::new(&data), None, test_config())
        .await
        .unwrap();
}

#[cfg(unix)]
#[tokio::test]
async fn wrong_modes_are_made_owner_only_at_start() {
    use std::os::unix::fs::PermissionsExt;
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    submit(&instance).await;
    instance.close().await;
    drop(instance);
    let data = dir.path().join("data");
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set(&data, 0o755);
    set(&data.join("secrets"), 0o755);
    set(&data.join("secrets/pepper"), 0o644);
    set(&data.join("quietline.db"), 0o644);
    Instance::open(DataDir::new(&data), None, test_config())
        .await
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("secrets")), 0o700);
    assert_eq!(mode(&data.join("secrets/pepper")), 0o600);
    assert_eq!(mode(&data.join("quietline.db")), 0o600);
    for wal in ["quietline.db-wal", "quietline.db-shm"] {
        if data.join(wal).exists() {
            assert_eq!(mode(&data.join(wal)) & 0o077, 0, "{wal}");
        }
    }
}

// --- grants and offline decryption ------------------------------------------------------------

#[tokio::test]
async fn two_grants_at_once_lose_no_wrap() {
    let (instance, _dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (admin, _, _) = enrolled(&instance, "amira", start).await;
    for _ in 0..6 {
        submit(&instance).await;
    }
    let (bilal, _, _) = enrolled(&instance, "bilal", start).await;
    let (chen, _, _) = enrolled(&instance, "chen", start).await;
    let (a, b) = tokio::join!(
        instance.grant_access(&admin, "bilal", "req", at(1, start)),
        instance.grant_access(&admin, "chen", "req", at(1, start)),
    );
    assert_eq!(a.unwrap().reports, 6);
    assert_eq!(b.unwrap().reports, 6);
    let now = at(2, start);
    let bilal = instance
        .investigator_session(&bilal.session.0, now)
        .await
        .unwrap()
        .unwrap();
    let chen = instance
        .investigator_session(&chen.session.0, now)
        .await
        .unwrap()
        .unwrap();
    for report in instance.report_summaries().await.unwrap() {
        for who in [&bilal, &chen] {
            instance
                .open_report(who, report.id, "req", at(2, start))
                .await
                .unwrap_or_else(|e| panic!("{} cannot open {}: {e}", who.username, report.id));
        }
    }
}

#[tokio::test]
async fn a_damaged_message_makes_decrypt_leave_nothing_behind() {
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, _, _) = enrolled(&instance, "amira", start).await;
    submit(&instance).await;
    let report: ReportId = instance.report_summaries().await.unwrap()[0].id;
    instance
        .reply_to_reporter(&amira, report, "Hello", "req", at(1, start))
        .await
        .unwrap();
    let messages = dir
        .path()
        .join("data/reports")
        .join(report.to_string())
        .join("messages");
    let message = std::fs::read_dir(&messages)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&message).unwrap();
    let last = bytes.len() - 5;
    bytes[last] ^= 1;
    std::fs::write(&message, bytes).unwrap();
    let out_dir = dir.path().join("exports");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("report");
    assert!(
        instance
            .decrypt_report(report, &recovery, &out)
            .await
            .is_err()
    );
    assert_eq!(
        std::fs::read_dir(&out_dir).unwrap().count(),
        0,
        "neither the folder nor a partial one is left"
    );
}

// --- key rotation ------------------------------------------------------------------------------

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

async fn workspace_key_of(dir: &Path, username: &str, identity: &Identity) -> Identity {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", dir.join("quietline.db").display()))
        .await
        .unwrap();
    let wrapped: Vec<u8> =
        sqlx::query("SELECT workspace_key FROM investigators WHERE username = $1")
            .bind(username)
            .fetch_one(&pool)
            .await
            .unwrap()
            .get(0);
    pool.close().await;
    unwrap_identity(&wrapped, identity).unwrap()
}

#[tokio::test]
async fn after_a_password_change_the_old_password_opens_nothing_made_since() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, totp, _) = enrolled(&instance, "amira", start).await;
    submit(&instance).await;
    let first = instance.report_summaries().await.unwrap()[0].id;
    instance
        .add_note(&amira, first, "before the change", "req", at(1, start))
        .await
        .unwrap();
    // A copy of the database and files from before the change (a backup, a seized disk).
    let before = dir.path().join("before");
    copy_dir(&dir.path().join("data"), &before);

    let new_password = secrecy::SecretString::from("an entirely new passphrase");
    let code = |s: u64| totp.code_at(at(s, start).unix()).unwrap();
    assert!(
        instance
            .change_password(
                &amira,
                &secrecy::SecretString::from(crate::workbench::PASSWORD),
                &new_password,
                &code(60),
                "req",
                at(60, start)
            )
            .await
            .unwrap()
    );
    instance.settle().await;
    // Made after the change: a report, a note, tags.
    submit(&instance).await;
    let quietline_service::SignInOutcome::SignedIn(amira) = instance
        .sign_in("amira", &new_password, &code(120), "req", at(120, start))
        .await
        .unwrap()
    else {
        panic!("signed in with the new password")
    };
    for report in instance.report_summaries().await.unwrap() {
        let view = instance
            .open_report(&amira, report.id, "req", at(121, start))
            .await
            .unwrap();
        if report.id == first {
            assert_eq!(
                view.notes[0].text, "before the change",
                "re-sealed, still readable"
            );
        }
        instance
            .add_note(&amira, report.id, "after the change", "req", at(122, start))
            .await
            .unwrap();
        instance
            .set_tags(
                &amira,
                report.id,
                &["after".to_owned()],
                "req",
                at(123, start),
            )
            .await
            .unwrap();
    }
    // The old password, on the old copy: the old identity and the old workspace key.
    let old = Instance::open(DataDir::new(&before), None, test_config())
        .await
        .unwrap();
    let old_identity = old
        .unlock_investigator(
            "amira",
            &secrecy::SecretString::from(crate::workbench::PASSWORD),
        )
        .await
        .unwrap();
    let old_workspace = workspace_key_of(&before, "amira", &old_identity).await;
    // Neither opens anything in today's data: every report key and the workspace key were
    // moved to the new key pair, and everything sealed to the workspace re-sealed.
    intruder_opens_nothing(dir.path(), &old_identity).await;
    intruder_opens_nothing(dir.path(), &old_workspace).await;
    let log = instance.audit_page(None, 1000).await.unwrap();
    for action in [
        AuditAction::InvestigatorRekeyed,
        AuditAction::WorkspaceKeyRotated,
        AuditAction::WorkspaceRotationFinished,
    ] {
        assert!(log.iter().any(|e| e.action == action.code()), "{action}");
    }
}

#[tokio::test]
async fn disabling_an_investigator_replaces_the_workspace_key_without_them() {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (admin, _, _) = enrolled(&instance, "amira", start).await;
    let (bilal, _, _) = enrolled(&instance, "bilal", start).await;
    instance
        .grant_access(&admin, "bilal", "req", at(1, start))
        .await
        .unwrap();
    submit(&instance).await;
    let report = instance.report_summaries().await.unwrap()[0].id;
    instance
        .add_note(&admin, report, "a note", "req", at(2, start))
        .await
        .unwrap();
    // A template of the admin's own (which also stores the shipped ones): re-sealed too.
    let template = quietline_service::TemplateFields {
        title: "Appointment".into(),
        language: "en".into(),
        body: "Could we meet at the community centre?".into(),
    };
    instance
        .change_reply_template(
            &admin,
            quietline_service::TemplateChange::Create(template.clone()),
            "req",
            at(2, start),
        )
        .await
        .unwrap();
    // A row that opens with neither workspace key (damaged, or planted sealed to a key of
    // someone else's): the re-seal leaves it and still finishes.
    let elsewhere = quietline_crypto::seal(&[Identity::generate().recipient()], b"{}").unwrap();
    let pool = db(dir.path()).await;
    sqlx::query(
        "INSERT INTO reply_templates (id, created_day, updated_day, sealed) \
         VALUES ($1, '2026-01-01', '2026-01-01', $2)",
    )
    .bind(quietline_core::ReplyTemplateId::random().to_string())
    .bind(elsewhere)
    .execute(&pool)
    .await
    .unwrap();
    let bilal_identity = instance
        .unlock_investigator(
            "bilal",
            &secrecy::SecretString::from(crate::workbench::PASSWORD),
        )
        .await
        .unwrap();
    let old_workspace = workspace_key_of(&dir.path().join("data"), "bilal", &bilal_identity).await;
    drop(bilal);
    instance
        .set_investigator_status_as(
            &admin,
            "bilal",
            quietline_service::InvestigatorStatus::Disabled,
            "req",
            at(3, start),
        )
        .await
        .unwrap();
    instance.settle().await;
    assert!(instance.workspace_rotation().is_none(), "finished");
    let previous: Option<Vec<u8>> = sqlx::query_scalar("SELECT previous_key_wrap FROM workspace")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(previous.is_none(), "the previous key is forgotten");
    pool.close().await;
    intruder_opens_nothing(dir.path(), &old_workspace).await;
    // Everyone else reads on.
    let view = instance
        .open_report(&admin, report, "req", at(4, start))
        .await
        .unwrap();
    assert_eq!(view.notes[0].text, "a note");
    let templates = instance.reply_templates_view(&admin).await.unwrap();
    assert!(!templates.shipped);
    assert!(templates.templates.iter().any(|t| t.fields == template));
    assert!(
        templates.templates.len() > 12,
        "the shipped ones read on too"
    );
}

/// Inserts `more` rows sealed like the first report's (the rotation re-seals each on its own).
async fn clone_first_report(pool: &sqlx::SqlitePool, more: i64) {
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO reports (id, lookup, report_recipient, mailbox_recipient, receipt_salt, kdf_memory_kib, \
         kdf_iterations, kdf_parallelism, status, received_day, updated_day, answers_bytes, summary_sealed, \
         xref_sealed, recipients_mac) \
         SELECT lower(hex(randomblob(16))), r.lookup + n.i, r.report_recipient, r.mailbox_recipient, r.receipt_salt, \
         r.kdf_memory_kib, r.kdf_iterations, r.kdf_parallelism, r.status, r.received_day, r.updated_day, \
         r.answers_bytes, r.summary_sealed, r.xref_sealed, r.recipients_mac \
         FROM n, (SELECT * FROM reports LIMIT 1) r",
    )
    .bind(more)
    .execute(pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn rotating_a_workspace_of_10000_reports_completes_and_every_page_reads() {
    const REPORTS: i64 = 10_000;
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (admin, totp, _) = enrolled(&instance, "amira", start).await;
    submit(&instance).await;
    // 9 999 more rows sealed like the first (the rotation re-seals each one on its own).
    let pool = db(dir.path()).await;
    clone_first_report(&pool, REPORTS - 1).await;
    pool.close().await;
    // The recovery holder disables a colleague and replaces the key (`quietline investigator
    // disable --identity`); the re-seal runs in the background.
    enrolled(&instance, "bilal", start).await;
    let rotated_at = SystemClock.instant();
    assert!(
        instance
            .disable_investigator_with_recovery("bilal", Some(&recovery))
            .await
            .unwrap()
    );
    // The progress an admin sees, while it runs.
    let mut seen = Vec::new();
    while let Some(progress) = instance.workspace_rotation() {
        seen.push(progress);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        seen.iter()
            .any(|p| p.total >= 2 * REPORTS as u64 && p.done < p.total),
        "{:?}",
        seen.last()
    );
    instance.settle().await;
    assert!(instance.workspace_rotation().is_none());
    eprintln!("rotation of {REPORTS} reports: {:?}", rotated_at.elapsed());
    instance.close().await;
    drop((instance, admin));
    // A fresh start (nothing in memory): every page of the inbox reads.
    let reopened = Instance::open(DataDir::new(dir.path().join("data")), None, test_config())
        .await
        .unwrap();
    let now = at(90, start);
    let admin = crate::workbench::signed_in(&reopened, "amira", &totp, now).await;
    let mut seen = 0;
    let mut page = 1;
    loop {
        let listed = reopened
            .inbox(
                &admin,
                &quietline_service::InboxQuery {
                    page,
                    per_page: 200,
                    ..quietline_service::InboxQuery::default()
                },
            )
            .await
            .unwrap();
        assert!(listed.entries.iter().all(|e| e.summary.is_some()));
        seen += listed.entries.len();
        if page >= listed.pages {
            break;
        }
        page += 1;
    }
    assert_eq!(seen, REPORTS as usize);
}

/// Issue 11, point 5: a re-seal interrupted midway (the copy of the data directory taken while
/// it runs is what a crash or a kill leaves) resumes at the next sign-in on that copy, and ends
/// with everything readable and the previous key forgotten.
#[tokio::test]
async fn an_interrupted_reseal_resumes_at_the_next_sign_in() {
    const REPORTS: i64 = 3_000;
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (_admin, totp, _) = enrolled(&instance, "amira", start).await;
    submit(&instance).await;
    let pool = db(dir.path()).await;
    clone_first_report(&pool, REPORTS - 1).await;
    enrolled(&instance, "bilal", start).await;
    assert!(
        instance
            .disable_investigator_with_recovery("bilal", Some(&recovery))
            .await
            .unwrap()
    );
    // While the re-seal runs: a consistent copy of the database (one read transaction) and the
    // rest of the data directory, as a kill would leave them.
    while instance.workspace_rotation().is_some_and(|p| p.done == 0) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let copy = dir.path().join("copy");
    let snapshot = copy.join("data").join("quietline.db");
    std::fs::create_dir_all(copy.join("data")).unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "VACUUM INTO '{}'",
        snapshot.display()
    )))
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    for part in ["secrets", "reports"] {
        copy_dir(
            &dir.path().join("data").join(part),
            &copy.join("data").join(part),
        );
    }
    instance.settle().await;
    drop(instance);
    let copied = db(&copy).await;
    let previous: Option<Vec<u8>> = sqlx::query("SELECT previous_key_wrap FROM workspace")
        .fetch_one(&copied)
        .await
        .unwrap()
        .get(0);
    copied.close().await;
    assert!(
        previous.is_some(),
        "the copy was taken while the re-seal ran (the previous key is still kept)"
    );

    // The copy, started: the admin signs in, the re-seal resumes and finishes.
    let resumed = Instance::open(DataDir::new(copy.join("data")), None, test_config())
        .await
        .unwrap();
    let now = at(90, start);
    let admin = crate::workbench::signed_in(&resumed, "amira", &totp, now).await;
    resumed.settle().await;
    assert!(resumed.workspace_rotation().is_none(), "finished");
    let copied = db(&copy).await;
    let previous: Option<Vec<u8>> = sqlx::query("SELECT previous_key_wrap FROM workspace")
        .fetch_one(&copied)
        .await
        .unwrap()
        .get(0);
    copied.close().await;
    assert!(previous.is_none(), "the previous key is forgotten");
    let listed = resumed
        .inbox(
            &admin,
            &quietline_service::InboxQuery {
                per_page: 200,
                ..quietline_service::InboxQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(listed.total, REPORTS as usize);
    assert!(listed.entries.iter().all(|e| e.summary.is_some()));
}
