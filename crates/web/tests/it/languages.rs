//! The languages of the reporter pages (issue 16): every page, message and error in each of
//! them; Uyghur right to left with the receipt and numbers left to right; receipts typed
//! with another script's digits; and the operator's option to hide a language.

use quietline_web::Lang;

use crate::helpers::{MINIMAL, Options, TestApp, in_digits, receipt_in, spawn_app, spawn_app_with};
use crate::receipts::open_with;

/// A message as askama writes it into the page.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn assert_has(html: &str, lang: Lang, key: &str, page: &str) {
    let text = lang.t(key);
    assert!(
        html.contains(&escaped(&text)),
        "{page} in {}: lacks {key} ({text:?})",
        lang.tag()
    );
}

fn assert_frame(html: &str, lang: Lang, page: &str) {
    let frame = format!(r#"<html lang="{}" dir="{}">"#, lang.tag(), lang.dir());
    assert!(html.contains(&frame), "{page}: no {frame}");
}

/// Walks one language through every reporter page and error: the landing page, the form,
/// a form returned with a problem, the receipt, coming back, the conversation, a reply
/// with a problem, a page that does not exist, a request that cannot be read.
async fn walk(app: &TestApp, lang: Lang) {
    let tag = lang.tag();
    let client = crate::helpers::client();
    let get = |path: String| {
        let client = client.clone();
        let url = app.url(&path);
        async move { client.get(url).send().await.unwrap() }
    };

    let landing = get(format!("/{tag}/")).await.text().await.unwrap();
    assert_frame(&landing, lang, "landing");
    assert_has(&landing, lang, "landing-emergency-text", "landing");

    // The form without its required narrative: the problem in the page's language.
    let incomplete = app
        .submit(&tag, &[("subject", "happened_to_me")], vec![])
        .await;
    assert_eq!(incomplete.status(), 422, "{tag}");
    let incomplete = incomplete.text().await.unwrap();
    assert_frame(&incomplete, lang, "form with a problem");
    for key in [
        "form-errors-title",
        "error-required",
        "incident-family_detained",
        "role-minder",
    ] {
        assert_has(&incomplete, lang, key, "form with a problem");
    }

    let receipt_page = app
        .submit(&tag, &MINIMAL, vec![])
        .await
        .text()
        .await
        .unwrap();
    assert_frame(&receipt_page, lang, "receipt");
    assert_has(&receipt_page, lang, "receipt-keep", "receipt");
    let receipt = receipt_in(&receipt_page);

    let opened = open_with(app, &client, &tag, &receipt).await;
    assert_eq!(opened.status(), 303, "{tag}");
    let thread = get(format!("/{tag}/return/thread"))
        .await
        .text()
        .await
        .unwrap();
    assert_frame(&thread, lang, "thread");
    for key in [
        "thread-no-messages",
        "thread-reply-title",
        "thread-leave-help",
    ] {
        assert_has(&thread, lang, key, "thread");
    }

    let wrong = open_with(app, &client, &tag, "1234").await;
    assert_eq!(wrong.status(), 422);
    assert_has(
        &wrong.text().await.unwrap(),
        lang,
        "return-format-error",
        "return",
    );

    let missing = get(format!("/{tag}/nothing-here")).await;
    assert_eq!(missing.status(), 404);
    let missing = missing.text().await.unwrap();
    assert_frame(&missing, lang, "404");
    assert_has(&missing, lang, "error-not-found-text", "404");

    let unreadable = client
        .post(app.url(&format!("/{tag}/report")))
        .form(&[("narrative", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(unreadable.status(), 400);
    let unreadable = unreadable.text().await.unwrap();
    assert_frame(&unreadable, lang, "400");
    assert_has(&unreadable, lang, "error-bad-request-text", "400");
}

#[tokio::test]
async fn every_page_message_and_error_renders_in_every_language() {
    let app = spawn_app().await;
    for lang in Lang::all() {
        walk(&app, lang).await;
    }
}

#[tokio::test]
async fn uyghur_reads_right_to_left_with_the_receipt_and_numbers_left_to_right() {
    let app = spawn_app().await;
    let form = app.get("/ug/report").await.text().await.unwrap();
    assert!(form.contains(r#"<html lang="ug" dir="rtl">"#));
    // Other languages' names keep their own direction inside the right-to-left page.
    assert!(
        form.contains(r#"value="en" formnovalidate lang="en" dir="ltr""#),
        "language buttons carry their direction"
    );
    let landing = app.get("/ug/").await.text().await.unwrap();
    assert!(
        landing.contains(r#"lang="en" dir="ltr" hreflang="en""#),
        "language links carry their direction"
    );
    // A number inserted into a Uyghur sentence is isolated, so it reads in its own order.
    let max = quietline_core::Limits::default().max_narrative_chars;
    assert!(
        form.contains(&format!("\u{2068}{max}\u{2069}")),
        "the narrative's limit is isolated"
    );
    // Fields that hold numbers and identifiers are left to right whatever the page.
    for field in [r#"id="person1_phones""#, r#"id="person1_emails""#] {
        let at = form.find(field).unwrap();
        let element: String = form[at..].chars().take_while(|c| *c != '>').collect();
        assert!(element.contains(r#"dir="ltr""#), "{field}: {element}");
    }

    let receipt_page = app
        .submit("ug", &MINIMAL, vec![])
        .await
        .text()
        .await
        .unwrap();
    assert!(receipt_page.contains(r#"<html lang="ug" dir="rtl">"#));
    let receipt = receipt_in(&receipt_page);

    // Typed back on a Uyghur keyboard in Arabic-Indic digits, with a direction mark.
    let arabic_indic: String = in_digits(&receipt, '\u{0660}');
    let opened = open_with(&app, &app.client, "ug", &format!("\u{200f}{arabic_indic}")).await;
    assert_eq!(opened.status(), 303);
    assert_eq!(opened.headers()["location"], "/ug/return/thread");
    let thread = app.get("/ug/return/thread").await.text().await.unwrap();
    assert!(
        thread.contains("\u{2068}2026-11-29\u{2069}"),
        "the day a report arrived reads left to right"
    );
}

#[tokio::test]
async fn a_tibetan_receipt_typed_in_tibetan_digits_opens_the_report() {
    let app = spawn_app().await;
    let receipt = receipt_in(
        &app.submit("bo", &MINIMAL, vec![])
            .await
            .text()
            .await
            .unwrap(),
    );
    let tibetan: String = in_digits(&receipt, '\u{0F20}');
    let opened = open_with(&app, &app.client, "bo", &tibetan).await;
    assert_eq!(opened.status(), 303);
}

#[tokio::test]
async fn an_operator_can_hide_a_language_but_not_english() {
    let app = spawn_app_with(Options {
        hidden_languages: vec!["ug", "bo", "en"],
        ..Options::default()
    })
    .await;
    let chooser = app.get("/").await.text().await.unwrap();
    assert!(!chooser.contains(r#"href="/ug/""#) && !chooser.contains(r#"href="/bo/""#));
    assert!(chooser.contains(r#"href="/en/""#) && chooser.contains(r#"href="/it/""#));
    for path in ["/ug/", "/ug/report", "/bo/return", "/ug/return/thread"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(r#"<html lang="en" dir="ltr">"#) && !html.contains("ئۇيغۇرچە"),
            "{path}: the 404 is English and names no hidden language"
        );
    }
    let english = app.get("/en/report").await;
    assert_eq!(english.status(), 200, "English is always offered");
    let english = english.text().await.unwrap();
    assert!(
        !english.contains(r#"value="ug""#) && english.contains(r#"name="language" value="de""#),
        "the form's language buttons leave out the hidden language"
    );
    let posted = app.submit("nl", &MINIMAL, vec![]).await;
    assert_eq!(posted.status(), 200, "the other languages work as before");
}

/// On a form page the languages are buttons of the form: choosing one sends what was typed
/// and the same page comes back in that language with every value, and nothing is filed.
#[tokio::test]
async fn changing_language_on_a_form_page_keeps_what_was_typed() {
    let app = spawn_app().await;

    // The report form: the buttons name the form, the current language stays a link.
    let form_page = app.get("/en/report").await.text().await.unwrap();
    assert!(form_page.contains(r#"<form id="report" "#));
    assert!(form_page.contains(
        r#"<button type="submit" form="report" name="language" value="fr" formnovalidate lang="fr" dir="ltr">Français</button>"#
    ));
    let mut form = reqwest::multipart::Form::new().text("language", "zh-Hans");
    for (name, value) in crate::helpers::hidden_fields(&form_page) {
        form = form.text(name, value);
    }
    form = form
        .text("narrative", "他们给我母亲打电话。 They called at night.")
        .text("city", "Rotterdam")
        .part(
            "files",
            reqwest::multipart::Part::bytes(b"photo".to_vec()).file_name("photo.jpg"),
        );
    let switched = app.post_multipart("/en/report", form).await;
    assert_eq!(switched.status(), 200);
    let html = switched.text().await.unwrap();
    let chinese = Lang::from_tag("zh-Hans").unwrap();
    assert_frame(&html, chinese, "report form after switching");
    assert!(html.contains(r#"action="/zh-Hans/report""#));
    assert!(
        html.contains("他们给我母亲打电话。 They called at night."),
        "the narrative is kept"
    );
    assert!(html.contains(r#"value="Rotterdam""#), "the city is kept");
    assert_has(
        &html,
        chinese,
        "form-files-not-kept",
        "report form after switching",
    );
    assert_eq!(app.report_rows().await, 0, "nothing was filed");
    assert_eq!(app.report_folders(), 0, "no file was staged");

    // Coming back: the receipt typed so far is kept.
    let return_page = app.get("/fr/return").await.text().await.unwrap();
    let mut fields = crate::helpers::hidden_fields(&return_page);
    fields.push(("receipt".into(), "1234 5678".into()));
    fields.push(("language".into(), "en".into()));
    let switched = app
        .client
        .post(app.url("/fr/return"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), 200);
    let html = switched.text().await.unwrap();
    assert_frame(&html, Lang::english(), "return page after switching");
    assert!(
        html.contains(r#"value="1234 5678""#),
        "the typed receipt is kept"
    );

    // The conversation: the reply being written is kept, and not sent.
    let receipt = receipt_in(
        &app.submit("en", &MINIMAL, vec![])
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(
        open_with(&app, &app.client, "en", &receipt).await.status(),
        303
    );
    let thread = app.get("/en/return/thread").await.text().await.unwrap();
    assert!(thread.contains(r#"<form id="reply" "#));
    let mut form = reqwest::multipart::Form::new().text("language", "fr");
    for (name, value) in crate::helpers::hidden_fields(&thread) {
        form = form.text(name, value);
    }
    form = form.text("message", "Près du port, un mardi.");
    let switched = app.post_multipart("/en/return/reply", form).await;
    assert_eq!(switched.status(), 200);
    let html = switched.text().await.unwrap();
    let french = Lang::from_tag("fr").unwrap();
    assert_frame(&html, french, "thread after switching");
    assert!(
        html.contains(">Près du port, un mardi.</textarea>"),
        "the reply is kept"
    );
    let again = app.get("/fr/return/thread").await.text().await.unwrap();
    assert!(
        !again.contains("Près du port, un mardi.</p>"),
        "the reply was not sent"
    );
}
