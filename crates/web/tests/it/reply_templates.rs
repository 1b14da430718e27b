//! Reply templates over real HTTP (issue 13, point 8): an admin writes one, an investigator
//! inserts it on a report's page in that language without losing the drafts there, only
//! admins change templates, and the shipped defaults appear in the report's language.

use regex::Regex;

use crate::helpers::{TestApp, client, spawn_app};
use crate::workbench::{PASSWORD, csrf_of, login, sign_in_new};

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let response = client.post(app.url(path)).form(form).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Every report id the inbox links to.
async fn report_ids(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let (_, inbox) = page(client, app, "/investigator/inbox").await;
    let mut ids: Vec<String> = Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures_iter(&inbox)
        .map(|c| c[1].to_string())
        .collect();
    ids.dedup();
    ids
}

/// The value of the option labelled `label` of the page's template select.
fn option_value(html: &str, label: &str) -> String {
    Regex::new(&format!(
        r#"<option value="([^"]+)">{}</option>"#,
        regex::escape(label)
    ))
    .unwrap()
    .captures(html)
    .unwrap_or_else(|| panic!("no option {label} in {html}"))[1]
        .to_string()
}

#[tokio::test]
async fn an_admin_template_is_inserted_on_a_french_report_after_the_drafts_which_stay() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let (_, bao_totp) = sign_in_new(&app, "bao", None).await;
    // amira (the admin) grants bao the workspace key; bao signs in again to use it.
    let (_, admin_page) = page(&amira, &app, "/investigator/admin/investigators").await;
    let (granted, _) = post(
        &amira,
        &app,
        "/investigator/admin/investigators/bao/grant",
        &[("csrf", &csrf_of(&admin_page))],
    )
    .await;
    assert_eq!(granted, 200);
    app.clock.advance(31);
    let code = bao_totp.code_at(app.clock.unix()).unwrap();
    let bao = client();
    assert_eq!(
        login(&app, &bao, "bao", PASSWORD, &code).await.status(),
        303
    );

    let fields = [
        ("subject", "station_information"),
        ("incident", "station_activity"),
        ("narrative", "Le bureau de l'association à Prato."),
        ("city", "Prato"),
    ];
    assert_eq!(app.submit("fr", &fields, vec![]).await.status(), 200);
    let french = report_ids(&app, &bao).await[0].clone();
    let zh_fields = [
        ("subject", "station_information"),
        ("incident", "station_activity"),
        ("narrative", "普拉托的那個協會辦公室。"),
        ("city", "Prato"),
    ];
    assert_eq!(
        app.submit("zh-Hant", &zh_fields, vec![]).await.status(),
        200
    );
    let chinese = report_ids(&app, &bao)
        .await
        .into_iter()
        .find(|id| *id != french)
        .unwrap();

    // The shipped defaults, in the report's language, before any admin change.
    let (status, zh_page) = page(&bao, &app, &format!("/investigator/reports/{chinese}")).await;
    assert_eq!(status, 200);
    for title in [
        "我們已收到您的舉報",
        "能否再詳細說說……",
        "我們不會聯絡您的家人",
    ] {
        option_value(&zh_page, title);
    }
    assert!(!zh_page.contains("There is no reply template in"));
    assert!(
        !zh_page.contains("我们不会联系您的家人"),
        "not the simplified one"
    );

    // Only admins see or change templates.
    let bao_token = csrf_of(&page(&bao, &app, "/investigator/account").await.1);
    assert_eq!(
        page(&bao, &app, "/investigator/admin/templates").await.0,
        403
    );
    let typed = [
        ("csrf", bao_token.as_str()),
        ("title", "Rendez-vous"),
        ("language", "fr"),
        ("body", "Pas de bao"),
    ];
    assert_eq!(
        post(&bao, &app, "/investigator/admin/templates", &typed)
            .await
            .0,
        403
    );
    for path in [
        "/investigator/admin/templates/shipped-fr-family",
        "/investigator/admin/templates/shipped-fr-family/delete",
    ] {
        assert_eq!(post(&bao, &app, path, &typed).await.0, 403, "{path}");
    }

    // The admin page lists the shipped ones and says so.
    let (status, list) = page(&amira, &app, "/investigator/admin/templates").await;
    assert_eq!(status, 200);
    assert!(list.contains(r#"id="shipped""#), "{list}");
    assert!(
        list.contains(
            "We will not contact your family or anyone you named without your permission."
        )
    );
    let token = csrf_of(&list);

    // Too long a title: refused, with everything typed kept in the new template's form.
    let long_title = "T".repeat(quietline_service::TEMPLATE_TITLE_MAX_CHARS + 1);
    let (status, refused) = post(
        &amira,
        &app,
        "/investigator/admin/templates",
        &[
            ("csrf", &token),
            ("title", &long_title),
            ("language", "fr"),
            ("body", "TEXTE-GARDE"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(refused.contains("The title is longer than 100 characters"));
    assert!(refused.contains(&format!(
        r#"id="title-new" name="title" value="{long_title}""#
    )));
    assert!(refused.contains(">TEXTE-GARDE</textarea>"));

    let body = "Pouvons-nous convenir d un moment pour en parler ? MARQUE-FR-7391";
    let (status, added) = post(
        &amira,
        &app,
        "/investigator/admin/templates",
        &[
            ("csrf", &token),
            ("title", "Rendez-vous"),
            ("language", "fr"),
            ("body", body),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(added.contains("Template added."));
    assert!(
        !added.contains(r#"id="shipped""#),
        "the defaults are stored now"
    );

    // bao writes a message and a note on the French report, then inserts the template.
    let (_, fr_page) = page(&bao, &app, &format!("/investigator/reports/{french}")).await;
    let value = option_value(&fr_page, "Rendez-vous");
    option_value(&fr_page, "Nous ne contacterons pas votre famille");
    let (status, inserted) = post(
        &bao,
        &app,
        &format!("/investigator/reports/{french}/template"),
        &[
            ("csrf", &csrf_of(&fr_page)),
            ("status", "in_review"),
            ("tags", "à suivre"),
            ("message", "DRAFT-MESSAGE half written\r\n"),
            ("note", "DRAFT-NOTE"),
            ("reply_template", &value),
        ],
    )
    .await;
    assert_eq!(status, 200, "{inserted}");
    assert!(
        inserted.contains(&format!(">DRAFT-MESSAGE half written\n\n{body}</textarea>")),
        "the template comes after what was typed: {inserted}"
    );
    assert!(
        inserted.contains(">DRAFT-NOTE</textarea>"),
        "the note's draft stays"
    );
    assert!(inserted.contains("Template added to the message box"));
    assert!(inserted.contains("No messages yet."), "nothing was sent");
    assert!(
        !inserted.contains(r#"<p dir="auto">DRAFT-MESSAGE"#),
        "the draft is not in the conversation"
    );
    assert!(
        inserted.contains(r#"name="tags" form="report" value="à suivre""#),
        "the tags as typed"
    );
    let (_, again) = page(&bao, &app, &format!("/investigator/reports/{french}")).await;
    assert!(
        again.contains(r#"name="tags" form="report" value="""#)
            && again.contains("No messages yet."),
        "inserting saved nothing"
    );

    // A template that is gone: said beside the box, the drafts kept.
    let (status, gone) = post(
        &bao,
        &app,
        &format!("/investigator/reports/{french}/template"),
        &[
            ("csrf", &csrf_of(&fr_page)),
            ("message", "DRAFT-MESSAGE"),
            ("note", "DRAFT-NOTE"),
            ("reply_template", &"0".repeat(32)),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(gone.contains("That reply template is no longer offered"));
    assert!(gone.contains(">DRAFT-MESSAGE</textarea>") && gone.contains(">DRAFT-NOTE</textarea>"));

    // An Italian report: no template in Italian, so the English ones, said.
    let it_fields = [
        ("subject", "station_information"),
        ("incident", "station_activity"),
        ("narrative", "L'ufficio dell'associazione a Prato."),
        ("city", "Prato"),
    ];
    assert_eq!(app.submit("it", &it_fields, vec![]).await.status(), 200);
    let italian = report_ids(&app, &bao)
        .await
        .into_iter()
        .find(|id| *id != french && *id != chinese)
        .unwrap();
    let (_, it_page) = page(&bao, &app, &format!("/investigator/reports/{italian}")).await;
    assert!(
        it_page.contains("There is no reply template in"),
        "{it_page}"
    );
    option_value(&it_page, "We received your report");
}
