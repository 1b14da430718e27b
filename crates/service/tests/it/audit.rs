//! The audit trail against a real SQLite file: events chain and verify; signed heads come
//! every 64 entries and on request; and every kind of tampering done by direct SQL on a
//! copy of the database (editing, deleting, reordering, forging a signature, signing with
//! another key, rewriting after a head) is caught at the right entry, while an untouched
//! copy passes. Two instances on one data directory append without forking the chain.

use std::path::{Path, PathBuf};

use quietline_core::{InvestigatorId, ReportId};
use quietline_crypto::audit::{AuditSigner, EntryFields, entry_hash};
use quietline_service::{
    Actor, AuditAction, AuditEvent, AuditProblem, AuditProblemKind, DataDir, Instance,
    ServiceConfig, ServiceError,
};
use sqlx::{Connection, Row, SqliteConnection};

use crate::fresh_instance;

const NOW: time::OffsetDateTime = time::macros::datetime!(2026-11-29 10:15:30 UTC);

fn event(i: u64) -> AuditEvent {
    match i % 3 {
        0 => AuditEvent::new(
            Actor::Investigator(InvestigatorId::random()),
            AuditAction::ReportOpened,
        )
        .subject(ReportId::random())
        .request_id(format!("req{i}")),
        1 => AuditEvent::new(Actor::Cli, AuditAction::StatusChanged)
            .subject(ReportId::random())
            .fact("from", "new")
            .fact("to", "in_review"),
        _ => AuditEvent::new(Actor::System, AuditAction::Login).fact("count", i),
    }
}

async fn append(instance: &Instance, count: u64) {
    for i in 0..count {
        instance.audit(event(i), NOW).await.unwrap();
    }
}

fn problem(seq: u64, kind: AuditProblemKind) -> Option<AuditProblem> {
    Some(AuditProblem { seq, kind })
}

#[tokio::test]
async fn events_chain_verify_and_read_newest_first() {
    let (instance, _dir, _) = fresh_instance(ServiceConfig::default()).await;
    let empty = instance.verify_audit().await.unwrap();
    assert!(empty.is_intact());
    assert_eq!((empty.entries_checked, empty.last_seq), (0, 0));
    assert_eq!(instance.sign_audit_head(NOW).await.unwrap(), None);

    append(&instance, 5).await;
    let page = instance.audit_page(None, 3).await.unwrap();
    assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [5, 4, 3]);
    assert_eq!(page[0].at, "2026-11-29T10:15:30Z");
    assert_eq!(page[0].parsed_action(), Some(AuditAction::StatusChanged));
    assert_eq!(page[0].parsed_actor(), Some(Actor::Cli));
    assert_eq!(
        page[0].detail_object().unwrap()["to"],
        serde_json::json!("in_review")
    );
    assert_eq!(page[1].parsed_action(), Some(AuditAction::ReportOpened));
    assert!(matches!(
        page[1].parsed_actor(),
        Some(Actor::Investigator(_))
    ));
    assert_eq!(page[1].request_id, "req3");
    assert_eq!(page[2].parsed_action(), Some(AuditAction::Login));
    let rest = instance.audit_page(Some(3), 10).await.unwrap();
    assert_eq!(rest.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 1]);

    let verified = instance.verify_audit().await.unwrap();
    assert!(verified.is_intact(), "{verified:?}");
    assert_eq!(verified.entries_checked, 5);
    assert_eq!(verified.heads_checked, 0);
    assert_eq!(verified.unsigned_tail(), 5);
    assert_eq!(verified.public_key, instance.audit_public_key());

    assert_eq!(instance.sign_audit_head(NOW).await.unwrap(), Some(5));
    assert_eq!(
        instance.sign_audit_head(NOW).await.unwrap(),
        None,
        "nothing new to sign"
    );
    let verified = instance.verify_audit().await.unwrap();
    assert!(verified.is_intact());
    assert_eq!(
        (verified.heads_checked, verified.last_signed_seq),
        (1, Some(5))
    );
    assert_eq!(verified.unsigned_tail(), 0);

    // Against another key, the heads are not this instance's.
    let other = AuditSigner::from_seed(&[9; 32]).public_key_hex();
    assert_eq!(
        instance
            .verify_audit_with_key(&other)
            .await
            .unwrap()
            .problem,
        problem(5, AuditProblemKind::UnknownKey)
    );
}

#[tokio::test]
async fn a_head_is_signed_every_64_entries() {
    let (instance, _dir, _) = fresh_instance(ServiceConfig::default()).await;
    append(&instance, 130).await;
    let verified = instance.verify_audit().await.unwrap();
    assert!(verified.is_intact(), "{verified:?}");
    assert_eq!(verified.entries_checked, 130);
    assert_eq!(verified.heads_checked, 2);
    assert_eq!(verified.last_signed_seq, Some(128));
    assert_eq!(verified.unsigned_tail(), 2);
}

#[tokio::test]
async fn events_of_the_wrong_shape_are_refused_and_not_recorded() {
    let (instance, _dir, _) = fresh_instance(ServiceConfig::default()).await;
    for bad in [
        AuditEvent::new(Actor::Cli, AuditAction::NoteAdded).subject("Chen Wei's report"),
        AuditEvent::new(Actor::Cli, AuditAction::NoteAdded)
            .fact("text", "the manager said everyone knew"),
        AuditEvent::new(Actor::Cli, AuditAction::NoteAdded).fact("name", "陈伟"),
    ] {
        assert!(matches!(
            instance.audit(bad, NOW).await,
            Err(ServiceError::BadAuditEvent(_))
        ));
    }
    assert!(instance.audit_page(None, 10).await.unwrap().is_empty());
}

// --- tampering ------------------------------------------------------------------------

/// A data directory with 70 entries, heads at 64 (automatic) and 70 (on request).
async fn pristine() -> (tempfile::TempDir, PathBuf) {
    let (instance, dir, _) = fresh_instance(ServiceConfig::default()).await;
    append(&instance, 70).await;
    assert_eq!(instance.sign_audit_head(NOW).await.unwrap(), Some(70));
    instance.close().await;
    let data = dir.path().join("data");
    (dir, data)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Copies `data`, lets `tamper` change the copy's database directly, and verifies it.
async fn verify_tampered_copy(
    data: &Path,
    tamper: impl AsyncFnOnce(&mut SqliteConnection),
) -> quietline_service::AuditVerification {
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("data");
    copy_dir(data, &copy);
    let url = format!("sqlite:{}", copy.join("quietline.db").display());
    let mut conn = SqliteConnection::connect(&url).await.unwrap();
    tamper(&mut conn).await;
    conn.close().await.unwrap();
    let instance = Instance::open(DataDir::new(&copy), None, ServiceConfig::default())
        .await
        .unwrap();
    let verified = instance.verify_audit().await.unwrap();
    instance.close().await;
    verified
}

async fn exec(conn: &mut SqliteConnection, sql: &'static str) {
    sqlx::query(sql).execute(&mut *conn).await.unwrap();
}

const CONTENT: [&str; 8] = [
    "at",
    "actor",
    "action",
    "subject",
    "detail",
    "request_id",
    "prev_hash",
    "hash",
];

async fn row(conn: &mut SqliteConnection, seq: i64) -> Vec<String> {
    let r = sqlx::query(
        "SELECT at, actor, action, subject, detail, request_id, prev_hash, hash \
         FROM audit_log WHERE seq = $1",
    )
    .bind(seq)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    (0..CONTENT.len()).map(|i| r.get::<String, _>(i)).collect()
}

async fn overwrite(conn: &mut SqliteConnection, seq: i64, values: &[String]) {
    sqlx::query(
        "UPDATE audit_log SET at = $1, actor = $2, action = $3, subject = $4, detail = $5, \
         request_id = $6, prev_hash = $7, hash = $8 WHERE seq = $9",
    )
    .bind(&values[0])
    .bind(&values[1])
    .bind(&values[2])
    .bind(&values[3])
    .bind(&values[4])
    .bind(&values[5])
    .bind(&values[6])
    .bind(&values[7])
    .bind(seq)
    .execute(&mut *conn)
    .await
    .unwrap();
}

/// An attacker without the key: changes entry `from`'s detail and recomputes every hash
/// from there to the end, so the chain itself is consistent again.
async fn rewrite_from(conn: &mut SqliteConnection, from: i64, last: i64) {
    let mut prev = row(conn, from - 1).await[7].clone();
    for seq in from..=last {
        let mut values = row(conn, seq).await;
        if seq == from {
            values[4] = r#"{"count":0}"#.into();
        }
        values[6] = prev.clone();
        values[7] = entry_hash(
            &prev,
            &EntryFields {
                seq: seq as u64,
                at: &values[0],
                actor: &values[1],
                action: &values[2],
                subject: &values[3],
                detail: &values[4],
                request_id: &values[5],
            },
        );
        prev = values[7].clone();
        overwrite(conn, seq, &values).await;
    }
}

#[tokio::test]
async fn tampering_is_caught_at_the_right_entry_and_an_untouched_copy_passes() {
    let (_dir, data) = pristine().await;

    // Editing a row's detail.
    let verified = verify_tampered_copy(&data, async |c| {
        exec(
            c,
            r#"UPDATE audit_log SET detail = '{"from":"new","to":"closed"}' WHERE seq = 17"#,
        )
        .await
    })
    .await;
    assert_eq!(verified.problem, problem(17, AuditProblemKind::Edited));
    assert_eq!(verified.entries_checked, 16);
    assert_eq!(
        verified.problem.unwrap().to_string(),
        "entry 17 was edited: its hash does not match its content"
    );

    // Deleting a row, the first row, or the end up to a signed head.
    let verified = verify_tampered_copy(&data, async |c| {
        exec(c, "DELETE FROM audit_log WHERE seq = 23").await
    })
    .await;
    assert_eq!(verified.problem, problem(23, AuditProblemKind::Missing));
    let verified = verify_tampered_copy(&data, async |c| {
        exec(c, "DELETE FROM audit_log WHERE seq = 1").await
    })
    .await;
    assert_eq!(verified.problem, problem(1, AuditProblemKind::Missing));
    let verified = verify_tampered_copy(&data, async |c| {
        exec(c, "DELETE FROM audit_log WHERE seq >= 66").await
    })
    .await;
    assert_eq!(verified.problem, problem(66, AuditProblemKind::Missing));

    // Reordering: two rows swap contents (and hashes), keeping their positions.
    let verified = verify_tampered_copy(&data, async |c| {
        let (a, b) = (row(c, 30).await, row(c, 31).await);
        overwrite(c, 30, &b).await;
        overwrite(c, 31, &a).await;
    })
    .await;
    assert_eq!(verified.problem, problem(30, AuditProblemKind::BrokenLink));

    // Rewriting entries and recomputing their hashes, without the key: the first rewritten
    // entry's MAC no longer verifies (and the next signed head would not match either).
    let verified = verify_tampered_copy(&data, async |c| rewrite_from(c, 60, 70).await).await;
    assert_eq!(
        verified.problem,
        problem(60, AuditProblemKind::NotByThisInstance)
    );
    assert_eq!(verified.last_signed_seq, None);

    // Forging a head's signature.
    let verified = verify_tampered_copy(&data, async |c| {
        sqlx::query("UPDATE audit_heads SET signature = $1 WHERE seq = 64")
            .bind("ab".repeat(64))
            .execute(&mut *c)
            .await
            .unwrap();
    })
    .await;
    assert_eq!(
        verified.problem,
        problem(64, AuditProblemKind::BadSignature)
    );

    // Rewriting everything from 60 and re-signing with a key of the attacker's own.
    let verified = verify_tampered_copy(&data, async |c| {
        rewrite_from(c, 60, 70).await;
        let attacker = AuditSigner::from_seed(&[3; 32]);
        for seq in [64, 70] {
            let r = sqlx::query("SELECT l.hash, h.signed_at FROM audit_log l JOIN audit_heads h USING (seq) WHERE seq = $1")
                .bind(seq)
                .fetch_one(&mut *c)
                .await
                .unwrap();
            let (hash, signed_at): (String, String) = (r.get(0), r.get(1));
            sqlx::query(
                "UPDATE audit_heads SET hash = $1, signature = $2, public_key = $3 WHERE seq = $4",
            )
            .bind(&hash)
            .bind(attacker.sign_head(seq as u64, &hash, &signed_at))
            .bind(attacker.public_key_hex())
            .bind(seq)
            .execute(&mut *c)
            .await
            .unwrap();
        }
    })
    .await;
    // The first rewritten entry's MAC fails before the head signed by another key is reached.
    assert_eq!(
        verified.problem,
        problem(60, AuditProblemKind::NotByThisInstance)
    );

    // What cannot be proven: the end cut off after the last signed head (here, after a
    // head at 64, the head at 70 deleted too).
    let verified = verify_tampered_copy(&data, async |c| {
        exec(c, "DELETE FROM audit_log WHERE seq > 64").await;
        exec(c, "DELETE FROM audit_heads WHERE seq > 64").await;
    })
    .await;
    assert!(verified.is_intact());
    assert_eq!(
        (verified.last_seq, verified.last_signed_seq),
        (64, Some(64))
    );

    // The untouched original.
    let instance = Instance::open(DataDir::new(&data), None, ServiceConfig::default())
        .await
        .unwrap();
    let verified = instance.verify_audit().await.unwrap();
    assert!(verified.is_intact(), "{verified:?}");
    assert_eq!(
        (
            verified.entries_checked,
            verified.heads_checked,
            verified.last_signed_seq
        ),
        (70, 2, Some(70))
    );
}

#[tokio::test]
async fn two_instances_on_one_data_directory_append_without_forking_the_chain() {
    let (first, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let second = Instance::open(
        DataDir::new(dir.path().join("data")),
        None,
        ServiceConfig::default(),
    )
    .await
    .unwrap();
    assert_eq!(first.audit_public_key(), second.audit_public_key());
    let mut tasks = Vec::new();
    for instance in [first.clone(), second.clone(), first.clone(), second.clone()] {
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                instance.audit(event(i), NOW).await.unwrap();
                tokio::task::yield_now().await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    for instance in [&first, &second] {
        let verified = instance.verify_audit().await.unwrap();
        assert!(verified.is_intact(), "{verified:?}");
        assert_eq!(verified.entries_checked, 100);
        assert_eq!(verified.last_signed_seq, Some(64));
    }
}
