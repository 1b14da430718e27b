//! Argon2id side by side (issue 15): `cargo bench -p quietline-crypto --bench kdf`.
//!
//! Times, interleaved round by round so that the shared machine's load hits every column
//! alike, one Argon2id derivation at Quietline's default cost (m = 64 MiB, t = 3) and at
//! GlobaLeaks' (m = 128 MiB, t = 16), one lane:
//! - **now**: `quietline_crypto::derive_identity_in` (argon2-rust, fill chosen at run time), in
//!   reused memory as the server runs it;
//! - **before**: RustCrypto's `argon2` 0.6, the implementation used until issue 15, in reused
//!   memory;
//! - **libsodium**: `crypto_pwhash` (Argon2id v1.3) through Debian's PyNaCl (`python3-nacl`,
//!   the system's libsodium23), timed inside a Python process that stays up for the whole run.
//!   For comparison only: libsodium takes no secret key (pepper), which costs one BLAKE2b block.
//!
//! Prints the medians and the ratio to libsodium; figures go to docs/benchmarks.md.
//! `QUIETLINE_BENCH_ROUNDS` sets the rounds per setting (default 7).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark measures wall time with Instant::now"
)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quietline_crypto::{KdfMemory, KdfParams, Pepper, argon2_backend, derive_identity_in};

const SODIUM: &str = r#"
import sys, time
import nacl.bindings as b
print(b.sodium_version_string() if hasattr(b, "sodium_version_string") else "libsodium", flush=True)
for line in sys.stdin:
    m, t = (int(x) for x in line.split())
    start = time.perf_counter()
    b.crypto_pwhash_alg(32, b"12345678901234", b"0123456789abcdef", t, m * 1024,
                        b.crypto_pwhash_ALG_ARGON2ID13)
    print(time.perf_counter() - start, flush=True)
"#;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::var("QUIETLINE_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "# Argon2id side by side: backend {}, {} cores, load average {}",
        argon2_backend(),
        std::thread::available_parallelism().map_or(1, usize::from),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut sodium = Command::new("/usr/bin/python3")
        .args(["-c", SODIUM])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with PyNaCl (Debian: apt-get install python3-nacl)");
    let mut to_sodium = sodium.stdin.take().unwrap();
    let mut from_sodium = BufReader::new(sodium.stdout.take().unwrap());
    let mut line = String::new();
    from_sodium.read_line(&mut line).unwrap();
    println!("# libsodium: {}", line.trim());
    let pepper = Pepper::from_bytes([9; 32]);
    let mut memory = KdfMemory::new();
    let mut before_memory: Vec<argon2::Block> = Vec::new();
    for params in [KdfParams::DEFAULT, KdfParams::GLOBALEAKS] {
        let (mut now, mut before, mut lib) = (Vec::new(), Vec::new(), Vec::new());
        let old = argon2::Argon2::new_with_secret(
            pepper.expose_bytes(),
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(
                params.memory_kib,
                params.iterations,
                params.parallelism,
                Some(32),
            )
            .unwrap(),
        )
        .unwrap();
        before_memory.resize(old.params().block_count(), argon2::Block::default());
        // One warm-up each: first-touch page faults are paid once by a server, not per request.
        for round in 0..=rounds {
            let start = Instant::now();
            derive_identity_in(
                b"12345678901234",
                b"0123456789abcdef",
                &pepper,
                &params,
                &mut memory,
            )
            .unwrap();
            let ours = start.elapsed();
            let start = Instant::now();
            let mut out = [0u8; 32];
            old.hash_password_into_with_memory(
                b"12345678901234",
                b"0123456789abcdef",
                &mut out,
                &mut before_memory[..],
            )
            .unwrap();
            let theirs = start.elapsed();
            writeln!(to_sodium, "{} {}", params.memory_kib, params.iterations).unwrap();
            line.clear();
            from_sodium.read_line(&mut line).unwrap();
            let lib_time = Duration::from_secs_f64(line.trim().parse().unwrap());
            if round > 0 {
                now.push(ours);
                before.push(theirs);
                lib.push(lib_time);
            }
        }
        let (now, before, lib) = (median(now), median(before), median(lib));
        println!(
            "m = {} MiB, t = {}, p = {} (median of {rounds}): now {:.1} ms, before {:.1} ms, libsodium {:.1} ms; now / libsodium = {:.2}, before / libsodium = {:.2}; one core: {:.2} derivations/s now, {:.2} before",
            params.memory_kib / 1024,
            params.iterations,
            params.parallelism,
            now.as_secs_f64() * 1e3,
            before.as_secs_f64() * 1e3,
            lib.as_secs_f64() * 1e3,
            now.as_secs_f64() / lib.as_secs_f64(),
            before.as_secs_f64() / lib.as_secs_f64(),
            1.0 / now.as_secs_f64(),
            1.0 / before.as_secs_f64(),
        );
    }
    drop(to_sodium);
    let _ = sodium.wait();
}
