//! Columns written alone on one row (one helper in storage): sealed parts replaced only if they
//! still hold what was read, and tags recorded on the row named, on each engine.

use quietline_core::{MessageId, SiteId};
use quietline_storage::{Author, MessageRow, SealedPart, SiteRow};

use crate::database::{insert, investigator, objects_for, report};
use crate::{day, fresh_databases};

#[tokio::test]
async fn a_sealed_column_is_replaced_only_if_it_still_holds_what_was_read() {
    for (db, dir) in fresh_databases().await {
        let backend = db.backend();
        let objects = objects_for(&dir).await;
        let (a, b) = (report(1), report(2));
        insert(&db, &objects, &a, &mut [1].into_iter())
            .await
            .unwrap();
        insert(&db, &objects, &b, &mut [2].into_iter())
            .await
            .unwrap();
        for part in [SealedPart::Summary, SealedPart::Tags, SealedPart::Xref] {
            db.set_sealed_part(a.row.id, part, b"read").await.unwrap();
            assert!(
                !db.replace_sealed_part(a.row.id, part, b"stale", b"lost")
                    .await
                    .unwrap(),
                "{backend:?} {part:?}"
            );
            assert!(
                db.replace_sealed_part(a.row.id, part, b"read", b"resealed")
                    .await
                    .unwrap()
            );
        }
        let row = db.inbox_row(a.row.id).await.unwrap().unwrap();
        for sealed in [row.summary_sealed, row.tags_sealed, row.xref_sealed] {
            assert_eq!(sealed.as_deref(), Some(&b"resealed"[..]), "{backend:?}");
        }
        // The other report is untouched.
        let other = db.inbox_row(b.row.id).await.unwrap().unwrap();
        assert_eq!(other.summary_sealed, b.summary_sealed);
        assert_eq!(other.xref_sealed, b.xref_sealed);
        assert_eq!(other.tags_sealed, None);

        db.insert_link_decision("d1", b"read").await.unwrap();
        assert!(
            !db.replace_link_decision("d1", b"stale", b"lost")
                .await
                .unwrap()
        );
        assert!(
            db.replace_link_decision("d1", b"read", b"new")
                .await
                .unwrap()
        );
        assert!(!db.replace_link_decision("d2", b"new", b"x").await.unwrap());
        assert_eq!(
            db.link_decisions().await.unwrap(),
            vec![("d1".to_owned(), b"new".to_vec())]
        );

        let site = SiteRow {
            id: SiteId::random(),
            created_day: day("2026-11-29"),
            updated_day: day("2026-11-29"),
            sealed: b"read".to_vec(),
            published: None,
            published_day: None,
            version: 1,
        };
        db.insert_sites(std::slice::from_ref(&site)).await.unwrap();
        let id = site.id.to_string();
        assert!(
            !db.replace_site_sealed(&id, b"stale", b"lost")
                .await
                .unwrap()
        );
        assert!(db.replace_site_sealed(&id, b"read", b"new").await.unwrap());
        let stored = db.site(site.id).await.unwrap().unwrap();
        assert_eq!((stored.sealed.as_slice(), stored.version), (&b"new"[..], 1));
    }
}

#[tokio::test]
async fn tags_are_recorded_on_the_row_named() {
    for (db, dir) in fresh_databases().await {
        let backend = db.backend();
        let objects = objects_for(&dir).await;
        let (a, b) = (report(1), report(2));
        insert(&db, &objects, &a, &mut [1].into_iter())
            .await
            .unwrap();
        insert(&db, &objects, &b, &mut [2].into_iter())
            .await
            .unwrap();
        db.set_report_mac(a.row.id, "report tag").await.unwrap();
        assert_eq!(
            db.report(a.row.id).await.unwrap().unwrap().recipients_mac,
            Some("report tag".into())
        );
        assert_eq!(
            db.report(b.row.id).await.unwrap().unwrap().recipients_mac,
            b.row.recipients_mac,
            "{backend:?}"
        );

        let (ana, bo) = (investigator("ana"), investigator("bo"));
        db.insert_investigator(&ana).await.unwrap();
        db.insert_investigator(&bo).await.unwrap();
        db.set_investigator_mac(ana.id, "ana tag").await.unwrap();
        db.set_workspace_key(ana.id, b"wrapped").await.unwrap();
        let stored = db.investigator(ana.id).await.unwrap().unwrap();
        assert_eq!(stored.recipient_mac, Some("ana tag".into()));
        assert_eq!(
            db.sign_in_state(ana.id).await.unwrap().workspace_key,
            Some(b"wrapped".to_vec())
        );
        let other = db.investigator(bo.id).await.unwrap().unwrap();
        assert_eq!(other.recipient_mac, bo.recipient_mac);
        assert_eq!(db.sign_in_state(bo.id).await.unwrap().workspace_key, None);

        let message = MessageRow {
            id: MessageId::random(),
            report_id: a.row.id,
            seq: 0,
            author: Author::Reporter,
            sent_day: day("2026-12-01"),
            size_bytes: 300,
            origin_mac: None,
        };
        db.insert_message(&message, &[]).await.unwrap();
        assert_eq!(db.messages_without_origin().await.unwrap().len(), 1);
        db.set_message_origin(message.id, "origin").await.unwrap();
        assert!(db.messages_without_origin().await.unwrap().is_empty());
        assert_eq!(
            db.messages(a.row.id).await.unwrap()[0].origin_mac,
            Some("origin".into())
        );

        db.create_workspace("age1workspace", "old tag", b"wrap")
            .await
            .unwrap();
        db.set_workspace_mac("new tag").await.unwrap();
        assert_eq!(
            db.workspace().await.unwrap().unwrap().recipient_mac,
            Some("new tag".into())
        );

        let entry = quietline_storage::NewAuditEntry {
            at: "2026-11-29T10:15:30Z".into(),
            actor: "cli".into(),
            action: "a".into(),
            subject: String::new(),
            detail: "{}".into(),
            request_id: String::new(),
        };
        for _ in 0..2 {
            db.append_audit(&entry, "g", |seq, _| format!("h{seq}"))
                .await
                .unwrap();
        }
        db.set_audit_mac(2, "mac 2").await.unwrap();
        let macs: Vec<_> = db
            .audit_entries_after(0, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|row| row.mac)
            .collect();
        assert_eq!(macs, vec![None, Some("mac 2".into())], "{backend:?}");
    }
}
