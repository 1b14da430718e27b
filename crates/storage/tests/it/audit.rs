//! The audit trail's tables: appending links each entry to the last, also with several
//! writers at once; pages read newest first, chunks oldest first; one head per entry.

use quietline_storage::{AuditHeadRow, Database, NewAuditEntry};

use crate::{fresh_databases, fresh_databases_with_urls};

const GENESIS: &str = "0000";

fn entry(action: &str) -> NewAuditEntry {
    NewAuditEntry {
        at: "2026-11-29T10:15:30Z".into(),
        actor: "cli".into(),
        action: action.into(),
        subject: String::new(),
        detail: "{}".into(),
        request_id: String::new(),
    }
}

/// A stand-in for the real hash: enough to see what was linked to what.
fn fake_hash(seq: u64, prev: &str) -> String {
    format!("h{seq}<{}", prev.len())
}

async fn append(db: &Database, action: &str) -> quietline_storage::AuditRow {
    db.append_audit(&entry(action), GENESIS, fake_hash)
        .await
        .unwrap()
}

#[tokio::test]
async fn entries_are_numbered_from_1_and_each_links_to_the_last() {
    for (db, _dir) in fresh_databases().await {
        assert!(db.last_audit_entry().await.unwrap().is_none());
        let first = append(&db, "login").await;
        assert_eq!(first.seq, 1);
        assert_eq!(first.prev_hash, GENESIS);
        assert_eq!(first.hash, fake_hash(1, GENESIS));
        let second = append(&db, "report_opened").await;
        assert_eq!(second.seq, 2);
        assert_eq!(second.prev_hash, first.hash);
        let last = db.last_audit_entry().await.unwrap().unwrap();
        assert_eq!(last, second);
        assert_eq!(last.action, "report_opened");
        assert_eq!(last.detail, "{}");
    }
}

#[tokio::test]
async fn pages_are_newest_first_and_chunks_oldest_first() {
    for (db, _dir) in fresh_databases().await {
        for i in 0..10 {
            append(&db, &format!("action_{i}")).await;
        }
        let page: Vec<u64> = db
            .audit_page(None, 4)
            .await
            .unwrap()
            .iter()
            .map(|r| r.seq)
            .collect();
        assert_eq!(page, [10, 9, 8, 7]);
        let next: Vec<u64> = db
            .audit_page(Some(7), 4)
            .await
            .unwrap()
            .iter()
            .map(|r| r.seq)
            .collect();
        assert_eq!(next, [6, 5, 4, 3]);
        assert_eq!(db.audit_page(Some(1), 4).await.unwrap(), []);

        let mut seen = Vec::new();
        let mut after = 0;
        loop {
            let chunk = db.audit_entries_after(after, 3).await.unwrap();
            let Some(last) = chunk.last() else { break };
            after = last.seq;
            seen.extend(chunk.iter().map(|r| r.seq));
        }
        assert_eq!(seen, (1..=10).collect::<Vec<_>>());
    }
}

#[tokio::test]
async fn concurrent_writers_never_fork_the_chain() {
    for (db, url, _dir) in fresh_databases_with_urls().await {
        // Writers on one pool, and a third on a second pool, as another process would have.
        let handles = vec![db.clone(), db.clone(), Database::open(&url).await.unwrap()];
        let mut tasks = Vec::new();
        for (w, handle) in handles.into_iter().enumerate() {
            tasks.push(tokio::spawn(async move {
                for i in 0..15 {
                    handle
                        .append_audit(&entry(&format!("w{w}_{i}")), GENESIS, fake_hash)
                        .await
                        .unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let all = db.audit_entries_after(0, 1000).await.unwrap();
        assert_eq!(all.len(), 15 * 3);
        let mut prev = GENESIS.to_owned();
        for (i, row) in all.iter().enumerate() {
            assert_eq!(row.seq, i as u64 + 1);
            assert_eq!(
                row.prev_hash, prev,
                "entry {} links to the one before",
                row.seq
            );
            assert_eq!(row.hash, fake_hash(row.seq, &prev));
            prev = row.hash.clone();
        }
    }
}

#[tokio::test]
async fn a_head_is_recorded_once_per_entry() {
    for (db, _dir) in fresh_databases().await {
        let row = append(&db, "login").await;
        let head = AuditHeadRow {
            seq: row.seq,
            hash: row.hash.clone(),
            signed_at: "2026-11-29T10:16:00Z".into(),
            signature: "ab".repeat(64),
            public_key: "cd".repeat(32),
        };
        assert!(db.insert_audit_head(&head).await.unwrap());
        let again = AuditHeadRow {
            signature: "ef".repeat(64),
            ..head.clone()
        };
        assert!(!db.insert_audit_head(&again).await.unwrap());
        assert_eq!(db.audit_head(1).await.unwrap(), Some(head.clone()));
        assert_eq!(db.audit_head(2).await.unwrap(), None);
        assert_eq!(db.audit_heads().await.unwrap(), [head]);
    }
}

#[tokio::test]
async fn sealed_details_are_kept_by_fingerprint_once() {
    for (db, _dir) in fresh_databases().await {
        assert_eq!(db.audit_sealed("ab12").await.unwrap(), None);
        db.insert_audit_sealed("ab12", &[0, 159, 146, 150])
            .await
            .unwrap();
        // The same again (a retried search): kept once, unchanged.
        db.insert_audit_sealed("ab12", &[0, 159, 146, 150])
            .await
            .unwrap();
        assert_eq!(
            db.audit_sealed("ab12").await.unwrap(),
            Some(vec![0, 159, 146, 150])
        );
    }
}
