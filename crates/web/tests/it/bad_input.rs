//! Bad input of every kind: a clear answer in the page's language, every typed value kept,
//! nothing left on disk, and never a 500.

use std::time::Duration;

use quietline_core::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{MINIMAL, Options, TestApp, hidden_fields, spawn_app, spawn_app_with};

const MIB: u64 = 1024 * 1024;

fn small_limits() -> Options {
    Options {
        limits: Limits {
            max_file_bytes: MIB,
            max_report_bytes: 3 * MIB / 2,
            max_files: 3,
            ..Limits::default()
        },
        ..Options::default()
    }
}

#[tokio::test]
async fn a_form_with_errors_comes_back_whole_in_the_reporters_language() {
    let app = spawn_app().await;
    let long_name = "陳".repeat(501);
    let fields = [
        ("narrative", "Ils ont appelé ma mère à Wenzhou."),
        ("city", "Montréal"),
        ("incident", "family_pressure"),
        ("when_precision", "exact"),
        ("when_date", "2024-02-30"),
        ("person1_names", "陳偉 / Chan Wai"),
        ("person2_names", long_name.as_str()),
        ("person2_phones", "+1 514 555 0199"),
        ("consent", "share_police"),
    ];
    let response = app
        .submit(
            "fr",
            &fields,
            vec![("preuve.pdf".into(), b"%PDF-1.7".to_vec())],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    // Messages in French, at the top and by the field.
    assert!(
        html.contains("Veuillez vérifier ces réponses"),
        "summary missing"
    );
    assert!(
        html.contains(r##"href="#subject""##)
            && html.contains(r##"href="#when_date""##)
            && html.contains(r##"href="#person2_names""##)
    );
    assert!(html.contains("année-mois-jour"), "date message in French");
    // Each message by a field is tied to it for screen readers, and the other way round
    // (other descriptions, such as the risk beside the reporter's-copy box, are not errors).
    let described: Vec<String> = regex::Regex::new(r#"aria-describedby="([^"]+-error)""#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    let messages: Vec<String> = regex::Regex::new(r#"<p class="error" id="([^"]+)""#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    for id in ["subject-error", "when_date-error", "person2_names-error"] {
        assert!(
            described.iter().any(|d| d == id) && messages.iter().any(|m| m == id),
            "{id}: described {described:?}, messages {messages:?}"
        );
    }
    assert_eq!(described.len(), messages.len(), "one field per message");
    // Every value kept.
    for kept in [
        "Ils ont appelé ma mère à Wenzhou.",
        r#"value="Montréal""#,
        "陳偉 / Chan Wai",
        r#"value="+1 514 555 0199""#,
        "2024-02-30",
    ] {
        assert!(html.contains(kept), "lost {kept}");
    }
    assert!(
        html.contains(&long_name),
        "an over-long value is kept too, to be shortened"
    );
    assert!(
        html.contains(r#"value="family_pressure" checked"#)
            && html.contains(r#"value="share_police" checked"#)
    );
    // Files are the exception, and the page says so.
    assert!(html.contains("pas été conservés"), "files note missing");
    assert_eq!(app.report_folders(), 0);
    assert_eq!(app.report_rows().await, 0);
}

#[tokio::test]
async fn a_stale_or_missing_form_token_keeps_the_answers_and_stores_nothing() {
    let app = spawn_app().await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", "00")
        .text("subject", "station_information")
        .text("narrative", "The office on Main Street")
        .part(
            "files",
            reqwest::multipart::Part::bytes(vec![7; 10_000]).file_name("a.jpg"),
        );
    let response = app.post_multipart("/en/report", form).await;
    assert_eq!(response.status(), 403);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("For your safety this form had expired")
            && html.contains("The office on Main Street")
    );
    assert!(html.contains("were not kept"));
    // The re-displayed form carries a fresh token, which now works.
    let mut retry = reqwest::multipart::Form::new();
    for (name, value) in hidden_fields(&html) {
        retry = retry.text(name, value);
    }
    retry = retry
        .text("subject", "station_information")
        .text("narrative", "The office on Main Street");
    assert_eq!(
        app.client
            .post(app.url("/en/report"))
            .multipart(retry)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(app.report_rows().await, 1);
}

#[tokio::test]
async fn asking_for_more_people_keeps_everything_and_adds_fieldsets() {
    let app = spawn_app().await;
    let fields = [
        ("person1_names", "王芳"),
        ("person3_wechat", "wxid_abc"),
        ("narrative", "n"),
        ("more_people", "1"),
    ];
    let response = app.submit("zh-Hans", &fields, vec![]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("王芳") && html.contains(r#"value="wxid_abc""#));
    assert!(
        html.contains(r#"name="person7_names""#),
        "three more than the last filled one"
    );
    assert_eq!(app.report_rows().await, 0);
}

#[tokio::test]
async fn an_oversize_file_gets_413_stating_the_limit_and_leaves_nothing() {
    let app = spawn_app_with(small_limits()).await;
    let response = app
        .submit(
            "en",
            &MINIMAL,
            vec![("big.mov".into(), vec![1; (MIB + 1) as usize])],
        )
        .await;
    assert_eq!(response.status(), 413);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("at most 1\u{a0}MiB per file and 1.5\u{a0}MiB in total"),
        "limit not stated"
    );
    assert!(html.contains("They called my mother."), "answers kept");
    assert_eq!(app.report_folders(), 0);
    assert_eq!(app.report_rows().await, 0);

    let two = vec![
        ("a".into(), vec![1; (MIB - 10) as usize]),
        ("b".into(), vec![2; (MIB - 10) as usize]),
    ];
    let response = app.submit("zh-Hant", &MINIMAL, two).await;
    assert_eq!(response.status(), 413);
    assert!(
        response.text().await.unwrap().contains("1.5\u{a0}MB"),
        "in Chinese: MB"
    );
    let many = (0..4).map(|i| (format!("f{i}"), vec![0u8; 10])).collect();
    let response = app.submit("en", &MINIMAL, many).await;
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("at most 3 at once"));
    assert_eq!(app.report_folders(), 0);
    assert_eq!(app.report_rows().await, 0);
}

#[tokio::test]
async fn a_reply_over_the_limit_keeps_the_message() {
    let app = spawn_app_with(small_limits()).await;
    let receipt = crate::helpers::receipt_in(
        &app.submit("en", &MINIMAL, vec![])
            .await
            .text()
            .await
            .unwrap(),
    );
    let page = app.get("/en/return").await.text().await.unwrap();
    let mut form = hidden_fields(&page);
    form.push(("receipt".into(), receipt));
    assert_eq!(
        app.client
            .post(app.url("/en/return"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    let thread = app.get("/en/return/thread").await.text().await.unwrap();
    let mut reply = reqwest::multipart::Form::new();
    for (name, value) in hidden_fields(&thread) {
        reply = reply.text(name, value);
    }
    reply = reply.text("message", "Here is the video.").part(
        "files",
        reqwest::multipart::Part::bytes(vec![0; (2 * MIB) as usize]).file_name("v.mp4"),
    );
    let response = app
        .client
        .post(app.url("/en/return/reply"))
        .multipart(reply)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let html = response.text().await.unwrap();
    assert!(html.contains("Here is the video.") && html.contains("1\u{a0}MiB per file"));
    let report = app.instance.report_summaries().await.unwrap()[0].id;
    let folder = app.data_dir().join("reports").join(report.to_string());
    let files: Vec<_> = crate::helpers::all_files(&folder)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(files.len(), 2, "only key and answers: {files:?}");
}

async fn raw(app: &TestApp, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut response))
        .await
        .expect("the server answered and closed the connection in time")
        .expect("the response was read");
    let response = String::from_utf8_lossy(&response).into_owned();
    assert!(
        response.starts_with("HTTP/1.1 "),
        "not a response: {response:?}"
    );
    response
}

fn multipart_request(path: &str, cookie: &str, body: &[u8], boundary: &str) -> Vec<u8> {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

/// A valid form token and the cookie it belongs to.
async fn token(app: &TestApp) -> (String, String) {
    let response = app.client.get(app.url("/en/report")).send().await.unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let csrf = hidden_fields(&response.text().await.unwrap())
        .into_iter()
        .find(|(n, _)| n == "csrf")
        .unwrap()
        .1;
    (cookie, csrf)
}

#[tokio::test]
async fn malformed_requests_get_400_in_plain_words() {
    let app = spawn_app().await;
    let (cookie, csrf) = token(&app).await;

    let not_multipart = app
        .client
        .post(app.url("/en/report"))
        .form(&[("narrative", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(not_multipart.status(), 400);
    assert!(
        not_multipart
            .text()
            .await
            .unwrap()
            .contains("could not be read")
    );

    let broken = raw(
        &app,
        &multipart_request("/fr/report", &cookie, b"--XYZ\r\nthis is not a part", "XYZ"),
    )
    .await;
    assert!(broken.starts_with("HTTP/1.1 400"), "{broken}");
    assert!(
        broken.contains("pas pu être lu") && broken.contains("lang=\"fr\""),
        "{broken}"
    );

    let mut body =
        format!("--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .into_bytes();
    body.extend_from_slice(b"--B\r\nContent-Disposition: form-data; name=\"narrative\"\r\n\r\n\xff\xfe\xc3\x28\r\n--B--\r\n");
    let not_utf8 = raw(&app, &multipart_request("/en/report", &cookie, &body, "B")).await;
    assert!(not_utf8.starts_with("HTTP/1.1 400"), "{not_utf8}");
    assert_eq!(app.report_folders(), 0);
}

#[tokio::test]
async fn an_aborted_upload_leaves_no_file_and_no_row() {
    let app = spawn_app().await;
    let (cookie, csrf) = token(&app).await;
    let mut body = format!(
        "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --B\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nhappened_to_me\r\n\
         --B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"video.mp4\"\r\n\
         Content-Type: video/mp4\r\n\r\n"
    )
    .into_bytes();
    body.extend(std::iter::repeat_n(b'v', 300_000));
    // Announce far more than is sent, send part of it, and hang up.
    let mut request = multipart_request("/en/report", &cookie, &body, "B");
    let announced = format!("Content-Length: {}", body.len() + 5_000_000);
    let header_end = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(request[..header_end].to_vec()).unwrap();
    let head = regex::Regex::new(r"Content-Length: \d+")
        .unwrap()
        .replace(&head, announced.as_str())
        .into_owned();
    request.splice(..header_end, head.into_bytes());
    {
        let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
        stream.write_all(&request).await.unwrap();
        stream.flush().await.unwrap();
        // The upload really started: its staging folder exists while the connection is open.
        let mut staged = 0;
        for _ in 0..100 {
            staged = app.report_folders();
            if staged > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(staged, 1, "the upload was being staged before the hang-up");
        // dropped: the connection closes mid-upload
    }
    let mut left = usize::MAX;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        left = app.report_folders();
        if left == 0 {
            break;
        }
    }
    assert_eq!(left, 0, "the staged upload was not removed");
    assert_eq!(app.report_rows().await, 0);
    // The server is fine afterwards.
    assert_eq!(app.get("/en/").await.status(), 200);
}

#[tokio::test]
async fn no_garbage_makes_the_server_fail() {
    let app = spawn_app().await;
    let (cookie, csrf) = token(&app).await;
    let mut seed: u64 = 0x5eed_1234_abcd_ef01;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let content_types = [
        "multipart/form-data; boundary=B",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/mixed; boundary=B",
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/json",
    ];
    let paths = [
        "/en/report",
        "/fr/return",
        "/zh-Hans/return/reply",
        "/en/return/leave",
        "/zh-Hant/report",
    ];
    for round in 0..120u64 {
        let length = (next() % 5_000) as usize;
        let mut body: Vec<u8> = (0..length).map(|_| next() as u8).collect();
        if round % 3 == 0 {
            // Valid start, then garbage: exercises the parser past the first part.
            let mut start = format!(
                "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--B\r\n"
            )
            .into_bytes();
            start.append(&mut body);
            body = start;
        }
        let content_type = content_types[(next() % content_types.len() as u64) as usize];
        let path = paths[(next() % paths.len() as u64) as usize];
        let response = app
            .client
            .post(app.url(path))
            .header("content-type", content_type)
            .header("cookie", &cookie)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!(
            status < 500,
            "round {round}: {path} with {content_type} gave {status}"
        );
    }
    for path in [
        "/en/report?x=%ff%fe",
        "/%F0%9F%92%A9/",
        "/en/return/thread/../../../secrets/pepper",
        "/zh-Hant/return?session=%00",
    ] {
        let status = app.get(path).await.status().as_u16();
        assert!(status < 500, "{path} gave {status}");
    }
    assert_eq!(app.report_folders(), 0);
    let after = raw(
        &app,
        b"GET /en/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(after.starts_with("HTTP/1.1 200"), "{after}");
}
