//! Running the binary and the server.

pub use quietline_testkit::hidden_fields;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tokio::io::{AsyncBufReadExt, BufReader};

pub const BIN: &str = env!("CARGO_BIN_EXE_quietline");

/// Runs `quietline ARGS` with `stdin` as standard input.
pub fn quietline(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("QUIETLINE_DATA")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Like [`quietline`], and asserts success; returns standard output.
pub fn quietline_ok(args: &[&str], stdin: &str) -> String {
    let output = quietline(args, stdin);
    assert!(
        output.status.success(),
        "quietline {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs an external tool, asserting it exists and succeeds.
pub fn tool(program: &str, args: &[&str]) -> Vec<u8> {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed for this test (.ci/run installs it): {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A fresh recovery key made with the real `age-keygen`: (identity file, public key).
pub fn recovery_key(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("recovery.txt");
    tool("age-keygen", &["-o", path.to_str().unwrap()]);
    let text = std::fs::read_to_string(&path).unwrap();
    let recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    (path, recipient)
}

/// The line that ends `quietline serve`'s banner.
const BANNER_END: &str = "Serving until interrupted (Ctrl-C or SIGTERM).";

/// `quietline serve` on a random loopback port, its logs going to a file and its temporary
/// files (if it ever made any) to a folder of its own, `tmp`, beside the data directory.
pub struct Server {
    pub child: tokio::process::Child,
    pub address: String,
    pub log: PathBuf,
    pub tmp: PathBuf,
    /// What `serve` printed before [`BANNER_END`].
    pub banner: String,
}

impl Server {
    pub async fn start(data: &Path, extra: &[&str]) -> Server {
        Self::start_logging(data, extra, Some("debug")).await
    }

    /// [`Server::start`] with `log_filter` as `QUIETLINE_LOG`, or (`None`) the default
    /// filter, as an operator who sets nothing gets.
    pub async fn start_logging(data: &Path, extra: &[&str], log_filter: Option<&str>) -> Server {
        let log = data.with_extension("log");
        let tmp = data.with_extension("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let mut command = tokio::process::Command::new(BIN);
        match log_filter {
            Some(filter) => command.env("QUIETLINE_LOG", filter),
            None => command.env_remove("QUIETLINE_LOG"),
        };
        let mut child = command
            .args([
                "serve",
                "--data",
                data.to_str().unwrap(),
                "--listen",
                "127.0.0.1:0",
                "--kdf-memory-mib",
                "16",
                "--kdf-iterations",
                "1",
            ])
            .args(extra)
            .env("TMPDIR", &tmp)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut banner: Vec<String> = Vec::new();
        loop {
            let line = tokio::time::timeout(std::time::Duration::from_secs(60), lines.next_line())
                .await
                .expect("the server did not start in time")
                .unwrap()
                .unwrap_or_else(|| {
                    panic!(
                        "the server stopped before its banner ended: {banner:?}\n{}",
                        std::fs::read_to_string(&log).unwrap_or_default()
                    )
                });
            if line == BANNER_END {
                break;
            }
            banner.push(line);
        }
        let address = banner
            .first()
            .and_then(|first| first.split("http://").nth(1))
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {banner:?}"))
            .to_owned();
        Server {
            child,
            address,
            log,
            tmp,
            banner: banner.join("\n"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Stops the server with SIGTERM and waits for a clean exit.
    pub async fn stop(mut self) -> String {
        let pid = self.child.id().unwrap().to_string();
        tool("kill", &["-TERM", &pid]);
        let status = tokio::time::timeout(std::time::Duration::from_secs(20), self.child.wait())
            .await
            .unwrap()
            .unwrap();
        assert!(
            status.success(),
            "the server did not stop cleanly: {status}"
        );
        std::fs::read_to_string(&self.log).unwrap()
    }
}

pub fn all_bytes_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_bytes_under(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
