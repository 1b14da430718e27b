//! Retention rows and the purge's transaction: a report under legal hold, or changed since it
//! was found due, is not touched; a purge deletes every per-report row with the report's and
//! leaves a tombstone; a purged report's reference is never drawn again; the shredding of a
//! folder is idempotent and never follows a link.

use quietline_core::ReportRef;
use quietline_storage::{ObjectName, PurgeState};

use crate::database::{insert, objects_for, report};
use crate::{day, fresh_databases};

#[tokio::test]
async fn a_purge_spares_held_and_changed_reports_and_leaves_only_a_tombstone() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let (a, b) = (report(11), report(12));
        insert(&db, &objects, &a, &mut [11].into_iter())
            .await
            .unwrap();
        insert(&db, &objects, &b, &mut [12].into_iter())
            .await
            .unwrap();
        let reference: ReportRef = "R-7KQ4-92".parse().unwrap();
        assert!(db.set_report_reference(a.row.id, reference).await.unwrap());

        let seen = db.retention_row(a.row.id).await.unwrap().unwrap();
        assert_eq!(
            (seen.reference, seen.retain_until, seen.legal_hold),
            (Some(reference), None, false)
        );
        // Held: nothing happens.
        db.set_report_legal_hold(a.row.id, true).await.unwrap();
        assert!(!db.begin_purge(&seen, day("2029-01-01")).await.unwrap());
        db.set_report_legal_hold(a.row.id, false).await.unwrap();
        // Postponed since it was read: nothing happens either.
        db.set_report_retain_until(a.row.id, day("2030-01-01"))
            .await
            .unwrap();
        assert!(!db.begin_purge(&seen, day("2029-01-01")).await.unwrap());
        let seen = db.retention_row(a.row.id).await.unwrap().unwrap();
        assert_eq!(seen.retain_until, Some(day("2030-01-01")));
        assert!(db.begin_purge(&seen, day("2029-01-01")).await.unwrap());

        assert!(db.report(a.row.id).await.unwrap().is_none());
        assert!(db.inbox_row(a.row.id).await.unwrap().is_none());
        assert!(db.report(b.row.id).await.unwrap().is_some());
        assert_eq!(db.purges_in_progress().await.unwrap(), vec![a.row.id]);
        let tombstone = &db.tombstones().await.unwrap()[0];
        assert_eq!(
            (
                tombstone.report_id,
                tombstone.reference,
                tombstone.purged_day,
                tombstone.state
            ),
            (
                a.row.id,
                Some(reference),
                day("2029-01-01"),
                PurgeState::Shredding
            )
        );
        assert!(db.finish_purge(a.row.id).await.unwrap());
        assert!(!db.finish_purge(a.row.id).await.unwrap(), "once");
        assert!(db.purges_in_progress().await.unwrap().is_empty());
        // Its reference is not given to another report.
        assert!(!db.set_report_reference(b.row.id, reference).await.unwrap());

        // The folder: key first, everything overwritten and unlinked, a link not followed.
        let outside = objects.root().join("outside.txt");
        std::fs::write(&outside, b"not ours").unwrap();
        let folder = objects.folder(b.row.id);
        std::fs::create_dir_all(folder.join("files")).unwrap();
        std::fs::write(objects.path(b.row.id, ObjectName::Key), b"wrapped").unwrap();
        std::os::unix::fs::symlink(&outside, folder.join("files/link.age")).unwrap();
        let shredded = objects
            .shred_report(b.row.id, time::macros::date!(2029 - 01 - 01))
            .await
            .unwrap();
        assert_eq!(shredded, 2, "key.age and answers.age");
        assert!(!folder.exists());
        assert_eq!(std::fs::read(&outside).unwrap(), b"not ours");
        assert_eq!(
            objects
                .shred_report(b.row.id, time::macros::date!(2029 - 01 - 01))
                .await
                .unwrap(),
            0
        );
    }
}
