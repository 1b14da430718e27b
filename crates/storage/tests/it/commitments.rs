//! The integrity commitments' tables on each engine: rows recorded with their report or
//! message, days closed once, the midnight rule (an item is never recorded under a closed day,
//! nor under a day before the last closed one), and a day's commitments in their value's order.

use quietline_core::{Day, MessageId, ReportId};
use quietline_storage::{Author, Database, MessageRow, NewCommitment};

use crate::database::{insert, objects_for, report};
use crate::{day, fresh_databases};

fn commitment(report: ReportId, kind: &str, on: Day) -> NewCommitment {
    NewCommitment {
        commitment: format!("{}{}", ReportId::random(), ReportId::random()),
        report_id: report,
        kind: kind.into(),
        item_id: MessageId::random().to_string(),
        day: on,
        opening_sealed: vec![0xa9; 40],
    }
}

async fn message(db: &Database, report: ReportId, on: Day) -> NewCommitment {
    let new = commitment(report, "message", on);
    let row = MessageRow {
        id: MessageId::random(),
        report_id: report,
        seq: 0,
        author: Author::Reporter,
        sent_day: on,
        size_bytes: 10,
        origin_mac: None,
    };
    db.insert_message_with_commitments(&row, &[], std::slice::from_ref(&new))
        .await
        .unwrap();
    new
}

#[tokio::test]
async fn items_are_never_recorded_under_a_closed_day() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let (d1, d2, d3) = (day("2026-11-29"), day("2026-11-30"), day("2026-12-01"));
        let mut new = report(7);
        let id = new.row.id;
        new.commitments = vec![
            commitment(id, "answers", d1),
            commitment(id, "attachment", d1),
        ];
        insert(&db, &objects, &new, &mut [7].into_iter())
            .await
            .unwrap();
        assert_eq!(
            db.integrity_days_to_commit(d1).await.unwrap(),
            Vec::<Day>::new()
        );
        assert_eq!(db.integrity_days_to_commit(d2).await.unwrap(), vec![d1]);

        assert!(db.close_integrity_day(d1).await.unwrap());
        assert!(!db.close_integrity_day(d1).await.unwrap(), "closed once");
        // A message of the closed day goes to the next one; one of a day before it, too.
        let late = message(&db, id, d1).await;
        let older = message(&db, id, day("2026-11-20")).await;
        let mut expected = vec![
            new.commitments[0].commitment.clone(),
            new.commitments[1].commitment.clone(),
        ];
        expected.sort();
        assert_eq!(db.day_commitments(d1).await.unwrap(), expected);
        let mut next = vec![late.commitment.clone(), older.commitment.clone()];
        next.sort();
        assert_eq!(db.day_commitments(d2).await.unwrap(), next);

        db.set_integrity_day_entry(d1, 42).await.unwrap();
        let row = db.integrity_day(d1).await.unwrap().unwrap();
        assert!(row.closed);
        assert_eq!(row.audit_seq, Some(42));
        assert_eq!(db.integrity_days_to_commit(d3).await.unwrap(), vec![d2]);
        assert!(db.integrity_day(d3).await.unwrap().is_none());

        let rows = db.report_commitments(id).await.unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows.iter().map(|r| r.day).collect::<Vec<_>>(),
            [d1, d1, d2, d2]
        );
        assert!(
            rows.iter()
                .all(|r| r.report_id == id && r.opening_sealed == [0xa9; 40])
        );
    }
}

/// Closing a day waits for a recording under way (the day's row lock on PostgreSQL, the one
/// writer on SQLite), so the closing never misses an item recorded under that day.
#[tokio::test]
async fn closing_a_day_waits_for_a_recording_under_way() {
    for (db, url, dir) in crate::fresh_databases_with_urls().await {
        let objects = objects_for(&dir).await;
        let d1 = day("2026-11-29");
        let mut new = report(8);
        let id = new.row.id;
        new.commitments = vec![commitment(id, "answers", d1)];
        insert(&db, &objects, &new, &mut [8].into_iter())
            .await
            .unwrap();
        // Another process in the middle of recording an item under the open day, as
        // `insert_commitments` does: the day checked open (taking its row), the row inserted.
        sqlx::any::install_default_drivers();
        let other = sqlx::AnyPool::connect(&url).await.unwrap();
        let mut tx = other.begin().await.unwrap();
        let open =
            sqlx::query("UPDATE integrity_days SET closed = 0 WHERE day = $1 AND closed = 0")
                .bind("2026-11-29")
                .execute(&mut *tx)
                .await
                .unwrap();
        assert_eq!(open.rows_affected(), 1);
        let late = commitment(id, "message", d1);
        sqlx::query(
            "INSERT INTO integrity_commitments (commitment, report_id, kind, item_id, day, opening_sealed) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&late.commitment)
        .bind(id.to_string())
        .bind("message")
        .bind(&late.item_id)
        .bind("2026-11-29")
        .bind(late.opening_sealed.clone())
        .execute(&mut *tx)
        .await
        .unwrap();
        let closing = tokio::spawn({
            let db = db.clone();
            async move { db.close_integrity_day(d1).await.unwrap() }
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!closing.is_finished(), "the closing waits");
        tx.commit().await.unwrap();
        assert!(closing.await.unwrap());
        assert_eq!(
            db.day_commitments(d1).await.unwrap().len(),
            2,
            "none missed"
        );
        other.close().await;
    }
}
