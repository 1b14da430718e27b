//! Cross-referencing in the workbench (issue 4, point 8), over real HTTP: reports submitted
//! through the reporting line name the same person in other scripts and formats; the
//! investigator sees "also in" with the reason, rejects one link (which stays rejected after
//! signing out and in again: the decision was persisted sealed), confirms another, and opens
//! the entity's page. Nothing the reporters wrote is on disk in clear.

use regex::Regex;

use crate::helpers::{TestApp, all_files, contains, spawn_app};
use crate::workbench::{PASSWORD, csrf_of, login, sign_in_new};

/// Submits a report through the form and returns its id, found as the one new in the inbox.
async fn submit(
    app: &TestApp,
    investigator: &reqwest::Client,
    lang: &str,
    fields: &[(&str, &str)],
) -> String {
    let before = report_ids(app, investigator).await;
    let response = app.submit(lang, fields, Vec::new()).await;
    assert_eq!(response.status(), 200, "report accepted");
    let after = report_ids(app, investigator).await;
    let new: Vec<_> = after.into_iter().filter(|i| !before.contains(i)).collect();
    assert_eq!(new.len(), 1, "one new report in the inbox");
    new[0].clone()
}

async fn report_ids(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let inbox = get(app, client, "/investigator/inbox").await;
    Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures_iter(&inbox)
        .map(|c| c[1].to_string())
        .collect()
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

/// The "also in" links shown for the report's person 1 (the block of that record only).
fn person_one_links(page: &str) -> Vec<String> {
    let section = page
        .split(r#"<section id="also-in">"#)
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    let block = section
        .split(r#"<div class="xref">"#)
        .find(|b| b.contains("Person 1:"))
        .unwrap_or_else(|| panic!("no person 1 in {section}"));
    block
        .split(r#"<li class="link"#)
        .skip(1)
        .map(|l| l.split("</li>").next().unwrap().to_string())
        .collect()
}

async fn decide(
    app: &TestApp,
    client: &reqwest::Client,
    report: &str,
    other: &str,
    verdict: &str,
) -> reqwest::Response {
    let page = get(app, client, &format!("/investigator/reports/{report}")).await;
    client
        .post(app.url(&format!("/investigator/reports/{report}/links")))
        .form(&[
            ("csrf", csrf_of(&page)),
            ("decision", format!("p1 {other}/p1 {verdict}")),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn also_in_with_reasons_decisions_that_persist_sealed_and_the_entity_page() {
    let app = spawn_app().await;
    let (amira, totp) = sign_in_new(&app, "amira", None).await;

    // The same person in simplified Han and in romanised Cantonese, with the same phone
    // written two ways; a third report names him without a phone, in the same city.
    let a = submit(
        &app,
        &amira,
        "zh-Hans",
        &[
            ("subject", "happened_to_me"),
            ("narrative", "他打电话给我母亲。"),
            ("country", "CA"),
            ("city", "Toronto"),
            ("person1_names", "陈伟"),
            ("person1_phones", "(416) 555-0199"),
            ("place_name", "多伦多海外服务站"),
            ("place_address", "5-1200 Maplewood Ave"),
        ],
    )
    .await;
    let b = submit(
        &app,
        &amira,
        "en",
        &[
            ("subject", "happened_to_me"),
            ("narrative", "He called my mother."),
            ("country", "CA"),
            // Another city: B meets D by name only, not enough for a link, so B is joined
            // through A alone whatever order the index is built in (none of arrival is kept).
            ("city", "Vancouver"),
            ("person1_names", "CHAN Wai"),
            ("person1_phones", "+1 416 555 0199"),
        ],
    )
    .await;
    let d = submit(
        &app,
        &amira,
        "fr",
        &[
            ("subject", "station_information"),
            ("narrative", "Il tient le bureau."),
            ("country", "CA"),
            ("city", "Toronto"),
            ("person1_names", "Chan Wai"),
            ("place_address", "1200 Maplewood Avenue, Unit 5"),
        ],
    )
    .await;

    // "Also in", with the reasons.
    let page = get(&app, &amira, &format!("/investigator/reports/{a}")).await;
    let links = person_one_links(&page);
    assert_eq!(links.len(), 2, "{links:?}");
    let to_b = links.iter().find(|l| l.contains(&b)).unwrap();
    assert!(to_b.contains("same phone +1 416 555 0199"), "{to_b}");
    assert!(to_b.contains("CHAN Wai"), "{to_b}");
    let to_d = links.iter().find(|l| l.contains(&d)).unwrap();
    assert!(
        to_d.contains("陈伟 ≈ Chan Wai, same city Toronto"),
        "{to_d}"
    );
    assert!(
        page.contains(&format!(r#"href="/investigator/reports/{b}""#)),
        "the link opens the other report"
    );
    // The place links too, by its address written another way.
    let place = page
        .split(r#"<div class="xref">"#)
        .find(|block| block.contains("Place:"))
        .unwrap();
    assert!(
        place.contains(&d) && place.contains("same address"),
        "{place}"
    );

    // Reject A-B: gone from A's page, and B (joined only through A) is alone again.
    let rejected = decide(&app, &amira, &a, &b, "rejected").await;
    assert_eq!(rejected.status(), 303);
    let page = get(&app, &amira, &format!("/investigator/reports/{a}")).await;
    let links = person_one_links(&page);
    assert!(!links.iter().any(|l| l.contains(&b)), "{links:?}");
    assert!(links.iter().any(|l| l.contains(&d)));
    assert!(page.contains("Rejected by amira on 2026-11-29"));
    let page_b = get(&app, &amira, &format!("/investigator/reports/{b}")).await;
    assert!(
        person_one_links(&page_b).is_empty(),
        "the rejection wins over the engine on both sides"
    );

    // Confirm A-D.
    assert_eq!(
        decide(&app, &amira, &a, &d, "confirmed").await.status(),
        303
    );
    let page = get(&app, &amira, &format!("/investigator/reports/{a}")).await;
    let to_d = person_one_links(&page)
        .into_iter()
        .find(|l| l.contains(&d))
        .unwrap();
    assert!(to_d.contains("Confirmed by amira on 2026-11-29"), "{to_d}");

    // Decisions on pairs the page never showed are refused.
    let unrelated = amira
        .post(app.url(&format!("/investigator/reports/{b}/links")))
        .form(&[
            ("csrf", csrf_of(&page)),
            ("decision", format!("p1 {a}/place confirmed")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(unrelated.status(), 404);

    // Sign out (the last session: the workspace and its indexes leave memory), sign in
    // again: the index is rebuilt from sealed records and the decisions from sealed rows.
    let out = amira
        .post(app.url("/investigator/logout"))
        .form(&[("csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert_eq!(
        amira
            .get(app.url("/investigator/inbox"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    app.clock.advance(31);
    let code = totp.code_at(app.clock.unix()).unwrap();
    assert_eq!(
        login(&app, &amira, "amira", PASSWORD, &code).await.status(),
        303
    );
    let page = get(&app, &amira, &format!("/investigator/reports/{a}")).await;
    let links = person_one_links(&page);
    assert!(!links.iter().any(|l| l.contains(&b)), "still rejected");
    let to_d = links.iter().find(|l| l.contains(&d)).unwrap();
    assert!(to_d.contains("Confirmed by amira"), "still confirmed");

    // The entity's page: its reports and the variants, without the rejected report.
    let entity = get(
        &app,
        &amira,
        &format!("/investigator/reports/{a}/entities/p1"),
    )
    .await;
    for variant in ["陈伟", "Chan Wai", "(416) 555-0199", "Toronto"] {
        assert!(entity.contains(variant), "{variant} in {entity}");
    }
    assert!(entity.contains(&format!("/investigator/reports/{a}\"")));
    assert!(entity.contains(&format!("/investigator/reports/{d}\"")));
    assert!(!entity.contains(&b), "the rejected report is split off");
    assert!(!entity.contains("CHAN Wai"));
    assert_eq!(
        amira
            .get(app.url(&format!("/investigator/reports/{a}/entities/p9")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // Undo the rejection: the engine decides again.
    assert_eq!(decide(&app, &amira, &a, &b, "cleared").await.status(), 303);
    let page = get(&app, &amira, &format!("/investigator/reports/{a}")).await;
    assert!(person_one_links(&page).iter().any(|l| l.contains(&b)));

    // The audit trail records the decisions by their random ids only: which reports are
    // linked is investigation data, sealed.
    let audit = get(&app, &amira, "/investigator/admin/audit").await;
    for action in [
        "link rejected",
        "link confirmed",
        "link cleared",
        "entity viewed",
    ] {
        assert!(audit.contains(action), "{action} in the audit trail");
    }
    let decisions = Regex::new(r#"<td>link (?:rejected|confirmed|cleared)</td><td class="id">([^<]*)</td><td class="id">([^<]*)</td>"#)
        .unwrap();
    let subjects: Vec<_> = decisions.captures_iter(&audit).collect();
    assert_eq!(subjects.len(), 3);
    let random_id = Regex::new("^[0-9a-f]{32}$").unwrap();
    for row in subjects {
        assert!(random_id.is_match(&row[1]));
        for report in [&a, &b, &d] {
            assert!(!row[1].contains(report.as_str()) && !row[2].contains(report.as_str()));
        }
    }

    // On disk (database, objects, cache): no name, phone, address or city in clear.
    let files = all_files(&app.data_dir());
    assert!(!files.is_empty());
    for needle in [
        "陈伟",
        "CHAN Wai",
        "Chan Wai",
        "555-0199",
        "555 0199",
        "4165550199",
        "Maplewood",
        "Toronto",
    ] {
        for (path, bytes) in &files {
            assert!(
                !contains(bytes, needle.as_bytes()),
                "{needle} in clear in {}",
                path.display()
            );
        }
    }
}

/// Issue 16: the agent who called a family as "艾合买提" is linked to the "ئەخمەت" of a report
/// in Uyghur, and the reason names the rule. The reason is an English sentence: it is laid out
/// left to right (`dir="ltr"`, not `auto`, which would turn the whole sentence right to left
/// when it starts with a name in Arabic script).
#[tokio::test]
async fn a_uyghur_name_links_across_scripts_with_the_rule_named() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let a = submit(
        &app,
        &amira,
        "ug",
        &[
            ("subject", "happened_to_me"),
            ("narrative", "ئۇ ئانامغا تېلېفون قىلدى."),
            ("country", "CA"),
            ("city", "Toronto"),
            ("person1_names", "ئەخمەت"),
            ("person1_phones", "(416) 555-0142"),
        ],
    )
    .await;
    let b = submit(
        &app,
        &amira,
        "zh-Hans",
        &[
            ("subject", "happened_to_me"),
            ("narrative", "艾合买提给我家人打电话。"),
            ("country", "CA"),
            ("city", "Toronto"),
            ("person1_names", "艾合买提"),
        ],
    )
    .await;
    let page = get(&app, &amira, &format!("/investigator/reports/{b}")).await;
    let links = person_one_links(&page);
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(links[0].contains(&a), "{}", links[0]);
    assert!(
        links[0].contains(
            "<span class=\"reason\" dir=\"ltr\">艾合买提 = ئەخمەت, Chinese transcription of a Uyghur name, same city Toronto</span>"
        ),
        "{}",
        links[0]
    );
}
