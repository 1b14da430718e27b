//! The `derived_copies` table on both engines: rows round-trip by report and by id, a copy of
//! another report is not found, columns are read by name, and SQLite keeps the rows in the order
//! of their random ids.

use quietline_core::{AttachmentId, DerivedCopyId, InvestigatorId};
use quietline_storage::{Backend, DerivedCopyRow};
use sqlx::{AnyPool, Row};

use crate::database::{insert, objects_for, report};
use crate::{day, fresh_databases_with_urls};

#[tokio::test]
async fn derived_copies_round_trip_by_report_and_id() {
    for (db, url, dir) in fresh_databases_with_urls().await {
        let backend = db.backend();
        let objects = objects_for(&dir).await;
        let (one, other) = (report(11), report(12));
        insert(&db, &objects, &one, &mut [11].into_iter())
            .await
            .unwrap();
        insert(&db, &objects, &other, &mut [12].into_iter())
            .await
            .unwrap();
        let original = AttachmentId::random();
        let copy = |kind: &str, added: &str| DerivedCopyRow {
            id: DerivedCopyId::random(),
            report_id: one.row.id,
            original_id: original,
            kind: kind.into(),
            investigator_id: InvestigatorId::random(),
            added_day: day(added),
            sealed: b"sealed json".to_vec(),
        };
        let (late, early) = (
            copy("translation", "2026-12-02"),
            copy("metadata_removed", "2026-12-01"),
        );
        db.insert_derived_copy(&late).await.unwrap();
        db.insert_derived_copy(&early).await.unwrap();
        assert_eq!(
            db.derived_copies(one.row.id).await.unwrap(),
            vec![early.clone(), late.clone()],
            "{backend:?}: by day"
        );
        assert!(db.derived_copies(other.row.id).await.unwrap().is_empty());
        assert_eq!(
            db.derived_copy(one.row.id, late.id).await.unwrap(),
            Some(late.clone())
        );
        assert_eq!(db.derived_copy(other.row.id, late.id).await.unwrap(), None);

        let pool = AnyPool::connect(&url).await.unwrap();
        for list in [
            "sealed, added_day, investigator_id, kind, original_id, report_id, id",
            "*",
        ] {
            let read: DerivedCopyRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {list} FROM derived_copies WHERE id = '{}'",
                early.id
            )))
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(read, early, "{backend:?}: SELECT {list}");
        }
        if backend == Backend::Sqlite {
            let sql: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = $1")
                .bind("derived_copies")
                .fetch_one(&pool)
                .await
                .unwrap()
                .get("sql");
            assert!(sql.contains("WITHOUT ROWID"), "{sql}");
        }
        pool.close().await;
    }
}
