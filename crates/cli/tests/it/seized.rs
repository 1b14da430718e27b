//! Issue 11 through the binary: exported audit heads with an RFC 3161 time-stamp from a local
//! time-stamping authority (`openssl ts`), backup and restore while serving, crash safety
//! under SIGKILL, and the process hardening of `serve`.

use std::path::Path;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{BIN, Server, quietline, quietline_ok, recovery_key, tool};

pub(crate) fn openssl(dir: &Path, args: &[&str]) {
    let output = std::process::Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl is needed for this test (.ci/run installs it)");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A throwaway CA and a time-stamping certificate, and the `openssl ts` configuration.
pub(crate) fn make_tsa(dir: &Path) {
    std::fs::write(
        dir.join("ts.cnf"),
        "[ tsa ]\ndefault_tsa = tsa_config\n\n[ tsa_config ]\ndir = .\nserial = ./serial\n\
         signer_cert = ./tsa.crt\nsigner_key = ./tsa.key\ncerts = ./ca.crt\n\
         default_policy = 1.2.3.4.1\nsigner_digest = sha256\ndigests = sha256\n\
         accuracy = secs:1\nordering = no\ntsa_name = no\ness_cert_id_chain = no\n\
         ess_cert_id_alg = sha256\n\n[ tsa_ext ]\nextendedKeyUsage = critical,timeStamping\n\
         keyUsage = critical,digitalSignature\n",
    )
    .unwrap();
    std::fs::write(dir.join("serial"), "01\n").unwrap();
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "2",
            "-subj",
            "/CN=Test TSA CA",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "tsa.key",
            "-out",
            "tsa.csr",
            "-subj",
            "/CN=Test TSA",
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "tsa.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "tsa.crt",
            "-days",
            "2",
            "-extfile",
            "ts.cnf",
            "-extensions",
            "tsa_ext",
        ],
    );
}

/// A one-request-at-a-time HTTP time-stamping authority on loopback: each POST body is a
/// query for `openssl ts -reply`, whose answer is sent back.
pub(crate) async fn serve_tsa(dir: std::path::PathBuf) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        for _ in 0..10 {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            let body = loop {
                let n = stream.read(&mut buf).await.unwrap();
                if n == 0 {
                    return;
                }
                request.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&request).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length: usize = text[..end]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap())
                        })
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        break request[end + 4..end + 4 + length].to_vec();
                    }
                }
            };
            std::fs::write(dir.join("query.tsq"), &body).unwrap();
            openssl(
                &dir,
                &[
                    "ts",
                    "-reply",
                    "-config",
                    "ts.cnf",
                    "-queryfile",
                    "query.tsq",
                    "-out",
                    "reply.tsr",
                ],
            );
            let reply = std::fs::read(dir.join("reply.tsr")).unwrap();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                reply.len()
            );
            stream.write_all(head.as_bytes()).await.unwrap();
            stream.write_all(&reply).await.unwrap();
            stream.shutdown().await.ok();
        }
    });
    address
}

fn init(dir: &Path) -> (std::path::PathBuf, String, std::path::PathBuf) {
    let (recovery, recipient) = recovery_key(dir);
    let data = dir.join("data");
    quietline_ok(
        &[
            "init",
            "--data",
            data.to_str().unwrap(),
            "--recovery-recipient",
            &recipient,
        ],
        "",
    );
    (data, recipient, recovery)
}

#[tokio::test]
async fn exported_heads_carry_a_timestamp_that_openssl_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (data, _, _) = init(dir.path());
    let data_arg = data.to_str().unwrap();
    let tsa = dir.path().join("tsa");
    std::fs::create_dir(&tsa).unwrap();
    make_tsa(&tsa);
    let address = serve_tsa(tsa.clone()).await;
    let url = format!("http://{address}/tsr");
    let args: Vec<String> = [
        "audit",
        "export-head",
        "--data",
        data_arg,
        "--tsa-url",
        &url,
    ]
    .map(String::from)
    .to_vec();
    let output = tokio::task::spawn_blocking(move || {
        quietline(&args.iter().map(String::as_str).collect::<Vec<_>>(), "")
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = String::from_utf8(output.stdout).unwrap();
    let head: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(head["format"], "quietline-audit-head-v1");
    // The token is over the head's signature (hex text): verify it with openssl alone.
    std::fs::write(
        tsa.join("signature.txt"),
        head["signature"].as_str().unwrap(),
    )
    .unwrap();
    use base64::Engine;
    let token = base64::engine::general_purpose::STANDARD
        .decode(head["timestamp"].as_str().unwrap())
        .unwrap();
    std::fs::write(tsa.join("head.tst"), token).unwrap();
    let verify = |data: &str| {
        std::process::Command::new("openssl")
            .args([
                "ts",
                "-verify",
                "-token_in",
                "-in",
                tsa.join("head.tst").to_str().unwrap(),
                "-data",
                tsa.join(data).to_str().unwrap(),
                "-CAfile",
                tsa.join("ca.crt").to_str().unwrap(),
                "-untrusted",
                tsa.join("tsa.crt").to_str().unwrap(),
            ])
            .output()
            .expect("openssl is needed for this test (.ci/run installs it)")
    };
    let verified = verify("signature.txt");
    assert!(
        verified.status.success()
            && String::from_utf8_lossy(&verified.stdout).contains("Verification: OK"),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    // Another signature does not verify against the token.
    std::fs::write(tsa.join("other.txt"), "0".repeat(128)).unwrap();
    assert!(!verify("other.txt").status.success());
    // The exported head checks out against the trail.
    let heads = dir.path().join("heads.jsonl");
    std::fs::write(&heads, line).unwrap();
    quietline_ok(
        &[
            "audit",
            "verify",
            "--data",
            data_arg,
            "--exported-heads",
            heads.to_str().unwrap(),
        ],
        "",
    );
}

async fn submit(address: &str, n: usize) -> Option<String> {
    crate::crash_harness::submit_public(address, n).await
}

#[tokio::test]
async fn a_backup_made_while_serving_restores_and_names_a_report_sent_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let (data, _, recovery) = init(dir.path());
    let data_arg = data.to_str().unwrap().to_owned();
    let server = Server::start(&data, &[]).await;
    let address = server.address.clone();
    for n in 0..4 {
        submit(&address, n).await.expect("report received");
    }
    // Under load: clients keep submitting while the backup runs.
    let load = {
        let address = address.clone();
        tokio::spawn(async move {
            let mut receipts = 0;
            for n in 100..112 {
                if submit(&address, n).await.is_some() {
                    receipts += 1;
                }
            }
            receipts
        })
    };
    let backup = dir.path().join("backup.age");
    let args = [
        "backup".to_owned(),
        "--data".to_owned(),
        data_arg.clone(),
        "--out".to_owned(),
        backup.to_str().unwrap().to_owned(),
    ];
    let made = tokio::task::spawn_blocking(move || {
        quietline(&args.iter().map(String::as_str).collect::<Vec<_>>(), "")
    })
    .await
    .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(load.await.unwrap() > 0);
    // The backup is an age file for the recovery key: the age tool opens it.
    let clear = tool(
        "age",
        &[
            "-d",
            "-i",
            recovery.to_str().unwrap(),
            backup.to_str().unwrap(),
        ],
    );
    assert!(clear.len() > 1000);
    // One more report after the backup, and a head exported after it.
    submit(&address, 999).await.expect("report received");
    let listed = quietline_ok(&["report", "list", "--data", &data_arg], "");
    let heads = dir.path().join("heads.jsonl");
    let head = quietline_ok(&["audit", "export-head", "--data", &data_arg], "");
    std::fs::write(&heads, &head).unwrap();
    let public_key = quietline_ok(&["audit", "public-key", "--data", &data_arg], "");
    server.stop().await;

    let restored = dir.path().join("restored");
    quietline_ok(
        &[
            "restore",
            "--data",
            restored.to_str().unwrap(),
            "--from",
            backup.to_str().unwrap(),
            "--identity",
            recovery.to_str().unwrap(),
        ],
        "",
    );
    // The restored copy shows the day only, like the server's own (issue 10, point 1).
    let left = crate::attacks::times_of_day(&restored);
    assert!(
        left.is_empty(),
        "times of day in the restored copy: {left:#?}"
    );
    let restored_arg = restored.to_str().unwrap();
    let restored_list = quietline_ok(&["report", "list", "--data", restored_arg], "");
    let ids = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.split('\t').next().unwrap().to_owned())
            .collect()
    };
    let (all, kept) = (ids(&listed), ids(&restored_list));
    assert!(
        kept.len() >= 4 && kept.len() < all.len(),
        "{kept:?} of {all:?}"
    );
    quietline_ok(
        &[
            "audit",
            "verify",
            "--data",
            restored_arg,
            "--public-key",
            public_key.trim(),
        ],
        "",
    );
    let output = quietline(
        &[
            "audit",
            "verify",
            "--data",
            restored_arg,
            "--public-key",
            public_key.trim(),
            "--exported-heads",
            heads.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The head names the reports of the newest day (all of them here): those sent after the
    // backup are named as missing, and none that the copy has.
    let newest: serde_json::Value = serde_json::from_str(head.trim()).unwrap();
    let named: Vec<&str> = newest["newest_report"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(named.len(), all.len(), "{named:?} of {all:?}");
    let missing: Vec<&str> = named
        .iter()
        .copied()
        .filter(|id| !kept.iter().any(|k| k == id))
        .collect();
    assert!(!missing.is_empty(), "{named:?}");
    for id in &missing {
        assert!(said.contains(id), "{said}");
    }
    for id in &kept {
        assert!(!said.contains(id.as_str()), "{said}");
    }
    assert!(
        said.contains("the trail ends before the last signed head the operator exported"),
        "{said}"
    );
    // Every report the backup holds decrypts with the recovery identity (each decryption is
    // recorded in the restored copy's own trail, which goes on from the backup).
    for id in &kept {
        let out = dir.path().join(format!("decrypted-{id}"));
        quietline_ok(
            &[
                "report",
                "decrypt",
                "--data",
                restored_arg,
                "--identity",
                recovery.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
                id,
            ],
            "",
        );
        assert!(out.join("answers.json").exists());
    }
}

#[tokio::test]
async fn the_server_survives_sigkill_under_load() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::crash_harness::run(BIN, dir.path(), 4, 8).await;
    eprintln!("{run:?}");
    assert_eq!(run.kills, 4);
    assert!(run.receipts > 0, "{run:?}");
}

#[tokio::test]
async fn serve_is_not_dumpable_and_writes_no_core() {
    let dir = tempfile::tempdir().unwrap();
    let (data, _, _) = init(dir.path());
    let server = Server::start(&data, &["--log-format", "json"]).await;
    let pid = server.child.id().unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert!(
        core.split_whitespace().skip(4).take(2).all(|v| v == "0"),
        "{core}"
    );
    let log = server.stop().await;
    assert!(log.contains(r#""dumpable":false"#), "{log}");
}

/// Creates an empty database on the test server with `psql` (as an operator would) and gives
/// its URL; `None` outside CI when no server is named.
fn fresh_postgres_database() -> Option<String> {
    let Ok(server) = std::env::var("QUIETLINE_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but QUIETLINE_TEST_POSTGRES_URL is not: the PostgreSQL backup test would not run"
        );
        return None;
    };
    let name = format!(
        "quietline_backup_{}",
        quietline_core::ReportId::random()
            .to_string()
            .replace('-', "")
    );
    tool(
        "psql",
        &[
            &server,
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            &format!("CREATE DATABASE {name}"),
        ],
    );
    let (base, _) = server.rsplit_once('/').expect("a URL with a database name");
    Some(format!("{base}/{name}"))
}

/// Issue 11, point 9 on PostgreSQL: `pg_dump` while serving, `pg_restore` into an empty
/// database, every report back and decryptable, the trail verifies.
#[tokio::test]
async fn a_postgres_backup_restores_into_an_empty_database() {
    let (Some(source), Some(target)) = (fresh_postgres_database(), fresh_postgres_database())
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (recovery, recipient) = recovery_key(dir.path());
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap().to_owned();
    quietline_ok(
        &[
            "init",
            "--data",
            &data_arg,
            "--database-url",
            &source,
            "--recovery-recipient",
            &recipient,
        ],
        "",
    );
    let server = Server::start(&data, &["--database-url", &source]).await;
    for n in 0..3 {
        submit(&server.address, n).await.expect("report received");
    }
    let backup = dir.path().join("backup.age");
    let backup_arg = backup.to_str().unwrap().to_owned();
    let args = [
        "backup",
        "--data",
        &data_arg,
        "--database-url",
        &source,
        "--out",
        &backup_arg,
    ]
    .map(str::to_owned);
    let made = tokio::task::spawn_blocking(move || {
        quietline(&args.iter().map(String::as_str).collect::<Vec<_>>(), "")
    })
    .await
    .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let listed = quietline_ok(
        &[
            "report",
            "list",
            "--data",
            &data_arg,
            "--database-url",
            &source,
        ],
        "",
    );
    let public_key = quietline_ok(
        &[
            "audit",
            "public-key",
            "--data",
            &data_arg,
            "--database-url",
            &source,
        ],
        "",
    );
    server.stop().await;

    let restored = dir.path().join("restored");
    let restored_arg = restored.to_str().unwrap();
    quietline_ok(
        &[
            "restore",
            "--data",
            restored_arg,
            "--database-url",
            &target,
            "--from",
            &backup_arg,
            "--identity",
            recovery.to_str().unwrap(),
        ],
        "",
    );
    let restored_list = quietline_ok(
        &[
            "report",
            "list",
            "--data",
            restored_arg,
            "--database-url",
            &target,
        ],
        "",
    );
    assert_eq!(restored_list, listed);
    // PostgreSQL throughout: neither directory holds an SQLite database.
    assert!(!data.join("quietline.db").exists() && !restored.join("quietline.db").exists());
    let ids: Vec<&str> = listed
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "{listed}");
    quietline_ok(
        &[
            "audit",
            "verify",
            "--data",
            restored_arg,
            "--database-url",
            &target,
            "--public-key",
            public_key.trim(),
        ],
        "",
    );
    for id in ids {
        let out = dir.path().join(format!("decrypted-{id}"));
        quietline_ok(
            &[
                "report",
                "decrypt",
                "--data",
                restored_arg,
                "--database-url",
                &target,
                "--identity",
                recovery.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
                id,
            ],
            "",
        );
        assert!(out.join("answers.json").exists());
    }
}
