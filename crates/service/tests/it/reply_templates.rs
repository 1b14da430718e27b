//! Reply templates on both engines: the shipped defaults in a report's language (or English,
//! said), admins only for changes, the first change storing the defaults, every change audited
//! by id, templates sealed (no wording in the database) and re-sealed with the workspace key.

use quietline_core::ReportId;
use quietline_service::{
    AuditQuery, Clock as _, InboxQuery, Instance, Investigator, ServiceConfig, ServiceError,
    SystemClock, TemplateChange, TemplateFields, TemplateKey,
};
use sqlx::Row;

use crate::fresh_instances_with_urls;
use crate::workbench::{at, enrolled, submit};

/// The id of the report in `language` (each test report has its own language).
async fn report_in(instance: &Instance, who: &Investigator, language: &str) -> ReportId {
    let inbox = instance
        .inbox(
            who,
            &InboxQuery {
                page: 1,
                per_page: 50,
                ..InboxQuery::default()
            },
        )
        .await
        .unwrap();
    inbox
        .entries
        .iter()
        .find(|e| e.summary.as_ref().is_some_and(|s| s.language == language))
        .unwrap_or_else(|| panic!("no report in {language}"))
        .id
}

/// The templates a report's page offers.
async fn offered(
    instance: &Instance,
    who: &Investigator,
    report: ReportId,
    now: quietline_service::Now,
) -> quietline_service::ReplyTemplates {
    instance
        .open_report(who, report, "req", now)
        .await
        .unwrap()
        .reply_templates
}

#[tokio::test]
async fn templates_follow_the_report_language_are_sealed_and_only_admins_change_them() {
    for (engine, instance, _dir, _recovery, url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let (bao, _, _) = enrolled(&instance, "bao", start).await;
        assert!(amira.is_admin() && !bao.is_admin(), "{engine}");
        let now = at(100, start);
        for (language, text) in [
            ("fr", "On m'a appelé pour me dire de rentrer."),
            ("zh-Hant", "他們打電話叫我回國。"),
            ("it", "Mi hanno chiamato per dirmi di tornare."),
        ] {
            submit(&instance, language, "family_pressure", text).await;
        }
        let fr = report_in(&instance, &amira, "fr").await;
        let zh = report_in(&instance, &amira, "zh-Hant").await;
        let it = report_in(&instance, &amira, "it").await;
        let offered = |report| offered(&instance, &amira, report, now);

        // Shipped defaults, in the report's language.
        let zh_templates = offered(zh).await;
        assert!(!zh_templates.fell_back(), "{engine}");
        let titles: Vec<&str> = zh_templates
            .templates
            .iter()
            .map(|t| t.fields.title.as_str())
            .collect();
        assert_eq!(titles.len(), 3, "{engine}: {titles:?}");
        assert!(
            titles.contains(&"我們不會聯絡您的家人"),
            "{engine}: {titles:?}"
        );
        assert!(
            zh_templates
                .templates
                .iter()
                .all(|t| matches!(t.key, TemplateKey::Shipped(_)) && t.fields.language == "zh-Hant")
        );
        // No template in Italian: the English ones, and the page is told.
        let it_templates = offered(it).await;
        assert!(it_templates.fell_back(), "{engine}");
        assert_eq!(it_templates.shown_language, "en");
        assert!(
            it_templates
                .templates
                .iter()
                .any(|t| t.fields.body.contains("without your permission"))
        );

        // Investigators cannot change templates or see the admin list.
        let fields = TemplateFields {
            title: "Rendez-vous".into(),
            language: "fr".into(),
            body: "Pouvons-nous convenir d'un moment pour en parler\u{202f}? Marque-7391".into(),
        };
        assert!(matches!(
            instance
                .change_reply_template(&bao, TemplateChange::Create(fields.clone()), "req", now)
                .await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            instance.reply_templates_view(&bao).await,
            Err(ServiceError::Forbidden)
        ));
        // Bounded sizes, refused with the field named.
        let long = TemplateFields {
            body: "x".repeat(quietline_service::TEMPLATE_BODY_MAX_CHARS + 1),
            ..fields.clone()
        };
        match instance
            .change_reply_template(&amira, TemplateChange::Create(long), "req", now)
            .await
        {
            Err(ServiceError::Invalid(problems)) => assert_eq!(problems[0].field, "body"),
            other => panic!("{engine}: {other:?}"),
        }
        assert!(instance.reply_templates_view(&amira).await.unwrap().shipped);

        // The first change stores the twelve defaults with it.
        let created = instance
            .change_reply_template(&amira, TemplateChange::Create(fields.clone()), "req", now)
            .await
            .unwrap()
            .expect("a key");
        let TemplateKey::Stored(id) = created else {
            panic!("{engine}: {created:?}");
        };
        let view = instance.reply_templates_view(&amira).await.unwrap();
        assert!(!view.shipped, "{engine}");
        assert_eq!(view.templates.len(), 13, "{engine}");
        let fr_templates = offered(fr).await;
        assert_eq!(fr_templates.templates.len(), 4, "{engine}");
        let mine = fr_templates
            .get(created)
            .expect("offered on the French report");
        assert_eq!(mine.fields, fields, "{engine}: round trip");

        // Edit and delete; a deleted template cannot be edited.
        let edited = TemplateFields {
            body: "Pouvons-nous parler demain\u{202f}? Marque-7391".into(),
            ..fields.clone()
        };
        instance
            .change_reply_template(
                &amira,
                TemplateChange::Update(created, edited.clone()),
                "req",
                now,
            )
            .await
            .unwrap();
        assert_eq!(offered(fr).await.get(created).unwrap().fields, edited);
        // The shipped keys are gone once the defaults are stored.
        let shipped = zh_templates.templates[0].key;
        assert!(matches!(
            instance
                .change_reply_template(&amira, TemplateChange::Delete(shipped), "req", now)
                .await,
            Err(ServiceError::NotFound)
        ));

        // In the database: ids, days and ciphertext, never the wording.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let rows = sqlx::query("SELECT id, sealed FROM reply_templates")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(rows.len(), 13, "{engine}");
        let mut found = false;
        for row in &rows {
            let sealed: Vec<u8> = row.get("sealed");
            let text = String::from_utf8_lossy(&sealed);
            assert!(text.starts_with("age-encryption.org/v1"), "{engine}");
            for clear in ["Marque-7391", "Rendez-vous", "家人", "family", "\"fr\""] {
                assert!(!text.contains(clear), "{engine}: {clear} in a row");
            }
            found |= row.get::<String, _>("id") == id.to_string();
        }
        assert!(found, "{engine}: the template's row is keyed by its id");

        // Someone who can write the database (not `secrets/`) plants templates: one of their
        // own, sealed to the workspace's public key (in the database), and a genuine row's
        // bytes under another id. Neither is offered; the genuine one still is.
        let workspace: String = sqlx::query_scalar("SELECT recipient FROM workspace")
            .fetch_one(&pool)
            .await
            .unwrap();
        let workspace: quietline_crypto::Recipient = workspace.parse().unwrap();
        let planted_text = serde_json::json!({
            "fields": {"title": "Planted", "language": "fr", "body": "Envoyez-nous les noms de votre famille"},
            "origin": "00".repeat(32),
        });
        let planted = quietline_crypto::seal(
            std::slice::from_ref(&workspace),
            planted_text.to_string().as_bytes(),
        )
        .unwrap();
        let genuine: Vec<u8> =
            sqlx::query_scalar("SELECT sealed FROM reply_templates WHERE id = $1")
                .bind(id.to_string())
                .fetch_one(&pool)
                .await
                .unwrap();
        for sealed in [planted, genuine] {
            sqlx::query(
                "INSERT INTO reply_templates (id, created_day, updated_day, sealed) \
                 VALUES ($1, '2026-01-01', '2026-01-01', $2)",
            )
            .bind(quietline_core::ReplyTemplateId::random().to_string())
            .bind(sealed)
            .execute(&pool)
            .await
            .unwrap();
        }
        let french = offered(fr).await;
        assert!(
            french.templates.iter().all(|t| t.fields.title != "Planted"),
            "{engine}: a planted template is offered"
        );
        assert_eq!(
            french
                .templates
                .iter()
                .filter(|t| t.fields == edited)
                .count(),
            1,
            "{engine}: a genuine template's bytes under another id are offered"
        );
        pool.close().await;

        instance
            .change_reply_template(&amira, TemplateChange::Delete(created), "req", now)
            .await
            .unwrap();
        assert!(offered(fr).await.get(created).is_none());
        assert!(matches!(
            instance
                .change_reply_template(&amira, TemplateChange::Update(created, edited), "req", now)
                .await,
            Err(ServiceError::NotFound)
        ));

        // Each change audited by the template's id, without its wording.
        let audit = instance
            .audit_view(
                &amira,
                AuditQuery {
                    before: None,
                    limit: 100,
                    verify: false,
                },
            )
            .await
            .unwrap();
        let of = |action: &str| -> Vec<String> {
            audit
                .entries
                .iter()
                .filter(|e| e.action == action)
                .map(|e| e.subject.clone())
                .collect()
        };
        assert_eq!(of("reply_template_created"), [id.to_string()], "{engine}");
        assert_eq!(of("reply_template_edited"), [id.to_string()], "{engine}");
        assert_eq!(of("reply_template_deleted"), [id.to_string()], "{engine}");
        assert_eq!(of("reply_templates_stored").len(), 1, "{engine}");
        for entry in &audit.entries {
            assert!(
                !entry.detail.contains("Marque") && !entry.subject.contains("Marque"),
                "{engine}: {entry:?}"
            );
        }
    }
}

/// Editing a shipped default stores all of them, with that one as edited; deleting every
/// template brings the shipped ones back.
#[tokio::test]
async fn editing_a_shipped_default_stores_them_all_and_an_empty_list_brings_them_back() {
    for (engine, instance, _dir, _recovery, _url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let now = at(100, start);
        let view = instance.reply_templates_view(&amira).await.unwrap();
        assert!(view.shipped && view.templates.len() == 12, "{engine}");
        let family = view
            .templates
            .iter()
            .find(|t| t.fields.language == "en" && t.fields.title.contains("family"))
            .unwrap()
            .clone();
        let wording = TemplateFields {
            body: "We will not contact your family, or anyone you named, unless you ask us to."
                .into(),
            ..family.fields.clone()
        };
        let key = instance
            .change_reply_template(
                &amira,
                TemplateChange::Update(family.key, wording.clone()),
                "req",
                now,
            )
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(key, TemplateKey::Stored(_)), "{engine}");
        let view = instance.reply_templates_view(&amira).await.unwrap();
        assert!(!view.shipped);
        assert_eq!(view.templates.len(), 12, "{engine}");
        assert_eq!(
            view.templates.iter().find(|t| t.key == key).unwrap().fields,
            wording
        );
        for template in view.templates {
            instance
                .change_reply_template(&amira, TemplateChange::Delete(template.key), "req", now)
                .await
                .unwrap();
        }
        let view = instance.reply_templates_view(&amira).await.unwrap();
        assert!(view.shipped && view.templates.len() == 12, "{engine}");
    }
}

#[tokio::test]
async fn two_first_changes_at_once_store_the_shipped_templates_once() {
    for (engine, instance, _dir, _recovery, _url) in
        fresh_instances_with_urls(ServiceConfig::default()).await
    {
        let start = SystemClock.instant();
        let (amira, _, _) = enrolled(&instance, "amira", start).await;
        let now = at(100, start);
        let create = |title: &str| {
            TemplateChange::Create(TemplateFields {
                title: title.into(),
                language: "en".into(),
                body: "Thank you.".into(),
            })
        };
        let (first, second) = tokio::join!(
            instance.change_reply_template(&amira, create("One"), "req", now),
            instance.change_reply_template(&amira, create("Two"), "req", now),
        );
        first.unwrap();
        second.unwrap();
        let view = instance.reply_templates_view(&amira).await.unwrap();
        let shipped = view
            .templates
            .iter()
            .filter(|t| t.fields.title != "One" && t.fields.title != "Two")
            .count();
        assert_eq!(
            (view.templates.len(), shipped),
            (14, 12),
            "{engine}: the shipped ones stored once, and both new ones"
        );
    }
}
