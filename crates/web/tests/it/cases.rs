//! Cases over real HTTP (issue 14, point 1): an investigator creates a case, adds a report by
//! its reference, a person named in it and a note, and reads the timeline; refused input comes
//! back in its box with the reason; an edit made from a version saved over since is refused
//! with the saved case shown and the typed title kept.

use regex::Regex;

use crate::helpers::{TestApp, spawn_app};
use crate::workbench::{csrf_of, sign_in_new};

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Posts a form; after a redirect (303, "done"), the page it leads to.
async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let response = client.post(app.url(path)).form(form).send().await.unwrap();
    if response.status() == 303 {
        let to = response.headers()["location"].to_str().unwrap().to_owned();
        return page(client, app, &to).await;
    }
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_case_gathers_a_report_a_person_and_a_note_on_a_timeline_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let fields = [
        ("subject", "happened_to_me"),
        ("incident", "family_pressure"),
        ("when_precision", "exact"),
        ("when_date", "2026-10-05"),
        ("narrative", "Des agents ont appelé ma mère au pays."),
        ("city", "Prato"),
        ("person1_names", "Chen Wei"),
        ("consent", "share_police"),
    ];
    assert_eq!(app.submit("fr", &fields, vec![]).await.status(), 200);
    let (_, inbox) = page(&amira, &app, "/investigator/inbox").await;
    let reference = Regex::new(r"R-[0-9A-Z]{4}-[0-9A-Z]{2}")
        .unwrap()
        .find(&inbox)
        .unwrap()
        .as_str()
        .to_owned();

    let (status, list) = page(&amira, &app, "/investigator/cases").await;
    assert_eq!(status, 200);
    assert!(list.contains("No case yet."));
    let token = csrf_of(&list);
    // No title: refused, the description kept.
    let (status, refused) = post(
        &amira,
        &app,
        "/investigator/cases",
        &[
            ("csrf", &token),
            ("title", " "),
            ("status", "open"),
            ("lead", ""),
            ("description", "Pressions sur les familles"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(refused.contains("The title is empty"));
    assert!(refused.contains(">Pressions sur les familles</textarea>"));
    let (status, case) = post(
        &amira,
        &app,
        "/investigator/cases",
        &[
            ("csrf", &token),
            ("title", "Prato station"),
            ("status", "open"),
            ("lead", ""),
            ("description", "Pressions sur les familles"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let id = Regex::new(r#"action="/investigator/cases/([0-9a-f]{32})/items""#)
        .unwrap()
        .captures(&case)
        .unwrap()[1]
        .to_owned();
    let items = format!("/investigator/cases/{id}/items");

    // A reference that names no report: refused, what was typed kept in its box.
    let (status, refused) = post(
        &amira,
        &app,
        &items,
        &[
            ("csrf", &token),
            ("change", "add_report"),
            ("item", "R-ZZZZ-ZZ"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(refused.contains("No report in the inbox has that reference"));
    assert!(refused.contains(r#"value="R-ZZZZ-ZZ""#));
    let (status, case) = post(
        &amira,
        &app,
        &items,
        &[
            ("csrf", &token),
            ("change", "add_report"),
            ("item", &reference),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(case.contains(&format!(">{reference}</a>")), "{case}");
    assert!(
        case.contains("2026-10-05"),
        "the incident's date on the timeline"
    );
    assert!(case.contains("Incident: "));
    assert!(case.contains("Report received"));
    assert!(
        case.contains("My report may be shared with police"),
        "the consent is shown: {case}"
    );

    // The person the report names, chosen from the list.
    let person = Regex::new(r#"<option value="([0-9a-f]{32}/p1)">"#)
        .unwrap()
        .captures(&case)
        .unwrap()[1]
        .to_owned();
    let (_, case) = post(
        &amira,
        &app,
        &items,
        &[
            ("csrf", &token),
            ("change", "add_entity"),
            ("item", &person),
        ],
    )
    .await;
    assert!(
        case.contains("Person 1: <span dir=\"auto\">Chen Wei</span>"),
        "{case}"
    );

    // A note; an empty one is refused.
    let notes = format!("/investigator/cases/{id}/notes");
    let (status, _) = post(&amira, &app, &notes, &[("csrf", &token), ("note", "  ")]).await;
    assert_eq!(status, 422);
    let (_, case) = post(
        &amira,
        &app,
        &notes,
        &[("csrf", &token), ("note", "Demander à l'ONG partenaire.")],
    )
    .await;
    assert!(
        case.contains("Demander à l&#x27;ONG partenaire.")
            || case.contains("Demander à l&#39;ONG partenaire.")
    );
    assert!(case.contains("Note by amira"));
    // Only an admin sees the legal hold box.
    assert!(case.contains(r#"name="legal_hold""#));

    // An edit from the first version, after three changes: refused, the typed title kept.
    let (status, stale) = post(
        &amira,
        &app,
        &format!("/investigator/cases/{id}"),
        &[
            ("csrf", &token),
            ("version", "1"),
            ("title", "Prato station (renamed)"),
            ("status", "investigating"),
            ("lead", ""),
            ("description", ""),
        ],
    )
    .await;
    assert_eq!(status, 409);
    assert!(stale.contains("Someone saved this case after you opened it"));
    assert!(stale.contains(r#"value="Prato station (renamed)""#));
    let version = Regex::new(r#"name="version" value="(\d+)""#)
        .unwrap()
        .captures(&stale)
        .unwrap()[1]
        .to_owned();
    let (status, saved) = post(
        &amira,
        &app,
        &format!("/investigator/cases/{id}"),
        &[
            ("csrf", &token),
            ("version", &version),
            ("title", "Prato station (renamed)"),
            ("status", "investigating"),
            ("lead", ""),
            ("description", ""),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(saved.contains("<h1 dir=\"auto\">Prato station (renamed)</h1>"));
    let (_, list) = page(&amira, &app, "/investigator/cases").await;
    assert!(list.contains("Investigating"));

    // Exports from the case's page (admins): a recipient that is not one is refused and kept.
    let bundle = format!("/investigator/cases/{id}/bundle");
    let (status, refused) = post(
        &amira,
        &app,
        &bundle,
        &[
            ("csrf", &token),
            ("audience", "police"),
            ("recipient", "age1notakey"),
            ("letter", "fr"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(refused.contains("That is not an age recipient"));
    assert!(refused.contains(r#"value="age1notakey""#));
    let agency = quietline_crypto::Identity::generate();
    let response = amira
        .post(app.url(&bundle))
        .form(&[
            ("csrf", token.as_str()),
            ("audience", "police"),
            ("recipient", &agency.recipient().to_string()),
            ("letter", "fr"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .ends_with("-police.bundle\""),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.bundle");
    std::fs::write(&file, response.bytes().await.unwrap()).unwrap();
    let check =
        quietline_service::verify_bundle(&file, &agency, Some(&app.instance.audit_public_key()))
            .unwrap();
    assert_eq!(check.manifest.reports.len(), 1);
    assert_eq!(check.manifest.case_title, "Prato station (renamed)");
    // The FollowTheMoney entities of this case.
    let response = amira
        .post(app.url("/investigator/admin/ftm"))
        .form(&[
            ("csrf", token.as_str()),
            ("purpose", "police"),
            ("case", id.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let lines = response.text().await.unwrap();
    assert!(lines.contains("Chen Wei"), "{lines}");
}
