//! Submitting, the receipt, and coming back with it.

use regex::Regex;

use crate::helpers::{
    MINIMAL, Options, TestApp, hidden_fields, receipt_in, spawn_app, spawn_app_with,
};

pub async fn open_with(
    app: &TestApp,
    client: &reqwest::Client,
    lang: &str,
    receipt: &str,
) -> reqwest::Response {
    let html = client
        .get(app.url(&format!("/{lang}/return")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form: Vec<(String, String)> = hidden_fields(&html);
    form.push(("receipt".into(), receipt.into()));
    client
        .post(app.url(&format!("/{lang}/return")))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// The page with what changes per request (tokens, request id) blanked out.
fn stable(html: &str) -> String {
    let tokens = Regex::new(r#"value="[0-9a-f]{16,}""#).unwrap();
    tokens.replace_all(html, r#"value="""#).into_owned()
}

#[tokio::test]
async fn a_reporter_submits_keeps_the_receipt_and_returns_to_converse() {
    let app = spawn_app().await;
    let response = app
        .submit("en", &MINIMAL, vec![("photo.jpg".into(), b"jpeg".to_vec())])
        .await;
    assert_eq!(response.status(), 200);
    let receipt = receipt_in(&response.text().await.unwrap());
    assert_eq!(receipt.split(' ').count(), 5);
    assert_eq!(app.report_rows().await, 1);

    let opened = open_with(&app, &app.client, "en", &receipt.replace(' ', "-")).await;
    assert_eq!(opened.status(), 303);
    assert_eq!(opened.headers()["location"], "/en/return/thread");
    let session_cookie = opened.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        session_cookie.starts_with("ql_session=")
            && session_cookie.contains("HttpOnly")
            && session_cookie.contains("SameSite=Strict")
    );

    let thread = app.get("/en/return/thread").await.text().await.unwrap();
    assert!(
        thread.contains("Received, not yet read") && thread.contains("No messages yet"),
        "{thread}"
    );
    assert!(thread.contains("Files sent so far: 1"));

    let report = app.instance.report_summaries().await.unwrap()[0].id;
    app.instance
        .send_to_reporter(
            &app.recovery,
            report,
            "Où était-ce ? 在哪里？",
            time::macros::date!(2026 - 11 - 30),
        )
        .await
        .unwrap();
    let thread = app.get("/en/return/thread").await.text().await.unwrap();
    assert!(thread.contains("Où était-ce ? 在哪里？") && thread.contains("Investigators"));

    let mut form = crate::helpers::multipart_from(&thread);
    form = form.text("message", "À Rotterdam, près du port.").part(
        "files",
        reqwest::multipart::Part::bytes(b"more evidence".to_vec()).file_name("note.txt"),
    );
    let replied = app.post_multipart("/en/return/reply", form).await;
    assert_eq!(replied.status(), 303);
    assert_eq!(replied.headers()["location"], "/en/return/thread?sent=1");
    let thread = app
        .get("/en/return/thread?sent=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        thread.contains("Your message was sent.") && thread.contains("À Rotterdam, près du port.")
    );
    assert!(thread.contains("Files sent so far: 2"));

    // Leaving ends the session on the server, not only in the browser.
    // The leave form carries only the token (the page has two forms with one each).
    let leave_form: Vec<_> = hidden_fields(&thread)
        .into_iter()
        .filter(|(n, _)| n == "csrf")
        .take(1)
        .collect();
    let left = app
        .client
        .post(app.url("/en/return/leave"))
        .form(&leave_form)
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), 303);
    assert_eq!(left.headers()["clear-site-data"], "\"cookies\"");
    let stale = crate::helpers::client();
    let cookie_value = session_cookie.split(';').next().unwrap().to_owned();
    let after = stale
        .get(app.url("/en/return/thread"))
        .header("cookie", cookie_value)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 303);
    assert_eq!(after.headers()["location"], "/en/return?session=ended");
}

#[tokio::test]
async fn a_wrong_receipt_and_an_unknown_one_get_the_same_answer() {
    let app = spawn_app().await;
    let receipt = receipt_in(
        &app.submit("en", &MINIMAL, vec![])
            .await
            .text()
            .await
            .unwrap(),
    );
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    let (lookup, secret) = digits.split_at(6);
    let flipped = if secret.ends_with('0') {
        format!("{}1", &secret[..13])
    } else {
        format!("{}0", &secret[..13])
    };
    let wrong = format!("{lookup}{flipped}");
    let unknown_lookup = (lookup.parse::<u32>().unwrap() + 500_000) % 1_000_000;
    let unknown = format!("{unknown_lookup:06}{secret}");

    let mut answers = Vec::new();
    let mut work = Vec::new();
    for attempt in [&wrong, &unknown] {
        let client = crate::helpers::client();
        let before = app.instance.key_derivations();
        let response = open_with(&app, &client, "fr", attempt).await;
        let after = app.instance.key_derivations();
        let status = response.status();
        let html = stable(&response.text().await.unwrap()).replace(attempt.as_str(), "RECEIPT");
        answers.push((status, html));
        work.push((
            after.runs - before.runs,
            after.kib_passes - before.kib_passes,
        ));
    }
    // The same path: one key derivation of the same cost each, known lookup id or not (an
    // early answer for unknown ids would tell an attacker which ids exist by its speed).
    assert_eq!(work[0].0, 1, "a wrong receipt runs one key derivation");
    assert!(work[0].1 > 0);
    assert_eq!(work[0], work[1], "an unknown receipt costs the same");
    assert_eq!(answers[0].0, 422);
    assert!(
        answers[0].1.contains("Aucun signalement"),
        "{}",
        answers[0].1
    );
    assert_eq!(
        answers[0], answers[1],
        "wrong and unknown receipts must be indistinguishable"
    );
}

#[tokio::test]
async fn malformed_receipts_are_explained_without_a_check() {
    let app = spawn_app_with(Options {
        receipt_burst: 1,
        ..Options::default()
    })
    .await;
    for typed in ["1234", "1234 5678 9012 3456 789O", ""] {
        let response = open_with(&app, &app.client, "en", typed).await;
        assert_eq!(response.status(), 422, "{typed:?}");
        let html = response.text().await.unwrap();
        assert!(html.contains("A receipt has 20 digits"), "{html}");
        assert!(
            html.contains(&format!(r#"value="{typed}""#)),
            "the typed value is kept"
        );
    }
    // None of those used the one allowed check.
    let response = open_with(&app, &app.client, "en", "0000 0000 0000 0000 0000").await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn receipt_checks_are_throttled_for_all_visitors_together() {
    let app = spawn_app_with(Options {
        receipt_burst: 2,
        ..Options::default()
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        // A new client each time: no cookie links the attempts, the limit still holds.
        let client = crate::helpers::client();
        let response = open_with(&app, &client, "zh-Hans", "1111 2222 3333 4444 5555").await;
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            let html = response.text().await.unwrap();
            assert!(
                html.contains(r#"lang="zh-Hans""#) && html.contains("1111 2222 3333 4444 5555")
            );
        }
    }
    assert_eq!(statuses, vec![422, 422, 429]);
}

#[tokio::test]
async fn reloading_the_sent_form_does_not_file_the_report_twice() {
    let app = spawn_app().await;
    let tokens = app.form_tokens("/en/report").await;
    let send = || {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in tokens.clone() {
            form = form.text(name, value);
        }
        for (name, value) in MINIMAL {
            form = form.text(name, value);
        }
        app.client
            .post(app.url("/en/report"))
            .multipart(form)
            .send()
    };
    assert_eq!(send().await.unwrap().status(), 200);
    let again = send().await.unwrap();
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("already received"));
    assert_eq!(app.report_rows().await, 1);
}

#[tokio::test]
async fn posting_without_the_form_token_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/en/return"))
        .form(&[("receipt", "1111 2222 3333 4444 5555")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let thread_without_session = app.get("/en/return/thread").await;
    assert_eq!(thread_without_session.status(), 303);
}

/// The receipt is shown once, so its page cannot be left by one tap without it: no language
/// or home link, Quick exit asks first, and "I have kept my receipt" wants its last four digits
/// (checked by the browser: the box has no name and nothing typed in it is sent).
#[tokio::test]
async fn the_receipt_page_is_not_left_by_one_tap() {
    let app = spawn_app().await;
    let last_four_box = Regex::new(r#"<input id="last_four"[^>]*>"#).unwrap();
    for lang in ["fr", "ug"] {
        let html = app
            .submit(lang, &MINIMAL, vec![])
            .await
            .text()
            .await
            .unwrap();
        let receipt = receipt_in(&html);
        // Links that leave the page (the skip link stays on it).
        let links: Vec<&str> = html
            .match_indices("<a ")
            .map(|(i, _)| &html[i..])
            .filter(|a| !a.starts_with(r##"<a class="skip" href="#main">"##))
            .collect();
        assert_eq!(links.len(), 1, "{lang}: one link, Quick exit's: {html}");
        let ask = html
            .find(r#"<details class="quick-exit-ask">"#)
            .expect("Quick exit asks first");
        let link = html.find(r#"<a class="quick-exit""#).unwrap();
        let closed = html[ask..].find("</details>").unwrap() + ask;
        assert!(
            ask < link
                && link < closed
                && links[0].starts_with(r#"<a class="quick-exit" href="/exit""#),
            "{lang}: the only link is Quick exit, inside the question"
        );
        assert!(
            !html.contains(r#"class="langs""#),
            "{lang}: no language links"
        );
        let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
        let last_four = &digits[digits.len() - 4..];
        let arabic_indic = crate::helpers::in_digits(last_four, '\u{0660}');
        let tibetan = crate::helpers::in_digits(last_four, '\u{0F20}');
        let input = last_four_box
            .find(&html)
            .expect("the last-four box")
            .as_str()
            .to_owned();
        assert!(
            input.contains(&format!(
                r#"pattern="{last_four}|{arabic_indic}|{tibetan}""#
            )) && input.contains("required")
                && !input.contains("name="),
            "{lang}: {input}"
        );
        assert!(html.contains(&format!(
            r#"<form method="get" action="/{lang}/" class="receipt-done">"#
        )));
    }
}

/// The reporter's page says where the report stands in words they understand, and what
/// happens moves it: received; read once an investigator opens it; a question when
/// investigators write; "you answered" after the reporter's reply.
#[tokio::test]
async fn the_thread_tells_the_reporter_what_happened_to_the_report() {
    let app = spawn_app().await;
    let (amira, _) = crate::workbench::sign_in_new(&app, "amira", None).await;
    let receipt = receipt_in(
        &app.submit("en", &MINIMAL, vec![])
            .await
            .text()
            .await
            .unwrap(),
    );
    let english = quietline_web::Lang::english();
    let status_of = |key: &str| english.t1("thread-status", "status", english.t(key));
    let reporter = crate::helpers::client();
    assert_eq!(
        open_with(&app, &reporter, "en", &receipt).await.status(),
        303
    );
    let thread = || {
        let reporter = reporter.clone();
        let url = app.url("/en/return/thread");
        async move {
            reporter
                .get(url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    assert!(
        thread().await.contains(&status_of("status-new")),
        "received"
    );

    // An investigator opens it: read.
    let report = crate::workbench::first_report_id(&app, &amira).await;
    let page = amira
        .get(app.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        thread().await.contains(&status_of("status-in_review")),
        "read"
    );

    // Investigators ask something.
    let sent = amira
        .post(app.url(&format!("/investigator/reports/{report}/message")))
        .form(&[
            ("csrf", crate::workbench::csrf_of(&page).as_str()),
            ("message", "Which day was it?"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let asked = thread().await;
    assert!(
        asked.contains(&status_of("status-waiting_for_reporter")),
        "asked: {asked}"
    );

    // The reporter answers.
    let mut form = crate::helpers::multipart_from(&asked);
    form = form.text("message", "A Tuesday.");
    let replied = reporter
        .post(app.url("/en/return/reply"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(replied.status(), 303);
    assert!(
        thread().await.contains(&status_of("status-you-answered")),
        "answered"
    );
    // Stored: back with the investigators.
    let summaries = app.instance.report_summaries().await.unwrap();
    assert_eq!(
        summaries.first().map(|r| r.status),
        Some(quietline_core::ReportStatus::InReview)
    );
}

/// Issue 13: investigators name reports by short random references (`R-7KQ4-92`), and the inbox
/// shows each report's first words, its language and its country by name. The reporter never
/// sees the reference: it is not their receipt.
#[tokio::test]
async fn investigators_name_reports_by_short_references_the_reporter_never_sees() {
    let app = spawn_app().await;
    let (amira, _) = crate::workbench::sign_in_new(&app, "amira", None).await;
    let narrative = "Two men waited outside my flat in Prato and said my father would lose his \
                     pension if I did not call the number they gave me before Friday.";
    let receipt = receipt_in(
        &app.submit(
            "fr",
            &[
                ("subject", "happened_to_me"),
                ("incident", "threats"),
                ("narrative", narrative),
                ("country", "IT"),
                ("city", "Prato"),
            ],
            vec![],
        )
        .await
        .text()
        .await
        .unwrap(),
    );
    for _ in 0..3 {
        app.submit("en", &MINIMAL, vec![]).await;
    }
    let inbox = amira
        .get(app.url("/investigator/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let references: Vec<String> =
        Regex::new(r#"class="ref">(R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2})</a>"#)
            .unwrap()
            .captures_iter(&inbox)
            .map(|c| c[1].to_owned())
            .collect();
    assert_eq!(references.len(), 4, "one reference a row: {inbox}");
    let mut distinct = references.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "references are unique: {references:?}");
    assert!(
        inbox.contains("Two men waited outside my flat in Prato and said my father would lose…"),
        "the narrative's first words, cut after a word: {inbox}"
    );
    assert!(inbox.contains("Français (fr)"), "the language by name");
    assert!(inbox.contains("Prato, Italy"), "the country by name");
    assert!(!inbox.contains(">fr<") && !inbox.contains(", IT<"));

    // The report's page is titled by its reference, not by its id.
    let report = Regex::new(r#"href="/investigator/reports/([0-9a-f]{32})" class="ref">([^<]+)<"#)
        .unwrap()
        .captures_iter(&inbox)
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .find(|(id, _)| inbox.contains(&format!("value=\"{id}\" aria-label=\"Select report")))
        .unwrap();
    let page = amira
        .get(app.url(&format!("/investigator/reports/{}", report.0)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!(
            "<h1>Report <span class=\"ref\">{}</span></h1>",
            report.1
        )),
        "{page}"
    );

    // Previous and next, as the inbox lists them, named by reference too.
    let around = Regex::new(r#"rel="(?:prev|next)">[^<]*<span class="ref">(R-[^<]+)</span>"#)
        .unwrap()
        .captures_iter(&page)
        .map(|c| c[1].to_owned())
        .collect::<Vec<_>>();
    assert!(!around.is_empty(), "a neighbour among four reports");
    assert!(
        around
            .iter()
            .all(|r| references.contains(r) && *r != report.1)
    );

    // The reporter's pages never show a reference.
    let reporter = crate::helpers::client();
    assert_eq!(
        open_with(&app, &reporter, "fr", &receipt).await.status(),
        303
    );
    let thread = reporter
        .get(app.url("/fr/return/thread"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for reference in &references {
        assert!(
            !thread.contains(reference.as_str()),
            "{reference} shown to the reporter"
        );
    }
    assert!(
        !thread.contains("R-"),
        "nothing like a reference on the reporter's thread"
    );
}

/// Issue 13: search over HTTP: a Chinese query in the other script finds the narrative, the hit
/// names the report by its reference and marks the match, and an overlong query is refused in
/// words with what was typed kept.
#[tokio::test]
async fn searching_finds_chinese_in_either_script_and_names_reports_by_reference() {
    let app = spawn_app().await;
    let (amira, _) = crate::workbench::sign_in_new(&app, "amira", None).await;
    app.submit(
        "zh-Hant",
        &[
            ("subject", "happened_to_me"),
            ("incident", "threats"),
            ("narrative", "他們到我父母家，要我回國。"),
        ],
        vec![],
    )
    .await;
    // The index takes what arrives at once; searching in simplified Chinese finds it.
    let mut page = String::new();
    for _ in 0..50 {
        page = amira
            .get(app.url("/investigator/search?q=%E7%88%B6%E6%AF%8D")) // 父母
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if page.contains("class=\"hit") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.contains("<mark>"), "the match is marked: {page}");
    assert!(
        Regex::new(r#"Report R-[0-9A-Z]{4}-[0-9A-Z]{2}: answers"#)
            .unwrap()
            .is_match(&page),
        "named by reference: {page}"
    );
    let simplified = amira
        .get(app.url("/investigator/search?q=%E5%9B%9E%E5%9B%BD")) // 回国 (simplified)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        simplified.contains("<mark>"),
        "simplified finds traditional: {simplified}"
    );
    let long = "x".repeat(quietline_service::SEARCH_MAX_QUERY_CHARS + 1);
    let refused = amira
        .get(app.url(&format!("/investigator/search?q={long}")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("Nothing was searched") && body.contains(&long));
}
