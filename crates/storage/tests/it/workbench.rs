//! The workbench's tables on each engine: the inbox's rows, report access, sign-in state
//! (TOTP steps, recovery codes, password epochs), the workspace and numbered notes, sealed
//! cross-referencing records and link decisions.

use quietline_core::{InvestigatorId, MessageId, ReportId, ReportStatus};
use quietline_storage::{Author, FailedLogins, MessageRow, NoteRow, SealedPart, StorageError};

use crate::database::{insert, investigator, objects_for, report};
use crate::{day, fresh_databases};

#[tokio::test]
async fn the_inbox_sees_day_and_id_order_sealed_parts_assignment_and_each_investigators_reads() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let inv = investigator("amira");
        db.insert_investigator(&inv).await.unwrap();
        let reports: Vec<_> = (1..=3).map(report).collect();
        for (i, new) in reports.iter().enumerate() {
            insert(&db, &objects, new, &mut [i as u32 + 1].into_iter())
                .await
                .unwrap();
        }
        let rows = db.inbox_rows().await.unwrap();
        // Same day: in the order of the random ids, not of arrival (none is kept).
        let mut by_id: Vec<_> = reports.iter().map(|r| r.row.id).collect();
        by_id.sort_by_key(ToString::to_string);
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), by_id);
        assert_eq!(rows[0].summary_sealed.as_deref(), Some(&[1u8, 2, 3][..]));
        assert!(rows[0].tags_sealed.is_none() && rows[0].assignee.is_none());

        let ids = [reports[0].row.id, reports[2].row.id];
        assert_eq!(
            db.set_statuses(&ids, ReportStatus::Spam, day("2026-12-01"))
                .await
                .unwrap(),
            2
        );
        assert_eq!(db.set_assignees(&ids[..1], Some(inv.id)).await.unwrap(), 1);
        db.set_sealed_part(ids[0], SealedPart::Tags, b"sealed tags")
            .await
            .unwrap();
        let reply = MessageRow {
            id: MessageId::random(),
            report_id: ids[0],
            seq: 0,
            author: Author::Reporter,
            sent_day: day("2026-12-02"),
            size_bytes: 10,
            origin_mac: None,
        };
        db.insert_message(&reply, &[]).await.unwrap();
        db.insert_message(
            &MessageRow {
                id: MessageId::random(),
                ..reply.clone()
            },
            &[],
        )
        .await
        .unwrap();
        let first = db.inbox_row(ids[0]).await.unwrap().unwrap();
        assert_eq!(
            (first.status, first.assignee, first.from_reporter),
            (ReportStatus::Spam, Some(inv.id), 2)
        );
        assert_eq!(first.tags_sealed.as_deref(), Some(&b"sealed tags"[..]));

        // How far each investigator has read: per investigator, replaced, never reset by
        // someone else's reading.
        let bao = investigator("bao");
        db.insert_investigator(&bao).await.unwrap();
        assert!(db.reads_of(inv.id).await.unwrap().is_empty());
        db.record_read(inv.id, ids[0], 1).await.unwrap();
        db.record_read(inv.id, ids[0], 3).await.unwrap();
        db.record_read(bao.id, ids[1], 1).await.unwrap();
        assert_eq!(
            db.reads_of(inv.id).await.unwrap(),
            [(ids[0], 3)].into_iter().collect()
        );
        assert_eq!(
            db.reads_of(bao.id).await.unwrap(),
            [(ids[1], 1)].into_iter().collect()
        );
        assert_eq!(
            db.inbox_row(ids[0]).await.unwrap().unwrap().from_reporter,
            2
        );
        assert_eq!(
            db.inbox_row(reports[1].row.id)
                .await
                .unwrap()
                .unwrap()
                .status,
            ReportStatus::New
        );
    }
}

#[tokio::test]
async fn report_access_is_recorded_and_extended() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let new = report(9);
        insert(&db, &objects, &new, &mut [9].into_iter())
            .await
            .unwrap();
        assert_eq!(
            db.report_access(new.row.id).await.unwrap(),
            vec!["age1x".to_string(), "age1y".to_string()]
        );
        assert_eq!(
            db.reports_without_access("age1z").await.unwrap(),
            vec![new.row.id]
        );
        // Asked about a few reports among many (more than one IN-list chunk of 500).
        let mut asked: Vec<ReportId> = (0..1200).map(|_| ReportId::random()).collect();
        asked.push(new.row.id);
        assert!(
            db.reports_with_access_among("age1z", &asked)
                .await
                .unwrap()
                .is_empty()
        );
        db.add_report_access(new.row.id, "age1z").await.unwrap();
        db.add_report_access(new.row.id, "age1z").await.unwrap();
        assert!(db.reports_without_access("age1z").await.unwrap().is_empty());
        assert_eq!(
            db.reports_with_access_among("age1z", &asked).await.unwrap(),
            vec![new.row.id]
        );
        assert_eq!(
            db.reports_with_access_among("age1x", &asked[..5])
                .await
                .unwrap(),
            Vec::<ReportId>::new()
        );
    }
}

#[tokio::test]
async fn sign_in_state_totp_steps_recovery_codes_and_password_epochs() {
    for (db, _dir) in fresh_databases().await {
        let inv = investigator("bao");
        db.insert_investigator(&inv).await.unwrap();
        let state = db.sign_in_state(inv.id).await.unwrap();
        assert!(state.totp_sealed.is_none() && state.workspace_key.is_none());
        assert!(matches!(
            db.sign_in_state(InvestigatorId::random()).await,
            Err(StorageError::NotFound)
        ));

        db.set_totp(inv.id, b"sealed totp", 100).await.unwrap();
        assert!(
            !db.accept_totp_step(inv.id, 100).await.unwrap(),
            "a step is accepted once"
        );
        assert!(db.accept_totp_step(inv.id, 101).await.unwrap());
        assert!(!db.accept_totp_step(inv.id, 99).await.unwrap());

        let none = db.failed_logins(inv.id).await.unwrap();
        assert_eq!(none, FailedLogins::default());
        let one = FailedLogins {
            count: 1,
            last: 1_900_000_000,
            locked_until: 0,
        };
        assert!(db.replace_failed_logins(inv.id, none, one).await.unwrap());
        let two = FailedLogins {
            count: 2,
            last: 1_900_000_060,
            locked_until: 1_900_000_090,
        };
        assert!(
            !db.replace_failed_logins(inv.id, none, two).await.unwrap(),
            "a count read before another request changed it is not written"
        );
        assert!(db.replace_failed_logins(inv.id, one, two).await.unwrap());
        let state = db.sign_in_state(inv.id).await.unwrap();
        assert_eq!(
            (state.failed_logins, state.locked_until),
            (2, 1_900_000_090)
        );
        db.reset_failed_logins(inv.id).await.unwrap();
        assert_eq!(
            db.failed_logins(inv.id).await.unwrap(),
            FailedLogins::default()
        );

        db.replace_recovery_codes(inv.id, &["h1".into(), "h2".into()])
            .await
            .unwrap();
        assert!(db.use_recovery_code(inv.id, "h1").await.unwrap());
        assert!(
            !db.use_recovery_code(inv.id, "h1").await.unwrap(),
            "single use"
        );
        assert!(!db.use_recovery_code(inv.id, "nope").await.unwrap());
        assert_eq!(db.recovery_codes_left(inv.id).await.unwrap(), 1);

        let change = quietline_storage::PasswordChange {
            wrapped_identity: vec![9],
            password_salt: vec![8; 16],
            password_verifier: "age1new".into(),
            kdf: inv.kdf,
            totp_sealed: Some(b"resealed".to_vec()),
            recipient: "age1newkey".into(),
            recipient_mac: "tag".into(),
            previous_identity_wrap: b"previous".to_vec(),
            workspace_key: None,
        };
        db.change_password(inv.id, &change).await.unwrap();
        let state = db.sign_in_state(inv.id).await.unwrap();
        assert_eq!(state.session_epoch, 1);
        assert_eq!(
            state.previous_identity_wrap.as_deref(),
            Some(&b"previous"[..])
        );
        db.clear_previous_identity(inv.id).await.unwrap();
        assert!(
            db.sign_in_state(inv.id)
                .await
                .unwrap()
                .previous_identity_wrap
                .is_none()
        );
        assert_eq!(state.totp_sealed.as_deref(), Some(&b"resealed"[..]));
        assert_eq!(
            db.investigator(inv.id)
                .await
                .unwrap()
                .unwrap()
                .password_verifier,
            "age1new"
        );

        db.set_workspace_key(inv.id, b"wrapped").await.unwrap();
        assert_eq!(
            db.sign_in_state(inv.id)
                .await
                .unwrap()
                .workspace_key
                .as_deref(),
            Some(&b"wrapped"[..])
        );
    }
}

#[tokio::test]
async fn one_workspace_and_numbered_notes() {
    for (db, dir) in fresh_databases().await {
        assert!(db.workspace().await.unwrap().is_none());
        db.create_workspace("age1w", "tag", b"wrap").await.unwrap();
        assert!(
            db.create_workspace("age1v", "tag", b"wrap").await.is_err(),
            "only one workspace key"
        );
        let workspace = db.workspace().await.unwrap().unwrap();
        assert_eq!(
            (
                workspace.recipient.as_str(),
                workspace.recovery_wrap.as_slice(),
                workspace.recipient_mac.as_deref()
            ),
            ("age1w", &b"wrap"[..], Some("tag"))
        );

        let objects = objects_for(&dir).await;
        let inv = investigator("chen");
        db.insert_investigator(&inv).await.unwrap();
        let new = report(5);
        insert(&db, &objects, &new, &mut [5].into_iter())
            .await
            .unwrap();
        let note = |_: ()| NoteRow {
            id: MessageId::random(),
            report_id: new.row.id,
            seq: 0,
            author: inv.id,
            written_day: day("2026-12-01"),
            size_bytes: 99,
        };
        assert_eq!(db.insert_note(&note(())).await.unwrap(), 1);
        assert_eq!(db.insert_note(&note(())).await.unwrap(), 2);
        let notes = db.notes(new.row.id).await.unwrap();
        assert_eq!(
            notes.iter().map(|n| (n.seq, n.author)).collect::<Vec<_>>(),
            vec![(1, inv.id), (2, inv.id)]
        );
    }
}

#[tokio::test]
async fn sealed_xref_records_and_link_decisions_in_order() {
    for (db, dir) in fresh_databases().await {
        let objects = objects_for(&dir).await;
        let new = report(6);
        insert(&db, &objects, &new, &mut [6].into_iter())
            .await
            .unwrap();
        let row = db.inbox_row(new.row.id).await.unwrap().unwrap();
        assert_eq!(row.xref_sealed.as_deref(), Some(&[4u8, 5, 6][..]));
        db.set_sealed_part(new.row.id, SealedPart::Xref, b"backfilled")
            .await
            .unwrap();
        let rows = db.inbox_rows().await.unwrap();
        assert_eq!(rows[0].xref_sealed.as_deref(), Some(&b"backfilled"[..]));

        assert!(db.link_decisions().await.unwrap().is_empty());
        assert_eq!(db.insert_link_decision("d1", b"first").await.unwrap(), 1);
        assert_eq!(db.insert_link_decision("d0", b"second").await.unwrap(), 2);
        assert_eq!(
            db.link_decisions().await.unwrap(),
            vec![
                ("d1".to_string(), b"first".to_vec()),
                ("d0".to_string(), b"second".to_vec())
            ],
            "in the order they were made, whatever their ids"
        );
    }
}
