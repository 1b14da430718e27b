//! Site suggestions on a report's page, from the cross-referencing engine (issue 5, point 1),
//! over real HTTP: the engine reads "5-1200 Maplewood Avenue" as the registry's "Unit 5, 1200
//! Maplewood Ave" and says why, while a building a few doors away is only a same-city hint.
//! When the registry cannot be read, the page says so instead of showing no site.

use regex::Regex;

use crate::helpers::spawn_app;
use crate::workbench::{csrf_of, first_report_id, sign_in_new};

/// The `<option>` for a site in the report page's site select.
fn option_for<'a>(page: &'a str, site: &str) -> &'a str {
    let at = page
        .find(&format!(r#"<option value="{site}""#))
        .unwrap_or_else(|| panic!("no option for {site}"));
    let end = page[at..].find("</option>").unwrap() + at;
    &page[at..end]
}

#[tokio::test]
async fn a_reports_place_gets_the_site_the_engine_judges_the_same_with_its_reason() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let response = app
        .submit(
            "en",
            &[
                ("subject", "station_information"),
                ("incident", "station_activity"),
                (
                    "narrative",
                    "They asked me to come to the office on Maplewood.",
                ),
                ("country", "CA"),
                ("city", "Toronto"),
                ("place_kind", "association_office"),
                ("place_name", "Toronto Fujian Association"),
                ("place_address", "5-1200 Maplewood Avenue"),
            ],
            vec![],
        )
        .await;
    assert_eq!(response.status(), 200);
    let report = first_report_id(&app, &amira).await;

    // Three sites: the same unit written the registry's way, a building a few doors away in
    // the same city, and one elsewhere.
    let new = amira
        .get(app.url("/investigator/sites/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&new);
    let site_in = Regex::new(r"/investigator/sites/([0-9a-f]{32})").unwrap();
    let mut ids = Vec::new();
    for (name, address, city) in [
        (
            "Maplewood Community Centre",
            "Unit 5, 1200 Maplewood Ave",
            "Toronto",
        ),
        ("Golden Dragon Travel", "1206 Maplewood Ave", "Toronto"),
        (
            "Pacific Overseas Chinese Service",
            "88 Main St",
            "Vancouver",
        ),
    ] {
        let created = amira
            .post(app.url("/investigator/sites"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("names", name),
                ("address", address),
                ("city", city),
                ("country", "CA"),
                ("lat", ""),
                ("lon", ""),
                ("precision", "city"),
                ("type", "association_office"),
                ("agency", ""),
                ("level", "allegation_only"),
                ("notes", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 303, "{name}");
        let location = created.headers()["location"].to_str().unwrap().to_owned();
        ids.push(site_in.captures(&location).unwrap()[1].to_string());
    }
    let (unit, next_door, vancouver) = (&ids[0], &ids[1], &ids[2]);

    let page = amira
        .get(app.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The engine's suggestion, with its reason, listed first and preselected.
    let unit_option = option_for(&page, unit);
    assert!(unit_option.contains(" selected"), "{unit_option}");
    assert!(
        unit_option.contains("Maplewood Community Centre, Toronto (suggested: same address"),
        "{unit_option}"
    );
    let reason = Regex::new(&format!(
        r#"<li><a href="/investigator/sites/{unit}" dir="auto">Maplewood Community Centre, Toronto</a>: <span class="reason" dir="auto">(same address [^<]*)</span></li>"#
    ))
    .unwrap()
    .captures(&page)
    .unwrap_or_else(|| panic!("no reason listed for the unit"))[1]
        .to_lowercase();
    assert!(
        reason.contains("1200") && reason.contains("maplewood") && reason.contains("5"),
        "{reason}"
    );
    assert!(
        page.find(&format!("/investigator/sites/{unit}\"")).unwrap()
            < page
                .find(&format!("/investigator/sites/{next_door}\""))
                .unwrap(),
        "the engine's suggestion comes before the weaker ones"
    );
    // A few doors away: not the engine's (different building), only the weaker same-city
    // hint, after it.
    let next_option = option_for(&page, next_door);
    assert!(
        next_option.contains("Golden Dragon Travel, Toronto (suggested: same city)"),
        "{next_option}"
    );
    assert!(!next_option.contains(" selected") && !next_option.contains("same address"));
    // Elsewhere: not suggested at all.
    let far = option_for(&page, vancouver);
    assert!(!far.contains("suggested"), "{far}");

    // Linking follows the suggestion.
    let linked = amira
        .post(app.url(&format!("/investigator/reports/{report}/site")))
        .form(&[("csrf", csrf_of(&page).as_str()), ("site", unit.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(linked.status(), 303);
    let page = amira
        .get(app.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(
        r#"Linked to: <a href="/investigator/sites/{unit}" dir="auto">Maplewood Community Centre</a>"#
    )));
    assert!(!page.contains(&format!(r#"<option value="{unit}""#)));
}

#[tokio::test]
async fn a_report_page_says_its_sites_are_unavailable_when_the_registry_cannot_be_read() {
    let app = spawn_app().await;
    // A site row that no key opens (a damaged disk, an intruder), written with Python's
    // sqlite3 before anyone unlocks the workspace.
    let db = app.data_dir().join("quietline.db");
    let written = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys\n\
             db = sqlite3.connect(sys.argv[1])\n\
             db.execute(\"INSERT INTO sites (id, created_day, updated_day, sealed) \
             VALUES ('0123456789abcdef0123456789abcdef', '2026-11-29', '2026-11-29', \
             x'6e6f7420616e2061676520666c6965')\")\n\
             db.commit()",
        ])
        .arg(&db)
        .status()
        .expect("python3");
    assert!(written.success());

    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let response = app
        .submit(
            "en",
            &[
                ("subject", "station_information"),
                ("incident", "station_activity"),
                (
                    "narrative",
                    "NARRATIVE-7c1: the station on Maplewood Avenue.",
                ),
                ("city", "Toronto"),
            ],
            vec![],
        )
        .await;
    assert_eq!(response.status(), 200);
    let report = first_report_id(&app, &amira).await;
    let page = amira
        .get(app.url(&format!("/investigator/reports/{report}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "the report itself opens");
    let page = page.text().await.unwrap();
    assert!(page.contains("NARRATIVE-7c1"));
    assert!(
        page.contains("The site registry cannot be read right now"),
        "not an empty list of sites"
    );
    assert!(!page.contains("Link this report's place to"));
}

/// An address typed on two lines keeps its line break on its way into the registry (the
/// site form made from the report's place) and is the same place as the same address written
/// on one line (issue 13, point 4).
#[tokio::test]
async fn an_address_on_two_lines_keeps_its_line_break_and_meets_its_one_line_form() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let two_lines = "Westblaak 12\n3012 KL Rotterdam";
    let response = app
        .submit(
            "en",
            &[
                ("subject", "station_information"),
                ("narrative", "An office on the Westblaak."),
                ("country", "NL"),
                ("city", "Rotterdam"),
                ("place_name", "Rotterdam Fuqing Association"),
                ("place_address", two_lines),
            ],
            vec![],
        )
        .await;
    assert_eq!(response.status(), 200);
    let report = first_report_id(&app, &amira).await;
    let get = |path: String| {
        let amira = amira.clone();
        let url = app.url(&path);
        async move { amira.get(url).send().await.unwrap().text().await.unwrap() }
    };

    // The report page shows the address with its line break (the value keeps it; the
    // workbench's stylesheet shows it).
    let page = get(format!("/investigator/reports/{report}")).await;
    assert!(
        page.contains(&format!(r#"<dd dir="auto">{two_lines}</dd>"#)),
        "report page"
    );

    // The site form filled in from the report: a box that keeps line breaks, with both lines.
    let draft = get(format!("/investigator/sites/new?report={report}")).await;
    assert!(
        draft.contains(&format!(
            r#"<textarea id="address" name="address" rows="2" dir="auto">{two_lines}</textarea>"#
        )),
        "the address box keeps the line break"
    );
    // Saved as the browser sends a textarea (CRLF), shown back with its line break.
    let created = amira
        .post(app.url("/investigator/sites"))
        .form(&[
            ("csrf", csrf_of(&draft).as_str()),
            ("names", "Rotterdam Fuqing Association"),
            ("address", "Westblaak 12\r\n3012 KL Rotterdam"),
            ("city", "Rotterdam"),
            ("country", "NL"),
            ("lat", ""),
            ("lon", ""),
            ("precision", "city"),
            ("type", "association_office"),
            ("agency", ""),
            ("level", "allegation_only"),
            ("notes", ""),
            ("report", report.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303);
    let site = created.headers()["location"].to_str().unwrap().to_owned();
    let shown = get(site.clone()).await;
    assert!(
        shown.contains(&format!(
            r#"<textarea id="address" name="address" rows="2" dir="auto">{two_lines}</textarea>"#
        )),
        "the site keeps the line break (CRLF as sent, LF as kept)"
    );

    // A second report writes the same address on one line: the site is suggested as the same
    // address.
    let response = app
        .submit(
            "en",
            &[
                ("subject", "station_information"),
                ("narrative", "The same office, I think."),
                ("country", "NL"),
                ("city", "Rotterdam"),
                ("place_address", "Westblaak 12, 3012 KL Rotterdam"),
            ],
            vec![],
        )
        .await;
    assert_eq!(response.status(), 200);
    let inbox = get("/investigator/inbox".into()).await;
    let second = Regex::new(r"/investigator/reports/([0-9a-f]{32})")
        .unwrap()
        .captures_iter(&inbox)
        .map(|c| c[1].to_string())
        .find(|id| *id != report)
        .expect("the second report in the inbox");
    let page = get(format!("/investigator/reports/{second}")).await;
    let site_id = site.rsplit('/').next().unwrap();
    let option = option_for(&page, site_id);
    assert!(
        option.contains("(suggested: same address"),
        "the one-line address meets the two-line one: {option}"
    );
}
