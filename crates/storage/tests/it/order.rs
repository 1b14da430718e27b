//! No order of arrival in the database: no counter, and rows of reporter data stored in the
//! order of their random ids (SQLite; docs/threat-model.md says what PostgreSQL's heap keeps).

use quietline_core::ReportId;
use quietline_storage::Backend;
use sqlx::{Connection, Row};

use crate::database::{insert, objects_for, report};
use crate::fresh_databases;

#[tokio::test]
async fn reports_keep_no_order_of_arrival() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let mut ids = Vec::new();
        for lookup in 1..=24 {
            let new = report(lookup);
            ids.push(new.row.id);
            insert(&db, &objects, &new, &mut [lookup].into_iter())
                .await
                .unwrap();
        }
        if db.backend() != Backend::Sqlite {
            continue;
        }
        // Read the file as anyone who takes it would.
        let path = dir.as_ref().unwrap().path().join("test.db");
        let mut file = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
            .await
            .unwrap();
        let columns: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info('reports')")
            .fetch_all(&mut file)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("name"))
            .collect();
        assert!(columns.contains(&"id".to_string()), "{columns:?}");
        assert!(
            !columns.iter().any(|c| c == "arrival" || c == "seq"),
            "a counter of arrival: {columns:?}"
        );
        for table in ["reports", "attachments", "messages", "report_access"] {
            let sql: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = $1")
                .bind(table)
                .fetch_one(&mut file)
                .await
                .unwrap()
                .get("sql");
            assert!(sql.contains("WITHOUT ROWID"), "{table}: {sql}");
        }
        // A plain scan reads the rows as stored: by id, not in the order they were written.
        let stored: Vec<ReportId> = sqlx::query("SELECT id FROM reports")
            .fetch_all(&mut file)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("id").parse().unwrap())
            .collect();
        let mut by_id = ids.clone();
        by_id.sort();
        assert_ne!(ids, by_id, "the ids happened to be drawn in order");
        assert_eq!(stored, by_id);
    }
}
