//! Tests of `quietline xref` (issue 4): output format and order, explanations, bad input.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, input: &str, args: &[&str]) -> Output {
    let path = dir.join("records.jsonl");
    std::fs::write(&path, input).expect("write input");
    Command::new(env!("CARGO_BIN_EXE_quietline"))
        .arg("xref")
        .arg("--input")
        .arg(&path)
        .args(args)
        .output()
        .expect("run quietline")
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("output line is JSON"))
        .collect()
}

const RECORDS: &str = r#"{"id":"a","kind":"person","names":["陳偉"],"phones":["(416) 555-0199"],"city":"Toronto","country":"CA"}
{"id":"b","kind":"person","names":["CHAN Wai"],"phones":["+1 416 555 0199"],"city":"Toronto","country":"CA"}
{"id":"c","kind":"person","names":["Chen Wei"],"city":"Toronto","country":"CA"}
{"id":"d","kind":"person","names":["陈伟"],"city":"Vancouver","country":"CA"}
{"id":"e","kind":"site","names":["Toronto Fuqing Association"],"addresses":["1200 Maplewood Ave, Unit 5"],"city":"Toronto","country":"CA"}
{"id":"f","kind":"site","names":["多伦多福清同乡会"],"addresses":["5-1200 Maplewood Avenue"],"city":"Toronto","country":"CA"}
{"id":"g","kind":"site","names":["Toronto Fuqing Association"],"addresses":["1204 Maplewood Ave"],"city":"Toronto","country":"CA"}
"#;

#[test]
fn one_line_per_record_in_input_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(dir.path(), RECORDS, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = lines(&out);
    let ids: Vec<&str> = v.iter().map(|l| l["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e", "f", "g"]);
    let e: Vec<&str> = v
        .iter()
        .map(|l| l["entity"].as_str().unwrap_or(""))
        .collect();
    // a, b share a phone; c is the only Chen Wei in Toronto; d is in another city.
    assert_eq!(e[0], e[1]);
    assert_eq!(e[0], e[2]);
    assert_ne!(e[0], e[3]);
    // e and f are the same address in two unit forms; g is four doors away.
    assert_eq!(e[4], e[5]);
    assert_ne!(e[4], e[6]);
    // Exactly the two keys, id first.
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert_eq!(first, r#"{"id":"a","entity":"e1"}"#);
}

#[test]
fn explain_gives_the_evidence_of_each_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("out.jsonl");
    let out = run(
        dir.path(),
        RECORDS,
        &["--explain", "--output", out_path.to_str().unwrap_or("")],
    );
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "with --output nothing goes to stdout"
    );
    let text = std::fs::read_to_string(&out_path).expect("output file");
    let v: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let evidence = |i: usize| v[i]["links"].to_string();
    assert!(
        evidence(1).contains("same phone +14165550199"),
        "{}",
        evidence(1)
    );
    assert!(
        evidence(2).contains("Chen Wei ≈ 陳偉, same city Toronto"),
        "{}",
        evidence(2)
    );
    assert!(
        evidence(5).contains("same address 1200 maplewood ave unit 5, toronto"),
        "{}",
        evidence(5)
    );
    assert_eq!(v[3]["links"], serde_json::json!([]));
}

#[test]
fn malformed_lines_are_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = "{\"id\":\"a\",\"kind\":\"person\",\"names\":[\"Li Ming\"]}\nnot json\n{\"kind\":\"person\"}\n\n[1,2]\n{\"id\":\"b\",\"kind\":\"person\"}\n";
    let out = run(dir.path(), input, &[]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2: not valid JSON"), "{err}");
    assert!(err.contains("line 3: record has no \"id\""), "{err}");
    assert!(
        err.contains("line 5: a record must be a JSON object"),
        "{err}"
    );
    let ids: Vec<String> = lines(&out)
        .iter()
        .map(|l| l["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn strict_makes_a_malformed_line_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(
        dir.path(),
        "{\"id\":\"a\",\"kind\":\"person\"}\n{oops\n",
        &["--strict"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn empty_input_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    for input in ["", "\n\n  \n"] {
        let out = run(dir.path(), input, &[]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("the input is empty"));
    }
    let out = run(dir.path(), "garbage\n", &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no valid record"));
}

/// Peak resident memory of a running process, in KiB (`VmHWM` in /proc/PID/status).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status")
}

/// A 256 MiB line goes through a pipe while the command runs; its peak memory, read before the
/// input ends, shows that the line was never held whole.
#[test]
fn huge_lines_are_skipped_without_reading_them_whole() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("records.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let child = Command::new(env!("CARGO_BIN_EXE_quietline"))
        .arg("xref")
        .arg("--input")
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run quietline");
    let pid = child.id();
    let mut pipe = std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .expect("open the pipe");
    const LINE_MIB: usize = 256;
    pipe.write_all(br#"{"id":"big","kind":"person","names":[""#)
        .expect("write");
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..LINE_MIB {
        pipe.write_all(&chunk).expect("write");
    }
    pipe.write_all(br#""]}"#).expect("write");
    pipe.flush().expect("flush");
    // The command has read nearly all of the line (a pipe holds 64 KiB) and still runs.
    let peak_mib = peak_rss_kib(pid) / 1024;
    pipe.write_all(b"\n{\"id\":\"ok\",\"kind\":\"person\"}\n")
        .expect("write");
    drop(pipe);
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: longer than 1048576 bytes"));
    assert_eq!(lines(&out).len(), 1);
    eprintln!("peak RSS {peak_mib} MiB while a {LINE_MIB} MiB line went through");
    assert!(
        peak_mib < 64,
        "peak RSS {peak_mib} MiB: the {LINE_MIB} MiB line was held in memory"
    );
}

#[test]
fn missing_input_file_is_an_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_quietline"))
        .args(["xref", "--input", "/nonexistent/records.jsonl"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open"));
}
