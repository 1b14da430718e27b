//! The site registry's sealed snapshot (`cache/sites.age`): written after a large import,
//! used at the next unlock, never trusted for a row that changed in the database since, and
//! never holding a site's content in clear. Edits made from a version another process
//! replaced are refused.

use std::time::Instant;

use quietline_crypto::{Identity, open, seal, unwrap_identity};
use quietline_geo::RegistryFormat;
use quietline_service::{
    ClaimFields, Clock as _, DataDir, Instance, Investigator, ServiceConfig, ServiceError,
    SiteFields, SystemClock,
};
use sqlx::{Connection, Row, SqliteConnection};

use crate::workbench::{at, enrolled};
use crate::{files, fresh_instance};

/// A site name that must never be on disk in clear.
const MARKER: &str = "SITE-MARKER-7d41";

/// 150 sites: more than the snapshot's refresh threshold, so the import seals a snapshot.
fn registry_csv() -> String {
    let mut csv = String::from("names,city,country\n");
    for i in 0..150 {
        let name = if i == 0 {
            format!("{MARKER} Overseas Station")
        } else {
            format!("Station {i}")
        };
        csv.push_str(&format!("{name},Prato,IT\n"));
    }
    csv
}

async fn sign_in_again(
    instance: &Instance,
    totp: &quietline_crypto::TotpSecret,
    seconds: u64,
    start: Instant,
) -> Investigator {
    crate::workbench::signed_in(instance, "amira", totp, at(seconds, start)).await
}

/// The workspace key, as the recovery holder can unwrap it.
async fn workspace_key(conn: &mut SqliteConnection, recovery: &Identity) -> Identity {
    let row = sqlx::query("SELECT recovery_wrap FROM workspace")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    unwrap_identity(&row.get::<Vec<u8>, _>(0), recovery).unwrap()
}

#[tokio::test]
async fn the_site_registry_is_read_from_its_sealed_snapshot_except_rows_changed_since() {
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let data = dir.path().join("data");
    let snapshot = data.join("cache").join("sites.age");
    let start = SystemClock.instant();
    let (amira, totp, _) = enrolled(&instance, "amira", start).await;
    let report = instance
        .import_sites(
            &amira,
            &registry_csv(),
            RegistryFormat::Csv,
            false,
            "req",
            at(1, start),
        )
        .await
        .unwrap();
    assert!(report.imported && report.good == 150);
    let sites = instance.sites(&amira).await.unwrap();
    let marked = sites
        .iter()
        .find(|s| s.site.names[0].starts_with(MARKER))
        .unwrap()
        .id;
    let other = sites
        .iter()
        .find(|s| s.site.names[0] == "Station 7")
        .unwrap()
        .id;

    // Signing out locks the workspace; by then the import's snapshot is written.
    instance
        .sign_out(&amira, "req", at(2, start))
        .await
        .unwrap();
    let sealed = std::fs::read(&snapshot).expect("a snapshot after a large import");
    assert!(sealed.starts_with(b"age-encryption.org/v1"));
    // No site name in clear anywhere in the data directory: not in the snapshot, not in the
    // database (sealed rows), not in a temporary file.
    for file in files(&data) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()),
            "{} holds a site name in clear",
            file.display()
        );
    }

    // The snapshot is what the next unlock reads: an entry changed inside it (by someone who
    // holds the workspace key: here the recovery holder) shows, because its row did not change.
    let url = format!("sqlite:{}", data.join("quietline.db").display());
    let mut conn = SqliteConnection::connect(&url).await.unwrap();
    let key = workspace_key(&mut conn, &recovery).await;
    let mut json: serde_json::Value =
        serde_json::from_slice(&open(&key, &sealed).unwrap()).unwrap();
    json["sites"][other.to_string()]["site"]["names"] =
        serde_json::json!(["Read from the snapshot"]);
    std::fs::write(
        &snapshot,
        seal(&[key.recipient()], &serde_json::to_vec(&json).unwrap()).unwrap(),
    )
    .unwrap();

    // A row changed in the database behind the snapshot's back (the marked site's sealed
    // record replaced by Station 7's): its entry no longer matches and is read from the row.
    let station_7 = sqlx::query("SELECT sealed FROM sites WHERE id = $1")
        .bind(other.to_string())
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get::<Vec<u8>, _>(0);
    sqlx::query("UPDATE sites SET sealed = $1 WHERE id = $2")
        .bind(station_7)
        .bind(marked.to_string())
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let amira = sign_in_again(&instance, &totp, 60, start).await;
    let names = |id| {
        let instance = instance.clone();
        let amira = amira.clone();
        async move { instance.site(&amira, id).await.unwrap().site.names }
    };
    assert_eq!(
        names(other).await,
        vec!["Read from the snapshot".to_owned()]
    );
    assert_eq!(names(marked).await, vec!["Station 7".to_owned()]);
    assert_eq!(instance.sites(&amira).await.unwrap().len(), 150);

    // A damaged snapshot is only a lost cache: everything is read from the database.
    instance
        .sign_out(&amira, "req", at(61, start))
        .await
        .unwrap();
    std::fs::write(&snapshot, b"not an age file").unwrap();
    let amira = sign_in_again(&instance, &totp, 120, start).await;
    let all = instance.sites(&amira).await.unwrap();
    assert_eq!(all.len(), 150);
    assert!(
        all.iter()
            .any(|s| s.site.names[0] == "Station 7" && s.id == other)
    );
}

#[tokio::test]
async fn a_save_another_process_overtook_is_refused_if_made_from_a_version_and_made_again_if_not() {
    let (first, dir, _) = fresh_instance(ServiceConfig::default()).await;
    let start = SystemClock.instant();
    let (amira, totp, _) = enrolled(&first, "amira", start).await;
    let fields = SiteFields {
        names: "Prato station".into(),
        city: "Prato".into(),
        country: "IT".into(),
        ..SiteFields::new_site()
    };
    let id = first
        .create_site(&amira, &fields, "req", at(1, start))
        .await
        .unwrap();
    assert_eq!(first.site(&amira, id).await.unwrap().version, 1);

    // A second process on the same data directory (a second server behind a load balancer,
    // on PostgreSQL) saves the site: the first one's registry in memory still has version 1.
    let second = Instance::open(
        DataDir::new(dir.path().join("data")),
        None,
        ServiceConfig {
            password_kdf: quietline_crypto::KdfParams::TEST_ONLY,
            receipt_kdf: quietline_crypto::KdfParams::TEST_ONLY,
            ..ServiceConfig::default()
        },
    )
    .await
    .unwrap();
    let amira_there = sign_in_again(&second, &totp, 60, start).await;
    let theirs = SiteFields {
        notes: "SAVED-BY-THE-OTHER-PROCESS".into(),
        ..fields.clone()
    };
    assert_eq!(
        second
            .update_site_fields(&amira_there, id, &theirs, 1, "req", at(61, start))
            .await
            .unwrap(),
        2
    );

    // The first process's check passes (its copy says 1), the database's refuses: nothing
    // is written, and the error carries the site as saved, now also in the first's registry.
    let mine = SiteFields {
        agency: "Fuzhou Public Security Bureau".into(),
        ..fields.clone()
    };
    match first
        .update_site_fields(&amira, id, &mine, 1, "req", at(62, start))
        .await
    {
        Err(ServiceError::SiteChanged(saved)) => {
            assert_eq!(saved.version, 2);
            assert_eq!(saved.site.notes, "SAVED-BY-THE-OTHER-PROCESS");
        }
        other => panic!("expected SiteChanged, got {other:?}"),
    }
    let now_there = first.site(&amira, id).await.unwrap();
    assert_eq!((now_there.version, now_there.site.agency.as_str()), (2, ""));
    // Made from version 2, it goes through; the other's notes are kept.
    let mine = SiteFields {
        notes: theirs.notes.clone(),
        ..mine
    };
    assert_eq!(
        first
            .update_site_fields(&amira, id, &mine, 2, "req", at(63, start))
            .await
            .unwrap(),
        3
    );

    // A claim is not made from a version: added from the second process, whose copy is now
    // the old one, it is added again to the site as saved, keeping the first's change.
    let claim = ClaimFields {
        date: "2022-09".into(),
        kind: "reported".into(),
        title: "110 Overseas".into(),
        publisher: "Safeguard Defenders".into(),
        ..ClaimFields::default()
    };
    let claim = second
        .add_site_claim(&amira_there, id, &claim, "req", at(64, start))
        .await
        .unwrap();
    let there = second.site(&amira_there, id).await.unwrap();
    assert_eq!(there.version, 4);
    assert_eq!(there.site.agency, "Fuzhou Public Security Bureau");
    assert_eq!(
        there.site.claims.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![claim]
    );
}
