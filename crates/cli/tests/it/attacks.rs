//! The real server attacked (issue 10; docs/threat-model.md, "Attacks tried and what stops
//! them"): what its logs and file times tell whoever seizes it, its memory under oversized
//! form parts (read from /proc/<pid>/status), and its answers while hundreds of connections
//! trickle bytes. Loopback only; counts and times bounded.

use quietline_testkit::client as browser;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use quietline_service::{Clock as _, SystemClock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{Server, hidden_fields, quietline_ok, recovery_key};

const MIB: u64 = 1024 * 1024;

/// A data directory with a recovery recipient (reports are accepted).
fn initialised(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let (_, recipient) = recovery_key(dir);
    quietline_ok(
        &[
            "init",
            "--data",
            data.to_str().unwrap(),
            "--recovery-recipient",
            &recipient,
        ],
        "",
    );
    data
}

/// Headers that say who or where a browser is (its software, its address behind a proxy,
/// the page it came from): the server must log none of them.
const IDENTIFYING_HEADERS: [(&str, &str); 4] = [
    ("user-agent", "ProbeBrowser/9.9 (identifying marker)"),
    ("x-forwarded-for", "203.0.113.77"),
    ("x-real-ip", "203.0.113.78"),
    ("referer", "https://referer-marker.example/page"),
];

/// Submits the report form as a browser would (with one file); returns the receipt.
async fn submit(server: &Server, client: &reqwest::Client) -> String {
    let page = client
        .get(server.url("/en/report"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in hidden_fields(&page) {
        form = form.text(name, value);
    }
    let form = form
        .text("subject", "happened_to_me")
        .text("narrative", "They called my mother at night.")
        .part(
            "files",
            reqwest::multipart::Part::bytes(vec![7u8; 100_000]).file_name("call.m4a"),
        );
    let response = client
        .post(server.url("/en/report"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    regex::Regex::new(r#"id="receipt" dir="ltr">([0-9 ]{24})<"#)
        .unwrap()
        .captures(&html)
        .unwrap()[1]
        .replace(' ', "")
}

/// Comes back with the receipt, reads the thread, replies with a file, reads it again.
async fn come_back_and_reply(server: &Server, client: &reqwest::Client, receipt: &str) {
    let page = client
        .get(server.url("/en/return"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form = hidden_fields(&page);
    form.push(("receipt".into(), receipt.into()));
    let opened = client
        .post(server.url("/en/return"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    let thread = client
        .get(server.url("/en/return/thread"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reply = reqwest::multipart::Form::new();
    for (name, value) in hidden_fields(&thread) {
        reply = reply.text(name, value);
    }
    let reply = reply.text("message", "One more thing.").part(
        "files",
        reqwest::multipart::Part::bytes(vec![9u8; 50_000]).file_name("more.jpg"),
    );
    let replied = client
        .post(server.url("/en/return/reply"))
        .multipart(reply)
        .send()
        .await
        .unwrap();
    assert_eq!(replied.status(), 303);
    let thread = client
        .get(server.url("/en/return/thread?sent=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(thread.status(), 200);
}

/// Every file and folder under `dir` (itself included) with the times Quietline can set:
/// modification and access, in seconds since the epoch.
fn times_under(dir: &Path) -> Vec<(PathBuf, u64, u64)> {
    let seconds = |t: SystemTime| t.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let meta = std::fs::symlink_metadata(dir).unwrap();
    let mut out = vec![(
        dir.to_path_buf(),
        seconds(meta.modified().unwrap()),
        seconds(meta.accessed().unwrap()),
    )];
    if meta.is_dir() {
        for entry in std::fs::read_dir(dir).unwrap() {
            out.extend(times_under(&entry.unwrap().path()));
        }
    }
    out
}

/// The entries whose time is not a midnight UTC.
pub(crate) fn times_of_day(data: &Path) -> Vec<String> {
    times_under(data)
        .into_iter()
        .filter(|(_, modified, accessed)| modified % 86_400 != 0 || accessed % 86_400 != 0)
        .map(|(path, modified, accessed)| {
            format!(
                "{} (modified {}, accessed {})",
                path.display(),
                modified % 86_400,
                accessed % 86_400
            )
        })
        .collect()
}

#[tokio::test]
async fn a_report_a_reply_and_a_receipt_check_leave_no_time_of_day_in_logs_or_file_times() {
    let dir = tempfile::tempdir().unwrap();
    let data = initialised(dir.path());
    // The default log filter, as an operator who sets nothing gets; a heartbeat a second.
    let server = Server::start_logging(&data, &["--heartbeat-seconds", "1"], None).await;
    // A browser whose every request says who and where it is: none of it may be logged.
    let mut traces = reqwest::header::HeaderMap::new();
    for (name, value) in IDENTIFYING_HEADERS {
        traces.insert(name, reqwest::header::HeaderValue::from_static(value));
    }
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(traces)
        .build()
        .unwrap();
    client.get(server.url("/")).send().await.unwrap();
    let landing = client.get(server.url("/en/")).send().await.unwrap();
    let landing = landing.text().await.unwrap();
    let stylesheet = regex::Regex::new(r"/static/quietline\.[0-9a-f]{10}\.css")
        .unwrap()
        .find(&landing)
        .expect("the page names its stylesheet")
        .as_str()
        .to_owned();
    let css = client.get(server.url(&stylesheet)).send().await.unwrap();
    assert_eq!(css.status(), 200, "{stylesheet}");
    let receipt = submit(&server, &client).await;
    come_back_and_reply(&server, &client, &receipt).await;

    // While it runs: within a few heartbeats, the database files' times no longer point at
    // the last write (checked with `stat` alone: listing a folder would set its access time).
    let database_files = ["quietline.db", "quietline.db-wal", "quietline.db-shm"];
    let deadline = SystemClock.instant() + Duration::from_secs(30);
    let mut left = Vec::new();
    for attempt in 0.. {
        left = database_files
            .iter()
            .map(|name| data.join(name))
            .filter(|path| path.exists())
            .flat_map(|path| times_of_day(&path))
            .collect();
        if left.is_empty() || SystemClock.instant() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50 * attempt.min(10))).await;
    }
    assert!(left.is_empty(), "the database's times: {left:#?}");
    let log = server.stop().await;

    // Stopped: every file and folder of the data directory shows a midnight (each folder's
    // times are read before it is listed).
    let left = times_of_day(&data);
    assert!(left.is_empty(), "times of day on disk: {left:#?}");

    // The JSON format, with a report of its own.
    let server = Server::start_logging(&data, &["--log-format", "json"], None).await;
    submit(&server, &browser()).await;
    let json_log = server.stop().await;

    let time_of_day = regex::Regex::new(r"\d\d:\d\d").unwrap();
    for (format, log) in [("text", &log), ("json", &json_log)] {
        assert!(
            !log.is_empty(),
            "{format}: the server logged nothing at all"
        );
        assert!(
            !log.contains('\u{1b}'),
            "{format}: colour codes in a log file"
        );
        for line in log.lines() {
            assert!(
                !time_of_day.is_match(line),
                "{format}: a time of day: {line}"
            );
            for (_, value) in IDENTIFYING_HEADERS {
                let marker = value.split_whitespace().next().unwrap_or(value);
                assert!(
                    !line.contains(marker),
                    "{format}: a header that says who or where the reporter is: {line}"
                );
            }
            for reporter_trace in ["/en/", "/static/", "report received", "replied"] {
                assert!(
                    !line.contains(reporter_trace),
                    "{format}: a line per reporter request or report: {line}"
                );
            }
        }
    }
    assert!(
        log.contains("requests to the reporting line since the last count"),
        "the reporting line is counted instead: {log}"
    );
}

/// The server's resident memory, and its peak so far, in bytes (/proc/<pid>/status).
fn memory(server: &Server) -> (u64, u64) {
    let pid = server.child.id().unwrap();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| {
                v.trim()
                    .trim_end_matches(" kB")
                    .trim()
                    .parse::<u64>()
                    .unwrap()
                    * 1024
            })
            .unwrap_or_else(|| panic!("no {name} in {status}"))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Starts a new peak: the kernel's peak resident size (VmHWM) is set back to the current one.
fn reset_peak(server: &Server) {
    let pid = server.child.id().unwrap();
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").unwrap();
}

/// Sends `head` then up to `body_bytes` of `filler` (after `body_start`) on a raw connection,
/// as fast as the server takes them, and stops when the server answers or closes. Returns
/// the status and how many body bytes the server took in.
async fn push_until_answered(
    server: &Server,
    head: &str,
    body_start: &[u8],
    body_bytes: u64,
) -> (u16, u64) {
    let stream = TcpStream::connect(&server.address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let answer = tokio::spawn(async move {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf).await {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buf[..n]);
            if bytes.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    });
    writer.write_all(head.as_bytes()).await.unwrap();
    writer.write_all(body_start).await.unwrap();
    let mut sent = body_start.len() as u64;
    let filler = vec![b'a'; 64 * 1024];
    while sent < body_bytes && !answer.is_finished() {
        match tokio::time::timeout(Duration::from_secs(5), writer.write_all(&filler)).await {
            Ok(Ok(())) => sent += filler.len() as u64,
            // The server stopped reading (or closed): what it took is what was sent.
            _ => break,
        }
    }
    let text = tokio::time::timeout(Duration::from_secs(60), answer)
        .await
        .expect("no answer")
        .unwrap();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    (status, sent)
}

#[tokio::test]
async fn a_part_header_that_never_ends_and_a_huge_nonce_are_refused_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let data = initialised(dir.path());
    let server = Server::start(&data, &[]).await;
    let client = browser();
    submit(&server, &client).await;
    let (before, _) = memory(&server);
    reset_peak(&server);

    // 256 MiB of one part's headers, never ended by a blank line.
    let length = 256 * MIB;
    let head = format!(
        "POST /en/report HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary=B0undary\r\n\
         Content-Length: {length}\r\n\r\n",
        server.address
    );
    let (status, sent) = push_until_answered(
        &server,
        &head,
        b"--B0undary\r\nContent-Disposition: form-data; name=\"x\"; ",
        length,
    )
    .await;
    assert!([400, 413].contains(&status), "{status}");
    eprintln!(
        "256 MiB header: answered {status} after {} KiB sent",
        sent / 1024
    );
    // What the kernel's socket buffers took beyond what the server read is a few MiB.
    assert!(sent < 32 * MIB, "{} MiB sent before the answer", sent / MIB);

    // A nonce of 1 MiB, with a valid form token before it (a new browser: a new cookie).
    let page = reqwest::get(server.url("/en/report")).await.unwrap();
    let cookie = page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let token = hidden_fields(&page.text().await.unwrap())
        .into_iter()
        .find(|(n, _)| n == "csrf")
        .unwrap()
        .1;
    let body_start = format!(
        "--B0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n\
         --B0undary\r\nContent-Disposition: form-data; name=\"nonce\"\r\n\r\n"
    );
    let length = MIB + 1024;
    let head = format!(
        "POST /en/report HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary=B0undary\r\n\
         Cookie: {cookie}\r\nContent-Length: {length}\r\n\r\n",
        server.address
    );
    let (status, _) = push_until_answered(&server, &head, body_start.as_bytes(), length).await;
    assert_eq!(status, 400, "a nonce has one length");

    let (after, peak) = memory(&server);
    let grew = peak.saturating_sub(before);
    eprintln!(
        "memory: {} MiB before, {} MiB after, peak {} MiB (grew {} MiB)",
        before / MIB,
        after / MIB,
        peak / MIB,
        grew / MIB
    );
    assert!(grew < 32 * MIB, "the server grew by {} MiB", grew / MIB);
    // And it still takes reports.
    submit(&server, &client).await;
    server.stop().await;
}

/// One connection that trickles a byte every `every`: the head of a request that never ends
/// (`body` false), or a complete request head and then a body that never ends. Returns when
/// the server closed it, or `None` if it was still open after `limit`.
async fn trickle(
    address: String,
    body: bool,
    every: Duration,
    limit: Duration,
) -> Option<Duration> {
    let started = SystemClock.instant();
    let mut stream = TcpStream::connect(&address).await.ok()?;
    let opening = if body {
        format!(
            "POST /en/report HTTP/1.1\r\nHost: {address}\r\nContent-Type: multipart/form-data; boundary=B\r\n\
             Content-Length: 10000000\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a\"\r\n\r\n"
        )
    } else {
        format!("GET / HTTP/1.1\r\nHost: {address}\r\nX-Slow: ")
    };
    if stream.write_all(opening.as_bytes()).await.is_err() {
        return Some(started.elapsed());
    }
    let mut buf = [0u8; 4096];
    while started.elapsed() < limit {
        tokio::select! {
            read = stream.read(&mut buf) => match read {
                // The server answered (a 408 or an error page) or closed: either way, done.
                Ok(_) | Err(_) => return Some(started.elapsed()),
            },
            () = tokio::time::sleep(every) => {
                if stream.write_all(b"a").await.is_err() {
                    return Some(started.elapsed());
                }
            }
        }
    }
    None
}

#[tokio::test]
async fn five_hundred_trickling_connections_do_not_keep_the_line_from_answering() {
    let dir = tempfile::tempdir().unwrap();
    let data = initialised(dir.path());
    let server = Server::start(
        &data,
        &[
            "--header-timeout-seconds",
            "2",
            "--max-connections",
            "256",
            "--max-uploads",
            "8",
            "--min-upload-bytes-per-second",
            "1024",
            "--upload-rate-window-seconds",
            "2",
        ],
    )
    .await;
    let client = browser();
    submit(&server, &client).await;
    let (before, _) = memory(&server);
    reset_peak(&server);

    let limit = Duration::from_secs(90);
    let trickles: Vec<_> = (0..500)
        .map(|i| {
            tokio::spawn(trickle(
                server.address.clone(),
                i % 5 == 0,
                Duration::from_millis(500),
                limit,
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;

    // The landing page answers, and a report goes through (a "busy" page may come first
    // while trickling uploads hold the upload places, until they are cut).
    let started = SystemClock.instant();
    let landing = tokio::time::timeout(Duration::from_secs(45), client.get(server.url("/")).send())
        .await
        .expect("GET / did not answer")
        .unwrap();
    assert_eq!(landing.status(), 200);
    let landing_took = started.elapsed();
    let started = SystemClock.instant();
    let submitted = tokio::time::timeout(Duration::from_secs(90), async {
        loop {
            let page = client.get(server.url("/en/report")).send().await.unwrap();
            let mut form = reqwest::multipart::Form::new();
            for (name, value) in hidden_fields(&page.text().await.unwrap()) {
                form = form.text(name, value);
            }
            let form = form
                .text("subject", "happened_to_me")
                .text("narrative", "Still here.");
            let response = client
                .post(server.url("/en/report"))
                .multipart(form)
                .send()
                .await
                .unwrap();
            match response.status().as_u16() {
                200 => break,
                503 => tokio::time::sleep(Duration::from_millis(500)).await,
                other => panic!("the report was answered {other}"),
            }
        }
    })
    .await;
    assert!(submitted.is_ok(), "no report went through");
    let report_took = started.elapsed();

    let mut closed = Vec::new();
    for trickle in trickles {
        closed.push(trickle.await.unwrap());
    }
    let still_open = closed.iter().filter(|c| c.is_none()).count();
    let slowest = closed.iter().flatten().max().copied().unwrap_or_default();
    let (after, peak) = memory(&server);
    eprintln!(
        "GET / in {landing_took:?}, a report in {report_took:?}; the server closed every trickle \
         within {slowest:?}; memory {} MiB before, {} MiB after, peak {} MiB",
        before / MIB,
        after / MIB,
        peak / MIB
    );
    assert_eq!(still_open, 0, "trickling connections left open");
    assert!(
        peak.saturating_sub(before) < 64 * MIB,
        "the server grew by {} MiB",
        peak.saturating_sub(before) / MIB
    );
    server.stop().await;
}
