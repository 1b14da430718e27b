//! Search benchmark (issue 13, point 7): `cargo bench -p quietline-service --bench search`
//! (`QUIETLINE_SEARCH_BENCH_REPORTS`, default 100 000).
//!
//! Two parts, each in a child process of its own so that one's memory does not blur the
//! other's:
//! - **engine**: the `quietline-search` index alone, fed the corpus's plaintext (reports'
//!   answers, file names, messages, notes): build time, resident memory it adds, query latency
//!   p50 / p99 / max over a mixed set of queries (`corpus::QUERIES`), for an investigator who
//!   sees everything and one who sees half of the reports.
//! - **seed**: a real data directory (SQLite) filled through the service's own operations
//!   (reports with files, messages both ways, notes). Kept for the next run when
//!   `QUIETLINE_SEARCH_BENCH_DIR` names it (seeding 100 000 reports takes about 12 minutes).
//! - **service**: in a fresh process on that directory, what an investigator meets: signing in
//!   unlocks the workspace, the index is built in the background from what their key opens
//!   (every key unwrapped, every object decrypted), and `Instance::search` answers (snippets,
//!   the access filter and the audit entry included).
//!
//! It runs on the binary's allocator (`zeroizing-alloc` over the system's), as the server does.
//! Figures go to docs/benchmarks.md with the load average, which is printed at the start and
//! the end. Nothing leaves the machine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures wall time with Instant::now"
)]

#[path = "../common.rs"]
mod common;
mod corpus;

/// The `quietline` binary's allocator, which zeroes every block as it is freed: what an
/// investigator's server pays for the index leaving no copy in freed memory.
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

use std::time::{Duration, Instant};

use common::{config, now_at};
use corpus::{QUERIES, ReportText, Script};
use quietline_core::{Limits, ReportDraft, ReportId};
use quietline_crypto::{Identity, TotpSecret};
use quietline_search::{Document, Engine, Kind, Owner, Request, WriterOptions};
use quietline_service::{
    DataDir, Instance, Investigator, ReceiptOutcome, SearchProgress, SearchQuery, SignInOutcome,
};
use secrecy::SecretString;

const PART: &str = "QUIETLINE_SEARCH_BENCH_PART";
const PASSWORD: &str = "a benchmark passphrase";

fn reports() -> usize {
    std::env::var("QUIETLINE_SEARCH_BENCH_REPORTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn rss_mib() -> f64 {
    status_kib("VmRSS:") as f64 / 1024.0
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn percentiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3;
    format!(
        "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} queries)",
        at(0.5),
        at(0.99),
        at(1.0),
        times.len()
    )
}

fn main() {
    match std::env::var(PART).as_deref() {
        Ok("engine") => engine_part(reports()),
        Ok("seed") => block_on(seed(reports(), &data_dir())),
        Ok("service") => block_on(service(reports(), &data_dir())),
        _ => {
            println!(
                "## Search with {} reports (load average {})",
                reports(),
                load()
            );
            let kept = std::env::var_os(DIR).map(std::path::PathBuf::from);
            let scratch = tempfile::tempdir().unwrap();
            let dir = kept.unwrap_or_else(|| scratch.path().join("bench"));
            let seeded = std::fs::read_to_string(dir.join(SEEDED))
                .is_ok_and(|n| n.trim() == reports().to_string());
            let parts: &[&str] = if seeded {
                println!("(reusing the data directory seeded in {})", dir.display());
                &["engine", "service"]
            } else {
                &["engine", "seed", "service"]
            };
            for part in parts {
                let status = std::process::Command::new(std::env::current_exe().unwrap())
                    .env(PART, part)
                    .env(DIR, &dir)
                    .status()
                    .unwrap();
                assert!(status.success(), "the {part} part failed");
            }
            println!("load average at the end: {}", load());
        }
    }
}

const DIR: &str = "QUIETLINE_SEARCH_BENCH_DIR";
/// In the bench directory once seeded: the number of reports.
const SEEDED: &str = "seeded";
/// In the bench directory: the investigator's TOTP secret (a benchmark's throwaway account).
const TOTP: &str = "totp";

fn data_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var_os(DIR).unwrap())
}

fn block_on(work: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(work);
}

/// A report's documents, as the service makes them.
fn documents(report: ReportId, text: &ReportText) -> Vec<Document> {
    let owner = Owner::Report(report);
    let answers = [
        text.narrative.as_str(),
        &text.city,
        &text.place_name,
        &text.place_address,
        &text.person_names,
        &text.person_phone,
        &text.person_wechat,
        &text.person_description,
        &text.org_name,
    ]
    .join("\n");
    let mut out = vec![Document {
        key: format!("report:{report}"),
        owner,
        kind: Kind::Report,
        text: answers,
        extra: "2026-11-29|".into(),
    }];
    for (n, name) in text.files.iter().enumerate() {
        out.push(Document {
            key: format!("file:{report}/{n}"),
            owner,
            kind: Kind::File,
            text: name.clone(),
            extra: "2026-11-29|".into(),
        });
    }
    for (n, (from_reporter, message)) in text.messages.iter().enumerate() {
        out.push(Document {
            key: format!("message:{report}/{n}"),
            owner,
            kind: Kind::Message,
            text: message.clone(),
            extra: if *from_reporter {
                "2026-11-29|reporter".into()
            } else {
                "2026-11-29|investigator".into()
            },
        });
    }
    for (n, note) in text.notes.iter().enumerate() {
        out.push(Document {
            key: format!("note:{report}/{n}"),
            owner,
            kind: Kind::Note,
            text: note.clone(),
            extra: "2026-11-29|".into(),
        });
    }
    out
}

fn engine_part(n: usize) {
    println!("\n### The index alone ({n} reports' plaintext)");
    let rss_before = rss_mib();
    let started = Instant::now();
    let engine = Engine::new(WriterOptions::default()).unwrap();
    let ids: Vec<ReportId> = (0..n).map(|_| ReportId::random()).collect();
    let (mut documents_in, mut bytes) = (0usize, 0usize);
    for (batch, chunk) in ids.chunks(2_048).enumerate() {
        let mut docs = Vec::new();
        for (i, &id) in chunk.iter().enumerate() {
            docs.extend(documents(id, &corpus::report(batch * 2_048 + i)));
        }
        documents_in += docs.len();
        bytes += docs.iter().map(|d| d.text.len()).sum::<usize>();
        engine.put(docs).unwrap();
        engine.commit().unwrap();
    }
    let build = started.elapsed();
    println!(
        "built: {documents_in} documents, {:.1} MB of text, in {:.1} s (one indexing thread); index {:.0} MiB in RAM; RSS {:.0} -> {:.0} MiB (+{:.0} MiB), peak {:.0} MiB",
        bytes as f64 / 1e6,
        build.as_secs_f64(),
        engine.size_bytes().unwrap() as f64 / 1_048_576.0,
        rss_before,
        rss_mib(),
        rss_mib() - rss_before,
        status_kib("VmHWM:") as f64 / 1024.0
    );
    for (who, visible) in [("sees every report", 1usize), ("sees half of them", 2)] {
        let open: std::collections::HashSet<ReportId> =
            ids.iter().step_by(visible).copied().collect();
        let mut times = Vec::new();
        let mut hits = 0usize;
        for _ in 0..10 {
            for query in QUERIES {
                let t = Instant::now();
                let found = engine
                    .search(
                        &Request {
                            text: query,
                            kind: None,
                            offset: 0,
                            limit: 20,
                        },
                        &|owner| match owner {
                            Owner::Report(id) => open.contains(&id),
                            Owner::Site(_) => true,
                        },
                    )
                    .unwrap();
                times.push(t.elapsed());
                hits += found.total;
            }
        }
        println!(
            "queries, an investigator who {who}: {} (mean hits {:.0})",
            percentiles(times),
            hits as f64 / (10 * QUERIES.len()) as f64
        );
    }
    let mut per_query: Vec<(f64, &str, usize)> = QUERIES
        .iter()
        .map(|q| {
            let t = Instant::now();
            let found = engine
                .search(
                    &Request {
                        text: q,
                        kind: None,
                        offset: 0,
                        limit: 20,
                    },
                    &|_| true,
                )
                .unwrap();
            (t.elapsed().as_secs_f64() * 1e3, *q, found.total)
        })
        .collect();
    per_query.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("slowest queries (ms, query, hits): {:?}", &per_query[..5]);
}

async fn sign_in(instance: &Instance, totp: &TotpSecret, offset: i64) -> Investigator {
    let now = now_at(offset);
    match instance
        .sign_in(
            "amira",
            &SecretString::from(PASSWORD),
            &totp.code_at(now.unix()).unwrap(),
            "bench",
            now,
        )
        .await
        .unwrap()
    {
        SignInOutcome::SignedIn(investigator) => investigator,
        other => panic!("not signed in: {other:?}"),
    }
}

/// Submits the `i`th report of the corpus with its files; its receipt if it has messages or
/// notes to add later.
async fn submit(instance: &Instance, i: usize) -> Option<(usize, quietline_core::Receipt)> {
    let text = corpus::report(i);
    let today = time::OffsetDateTime::now_utc().date();
    let fields = [
        ("subject", "happened_to_me"),
        ("incident", "family_pressure"),
        ("narrative", text.narrative.as_str()),
        ("city", text.city.as_str()),
        ("place_name", text.place_name.as_str()),
        ("place_address", text.place_address.as_str()),
        ("person1_names", text.person_names.as_str()),
        ("person1_phones", text.person_phone.as_str()),
        ("person1_wechat", text.person_wechat.as_str()),
        ("person1_description", text.person_description.as_str()),
        ("org1_name", text.org_name.as_str()),
    ];
    let answers = ReportDraft::from_fields(fields, &Limits::default())
        .validate(text.script.language(), &Limits::default(), today)
        .unwrap();
    let mut submission = instance.begin_submission(today).await.unwrap();
    for name in &text.files {
        let mut upload = submission.attachment(name, "image/jpeg").await.unwrap();
        upload.write(b"not really a photo").await.unwrap();
        upload.finish().await.unwrap();
    }
    let receipt = submission.complete(&answers).await.unwrap();
    (!text.messages.is_empty() || !text.notes.is_empty()).then_some((i, receipt))
}

/// Adds the `i`th report's messages, both ways (one report at a time: a message's row is
/// numbered within its conversation in a read-then-write transaction). Its id and notes.
async fn converse(
    instance: &Instance,
    recovery: &Identity,
    i: usize,
    receipt: &quietline_core::Receipt,
) -> (ReportId, Vec<String>) {
    let text = corpus::report(i);
    let today = time::OffsetDateTime::now_utc().date();
    let ReceiptOutcome::Accepted(access) = instance
        .open_receipt(receipt, Instant::now())
        .await
        .unwrap()
    else {
        panic!("receipt refused");
    };
    for (from_reporter, message) in &text.messages {
        if *from_reporter {
            let reply = instance.begin_reply(&access, today).await.unwrap();
            reply.complete(message).await.unwrap();
        } else {
            instance
                .send_to_reporter(recovery, access.report, message, today)
                .await
                .unwrap();
        }
    }
    (access.report, text.notes)
}

async fn seed(n: usize, dir: &std::path::Path) {
    use futures::StreamExt;
    println!("\n### Seeding {n} reports through the service (SQLite)");
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    let instance = Instance::open(DataDir::new(dir.join("data")), None, config())
        .await
        .unwrap();
    let recovery = Identity::generate();
    instance.initialise(&recovery.recipient()).await.unwrap();
    let (amira, totp, enrolment_secret) = common::enrol(&instance, "amira", PASSWORD).await;
    instance.sign_out(&amira, "bench", now_at(0)).await.unwrap();

    let started = Instant::now();
    let later: Vec<(usize, quietline_core::Receipt)> = futures::stream::iter(0..n)
        .map(|i| {
            let instance = &instance;
            async move { submit(instance, i).await }
        })
        .buffer_unordered(8)
        .filter_map(|x| async move { x })
        .collect()
        .await;
    let mut with_notes = Vec::new();
    for (i, receipt) in &later {
        let (report, notes) = converse(&instance, &recovery, *i, receipt).await;
        if !notes.is_empty() {
            with_notes.push((report, notes));
        }
    }
    drop(later);
    let texts: Vec<ReportText> = (0..n).map(corpus::report).collect();
    let files: usize = texts.iter().map(|t| t.files.len()).sum();
    let messages: usize = texts.iter().map(|t| t.messages.len()).sum();
    let scripts = |s: Script| texts.iter().filter(|t| t.script == s).count();
    println!(
        "seeded in {:.0} s: {n} reports ({} simplified, {} traditional, {} English, {} French, {} Uyghur, {} Tibetan), {files} files, {messages} messages",
        started.elapsed().as_secs_f64(),
        scripts(Script::Simplified),
        scripts(Script::Traditional),
        scripts(Script::English),
        scripts(Script::French),
        scripts(Script::Uyghur),
        scripts(Script::Tibetan),
    );
    drop(texts);
    // Notes need a signed-in investigator (they are sealed to the workspace key).
    let amira = sign_in(&instance, &totp, 60).await;
    let mut notes = 0;
    for (report, texts) in &with_notes {
        for text in texts {
            instance
                .add_note(&amira, *report, text, "bench", now_at(60))
                .await
                .unwrap();
            notes += 1;
        }
    }
    instance
        .sign_out(&amira, "bench", now_at(60))
        .await
        .unwrap();
    println!("{notes} notes");
    std::fs::write(dir.join(TOTP), enrolment_secret).unwrap();
    std::fs::write(dir.join(SEEDED), n.to_string()).unwrap();
}

async fn service(n: usize, dir: &std::path::Path) {
    println!("\n### The workbench ({n} reports in a real data directory, SQLite; a fresh process)");
    let instance = Instance::open(DataDir::new(dir.join("data")), None, config())
        .await
        .unwrap();
    let totp =
        TotpSecret::from_base32(std::fs::read_to_string(dir.join(TOTP)).unwrap().trim()).unwrap();
    let rss_before = rss_mib();
    let started = Instant::now();
    // Later than any step the seeding used.
    let amira = sign_in(&instance, &totp, 120).await;
    let signed_in = started.elapsed();
    let rss_unlocked = rss_mib();
    let mut last_report = Instant::now();
    loop {
        let page = instance
            .search(&amira, &SearchQuery::default(), "bench", now_at(120))
            .await
            .unwrap();
        match page.progress {
            SearchProgress::Complete => break,
            SearchProgress::Building { checked, of } => {
                if last_report.elapsed() > Duration::from_secs(20) {
                    println!(
                        "  ... {checked} of {of} reports checked, {:.0} s",
                        started.elapsed().as_secs_f64()
                    );
                    last_report = Instant::now();
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let built = started.elapsed();
    let rss_built = rss_mib();
    // The cross-reference index is built in the background too; queries are timed once it is
    // done, so that they measure search, not search sharing two cores with that build.
    let some_report = instance
        .search(
            &amira,
            &SearchQuery {
                text: QUERIES[0].into(),
                limit: 1,
                ..SearchQuery::default()
            },
            "bench",
            now_at(120),
        )
        .await
        .unwrap()
        .hits[0]
        .report
        .unwrap();
    while instance
        .open_report(&amira, some_report, "bench", now_at(120))
        .await
        .unwrap()
        .xref
        .is_none()
    {}
    let xref_built = started.elapsed();
    println!(
        "sign-in (workspace unlocked, inbox from its snapshot): {:.1} s; search index complete {:.1} s after the sign-in began (every report key unwrapped, answers, files' names, messages and notes decrypted and indexed, in the background, while the cross-reference index is built too)",
        signed_in.as_secs_f64(),
        built.as_secs_f64()
    );
    println!(
        "cross-reference index complete {:.1} s after the sign-in began",
        xref_built.as_secs_f64()
    );
    println!(
        "RSS: {rss_before:.0} MiB before the sign-in, {rss_unlocked:.0} MiB after it (inbox), {rss_built:.0} MiB once the search index is complete (cross-reference index included); peak {:.0} MiB",
        status_kib("VmHWM:") as f64 / 1024.0
    );
    let mut times = Vec::new();
    let mut hits = 0;
    for round in 0..10 {
        for query in QUERIES {
            let t = Instant::now();
            let page = instance
                .search(
                    &amira,
                    &SearchQuery {
                        text: query.into(),
                        limit: 20,
                        ..SearchQuery::default()
                    },
                    "bench",
                    now_at(120 + round),
                )
                .await
                .unwrap();
            times.push(t.elapsed());
            hits += page.total;
        }
    }
    println!(
        "Instance::search (page of 20 with snippets, access filter, audit entry with the sealed query): {} (mean hits {:.0})",
        percentiles(times),
        hits as f64 / (10 * QUERIES.len()) as f64
    );
    // Every session ends: the workspace locks and the index goes.
    instance
        .sign_out(&amira, "bench", now_at(130))
        .await
        .unwrap();
    assert!(!instance.workspace_is_unlocked());
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!("RSS after the lock: {:.0} MiB", rss_mib());
}
