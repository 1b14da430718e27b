//! The reporter's copy (issue 13, point 3) over real HTTP: a box on the form, unticked by
//! default and kept through a form shown again; with it ticked, the receipt reads back what was
//! sent in any language and "Delete my copy" removes it; without it, nothing is written and the
//! thread shows no content. The object opens with neither the recovery identity nor the report
//! key, with the standard `age` tool.

use std::path::PathBuf;

use crate::helpers::{TestApp, client, hidden_fields, receipt_in, spawn_app};
use crate::receipts::open_with;

const NARRATIVE: &str = "他们去了我父母家，说如果我不回国，我弟弟就会丢掉工作。";
const NAME: &str = "陈伟 / Chen Wei";
const FILE: &str = "派出所 照片.jpg";

fn fields(copy: bool) -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        ("subject", "happened_to_someone"),
        ("incident", "family_pressure"),
        ("narrative", NARRATIVE),
        ("person1_names", NAME),
        ("place_address", "Westblaak 12\n3012 KL Rotterdam"),
    ];
    if copy {
        fields.push(("reporter_copy", "1"));
    }
    fields
}

/// The `reporter_copy` checkbox of a form page, as written.
fn checkbox(html: &str) -> String {
    let start = html
        .find(r#"name="reporter_copy""#)
        .unwrap_or_else(|| panic!("no reporter_copy box in {html}"));
    let from = html[..start].rfind('<').unwrap();
    let to = start + html[start..].find('>').unwrap();
    html[from..=to].to_owned()
}

fn copies(app: &TestApp) -> Vec<PathBuf> {
    std::fs::read_dir(app.data_dir().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path().join("reporter_copy.age"))
        .filter(|p| p.exists())
        .collect()
}

/// "Delete my copy" sent from the thread page `thread` (with its form token).
async fn delete_copy(
    app: &TestApp,
    browser: &reqwest::Client,
    lang: &str,
    thread: &str,
) -> reqwest::Response {
    let token: Vec<(String, String)> = hidden_fields(thread)
        .into_iter()
        .filter(|(n, _)| n == "csrf")
        .take(1)
        .collect();
    browser
        .post(app.url(&format!("/{lang}/return/copy/delete")))
        .form(&token)
        .send()
        .await
        .unwrap()
}

/// The thread page in `lang`, read by a fresh browser that opened it with `receipt`.
async fn thread_in(app: &TestApp, lang: &str, receipt: &str) -> (reqwest::Client, String) {
    let browser = client();
    let opened = open_with(app, &browser, lang, receipt).await;
    assert_eq!(opened.status(), 303);
    let html = browser
        .get(app.url(&format!("/{lang}/return/thread")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (browser, html)
}

#[tokio::test]
async fn the_box_is_unticked_by_default_says_the_risk_and_survives_a_form_shown_again() {
    let app = spawn_app().await;
    let form = app.get("/en/report").await.text().await.unwrap();
    let box_html = checkbox(&form);
    assert!(!box_html.contains("checked"), "{box_html}");
    assert!(box_html.contains(r#"aria-describedby="reporter_copy-risk""#));
    assert!(form.contains("Let me see what I sent when I come back with my receipt"));
    assert!(form.contains("forces you to give it up, could then read everything you wrote here"));
    let zh = app.get("/zh-Hans/report").await.text().await.unwrap();
    assert!(zh.contains("逼您交出回执码") && !checkbox(&zh).contains("checked"));

    // Sent without the narrative: shown again with the box still ticked, in the same language.
    let mut missing: Vec<_> = fields(true)
        .into_iter()
        .filter(|(n, _)| *n != "narrative")
        .collect();
    let again = app.submit("fr", &missing, Vec::new()).await;
    assert_eq!(again.status(), 422);
    let again = again.text().await.unwrap();
    assert!(checkbox(&again).contains("checked"), "{}", checkbox(&again));
    assert!(again.contains("Me laisser voir ce que j"));
    // A language button: the same form in another language, the box still ticked.
    missing.push(("language", "zh-Hans"));
    let switched = app.submit("fr", &missing, Vec::new()).await;
    assert_eq!(switched.status(), 200);
    let switched = switched.text().await.unwrap();
    assert!(switched.contains("让我看到自己发送的内容") && checkbox(&switched).contains("checked"));
    // Unticked stays unticked.
    let plain: Vec<_> = fields(false)
        .into_iter()
        .filter(|(n, _)| *n != "narrative")
        .collect();
    let again = app
        .submit("en", &plain, Vec::new())
        .await
        .text()
        .await
        .unwrap();
    assert!(!checkbox(&again).contains("checked"));
    assert_eq!(app.report_rows().await, 0);
}

#[tokio::test]
async fn a_kept_copy_reads_back_in_chinese_and_french_and_is_deleted_on_request() {
    let app = spawn_app().await;
    let sent = app
        .submit(
            "zh-Hans",
            &fields(true),
            vec![(FILE.into(), b"not really a jpeg".to_vec())],
        )
        .await;
    assert_eq!(sent.status(), 200);
    let page = sent.text().await.unwrap();
    assert!(page.contains("您选择了保留一份举报副本"), "{page}");
    let receipt = receipt_in(&page);
    assert_eq!(copies(&app).len(), 1);

    // Chinese: the form's own questions, the answers, the file's name.
    let (_, zh) = thread_in(&app, "zh-Hans", &receipt).await;
    for expected in [
        "您发送的内容",
        NARRATIVE,
        "陈伟",
        FILE,
        "Westblaak 12\n3012 KL Rotterdam",
        "删除我的副本",
    ] {
        assert!(zh.contains(expected), "{expected} missing from {zh}");
    }
    // French, same receipt, another browser: the same answers under French questions.
    let (browser, fr) = thread_in(&app, "fr", &receipt).await;
    for expected in [
        "Ce que vous avez envoyé",
        NARRATIVE,
        FILE,
        "Supprimer ma copie",
    ] {
        assert!(fr.contains(expected), "{expected} missing from {fr}");
    }
    assert!(!fr.contains("您发送的内容"));

    // A delete without the form's token deletes nothing.
    let refused = browser
        .post(app.url("/fr/return/copy/delete"))
        .form(&[("csrf", "0".repeat(64))])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 303);
    assert_eq!(
        refused.headers()["location"],
        "/fr/return/thread?copy=expired"
    );
    assert_eq!(copies(&app).len(), 1);

    // "Delete my copy": the copy goes, the report stays.
    let deleted = delete_copy(&app, &browser, "fr", &fr).await;
    assert_eq!(deleted.status(), 303);
    assert_eq!(
        deleted.headers()["location"],
        "/fr/return/thread?copy=deleted"
    );
    assert!(copies(&app).is_empty());
    assert_eq!(app.report_rows().await, 1);
    let after = browser
        .get(app.url("/fr/return/thread?copy=deleted"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(after.contains("Votre copie a été supprimée."), "{after}");
    assert!(!after.contains(NARRATIVE) && !after.contains(FILE));
}

#[tokio::test]
async fn without_the_box_nothing_is_kept_and_the_thread_shows_no_content() {
    let app = spawn_app().await;
    let sent = app
        .submit(
            "en",
            &fields(false),
            vec![(FILE.into(), b"not really a jpeg".to_vec())],
        )
        .await;
    let page = sent.text().await.unwrap();
    assert!(!page.contains("You chose to keep a copy"));
    let receipt = receipt_in(&page);
    assert_eq!(app.report_rows().await, 1);
    assert!(copies(&app).is_empty());
    let (_, thread) = thread_in(&app, "en", &receipt).await;
    assert!(thread.contains("No copy of your report is kept here"));
    for content in [NARRATIVE, "陈伟", FILE, "Westblaak", "What you sent"] {
        assert!(!thread.contains(content), "{content} shown: {thread}");
    }
}

#[tokio::test]
async fn the_age_tool_opens_the_copy_with_neither_the_recovery_identity_nor_the_report_key() {
    let app = spawn_app().await;
    let page = app
        .submit("en", &fields(true), Vec::new())
        .await
        .text()
        .await
        .unwrap();
    receipt_in(&page);
    let copy = copies(&app).pop().expect("a copy");
    let folder = copy.parent().unwrap().to_owned();
    let work = tempfile::tempdir().unwrap();
    let recovery = work.path().join("recovery.txt");
    std::fs::write(
        &recovery,
        secrecy::ExposeSecret::expose_secret(&app.recovery.to_identity_file()),
    )
    .unwrap();
    let age = |identity: &std::path::Path, file: &std::path::Path| {
        std::process::Command::new("age")
            .args(["-d", "-i"])
            .arg(identity)
            .arg(file)
            .output()
            .expect("the age tool (Debian package age)")
    };
    // The recovery identity opens the report key, and that key the answers...
    let key = age(&recovery, &folder.join("key.age"));
    assert!(key.status.success());
    let report_key = work.path().join("report.key");
    std::fs::write(&report_key, &key.stdout).unwrap();
    let answers = age(&report_key, &folder.join("answers.age"));
    assert!(answers.status.success());
    assert!(String::from_utf8_lossy(&answers.stdout).contains(NARRATIVE));
    // ... but neither opens the reporter's copy: only the receipt's key does.
    for identity in [&recovery, &report_key] {
        let opened = age(identity, &copy);
        assert!(!opened.status.success(), "{}", identity.display());
        assert!(opened.stdout.is_empty());
    }
}

#[tokio::test]
async fn a_planted_copy_is_not_shown_and_the_reporter_can_delete_it() {
    let app = spawn_app().await;
    let page = app
        .submit("en", &fields(false), Vec::new())
        .await
        .text()
        .await
        .unwrap();
    let receipt = receipt_in(&page);
    assert!(copies(&app).is_empty());
    // Someone who can write the data directory puts a "copy" in the report's folder.
    let folder = std::fs::read_dir(app.data_dir().join("reports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(
        folder.join("reporter_copy.age"),
        b"age-encryption.org/v1\nplanted",
    )
    .unwrap();
    let (browser, thread) = thread_in(&app, "en", &receipt).await;
    assert!(thread.contains("could not be verified"), "{thread}");
    assert!(!thread.contains("planted") && !thread.contains("What you sent"));
    // It can go, like a genuine copy.
    assert!(
        thread.contains(r#"action="/en/return/copy/delete""#),
        "no way to delete it: {thread}"
    );
    let deleted = delete_copy(&app, &browser, "en", &thread).await;
    assert_eq!(
        deleted.headers()["location"],
        "/en/return/thread?copy=deleted"
    );
    assert!(copies(&app).is_empty());
    assert_eq!(app.report_rows().await, 1);
}
