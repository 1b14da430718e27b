//! Intake benchmark (issue 2): run with `cargo bench -p quietline --bench intake`.
//!
//! Starts the real release binary on a loopback port and measures, at the default Argon2id
//! cost and at GlobaLeaks' (m = 128 MiB, t = 16):
//! - idle RSS of the server;
//! - submissions per second over HTTP (2 KB of answers, a 100 KB attachment, three
//!   investigators) at concurrency 1 and 8, and the share of each submission spent outside
//!   its one deliberate Argon2id run;
//! - the time of a wrong receipt and of an unknown one;
//! - one 1 GiB upload: throughput, and how much it raises the server's peak RSS.
//!
//! Figures go to docs/benchmarks.md. Traffic goes to 127.0.0.1 only and is bounded.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures wall time with Instant::now"
)]

use quietline_testkit::{client, hidden_fields};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use quietline_crypto::{Identity, KdfMemory, KdfParams, Pepper, derive_identity_in};

const BIN: &str = env!("CARGO_BIN_EXE_quietline");
const MIB: u64 = 1024 * 1024;

struct Setting {
    name: &'static str,
    memory_mib: u32,
    iterations: u32,
    sequential: usize,
    concurrent: usize,
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("# Intake benchmark: {cores} cores, {}", BIN);
    let settings = [
        Setting {
            name: "default (m=64 MiB, t=3)",
            memory_mib: 64,
            iterations: 3,
            sequential: 20,
            concurrent: 48,
        },
        Setting {
            name: "GlobaLeaks (m=128 MiB, t=16)",
            memory_mib: 128,
            iterations: 16,
            sequential: 6,
            concurrent: 16,
        },
        // The cheapest accepted cost: what remains is the intake path itself.
        Setting {
            name: "minimal (m=8 MiB, t=1): the intake path alone",
            memory_mib: 8,
            iterations: 1,
            sequential: 40,
            concurrent: 96,
        },
    ];
    // QUIETLINE_BENCH_ONLY=minimal (a substring of a setting's name) runs just that one.
    let only = std::env::var("QUIETLINE_BENCH_ONLY").unwrap_or_default();
    for setting in settings.iter().filter(|s| s.name.contains(only.as_str())) {
        runtime.block_on(bench_setting(setting, setting.memory_mib == 64));
    }
}

fn run(args: &[&str], stdin: &str) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "quietline {args:?}");
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

/// One submission as a browser makes it: load the form, post it. Returns the receipt.
async fn submit(base: &str, attachment: reqwest::multipart::Part) -> Result<String, String> {
    let client = client();
    let page = client
        .get(format!("{base}/en/report"))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .unwrap();
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in hidden_fields(&page) {
        form = form.text(name, value);
    }
    let narrative =
        "They visited my parents in Fuqing again and asked when I would come back. ".repeat(24);
    form = form
        .text("subject", "happened_to_someone")
        .text("incident", "family_pressure")
        .text("incident", "persuaded_to_return")
        .text("country", "NL")
        .text("city", "Rotterdam")
        .text("person1_names", "陈伟 / Chan Wai")
        .text("person1_phones", "+31 6 1234 5678")
        .text("narrative", narrative)
        .part("files", attachment);
    let response = client
        .post(format!("{base}/en/report"))
        .multipart(form)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let html = response.text().await.unwrap();
    if status != 200 {
        return Err(format!("status {status}"));
    }
    let re = regex::Regex::new(r#"id="receipt" dir="ltr">([0-9 ]{24})<"#).unwrap();
    re.captures(&html)
        .map(|c| c[1].to_string())
        .ok_or_else(|| "no receipt".into())
}

fn small_attachment() -> reqwest::multipart::Part {
    let bytes: Vec<u8> = (0..100 * 1024u32).map(|i| (i * 7 % 251) as u8).collect();
    reqwest::multipart::Part::bytes(bytes)
        .file_name("photo.jpg")
        .mime_str("image/jpeg")
        .unwrap()
}

async fn check_receipt(base: &str, receipt: &str) -> Duration {
    let client = client();
    let page = client
        .get(format!("{base}/en/return"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form = hidden_fields(&page);
    form.push(("receipt".into(), receipt.into()));
    let started = Instant::now();
    let response = client
        .post(format!("{base}/en/return"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        response.status() == 422 || response.status() == 303,
        "{}",
        response.status()
    );
    elapsed
}

async fn bench_setting(setting: &Setting, with_big_upload: bool) {
    println!("\n## {}", setting.name);
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
    for name in ["amira", "bao", "chen"] {
        run(
            &[
                "investigator",
                "add",
                "--data",
                data_arg,
                "--username",
                name,
            ],
            "a benchmark passphrase\n",
        );
    }
    let memory = setting.memory_mib.to_string();
    let iterations = setting.iterations.to_string();
    let server = quietline_testkit::Server::start(
        BIN,
        &[
            "--data",
            data_arg,
            "--kdf-memory-mib",
            &memory,
            "--kdf-iterations",
            &iterations,
            "--receipt-checks-per-minute",
            "100000",
            "--receipt-check-burst",
            "100000",
            // Room for the 1 GiB upload (limits do not change the cost of small submissions).
            "--max-file-mib",
            "1024",
            "--max-report-mib",
            "1024",
        ],
        |command| {
            command.stderr(Stdio::null());
        },
    )
    .await;
    let pid = server.pid();
    let base = server.base();
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!(
        "idle RSS after start: {:.1} MiB",
        status_kib(pid, "VmRSS:") as f64 / 1024.0
    );

    // The deliberate work: one Argon2id run at these parameters, in this process.
    let params = KdfParams {
        memory_kib: setting.memory_mib * 1024,
        iterations: setting.iterations,
        parallelism: 1,
    };
    let pepper = Pepper::from_bytes([7; 32]);
    // As the server runs it: in working memory kept between runs.
    let mut memory = KdfMemory::new();
    let mut argon_runs = |count: u32| {
        (0..count)
            .map(|i| {
                let started = Instant::now();
                let secret = format!("1234567890123{i}");
                derive_identity_in(secret.as_bytes(), &[1; 16], &pepper, &params, &mut memory)
                    .unwrap();
                started.elapsed()
            })
            .collect::<Vec<_>>()
    };
    let mut argon_times = argon_runs(5);

    // Warm-up (connections, page cache, first allocation of the Argon2 buffer).
    let receipt = submit(&base, small_attachment()).await.unwrap();

    // Concurrency 1.
    let mut failures = 0;
    let mut submission_times = Vec::new();
    for _ in 0..setting.sequential {
        let started = Instant::now();
        failures += usize::from(submit(&base, small_attachment()).await.is_err());
        submission_times.push(started.elapsed());
    }
    argon_times.extend(argon_runs(5));
    argon_times.sort();
    submission_times.sort();
    let argon = argon_times[argon_times.len() / 2];
    let per_submission = submission_times[submission_times.len() / 2];
    println!(
        "one Argon2id run in process, median of {}: {:.1} ms",
        argon_times.len(),
        argon.as_secs_f64() * 1e3
    );
    let overhead = per_submission.as_secs_f64() / argon.as_secs_f64() - 1.0;
    println!(
        "concurrency 1: {} submissions, median {:.1} ms each ({:.2}/s), {:+.1}% over the Argon2id run; failures: {failures}",
        setting.sequential,
        per_submission.as_secs_f64() * 1e3,
        1.0 / per_submission.as_secs_f64(),
        overhead * 100.0
    );
    let single_rate = 1.0 / per_submission.as_secs_f64();

    // Concurrency 8.
    let base = Arc::new(base);
    let started = Instant::now();
    let per_task = setting.concurrent / 8;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let base = Arc::clone(&base);
            tokio::spawn(async move {
                let mut failed = 0;
                for _ in 0..per_task {
                    failed += usize::from(submit(&base, small_attachment()).await.is_err());
                }
                failed
            })
        })
        .collect();
    let mut failures = 0;
    for task in tasks {
        failures += task.await.unwrap();
    }
    let elapsed = started.elapsed();
    let rate = (per_task * 8) as f64 / elapsed.as_secs_f64();
    println!(
        "concurrency 8: {} submissions in {:.1} s, {rate:.2}/s ({:.2}x concurrency 1); failures: {failures}",
        per_task * 8,
        elapsed.as_secs_f64(),
        rate / single_rate
    );
    println!(
        "peak RSS so far: {:.1} MiB (now {:.1} MiB, {} threads)",
        status_kib(pid, "VmHWM:") as f64 / 1024.0,
        status_kib(pid, "VmRSS:") as f64 / 1024.0,
        status_kib(pid, "Threads:")
    );

    // Receipts: a wrong one and an unknown one.
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    let last = if digits.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}", &digits[..19]);
    let lookup: u32 = digits[..6].parse().unwrap();
    let unknown = format!("{:06}{}", (lookup + 500_000) % 1_000_000, &digits[6..]);
    let rounds = 10;
    let mut times = (Duration::ZERO, Duration::ZERO);
    for round in 0..rounds {
        // Alternate the order, so that neither kind always runs on a warmer server.
        if round % 2 == 0 {
            times.0 += check_receipt(&base, &wrong).await;
            times.1 += check_receipt(&base, &unknown).await;
        } else {
            times.1 += check_receipt(&base, &unknown).await;
            times.0 += check_receipt(&base, &wrong).await;
        }
    }
    println!(
        "receipt check, mean of {rounds}: wrong {:.1} ms, unknown {:.1} ms",
        times.0.as_secs_f64() * 1e3 / f64::from(rounds),
        times.1.as_secs_f64() * 1e3 / f64::from(rounds)
    );

    if with_big_upload {
        big_upload(&base, pid, &data).await;
    }
    drop(server);
}

async fn big_upload(base: &str, pid: u32, data: &Path) {
    let before = status_kib(pid, "VmHWM:");
    let size = 1024 * MIB;
    let chunk = bytes::Bytes::from(vec![0x5a; MIB as usize]);
    let stream =
        futures::stream::iter((0..size / MIB).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
    let part =
        reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), size)
            .file_name("video.mp4")
            .mime_str("video/mp4")
            .unwrap();
    let started = Instant::now();
    let result = submit(base, part).await;
    let elapsed = started.elapsed();
    let after = status_kib(pid, "VmHWM:");
    let stored: u64 = walk_size(&data.join("reports"));
    println!(
        "1 GiB upload: {} in {:.1} s, {:.0} MiB/s; peak RSS {:.1} -> {:.1} MiB (+{:.1} MiB); {:.2} GiB on disk in all",
        if result.is_ok() { "stored" } else { "FAILED" },
        elapsed.as_secs_f64(),
        1024.0 / elapsed.as_secs_f64(),
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        (after.saturating_sub(before)) as f64 / 1024.0,
        stored as f64 / (1024.0 * MIB as f64)
    );
}

fn walk_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk_size(&path)
            } else {
                std::fs::metadata(&path).unwrap().len()
            }
        })
        .sum()
}
