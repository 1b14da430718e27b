//! Evidence bundles through the binary (issue 14, points 4 and 5): a case made in the
//! workbench, exported with `quietline evidence export` for police with a referral letter and
//! a time-stamp from a local authority (`openssl ts -reply`); then checked with
//! `quietline evidence verify`, and with standard tools only, as docs/evidence.md shows: `age`,
//! `tar`, `sha256sum`, `openssl ts -verify` and the Python script printed in the docs.

use std::path::Path;

use regex::Regex;

use crate::seized::{make_tsa, openssl, serve_tsa};
use crate::support::{Server, hidden_fields, quietline, quietline_ok, recovery_key, tool};

/// The script docs/evidence.md prints (between its `verify_bundle.py` markers).
fn documented_script() -> String {
    let docs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/evidence.md"),
    )
    .unwrap();
    let start = docs
        .find("```python verify_bundle.py\n")
        .expect("the script's block")
        + 27;
    let end = docs[start..].find("\n```").unwrap() + start;
    docs[start..end].to_owned()
}

#[tokio::test]
async fn a_bundle_exported_by_the_cli_checks_out_with_quietline_and_with_standard_tools_alone() {
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

    // Two reports through the form: one whose reporter allows police, one who does not.
    let reporter = quietline_testkit::client();
    for (consent, file) in [
        ("share_police", "first file"),
        ("statistics", "second file"),
    ] {
        let page = reporter
            .get(server.url("/en/report"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in hidden_fields(&page) {
            form = form.text(name, value);
        }
        form = form
            .text("subject", "happened_to_me")
            .text("incident", "family_pressure")
            .text("when_precision", "exact")
            .text("when_date", "2026-10-05")
            .text("city", "Prato")
            .text("narrative", format!("They called my mother. ({file})"))
            .text("consent", consent)
            .part(
                "file",
                reqwest::multipart::Part::bytes(file.as_bytes().to_vec())
                    .file_name("call log.txt")
                    .mime_str("text/plain")
                    .unwrap(),
            );
        let sent = reporter
            .post(server.url("/en/report"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 200);
    }

    // A case holding both, made in the workbench.
    let amira = quietline_testkit::enrol(&server.base(), "amira", "a long test passphrase", || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    })
    .await
    .client;
    let get = |path: String| {
        let amira = amira.clone();
        let url = server.url(&path);
        async move { amira.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let inbox = get("/investigator/inbox".into()).await;
    let mut reports: Vec<String> = Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures_iter(&inbox)
        .map(|c| c[1].to_string())
        .collect();
    reports.dedup();
    assert_eq!(reports.len(), 2);
    let token = quietline_testkit::csrf_of(&get("/investigator/cases".into()).await);
    let made = amira
        .post(server.url("/investigator/cases"))
        .form(&[
            ("csrf", token.as_str()),
            ("title", "Prato station"),
            ("status", "open"),
            ("lead", ""),
            ("description", "Calls to families in Fujian."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 303);
    let case = made.headers()["location"]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    for report in &reports {
        let added = amira
            .post(server.url(&format!("/investigator/cases/{case}/items")))
            .form(&[
                ("csrf", token.as_str()),
                ("change", "add_report"),
                ("item", report.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 303);
    }
    server.stop().await;

    // The export, for police, with a letter and a time-stamp.
    let tsa = dir.path().join("tsa");
    std::fs::create_dir(&tsa).unwrap();
    make_tsa(&tsa);
    let tsa_address = serve_tsa(tsa.clone()).await;
    let (agency_file, agency) = {
        let path = dir.path().join("agency.txt");
        tool("age-keygen", &["-o", path.to_str().unwrap()]);
        let text = std::fs::read_to_string(&path).unwrap();
        let recipient = text
            .lines()
            .find_map(|l| l.strip_prefix("# public key: "))
            .unwrap()
            .to_owned();
        (path, recipient)
    };
    let bundle = dir.path().join("prato.bundle");
    let said = tokio::task::spawn_blocking({
        let args: Vec<String> = [
            "evidence",
            "export",
            "--data",
            data_arg,
            "--identity",
            recovery_file.to_str().unwrap(),
            "--case",
            &case,
            "--for",
            "police",
            "--to",
            &agency,
            "--out",
            bundle.to_str().unwrap(),
            "--letter",
            "en",
            "--tsa-url",
            &format!("http://{tsa_address}/"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            quietline_ok(&args, "")
        }
    })
    .await
    .unwrap();
    assert!(said.contains("1 report(s)"), "{said}");
    assert!(said.contains("1 report(s) of the case left out"), "{said}");
    assert!(said.contains("manifest time-stamped"), "{said}");

    // quietline's own check, with the instance's audit key as the organisation publishes it.
    let audit_key = quietline_ok(&["audit", "public-key", "--data", data_arg], "")
        .trim()
        .to_owned();
    let verify = |with_key: bool| {
        let mut args = vec![
            "evidence".to_owned(),
            "verify".into(),
            "--identity".into(),
            agency_file.to_str().unwrap().into(),
        ];
        if with_key {
            args.extend(["--audit-key".to_owned(), audit_key.clone()]);
        }
        args.push(bundle.to_str().unwrap().into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        quietline_ok(&args, "")
    };
    let verified = verify(true);
    assert!(
        verified.starts_with("OK: case \"Prato station\", 1 report(s)"),
        "{verified}"
    );
    assert!(
        verified.contains("audit key: the one you gave"),
        "{verified}"
    );
    assert!(verify(false).contains("audit key NOT CHECKED"));
    // The recovery identity is not the agency's: the bundle does not open.
    let refused = quietline(
        &[
            "evidence",
            "verify",
            "--identity",
            recovery_file.to_str().unwrap(),
            bundle.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(refused.status.code(), Some(2));

    // Standard tools only.
    let opened = dir.path().join("opened");
    std::fs::create_dir(&opened).unwrap();
    let tar_file = dir.path().join("bundle.tar");
    tool(
        "age",
        &[
            "-d",
            "-i",
            agency_file.to_str().unwrap(),
            "-o",
            tar_file.to_str().unwrap(),
            bundle.to_str().unwrap(),
        ],
    );
    tool(
        "tar",
        &[
            "-xf",
            tar_file.to_str().unwrap(),
            "-C",
            opened.to_str().unwrap(),
        ],
    );
    let readme = std::fs::read_to_string(opened.join("README.txt")).unwrap();
    assert!(
        readme
            .contains("  - 1: their reporter did not agree that the report be shared with police"),
        "{readme}"
    );
    let letter = std::fs::read_to_string(opened.join("cover-letter.txt")).unwrap();
    assert!(letter.contains("2026-10-05, Prato"), "{letter}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(opened.join("manifest.json")).unwrap()).unwrap();
    for item in manifest["items"].as_array().unwrap() {
        let path = opened.join(item["path"].as_str().unwrap());
        let sum = String::from_utf8(tool("sha256sum", &[path.to_str().unwrap()])).unwrap();
        assert_eq!(&sum[..64], item["sha256"].as_str().unwrap(), "{item}");
    }
    assert!(
        !std::fs::read_dir(opened.join("reports"))
            .unwrap()
            .any(|e| std::fs::read_dir(e.unwrap().path().join("files"))
                .unwrap()
                .any(|f| std::fs::read(f.unwrap().path()).unwrap() == b"second file")),
        "the report without police consent is not in it"
    );
    // The time-stamp, with the authority's certificate.
    openssl(
        &opened,
        &[
            "ts",
            "-verify",
            "-data",
            "manifest.json",
            "-in",
            "manifest.tsr",
            "-token_in",
            "-CAfile",
            tsa.join("ca.crt").to_str().unwrap(),
            "-untrusted",
            tsa.join("tsa.crt").to_str().unwrap(),
        ],
    );
    // The custody record and the commitments, with the documented script (python3 and openssl).
    let script = dir.path().join("verify_bundle.py");
    std::fs::write(&script, documented_script()).unwrap();
    let checked = String::from_utf8(tool(
        "python3",
        &[
            script.to_str().unwrap(),
            opened.to_str().unwrap(),
            &audit_key,
        ],
    ))
    .unwrap();
    assert!(checked.contains("audit key: the one you gave"), "{checked}");
    assert!(
        checked.contains("custody: every entry is in the signed trail"),
        "{checked}"
    );
    assert!(
        checked.contains("items: every file matches its SHA-256"),
        "{checked}"
    );
    // The script catches a changed custody entry.
    let custody_path = opened.join("custody.json");
    let mut custody: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&custody_path).unwrap()).unwrap();
    custody["entries"][0]["actor"] = serde_json::json!("investigator:someone-else");
    std::fs::write(&custody_path, serde_json::to_vec(&custody).unwrap()).unwrap();
    let output = std::process::Command::new("python3")
        .args([
            script.to_str().unwrap(),
            opened.to_str().unwrap(),
            &audit_key,
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("FAILED: custody entry"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
