//! Workbench benchmark (issue 3): run with `cargo bench -p quietline --bench workbench`.
//!
//! Seeds 100 000 reports directly into the database (their inbox summaries sealed to the
//! workspace key, as intake seals them), starts the real release binary, and measures over
//! loopback HTTP:
//! - signing in when the workspace must be unlocked (every summary decrypted into the
//!   inbox index) and when it is already unlocked (the cost of a login itself);
//! - inbox page latency, p50 and p99, over a mix of filters, sorts and pages;
//! - opening a report (decrypting answers, files' names, messages).
//!
//! Figures go to docs/benchmarks.md. Traffic goes to 127.0.0.1 only and is bounded.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures wall time with Instant::now"
)]

mod common;
use common::{Lcg, client, csrf, run, unix_now};

use std::time::{Duration, Instant};

use quietline_crypto::{Identity, Recipient, TotpSecret, seal};
use sqlx::Connection;

const BIN: &str = env!("CARGO_BIN_EXE_quietline");
const REPORTS: usize = 100_000;
const PASSWORD: &str = "a benchmark passphrase";
const INCIDENTS: [&str; 8] = [
    "threats",
    "harassment",
    "surveillance",
    "family_pressure",
    "persuaded_to_return",
    "online_contact",
    "station_activity",
    "other",
];
const LANGS: [&str; 4] = ["en", "fr", "zh-Hans", "zh-Hant"];
const STATUSES: [&str; 5] = ["new", "in_review", "waiting_for_reporter", "closed", "spam"];

async fn seed(db_path: &std::path::Path, workspace: &Recipient) {
    let started = Instant::now();
    let mut rng = Lcg(42);
    let mut rows = Vec::with_capacity(REPORTS);
    for i in 0..REPORTS {
        let incidents: Vec<&str> = (0..1 + rng.next() % 3)
            .map(|_| INCIDENTS[(rng.next() % 8) as usize])
            .collect();
        let summary = serde_json::json!({
            "subject": "happened_to_me",
            "incidents": incidents,
            "language": LANGS[(rng.next() % 4) as usize],
            "country": "NL",
            "city": "Rotterdam",
            "attachments": rng.next() % 3,
        });
        let sealed = seal(
            std::slice::from_ref(workspace),
            summary.to_string().as_bytes(),
        )
        .unwrap();
        let xref = seal(
            std::slice::from_ref(workspace),
            xref_records(&report_id(i), &mut rng).to_string().as_bytes(),
        )
        .unwrap();
        let day = time::Date::from_ordinal_date(2025, 1).unwrap()
            + time::Duration::days((i * 700 / REPORTS) as i64);
        rows.push((
            i,
            sealed,
            xref,
            day.to_string(),
            STATUSES[(rng.next() % 5) as usize],
            rng.next().is_multiple_of(20),
        ));
    }
    let sealing = started.elapsed();
    let mut db = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db_path.display()))
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    for (i, sealed, xref, day, status, unread) in rows {
        sqlx::query(
            "INSERT INTO reports (id, lookup, report_recipient, mailbox_recipient, receipt_salt, kdf_memory_kib, \
             kdf_iterations, kdf_parallelism, status, received_day, updated_day, answers_bytes, summary_sealed, \
             from_reporter, xref_sealed) VALUES (?, ?, 'age1seed', 'age1seed', x'00', 65536, 3, 1, ?, ?, ?, 1000, ?, ?, ?)",
        )
        .bind(report_id(i))
        .bind(i as i64 + 100_000)
        .bind(status)
        .bind(&day)
        .bind(&day)
        .bind(sealed)
        .bind(i64::from(unread))
        .bind(xref)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    println!(
        "seeded {REPORTS} reports: sealing {:.1} s, inserting {:.1} s",
        sealing.as_secs_f64(),
        (started.elapsed() - sealing).as_secs_f64()
    );
}

/// The id of the `i`th seeded report.
fn report_id(i: usize) -> String {
    format!(
        "{:032x}",
        0x5eed_0000_0000_0000_0000_0000_0000_0000u128 + i as u128
    )
}

/// A report's cross-referencing records, as intake seals them: one or two people named in
/// Han characters or a romanisation, some with a phone from a shared pool (in varying formats),
/// sometimes the place as a site.
fn xref_records(report: &str, rng: &mut Lcg) -> serde_json::Value {
    // 24 common surnames × 40 given names, in 12 cities: with 100 000 reports, about a dozen
    // namesakes per name and city, and far more for the commonest readings ("Li", "Wu").
    const SURNAMES: [(&str, &str); 24] = [
        ("陈", "Chen"),
        ("林", "Lin"),
        ("王", "Wang"),
        ("黄", "Huang"),
        ("张", "Zhang"),
        ("李", "Li"),
        ("吴", "Wu"),
        ("郑", "Zheng"),
        ("刘", "Liu"),
        ("杨", "Yang"),
        ("赵", "Zhao"),
        ("周", "Zhou"),
        ("徐", "Xu"),
        ("孙", "Sun"),
        ("马", "Ma"),
        ("朱", "Zhu"),
        ("胡", "Hu"),
        ("郭", "Guo"),
        ("何", "He"),
        ("高", "Gao"),
        ("罗", "Luo"),
        ("梁", "Liang"),
        ("宋", "Song"),
        ("谢", "Xie"),
    ];
    const GIVEN: [(&str, &str); 40] = [
        ("伟", "Wei"),
        ("芳", "Fang"),
        ("明", "Ming"),
        ("静", "Jing"),
        ("强", "Qiang"),
        ("丽", "Li"),
        ("军", "Jun"),
        ("杰", "Jie"),
        ("娟", "Juan"),
        ("涛", "Tao"),
        ("志华", "Zhihua"),
        ("建国", "Jianguo"),
        ("秀英", "Xiuying"),
        ("海燕", "Haiyan"),
        ("国平", "Guoping"),
        ("晓东", "Xiaodong"),
        ("春梅", "Chunmei"),
        ("文博", "Wenbo"),
        ("子轩", "Zixuan"),
        ("雨涵", "Yuhan"),
        ("浩然", "Haoran"),
        ("欣怡", "Xinyi"),
        ("俊杰", "Junjie"),
        ("嘉怡", "Jiayi"),
        ("志强", "Zhiqiang"),
        ("婷婷", "Tingting"),
        ("鹏", "Peng"),
        ("斌", "Bin"),
        ("辉", "Hui"),
        ("磊", "Lei"),
        ("敏", "Min"),
        ("燕", "Yan"),
        ("艳", "Yan"),
        ("勇", "Yong"),
        ("毅", "Yi"),
        ("俊", "Jun"),
        ("峰", "Feng"),
        ("超", "Chao"),
        ("亮", "Liang"),
        ("平", "Ping"),
    ];
    const CITIES: [(&str, &str); 12] = [
        ("Rotterdam", "NL"),
        ("Amsterdam", "NL"),
        ("Toronto", "CA"),
        ("Vancouver", "CA"),
        ("London", "GB"),
        ("Milan", "IT"),
        ("Prato", "IT"),
        ("Paris", "FR"),
        ("Madrid", "ES"),
        ("New York", "US"),
        ("Dublin", "IE"),
        ("Prague", "CZ"),
    ];
    let (city, country) = CITIES[(rng.next() % 12) as usize];
    let mut records = Vec::new();
    for p in 0..1 + rng.next() % 2 {
        let (han_surname, surname) = SURNAMES[(rng.next() % 24) as usize];
        let (han_given, given) = GIVEN[(rng.next() % 40) as usize];
        let name = if rng.next().is_multiple_of(2) {
            format!("{han_surname}{han_given}")
        } else {
            format!("{surname} {given}")
        };
        let phones: Vec<String> = if rng.next().is_multiple_of(3) {
            let n = 10_000_000 + rng.next() % 20_000;
            vec![if rng.next().is_multiple_of(2) {
                format!("+31 6 {n}")
            } else {
                format!("06-{n}")
            }]
        } else {
            Vec::new()
        };
        records.push(serde_json::json!({
            "id": format!("{report}/p{p}"), "kind": "person", "names": [name], "phones": phones,
            "emails": [], "wechat": [], "addresses": [], "city": city, "country": country,
        }));
    }
    if rng.next().is_multiple_of(4) {
        records.push(serde_json::json!({
            "id": format!("{report}/place"), "kind": "site", "names": [], "phones": [], "emails": [],
            "wechat": [], "addresses": [format!("{} Main Street", 1 + rng.next() % 300)],
            "city": city, "country": country,
        }));
    }
    serde_json::json!({ "format": 1, "records": records })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let recovery = Identity::generate();
    run(
        &[
            "init",
            "--data",
            data_arg,
            "--recovery-recipient",
            &recovery.recipient().to_string(),
        ],
        "",
    );
    run(
        &[
            "investigator",
            "add",
            "--data",
            data_arg,
            "--username",
            "amira",
        ],
        &format!("{PASSWORD}\n"),
    );
    let db_path = data.join("quietline.db");
    let workspace: Recipient = {
        let mut db = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db_path.display()))
            .await
            .unwrap();
        let recipient: String = sqlx::query_scalar("SELECT recipient FROM workspace")
            .fetch_one(&mut db)
            .await
            .unwrap();
        recipient.parse().unwrap()
    };
    seed(&db_path, &workspace).await;

    let server = quietline_testkit::Server::start(BIN, &["--data", data_arg], |command| {
        command.stderr(std::fs::File::create("/tmp/workbench-bench-server.log").unwrap());
    })
    .await;
    let pid = server.pid();
    let base = server.base();

    // One real report, submitted through the form, to open later.
    let reporter = client();
    let form_page = reporter
        .get(format!("{base}/en/report"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in quietline_testkit::hidden_fields(&form_page) {
        form = form.text(name, value);
    }
    form = form
        .text("subject", "happened_to_me")
        .text("incident", "threats")
        .text("narrative", "They came to my parents' home. ".repeat(60))
        .text("person1_names", "陈伟 / Chan Wai")
        .part(
            "files",
            reqwest::multipart::Part::bytes(vec![7u8; 100 * 1024]).file_name("photo.jpg"),
        );
    assert_eq!(
        reporter
            .post(format!("{base}/en/report"))
            .multipart(form)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // Enrolment (first sign-in): not timed.
    let investigator = client();
    let login_page = investigator
        .get(format!("{base}/investigator/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = [
        ("csrf", csrf(&login_page)),
        ("username", "amira".into()),
        ("password", PASSWORD.into()),
        ("code", String::new()),
    ];
    investigator
        .post(format!("{base}/investigator/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let enrol = investigator
        .get(format!("{base}/investigator/enrol"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let secret = regex::Regex::new(r#"id="totp-secret">([A-Z2-7]+)<"#)
        .unwrap()
        .captures(&enrol)
        .unwrap()[1]
        .to_string();
    let totp = TotpSecret::from_base32(&secret).unwrap();
    let started = Instant::now();
    let response = investigator
        .post(format!("{base}/investigator/enrol"))
        .form(&[
            ("csrf", csrf(&enrol)),
            ("code", totp.code_at(unix_now()).unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    println!(
        "\n## Workbench with {REPORTS} reports (2 cores)\nfirst sign-in, unlocking the workspace (inbox index of {} summaries built): {:.0} ms; server RSS after: {:.1} MiB",
        REPORTS + 1,
        started.elapsed().as_secs_f64() * 1e3,
        rss_kib(pid) as f64 / 1024.0
    );

    // The cross-reference index is built in the background after the unlock: poll a report's
    // page until its "also in" section is there (at most 15 minutes).
    let inbox = investigator
        .get(format!("{base}/investigator/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let some_report = regex::Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures(&inbox)
        .unwrap()[1]
        .to_string();
    loop {
        let page = investigator
            .get(format!("{base}/investigator/reports/{some_report}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if !page.contains("xref-building") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "xref index never ready"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    println!(
        "cross-reference index ready (background build after the unlock): {:.1} s after the sign-in began; server RSS then: {:.1} MiB",
        started.elapsed().as_secs_f64(),
        rss_kib(pid) as f64 / 1024.0
    );

    // A second sign-in while the workspace is unlocked: the cost of a login itself.
    let mut login_times = Vec::new();
    let mut others = Vec::new();
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_secs(31 - unix_now() % 30)).await; // a fresh TOTP step
        let other = client();
        let page = other
            .get(format!("{base}/investigator/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let form = [
            ("csrf", csrf(&page)),
            ("username", "amira".into()),
            ("password", PASSWORD.into()),
            ("code", totp.code_at(unix_now()).unwrap()),
        ];
        let started = Instant::now();
        let response = other
            .post(format!("{base}/investigator/login"))
            .form(&form)
            .send()
            .await
            .unwrap();
        login_times.push(started.elapsed());
        assert_eq!(response.status(), 303, "login");
        others.push(other);
    }
    login_times.sort();
    println!(
        "sign-in with the workspace already unlocked (Argon2id m=64 MiB t=3, TOTP), median of 3: {:.0} ms",
        percentile(&login_times, 0.5)
    );

    // Inbox latency.
    let queries = [
        "",
        "status=new",
        "incident=threats",
        "language=fr",
        "sort=updated",
        "sort=unread",
        "unread=1",
        "page=40",
        "status=spam&language=zh-Hant",
        "assignee=nobody&sort=oldest",
    ];
    for q in queries {
        investigator
            .get(format!("{base}/investigator/inbox?{q}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    }
    let mut times = Vec::new();
    for round in 0..40 {
        for q in queries {
            let started = Instant::now();
            let response = investigator
                .get(format!("{base}/investigator/inbox?{q}"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.bytes().await.unwrap();
            times.push(started.elapsed());
            let _ = round;
        }
    }
    times.sort();
    println!(
        "inbox page (50 rows) over loopback HTTP, {} requests over 10 filter/sort/page mixes: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().unwrap().as_secs_f64() * 1e3
    );

    // Opening a report.
    let inbox = investigator
        .get(format!("{base}/investigator/inbox?incident=threats"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let newest = regex::Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures(&inbox)
        .unwrap()[1]
        .to_string();
    let mut open_times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let response = investigator
            .get(format!("{base}/investigator/reports/{newest}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap();
        open_times.push(started.elapsed());
    }
    open_times.sort();
    println!(
        "opening a report (decrypt and render), median of 20: {:.1} ms",
        percentile(&open_times, 0.5)
    );

    // Locking and unlocking again: sign every session out (the workspace is dropped), then
    // sign in: this time the index comes from the sealed snapshot.
    others.push(investigator);
    for c in &others {
        let page = c
            .get(format!("{base}/investigator/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let out = c
            .post(format!("{base}/investigator/logout"))
            .form(&[("csrf", csrf(&page))])
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 303);
    }
    tokio::time::sleep(Duration::from_secs(31 - unix_now() % 30)).await;
    let again = client();
    let page = again
        .get(format!("{base}/investigator/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = [
        ("csrf", csrf(&page)),
        ("username", "amira".into()),
        ("password", PASSWORD.into()),
        ("code", totp.code_at(unix_now()).unwrap()),
    ];
    let started = Instant::now();
    let response = again
        .post(format!("{base}/investigator/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    println!(
        "sign-in after every session ended, unlocking from the sealed snapshot: {:.0} ms (of which Argon2id about {:.0} ms); server RSS after: {:.1} MiB",
        started.elapsed().as_secs_f64() * 1e3,
        percentile(&login_times, 0.5),
        rss_kib(pid) as f64 / 1024.0
    );
    println!("server peak RSS: {:.1} MiB", hwm_kib(pid) as f64 / 1024.0);
    drop(server);
}

fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

fn hwm_kib(pid: u32) -> u64 {
    status_kib(pid, "VmHWM:")
}
