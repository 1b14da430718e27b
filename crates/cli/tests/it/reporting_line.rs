//! Issue 2, end to end: a report submitted through the plain HTML form (as with JavaScript
//! off) by the real server is nowhere on disk in clear, decrypts with the standard `age`
//! tool and the recovery identity alone, and carries a conversation with the reporter.
//! Neither the client's address nor its user agent is logged or stored.

use std::net::{IpAddr, Ipv4Addr};

use crate::support::{
    Server, all_bytes_under, contains, hidden_fields, quietline_ok, recovery_key, tool,
};

const MIB: usize = 1024 * 1024;
/// The client connects from this loopback address (the server listens on 127.0.0.1), so
/// that finding it in the logs or data would be a real leak, not the listen address.
const CLIENT_ADDRESS: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3));

#[tokio::test]
async fn a_report_is_encrypted_on_arrival_decryptable_with_age_and_answerable() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let (recovery_file, recovery_recipient) = recovery_key(dir.path());
    quietline_ok(
        &[
            "init",
            "--data",
            data_arg,
            "--recovery-recipient",
            &recovery_recipient,
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
    let run = quietline_core::ReportId::random().to_string();
    let narrative_marker = format!("NARRATIVE-{run}");
    let name_marker = format!("NAME-{run}");
    let file_marker = format!("ATTACHMENT-{run}");
    let file_name_marker = format!("FILENAME-{run}");
    let agent = format!("QuietlineTestBrowser/{run}");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(CLIENT_ADDRESS)
        .user_agent(agent.clone())
        .build()
        .unwrap();

    // The form, as a browser without JavaScript sends it.
    let form_page = client
        .get(server.url("/zh-Hant/report"))
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
    let attachment: Vec<u8> = format!("{file_marker} ")
        .into_bytes()
        .into_iter()
        .cycle()
        .take(5 * MIB)
        .collect();
    form = form
        .text("subject", "happened_to_someone")
        .text("incident", "family_pressure")
        .text("incident", "persuaded_to_return")
        .text("country", "NL")
        .text("city", "Rotterdam")
        .text("person1_names", format!("陳偉 {name_marker}"))
        .text("person1_phones", "+31 6 1234 5678")
        .text("narrative", format!("警察到我母親家。{narrative_marker}"))
        .text("consent", "follow_up")
        .part(
            "files",
            reqwest::multipart::Part::bytes(attachment.clone())
                .file_name(format!("{file_name_marker}.pdf"))
                .mime_str("application/pdf")
                .unwrap(),
        );
    let submitted = client
        .post(server.url("/zh-Hant/report"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 200);
    let receipt_page = submitted.text().await.unwrap();
    let receipt = regex::Regex::new(r#"id="receipt" dir="ltr">([0-9 ]{24})<"#)
        .unwrap()
        .captures(&receipt_page)
        .unwrap()[1]
        .to_string();

    // (a) No marker anywhere under the data directory, database and its journal included.
    let markers = [
        &narrative_marker,
        &name_marker,
        &file_marker,
        &file_name_marker,
    ];
    // The server runs with TMPDIR set to a folder of its own: scan that too.
    let mut files = all_bytes_under(&data);
    assert!(
        files.iter().any(|(p, _)| p.ends_with("quietline.db")),
        "the scan covers the database"
    );
    files.extend(all_bytes_under(&server.tmp));
    for (path, bytes) in &files {
        for marker in markers {
            assert!(
                !contains(bytes, marker.as_bytes()),
                "{marker} found in clear in {}",
                path.display()
            );
        }
    }

    // (b) The standard age tool and the recovery identity alone decrypt everything.
    let listing = quietline_ok(&["report", "list", "--data", data_arg], "");
    let report_id = listing.split('\t').next().unwrap().trim().to_owned();
    let folder = data.join("reports").join(&report_id);
    let report_key = dir.path().join("report.key");
    let key_plain = tool(
        "age",
        &[
            "-d",
            "-i",
            recovery_file.to_str().unwrap(),
            folder.join("key.age").to_str().unwrap(),
        ],
    );
    std::fs::write(&report_key, key_plain).unwrap();
    let answers = tool(
        "age",
        &[
            "-d",
            "-i",
            report_key.to_str().unwrap(),
            folder.join("answers.age").to_str().unwrap(),
        ],
    );
    let answers: serde_json::Value = serde_json::from_slice(&answers).unwrap();
    assert!(
        answers["narrative"]
            .as_str()
            .unwrap()
            .contains(&narrative_marker)
    );
    assert!(
        answers["people"][0]["names"][0]
            .as_str()
            .unwrap()
            .contains(&name_marker)
    );
    assert_eq!(answers["language"], "zh-Hant");
    assert_eq!(
        answers["incidents"],
        serde_json::json!(["family_pressure", "persuaded_to_return"])
    );
    let (mut metas, mut attachments) = (0, 0);
    for entry in std::fs::read_dir(folder.join("files")).unwrap() {
        let path = entry.unwrap().path();
        let plain = tool(
            "age",
            &[
                "-d",
                "-i",
                report_key.to_str().unwrap(),
                path.to_str().unwrap(),
            ],
        );
        if path.to_string_lossy().ends_with(".meta.age") {
            let meta: serde_json::Value = serde_json::from_slice(&plain).unwrap();
            assert_eq!(meta["name"], format!("{file_name_marker}.pdf"));
            assert_eq!(meta["size"], 5 * MIB);
            metas += 1;
        } else {
            assert_eq!(plain, attachment, "the attachment decrypts byte for byte");
            attachments += 1;
        }
    }
    assert_eq!(
        (metas, attachments),
        (1, 1),
        "one attachment and its metadata"
    );

    // (c) Investigators write (here with the CLI); the reporter reads with the receipt and replies.
    let question_marker = format!("QUESTION-{run}");
    quietline_ok(
        &[
            "report",
            "message",
            "--data",
            data_arg,
            "--identity",
            recovery_file.to_str().unwrap(),
            &report_id,
        ],
        &format!("請問是哪一天？ {question_marker}"),
    );
    let return_page = client
        .get(server.url("/zh-Hant/return"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut fields = hidden_fields(&return_page);
    fields.push(("receipt".into(), receipt.clone()));
    let opened = client
        .post(server.url("/zh-Hant/return"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    let thread = client
        .get(server.url("/zh-Hant/return/thread"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        thread.contains(&question_marker),
        "the reporter reads the investigators' message"
    );
    let reply_marker = format!("REPLY-{run}");
    let mut reply = reqwest::multipart::Form::new();
    for (name, value) in hidden_fields(&thread).into_iter().take(1) {
        reply = reply.text(name, value);
    }
    reply = reply.text("message", format!("三月十七日。{reply_marker}"));
    let replied = client
        .post(server.url("/zh-Hant/return/reply"))
        .multipart(reply)
        .send()
        .await
        .unwrap();
    assert_eq!(replied.status(), 303);
    let mut files = all_bytes_under(&data);
    files.extend(all_bytes_under(&server.tmp));
    for (path, bytes) in files {
        for marker in [&question_marker, &reply_marker] {
            assert!(
                !contains(&bytes, marker.as_bytes()),
                "{marker} in clear in {}",
                path.display()
            );
        }
    }
    let out = dir.path().join("decrypted");
    quietline_ok(
        &[
            "report",
            "decrypt",
            "--data",
            data_arg,
            "--identity",
            recovery_file.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            &report_id,
        ],
        "",
    );
    let messages = std::fs::read_to_string(out.join("messages.txt")).unwrap();
    assert!(
        messages.contains(&question_marker) && messages.contains(&reply_marker),
        "{messages}"
    );

    // No address or user agent in the logs or anywhere in the data directory.
    let tmp = server.tmp.clone();
    let logs = server.stop().await;
    // The log is on, and counts the reporting line's requests (it never logs them one by one:
    // docs/threat-model.md, "Logging policy").
    assert!(
        regex::Regex::new(r"requests to the reporting line since the last count ok=[1-9]")
            .unwrap()
            .is_match(&logs),
        "the requests are counted: {logs}"
    );
    for secret in [
        CLIENT_ADDRESS.to_string(),
        agent.clone(),
        "QuietlineTestBrowser".to_string(),
    ] {
        assert!(!logs.contains(&secret), "{secret} appears in the logs");
        for (path, bytes) in all_bytes_under(&data)
            .into_iter()
            .chain(all_bytes_under(&tmp))
        {
            assert!(
                !contains(&bytes, secret.as_bytes()),
                "{secret} stored in {}",
                path.display()
            );
        }
    }
    for marker in markers {
        assert!(!logs.contains(marker.as_str()), "{marker} in the logs");
    }
}
