//! The command line: what `serve` says on start-up, and the investigator and report
//! commands' behaviour at their edges.

use crate::support::{Server, quietline, quietline_ok, recovery_key};

#[tokio::test]
async fn serve_says_what_to_do_next_until_the_instance_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();

    let server = Server::start(&data, &[]).await;
    assert!(
        server.banner.contains("Reports are NOT accepted yet"),
        "{}",
        server.banner
    );
    assert!(server.banner.contains(&format!(
        "quietline init --data {data_arg} --recovery-recipient age1..."
    )));
    assert!(server.banner.contains("age-keygen -o recovery.txt"));
    assert!(!server.banner.to_lowercase().contains("default password"));
    server.stop().await;

    let (_, recipient) = recovery_key(dir.path());
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
    let server = Server::start(&data, &[]).await;
    assert!(
        server.banner.contains("No investigator yet"),
        "{}",
        server.banner
    );
    assert!(server.banner.contains(&format!(
        "quietline investigator add --data {data_arg} --username NAME"
    )));
    server.stop().await;

    quietline_ok(
        &[
            "investigator",
            "add",
            "--data",
            data_arg,
            "--username",
            "amira",
        ],
        "a long test passphrase\n",
    );
    let server = Server::start(&data, &[]).await;
    // Nothing left to do: the address, then the languages reporters are offered.
    let lines: Vec<&str> = server.banner.lines().collect();
    assert_eq!(lines.len(), 3, "nothing left to do: {}", server.banner);
    assert_eq!(
        lines[1],
        "Languages offered to reporters: bo, de, en, es, fr, it, nl, ug, zh-Hans, zh-Hant"
    );
    assert!(
        lines[2].starts_with(
            "  not yet reviewed by a native speaker: bo, de, es, fr, it, nl, ug, zh-Hans, zh-Hant"
        ),
        "{}",
        lines[2]
    );
    server.stop().await;
}

#[tokio::test]
async fn serve_hides_the_languages_an_operator_names_and_refuses_unknown_ones_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();

    let server = Server::start(&data, &["--hide-languages", "ug,bo"]).await;
    assert!(
        server
            .banner
            .contains("  hidden (--hide-languages): bo, ug")
            && server.banner.contains(
                "Languages offered to reporters: de, en, es, fr, it, nl, zh-Hans, zh-Hant"
            ),
        "{}",
        server.banner
    );
    let client = reqwest::Client::new();
    let hidden = client.get(server.url("/ug/")).send().await.unwrap();
    assert_eq!(hidden.status(), 404);
    let chooser = client
        .get(server.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!chooser.contains("/bo/") && chooser.contains("/it/"));
    server.stop().await;

    for (tags, says) in [
        ("en", "English is the fallback and cannot be hidden"),
        ("ug,xx", "no language \"xx\""),
    ] {
        let refused = quietline(
            &[
                "serve",
                "--data",
                data_arg,
                "--listen",
                "127.0.0.1:0",
                "--hide-languages",
                tags,
            ],
            "",
        );
        assert!(
            !refused.status.success(),
            "--hide-languages {tags} was accepted"
        );
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(says), "{stderr}");
    }
}

#[test]
fn init_refuses_what_is_not_a_recovery_recipient_and_a_second_different_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let bad = quietline(
        &[
            "init",
            "--data",
            data_arg,
            "--recovery-recipient",
            "AGE-SECRET-KEY-1ABC",
        ],
        "",
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("age public key"));
    let (_, first) = recovery_key(dir.path());
    quietline_ok(
        &["init", "--data", data_arg, "--recovery-recipient", &first],
        "",
    );
    quietline_ok(
        &["init", "--data", data_arg, "--recovery-recipient", &first],
        "",
    );
    let other = quietline_crypto::Identity::generate()
        .recipient()
        .to_string();
    let changed = quietline(
        &["init", "--data", data_arg, "--recovery-recipient", &other],
        "",
    );
    assert!(
        !changed.status.success(),
        "the recovery recipient cannot be silently replaced"
    );
}

#[test]
fn investigators_are_added_listed_and_disabled_with_passwords_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let data_arg = dir.path().join("data").to_str().unwrap().to_owned();
    let before_init = quietline(
        &[
            "investigator",
            "add",
            "--data",
            &data_arg,
            "--username",
            "amira",
        ],
        "a long test passphrase\n",
    );
    assert!(
        !before_init.status.success(),
        "investigators come after the recovery recipient"
    );
    assert!(String::from_utf8_lossy(&before_init.stderr).contains("quietline init"));
    let (_, recipient) = recovery_key(dir.path());
    quietline_ok(
        &[
            "init",
            "--data",
            &data_arg,
            "--recovery-recipient",
            &recipient,
        ],
        "",
    );
    let added = quietline_ok(
        &[
            "investigator",
            "add",
            "--data",
            &data_arg,
            "--username",
            "amira",
        ],
        "a long test passphrase\n",
    );
    assert!(added.contains("amira (admin)"), "{added}");
    quietline_ok(
        &[
            "investigator",
            "add",
            "--data",
            &data_arg,
            "--username",
            "bao",
        ],
        "another long passphrase\n",
    );
    let short = quietline(
        &[
            "investigator",
            "add",
            "--data",
            &data_arg,
            "--username",
            "chen",
        ],
        "short\n",
    );
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
    let again = quietline(
        &[
            "investigator",
            "add",
            "--data",
            &data_arg,
            "--username",
            "bao",
        ],
        "another long passphrase\n",
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("already an investigator named bao"));
    assert!(
        !quietline(
            &[
                "investigator",
                "add",
                "--data",
                &data_arg,
                "--username",
                "Bad Name"
            ],
            "x\n"
        )
        .status
        .success()
    );

    quietline_ok(
        &[
            "investigator",
            "disable",
            "--data",
            &data_arg,
            "--username",
            "bao",
        ],
        "",
    );
    let list = quietline_ok(&["investigator", "list", "--data", &data_arg], "");
    let rows: Vec<Vec<&str>> = list.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][..3], ["amira", "admin", "active"]);
    assert_eq!(&rows[1][..3], ["bao", "investigator", "disabled"]);
    assert!(
        !quietline(
            &[
                "investigator",
                "disable",
                "--data",
                &data_arg,
                "--username",
                "nobody"
            ],
            ""
        )
        .status
        .success()
    );

    // The password is what unlocks the key: export it with the right one only.
    let exported = quietline_ok(
        &[
            "investigator",
            "export-identity",
            "--data",
            &data_arg,
            "--username",
            "amira",
        ],
        "a long test passphrase\n",
    );
    assert!(exported.contains("AGE-SECRET-KEY-1"));
    assert!(exported.contains(rows[0][4]), "the exported key is amira's");
    let wrong = quietline(
        &[
            "investigator",
            "export-identity",
            "--data",
            &data_arg,
            "--username",
            "amira",
        ],
        "not the passphrase\n",
    );
    assert!(!wrong.status.success());
}

#[test]
fn the_data_directory_may_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("from-env");
    let output = std::process::Command::new(crate::support::BIN)
        .args(["report", "list"])
        .env("QUIETLINE_DATA", &data)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(data.join("quietline.db").exists() && data.join("secrets").join("pepper").exists());
}

#[test]
fn decrypting_asks_for_a_real_identity_and_a_real_report() {
    let dir = tempfile::tempdir().unwrap();
    let data_arg = dir.path().join("data").to_str().unwrap().to_owned();
    let (identity, recipient) = recovery_key(dir.path());
    quietline_ok(
        &[
            "init",
            "--data",
            &data_arg,
            "--recovery-recipient",
            &recipient,
        ],
        "",
    );
    let missing = quietline(
        &[
            "report",
            "decrypt",
            "--data",
            &data_arg,
            "--identity",
            identity.to_str().unwrap(),
            &"0".repeat(32),
        ],
        "",
    );
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no report"));
    let not_an_id = quietline(
        &[
            "report",
            "decrypt",
            "--data",
            &data_arg,
            "--identity",
            identity.to_str().unwrap(),
            "../x",
        ],
        "",
    );
    assert!(String::from_utf8_lossy(&not_an_id.stderr).contains("32 hexadecimal digits"));
    std::fs::write(dir.path().join("junk.txt"), "not a key").unwrap();
    let junk = quietline(
        &[
            "report",
            "decrypt",
            "--data",
            &data_arg,
            "--identity",
            dir.path().join("junk.txt").to_str().unwrap(),
            &"0".repeat(32),
        ],
        "",
    );
    assert!(String::from_utf8_lossy(&junk.stderr).contains("one age X25519 identity"));
}

#[test]
fn purge_says_what_it_would_do_and_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let (_, recipient) = recovery_key(dir.path());
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
    let dry = quietline_ok(&["purge", "--data", data_arg, "--dry-run"], "");
    assert!(dry.contains("Would purge 0 report(s)."), "{dry}");
    let done = quietline_ok(
        &["purge", "--data", data_arg, "--retention-months", "1"],
        "",
    );
    assert!(done.contains("Purged 0 report(s)."), "{done}");
}
