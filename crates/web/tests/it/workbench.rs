//! The investigator workbench over real HTTP: sign-in with TOTP, every route's guard,
//! session expiry, throttling, and a day's work on a report.

use quietline_crypto::TotpSecret;
pub use quietline_testkit::csrf_of;
use regex::Regex;
use secrecy::{ExposeSecret, SecretString};

use crate::helpers::{TestApp, client, hidden_fields, receipt_in, spawn_app};

pub const PASSWORD: &str = "correct horse battery staple";

/// An investigator signed in over HTTP (enrolled on the way): their client and TOTP secret.
pub async fn sign_in_new(
    app: &TestApp,
    username: &str,
    role: Option<quietline_service::InvestigatorRole>,
) -> (reqwest::Client, TotpSecret) {
    let today = app.clock.now_date();
    app.instance
        .add_investigator(username, &SecretString::from(PASSWORD), role, today)
        .await
        .unwrap();
    let enrolled =
        quietline_testkit::enrol(&app.url(""), username, PASSWORD, || app.clock.unix()).await;
    assert!(
        enrolled.page.contains("data:image/svg+xml;base64,"),
        "the QR code is rendered here"
    );
    assert!(enrolled.page.contains("otpauth://totp/Quietline:"));
    assert_eq!(
        Regex::new(r"<li><code>[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}</code></li>")
            .unwrap()
            .find_iter(&enrolled.page)
            .count(),
        10
    );
    (enrolled.client, enrolled.totp)
}

pub async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
    code: &str,
) -> reqwest::Response {
    quietline_testkit::login(client, &app.url(""), username, password, code).await
}

pub(crate) async fn report_with_file(app: &TestApp) -> String {
    let response = app
        .submit(
            "fr",
            &[
                ("subject", "station_information"),
                ("incident", "station_activity"),
                ("narrative", "Le bureau de l'association à Prato."),
                ("city", "Prato"),
            ],
            vec![("photo façade.jpg".into(), b"JPEG DATA".to_vec())],
        )
        .await;
    receipt_in(&response.text().await.unwrap())
}

pub(crate) async fn first_report_id(app: &TestApp, client: &reqwest::Client) -> String {
    let inbox = client
        .get(app.url("/investigator/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures(&inbox)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| panic!("no report in {inbox}"))
}

/// Every workbench route: (method, path pattern). `every_route_is_in_the_table` keeps this
/// list equal to the router's.
const ROUTES: &[(&str, &str, bool)] = &[
    ("GET", "/investigator/inbox", false),
    ("POST", "/investigator/inbox/bulk", false),
    ("GET", "/investigator/reports/{id}", false),
    ("GET", "/investigator/reports/{id}/files/{file}", false),
    ("POST", "/investigator/reports/{id}/message", false),
    ("POST", "/investigator/reports/{id}/note", false),
    ("POST", "/investigator/reports/{id}/status", false),
    ("POST", "/investigator/reports/{id}/assign", false),
    ("POST", "/investigator/reports/{id}/tags", false),
    ("POST", "/investigator/reports/{id}/links", false),
    ("GET", "/investigator/reports/{id}/entities/{record}", false),
    ("POST", "/investigator/reports/{id}/site", false),
    ("POST", "/investigator/reports/{id}/template", false),
    ("GET", "/investigator/cases", false),
    ("POST", "/investigator/cases", false),
    ("GET", "/investigator/cases/{id}", false),
    ("POST", "/investigator/cases/{id}", false),
    ("POST", "/investigator/cases/{id}/items", false),
    ("POST", "/investigator/cases/{id}/notes", false),
    ("POST", "/investigator/cases/{id}/bundle", true),
    ("POST", "/investigator/reports/{id}/retention", false),
    (
        "POST",
        "/investigator/reports/{id}/files/{file}/strip",
        false,
    ),
    (
        "POST",
        "/investigator/reports/{id}/files/{file}/derived",
        false,
    ),
    ("GET", "/investigator/reports/{id}/derived/{copy}", false),
    ("GET", "/investigator/sites", false),
    ("POST", "/investigator/sites", false),
    ("GET", "/investigator/sites/new", false),
    ("GET", "/investigator/sites/import", false),
    ("POST", "/investigator/sites/import", false),
    ("GET", "/investigator/sites/export/{file}", false),
    ("GET", "/investigator/sites/{id}", false),
    ("POST", "/investigator/sites/{id}", false),
    ("POST", "/investigator/sites/{id}/claims", false),
    ("POST", "/investigator/sites/{id}/publish", true),
    ("GET", "/investigator/map", false),
    ("GET", "/investigator/search", false),
    ("GET", "/investigator/statistics", false),
    ("GET", "/investigator/statistics.csv", false),
    ("GET", "/investigator/account", false),
    ("POST", "/investigator/account/password", false),
    ("POST", "/investigator/logout", false),
    ("GET", "/investigator/admin/investigators", true),
    ("POST", "/investigator/admin/investigators", true),
    (
        "POST",
        "/investigator/admin/investigators/{username}/{action}",
        true,
    ),
    ("GET", "/investigator/admin/audit", true),
    ("GET", "/investigator/admin/ftm", true),
    ("POST", "/investigator/admin/ftm", true),
    ("GET", "/investigator/admin/retention", true),
    ("GET", "/investigator/admin/templates", true),
    ("POST", "/investigator/admin/templates", true),
    ("POST", "/investigator/admin/templates/{template}", true),
    (
        "POST",
        "/investigator/admin/templates/{template}/delete",
        true,
    ),
];

/// Workbench routes open without a session (signing in), with their methods.
const PUBLIC_ROUTES: &[(&str, &str)] = &[
    ("GET", "/investigator"),
    ("GET", "/investigator/"),
    ("POST", "/investigator/login"),
    ("GET", "/investigator/enrol"),
    ("POST", "/investigator/enrol"),
];

/// Every `.route(PATH, METHODS)` in the crate's sources, as (METHOD, PATH) pairs: the methods
/// are read from the method router (`get(a).post(b).layer(c)` gives GET and POST).
fn routes_in_sources() -> std::collections::BTreeSet<(String, String)> {
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let start = Regex::new(r#"\.route\(\s*"([^"]*)"\s*,"#).unwrap();
    let method =
        Regex::new(r"(?:^|[.:])\s*(get|post|put|patch|delete|head|options|any)\(").unwrap();
    let mut found = std::collections::BTreeSet::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        // A nested router's paths are not literal here: this test would miss them.
        assert!(
            !source.contains(".nest(") && !source.contains(".nest_service("),
            "{}: nested routers are not read by this test; teach it their prefix",
            file.display()
        );
        for c in start.captures_iter(&source) {
            let path = c[1].to_string();
            // The method router: the rest of the call, up to its closing parenthesis.
            let rest = &source[c.get(0).unwrap().end()..];
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find_map(|(i, ch)| {
                    match ch {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    (depth == 0).then_some(i)
                })
                .unwrap();
            // Only the chain's own calls, not those inside handler arguments.
            let mut chain = String::new();
            let mut depth = 0;
            for ch in rest[..end].chars() {
                match ch {
                    '(' => {
                        if depth == 0 {
                            chain.push('(');
                        }
                        depth += 1;
                    }
                    ')' => depth -= 1,
                    _ if depth == 0 => chain.push(ch),
                    _ => {}
                }
            }
            let methods: Vec<String> = method
                .captures_iter(chain.trim())
                .map(|m| m[1].to_uppercase())
                .collect();
            assert!(
                !methods.is_empty(),
                "no method for {path} in {}",
                file.display()
            );
            for m in methods {
                found.insert((m, path.clone()));
            }
        }
    }
    found
}

#[test]
fn every_route_is_in_the_table() {
    let found: std::collections::BTreeSet<(String, String)> = routes_in_sources()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/investigator"))
        .collect();
    let expected: std::collections::BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .chain(
            PUBLIC_ROUTES
                .iter()
                .map(|(m, p)| (m.to_string(), p.to_string())),
        )
        .collect();
    // A positive control: the reader sees both methods of a two-method route.
    assert!(found.contains(&("POST".into(), "/investigator/sites/{id}".into())));
    assert!(found.contains(&("GET".into(), "/investigator/sites/{id}".into())));
    let missing: Vec<_> = expected.difference(&found).collect();
    let uncovered: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "in ROUTES but not in the router: {missing:?}"
    );
    assert!(
        uncovered.is_empty(),
        "in the router but not in ROUTES: {uncovered:?}"
    );
}

#[tokio::test]
async fn every_route_needs_a_session_and_admin_routes_need_an_admin() {
    let app = spawn_app().await;
    let (admin, _) = sign_in_new(&app, "amira", None).await;
    let (investigator, _) = sign_in_new(&app, "bao", None).await;
    report_with_file(&app).await;
    let report = first_report_id(&app, &admin).await;
    let page = admin
        .get(app.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let file = Regex::new(r"/files/([0-9a-f]{32})")
        .unwrap()
        .captures(&page)
        .unwrap()[1]
        .to_string();
    let concrete = |pattern: &str| {
        pattern
            .replace("{id}", &report)
            .replace(
                "{file}",
                if pattern.contains("export") {
                    "sites.csv"
                } else {
                    &file
                },
            )
            .replace("{record}", "place")
            .replace("{copy}", "0123456789abcdef0123456789abcdef")
            .replace("{username}", "bao")
            .replace("{action}", "enable")
            .replace("{template}", "shipped-en-received")
    };

    let anonymous = client();
    // A form token, so that a refusal is about the session and not about CSRF.
    let token = csrf_of(
        &anonymous
            .get(app.url("/investigator/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    for (method, pattern, _) in ROUTES {
        let url = app.url(&concrete(pattern));
        let response = match *method {
            "GET" => anonymous.get(url).send().await.unwrap(),
            _ => anonymous
                .post(url)
                .form(&[("csrf", token.as_str())])
                .send()
                .await
                .unwrap(),
        };
        assert_eq!(response.status(), 401, "anonymous {method} {pattern}");
        assert!(
            response.text().await.unwrap().contains("Sign in"),
            "anonymous {method} {pattern} gets the sign-in page"
        );
    }

    let token = csrf_of(
        &investigator
            .get(app.url("/investigator/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    for (method, pattern, admin_only) in ROUTES.iter().filter(|r| r.2) {
        let url = app.url(&concrete(pattern));
        let response = match *method {
            "GET" => investigator.get(url).send().await.unwrap(),
            _ => investigator
                .post(url)
                .form(&[("csrf", token.as_str())])
                .send()
                .await
                .unwrap(),
        };
        assert_eq!(
            response.status(),
            403,
            "investigator {method} {pattern} (admin only: {admin_only})"
        );
    }
    for pattern in [
        "/investigator/admin/investigators",
        "/investigator/admin/audit",
        "/investigator/admin/templates",
        "/investigator/admin/ftm",
        "/investigator/admin/retention",
    ] {
        assert_eq!(
            admin.get(app.url(pattern)).send().await.unwrap().status(),
            200,
            "admin {pattern}"
        );
    }
    // Every POST checks the form token, even with a session.
    for (method, pattern, _) in ROUTES.iter().filter(|r| r.0 == "POST") {
        let response = admin
            .post(app.url(&concrete(pattern)))
            .form(&[("csrf", "0")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            403,
            "{method} {pattern} without a valid token"
        );
    }
    // Ids in URLs are checked, whatever their form.
    for path in [
        "/investigator/reports/notanid",
        &format!("/investigator/reports/{}", "0".repeat(32)),
    ] {
        assert_eq!(
            admin.get(app.url(path)).send().await.unwrap().status(),
            404,
            "{path}"
        );
    }
}

#[tokio::test]
async fn sessions_end_after_thirty_idle_minutes_and_on_sign_out() {
    let app = spawn_app().await;
    let (client, totp) = sign_in_new(&app, "amira", None).await;
    app.clock.advance(29 * 60);
    assert_eq!(
        client
            .get(app.url("/investigator/inbox"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.clock.advance(29 * 60);
    assert_eq!(
        client
            .get(app.url("/investigator/inbox"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "activity extends it"
    );
    app.clock.advance(31 * 60);
    assert_eq!(
        client
            .get(app.url("/investigator/inbox"))
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "idle for 31 minutes"
    );

    let code = totp.code_at(app.clock.unix()).unwrap();
    let response = login(&app, &client, "amira", PASSWORD, &code).await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/investigator"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let account = client
        .get(app.url("/investigator/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let out = client
        .post(app.url("/investigator/logout"))
        .form(&[("csrf", csrf_of(&account))])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let stale = crate::helpers::client();
    let session = cookie.split(';').next().unwrap().to_owned();
    let after = stale
        .get(app.url("/investigator/inbox"))
        .header("cookie", session)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401, "the session is gone on the server too");
}

#[tokio::test]
async fn failed_sign_ins_pause_the_account_without_saying_which_factor_failed() {
    let app = spawn_app().await;
    let (_, totp) = sign_in_new(&app, "amira", None).await;
    let client = client();
    app.clock.advance(60);
    let good_code = totp.code_at(app.clock.unix()).unwrap();
    let bad = [
        ("amira", "wrong password here", good_code.as_str()),
        ("amira", PASSWORD, "000000"),
        ("nobody", PASSWORD, good_code.as_str()),
    ];
    let mut pages = Vec::new();
    let error = Regex::new(r#"<p class="error" role="alert">([^<]*)</p>"#).unwrap();
    for (user, password, code) in bad {
        let response = login(&app, &client, user, password, code).await;
        assert_eq!(response.status(), 401);
        let html = response.text().await.unwrap();
        let message = error.captures(&html).unwrap()[1].to_string();
        pages.push(message);
    }
    assert!(
        pages.windows(2).all(|w| w[0] == w[1]),
        "one message for every failure: {pages:?}"
    );
    assert!(pages[0].starts_with("Sign-in failed."), "{}", pages[0]);
    for _ in 0..3 {
        assert_eq!(
            login(&app, &client, "amira", "wrong password here", "111111")
                .await
                .status(),
            401
        );
    }
    // Five failures for amira: paused for 30 seconds, even with everything right.
    app.clock.advance(10);
    let code = totp.code_at(app.clock.unix()).unwrap();
    assert_eq!(
        login(&app, &client, "amira", PASSWORD, &code)
            .await
            .status(),
        401
    );
    app.clock.advance(10 * 60);
    let code = totp.code_at(app.clock.unix()).unwrap();
    assert_eq!(
        login(&app, &client, "amira", PASSWORD, &code)
            .await
            .status(),
        303,
        "the pause ends"
    );
}

#[tokio::test]
async fn an_investigator_reads_triages_and_answers_a_report() {
    let app = spawn_app().await;
    let (investigator, _) = sign_in_new(&app, "amira", None).await;
    let receipt = report_with_file(&app).await;
    let report = first_report_id(&app, &investigator).await;

    let page = investigator
        .get(app.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "Le bureau de l&#39;association à Prato.",
        "Visits to, or activity at, a station",
        "photo façade.jpg",
        "The reporter's consents",
    ] {
        assert!(page.contains(needle), "report page lacks {needle}");
    }
    assert!(page.contains(r#"<div class="narrative" lang="fr" dir="auto">"#));

    // The file: decrypted, as a download, never rendered by the browser.
    let file = Regex::new(r#"href="(/investigator/reports/[0-9a-f]{32}/files/[0-9a-f]{32})""#)
        .unwrap()
        .captures(&page)
        .unwrap()[1]
        .to_string();
    let download = investigator.get(app.url(&file)).send().await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(
        download.headers()["content-type"],
        "application/octet-stream"
    );
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment;")
            && disposition.contains("filename*=UTF-8''photo%20fa%C3%A7ade.jpg"),
        "{disposition}"
    );
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"JPEG DATA");

    // Reply, note, status, tags.
    let csrf = csrf_of(&page);
    let post = |path: &str, fields: Vec<(&str, &str)>| {
        let mut form: Vec<(String, String)> = fields
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        form.push(("csrf".into(), csrf.clone()));
        investigator
            .post(app.url(&format!("/investigator/reports/{report}/{path}")))
            .form(&form)
            .send()
    };
    assert_eq!(
        post("message", vec![("message", "Merci. Quel jour était-ce ?")])
            .await
            .unwrap()
            .status(),
        303
    );
    assert_eq!(
        post("note", vec![("note", "Same address as the 2022 list.")])
            .await
            .unwrap()
            .status(),
        303
    );
    // Too long: refused with the reason, and every character typed comes back in the box.
    let long = format!("KEPT-{}", "é".repeat(20_000));
    for (path, box_id) in [("message", "message"), ("note", "note")] {
        let refused = post(path, vec![(path, &long)]).await.unwrap();
        assert_eq!(refused.status(), 422, "{path}");
        let body = refused.text().await.unwrap();
        assert!(
            body.contains("longer than 20000 characters") && body.contains(&long),
            "{path}: the reason and the text"
        );
        assert!(body.contains(&format!(r#"<textarea id="{box_id}""#)));
    }
    assert_eq!(
        post("status", vec![("status", "waiting_for_reporter")])
            .await
            .unwrap()
            .status(),
        303
    );
    assert_eq!(
        post("tags", vec![("tags", "Prato, station")])
            .await
            .unwrap()
            .status(),
        303
    );
    assert_eq!(
        post("status", vec![("status", "deleted")])
            .await
            .unwrap()
            .status(),
        400
    );
    // Issue 13: the page is one form, so a draft in a text box comes along whichever button
    // is used, and comes back in its box: nothing typed is lost.
    let kept = post(
        "status",
        vec![
            ("status", "in_review"),
            ("message", "DRAFT-MESSAGE half written"),
            ("note", "DRAFT-NOTE"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(kept.status(), 200, "the page again, not a redirect");
    let body = kept.text().await.unwrap();
    assert!(body.contains("Status saved."), "says what was done");
    assert!(body.contains(">DRAFT-MESSAGE half written</textarea>"));
    assert!(body.contains(">DRAFT-NOTE</textarea>"));
    assert!(body.contains("<strong>In review</strong>"), "and did it");
    // Adding the note keeps the message being written.
    let noted = post(
        "note",
        vec![
            ("message", "DRAFT-MESSAGE half written"),
            ("note", "Saved note"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(noted.status(), 200);
    let body = noted.text().await.unwrap();
    assert!(body.contains("Note added.") && body.contains("Saved note"));
    assert!(body.contains(">DRAFT-MESSAGE half written</textarea>"));
    assert!(
        body.contains("name=\"note\" form=\"report\" rows=\"3\" dir=\"auto\"></textarea>"),
        "the note's box emptied"
    );

    // The reporter reads it with the receipt, and answers.
    let reporter = client();
    let page = reporter
        .get(app.url("/fr/return"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form = hidden_fields(&page);
    form.push(("receipt".into(), receipt));
    assert_eq!(
        reporter
            .post(app.url("/fr/return"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .status(),
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
    assert!(thread.contains("Merci. Quel jour était-ce ?"));
    assert!(
        !thread.contains("Same address as the 2022 list."),
        "notes stay internal"
    );
    let reply = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&thread))
        .text("message", "Le 17 mars.");
    assert_eq!(
        reporter
            .post(app.url("/fr/return/reply"))
            .multipart(reply)
            .send()
            .await
            .unwrap()
            .status(),
        303
    );

    let inbox = investigator
        .get(app.url("/investigator/inbox?unread=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        inbox.contains("<strong>1 reply</strong>") && inbox.contains("Prato, station"),
        "unread reply and tags in the inbox"
    );
    let page = investigator
        .get(app.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Le 17 mars.")
            && page.contains("Same address as the 2022 list.")
            && page.contains("Waiting for the reporter")
    );
    let inbox = investigator
        .get(app.url("/investigator/inbox?unread=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        inbox.contains("No report matches."),
        "opening the report marks the reply read"
    );
}

#[tokio::test]
async fn bulk_actions_mark_a_flood_as_spam() {
    let app = spawn_app().await;
    let (investigator, _) = sign_in_new(&app, "amira", None).await;
    for _ in 0..4 {
        app.submit("en", &crate::helpers::MINIMAL, vec![]).await;
    }
    let inbox = investigator
        .get(app.url("/investigator/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(inbox.contains("4 report(s)"));
    let ids: Vec<String> = Regex::new(r#"name="report" value="([0-9a-f]{32})""#)
        .unwrap()
        .captures_iter(&inbox)
        .map(|c| c[1].to_string())
        .collect();
    let mut form = vec![
        ("csrf".to_string(), csrf_of(&inbox)),
        ("action".into(), "status".into()),
        ("status".into(), "spam".into()),
        ("back".into(), String::new()),
    ];
    form.extend(
        ids.iter()
            .take(3)
            .map(|id| ("report".to_string(), id.clone())),
    );
    let response = investigator
        .post(app.url("/investigator/inbox/bulk"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let inbox = investigator
        .get(app.url("/investigator/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        inbox.contains("1 report(s)"),
        "three marked spam, hidden by default"
    );
    let spam = investigator
        .get(app.url("/investigator/inbox?status=spam"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(spam.contains("3 report(s)"));
}

#[tokio::test]
async fn a_password_change_ends_every_session() {
    let app = spawn_app().await;
    let (first, totp) = sign_in_new(&app, "amira", None).await;
    app.clock.advance(40);
    let second = client();
    assert_eq!(
        login(
            &app,
            &second,
            "amira",
            PASSWORD,
            &totp.code_at(app.clock.unix()).unwrap()
        )
        .await
        .status(),
        303
    );
    app.clock.advance(40);
    let account = first
        .get(app.url("/investigator/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let new = "a brand new passphrase";
    let form = [
        ("csrf", csrf_of(&account)),
        ("current", PASSWORD.into()),
        ("new", new.into()),
        ("repeat", new.into()),
        ("code", totp.code_at(app.clock.unix()).unwrap()),
    ];
    assert_eq!(
        first
            .post(app.url("/investigator/account/password"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    for client in [&first, &second] {
        assert_eq!(
            client
                .get(app.url("/investigator/inbox"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    }
    app.clock.advance(40);
    let code = totp.code_at(app.clock.unix()).unwrap();
    assert_eq!(login(&app, &first, "amira", new, &code).await.status(), 303);
    let _ = SecretString::from(String::new()).expose_secret().len();
}

#[tokio::test]
async fn admins_read_and_verify_the_audit_trail() {
    let app = spawn_app().await;
    let (admin, _) = sign_in_new(&app, "amira", None).await;
    report_with_file(&app).await;
    let report = first_report_id(&app, &admin).await;
    admin
        .get(app.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap();
    let page = admin
        .get(app.url("/investigator/admin/audit?verify=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in ["totp enrolled", "login", "report opened", "Intact:"] {
        assert!(page.contains(needle), "audit page lacks {needle}");
    }
    assert!(
        page.contains(&report),
        "the opened report's id is the subject"
    );
    assert!(!page.contains("Le bureau"), "no content in the trail");
}

/// Issue 10: a flood of one campaign text with small changes shows as one group in the inbox,
/// and one bulk action marks the whole group as spam (across pages), leaving the other reports.
#[tokio::test]
async fn near_duplicate_narratives_are_grouped_and_marked_spam_at_once() {
    let app = spawn_app().await;
    let (investigator, _) = sign_in_new(&app, "amira", None).await;
    let campaign = "Two men from the Fuqing public security bureau called my mother on WeChat and \
                    said that my brother would lose his job at the bank unless I came back to China \
                    before the end of March and reported to the police station in Fuqing";
    let variants = [
        campaign.to_owned(),
        campaign.replace("mother", "father"),
        campaign.replace("March", "April"),
        campaign
            .replace("bank", "school")
            .replace("brother", "sister"),
        format!("{campaign}. I am very afraid."),
        campaign.replace("Fuqing public security bureau", "Changle police"),
    ];
    for narrative in &variants {
        let fields = [
            ("subject", "happened_to_me"),
            ("narrative", narrative.as_str()),
        ];
        assert_eq!(app.submit("en", &fields, vec![]).await.status(), 200);
    }
    for narrative in [
        "A travel agency on Via Paolo Sarpi has a sign for an overseas service station and people queue there to renew driving licences every Saturday morning",
        "My landlord says a man from the hometown association asked him for my new address and photographs of my apartment and my car last week",
        "在鹿特丹的一个同乡会办公室里，有人给我看了我父母在老家的照片，让我签一份声明。",
    ] {
        let fields = [("subject", "happened_to_me"), ("narrative", narrative)];
        assert_eq!(app.submit("en", &fields, vec![]).await.status(), 200);
    }
    let get = |path: &str| {
        let (investigator, url) = (investigator.clone(), app.url(path));
        async move {
            investigator
                .get(url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let inbox = get("/investigator/inbox").await;
    assert!(inbox.contains("9 report(s)"), "{inbox}");
    assert_eq!(inbox.matches("5 nearly the same").count(), 6, "{inbox}");
    let group = Regex::new(r#"/investigator/inbox\?similar=([0-9a-f]{32})"#)
        .unwrap()
        .captures(&inbox)
        .unwrap()[1]
        .to_string();
    // The group alone; the bulk action takes the whole group (on every page), not the ticks.
    let page = get(&format!("/investigator/inbox?similar={group}")).await;
    assert!(
        page.contains("6 report(s)") && page.contains("nearly the same as"),
        "{page}"
    );
    let form = [
        ("csrf", csrf_of(&page)),
        ("action", "status".into()),
        ("status", "spam".into()),
        ("scope", "group".into()),
        ("group", group.clone()),
        ("back", String::new()),
    ];
    let response = investigator
        .post(app.url("/investigator/inbox/bulk"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let inbox = get("/investigator/inbox").await;
    assert!(
        inbox.contains("3 report(s)"),
        "the three others stay: {inbox}"
    );
    assert!(!inbox.contains("nearly the same"));
    let spam = get("/investigator/inbox?status=spam").await;
    assert!(spam.contains("6 report(s)"), "{spam}");
    // A group id that is not a report is refused, not applied to nothing silently.
    let bad = investigator
        .post(app.url("/investigator/inbox/bulk"))
        .form(&[
            ("csrf", csrf_of(&page)),
            ("action", "status".into()),
            ("status", "spam".into()),
            ("scope", "group".into()),
            ("group", "not-a-report".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

/// The navigation says which section a page belongs to, and every page can be skipped to its
/// content from the keyboard.
#[tokio::test]
async fn the_navigation_marks_the_current_section_and_pages_can_be_skipped_to_their_content() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    for (path, section) in [
        ("/investigator/inbox", "/investigator/inbox"),
        ("/investigator/cases", "/investigator/cases"),
        ("/investigator/sites", "/investigator/sites"),
        ("/investigator/sites/new", "/investigator/sites"),
        ("/investigator/map", "/investigator/map"),
        ("/investigator/search", "/investigator/search"),
        ("/investigator/account", "/investigator/account"),
        ("/investigator/admin/audit", "/investigator/admin/audit"),
        (
            "/investigator/admin/retention",
            "/investigator/admin/retention",
        ),
        (
            "/investigator/admin/templates",
            "/investigator/admin/templates",
        ),
    ] {
        let html = amira
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let current: Vec<&str> = html
            .match_indices(r#" aria-current="page""#)
            .map(|(i, _)| {
                let start = html[..i].rfind("<a href=\"").unwrap() + 9;
                let end = html[start..].find('"').unwrap() + start;
                &html[start..end]
            })
            .collect();
        assert_eq!(current, [section], "{path}");
        assert!(
            html.contains(r##"<a class="skip" href="#main">"##)
                && html.contains(r#"<main id="main">"#),
            "{path}: skip link"
        );
    }
    let reporter = app.get("/fr/report").await.text().await.unwrap();
    assert!(reporter.contains(r##"<a class="skip" href="#main">Aller au contenu principal</a>"##));
}
