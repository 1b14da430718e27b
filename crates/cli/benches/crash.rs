//! `cargo bench -p quietline --bench crash [-- KILLS [CLIENTS]]`: the crash-safety run of the
//! test suite at full length (50 SIGKILLs and 8 clients by default; issue 11). Every promise
//! is checked as in the test: a receipt shown is a report that survives and decrypts, nothing
//! half-written is left after the next start, the audit trail verifies. Prints the figures
//! recorded in docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/crash/harness.rs"]
mod crash_harness;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let kills = args.first().copied().unwrap_or(50);
    let clients = args.get(1).copied().unwrap_or(8);
    // The release binary next to this benchmark's own target directory.
    let bin = env!("CARGO_BIN_EXE_quietline");
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let run = runtime.block_on(crash_harness::run(bin, dir.path(), kills, clients));
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "crash: {} SIGKILLs, {clients} clients: {} receipts shown, all present and decrypting; \
         {} submissions cut by a kill; {} reports at the end; no leftovers; audit trail intact; \
         {:.1} s (load average {})",
        run.kills,
        run.receipts,
        run.interrupted,
        run.reports,
        run.elapsed.as_secs_f64(),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}
