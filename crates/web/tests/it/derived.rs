//! Derived copies on the report page over real HTTP (issue 14): a JPEG sent with GPS in its
//! EXIF gets a copy without metadata through the page's button; exiftool (Debian's
//! `libimage-exiftool-perl`) finds the GPS position in the original's download and none in the
//! copy's. A translation uploaded with a reason is listed under its original; one sent without
//! a reason comes back with the kind and reason kept.

use std::process::Command;

use regex::Regex;

use crate::helpers::{TestApp, spawn_app};
use crate::workbench::{csrf_of, first_report_id, sign_in_new};

/// Whether exiftool is here; under CI it must be.
fn exiftool_present() -> bool {
    let found = Command::new("exiftool").arg("-ver").output().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "exiftool is missing (apt-get install libimage-exiftool-perl)"
    );
    found
}

/// exiftool's reading of `bytes`: `Group:Tag` → value.
fn tags(bytes: &[u8]) -> serde_json::Map<String, serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.jpg");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("exiftool")
        .args(["-j", "-G1", "-n"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    all[0].as_object().unwrap().clone()
}

/// A small JPEG (encoded here from known pixels) to which exiftool adds a GPS position and an
/// author, as a phone's camera would.
fn jpeg_with_gps() -> Vec<u8> {
    let pixels: Vec<u8> = (0..16 * 16).flat_map(|i| [i as u8, 90, 200]).collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 85)
        .encode(&pixels, 16, 16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.jpg");
    std::fs::write(&path, &jpeg).unwrap();
    let out = Command::new("exiftool")
        .args([
            "-q",
            "-overwrite_original",
            "-GPSLatitude=43.8777",
            "-GPSLatitudeRef=N",
            "-GPSLongitude=11.0966",
            "-GPSLongitudeRef=E",
            "-EXIF:Artist=Amira Example",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::read(&path).unwrap()
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> reqwest::Response {
    client.get(app.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn a_copy_without_metadata_is_made_from_the_page_and_loses_the_gps_the_original_keeps() {
    if !exiftool_present() {
        eprintln!("exiftool not installed: skipped");
        return;
    }
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let original = jpeg_with_gps();
    assert!(tags(&original).contains_key("GPS:GPSLatitude"));
    app.submit(
        "en",
        &[
            ("subject", "happened_to_me"),
            ("incident", "surveillance"),
            ("narrative", "They photographed us outside the restaurant."),
        ],
        vec![("photo.jpg".into(), original.clone())],
    )
    .await;
    let report = first_report_id(&app, &amira).await;
    let page = get(&amira, &app, &format!("/investigator/reports/{report}"))
        .await
        .text()
        .await
        .unwrap();
    let strip = Regex::new(r"/investigator/reports/[0-9a-f]{32}/files/([0-9a-f]{32})/strip")
        .unwrap()
        .captures(&page)
        .unwrap_or_else(|| panic!("no strip button in {page}"));
    let file = strip[1].to_string();
    // The page's one form: a note being written comes along and comes back.
    let response = amira
        .post(app.url(&strip[0]))
        .form(&[("csrf", csrf_of(&page).as_str()), ("note", "half-written")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Copy without metadata made."), "{page}");
    assert!(page.contains(">half-written</textarea>"));
    assert!(page.contains("Working copy without metadata"));
    assert!(page.contains("EXIF (with GPS position)"), "{page}");
    assert!(page.contains("photo.without-metadata.jpg"));
    assert!(page.contains("added by amira"));

    let copy = Regex::new(r"/investigator/reports/[0-9a-f]{32}/derived/[0-9a-f]{32}")
        .unwrap()
        .find(&page)
        .unwrap()
        .as_str()
        .to_owned();
    let response = get(&amira, &app, &copy).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let stripped = response.bytes().await.unwrap();
    let after = tags(&stripped);
    assert!(
        !after
            .keys()
            .any(|k| k.starts_with("GPS:") || k.starts_with("IFD0:")),
        "{after:?}"
    );
    assert_eq!(after["File:ImageWidth"], 16);
    // The original is unchanged, GPS and all.
    let downloaded = get(
        &amira,
        &app,
        &format!("/investigator/reports/{report}/files/{file}"),
    )
    .await
    .bytes()
    .await
    .unwrap();
    assert_eq!(&downloaded[..], &original[..]);
    assert!(tags(&downloaded).contains_key("GPS:GPSLatitude"));

    // Both steps are in the audit trail, by id.
    let actions: Vec<String> = app
        .instance
        .audit_page(None, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"derived_copy_added".to_owned()));
    assert!(actions.contains(&"derived_copy_downloaded".to_owned()));
}

#[tokio::test]
async fn a_translation_is_uploaded_with_its_reason_and_listed_under_its_original() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    app.submit(
        "en",
        &[
            ("subject", "happened_to_me"),
            ("incident", "surveillance"),
            ("narrative", "A letter came to my parents."),
        ],
        vec![("letter.txt".into(), "亲爱的".as_bytes().to_vec())],
    )
    .await;
    let report = first_report_id(&app, &amira).await;
    let page = get(&amira, &app, &format!("/investigator/reports/{report}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("/strip\""),
        "a text file is not offered a copy without metadata"
    );
    let action = Regex::new(r"/investigator/reports/[0-9a-f]{32}/files/[0-9a-f]{32}/derived")
        .unwrap()
        .find(&page)
        .unwrap()
        .as_str()
        .to_owned();
    let form = |reason: &str| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf_of(&page))
            .text("kind", "transcript")
            .text("reason", reason.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"Dear ...".to_vec())
                    .file_name("letter.en.txt")
                    .mime_str("text/plain")
                    .unwrap(),
            )
    };
    // Without a reason: refused, the kind kept, nothing listed.
    let response = amira
        .post(app.url(&action))
        .multipart(form("   "))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let refused = response.text().await.unwrap();
    assert!(refused.contains("Say why this copy was made"), "{refused}");
    assert!(refused.contains(r#"<option value="transcript" selected>"#));
    assert!(refused.contains("choose the file again"));

    let response = amira
        .post(app.url(&action))
        .multipart(form("For the French police: a sworn translation"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let page = get(&amira, &app, &format!("/investigator/reports/{report}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<strong>Transcript</strong>"), "{page}");
    assert!(page.contains("For the French police: a sworn translation"));
    assert!(page.contains("letter.en.txt"));
    let copy = Regex::new(r"/investigator/reports/[0-9a-f]{32}/derived/[0-9a-f]{32}")
        .unwrap()
        .find(&page)
        .unwrap()
        .as_str()
        .to_owned();
    let body = get(&amira, &app, &copy).await.bytes().await.unwrap();
    assert_eq!(&body[..], b"Dear ...");
}
