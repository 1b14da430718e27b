//! The site registry's rows on each engine: all-or-nothing inserts, updates, publishing.

use quietline_core::SiteId;
use quietline_storage::{SiteRow, StorageError};

use crate::{day, fresh_databases};

fn row(sealed: &[u8]) -> SiteRow {
    SiteRow {
        id: SiteId::random(),
        created_day: day("2026-11-29"),
        updated_day: day("2026-11-29"),
        sealed: sealed.to_vec(),
        published: None,
        published_day: None,
        version: 1,
    }
}

#[tokio::test]
async fn sites_are_inserted_all_or_nothing_updated_and_published() {
    for (db, _dir) in fresh_databases().await {
        let (a, b) = (row(b"sealed a"), row(b"sealed b"));
        db.insert_sites(&[a.clone(), b.clone()]).await.unwrap();
        // A batch with a duplicate id fails whole: the new row before it is not kept.
        let c = row(b"sealed c");
        assert!(db.insert_sites(&[c.clone(), a.clone()]).await.is_err());
        assert_eq!(db.site_rows().await.unwrap().len(), 2, "{:?}", db.backend());

        assert_eq!(
            db.update_site(b.id, b"sealed b2", day("2026-11-30"), 1)
                .await
                .unwrap(),
            2
        );
        assert!(matches!(
            db.update_site(c.id, b"x", day("2026-11-30"), 1).await,
            Err(StorageError::NotFound)
        ));
        assert!(db.published_sites().await.unwrap().is_empty());
        db.set_site_published(a.id, Some(("{\"names\":[]}", day("2026-11-30"))))
            .await
            .unwrap();
        assert_eq!(
            db.published_sites().await.unwrap(),
            vec![(a.id, "{\"names\":[]}".to_owned())]
        );
        let rows = db.site_rows().await.unwrap();
        let stored_b = rows.iter().find(|r| r.id == b.id).unwrap();
        assert_eq!(stored_b.sealed, b"sealed b2");
        assert_eq!(stored_b.updated_day, day("2026-11-30"));
        assert_eq!(stored_b.version, 2);
        assert_eq!(db.site(b.id).await.unwrap().as_ref(), Some(stored_b));
        assert_eq!(db.site(c.id).await.unwrap(), None);
        db.set_site_published(a.id, None).await.unwrap();
        assert!(db.published_sites().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_save_made_from_an_old_version_of_a_site_is_refused_and_writes_nothing() {
    for (db, _dir) in fresh_databases().await {
        let site = row(b"as created");
        db.insert_sites(std::slice::from_ref(&site)).await.unwrap();
        // Two investigators open version 1; the first saves, the second's save is refused.
        assert_eq!(
            db.update_site(site.id, b"first save", day("2026-11-30"), 1)
                .await
                .unwrap(),
            2
        );
        assert!(
            matches!(
                db.update_site(site.id, b"second save", day("2026-12-01"), 1)
                    .await,
                Err(StorageError::Stale)
            ),
            "{:?}",
            db.backend()
        );
        let stored = db.site(site.id).await.unwrap().unwrap();
        assert_eq!(stored.sealed, b"first save", "{:?}", db.backend());
        assert_eq!((stored.version, stored.updated_day), (2, day("2026-11-30")));
        // Made from the version now stored, it goes through.
        assert_eq!(
            db.update_site(site.id, b"second save", day("2026-12-01"), 2)
                .await
                .unwrap(),
            3
        );
    }
}
