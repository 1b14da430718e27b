//! Crash safety under load (issue 11): the real server is killed with SIGKILL at random
//! moments while clients submit reports over loopback; after every kill it is started again.
//! At the end, on a fresh start: every report whose receipt a client was shown is present and
//! decrypts with the recovery identity, no staging folder, temporary object or report folder
//! without a row is left, and the audit trail verifies.
//!
//! Shared by the test suite (a few kills) and `cargo bench -p quietline --bench crash` (50
//! and more, figures in docs/benchmarks.md).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use quietline_core::Receipt;
use quietline_crypto::{Identity, KdfParams};
use quietline_service::{
    Clock as _, DataDir, Instance, ReceiptOutcome, ServiceConfig, SystemClock,
};
use tokio::io::{AsyncBufReadExt, BufReader};

/// What a run did.
#[derive(Debug, Default)]
pub struct CrashRun {
    /// SIGKILLs sent.
    pub kills: usize,
    /// Receipts shown to clients (each a report that must survive).
    pub receipts: usize,
    /// Submissions that failed because the server died under them.
    pub interrupted: usize,
    /// Reports in the database at the end.
    pub reports: usize,
    /// Wall time.
    pub elapsed: Duration,
}

const BANNER_END: &str = "Serving until interrupted (Ctrl-C or SIGTERM).";

async fn start(bin: &str, data: &Path, log: &Path) -> (tokio::process::Child, String) {
    let mut child = tokio::process::Command::new(bin)
        .args([
            "serve",
            "--data",
            data.to_str().unwrap_or_default(),
            "--listen",
            "127.0.0.1:0",
            "--kdf-memory-mib",
            "8",
            "--kdf-iterations",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut lines = BufReader::new(child.stdout.take().unwrap_or_else(|| panic!("stdout"))).lines();
    let mut address = String::new();
    loop {
        let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .unwrap_or_else(|_| panic!("the server did not start"))
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| {
                panic!(
                    "the server stopped: {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                )
            });
        if let Some(rest) = line.split("http://").nth(1) {
            address = rest.split('/').next().unwrap_or_default().to_owned();
        }
        if line == BANNER_END {
            return (child, address);
        }
    }
}

fn field<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    html[start..].split('"').next()
}

/// One report over HTTP, as a browser without JavaScript sends it: the receipt shown, or
/// `None` if the server died (or answered otherwise) on the way.
async fn submit(address: &str, n: usize) -> Option<String> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .ok()?;
    let page = client
        .get(format!("http://{address}/en/report"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    let mut form = reqwest::multipart::Form::new()
        .text("csrf", field(&page, "csrf")?.to_owned())
        .text("nonce", field(&page, "nonce")?.to_owned())
        .text("subject", "happened_to_me")
        .text("incident", "family_pressure")
        .text(
            "narrative",
            format!("Crash run report {n}: they called my family."),
        );
    form = form.part(
        "files",
        reqwest::multipart::Part::bytes(vec![b'x'; 40_000 + n % 1000])
            .file_name("photo.jpg")
            .mime_str("image/jpeg")
            .ok()?,
    );
    let response = client
        .post(format!("http://{address}/en/report"))
        .multipart(form)
        .send()
        .await
        .ok()?;
    if response.status() != 200 {
        return None;
    }
    let html = response.text().await.ok()?;
    let start = html.find("id=\"receipt\" dir=\"ltr\">")? + "id=\"receipt\" dir=\"ltr\">".len();
    Some(html[start..].split('<').next()?.to_owned())
}

/// [`submit`], for other tests (the benchmark does not use it).
#[allow(dead_code)]
pub async fn submit_public(address: &str, n: usize) -> Option<String> {
    submit(address, n).await
}

fn random_below(n: u64) -> u64 {
    let bytes = quietline_crypto::random_bytes::<8>().unwrap_or_default();
    u64::from_le_bytes(bytes) % n.max(1)
}

fn leftovers(reports: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![reports.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".staging-") || name.ends_with(".tmp") {
                found.push(path.clone());
            }
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found
}

/// Runs `kills` crash cycles with `clients` concurrent submitters against the binary `bin`,
/// in `dir`, then checks everything; panics on the first broken promise.
pub async fn run(bin: &str, dir: &Path, kills: usize, clients: usize) -> CrashRun {
    let started = SystemClock.instant();
    let data = dir.join("data");
    let log = dir.join("server.log");
    let recovery = Identity::generate();
    let init = std::process::Command::new(bin)
        .args([
            "init",
            "--data",
            data.to_str().unwrap_or_default(),
            "--recovery-recipient",
            &recovery.recipient().to_string(),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );

    let receipts = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut run = CrashRun::default();
    let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let interrupted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for _ in 0..kills {
        let (mut server, address) = start(bin, &data, &log).await;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (address, receipts, stop, counter, interrupted) = (
                address.clone(),
                receipts.clone(),
                stop.clone(),
                counter.clone(),
                interrupted.clone(),
            );
            tasks.push(tokio::spawn(async move {
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    match submit(&address, n).await {
                        Some(receipt) => receipts
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(receipt),
                        None => {
                            interrupted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            return;
                        }
                    }
                }
            }));
        }
        // Somewhere between a quarter second and two seconds of load, then SIGKILL.
        tokio::time::sleep(Duration::from_millis(250 + random_below(1750))).await;
        server.start_kill().unwrap_or_else(|e| panic!("{e}"));
        let _ = server.wait().await;
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        for task in tasks {
            let _ = tokio::time::timeout(Duration::from_secs(40), task).await;
        }
        run.kills += 1;
    }
    run.interrupted = interrupted.load(std::sync::atomic::Ordering::SeqCst);

    // The next start: what a crash left behind is cleaned up before serving.
    let config = ServiceConfig {
        receipt_kdf: KdfParams::TEST_ONLY,
        password_kdf: KdfParams::TEST_ONLY,
        receipt_check_burst: 1_000_000,
        receipt_checks_per_minute: 1_000_000,
        ..ServiceConfig::default()
    };
    let instance = Instance::open(DataDir::new(&data), None, config)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let reports_dir = data.join("reports");
    assert_eq!(
        leftovers(&reports_dir),
        Vec::<PathBuf>::new(),
        "nothing half-written survives"
    );
    let rows: std::collections::HashSet<String> = instance
        .report_summaries()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|r| r.id.to_string())
        .collect();
    let folders: std::collections::HashSet<String> = std::fs::read_dir(&reports_dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        rows, folders,
        "every row has its folder and every folder its row"
    );
    run.reports = rows.len();
    let receipts = receipts.lock().unwrap_or_else(|e| e.into_inner()).clone();
    run.receipts = receipts.len();
    let out = dir.join("decrypted");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    for (i, shown) in receipts.iter().enumerate() {
        let receipt = Receipt::parse(shown).unwrap_or_else(|e| panic!("{e}"));
        let ReceiptOutcome::Accepted(access) = instance
            .open_receipt(&receipt, SystemClock.instant())
            .await
            .unwrap_or_else(|e| panic!("{e}"))
        else {
            panic!("receipt {i} was shown but its report is gone")
        };
        instance
            .decrypt_report(access.report, &recovery, &out.join(i.to_string()))
            .await
            .unwrap_or_else(|e| panic!("report of receipt {i} does not decrypt: {e}"))
            .publish()
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let verified = instance
        .verify_audit()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(verified.is_intact(), "{:?}", verified.problem);
    instance.close().await;
    run.elapsed = started.elapsed();
    run
}
