//! Full-text search in the workbench (issue 13) with the real engine, on SQLite and
//! PostgreSQL: what is found across kinds, scripts and spellings; who finds what; what arrives
//! is found at once; locking drops the index; every search is audited with its query sealed to
//! the recovery key; nothing searchable reaches the data directory.

use std::time::{Duration, Instant};

use quietline_core::{Limits, ReportDraft, ReportId};
use quietline_crypto::Identity;
use quietline_service::{
    Author, Clock as _, Instance, Investigator, ReceiptOutcome, SearchHit, SearchKind,
    SearchProgress, SearchQuery, SearchResults, ServiceConfig, ServiceError, SiteFields,
    SystemClock,
};

use crate::workbench::{at, enrolled};
use crate::{TODAY, files, fresh_instances};

/// A report with these answers and one file; returns its id (found through the inbox: the
/// only report whose narrative this is) and its receipt.
async fn submit(
    instance: &Instance,
    fields: &[(&str, &str)],
    file: &str,
) -> quietline_core::Receipt {
    let mut all = vec![("subject", "happened_to_me"), ("incident", "threats")];
    all.extend_from_slice(fields);
    let answers = ReportDraft::from_fields(all, &Limits::default())
        .validate("zh-Hans", &Limits::default(), TODAY)
        .unwrap();
    let mut submission = instance.begin_submission(TODAY).await.unwrap();
    let mut upload = submission.attachment(file, "image/png").await.unwrap();
    upload.write(b"PNG bytes").await.unwrap();
    upload.finish().await.unwrap();
    submission.complete(&answers).await.unwrap()
}

async fn report_of(instance: &Instance, receipt: &quietline_core::Receipt) -> ReportId {
    match instance
        .open_receipt(receipt, SystemClock.instant())
        .await
        .unwrap()
    {
        ReceiptOutcome::Accepted(access) => access.report,
        _ => panic!("receipt refused"),
    }
}

async fn search_page(
    instance: &Instance,
    who: &Investigator,
    text: &str,
    kind: Option<SearchKind>,
    start: Instant,
) -> SearchResults {
    instance
        .search(
            who,
            &SearchQuery {
                text: text.into(),
                kind,
                offset: 0,
                limit: 40,
            },
            "req",
            at(1, start),
        )
        .await
        .unwrap()
}

async fn find(
    instance: &Instance,
    who: &Investigator,
    text: &str,
    start: Instant,
) -> Vec<SearchHit> {
    search_page(instance, who, text, None, start).await.hits
}

/// Waits (at most a minute) until the index holds every report `who`'s key opens.
async fn complete(instance: &Instance, who: &Investigator, start: Instant) {
    for _ in 0..600 {
        if search_page(instance, who, "", None, start).await.progress == SearchProgress::Complete {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the search index was not built within a minute");
}

fn marked(hit: &SearchHit) -> Vec<&str> {
    hit.snippet
        .parts()
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(t, _)| t)
        .collect()
}

#[tokio::test]
async fn a_search_finds_answers_messages_notes_files_and_sites_in_every_script() {
    for (engine, instance, _dir, _recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        // Reports that arrived while the workspace was locked: read by the index at the unlock.
        let (amira, totp, _) = enrolled(&instance, "amira", start).await;
        instance
            .sign_out(&amira, "req", at(1, start))
            .await
            .unwrap();
        let chinese = submit(
            &instance,
            &[
                (
                    "narrative",
                    "他们在多伦多的警察服务站要求我回国，还给我父母打电话。",
                ),
                ("person1_names", "陈伟"),
                ("person1_description", "穿黑色夹克的男人"),
            ],
            "聊天记录.png",
        )
        .await;
        let traditional = submit(
            &instance,
            &[("narrative", "陳先生說他在臺灣見過這個服務站的負責人。")],
            "photo.png",
        )
        .await;
        let french = submit(
            &instance,
            &[
                (
                    "narrative",
                    "Le Français de l'association m'a convoqué à la préfecture.",
                ),
                ("place_address", "Westblaak 12\n3012 KL Rotterdam"),
            ],
            "convocation.pdf",
        )
        .await;
        let (chinese, traditional, french) = (
            report_of(&instance, &chinese).await,
            report_of(&instance, &traditional).await,
            report_of(&instance, &french).await,
        );
        let amira = sign_in(&instance, "amira", &totp, 60, start).await;
        complete(&instance, &amira, start).await;

        // A Chinese query finds Chinese written without spaces.
        let hits = find(&instance, &amira, "服务站", start).await;
        let reports: Vec<_> = hits.iter().map(|h| h.report).collect();
        assert!(reports.contains(&Some(chinese)), "{engine}: {hits:?}");
        // Simplified finds traditional and the reverse.
        assert!(reports.contains(&Some(traditional)), "{engine}");
        let hits = find(&instance, &amira, "服務站要求", start).await;
        assert_eq!(hits.len(), 1, "{engine}");
        assert_eq!(hits[0].report, Some(chinese));
        assert_eq!(marked(&hits[0]), ["服务站要求"]);
        // Named as the inbox names it.
        assert!(
            hits[0]
                .report_ref
                .is_some_and(|r| r.to_string().starts_with("R-"))
        );
        let hits = find(&instance, &amira, "负责人", start).await;
        assert_eq!(hits[0].report, Some(traditional), "{engine}");
        assert_eq!(marked(&hits[0]), ["負責人"]);
        // Names and descriptions of people are answers too.
        let hits = find(&instance, &amira, "陳偉 黑色夹克", start).await;
        assert_eq!(
            (hits.len(), hits[0].kind, hits[0].report),
            (1, SearchKind::Report, Some(chinese)),
            "{engine}"
        );
        // French without its accents; an address across its line break.
        let hits = find(&instance, &amira, "Francais prefecture", start).await;
        assert_eq!(hits[0].report, Some(french), "{engine}");
        assert_eq!(marked(&hits[0]), ["Français", "préfecture"]);
        assert_eq!(
            find(&instance, &amira, "\"westblaak 12 3012\"", start)
                .await
                .len(),
            1
        );
        // File names, in any script.
        let hits = find(&instance, &amira, "聊天记录", start).await;
        assert_eq!(
            (hits[0].kind, hits[0].report, hits[0].attachment.is_some()),
            (SearchKind::File, Some(chinese), true),
            "{engine}"
        );
        assert_eq!(hits[0].day, Some(quietline_core::Day::new(TODAY)));

        // Messages both ways, notes and sites, once written.
        instance
            .reply_to_reporter(
                &amira,
                french,
                "Quel jour étiez-vous à la préfecture ?",
                "req",
                at(2, start),
            )
            .await
            .unwrap();
        instance
            .add_note(
                &amira,
                french,
                "Vérifier auprès de l'association régionale",
                "req",
                at(2, start),
            )
            .await
            .unwrap();
        let site = instance
            .create_site(
                &amira,
                &SiteFields {
                    names: "福州同乡会服务站".into(),
                    address: "Westblaak 12\n3012 KL Rotterdam".into(),
                    city: "Rotterdam".into(),
                    country: "NL".into(),
                    ..SiteFields::new_site()
                },
                "req",
                at(2, start),
            )
            .await
            .unwrap();
        let hits = find(&instance, &amira, "etiez", start).await;
        assert_eq!(
            (hits[0].kind, hits[0].author, hits[0].report),
            (
                SearchKind::Message,
                Some(Author::Investigator),
                Some(french)
            ),
            "{engine}"
        );
        let hits = find(&instance, &amira, "regionale", start).await;
        assert_eq!(
            (hits[0].kind, hits[0].report),
            (SearchKind::Note, Some(french))
        );
        let hits = find(&instance, &amira, "福州同鄉會", start).await;
        assert_eq!(
            (hits[0].kind, hits[0].site, hits[0].site_name.as_deref()),
            (SearchKind::Site, Some(site), Some("福州同乡会服务站")),
            "{engine}"
        );
        // Counts by kind, and a kind alone.
        let all = search_page(&instance, &amira, "服务站", None, start).await;
        let counts: Vec<(SearchKind, usize)> = all.by_kind.clone();
        assert_eq!(all.total, 3, "{engine}: {counts:?}");
        assert!(
            counts.contains(&(SearchKind::Site, 1)) && counts.contains(&(SearchKind::Report, 2))
        );
        let sites = search_page(&instance, &amira, "服务站", Some(SearchKind::Site), start).await;
        assert_eq!((sites.total, sites.hits.len()), (1, 1));
        assert_eq!(sites.by_kind, counts);
        // Too long a query is refused with the field named.
        let refused = instance
            .search(
                &amira,
                &SearchQuery {
                    text: "x".repeat(301),
                    ..SearchQuery::default()
                },
                "req",
                at(3, start),
            )
            .await;
        assert!(
            matches!(refused, Err(ServiceError::Invalid(ref problems)) if problems[0].field == "q")
        );
    }
}

/// Signs `username` in again at `seconds` after `start` (a fresh TOTP step).
async fn sign_in(
    instance: &Instance,
    username: &str,
    totp: &quietline_crypto::TotpSecret,
    seconds: u64,
    start: Instant,
) -> Investigator {
    crate::workbench::signed_in(instance, username, totp, at(seconds, start)).await
}

#[tokio::test]
async fn an_investigator_finds_nothing_of_a_report_their_key_does_not_open() {
    for (engine, instance, dir, recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        // Received before anyone was an investigator: wrapped to the recovery key only.
        let before = submit(
            &instance,
            &[("narrative", "警察服务站的人来找过我 Westblaak")],
            "before.png",
        )
        .await;
        let before = report_of(&instance, &before).await;
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let (_, chen_totp, _) = enrolled(&instance, "chen", start).await;
        instance
            .grant_access(&amira, "chen", "req", at(1, start))
            .await
            .unwrap();
        if engine == "sqlite" {
            // A row saying chen holds the first report's key, written behind the service's
            // back: the index goes by what chen's own key opens, not by the row.
            use sqlx::Connection;
            let url = format!(
                "sqlite:{}",
                dir.path().join("data").join("quietline.db").display()
            );
            let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
            let chen_key: String =
                sqlx::query_scalar("SELECT recipient FROM investigators WHERE username = 'chen'")
                    .fetch_one(&mut db)
                    .await
                    .unwrap();
            sqlx::query("INSERT INTO report_access (report_id, recipient) VALUES ($1, $2)")
                .bind(before.to_string())
                .bind(chen_key)
                .execute(&mut db)
                .await
                .unwrap();
        }
        let chen = sign_in(&instance, "chen", &chen_totp, 60, start).await;
        // Received now: wrapped to both.
        let shared = submit(
            &instance,
            &[("narrative", "服务站 Westblaak, second report")],
            "shared.png",
        )
        .await;
        let shared = report_of(&instance, &shared).await;
        complete(&instance, &amira, start).await;
        complete(&instance, &chen, start).await;
        for who in [&amira, &chen] {
            let page = search_page(&instance, who, "westblaak", None, start).await;
            assert_eq!(page.total, 1, "{engine}: no key opens the first report yet");
            assert_eq!(page.hits[0].report, Some(shared));
        }
        // The recovery holder gives amira the first report (not chen).
        instance
            .grant_access_with_recovery(&recovery, "amira", at(2, start))
            .await
            .unwrap();
        complete(&instance, &amira, start).await;
        let page = search_page(&instance, &amira, "服务站 westblaak", None, start).await;
        let mut reports: Vec<_> = page.hits.iter().filter_map(|h| h.report).collect();
        reports.sort();
        let mut both = vec![before, shared];
        both.sort();
        assert_eq!(reports, both, "{engine}");
        assert_eq!(page.total, 2);
        // chen: the first report is neither shown nor counted, by any kind.
        complete(&instance, &chen, start).await;
        for kind in [None, Some(SearchKind::Report), Some(SearchKind::File)] {
            let page = search_page(&instance, &chen, "服务站", kind, start).await;
            assert!(
                page.hits.iter().all(|h| h.report != Some(before)),
                "{engine}: {kind:?}"
            );
        }
        let page = search_page(&instance, &chen, "before", None, start).await;
        assert_eq!(
            (page.total, page.hits.len()),
            (0, 0),
            "{engine}: its file name"
        );
        let page = search_page(&instance, &chen, "服务站", None, start).await;
        assert_eq!(page.total, 1, "{engine}");
        assert!(page.by_kind.iter().all(|(_, n)| *n <= 1));
    }
}

#[tokio::test]
async fn a_report_granted_later_is_found_at_once_though_already_in_the_index() {
    for (engine, instance, _dir, recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        // Wrapped to the recovery key only: nobody opens it yet.
        let before = submit(&instance, &[("narrative", "Westblaak first")], "a.png").await;
        let before = report_of(&instance, &before).await;
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let (_, chen_totp, _) = enrolled(&instance, "chen", start).await;
        instance
            .grant_access(&amira, "chen", "req", at(1, start))
            .await
            .unwrap();
        let chen = sign_in(&instance, "chen", &chen_totp, 60, start).await;
        let shared = submit(&instance, &[("narrative", "Westblaak second")], "b.png").await;
        let shared = report_of(&instance, &shared).await;
        complete(&instance, &chen, start).await;
        let hits = find(&instance, &chen, "westblaak", start).await;
        assert_eq!(hits.len(), 1, "{engine}");
        // amira is given the first report and indexes it: chen still does not see it.
        instance
            .grant_access_with_recovery(&recovery, "amira", at(2, start))
            .await
            .unwrap();
        complete(&instance, &amira, start).await;
        assert_eq!(find(&instance, &amira, "westblaak", start).await.len(), 2);
        let hits = find(&instance, &chen, "westblaak", start).await;
        assert_eq!(hits.len(), 1, "{engine}");
        assert_eq!(hits[0].report, Some(shared));
        // Now chen is given it too: nothing new enters the index, and chen finds it at once.
        instance
            .grant_access_with_recovery(&recovery, "chen", at(3, start))
            .await
            .unwrap();
        complete(&instance, &chen, start).await;
        let mut reports: Vec<_> = find(&instance, &chen, "westblaak", start)
            .await
            .iter()
            .filter_map(|h| h.report)
            .collect();
        reports.sort();
        let mut both = vec![before, shared];
        both.sort();
        assert_eq!(reports, both, "{engine}");
    }
}

#[tokio::test]
async fn what_arrives_is_found_at_once() {
    for (engine, instance, _dir, _recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        complete(&instance, &amira, start).await;
        // A new report, while the workspace is unlocked.
        let receipt = submit(
            &instance,
            &[("narrative", "第一次来的时候他们说是同乡会")],
            "first.png",
        )
        .await;
        let report = report_of(&instance, &receipt).await;
        let hits = find(&instance, &amira, "同乡会", start).await;
        assert_eq!(
            hits.iter().map(|h| h.report).collect::<Vec<_>>(),
            [Some(report)],
            "{engine}"
        );
        // The reporter answers, with a file.
        let ReceiptOutcome::Accepted(access) = instance
            .open_receipt(&receipt, SystemClock.instant())
            .await
            .unwrap()
        else {
            panic!("receipt refused")
        };
        let mut reply = instance.begin_reply(&access, TODAY).await.unwrap();
        let mut upload = reply
            .attachment("录音-二月.m4a", "audio/mp4")
            .await
            .unwrap();
        upload.write(b"audio").await.unwrap();
        upload.finish().await.unwrap();
        reply
            .complete("他们第二次来是在二月，开一辆白色面包车")
            .await
            .unwrap();
        let hits = find(&instance, &amira, "白色面包车", start).await;
        assert_eq!(
            (hits.len(), hits[0].kind, hits[0].author, hits[0].report),
            (1, SearchKind::Message, Some(Author::Reporter), Some(report)),
            "{engine}"
        );
        let hits = find(&instance, &amira, "录音", start).await;
        assert_eq!(
            (hits.len(), hits[0].kind),
            (1, SearchKind::File),
            "{engine}"
        );
        // A note, and a site changed.
        instance
            .add_note(&amira, report, "面包车的车牌要查", "req", at(1, start))
            .await
            .unwrap();
        assert_eq!(
            find(&instance, &amira, "车牌", start).await[0].kind,
            SearchKind::Note
        );
        let site = instance
            .create_site(
                &amira,
                &SiteFields {
                    names: "Station Prato".into(),
                    city: "Prato".into(),
                    country: "IT".into(),
                    ..SiteFields::new_site()
                },
                "req",
                at(1, start),
            )
            .await
            .unwrap();
        let view = instance.site(&amira, site).await.unwrap();
        instance
            .update_site_fields(
                &amira,
                site,
                &SiteFields {
                    names: "Station Milano".into(),
                    city: "Milan".into(),
                    country: "IT".into(),
                    ..SiteFields::new_site()
                },
                view.version,
                "req",
                at(2, start),
            )
            .await
            .unwrap();
        assert!(
            find(&instance, &amira, "prato", start).await.is_empty(),
            "{engine}"
        );
        assert_eq!(
            find(&instance, &amira, "milano", start).await[0].site,
            Some(site)
        );
    }
}

#[tokio::test]
async fn locking_the_workspace_drops_the_index() {
    for (engine, instance, _dir, _recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        let (amira, totp, _) = enrolled(&instance, "amira", start).await;
        submit(&instance, &[("narrative", "服务站")], "a.png").await;
        complete(&instance, &amira, start).await;
        assert_eq!(find(&instance, &amira, "服务站", start).await.len(), 1);
        let probe = instance
            .search_index_probe()
            .expect("an index while unlocked");
        assert!(probe.upgrade().is_some());
        instance
            .sign_out(&amira, "req", at(1, start))
            .await
            .unwrap();
        assert!(!instance.workspace_is_unlocked(), "{engine}");
        // The worker lets go of it within moments (it holds it only while it works).
        for _ in 0..100 {
            if probe.upgrade().is_none() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            probe.upgrade().is_none(),
            "{engine}: the index outlived the workspace"
        );
        assert!(matches!(
            instance
                .search(
                    &amira,
                    &SearchQuery {
                        text: "服务站".into(),
                        ..SearchQuery::default()
                    },
                    "req",
                    at(2, start)
                )
                .await,
            Err(ServiceError::NoAccess)
        ));
        // Signing in again builds it again.
        let amira = sign_in(&instance, "amira", &totp, 60, start).await;
        complete(&instance, &amira, start).await;
        assert_eq!(
            find(&instance, &amira, "服务站", start).await.len(),
            1,
            "{engine}"
        );
    }
}

#[tokio::test]
async fn a_search_is_audited_with_its_query_sealed_to_the_recovery_key() {
    for (engine, instance, _dir, recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let receipt = submit(
            &instance,
            &[("narrative", "陈伟 called my mother")],
            "a.png",
        )
        .await;
        let report = report_of(&instance, &receipt).await;
        complete(&instance, &amira, start).await;
        let before = instance.audit_page(None, 1).await.unwrap()[0].seq;
        let page = search_page(&instance, &amira, "陳偉 mother", None, start).await;
        assert_eq!(page.total, 1);
        let entries = instance.audit_page(None, 10).await.unwrap();
        let searched: Vec<_> = entries
            .iter()
            .filter(|e| e.seq > before && e.action == "searched")
            .collect();
        assert_eq!(searched.len(), 1, "{engine}: one entry per search");
        let entry = searched[0];
        assert_eq!(entry.actor, format!("investigator:{}", amira.id));
        assert_eq!(entry.subject, "");
        // The clear trail has counts and the fingerprint, never the query or what was shown.
        for clear in ["陳偉", "mother", &report.to_string()] {
            assert!(
                !entry.detail.contains(clear),
                "{engine}: {clear} in {}",
                entry.detail
            );
        }
        let detail: serde_json::Value = serde_json::from_str(&entry.detail).unwrap();
        assert_eq!(
            (detail["hits"].as_u64(), detail["shown"].as_u64()),
            (Some(1), Some(1))
        );
        let fingerprint = detail["sealed"].as_str().unwrap();
        // The recovery holder reads the query and which reports were shown.
        let sealed = instance
            .open_sealed_audit_detail(&recovery, fingerprint)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(sealed["query"], "陳偉 mother", "{engine}");
        assert_eq!(
            sealed["shown"],
            serde_json::json!([format!("report:{report}")])
        );
        // Nobody else does.
        assert!(
            instance
                .open_sealed_audit_detail(&Identity::generate(), fingerprint)
                .await
                .is_err()
        );
        // The chain still verifies with the new entries.
        assert!(
            instance.verify_audit().await.unwrap().is_intact(),
            "{engine}"
        );
        // An empty query searches nothing and writes nothing.
        let last = instance.audit_page(None, 1).await.unwrap()[0].seq;
        search_page(&instance, &amira, "  ", None, start).await;
        assert_eq!(instance.audit_page(None, 1).await.unwrap()[0].seq, last);
    }
}

#[tokio::test]
async fn nothing_searchable_reaches_the_data_directory() {
    const MARKER: &str = "SEARCHMARKER7d41";
    for (engine, instance, dir, _recovery) in fresh_instances(ServiceConfig::default()).await {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let receipt = submit(
            &instance,
            &[("narrative", &format!("{MARKER} 警察服务站"))],
            &format!("{MARKER}.png"),
        )
        .await;
        let report = report_of(&instance, &receipt).await;
        instance
            .add_note(
                &amira,
                report,
                &format!("note {MARKER}"),
                "req",
                at(1, start),
            )
            .await
            .unwrap();
        complete(&instance, &amira, start).await;
        assert_eq!(
            find(&instance, &amira, MARKER, start).await.len(),
            3,
            "{engine}"
        );
        for path in files(dir.path()) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            // tantivy's files: meta.json, .managed.json, <segment>.{idx,pos,term,store,fast,fieldnorm}.
            assert!(
                !name.ends_with(".json")
                    && ![
                        ".idx",
                        ".pos",
                        ".term",
                        ".store",
                        ".fast",
                        ".fieldnorm",
                        ".lock"
                    ]
                    .iter()
                    .any(|ext| name.ends_with(ext)),
                "{engine}: {}",
                path.display()
            );
            let bytes = std::fs::read(&path).unwrap();
            for clear in [MARKER.as_bytes(), "服务站".as_bytes()] {
                assert!(
                    !bytes.windows(clear.len()).any(|w| w == clear),
                    "{engine}: {} holds searchable text in clear",
                    path.display()
                );
            }
        }
    }
}
