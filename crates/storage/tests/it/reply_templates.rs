//! The `reply_templates` table on both engines: rows round-trip, the defaults go in only once,
//! edits and deletes name their row, a re-seal loses no concurrent edit, columns are read by
//! name, and SQLite keeps the rows in the order of their random ids.

use quietline_core::ReplyTemplateId;
use quietline_storage::{Backend, ReplyTemplateRow, StorageError};
use sqlx::{AnyPool, Row};

use crate::{day, fresh_databases_with_urls};

fn row(sealed: &[u8]) -> ReplyTemplateRow {
    ReplyTemplateRow {
        id: ReplyTemplateId::random(),
        created_day: day("2026-11-01"),
        updated_day: day("2026-11-29"),
        sealed: sealed.to_vec(),
    }
}

#[tokio::test]
async fn reply_templates_round_trip_and_change_by_id() {
    for (db, url, _dir) in fresh_databases_with_urls().await {
        let backend = db.backend();
        assert!(db.reply_template_rows().await.unwrap().is_empty());
        let (a, b) = (row(b"sealed a"), row(b"sealed b"));
        assert!(
            db.insert_reply_templates(&[a.clone(), b.clone()], true)
                .await
                .unwrap()
        );
        // The defaults go in once: not into a table that holds templates.
        assert!(
            !db.insert_reply_templates(&[row(b"again")], true)
                .await
                .unwrap(),
            "{backend:?}"
        );
        let mut expected = vec![a.clone(), b.clone()];
        expected.sort_by_key(|r| r.id);
        assert_eq!(db.reply_template_rows().await.unwrap(), expected);

        db.update_reply_template(a.id, b"sealed a2", day("2026-11-30"))
            .await
            .unwrap();
        let stored = db.reply_template_rows().await.unwrap();
        let a2 = stored.iter().find(|r| r.id == a.id).unwrap();
        assert_eq!(a2.sealed, b"sealed a2");
        assert_eq!(a2.updated_day, day("2026-11-30"));
        assert_eq!(a2.created_day, day("2026-11-01"));

        // A re-seal replaces only what it read.
        assert!(
            !db.replace_reply_template_sealed(a.id, b"sealed a", b"resealed")
                .await
                .unwrap()
        );
        assert!(
            db.replace_reply_template_sealed(a.id, b"sealed a2", b"resealed")
                .await
                .unwrap()
        );

        db.delete_reply_template(b.id).await.unwrap();
        assert!(matches!(
            db.delete_reply_template(b.id).await,
            Err(StorageError::NotFound)
        ));
        assert!(matches!(
            db.update_reply_template(b.id, b"x", day("2026-11-30"))
                .await,
            Err(StorageError::NotFound)
        ));
        let left = db.reply_template_rows().await.unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].sealed, b"resealed");

        // Read by column name, whatever the order selected.
        let pool = AnyPool::connect(&url).await.unwrap();
        for list in [
            "sealed, updated_day, created_day, id",
            "id, updated_day, created_day, sealed",
            "*",
        ] {
            let read: ReplyTemplateRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {list} FROM reply_templates"
            )))
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(read, left[0], "{backend:?}: SELECT {list}");
        }
        if backend == Backend::Sqlite {
            let sql: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = $1")
                .bind("reply_templates")
                .fetch_one(&pool)
                .await
                .unwrap()
                .get("sql");
            assert!(sql.contains("WITHOUT ROWID"), "{sql}");
        }
        pool.close().await;
    }
}
