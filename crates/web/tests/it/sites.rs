//! The site registry and its map over real HTTP (issue 5): create (placed offline at its
//! city), claims, link a report, a site from a report's place, publish (admins, public
//! sources only), exports (GeoJSON checked by Python's `geojson` package), the public export
//! that never carries anything from a witness report, import with a dry run, and what is in
//! clear at rest.

use regex::Regex;

use crate::helpers::{TestApp, all_files, contains, spawn_app};
use crate::workbench::{csrf_of, first_report_id, sign_in_new};

/// Placed in every answer of a witness report: it must never reach the public export.
const MARKER: &str = "WITNESS-MARKER-5f2c";
/// Placed in a site's notes: never published, never in clear.
const NOTE: &str = "NOTE-ONLY-FOR-INVESTIGATORS-91b";

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

fn site_id(location: &str) -> String {
    Regex::new(r"/investigator/sites/([0-9a-f]{32})")
        .unwrap()
        .captures(location)
        .unwrap_or_else(|| panic!("no site in {location}"))[1]
        .to_string()
}

/// Validates GeoJSON with an independent implementation: Python's `geojson` package, from
/// Debian's `python3-geojson` (.ci/run installs it), so Debian's interpreter when there is one.
fn python_validates(geojson: &str) {
    use std::io::Write;
    let python = if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let mut child = std::process::Command::new(python)
        .args([
            "-c",
            "import sys, geojson\n\
             obj = geojson.loads(sys.stdin.read())\n\
             assert isinstance(obj, geojson.FeatureCollection), type(obj)\n\
             assert obj.is_valid, obj.errors()\n\
             for f in obj['features']:\n\
             \x20   assert f.is_valid, f.errors()\n\
             print('valid', len(obj['features']))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with the geojson package (Debian python3-geojson: .ci/run installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(geojson.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "Python's geojson rejects the export: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn sites_are_created_linked_published_and_exported_without_anything_from_a_witness() {
    let app = spawn_app().await;
    let (admin, _) = sign_in_new(&app, "amira", None).await;
    let (colleague, _) = sign_in_new(&app, "bao", None).await;
    let response = app
        .submit(
            "en",
            &[
                ("subject", "station_information"),
                ("incident", "station_activity"),
                ("narrative", &format!("The station is run by {MARKER}.")),
                ("country", "IT"),
                ("city", "Prato"),
                ("place_kind", "station"),
                ("place_name", &format!("{MARKER} station")),
                ("place_address", &format!("{MARKER} street 1")),
            ],
            vec![],
        )
        .await;
    assert_eq!(response.status(), 200);
    let report = first_report_id(&app, &admin).await;

    // An empty registry; the map still draws the world.
    let (status, map) = page(&admin, &app, "/investigator/map").await;
    assert_eq!(status, 200);
    assert!(map.contains("<svg") && map.contains("Map of 0 sites"));

    // A site from public reporting, created by hand: no point given, so placed at its city
    // from the bundled gazetteer.
    let (_, new) = page(&admin, &app, "/investigator/sites/new").await;
    assert!(
        new.contains("Fuzhou Public Security Bureau"),
        "agency suggestions"
    );
    let csrf = csrf_of(&new);
    let created = post(
        &admin,
        &app,
        "/investigator/sites",
        &[
            ("csrf", &csrf),
            ("names", "Prato Overseas Service Station\n普拉托华侨服务站"),
            ("address", "Via Pistoiese 1"),
            ("city", "Prato"),
            ("country", "IT"),
            ("lat", ""),
            ("lon", ""),
            ("precision", "exact"),
            ("type", "station"),
            ("agency", "Fuzhou Public Security Bureau"),
            ("level", "corroborated"),
            ("notes", NOTE),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let public_site = site_id(&location(&created));
    let (_, shown) = page(&admin, &app, &format!("/investigator/sites/{public_site}")).await;
    assert!(shown.contains("普拉托华侨服务站"));
    assert!(
        shown.contains("43.88050, 11.09700 (City)"),
        "geocoded offline"
    );
    assert!(
        shown.contains("cannot be published"),
        "no public source yet"
    );

    // A bad claim comes back with the reason; a good one joins the timeline.
    let claim = |date: &'static str, url: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("action", "add".to_owned()),
            ("date", date.to_owned()),
            ("kind", "reported".to_owned()),
            ("source", "public".to_owned()),
            ("title", "110 Overseas".to_owned()),
            ("publisher", "Safeguard Defenders".to_owned()),
            ("source_date", "2022-09".to_owned()),
            ("url", url.to_owned()),
            ("summary", "Listed among 54 stations".to_owned()),
        ]
    };
    let claims_url = app.url(&format!("/investigator/sites/{public_site}/claims"));
    let bad = admin
        .post(&claims_url)
        .form(&claim("Sept 2022", "javascript:alert(1)"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("YYYY, YYYY-MM or YYYY-MM-DD") && bad.contains("https://"));
    let good = admin
        .post(&claims_url)
        .form(&claim(
            "2022-09-12",
            "https://safeguarddefenders.com/en/110-overseas",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), 303);

    // The report page offers the site (same city: suggested) and links the report to it.
    let (_, report_page) = page(&admin, &app, &format!("/investigator/reports/{report}")).await;
    assert!(report_page.contains("Prato Overseas Service Station, Prato (suggested: same city)"));
    let csrf_b = csrf_of(&report_page);
    let linked = post(
        &admin,
        &app,
        &format!("/investigator/reports/{report}/site"),
        &[("csrf", &csrf_b), ("site", &public_site)],
    )
    .await;
    assert_eq!(linked.status(), 303);
    let (_, shown) = page(&admin, &app, &format!("/investigator/sites/{public_site}")).await;
    assert!(shown.contains(&format!(
        "witness report <a href=\"/investigator/reports/{report}\""
    )));

    // A second site made from the report's place answer: the form comes filled in.
    let from_report = post(
        &admin,
        &app,
        &format!("/investigator/reports/{report}/site"),
        &[("csrf", &csrf_b), ("site", "new")],
    )
    .await;
    assert_eq!(
        location(&from_report),
        format!("/investigator/sites/new?report={report}")
    );
    let (_, draft) = page(&admin, &app, &location(&from_report)).await;
    assert!(
        draft.contains(&format!("{MARKER} station")) && draft.contains("Filled in from the report")
    );
    let witness_site = post(
        &admin,
        &app,
        "/investigator/sites",
        &[
            ("csrf", &csrf_of(&draft)),
            ("names", &format!("{MARKER} station")),
            ("address", &format!("{MARKER} street 1")),
            ("city", "Prato"),
            ("country", "IT"),
            ("lat", "43.8777"),
            ("lon", "11.1022"),
            ("precision", "street"),
            ("type", "station"),
            ("agency", ""),
            ("level", "allegation_only"),
            ("notes", ""),
            ("report", &report),
        ],
    )
    .await;
    assert_eq!(witness_site.status(), 303);
    let witness_site = site_id(&location(&witness_site));

    // Publishing: admins only, and only a site with a public-document source.
    let publish = |site: &str| format!("/investigator/sites/{site}/publish");
    // (bao is an investigator, not an admin; the refusal comes before any workspace check.)
    let (_, bao_page) = page(&colleague, &app, "/investigator/account").await;
    let refused = post(
        &colleague,
        &app,
        &publish(&public_site),
        &[("csrf", &csrf_of(&bao_page)), ("action", "publish")],
    )
    .await;
    assert_eq!(refused.status(), 403, "investigators do not publish");
    let refused = post(
        &admin,
        &app,
        &publish(&witness_site),
        &[("csrf", &csrf), ("action", "publish")],
    )
    .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Only a site with a claim from a public document")
    );
    let published = post(
        &admin,
        &app,
        &publish(&public_site),
        &[("csrf", &csrf), ("action", "publish")],
    )
    .await;
    assert_eq!(published.status(), 303);

    // The investigators' exports hold everything; the public export only the published
    // projection: no witness marker, report id, notes or unticked address.
    let (status, all) = page(&admin, &app, "/investigator/sites/export/sites.geojson").await;
    assert_eq!(status, 200);
    assert!(all.contains(MARKER) && all.contains(NOTE) && all.contains(&report));
    python_validates(&all);
    let (_, all_csv) = page(&admin, &app, "/investigator/sites/export/sites.csv").await;
    assert!(all_csv.starts_with("id,names,address,city,country,latitude,longitude"));
    assert_eq!(all_csv.lines().count(), 3);
    for file in ["public.geojson", "public.csv"] {
        let (status, public) =
            page(&admin, &app, &format!("/investigator/sites/export/{file}")).await;
        assert_eq!(status, 200, "{file}");
        assert!(
            public.contains("Prato Overseas Service Station")
                && public.contains("普拉托华侨服务站"),
            "{file}"
        );
        assert!(
            public.contains("safeguarddefenders.com"),
            "{file}: the public claim"
        );
        for secret in [
            MARKER,
            NOTE,
            report.as_str(),
            "Via Pistoiese",
            "witness",
            &witness_site,
        ] {
            assert!(!public.contains(secret), "{file} leaks {secret}: {public}");
        }
        if file.ends_with("geojson") {
            python_validates(&public);
            let json: serde_json::Value = serde_json::from_str(&public).unwrap();
            assert_eq!(json["features"].as_array().unwrap().len(), 1);
            assert_eq!(json["features"][0]["properties"]["level"], "corroborated");
        }
    }

    // An edit does not change what is published until an admin publishes again.
    let (_, shown) = page(&admin, &app, &format!("/investigator/sites/{public_site}")).await;
    assert!(shown.contains("Published on 2026-11-29"));
    assert!(!shown.contains("The site changed since"));

    // The map: world view, then Italy; markers link to the sites; the list beside it.
    let (_, map) = page(&admin, &app, "/investigator/map").await;
    assert!(map.contains("Map of 2 sites"));
    assert!(
        map.contains("2 sites: 1 allegation only, 1 corroborated"),
        "close together: one cluster"
    );
    assert!(map.contains("href=\"/investigator/map?country=IT\""));
    // Beside the world map, the sites by country (each a link to the country's view and
    // list), not one by one: the page stays light with thousands of sites.
    assert!(
        map.contains(
            "<li><a href=\"/investigator/map?country=IT\">Italy</a>: 2 site(s) (<a href=\"/investigator/sites?country=IT\">as a list</a>)</li>"
        ),
        "the world list counts the sites by country"
    );
    assert!(
        !map.contains(&format!(
            "<li><a href=\"/investigator/sites/{public_site}\""
        )),
        "the world list names no single site"
    );
    let script = crate::helpers::static_url_in(&map, "map").expect("the map page names map.js");
    assert!(map.contains(&format!("<script src=\"{script}\" defer></script>")));
    let (_, italy) = page(
        &admin,
        &app,
        "/investigator/map?country=IT&level=corroborated",
    )
    .await;
    assert!(italy.contains("Map of 1 sites in Italy"));
    assert!(italy.contains(&format!("<a href=\"/investigator/sites/{public_site}\">")));
    assert!(!italy.contains(&witness_site), "filtered out by level");
    let (_, none) = page(
        &admin,
        &app,
        "/investigator/sites?agency=Nantong%20Public%20Security%20Bureau",
    )
    .await;
    assert!(none.contains("No site matches."));

    // At rest: the unpublished site, the notes and the report are ciphertext; only the
    // published projection is in clear.
    let files = all_files(&app.data_dir());
    for secret in [MARKER, NOTE, "Via Pistoiese"] {
        assert!(
            !files
                .iter()
                .any(|(_, bytes)| contains(bytes, secret.as_bytes())),
            "{secret} in clear at rest"
        );
    }
    // The audit trail records the registry's changes and exports with ids, never content.
    let (_, audit) = page(&admin, &app, "/investigator/admin/audit").await;
    for action in ["site created", "site edited", "site published", "export"] {
        assert!(audit.contains(action), "{action}");
    }
    assert!(!audit.contains(MARKER) && !audit.contains("Prato Overseas"));
}

#[tokio::test]
async fn an_import_is_checked_row_by_row_and_written_all_or_nothing() {
    let app = spawn_app().await;
    let (investigator, _) = sign_in_new(&app, "amira", None).await;
    let (_, form) = page(&investigator, &app, "/investigator/sites/import").await;
    let csrf = csrf_of(&form);
    let import = |text: &str, format: &str, action: &str| {
        vec![
            ("csrf".to_owned(), csrf.clone()),
            ("format".to_owned(), format.to_owned()),
            ("text".to_owned(), text.to_owned()),
            ("action".to_owned(), action.to_owned()),
        ]
    };
    let url = app.url("/investigator/sites/import");
    let bad = "names,city,country,type,level,latitude,longitude\n\
               Rotterdam station,Rotterdam,NL,station,corroborated,,\n\
               ,Milan,IT,station,corroborated,,\n\
               Budapest office,Budapest,HU,castle,corroborated,,\n\
               Far away,,,station,corroborated,123,4\n";
    for action in ["check", "import"] {
        let response = investigator
            .post(&url)
            .form(&import(bad, "csv", action))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{action}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("3 row(s) with problems, 1 good."),
            "{action}: {html}"
        );
        assert!(html.contains("<tr><td>3</td><td>At least one name is required.</td></tr>"));
        assert!(
            html.contains("<td>4</td><td>Unknown type &#34;castle&#34;")
                || html.contains("<td>4</td><td>Unknown type &quot;castle&quot;"),
            "{html}"
        );
        assert!(html.contains("<td>5</td><td>Latitude must be between"));
        assert!(html.contains("Nothing was written."));
    }
    let (_, list) = page(&investigator, &app, "/investigator/sites").await;
    assert!(
        list.contains("0 of 0 site(s)"),
        "all or nothing: the good row was not written"
    );

    let good = "names,city,country,type,level,agency\n\
                Rotterdam station | 鹿特丹站,Rotterdam,NL,station,corroborated,Fuzhou Public Security Bureau\n\
                Budapest office,Budapest,HU,association_office,allegation_only,Qingtian County Public Security Bureau\n";
    let dry = investigator
        .post(&url)
        .form(&import(good, "csv", "check"))
        .send()
        .await
        .unwrap();
    assert_eq!(dry.status(), 200);
    assert!(
        dry.text()
            .await
            .unwrap()
            .contains("2 site(s) ready, no problem.")
    );
    let (_, list) = page(&investigator, &app, "/investigator/sites").await;
    assert!(list.contains("0 of 0 site(s)"), "a dry run writes nothing");
    let done = investigator
        .post(&url)
        .form(&import(good, "csv", "import"))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.text().await.unwrap().contains("Imported 2 site(s)."));
    let (_, list) = page(
        &investigator,
        &app,
        "/investigator/sites?agency=Qingtian%20County%20Public%20Security%20Bureau",
    )
    .await;
    assert!(list.contains("1 of 2 site(s)") && list.contains("Budapest office"));

    // GeoJSON: a feature that is not a Point is named by its number.
    let geojson = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.86]},"properties":{"names":["Paris office"],"country":"FR","type":"association_office"}},
      {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"names":["Area"]}}]}"#;
    let response = investigator
        .post(&url)
        .form(&import(geojson, "geojson", "import"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("<th scope=\"col\">Feature</th>")
            && html.contains("<td>2</td><td>The geometry is a Polygon")
    );
    // What the workbench exports, it imports: a round trip doubles the registry.
    let (_, exported) = page(
        &investigator,
        &app,
        "/investigator/sites/export/sites.geojson",
    )
    .await;
    let response = investigator
        .post(&url)
        .form(&import(&exported, "geojson", "import"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (_, list) = page(&investigator, &app, "/investigator/sites").await;
    assert!(list.contains("4 of 4 site(s)"));
}

#[tokio::test]
async fn a_registry_file_is_uploaded_checked_kept_in_the_box_and_never_written_to_disk() {
    use reqwest::multipart::{Form, Part};
    let app = crate::helpers::spawn_app_with(crate::helpers::Options {
        limits: quietline_core::Limits {
            max_import_bytes: 4096,
            ..quietline_core::Limits::default()
        },
        ..crate::helpers::Options::default()
    })
    .await;
    let (investigator, _) = sign_in_new(&app, "amira", None).await;
    let (_, form) = page(&investigator, &app, "/investigator/sites/import").await;
    assert!(form.contains(r#"enctype="multipart/form-data""#) && form.contains(r#"type="file""#));
    let csrf = csrf_of(&form);
    let url = app.url("/investigator/sites/import");
    let upload = |file_name: &str, bytes: Vec<u8>, text: &str, action: &str| {
        Form::new()
            .text("csrf", csrf.clone())
            .text("format", "auto")
            .part("file", Part::bytes(bytes).file_name(file_name.to_owned()))
            .text("text", text.to_owned())
            .text("action", action.to_owned())
    };

    // A spreadsheet's "CSV UTF-8" (byte-order mark first), format told by the file name; the
    // file wins over text left in the box.
    let csv = format!(
        "\u{feff}names,city,country,type,level,notes\n\
         Rotterdam station | 鹿特丹站,Rotterdam,NL,station,corroborated,{NOTE}\n\
         Budapest office,Budapest,HU,association_office,allegation_only,\n"
    );
    let response = investigator
        .post(&url)
        .multipart(upload(
            "registry.csv",
            csv.clone().into_bytes(),
            "ignored",
            "check",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("2 site(s) ready, no problem."), "{html}");
    assert!(html.contains("Contents of registry.csv"), "{html}");
    assert!(
        html.contains(&format!(
            "Rotterdam station | 鹿特丹站,Rotterdam,NL,station,corroborated,{NOTE}"
        )),
        "the file's contents are back in the box for Import: {html}"
    );
    assert!(
        html.contains(r#"value="csv" checked"#),
        "read as CSV: {html}"
    );
    let (_, list) = page(&investigator, &app, "/investigator/sites").await;
    assert!(list.contains("0 of 0 site(s)"), "a dry run writes nothing");

    // Import from the box (the file input is empty again after a page load).
    let text_back = csv.trim_start_matches('\u{feff}');
    let response = investigator
        .post(&url)
        .multipart(upload("", Vec::new(), text_back, "import"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Imported 2 site(s).")
    );

    // GeoJSON told by the extension, with a problem listed by feature number.
    let geojson = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.86]},"properties":{"names":["Paris office"],"country":"FR"}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,148.86]},"properties":{"names":["Nowhere"]}}]}"#;
    let response = investigator
        .post(&url)
        .multipart(upload(
            "sites.GeoJSON",
            geojson.as_bytes().to_vec(),
            "",
            "import",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("<th scope=\"col\">Feature</th>") && html.contains("<td>2</td>"),
        "{html}"
    );
    assert!(html.contains("Paris office"), "kept in the box: {html}");

    // Not UTF-8: said in words, and what was pasted stays.
    let response = investigator
        .post(&url)
        .multipart(upload(
            "latin1.csv",
            b"names\nS\xe3o Paulo office\n".to_vec(),
            "pasted text stays",
            "check",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("is not UTF-8 text") && html.contains("pasted text stays"),
        "{html}"
    );

    // Over the configured limit: 413 with the limit, nothing written.
    let big = format!("names\n{}", "Big office\n".repeat(600));
    let response = investigator
        .post(&url)
        .multipart(upload("big.csv", big.into_bytes(), "", "import"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("larger than this server accepts") && html.contains("--max-import-mib"),
        "{html}"
    );
    let (_, list) = page(&investigator, &app, "/investigator/sites").await;
    assert!(list.contains("2 of 2 site(s)"), "{list}");

    // Without the CSRF token nothing is read into the registry.
    let forged = Form::new()
        .text("format", "csv")
        .part(
            "file",
            Part::bytes(b"names\nForged\n".to_vec()).file_name("x.csv"),
        )
        .text("action", "import");
    let response = investigator
        .post(&url)
        .multipart(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    // The uploads were held in memory only: the note is nowhere on disk in clear.
    for (path, bytes) in all_files(&app.data_dir()) {
        assert!(
            !contains(&bytes, NOTE.as_bytes()),
            "{NOTE} in clear in {}",
            path.display()
        );
    }
}

/// Posts `form` to `path`, as a browser would.
async fn send(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

/// The site form's fields with `changes` made to them, as a browser posts the edit form of
/// `page` (its hidden fields, the version it was opened at among them, come from the page).
fn edit_form(page: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    // The last form of the page: a new site's, or the site page's "Edit".
    let form = &page[page.rfind("class=\"site-form\"").expect("the site's form")..];
    let mut fields: Vec<(String, String)> =
        Regex::new(r#"<input type="hidden" name="(\w+)" value="([^"]*)">"#)
            .unwrap()
            .captures_iter(form)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect();
    for (name, value) in [
        ("names", "Milan Overseas Service Station"),
        ("address", "Via Paolo Sarpi 1"),
        ("city", "Milan"),
        ("country", "IT"),
        ("lat", ""),
        ("lon", ""),
        ("precision", "exact"),
        ("type", "station"),
        ("agency", ""),
        ("level", "allegation_only"),
        ("notes", ""),
    ] {
        let value = changes
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(value, |(_, v)| *v);
        fields.push((name.to_owned(), value.to_owned()));
    }
    fields
}

#[tokio::test]
async fn an_edit_made_from_a_page_opened_before_a_colleague_saved_is_refused_with_both_versions() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let (_, bao_totp) = sign_in_new(&app, "bao", None).await;
    // amira (the admin) gives bao the workspace key; bao signs in again (another browser) to
    // use it.
    let (_, admin_page) = page(&amira, &app, "/investigator/admin/investigators").await;
    let granted = post(
        &amira,
        &app,
        "/investigator/admin/investigators/bao/grant",
        &[("csrf", &csrf_of(&admin_page))],
    )
    .await;
    assert_eq!(granted.status(), 200);
    app.clock.advance(31);
    let code = bao_totp.code_at(app.clock.unix()).unwrap();
    let bao = crate::helpers::client();
    let again = crate::workbench::login(&app, &bao, "bao", crate::workbench::PASSWORD, &code).await;
    assert_eq!(again.status(), 303, "{}", again.text().await.unwrap());

    let (_, new) = page(&amira, &app, "/investigator/sites/new").await;
    let created = send(&amira, &app, "/investigator/sites", &edit_form(&new, &[])).await;
    assert_eq!(created.status(), 303);
    let site = site_id(&location(&created));
    let path = format!("/investigator/sites/{site}");

    // Both open the site; amira saves first.
    let (_, amira_page) = page(&amira, &app, &path).await;
    let (status, bao_page) = page(&bao, &app, &path).await;
    assert_eq!(status, 200, "bao holds the workspace key");
    let saved = send(
        &amira,
        &app,
        &path,
        &edit_form(
            &amira_page,
            &[
                ("agency", "Wenzhou Public Security Bureau"),
                ("notes", "AMIRA-NOTE: the landlord confirmed the lease"),
            ],
        ),
    )
    .await;
    assert_eq!(saved.status(), 303);

    // bao's save, made from the page opened before amira's, is refused: nothing of it is
    // saved, and the page shows amira's version beside bao's, whose values fill the form.
    let refused = send(
        &bao,
        &app,
        &path,
        &edit_form(
            &bao_page,
            &[
                ("level", "corroborated"),
                ("notes", "BAO-NOTE: two press articles"),
            ],
        ),
    )
    .await;
    assert_eq!(refused.status(), 409);
    let conflict = refused.text().await.unwrap();
    assert!(conflict.contains("Someone saved this site after you opened it"));
    let compared =
        &conflict[conflict.find("id=\"conflict\"").unwrap()..conflict.find("</table>").unwrap()];
    for shown in [
        "AMIRA-NOTE: the landlord confirmed the lease",
        "BAO-NOTE: two press articles",
        "Wenzhou Public Security Bureau",
        "Corroborated",
        "Notes <strong>(differs)</strong>",
        "Operating agency <strong>(differs)</strong>",
        "Verification level <strong>(differs)</strong>",
    ] {
        assert!(compared.contains(shown), "{shown} in {compared}");
    }
    assert!(!compared.contains("City <strong>(differs)</strong>"));
    let form = &conflict[conflict.find("<section id=\"edit\">").unwrap()..];
    assert!(
        form.contains(">BAO-NOTE: two press articles</textarea>"),
        "bao's typing is kept"
    );
    assert!(form.contains("<option value=\"corroborated\" selected>"));
    assert!(
        form.contains("name=\"version\" value=\"2\""),
        "saving again is made from amira's version"
    );

    let (_, now_saved) = page(&amira, &app, &path).await;
    assert!(now_saved.contains("AMIRA-NOTE") && !now_saved.contains("BAO-NOTE"));
    assert!(now_saved.contains("Allegation only"));

    // Saving again from the conflict page, having seen amira's version, goes through.
    let resaved = send(
        &bao,
        &app,
        &path,
        &edit_form(
            &conflict,
            &[
                ("agency", "Wenzhou Public Security Bureau"),
                ("level", "corroborated"),
                (
                    "notes",
                    "AMIRA-NOTE: the landlord confirmed the lease\nBAO-NOTE: two press articles",
                ),
            ],
        ),
    )
    .await;
    assert_eq!(resaved.status(), 303);
    let (_, merged) = page(&amira, &app, &path).await;
    assert!(
        merged.contains("AMIRA-NOTE")
            && merged.contains("BAO-NOTE")
            && merged.contains("Corroborated")
    );

    // The audit trail records the two saves, not the refused one.
    let (_, audit) = page(&amira, &app, "/investigator/admin/audit").await;
    assert_eq!(audit.matches("site edited").count(), 2, "{audit}");
}

/// The hidden fields of the form that removes the claim dated `date` on `page`, as the page
/// has them.
fn remove_claim_form(page: &str, date: &str) -> Vec<(String, String)> {
    let item = Regex::new(&format!(
        r#"(?s)<li><strong>{date}</strong>.*?<form method="post" action="[^"]*/claims" class="inline">(.*?)</form></li>"#
    ))
    .unwrap()
    .captures(page)
    .unwrap_or_else(|| panic!("no claim dated {date}"))[1]
        .to_string();
    Regex::new(r#"<input type="hidden" name="(\w+)" value="([^"]*)">"#)
        .unwrap()
        .captures_iter(&item)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

#[tokio::test]
async fn removing_a_claim_from_a_page_opened_before_another_was_added_removes_that_claim() {
    let app = spawn_app().await;
    let (amira, _) = sign_in_new(&app, "amira", None).await;
    let (_, new) = page(&amira, &app, "/investigator/sites/new").await;
    let created = send(&amira, &app, "/investigator/sites", &edit_form(&new, &[])).await;
    let site = site_id(&location(&created));
    let path = format!("/investigator/sites/{site}");
    let csrf = csrf_of(&new);
    let add = |date: &'static str, title: &'static str| {
        let (client, url, csrf) = (
            amira.clone(),
            app.url(&format!("{path}/claims")),
            csrf.clone(),
        );
        async move {
            let added = client
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("action", "add"),
                    ("date", date),
                    ("kind", "reported"),
                    ("source", "public"),
                    ("title", title),
                    ("publisher", "Safeguard Defenders"),
                    ("source_date", ""),
                    ("url", ""),
                    ("summary", ""),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(added.status(), 303, "{date}");
        }
    };
    add("2022-09-12", "CLAIM-A 110 Overseas").await;
    add("2023-05", "CLAIM-B Patrol and Persuade").await;
    let (_, stale) = page(&amira, &app, &path).await;

    // A claim added after the page was opened, dated before both: first on the timeline.
    add("2021-03", "CLAIM-C earlier article").await;
    let removed = send(
        &amira,
        &app,
        &format!("{path}/claims"),
        &remove_claim_form(&stale, "2022-09-12"),
    )
    .await;
    assert_eq!(removed.status(), 303);
    let (_, after) = page(&amira, &app, &path).await;
    assert!(
        !after.contains("CLAIM-A"),
        "the claim the stale page showed is removed"
    );
    assert!(
        after.contains("CLAIM-B") && after.contains("CLAIM-C"),
        "no other is"
    );

    // The same form again: that claim is gone, nothing else is removed.
    let again = send(
        &amira,
        &app,
        &format!("{path}/claims"),
        &remove_claim_form(&stale, "2022-09-12"),
    )
    .await;
    assert_eq!(again.status(), 422);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("That claim is no longer on this site")
    );
    let (_, after) = page(&amira, &app, &path).await;
    assert!(after.contains("CLAIM-B") && after.contains("CLAIM-C"));

    // A refused claim comes back with what was typed.
    let refused = amira
        .post(app.url(&format!("{path}/claims")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("action", "add"),
            ("date", "2024-13"),
            ("kind", "investigated"),
            ("source", "public"),
            ("title", "TYPED-TITLE"),
            ("publisher", "Il Foglio"),
            ("summary", "TYPED-SUMMARY"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap();
    for kept in [
        "value=\"2024-13\"",
        "value=\"TYPED-TITLE\"",
        "value=\"TYPED-SUMMARY\"",
        "<option value=\"investigated\" selected>",
    ] {
        assert!(refused.contains(kept), "{kept}");
    }
}
