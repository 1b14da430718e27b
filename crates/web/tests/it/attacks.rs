//! The reporting line attacked over HTTP (issue 10; docs/threat-model.md, "Attacks tried and
//! what stops them"): malformed and oversized form parts, slow and held uploads, floods of
//! sign-ins, quick exit, hostile text aimed at investigators, and the headers with TLS in
//! front. Every attack here ends with a clear page, and a refused form comes back with what
//! the reporter typed. Memory under attack is measured on the real binary (the CLI tests).

use std::time::Duration;

use quietline_service::{Clock as _, SystemClock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{MINIMAL, Options, TestApp, hidden_fields, receipt_in, spawn_app_with};
use crate::workbench::sign_in_new;

const BOUNDARY: &str = "AttackBoundary7";

/// A multipart text part.
fn text_part(name: &str, value: &str) -> String {
    format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
}

/// The header of a file part (its content follows).
fn file_part_header(name: &str) -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
}

/// A browser's form cookie and the token of its form.
async fn form_cookie_and_token(app: &TestApp, path: &str) -> (String, String) {
    let response = reqwest::get(app.url(path)).await.unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();
    let token = hidden_fields(&html)
        .into_iter()
        .find(|(n, _)| n == "csrf")
        .unwrap()
        .1;
    (cookie, token)
}

/// A raw connection that has sent the head of a multipart POST (with no Content-Length:
/// chunked), for bodies sent bit by bit.
async fn open_post(app: &TestApp, path: &str, cookie: &str) -> TcpStream {
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Cookie: {cookie}\r\nTransfer-Encoding: chunked\r\n\r\n",
        app.address
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

async fn send_chunk(stream: &mut TcpStream, bytes: &[u8]) -> std::io::Result<()> {
    stream
        .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())
        .await?;
    stream.write_all(bytes).await?;
    stream.write_all(b"\r\n").await
}

/// Reads the response (status and body) the server sends on `stream`, within `limit`.
async fn response_on(stream: &mut TcpStream, limit: Duration) -> (u16, String) {
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 16 * 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    bytes.extend_from_slice(&buf[..n]);
                    // Enough once the page is complete.
                    if bytes.windows(7).any(|w| w == b"</html>") {
                        break;
                    }
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within {limit:?}");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    (status, text)
}

fn staging_folders(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.data_dir().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn a_nonce_or_form_token_longer_than_its_length_is_refused_before_anything_is_kept() {
    let app = spawn_app_with(Options::default()).await;
    let (cookie, token) = form_cookie_and_token(&app, "/en/report").await;
    for (name, value) in [
        ("nonce", "a".repeat(1024 * 1024)),
        ("nonce", "0".repeat(33)),
        ("csrf", format!("{token}{token}")),
    ] {
        let mut body = String::new();
        if name != "csrf" {
            body.push_str(&text_part("csrf", &token));
        }
        body.push_str(&text_part(name, &value));
        for (field, typed) in MINIMAL {
            body.push_str(&text_part(field, typed));
        }
        body.push_str(&format!("--{BOUNDARY}--\r\n"));
        let response = reqwest::Client::new()
            .post(app.url("/en/report"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header("cookie", &cookie)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{name} of {} bytes", value.len());
    }
    assert_eq!(app.report_rows().await, 0);
}

#[tokio::test]
async fn too_many_parts_bring_the_form_back_with_what_was_typed() {
    let app = spawn_app_with(Options {
        tweak: |_, web| web.max_form_parts = 40,
        ..Options::default()
    })
    .await;
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in app.form_tokens("/en/report").await {
        form = form.text(name, value);
    }
    for (name, value) in MINIMAL {
        form = form.text(name, value);
    }
    // Fields the form does not have (ignored when the form is read), then files: 64 parts.
    for i in 0..50 {
        form = form.text(format!("extra{i}"), "x");
    }
    for i in 0..10 {
        form = form.part(
            "files",
            reqwest::multipart::Part::bytes(vec![1u8; 10]).file_name(format!("f{i}.bin")),
        );
    }
    let response = app.post_multipart("/en/report", form).await;
    assert_eq!(response.status(), 413);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("They called my mother."),
        "the narrative is kept"
    );
    assert_eq!(app.report_rows().await, 0);
    assert!(
        staging_folders(&app).is_empty(),
        "{:?}",
        staging_folders(&app)
    );
}

#[tokio::test]
async fn no_staging_folder_exists_before_the_form_token_is_checked() {
    let app = spawn_app_with(Options::default()).await;
    // A file first, before any token: nothing may be written for it.
    let mut stream = open_post(&app, "/en/report", "ql_form=0").await;
    send_chunk(&mut stream, file_part_header("early.bin").as_bytes())
        .await
        .unwrap();
    send_chunk(&mut stream, &[7u8; 4096]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        staging_folders(&app).is_empty(),
        "a folder before any token: {:?}",
        staging_folders(&app)
    );
    let mut rest = String::from("\r\n");
    rest.push_str(&text_part("csrf", &"0".repeat(64)));
    for (field, typed) in MINIMAL {
        rest.push_str(&text_part(field, typed));
    }
    rest.push_str(&format!("--{BOUNDARY}--\r\n"));
    send_chunk(&mut stream, rest.as_bytes()).await.unwrap();
    send_chunk(&mut stream, b"").await.unwrap();
    let (status, page) = response_on(&mut stream, Duration::from_secs(30)).await;
    assert_eq!(status, 403, "a wrong token");
    assert!(
        page.contains("They called my mother."),
        "the narrative is kept"
    );
    assert!(staging_folders(&app).is_empty());
    assert_eq!(app.report_rows().await, 0);
}

#[tokio::test]
async fn with_every_upload_place_taken_the_form_comes_back_busy_with_what_was_typed() {
    let app = spawn_app_with(Options {
        tweak: |_, web| web.max_uploads = 1,
        ..Options::default()
    })
    .await;
    // Someone holds the only place: an upload that has started and does not go on.
    let (cookie, token) = form_cookie_and_token(&app, "/en/report").await;
    let mut held = open_post(&app, "/en/report", &cookie).await;
    let start = format!(
        "{}{}",
        text_part("csrf", &token),
        file_part_header("big.bin")
    );
    send_chunk(&mut held, start.as_bytes()).await.unwrap();
    send_chunk(&mut held, &[0u8; 1024]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let response = app
        .submit("en", &MINIMAL, vec![("photo.jpg".into(), b"jpeg".to_vec())])
        .await;
    assert_eq!(response.status(), 503);
    let html = response.text().await.unwrap();
    assert!(html.contains("The site is busy right now"), "{html}");
    assert!(
        html.contains("They called my mother."),
        "the narrative is kept"
    );
    assert!(
        html.contains("were not kept"),
        "the page says the files were not kept"
    );
    assert_eq!(app.report_rows().await, 0);

    // The place comes back when the held upload goes away.
    drop(held);
    let deadline = SystemClock.instant() + Duration::from_secs(30);
    loop {
        let response = app.submit("en", &MINIMAL, vec![]).await;
        if response.status() == 200 {
            break;
        }
        assert!(
            SystemClock.instant() < deadline,
            "the place never came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app.report_rows().await, 1);
}

#[tokio::test]
async fn an_upload_slower_than_the_minimum_rate_is_cut_and_the_text_comes_back() {
    let app = spawn_app_with(Options {
        tweak: |_, web| {
            web.min_upload_bytes_per_second = 64 * 1024;
            web.upload_rate_window = Duration::from_secs(1);
        },
        ..Options::default()
    })
    .await;
    let (cookie, token) = form_cookie_and_token(&app, "/en/report").await;
    let mut stream = open_post(&app, "/en/report", &cookie).await;
    let mut start = text_part("csrf", &token);
    for (field, typed) in MINIMAL {
        start.push_str(&text_part(field, typed));
    }
    start.push_str(&file_part_header("slow.bin"));
    send_chunk(&mut stream, start.as_bytes()).await.unwrap();
    let started = SystemClock.instant();
    let trickle = async {
        // 50 bytes a second, for up to a minute.
        for _ in 0..600 {
            if send_chunk(&mut stream, &[1u8; 5]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        stream
    };
    let mut stream = tokio::time::timeout(Duration::from_secs(90), trickle)
        .await
        .unwrap();
    let (status, page) = response_on(&mut stream, Duration::from_secs(30)).await;
    assert!(
        started.elapsed() < Duration::from_secs(55),
        "cut after {:?}",
        started.elapsed()
    );
    assert_eq!(status, 408);
    assert!(page.contains("too slow"), "the page says why");
    assert!(
        page.contains("They called my mother."),
        "the narrative is kept"
    );
    assert_eq!(app.report_rows().await, 0);
    assert!(staging_folders(&app).is_empty());
}

/// Argon2id slow enough to queue: one run at a time.
fn one_slow_derivation_at_a_time(config: &mut quietline_service::ServiceConfig) {
    let slow = quietline_crypto::KdfParams {
        memory_kib: 64 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    config.password_kdf = slow;
    config.receipt_kdf = slow;
    config.kdf_concurrency = Some(1);
}

/// A sign-in form, loaded: the client (with its cookie) and the form's token.
async fn sign_in_form(app: &TestApp) -> (reqwest::Client, String) {
    let client = crate::helpers::client();
    let page = client
        .get(app.url("/investigator/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (client, crate::workbench::csrf_of(&page))
}

/// Sends a wrong password for `name` on a loaded sign-in form.
async fn wrong_password(
    app: &TestApp,
    (client, csrf): (reqwest::Client, String),
    name: &str,
) -> reqwest::StatusCode {
    let form = [
        ("csrf", csrf),
        ("username", name.to_owned()),
        ("password", "not the password at all".into()),
        ("code", "123456".into()),
    ];
    client
        .post(app.url("/investigator/login"))
        .form(&form)
        .send()
        .await
        .unwrap()
        .status()
}

/// `count` wrong passwords sent at once (the forms loaded first), each in its own task.
async fn flood_of_sign_ins(
    app: &std::sync::Arc<TestApp>,
    count: usize,
) -> Vec<tokio::task::JoinHandle<reqwest::StatusCode>> {
    let mut forms = Vec::new();
    for _ in 0..count {
        forms.push(sign_in_form(app).await);
    }
    forms
        .into_iter()
        .enumerate()
        .map(|(i, form)| {
            let app = std::sync::Arc::clone(app);
            tokio::spawn(async move { wrong_password(&app, form, &format!("intruder{i}")).await })
        })
        .collect()
}

/// Every sign-in of the flood answers, in time, with one of `allowed`.
async fn answers_of(
    flood: Vec<tokio::task::JoinHandle<reqwest::StatusCode>>,
    allowed: &[u16],
) -> Vec<u16> {
    let mut statuses = Vec::new();
    for sign_in in flood {
        let status = tokio::time::timeout(Duration::from_secs(120), sign_in)
            .await
            .expect("a sign-in hung")
            .unwrap()
            .as_u16();
        assert!(allowed.contains(&status), "{status}");
        statuses.push(status);
    }
    statuses
}

#[tokio::test]
async fn fifty_bogus_sign_ins_then_a_report_submits_within_a_bound() {
    let app = std::sync::Arc::new(
        spawn_app_with(Options {
            tweak: |config, _| one_slow_derivation_at_a_time(config),
            ..Options::default()
        })
        .await,
    );
    // What one Argon2id run costs here, through HTTP.
    let form = sign_in_form(&app).await;
    let timed = SystemClock.instant();
    assert_eq!(wrong_password(&app, form, "someone").await, 401);
    let one = timed.elapsed();

    let flood = flood_of_sign_ins(&app, 50).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let timed = SystemClock.instant();
    let response = app.submit("en", &MINIMAL, vec![]).await;
    let took = timed.elapsed();
    assert_eq!(response.status(), 200);
    receipt_in(&response.text().await.unwrap());
    // Behind fifty derivations it would take fifty times `one`; first in line, two or three.
    let bound = one * 10 + Duration::from_secs(3);
    assert!(
        took < bound,
        "the report took {took:?} (one sign-in {one:?})"
    );
    let statuses = answers_of(flood, &[401, 429, 503]).await;
    assert!(
        statuses.iter().filter(|s| **s == 429).count() >= 30,
        "the server-wide limit refused most: {statuses:?}"
    );
}

#[tokio::test]
async fn a_full_queue_of_key_derivations_answers_busy_at_once() {
    let app = std::sync::Arc::new(
        spawn_app_with(Options {
            tweak: |config, _| {
                one_slow_derivation_at_a_time(config);
                config.kdf_queue = 2;
                config.sign_in_burst = 1000;
                config.sign_ins_per_minute = 1000;
            },
            ..Options::default()
        })
        .await,
    );
    let flood = flood_of_sign_ins(&app, 20).await;
    let statuses = answers_of(flood, &[401, 503]).await;
    let busy = statuses.iter().filter(|s| **s == 503).count();
    assert!(busy >= 10, "{statuses:?}");
}

/// A reporter with an open session: the report's receipt checked, the session cookie.
async fn reporter_session(app: &TestApp) -> String {
    let response = app.submit("en", &MINIMAL, vec![]).await;
    let receipt = receipt_in(&response.text().await.unwrap());
    let html = app.get("/en/return").await.text().await.unwrap();
    let mut form = hidden_fields(&html);
    form.push(("receipt".into(), receipt));
    let opened = app
        .client
        .post(app.url("/en/return"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    opened.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// The thread page as a browser holding only `cookie` would get it.
async fn thread_with(app: &TestApp, cookie: &str) -> reqwest::Response {
    crate::helpers::client()
        .get(app.url("/en/return/thread"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn quick_exit_ends_the_session_on_the_server_and_clears_the_browser() {
    let app = spawn_app_with(Options::default()).await;
    let session = reporter_session(&app).await;
    assert_eq!(thread_with(&app, &session).await.status(), 200);
    let html = app.get("/en/return/thread").await.text().await.unwrap();
    assert!(
        html.contains(r#"class="quick-exit" href="/exit""#),
        "every page's quick exit goes through the server"
    );

    let exit = app.get("/exit").await;
    assert_eq!(exit.status(), 303);
    assert_eq!(exit.headers()["location"], "https://www.wikipedia.org/");
    let cleared = exit.headers()["clear-site-data"].to_str().unwrap();
    assert!(cleared.contains("\"cookies\"") && cleared.contains("\"storage\""));
    let removed = exit.headers()["set-cookie"].to_str().unwrap();
    assert!(removed.starts_with("ql_session=;"), "{removed}");
    // Whoever has the old cookie (a copy, a browser that ignored the headers) sees nothing.
    let after = thread_with(&app, &session).await;
    assert_eq!(after.status(), 303);
    assert_eq!(after.headers()["location"], "/en/return?session=ended");
}

#[tokio::test]
async fn leave_with_a_bad_form_token_still_ends_the_session() {
    let app = spawn_app_with(Options::default()).await;
    let session = reporter_session(&app).await;
    let left = crate::helpers::client()
        .post(app.url("/en/return/leave"))
        .header("cookie", &session)
        .form(&[("csrf", "0".repeat(64))])
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), 303);
    assert_eq!(
        thread_with(&app, &session).await.headers()["location"],
        "/en/return?session=ended"
    );
}

#[tokio::test]
async fn reporter_forms_keep_browsers_from_remembering_what_was_typed() {
    let app = spawn_app_with(Options::default()).await;
    let field = regex::Regex::new(r"<(input|textarea|select|form)\b[^>]*>").unwrap();
    let session = reporter_session(&app).await;
    for (path, html) in [
        (
            "/en/report",
            app.get("/en/report").await.text().await.unwrap(),
        ),
        (
            "/en/return",
            app.get("/en/return").await.text().await.unwrap(),
        ),
        (
            "/en/return/thread",
            thread_with(&app, &session).await.text().await.unwrap(),
        ),
    ] {
        let mut checked = 0;
        for tag in field.find_iter(&html).map(|m| m.as_str()) {
            let kept_out = [
                "type=\"hidden\"",
                "type=\"radio\"",
                "type=\"checkbox\"",
                "type=\"file\"",
                "class=\"leave\"",
            ];
            if kept_out.iter().any(|k| tag.contains(k)) {
                continue;
            }
            assert!(tag.contains(r#"autocomplete="off""#), "{path}: {tag}");
            checked += 1;
        }
        assert!(checked >= 2, "{path}: {checked} fields");
    }
}

#[tokio::test]
async fn reporters_text_cannot_reorder_what_investigators_read() {
    let app = spawn_app_with(Options::default()).await;
    let (investigator, _) = sign_in_new(&app, "amira", None).await;
    let hostile_name = "invoice\u{202E}gpj.exe";
    let response = app
        .submit(
            "en",
            &[
                ("subject", "happened_to_me"),
                (
                    "narrative",
                    "He said \u{2067}\u{202B}nothing\u{202C}\u{2069} more.",
                ),
                ("city", "Prato\u{202D}\u{2066}"),
            ],
            vec![(hostile_name.into(), b"MZ".to_vec())],
        )
        .await;
    assert_eq!(response.status(), 200);
    let inbox = investigator
        .get(app.url("/investigator/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let id = regex::Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures(&inbox)
        .unwrap()[1]
        .to_owned();
    let page = investigator
        .get(app.url(&format!("/investigator/reports/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for control in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
        assert!(
            !page.contains(control) && !inbox.contains(control),
            "U+{:04X} reaches the workbench",
            control as u32
        );
    }
    assert!(
        page.contains("<bdi>invoicegpj.exe</bdi>"),
        "the file name, isolated"
    );
    assert!(page.contains("He said nothing more."));
    let file =
        regex::Regex::new(r#"href="(/investigator/reports/[0-9a-f]{32}/files/[0-9a-f]{32})""#)
            .unwrap()
            .captures(&page)
            .unwrap()[1]
            .to_owned();
    let download = investigator.get(app.url(&file)).send().await.unwrap();
    let disposition = download.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains("invoicegpj.exe") && !disposition.contains("%E2%80%AE"),
        "saved under the name shown: {disposition}"
    );
}

#[tokio::test]
async fn behind_tls_cookies_are_host_only_and_browsers_are_told_to_keep_to_https() {
    let app = spawn_app_with(Options {
        tweak: |_, web| web.cookie_secure = true,
        ..Options::default()
    })
    .await;
    for path in ["/en/report", "/investigator/"] {
        // A fresh browser each time, so that each page sets its cookie.
        let response = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        assert!(
            cookie.starts_with("__Host-ql_form=")
                && cookie.contains("Secure")
                && cookie.contains("Path=/")
                && !cookie.contains("Domain"),
            "{path}: {cookie}"
        );
    }
    let plain = spawn_app_with(Options::default()).await;
    let response = plain.get("/en/report").await;
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("ql_form=")
    );
}

#[tokio::test]
async fn reporter_pages_allow_no_script_and_the_workbench_only_its_own() {
    let app = spawn_app_with(Options::default()).await;
    for path in ["/", "/en/", "/en/report", "/en/return", "/nowhere"] {
        let csp = app.get(path).await.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("script-src 'none'"), "{path}: {csp}");
    }
    let csp = app.get("/investigator/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
}
