//! Cases on both engines: what an investigator sees of a report their key does not open, the
//! timeline, the legal hold kept on the reports for the purge (admins only), edits made from a
//! stale version refused, the database holding only ciphertext, a row moved under another id
//! refused, and every action audited by the case's id with the items sealed.

use quietline_core::{Limits, ReportDraft, ReportId};
use quietline_service::{
    AuditQuery, CaseChange, CaseEntity, CaseFields, CaseStatus, Clock as _, InboxQuery, Instance,
    Investigator, ReceiptOutcome, ServiceConfig, ServiceError, SystemClock, TimelineKind,
};
use sqlx::Row;

use crate::workbench::{at, enrolled, signed_in};
use crate::{TODAY, fresh_instances_with_urls};

async fn submit(instance: &Instance, fields: &[(&str, &str)]) -> ReportId {
    let mut all = vec![("subject", "happened_to_me"), ("incident", "threats")];
    all.extend_from_slice(fields);
    let answers = ReportDraft::from_fields(all, &Limits::default())
        .validate("zh-Hans", &Limits::default(), TODAY)
        .unwrap();
    let submission = instance.begin_submission(TODAY).await.unwrap();
    let receipt = submission.complete(&answers).await.unwrap();
    match instance
        .open_receipt(&receipt, SystemClock.instant())
        .await
        .unwrap()
    {
        ReceiptOutcome::Accepted(access) => access.report,
        _ => panic!("receipt refused"),
    }
}

async fn held(url: &str) -> Vec<String> {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let mut ids: Vec<String> = sqlx::query_scalar("SELECT id FROM reports WHERE legal_hold <> 0")
        .fetch_all(&pool)
        .await
        .unwrap();
    ids.sort();
    ids
}

fn fields(title: &str) -> CaseFields {
    CaseFields {
        title: title.into(),
        status: CaseStatus::Open,
        lead: None,
        description: "Pressure on families in Prato; the 'service station' on Via Pistoiese."
            .into(),
    }
}

#[tokio::test]
async fn a_case_shows_each_investigator_what_their_key_opens_and_keeps_its_legal_hold() {
    sqlx::any::install_default_drivers();
    for (engine, instance, _dir, recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        // Received before anyone was an investigator: wrapped to the recovery key only.
        let hidden = submit(
            &instance,
            &[
                ("narrative", "秘密的叙述 hidden-report"),
                ("when_precision", "exact"),
                ("when_date", "2026-03-04"),
                ("person1_names", "王秘密"),
            ],
        )
        .await;
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let (_, chen_totp, _) = enrolled(&instance, "chen", start).await;
        instance
            .grant_access(&amira, "chen", "req", at(1, start))
            .await
            .unwrap();
        let chen = signed_in(&instance, "chen", &chen_totp, at(60, start)).await;
        let shared = submit(
            &instance,
            &[
                ("narrative", "他们给我在国内的母亲打电话"),
                ("when_precision", "month"),
                ("when_month", "2026-09"),
                ("person1_names", "陈伟"),
                ("person1_wechat", "chenwei_110"),
            ],
        )
        .await;
        instance
            .grant_access_with_recovery(&recovery, "amira", at(2, start))
            .await
            .unwrap();
        let now = at(100, start);

        let case = instance
            .create_case(&amira, fields("Prato station"), "req", now)
            .await
            .unwrap();
        let reference = instance
            .inbox(
                &amira,
                &InboxQuery {
                    page: 1,
                    per_page: 50,
                    ..InboxQuery::default()
                },
            )
            .await
            .unwrap()
            .entries
            .iter()
            .find(|e| e.id == shared)
            .and_then(|e| e.reference)
            .unwrap()
            .to_string();
        let change = |who: &Investigator, change: CaseChange| {
            let instance = instance.clone();
            let who = who.clone();
            async move { instance.change_case(&who, case, change, "req", now).await }
        };
        // By reference (in lower case) and by id.
        change(&amira, CaseChange::AddReport(reference.to_lowercase()))
            .await
            .unwrap();
        change(&amira, CaseChange::AddReport(hidden.to_string()))
            .await
            .unwrap();
        for entity in [(shared, "p1"), (hidden, "p1")] {
            change(
                &amira,
                CaseChange::AddEntity(CaseEntity {
                    report: entity.0,
                    record: entity.1.into(),
                }),
            )
            .await
            .unwrap();
        }
        change(
            &amira,
            CaseChange::AddNote("Ask the partner NGO in Florence.".into()),
        )
        .await
        .unwrap();
        // An investigator cannot add a report their key does not open.
        assert!(
            matches!(
                change(&chen, CaseChange::AddReport(hidden.to_string())).await,
                Err(ServiceError::NoAccess)
            ),
            "{engine}"
        );
        assert!(
            matches!(
                change(&chen, CaseChange::AddReport("R-0000-00".into())).await,
                Err(ServiceError::Invalid(_))
            ),
            "{engine}"
        );

        // amira opens both; chen sees that a report is there, not its content.
        let full = instance.case_view(&amira, case, "req", now).await.unwrap();
        assert_eq!(full.reports.len(), 2, "{engine}");
        assert!(full.reports.iter().all(|r| r.open), "{engine}");
        let dates: Vec<&str> = full.timeline.iter().map(|t| t.date.as_str()).collect();
        assert!(
            dates.contains(&"2026-03-04") && dates.contains(&"2026-09"),
            "{engine}: {dates:?}"
        );
        assert!(
            full.timeline
                .iter()
                .any(|t| matches!(t.kind, TimelineKind::Note(ref who) if who == "amira")),
            "{engine}"
        );
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted, "{engine}: the timeline is in order");

        let partial = instance.case_view(&chen, case, "req", now).await.unwrap();
        let seen: Vec<(ReportId, bool)> = partial.reports.iter().map(|r| (r.id, r.open)).collect();
        assert!(
            seen.contains(&(hidden, false)) && seen.contains(&(shared, true)),
            "{engine}"
        );
        let closed = partial.reports.iter().find(|r| r.id == hidden).unwrap();
        assert!(
            closed.received_day.is_none() && closed.consents.is_empty(),
            "{engine}"
        );
        assert!(
            partial.timeline.iter().all(|t| t.report != Some(hidden)),
            "{engine}: nothing of the hidden report on chen's timeline"
        );
        let hidden_entity = partial
            .entities
            .iter()
            .find(|e| e.entity.report == hidden)
            .unwrap();
        assert!(hidden_entity.label.is_none(), "{engine}: no name of it");
        let shown_entity = partial
            .entities
            .iter()
            .find(|e| e.entity.report == shared)
            .unwrap();
        assert_eq!(
            shown_entity.label.as_ref().map(|l| l.1.as_str()),
            Some("陈伟"),
            "{engine}"
        );
        assert!(
            format!("{partial:?}").find("王秘密").is_none(),
            "{engine}: nothing of the hidden report anywhere in chen's view"
        );

        // Legal hold: admins only; it follows the case's reports.
        let edit = |version: i64, hold: bool| CaseChange::Edit {
            version,
            fields: fields("Prato station"),
            legal_hold: hold,
        };
        let version = instance
            .case_view(&amira, case, "req", now)
            .await
            .unwrap()
            .version;
        assert!(
            matches!(
                change(&chen, edit(version, true)).await,
                Err(ServiceError::Forbidden)
            ),
            "{engine}"
        );
        assert!(held(&url).await.is_empty(), "{engine}");
        let version = change(&amira, edit(version, true)).await.unwrap();
        let mut both = vec![shared.to_string(), hidden.to_string()];
        both.sort();
        assert_eq!(held(&url).await, both, "{engine}");
        // An edit made from the version before is refused, and changes nothing.
        assert!(
            matches!(
                change(&amira, edit(version - 1, false)).await,
                Err(ServiceError::CaseChanged)
            ),
            "{engine}"
        );
        assert_eq!(held(&url).await, both, "{engine}");
        // Removing a report from a held case would lift its hold: admins only.
        assert!(
            matches!(
                change(&chen, CaseChange::RemoveReport(shared)).await,
                Err(ServiceError::Forbidden)
            ),
            "{engine}"
        );
        assert_eq!(held(&url).await, both, "{engine}");
        change(&amira, CaseChange::RemoveReport(shared))
            .await
            .unwrap();
        assert_eq!(held(&url).await, vec![hidden.to_string()], "{engine}");
        let version = instance
            .case_view(&amira, case, "req", now)
            .await
            .unwrap()
            .version;
        change(&amira, edit(version, false)).await.unwrap();
        assert!(held(&url).await.is_empty(), "{engine}");

        // The database: ciphertext only, and a row moved under another id is not shown.
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let row = sqlx::query("SELECT sealed FROM cases")
            .fetch_one(&pool)
            .await
            .unwrap();
        let sealed: Vec<u8> = row.get("sealed");
        for text in [
            "Prato station",
            "Via Pistoiese",
            "Florence",
            &shared.to_string(),
        ] {
            assert!(
                !sealed.windows(text.len()).any(|w| w == text.as_bytes()),
                "{engine}: {text} in clear"
            );
        }
        let moved = quietline_core::CaseId::random();
        sqlx::query(
            "INSERT INTO cases (id, created_day, updated_day, version, legal_hold, sealed) \
             VALUES ($1, '2026-11-29', '2026-11-29', 1, 0, $2)",
        )
        .bind(moved.to_string())
        .bind(&sealed)
        .execute(&pool)
        .await
        .unwrap();
        let listed: Vec<_> = instance
            .cases(&amira)
            .await
            .unwrap()
            .cases
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(listed, vec![case], "{engine}: the moved row is not shown");
        assert!(
            matches!(
                instance.case_view(&amira, moved, "req", now).await,
                Err(ServiceError::NotFound)
            ),
            "{engine}"
        );

        // The trail: by the case's id, the items sealed, no report id in clear.
        let trail = instance
            .audit_view(
                &amira,
                AuditQuery {
                    before: None,
                    limit: 500,
                    verify: false,
                },
            )
            .await
            .unwrap();
        let of_case: Vec<_> = trail
            .entries
            .iter()
            .filter(|e| e.subject == case.to_string())
            .collect();
        let actions: Vec<&str> = of_case.iter().map(|e| e.action.as_str()).collect();
        for action in [
            "case_created",
            "case_item_added",
            "case_item_removed",
            "case_note_added",
            "case_edited",
            "case_opened",
        ] {
            assert!(
                actions.contains(&action),
                "{engine}: {action} in {actions:?}"
            );
        }
        for entry in &trail.entries {
            for report in [shared, hidden] {
                if entry.action.starts_with("case_") {
                    assert!(
                        !entry.detail.contains(&report.to_string()),
                        "{engine}: {entry:?}"
                    );
                }
            }
        }
        let added = of_case
            .iter()
            .find(|e| e.action == "case_item_added")
            .unwrap();
        let fingerprint =
            serde_json::from_str::<serde_json::Value>(&added.detail).unwrap()["sealed"]
                .as_str()
                .unwrap()
                .to_owned();
        let opened = instance
            .open_sealed_audit_detail(&recovery, &fingerprint)
            .await
            .unwrap()
            .unwrap();
        assert!(
            opened.to_string().contains(&case.to_string()),
            "{engine}: the recovery key reads which item: {opened}"
        );
    }
}
