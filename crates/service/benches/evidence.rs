//! Evidence export benchmark (issue 14, point 9): `cargo bench -p quietline-service --bench
//! evidence`. A case of `QUIETLINE_EVIDENCE_BENCH_REPORTS` reports (default 200) whose files
//! add up to `QUIETLINE_EVIDENCE_BENCH_MIB` (default 2048), filed through the service's own
//! intake into a fresh data directory (SQLite) under `target/`; then, twice (a tenth of the
//! files first, then all of them), the time and the process's peak resident memory of
//! preparing and writing the bundle (every original decrypted, hashed and sealed again to the
//! agency's key) and of verifying it offline. The peak is the kernel's `VmHWM`, reset before
//! each step (`/proc/self/clear_refs`): if memory grew with the files, the second peak would
//! be about ten times the first.
//!
//! It runs on the binary's allocator (`zeroizing-alloc` over the system's), as the server does.
//! Figures go to docs/benchmarks.md, "Evidence export", with the load average printed at the
//! start and the end. Nothing leaves the machine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures wall time with Instant::now"
)]

#[path = "common.rs"]
mod common;

#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

use std::time::Instant;

use common::{config, now_at};
use quietline_core::{Limits, ReportDraft};
use quietline_crypto::Identity;
use quietline_service::{
    Audience, CaseChange, CaseFields, CaseStatus, DataDir, EvidenceOpener, EvidenceRequest,
    Instance, ReceiptOutcome, verify_bundle,
};

const PASSWORD: &str = "a benchmark passphrase";
const CHUNK: usize = 64 * 1024;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap()
}

/// Resets the peak resident memory (`VmHWM`) to the current.
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Pseudo-random bytes (xorshift): files that do not compress, made without a dependency.
struct Noise(u64);

impl Noise {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            chunk.copy_from_slice(&self.0.to_le_bytes()[..chunk.len()]);
        }
    }
}

fn main() {
    let reports = setting("QUIETLINE_EVIDENCE_BENCH_REPORTS", 200);
    let total_mib = setting("QUIETLINE_EVIDENCE_BENCH_MIB", 2048);
    println!("## Evidence export: {reports} reports, {total_mib} MiB of files");
    println!("load average at the start: {}", load());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run(reports, total_mib));
    println!("load average at the end: {}", load());
}

async fn run(reports: usize, total_mib: usize) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/evidence-bench");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    let instance = Instance::open(DataDir::new(dir.join("data")), None, config())
        .await
        .unwrap();
    let recovery = Identity::generate();
    instance.initialise(&recovery.recipient()).await.unwrap();
    let (amira, _, _) = common::enrol(&instance, "amira", PASSWORD).await;
    let now = now_at(0);
    let today = now.today();
    let case = instance
        .create_case(
            &amira,
            CaseFields {
                title: "Benchmark case".into(),
                status: CaseStatus::Investigating,
                lead: None,
                description: String::new(),
            },
            "bench",
            now,
        )
        .await
        .unwrap();

    // Two rounds: a tenth of the files, then the rest (the bundle always holds every report
    // filed so far, so the second holds all of them).
    let per_report = total_mib * 1024 * 1024 / reports;
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    let mut buf = vec![0u8; CHUNK];
    let mut filed = 0;
    for round in [reports / 10, reports] {
        let started = Instant::now();
        while filed < round {
            let answers = ReportDraft::from_fields(
                [
                    ("subject", "happened_to_me"),
                    ("incident", "family_pressure"),
                    ("narrative", "They called my mother again."),
                    ("consent", "share_police"),
                ],
                &Limits::default(),
            )
            .validate("en", &Limits::default(), today)
            .unwrap();
            let mut submission = instance.begin_submission(today).await.unwrap();
            let mut upload = submission
                .attachment("recording.m4a", "audio/mp4")
                .await
                .unwrap();
            let mut left = per_report;
            while left > 0 {
                let n = left.min(CHUNK);
                noise.fill(&mut buf[..n]);
                upload.write(&buf[..n]).await.unwrap();
                left -= n;
            }
            upload.finish().await.unwrap();
            let receipt = submission.complete(&answers).await.unwrap();
            let ReceiptOutcome::Accepted(access) = instance
                .open_receipt(&receipt, std::time::Instant::now())
                .await
                .unwrap()
            else {
                panic!("receipt refused");
            };
            instance
                .change_case(
                    &amira,
                    case,
                    CaseChange::AddReport(access.report.to_string()),
                    "bench",
                    now,
                )
                .await
                .unwrap();
            filed += 1;
        }
        println!(
            "\n### {filed} reports, {:.0} MiB of files (filed in {:.1} s)",
            (filed * per_report) as f64 / 1048576.0,
            started.elapsed().as_secs_f64()
        );
        // Their day is over: the roots enter the trail, and every item gets its proof.
        instance
            .commit_integrity_days(now_at(2 * 86_400).wall)
            .await
            .unwrap();

        let agency = Identity::generate();
        let out = dir.join(format!("case-{filed}.bundle"));
        let before = status_kib("VmRSS:");
        reset_peak();
        let started = Instant::now();
        let prepared = instance
            .prepare_evidence(
                EvidenceOpener::Recovery(&recovery),
                &EvidenceRequest {
                    case,
                    audience: Audience::Police,
                    recipient: agency.recipient().to_string(),
                    letter: None,
                },
                "bench",
                now_at(2 * 86_400),
            )
            .await
            .unwrap();
        let prepare = started.elapsed().as_secs_f64();
        prepared.write(&out, None).await.unwrap();
        let export = started.elapsed().as_secs_f64();
        let peak = status_kib("VmHWM:");
        let size = std::fs::metadata(&out).unwrap().len();
        println!(
            "export: {export:.1} s ({prepare:.1} s preparing), {:.0} MiB/s; bundle {:.0} MiB; resident before {:.0} MiB, peak during {:.0} MiB (+{:.0} MiB)",
            size as f64 / 1048576.0 / export,
            size as f64 / 1048576.0,
            mib(before),
            mib(peak),
            mib(peak.saturating_sub(before)),
        );
        let before = status_kib("VmRSS:");
        reset_peak();
        let started = Instant::now();
        let key = instance.audit_public_key();
        let check = tokio::task::spawn_blocking(move || verify_bundle(&out, &agency, Some(&key)))
            .await
            .unwrap()
            .unwrap();
        let peak = status_kib("VmHWM:");
        println!(
            "verify: {:.1} s, {} items; resident before {:.0} MiB, peak during {:.0} MiB (+{:.0} MiB)",
            started.elapsed().as_secs_f64(),
            check.manifest.items.len(),
            mib(before),
            mib(peak),
            mib(peak.saturating_sub(before)),
        );
    }
    drop(instance);
    std::fs::remove_dir_all(&dir).unwrap();
}
