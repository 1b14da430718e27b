//! The metadata database on each engine: reports and their unique lookup ids, messages
//! numbered per report with their attachments, investigators (unique usernames, only active
//! ones receive keys), settings.

use quietline_core::{AttachmentId, InvestigatorId, MessageId, ReportId, ReportStatus};
use quietline_storage::{
    AttachmentOrigin, AttachmentRow, Author, InvestigatorRole, InvestigatorStatus, KdfColumns,
    MessageRow, NewInvestigator, NewReport, StorageError,
};

use quietline_storage::{Database, ObjectName, Objects};

use crate::{day, fresh_databases};

pub async fn objects_for(dir: &Option<tempfile::TempDir>) -> Objects {
    let root = match dir {
        Some(dir) => dir.path().join("reports"),
        None => std::env::temp_dir().join(format!("quietline-objects-{}", ReportId::random())),
    };
    Objects::open(root).await.unwrap()
}

pub async fn insert(
    db: &Database,
    objects: &Objects,
    new: &NewReport,
    lookups: &mut dyn Iterator<Item = u32>,
) -> Result<u32, StorageError> {
    let staged = objects
        .stage_report(new.row.id, time::macros::date!(2026 - 11 - 29))
        .await
        .unwrap();
    staged
        .write(ObjectName::Answers, b"ciphertext")
        .await
        .unwrap();
    db.insert_report(new, &[], staged, || lookups.next().unwrap_or(0))
        .await
}

const KDF: KdfColumns = KdfColumns {
    memory_kib: 8192,
    iterations: 1,
    parallelism: 1,
};

pub fn report(lookup: u32) -> NewReport {
    NewReport {
        row: report_row(lookup),
        summary_sealed: Some(vec![1, 2, 3]),
        xref_sealed: Some(vec![4, 5, 6]),
        access: vec!["age1x".into(), "age1y".into()],
        commitments: Vec::new(),
    }
}

fn report_row(lookup: u32) -> quietline_storage::ReportRow {
    quietline_storage::ReportRow {
        id: ReportId::random(),
        lookup,
        report_recipient: "age1report".into(),
        mailbox_recipient: "age1mailbox".into(),
        receipt_salt: vec![1; 16],
        kdf: KDF,
        status: ReportStatus::New,
        received_day: day("2026-11-29"),
        updated_day: day("2026-11-29"),
        answers_bytes: 1234,
        recipients_mac: Some("tag".into()),
    }
}

pub fn investigator(username: &str) -> NewInvestigator {
    NewInvestigator {
        id: InvestigatorId::random(),
        username: username.into(),
        role: InvestigatorRole::Investigator,
        status: InvestigatorStatus::Active,
        recipient: format!("age1{username}"),
        wrapped_identity: vec![0, 159, 146, 150],
        password_salt: vec![2; 16],
        password_verifier: "age1verifier".into(),
        kdf: KDF,
        created_day: day("2026-11-29"),
        recipient_mac: Some("tag".into()),
    }
}

#[tokio::test]
async fn reports_round_trip_and_lookup_ids_are_unique() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let first = report(123_456);
        assert_eq!(
            insert(&db, &objects, &first, &mut [123_456].into_iter())
                .await
                .unwrap(),
            123_456
        );
        let found = db.report_by_lookup(123_456).await.unwrap().unwrap();
        assert_eq!(found.id, first.row.id);
        assert_eq!(found.receipt_salt, vec![1; 16]);
        assert_eq!(found.kdf, KDF);
        assert_eq!(found.status, ReportStatus::New);
        assert!(db.report_by_lookup(654_321).await.unwrap().is_none());
        // A taken lookup id is drawn again.
        let second = report(0);
        assert_eq!(
            insert(
                &db,
                &objects,
                &second,
                &mut [123_456, 123_456, 777].into_iter()
            )
            .await
            .unwrap(),
            777
        );
        assert!(objects.path(second.row.id, ObjectName::Answers).exists());
        // When every draw is taken, nothing is stored.
        let third = report(0);
        assert!(matches!(
            insert(&db, &objects, &third, &mut std::iter::repeat(777)).await,
            Err(StorageError::LookupTaken)
        ));
        assert!(db.report(third.row.id).await.unwrap().is_none());
        assert!(!objects.path(third.row.id, ObjectName::Answers).exists());

        db.set_report_status(first.row.id, ReportStatus::InReview, day("2026-11-30"))
            .await
            .unwrap();
        let updated = db.report(first.row.id).await.unwrap().unwrap();
        assert_eq!(
            (updated.status, updated.updated_day),
            (ReportStatus::InReview, day("2026-11-30"))
        );
        assert!(matches!(
            db.set_report_status(ReportId::random(), ReportStatus::Closed, day("2026-11-30"))
                .await,
            Err(StorageError::NotFound)
        ));
        assert_eq!(db.reports().await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn a_report_reference_is_given_once_and_never_to_two_reports() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let (a, b) = (report(1), report(2));
        insert(&db, &objects, &a, &mut [1].into_iter())
            .await
            .unwrap();
        insert(&db, &objects, &b, &mut [2].into_iter())
            .await
            .unwrap();
        let mut missing = db.reports_without_reference().await.unwrap();
        missing.sort();
        let mut both = vec![a.row.id, b.row.id];
        both.sort();
        assert_eq!(missing, both, "stored without one");
        let first = quietline_core::ReportRef::from_random([1, 2, 3, 4]);
        let second = quietline_core::ReportRef::from_random([5, 6, 7, 8]);
        assert!(db.set_report_reference(a.row.id, first).await.unwrap());
        assert!(
            !db.set_report_reference(b.row.id, first).await.unwrap(),
            "taken by another report"
        );
        assert!(
            !db.set_report_reference(a.row.id, second).await.unwrap(),
            "a report keeps the one it has"
        );
        assert!(db.set_report_reference(b.row.id, second).await.unwrap());
        assert!(db.reports_without_reference().await.unwrap().is_empty());
        let row = db.inbox_row(a.row.id).await.unwrap().unwrap();
        assert_eq!(row.reference, Some(first));
    }
}

#[tokio::test]
async fn messages_are_numbered_per_report_and_carry_their_attachments() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let a = report(1);
        let b = report(2);
        insert(&db, &objects, &a, &mut [1].into_iter())
            .await
            .unwrap();
        insert(&db, &objects, &b, &mut [2].into_iter())
            .await
            .unwrap();
        let message = |report_id, author| MessageRow {
            id: MessageId::random(),
            report_id,
            seq: 0,
            author,
            sent_day: day("2026-12-01"),
            size_bytes: 300,
            origin_mac: Some("v1:00".into()),
        };
        assert_eq!(
            db.insert_message(&message(a.row.id, Author::Investigator), &[])
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            db.insert_message(&message(b.row.id, Author::Investigator), &[])
                .await
                .unwrap(),
            1
        );
        let attachment = AttachmentRow {
            id: AttachmentId::random(),
            report_id: a.row.id,
            origin: AttachmentOrigin::Reply,
            added_day: day("2026-12-01"),
            size_bytes: 5 << 20,
        };
        let reply = message(a.row.id, Author::Reporter);
        assert_eq!(
            db.insert_message(&reply, std::slice::from_ref(&attachment))
                .await
                .unwrap(),
            2
        );
        let thread = db.messages(a.row.id).await.unwrap();
        assert_eq!(
            thread.iter().map(|m| (m.seq, m.author)).collect::<Vec<_>>(),
            vec![(1, Author::Investigator), (2, Author::Reporter)]
        );
        let files = db.attachments(a.row.id).await.unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(
            (files[0].id, files[0].size_bytes, files[0].origin),
            (attachment.id, 5 << 20, AttachmentOrigin::Reply)
        );
        assert_eq!(
            db.report(a.row.id).await.unwrap().unwrap().updated_day,
            day("2026-12-01")
        );
        // Every report's rows at once (the search index's build), by report then in order.
        let all = db.all_messages().await.unwrap();
        assert_eq!(all.len(), 3);
        let of_a: Vec<(i64, Author)> = all
            .iter()
            .filter(|m| m.report_id == a.row.id)
            .map(|m| (m.seq, m.author))
            .collect();
        assert_eq!(of_a, [(1, Author::Investigator), (2, Author::Reporter)]);
        let files = db.all_attachments().await.unwrap();
        assert_eq!(
            files
                .iter()
                .map(|f| (f.id, f.report_id))
                .collect::<Vec<_>>(),
            [(attachment.id, a.row.id)]
        );
        // The object itself, read on the calling thread.
        assert_eq!(
            objects
                .read_blocking(a.row.id, ObjectName::Answers)
                .unwrap(),
            b"ciphertext"
        );
        assert!(objects.read_blocking(b.row.id, ObjectName::Key).is_err());
    }
}

#[tokio::test]
async fn investigators_have_unique_usernames_and_only_active_ones_receive_keys() {
    for (db, _dir) in fresh_databases().await {
        db.insert_investigator(&investigator("amira"))
            .await
            .unwrap();
        db.insert_investigator(&investigator("bao")).await.unwrap();
        assert!(matches!(
            db.insert_investigator(&investigator("amira")).await,
            Err(StorageError::UsernameTaken)
        ));
        let stored = db.investigator_by_username("amira").await.unwrap().unwrap();
        assert_eq!(
            stored.wrapped_identity,
            vec![0, 159, 146, 150],
            "binary column round-trips"
        );
        assert_eq!(db.active_investigator_recipients().await.unwrap().len(), 2);
        db.set_investigator_status("bao", InvestigatorStatus::Disabled, "tag2")
            .await
            .unwrap();
        assert_eq!(
            db.active_investigator_recipients().await.unwrap(),
            vec!["age1amira".to_string()]
        );
        assert!(matches!(
            db.set_investigator_status("nobody", InvestigatorStatus::Active, "tag")
                .await,
            Err(StorageError::NotFound)
        ));
        let names: Vec<_> = db
            .investigators()
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.username)
            .collect();
        assert_eq!(names, vec!["amira", "bao"]);
    }
}

#[tokio::test]
async fn settings_are_upserted() {
    for (db, _dir) in fresh_databases().await {
        assert_eq!(db.setting("recovery_recipient").await.unwrap(), None);
        db.set_setting("recovery_recipient", "age1a").await.unwrap();
        db.set_setting("recovery_recipient", "age1b").await.unwrap();
        assert_eq!(
            db.setting("recovery_recipient").await.unwrap().as_deref(),
            Some("age1b")
        );
    }
}
