//! Issue 3, end to end over HTTP with the real binary: an investigator created with the CLI
//! enrols TOTP (codes computed here, checked once against `oathtool`), reads a report
//! submitted through the reporting line and replies; the reporter reads the reply with the
//! receipt and answers; the recovery holder grants a second investigator with the CLI.

use quietline_testkit::client as browser;
use quietline_testkit::csrf_of as csrf;
use std::time::{SystemTime, UNIX_EPOCH};

use regex::Regex;

use sqlx::Connection;

use crate::support::{
    Server, all_bytes_under, contains, hidden_fields, quietline, quietline_ok, recovery_key, tool,
};

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Signs in for the first time: enrols TOTP (its codes checked against `oathtool` when asked).
/// Returns the signed-in client.
async fn enrol(
    server: &Server,
    username: &str,
    password: &str,
    check_with_oathtool: bool,
) -> reqwest::Client {
    let enrolled = quietline_testkit::enrol(&server.base(), username, password, unix_now).await;
    if check_with_oathtool {
        // The same code as the standard tool computes (allowing for a step boundary between calls).
        let before = enrolled.totp.code_at(unix_now()).unwrap();
        let theirs =
            String::from_utf8(tool("oathtool", &["--totp", "-b", &enrolled.secret_base32]))
                .unwrap()
                .trim()
                .to_owned();
        let after = enrolled.totp.code_at(unix_now()).unwrap();
        assert!(
            theirs == before || theirs == after,
            "oathtool says {theirs}, we say {before}/{after}"
        );
    }
    enrolled.client
}

#[tokio::test]
async fn an_investigator_made_with_the_cli_enrols_reads_and_answers_and_the_reporter_replies() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let (recovery_file, recovery) = recovery_key(dir.path());
    quietline_ok(
        &[
            "init",
            "--data",
            data_arg,
            "--recovery-recipient",
            &recovery,
        ],
        "",
    );
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

    // A report through the plain form.
    let reporter = browser();
    let form_page = reporter
        .get(server.url("/en/report"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in hidden_fields(&form_page) {
        form = form.text(name, value);
    }
    form = form
        .text("subject", "happened_to_me")
        .text("incident", "online_contact")
        .text(
            "narrative",
            "A WeChat account kept writing to me about my father.",
        )
        .text("person1_wechat", "wxid_pressure01");
    let submitted = reporter
        .post(server.url("/en/report"))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let receipt = Regex::new(r#"id="receipt" dir="ltr">([0-9 ]{24})<"#)
        .unwrap()
        .captures(&submitted)
        .unwrap()[1]
        .to_string();

    // The investigator enrols, reads, replies.
    let investigator = enrol(&server, "amira", "a long test passphrase", true).await;
    let inbox = investigator
        .get(server.url("/investigator/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        inbox.contains("Contact online (WeChat or other apps, calls)"),
        "{inbox}"
    );
    let report = Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures(&inbox)
        .unwrap()[1]
        .to_string();
    let page = investigator
        .get(server.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("kept writing to me about my father") && page.contains("wxid_pressure01")
    );
    let reply = [
        ("csrf", csrf(&page)),
        (
            "message",
            "Thank you. Do you still have the messages?".to_owned(),
        ),
    ];
    let sent = investigator
        .post(server.url(&format!("/investigator/reports/{report}/message")))
        .form(&reply)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);

    // A note for colleagues: sealed to the workspace key, which the recovery holder opens with
    // the standard `age` tool as docs/operators.md describes.
    let note = [
        ("csrf", csrf(&page)),
        (
            "note",
            "Same WeChat account as in the Vancouver report.".into(),
        ),
    ];
    let noted = investigator
        .post(server.url(&format!("/investigator/reports/{report}/note")))
        .form(&note)
        .send()
        .await
        .unwrap();
    assert_eq!(noted.status(), 303);
    let mut db = sqlx::SqliteConnection::connect(&format!(
        "sqlite://{}",
        data.join("quietline.db").display()
    ))
    .await
    .unwrap();
    let wrapped: Vec<u8> = sqlx::query_scalar("SELECT recovery_wrap FROM workspace")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let wrapped_file = dir.path().join("workspace.age");
    std::fs::write(&wrapped_file, wrapped).unwrap();
    let workspace_key = tool(
        "age",
        &[
            "-d",
            "-i",
            recovery_file.to_str().unwrap(),
            wrapped_file.to_str().unwrap(),
        ],
    );
    let key_file = dir.path().join("workspace.key");
    std::fs::write(&key_file, workspace_key).unwrap();
    let notes: Vec<_> = std::fs::read_dir(data.join("reports").join(&report).join("notes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    let sealed_note = std::fs::read(&notes[0]).unwrap();
    assert!(!String::from_utf8_lossy(&sealed_note).contains("Vancouver"));
    let opened = tool(
        "age",
        &[
            "-d",
            "-i",
            key_file.to_str().unwrap(),
            notes[0].to_str().unwrap(),
        ],
    );
    assert!(
        String::from_utf8(opened)
            .unwrap()
            .contains("Same WeChat account as in the Vancouver report.")
    );

    // A registry file uploaded to the import page (a check, then the import) is read in
    // memory only: its note is in clear nowhere under the data directory or in the server's
    // own temporary folder.
    let note_marker = format!("IMPORTNOTE-{report}");
    let import_page = investigator
        .get(server.url("/investigator/sites/import"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csv = format!(
        "names,city,country,type,level,notes\nRotterdam station,Rotterdam,NL,station,corroborated,{note_marker}\n"
    );
    for (action, expected) in [
        ("check", "1 site(s) ready, no problem."),
        ("import", "Imported 1 site(s)."),
    ] {
        let upload = reqwest::multipart::Form::new()
            .text("csrf", csrf(&import_page))
            .text("format", "auto")
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv.clone().into_bytes()).file_name("registry.csv"),
            )
            .text("text", "")
            .text("action", action);
        let answer = investigator
            .post(server.url("/investigator/sites/import"))
            .multipart(upload)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{action}");
        let html = answer.text().await.unwrap();
        assert!(html.contains(expected), "{action}: {html}");
    }
    let mut scanned = all_bytes_under(&data);
    assert!(
        scanned.iter().any(|(p, _)| p.ends_with("quietline.db")),
        "the scan covers the database"
    );
    scanned.extend(all_bytes_under(&server.tmp));
    for (path, bytes) in &scanned {
        assert!(
            !contains(bytes, note_marker.as_bytes()),
            "the imported note is in clear in {}",
            path.display()
        );
    }

    // The reporter reads it with the receipt and answers.
    let return_page = reporter
        .get(server.url("/en/return"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut fields = hidden_fields(&return_page);
    fields.push(("receipt".into(), receipt));
    assert_eq!(
        reporter
            .post(server.url("/en/return"))
            .form(&fields)
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    let thread = reporter
        .get(server.url("/en/return/thread"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(thread.contains("Do you still have the messages?"));
    let answer = reqwest::multipart::Form::new()
        .text("csrf", csrf(&thread))
        .text("message", "Yes, screenshots of all of them.");
    assert_eq!(
        reporter
            .post(server.url("/en/return/reply"))
            .multipart(answer)
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    let page = investigator
        .get(server.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Yes, screenshots of all of them."));

    // A second investigator, granted by the recovery holder with the CLI.
    quietline_ok(
        &[
            "investigator",
            "add",
            "--data",
            data_arg,
            "--username",
            "bao",
        ],
        "another long passphrase\n",
    );
    let bao = enrol(&server, "bao", "another long passphrase", false).await;
    let pending = bao
        .get(server.url("/investigator/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(pending.contains("Access pending"));
    let wrong = dir.path().join("not-recovery.txt");
    std::fs::write(
        &wrong,
        quietline_crypto::Identity::generate()
            .to_identity_file()
            .expose(),
    )
    .unwrap();
    let refused = quietline(
        &[
            "investigator",
            "grant",
            "--data",
            data_arg,
            "--username",
            "bao",
            "--identity",
            wrong.to_str().unwrap(),
        ],
        "",
    );
    assert!(!refused.status.success());
    let granted = quietline_ok(
        &[
            "investigator",
            "grant",
            "--data",
            data_arg,
            "--username",
            "bao",
            "--identity",
            recovery_file.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        granted.contains("workspace key given, 1 report key(s)"),
        "{granted}"
    );
    let page = bao
        .get(server.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("kept writing to me about my father"),
        "bao reads it after the grant"
    );

    let logs = server.stop().await;
    assert!(
        !logs.contains("kept writing to me"),
        "no content in the logs"
    );

    // Every step left an entry in the audit trail, and the trail verifies.
    let verified = quietline_ok(&["audit", "verify", "--data", data_arg], "");
    assert!(verified.contains("intact"), "{verified}");
    let shown = quietline_ok(&["audit", "show", "--data", data_arg, "--limit", "100"], "");
    for action in [
        "totp_enrolled",
        "login",
        "report_opened",
        "message_sent",
        "access_granted",
        "investigator_added",
    ] {
        assert!(shown.contains(action), "no {action} in the trail:\n{shown}");
    }
    assert!(
        !shown.contains("father") && !shown.contains("wxid_pressure01"),
        "no content in the trail"
    );
}

trait Expose {
    fn expose(&self) -> String;
}

impl Expose for secrecy::SecretString {
    fn expose(&self) -> String {
        secrecy::ExposeSecret::expose_secret(self).to_owned()
    }
}
