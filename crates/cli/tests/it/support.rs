//! Running the binary and the server.

pub use quietline_testkit::hidden_fields;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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

/// `quietline serve` on a random loopback port (the test kit's runner), its logs going to a
/// file and its temporary files (if it ever made any) to a folder of its own, `tmp`, beside
/// the data directory.
pub struct Server {
    running: quietline_testkit::Server,
    pub log: PathBuf,
    pub tmp: PathBuf,
}

/// The child process, its address and banner.
impl std::ops::Deref for Server {
    type Target = quietline_testkit::Server;

    fn deref(&self) -> &Self::Target {
        &self.running
    }
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
        let mut args = vec![
            "--data",
            data.to_str().unwrap(),
            "--kdf-memory-mib",
            "16",
            "--kdf-iterations",
            "1",
        ];
        args.extend_from_slice(extra);
        let stderr = std::fs::File::create(&log).unwrap();
        let running = quietline_testkit::Server::start(BIN, &args, |command| {
            match log_filter {
                Some(filter) => command.env("QUIETLINE_LOG", filter),
                None => command.env_remove("QUIETLINE_LOG"),
            };
            command.env("TMPDIR", &tmp).stderr(stderr);
        })
        .await;
        Server { running, log, tmp }
    }

    /// Stops the server with SIGTERM, waits for a clean exit, and returns its log.
    pub async fn stop(self) -> String {
        self.running.stop().await;
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
