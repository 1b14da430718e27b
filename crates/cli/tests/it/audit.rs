//! `quietline audit`: the commands that change things leave entries (actor `cli`), the
//! trail verifies, signs and shows; a copy of the data directory verifies offline, also
//! against a public key kept elsewhere; and a copy tampered with by direct SQL fails
//! verification with the broken entry named (exit status 1).

use std::path::Path;

use quietline_core::{Limits, ReportDraft};
use quietline_crypto::KdfParams;
use quietline_service::{DataDir, Instance, ServiceConfig};
use sqlx::{Connection, SqliteConnection};

use crate::support::{quietline, quietline_ok, recovery_key};

const PASSPHRASE: &str = "a long test passphrase\n";

/// A report submitted through the library, as the server would (reporters leave no
/// audit entries). Returns its id.
async fn submit_report(data: &Path) -> String {
    let config = ServiceConfig {
        receipt_kdf: KdfParams::TEST_ONLY,
        password_kdf: KdfParams::TEST_ONLY,
        ..ServiceConfig::default()
    };
    let instance = Instance::open(DataDir::new(data), None, config)
        .await
        .unwrap();
    let today = time::macros::date!(2026 - 11 - 29);
    let answers = ReportDraft::from_fields(
        [
            ("subject", "happened_to_me"),
            ("narrative", "NARRATIVE-MARKER of what happened"),
            ("person1_names", "陈伟"),
        ],
        &Limits::default(),
    )
    .validate("en", &Limits::default(), today)
    .unwrap();
    let submission = instance.begin_submission(today).await.unwrap();
    submission.complete(&answers).await.unwrap();
    let id = instance.report_summaries().await.unwrap()[0].id.to_string();
    instance.close().await;
    id
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of `data` whose database had `sql` run on it directly.
async fn tampered_copy(data: &Path, into: &Path, sql: &'static str) -> String {
    copy_dir(data, into);
    let url = format!("sqlite:{}", into.join("quietline.db").display());
    let mut conn = SqliteConnection::connect(&url).await.unwrap();
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    into.to_str().unwrap().to_owned()
}

fn verify_fails(data_arg: &str, extra: &[&str]) -> String {
    let mut args = vec!["audit", "verify", "--data", data_arg];
    args.extend_from_slice(extra);
    let output = quietline(&args, "");
    assert_eq!(
        output.status.code(),
        Some(1),
        "verify should fail: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stderr).unwrap()
}

#[tokio::test]
async fn cli_actions_are_audited_verified_signed_and_tampering_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let (recovery_file, recipient) = recovery_key(dir.path());

    // Every command that changes something, once.
    quietline_ok(
        &[
            "init",
            "--data",
            data_arg,
            "--recovery-recipient",
            &recipient,
        ],
        "",
    );
    quietline_ok(
        &[
            "init",
            "--data",
            data_arg,
            "--recovery-recipient",
            &recipient,
        ],
        "",
    );
    let investigator = |action: &str, stdin: &str| {
        quietline_ok(
            &[
                "investigator",
                action,
                "--data",
                data_arg,
                "--username",
                "amira",
            ],
            stdin,
        )
    };
    investigator("add", PASSPHRASE);
    investigator("disable", "");
    investigator("enable", "");
    investigator("export-identity", PASSPHRASE);
    let report = submit_report(&data).await;
    quietline_ok(
        &[
            "report",
            "message",
            "--data",
            data_arg,
            "--identity",
            recovery_file.to_str().unwrap(),
            &report,
        ],
        "We have read your report.",
    );
    let output = dir.path().join("decrypted");
    quietline_ok(
        &[
            "report",
            "decrypt",
            "--data",
            data_arg,
            "--identity",
            recovery_file.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            &report,
        ],
        "",
    );

    let verified = quietline_ok(&["audit", "verify", "--data", data_arg], "");
    assert!(
        verified.contains("The audit trail is intact: 7 entries, 0 signed heads"),
        "{verified}"
    );
    assert!(verified.contains("No entry is signed yet"), "{verified}");

    let public_key = quietline_ok(&["audit", "public-key", "--data", data_arg], "");
    let public_key = public_key.trim();
    assert_eq!(public_key.len(), 64);
    assert!(verified.contains(public_key));

    let signed = quietline_ok(&["audit", "sign", "--data", data_arg], "");
    assert!(signed.contains("Signed the head: entry 8"), "{signed}");
    let verified = quietline_ok(&["audit", "verify", "--data", data_arg], "");
    assert!(
        verified.contains("intact: 8 entries, 1 signed head verified"),
        "{verified}"
    );
    assert!(!verified.contains("not signed"), "{verified}");

    // Newest first; the investigator named by id and, for reading, by username.
    let shown = quietline_ok(&["audit", "show", "--data", data_arg], "");
    let rows: Vec<Vec<&str>> = shown.lines().map(|l| l.split('\t').collect()).collect();
    let actions: Vec<&str> = rows.iter().map(|r| r[3]).collect();
    assert_eq!(
        actions,
        [
            "audit_head_signed",
            "report_decrypted_offline",
            "message_sent",
            "export",
            "investigator_enabled",
            "investigator_disabled",
            "investigator_added",
            "recovery_recipient_set",
        ]
    );
    assert!(rows.iter().all(|r| r[2] == "cli"));
    assert_eq!(rows[1][4], report);
    assert_eq!(rows[2][4], report);
    assert!(rows[6][5].contains(r#""role":"admin""#), "{shown}");
    assert!(
        rows[1][5].contains(&recipient),
        "decrypted with the recovery key"
    );
    assert!(!shown.contains("NARRATIVE-MARKER") && !shown.contains("陈伟"));
    assert!(!shown.contains("We have read"));
    let page = quietline_ok(
        &[
            "audit", "show", "--data", data_arg, "--limit", "2", "--before", "3",
        ],
        "",
    );
    assert_eq!(
        page.lines().map(|l| &l[..2]).collect::<Vec<_>>(),
        ["2\t", "1\t"]
    );

    // Offline: a copy verifies on its own, and against the key kept elsewhere even
    // without the key file.
    let copy = dir.path().join("copy");
    copy_dir(&data, &copy);
    std::fs::remove_file(copy.join("secrets").join("audit.key")).unwrap();
    let copy_arg = copy.to_str().unwrap();
    let refused = verify_fails(copy_arg, &[]);
    assert!(refused.contains("--public-key"), "{refused}");
    let verified = quietline_ok(
        &[
            "audit",
            "verify",
            "--data",
            copy_arg,
            "--public-key",
            public_key,
        ],
        "",
    );
    assert!(verified.contains("intact: 8 entries"), "{verified}");
    let other_key = "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c";
    let stderr = verify_fails(copy_arg, &["--public-key", other_key]);
    assert!(
        stderr.contains("the head at entry 8 is signed by a key that is not this instance's"),
        "{stderr}"
    );

    // Tampered copies name the first broken entry.
    let edited = tampered_copy(
        &data,
        &dir.path().join("edited"),
        r#"UPDATE audit_log SET detail = '{"role":"investigator"}' WHERE seq = 3"#,
    )
    .await;
    let stderr = verify_fails(&edited, &[]);
    assert!(
        stderr.contains("entry 3 was edited: its hash does not match its content"),
        "{stderr}"
    );
    let deleted = tampered_copy(
        &data,
        &dir.path().join("deleted"),
        "DELETE FROM audit_log WHERE seq = 5",
    )
    .await;
    let stderr = verify_fails(&deleted, &[]);
    assert!(stderr.contains("entry 5 is missing"), "{stderr}");
    let reordered = tampered_copy(
        &data,
        &dir.path().join("reordered"),
        "UPDATE audit_log SET seq = 1000 WHERE seq = 4; \
         UPDATE audit_log SET seq = 4 WHERE seq = 5; \
         UPDATE audit_log SET seq = 5 WHERE seq = 1000",
    )
    .await;
    let stderr = verify_fails(&reordered, &[]);
    assert!(
        stderr.contains("entry 4 does not link to the entry before it"),
        "{stderr}"
    );
    let truncated = tampered_copy(
        &data,
        &dir.path().join("truncated"),
        "DELETE FROM audit_log WHERE seq = 8",
    )
    .await;
    let stderr = verify_fails(&truncated, &[]);
    assert!(stderr.contains("entry 8 is missing"), "{stderr}");

    // The original is untouched.
    quietline_ok(&["audit", "verify", "--data", data_arg], "");
}
