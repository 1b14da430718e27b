//! Rows are read by column name: a SELECT that lists a table's columns in another order (or
//! `SELECT *`, whose order is the table's after every migration) decodes to the same row. With
//! reads by position, the reversed lists below fail to decode, and the swaps of two columns of
//! one type decode silently into the wrong fields.

use quietline_core::SiteId;
use quietline_storage::{AuditRow, InvestigatorRow, ReportRow, SiteRow};
use sqlx::AnyPool;

use crate::database::{insert, investigator, objects_for, report};
use crate::{day, fresh_databases_with_urls};

/// `columns` in the opposite order, as a SELECT list.
fn reversed(columns: &str) -> String {
    let mut list: Vec<&str> = columns.split(", ").collect();
    list.reverse();
    list.join(", ")
}

async fn select<T>(pool: &AnyPool, sql: String) -> T
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
}

#[tokio::test]
async fn rows_decode_the_same_whatever_the_order_of_the_selected_columns() {
    for (db, url, dir) in fresh_databases_with_urls().await {
        let pool = AnyPool::connect(&url).await.unwrap();
        let backend = db.backend();

        // reports: two recipients and two days of one type each, with different values.
        let objects = objects_for(&dir).await;
        let mut new = report(4242);
        new.row.received_day = day("2026-11-28");
        insert(&db, &objects, &new, &mut [4242].into_iter())
            .await
            .unwrap();
        let stored = format!("{:?}", db.report(new.row.id).await.unwrap().unwrap());
        let columns = "id, lookup, report_recipient, mailbox_recipient, receipt_salt, \
                       kdf_memory_kib, kdf_iterations, kdf_parallelism, status, received_day, \
                       updated_day, answers_bytes, recipients_mac";
        let swapped = columns
            .replace(
                "report_recipient, mailbox_recipient",
                "mailbox_recipient, report_recipient",
            )
            .replace("received_day, updated_day", "updated_day, received_day");
        for list in [reversed(columns), swapped, "*".to_owned()] {
            let row: ReportRow = select(&pool, format!("SELECT {list} FROM reports")).await;
            assert_eq!(format!("{row:?}"), stored, "{backend:?}: SELECT {list}");
        }
        assert!(
            stored.contains("report_recipient: \"age1report\""),
            "{stored}"
        );
        assert!(stored.contains("received_day: Day(2026-11-28)"), "{stored}");

        // investigators
        let added = investigator("ana");
        db.insert_investigator(&added).await.unwrap();
        let stored = format!("{:?}", db.investigator(added.id).await.unwrap().unwrap());
        let columns = "id, username, role, status, recipient, wrapped_identity, password_salt, \
                       password_verifier, kdf_memory_kib, kdf_iterations, kdf_parallelism, \
                       created_day, recipient_mac";
        for list in [reversed(columns), "*".to_owned()] {
            let row: InvestigatorRow =
                select(&pool, format!("SELECT {list} FROM investigators")).await;
            assert_eq!(format!("{row:?}"), stored, "{backend:?}: SELECT {list}");
        }

        // sites: the two days swapped would silently trade places.
        let site = SiteRow {
            id: SiteId::random(),
            created_day: day("2026-11-01"),
            updated_day: day("2026-11-29"),
            sealed: b"sealed".to_vec(),
            published: Some("{}".into()),
            published_day: Some(day("2026-11-30")),
            version: 3,
        };
        db.insert_sites(std::slice::from_ref(&site)).await.unwrap();
        let columns = "id, created_day, updated_day, sealed, published, published_day, version";
        let swapped = columns.replace("created_day, updated_day", "updated_day, created_day");
        for list in [reversed(columns), swapped, "*".to_owned()] {
            let row: SiteRow = select(&pool, format!("SELECT {list} FROM sites")).await;
            assert_eq!(row, site, "{backend:?}: SELECT {list}");
        }

        // the audit trail: six text columns in a row.
        let entry = quietline_storage::NewAuditEntry {
            at: "2026-11-29T10:15:30Z".into(),
            actor: "cli".into(),
            action: "report.read".into(),
            subject: "subject".into(),
            detail: "{\"n\":1}".into(),
            request_id: "request".into(),
        };
        let appended = db
            .append_audit(&entry, "genesis", |seq, prev| format!("{seq}<{prev}"))
            .await
            .unwrap();
        let columns = "seq, at, actor, action, subject, detail, request_id, prev_hash, hash, mac";
        let swapped = columns.replace("actor, action", "action, actor");
        for list in [reversed(columns), swapped, "*".to_owned()] {
            let row: AuditRow = select(&pool, format!("SELECT {list} FROM audit_log")).await;
            assert_eq!(row, appended, "{backend:?}: SELECT {list}");
        }
        pool.close().await;
    }
}

#[tokio::test]
async fn a_stored_value_this_build_does_not_write_is_reported_as_corrupt() {
    for (db, url, _dir) in fresh_databases_with_urls().await {
        let pool = AnyPool::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO sites (id, created_day, updated_day, sealed, version) \
             VALUES ('not a site id', '2026-11-29', '2026-11-29', $1, 1)",
        )
        .bind(b"sealed".to_vec())
        .execute(&pool)
        .await
        .unwrap();
        assert!(
            matches!(
                db.site_rows().await,
                Err(quietline_storage::StorageError::Corrupt("id"))
            ),
            "{:?}",
            db.backend()
        );
        // A day is only ever a day: a time of day (or anything else) in a day column is refused.
        sqlx::query("DELETE FROM sites")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO sites (id, created_day, updated_day, sealed, version) \
             VALUES ($1, '2026-11-29T10:15:30Z', '2026-11-29', $2, 1)",
        )
        .bind(quietline_core::SiteId::random().to_string())
        .bind(b"sealed".to_vec())
        .execute(&pool)
        .await
        .unwrap();
        assert!(
            matches!(
                db.site_rows().await,
                Err(quietline_storage::StorageError::Corrupt("day"))
            ),
            "{:?}",
            db.backend()
        );
        pool.close().await;
    }
}
