//! A real browser, headless Chromium with JavaScript turned off, driven through WebDriver
//! (Debian's chromium and chromium-driver): the reporter submits, the investigator signs in
//! (enrolling TOTP), reads and replies, imports sites and looks at their map, the reporter
//! reads the reply. A second test turns JavaScript on for what the workbench's only script
//! adds: zooming the map and placing a site by a click (and uploads a registry file). A third
//! walks reporters through in Uyghur (right to left) and Italian, and in Tibetan, checking the
//! layout mirrors, with axe-core (npm, injected through WebDriver) finding no accessibility
//! problem on any page. Screenshots of each step go to `target/tmp/screenshots/` (not
//! committed); with `QUIETLINE_DOC_SCREENSHOTS=1` they are also copied to docs/images/ for
//! docs/investigators.md and docs/reporters.md.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use quietline_crypto::TotpSecret;
use quietline_service::{Clock as _, SystemClock};
use secrecy::SecretString;

use crate::helpers::{TestApp, in_digits, spawn_app};

struct Driver {
    process: Child,
    url: String,
    /// One browser profile per session (Chromium refuses to share one).
    profiles: std::sync::Mutex<Vec<tempfile::TempDir>>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

async fn start_driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let process = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "chromedriver is needed (Debian package chromium-driver; .ci/run installs it): {e}"
            )
        });
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver {
        process,
        url: format!("http://127.0.0.1:{port}"),
        profiles: std::sync::Mutex::default(),
    }
}

/// Chromium with JavaScript off, as in Tor Browser's "Safest" setting (every page must work).
async fn browser(driver: &Driver) -> Client {
    browser_with(driver, false).await
}

async fn browser_with(driver: &Driver, javascript: bool) -> Client {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().display().to_string();
    driver.profiles.lock().unwrap().push(dir);
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1100,1600", "--lang=en", format!("--user-data-dir={profile}"),
            ],
            // 2: blocked; 1: allowed.
            "prefs": {
                "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 }
            }
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|e| panic!("could not start Chromium through chromedriver: {e}"))
}

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshots_dir().join(format!("{name}.png")), &png).unwrap();
    if std::env::var_os("QUIETLINE_DOC_SCREENSHOTS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/images");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join(format!("{name}.png")), &png).unwrap();
    }
}

/// Finds an element and acts on it. A page still loading after a form post can replace the
/// element between finding it and acting ("stale element"): then it is found again, a few times.
async fn act<F, Fut>(client: &Client, css: &str, action: F)
where
    F: Fn(fantoccini::elements::Element) -> Fut,
    Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
{
    let mut tries = 0;
    loop {
        let result = match client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => action(element).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => return,
            Err(e) if tries < 3 => {
                tries += 1;
                eprintln!("{css}: {e}; trying again");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("{css}: {e}"),
        }
    }
}

async fn fill(client: &Client, css: &str, text: &str) {
    act(client, css, |element| async move {
        element.send_keys(text).await
    })
    .await;
}

async fn click(client: &Client, css: &str) {
    act(client, css, |element| async move {
        element.click().await.map(drop)
    })
    .await;
}

/// Clicks a button that sends its form, and waits (up to 10 s) until the next page has
/// replaced this one: a click returns before the next page loads, and waiting for an element
/// that both pages have would read the old one.
async fn click_and_load(client: &Client, css: &str) {
    let old = client.find(Locator::Css("html")).await.unwrap();
    click(client, css).await;
    let deadline = SystemClock.instant() + Duration::from_secs(10);
    while SystemClock.instant() < deadline {
        // The old page's root is gone once the new page is there.
        if old.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("clicking {css} loaded no new page");
}

/// Waits (up to 10 s) for an element: a form post and its redirect may still be under way.
/// Waits until the page's address ends with `fragment` (a form sent to `...#part` has loaded):
/// a click returns before the next page does.
async fn wait_for_fragment(client: &Client, fragment: &str) {
    for _ in 0..100 {
        let url = client.current_url().await.unwrap();
        if url.fragment() == Some(fragment) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never reached #{fragment}");
}

async fn wait_for(client: &Client, css: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waited for {css}: {e}"));
}

/// Waits until the element `css` says `needle`, and gives its text. After a click that loads
/// a new page, the old page's element may still be there (or gone while the new one loads):
/// only the new text says the new page has arrived.
async fn wait_for_text(client: &Client, css: &str, needle: &str) -> String {
    let deadline = SystemClock.instant() + Duration::from_secs(10);
    let mut last = String::new();
    while SystemClock.instant() < deadline {
        if let Ok(element) = client.find(Locator::Css(css)).await
            && let Ok(said) = element.text().await
        {
            if said.contains(needle) {
                return said;
            }
            last = said;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} never said {needle:?}; last: {last:?}")
}

async fn text(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Signs in for the first time in the browser (password, then enrolment of the second
/// factor with the secret the page shows) and waits for the inbox.
/// Enrols on the sign-in page: password, then the authenticator's code. `shot` names a
/// screenshot of the enrolment page; `axe`, when given, checks that page with axe-core.
async fn enrol(
    investigator: &Client,
    app: &TestApp,
    username: &str,
    shot: Option<&str>,
    axe: Option<&str>,
) {
    fill(investigator, "#username", username).await;
    fill(investigator, "#password", "correct horse battery staple").await;
    click(investigator, r#"button[type="submit"]"#).await;
    wait_for(investigator, "#totp-secret").await;
    let secret = text(investigator, "#totp-secret").await;
    if let Some(name) = shot {
        screenshot(investigator, name).await;
    }
    if let Some(axe) = axe {
        assert_accessible(investigator, axe, "the enrolment page").await;
    }
    let totp = TotpSecret::from_base32(&secret).unwrap();
    fill(
        investigator,
        "#code",
        &totp.code_at(app.clock.unix()).unwrap(),
    )
    .await;
    click(investigator, "main form button").await;
    wait_for(investigator, "table.inbox").await;
    assert!(
        investigator
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/investigator/inbox")
    );
}

#[tokio::test]
async fn with_javascript_off_a_reporter_submits_and_an_investigator_reads_and_replies() {
    let app: TestApp = spawn_app().await;
    // The first investigator exists before reports arrive (as after `quietline investigator add`).
    app.instance
        .add_investigator(
            "amira",
            &SecretString::from("correct horse battery staple"),
            None,
            app.clock.now_date(),
        )
        .await
        .unwrap();
    let driver = start_driver().await;
    let client = browser(&driver).await;

    // JavaScript really is off.
    client
        .goto("data:text/html,<title>before</title><script>document.title='js ran'</script>")
        .await
        .unwrap();
    assert_eq!(
        client.title().await.unwrap(),
        "before",
        "JavaScript must be disabled in this browser"
    );

    // The reporter, in Traditional Chinese.
    client.goto(&app.url("/")).await.unwrap();
    screenshot(&client, "reporter-languages").await;
    client.goto(&app.url("/zh-Hant/report")).await.unwrap();
    screenshot(&client, "reporter-form").await;
    click(
        &client,
        r#"input[name="subject"][value="happened_to_someone"]"#,
    )
    .await;
    click(
        &client,
        r#"input[name="incident"][value="family_pressure"]"#,
    )
    .await;
    fill(&client, "#city", "Toronto").await;
    fill(&client, "#person1_names", "陳偉 / Chan Wai").await;
    fill(&client, "#person1_phones", "(416) 555-0199").await;
    fill(&client, "#narrative", "他們到我父母家，要我回國。").await;
    // A date typed without ticking "on a date I know" still counts (the investigator sees it).
    fill(&client, "#when_date", "2024-03-17").await;
    // Changing language keeps what was typed (the languages are buttons of the form): to
    // English and back, nothing filed on the way.
    for (tag, title) in [("en", "English"), ("zh-Hant", "繁體中文")] {
        click(
            &client,
            &format!(r#"button[name="language"][value="{tag}"]"#),
        )
        .await;
        wait_for(&client, &format!(r#"html[lang="{tag}"]"#)).await;
        let kept = client
            .execute(
                "return [document.documentElement.lang,
                         document.querySelector('#narrative').value,
                         document.querySelector('#city').value,
                         document.querySelector('#person1_names').value,
                         document.querySelector('input[name=\"subject\"]:checked').value];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            kept,
            serde_json::json!([
                tag,
                "他們到我父母家，要我回國。",
                "Toronto",
                "陳偉 / Chan Wai",
                "happened_to_someone"
            ]),
            "after choosing {title}"
        );
    }
    assert_eq!(
        app.report_rows().await,
        0,
        "changing language filed nothing"
    );
    // "Add more people" brings the reporter back to the people, not to the top of the page.
    click(&client, r#"button[name="more_people"]"#).await;
    wait_for_fragment(&client, "people").await;
    wait_for(&client, "#person4_names").await;
    let place = client
        .execute(
            "const r = document.querySelector('#people').getBoundingClientRect();
             return [location.hash, window.scrollY > 0, r.top < window.innerHeight && r.bottom > 0,
                     document.querySelector('#narrative').value];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        place,
        serde_json::json!(["#people", true, true, "他們到我父母家，要我回國。"]),
        "back at the people after adding more"
    );
    let evidence_dir = tempfile::tempdir().unwrap();
    let evidence = evidence_dir.path().join("wechat-chat.txt");
    std::fs::write(&evidence, "昨天晚上的微信對話").unwrap();
    fill(&client, "#files", &evidence.display().to_string()).await;
    click(&client, r#"input[name="consent"][value="follow_up"]"#).await;
    click(&client, "button.primary").await;
    wait_for(&client, "#receipt").await;
    let receipt = text(&client, "#receipt").await;
    assert_eq!(receipt.split(' ').count(), 5, "receipt shown: {receipt}");
    screenshot(&client, "reporter-receipt").await;
    // Leaving the receipt page needs its last four digits; wrong ones keep the page (and the
    // receipt) where it is. The browser checks them: JavaScript is off.
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    let last_four = &digits[digits.len() - 4..];
    let wrong = if last_four == "0000" { "1111" } else { "0000" };
    fill(&client, "#last_four", wrong).await;
    click(&client, ".receipt-done button").await;
    assert_eq!(
        text(&client, "#receipt").await,
        receipt,
        "wrong digits: still on the receipt page"
    );
    client
        .find(fantoccini::Locator::Css("#last_four"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    fill(&client, "#last_four", last_four).await;
    click(&client, ".receipt-done button").await;
    wait_for(&client, "a.brand").await;
    assert!(
        client.current_url().await.unwrap().path() == "/zh-Hant/",
        "the right digits leave for the home page"
    );

    // The investigator's first sign-in: enrolment.
    let investigator = browser(&driver).await;
    investigator.goto(&app.url("/investigator/")).await.unwrap();
    screenshot(&investigator, "workbench-sign-in").await;
    enrol(&investigator, &app, "amira", Some("workbench-enrol"), None).await;
    screenshot(&investigator, "workbench-inbox").await;
    assert_no_sideways_scrolling(&investigator, "the inbox").await;

    // Read and reply.
    click(&investigator, "table.inbox tbody a").await;
    wait_for(&investigator, ".narrative").await;
    let page = investigator.source().await.unwrap();
    assert!(
        page.contains("他們到我父母家，要我回國。") && page.contains("(416) 555-0199"),
        "the report, decrypted"
    );
    assert!(
        page.contains("<dt>When</dt><dd>2024-03-17"),
        "the date typed without its option ticked counts"
    );
    screenshot(&investigator, "workbench-report").await;
    fill(
        &investigator,
        "#note",
        "Phone matches an earlier report from Toronto.",
    )
    .await;
    click(&investigator, r#"button[formaction$="/note"]"#).await;
    wait_for(&investigator, ".note").await;
    // A message half written, then another control used: the page is one form, so the draft
    // comes back in its box (issue 13), without JavaScript.
    fill(&investigator, "#message", "謝謝。請問是哪一天？").await;
    investigator
        .find(Locator::Css(
            r#"select[name="status"] option[value="waiting_for_reporter"]"#,
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(&investigator, r#"button[formaction$="/status"]"#).await;
    wait_for(&investigator, "#saved").await;
    let kept = investigator
        .find(Locator::Css("#message"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("謝謝。請問是哪一天？"),
        "the draft is kept"
    );
    click(&investigator, r#"button[formaction$="/message"]"#).await;
    wait_for(&investigator, "#conversation article.message").await;
    assert!(
        investigator
            .source()
            .await
            .unwrap()
            .contains("謝謝。請問是哪一天？")
    );
    screenshot(&investigator, "workbench-replied").await;

    // Triage: waiting for the reporter (set above), tagged; the inbox shows both.
    fill(
        &investigator,
        r#"input[name="tags"]"#,
        "family pressure, Toronto",
    )
    .await;
    click_and_load(&investigator, r#"button[formaction$="/tags"]"#).await;
    wait_for(&investigator, ".narrative").await;
    assert!(
        text(&investigator, ".facts strong")
            .await
            .contains("aiting"),
        "status changed"
    );
    investigator
        .goto(&app.url("/investigator/inbox"))
        .await
        .unwrap();
    wait_for(&investigator, "table.inbox").await;
    let inbox = text(&investigator, "table.inbox tbody").await;
    assert!(
        inbox.contains("family pressure") && inbox.contains("aiting"),
        "the inbox row shows the triage: {inbox}"
    );
    screenshot(&investigator, "workbench-triaged").await;

    // The first investigator is an admin: the audit trail, verified in the page.
    investigator
        .goto(&app.url("/investigator/admin/audit?verify=1"))
        .await
        .unwrap();
    wait_for(&investigator, "#verification").await;
    let verdict = text(&investigator, "#verification").await;
    assert!(verdict.starts_with("Intact"), "audit trail: {verdict}");
    let trail = text(&investigator, "table.audit").await;
    for action in [
        "report opened",
        "message sent",
        "status changed",
        "note added",
    ] {
        assert!(trail.contains(action), "{action} in the trail: {trail}");
    }
    screenshot(&investigator, "workbench-audit").await;

    // The site registry: an import through the form, then the map, without JavaScript.
    investigator
        .goto(&app.url("/investigator/sites/import"))
        .await
        .unwrap();
    fill(
        &investigator,
        "#text",
        "names,city,country,type,level,agency\n\
         Prato station | 普拉托站,Prato,IT,station,corroborated,Fuzhou Public Security Bureau\n\
         Milan office,Milan,IT,association_office,officially_confirmed,Qingtian County Public Security Bureau\n\
         Florence shop,Florence,IT,business_premises,allegation_only,Fuzhou Public Security Bureau\n\
         Rotterdam station,Rotterdam,NL,station,officially_confirmed,Fuzhou Public Security Bureau\n\
         Amsterdam office,Amsterdam,NL,association_office,corroborated,Qingtian County Public Security Bureau\n\
         Toronto station,Toronto,CA,station,corroborated,Wenzhou Public Security Bureau\n\
         Markham office,Markham,CA,association_office,allegation_only,Wenzhou Public Security Bureau\n\
         New York station,New York City,US,station,officially_confirmed,Fuzhou Public Security Bureau\n\
         Johannesburg office,Johannesburg,ZA,association_office,allegation_only,Nantong Public Security Bureau\n\
         Budapest office,Budapest,HU,association_office,corroborated,Qingtian County Public Security Bureau\n",
    )
    .await;
    click(&investigator, r#"button[value="import"]"#).await;
    wait_for_text(&investigator, "#outcome", "Imported 10 site(s).").await;
    click(&investigator, r#"a[href="/investigator/map"]"#).await;
    wait_for(&investigator, "svg.site-map").await;
    let map = investigator.source().await.unwrap();
    assert!(map.contains("Map of 10 sites") && map.contains("Officially confirmed"));
    // JavaScript is off in the investigator's browser too: map.js (served to this page) has
    // not added its zoom controls.
    assert!(
        crate::helpers::static_url_in(&map, "map")
            .is_some_and(|url| map.contains(&format!(r#"src="{url}""#))),
        "the page loads the script"
    );
    assert!(
        investigator
            .find_all(fantoccini::Locator::Css(".map-controls"))
            .await
            .unwrap()
            .is_empty(),
        "JavaScript must be off in the investigator's browser"
    );
    screenshot(&investigator, "workbench-map").await;
    investigator
        .goto(&app.url("/investigator/map?country=IT"))
        .await
        .unwrap();
    wait_for(&investigator, "svg.site-map").await;
    screenshot(&investigator, "workbench-map-italy").await;
    click(&investigator, ".map-list a").await;
    wait_for(&investigator, "#claims").await;
    screenshot(&investigator, "workbench-site").await;

    // The reporter comes back and reads the reply.
    client.goto(&app.url("/zh-Hant/return")).await.unwrap();
    fill(&client, "#receipt", &receipt).await;
    click(&client, "main form button").await;
    wait_for(&client, "article.message").await;
    let thread = client.source().await.unwrap();
    screenshot(&client, "reporter-thread").await;
    assert!(
        thread.contains("謝謝。請問是哪一天？") && !thread.contains("Phone matches"),
        "reply visible, note not: {thread}"
    );

    investigator.close().await.unwrap();
    client.close().await.unwrap();
}

/// A number from a script's answer.
fn number(value: &serde_json::Value, key: &str) -> f64 {
    match &value[key] {
        serde_json::Value::Number(n) => n.as_f64().unwrap(),
        serde_json::Value::String(s) => s.parse().unwrap_or_else(|_| panic!("{key}: {s}")),
        other => panic!("{key}: {other}"),
    }
}

/// The map's view box, as the page's script leaves it.
async fn view_box(client: &Client, svg: &str) -> serde_json::Value {
    client
        .execute(
            "const b = document.querySelector(arguments[0]).viewBox.baseVal; \
             return { x: b.x, y: b.y, w: b.width, h: b.height };",
            vec![serde_json::json!(svg)],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn with_javascript_on_a_registry_file_is_uploaded_the_map_zooms_and_a_click_places_a_site() {
    let app: TestApp = spawn_app().await;
    app.instance
        .add_investigator(
            "bao",
            &SecretString::from("correct horse battery staple"),
            None,
            app.clock.now_date(),
        )
        .await
        .unwrap();
    let driver = start_driver().await;
    let axe = axe_source();
    let investigator = browser_with(&driver, true).await;
    investigator
        .goto("data:text/html,<title>before</title><script>document.title='js ran'</script>")
        .await
        .unwrap();
    assert_eq!(
        investigator.title().await.unwrap(),
        "js ran",
        "JavaScript on"
    );
    investigator.goto(&app.url("/investigator/")).await.unwrap();
    assert_accessible(&investigator, &axe, "the sign-in page").await;
    enrol(&investigator, &app, "bao", None, Some(&axe)).await;

    // A registry kept elsewhere, chosen as a file: checked, then imported from the box.
    let dir = tempfile::tempdir().unwrap();
    let registry = dir.path().join("registry.csv");
    std::fs::write(
        &registry,
        "\u{feff}names,city,country,type,level\n\
         Prato station,Prato,IT,station,corroborated\n\
         Milan office,Milan,IT,association_office,allegation_only\n",
    )
    .unwrap();
    investigator
        .goto(&app.url("/investigator/sites/import"))
        .await
        .unwrap();
    fill(&investigator, "#file", &registry.display().to_string()).await;
    click(&investigator, r#"button[value="check"]"#).await;
    wait_for_text(&investigator, "#outcome", "2 site(s) ready, no problem.").await;
    // Imported from the box, without a second upload.
    click(&investigator, r#"button[value="import"]"#).await;
    wait_for_text(&investigator, "#outcome", "Imported 2 site(s).").await;

    // The world map: the script adds zoom buttons; "+" narrows the view.
    investigator
        .goto(&app.url("/investigator/map"))
        .await
        .unwrap();
    wait_for(&investigator, ".map-controls button").await;
    assert_accessible(&investigator, &axe, "the world map, with its zoom buttons").await;
    let before = view_box(&investigator, "svg.site-map").await;
    click(&investigator, ".map-controls button").await;
    let after = view_box(&investigator, "svg.site-map").await;
    assert!(
        number(&after, "w") < number(&before, "w") * 0.8,
        "zoomed in: {before} -> {after}"
    );
    screenshot(&investigator, "workbench-map-zoomed").await;

    // A site's page: a click on its map fills the point (precision exact), Save keeps it.
    investigator
        .goto(&app.url("/investigator/map?country=IT"))
        .await
        .unwrap();
    wait_for(&investigator, ".map-list a").await;
    click(&investigator, ".map-list a").await;
    wait_for(&investigator, "#map svg.site-map").await;
    assert_accessible(&investigator, &axe, "a site's page").await;
    let lat_before = investigator
        .execute("return document.getElementById('lat').value;", vec![])
        .await
        .unwrap();
    let map = investigator
        .execute(
            "const s = document.querySelector('#map svg.site-map'); \
             const b = s.viewBox.baseVal; \
             return { x: b.x, y: b.y, w: b.width, h: b.height, lon0: s.dataset.lon0, \
                      lat1: s.dataset.lat1, kx: s.dataset.kx, scale: s.dataset.scale };",
            vec![],
        )
        .await
        .unwrap();
    // A click lands in the middle of the element, which shows the middle of the view box.
    let (cx, cy) = (
        number(&map, "x") + number(&map, "w") / 2.0,
        number(&map, "y") + number(&map, "h") / 2.0,
    );
    let scale = number(&map, "scale");
    let expected_lon = number(&map, "lon0") + cx / (number(&map, "kx") * scale);
    let expected_lat = number(&map, "lat1") - cy / scale;
    click(&investigator, "#map svg.site-map").await;
    let fields = investigator
        .execute(
            "return { lat: document.getElementById('lat').value, \
                      lon: document.getElementById('lon').value, \
                      precision: document.getElementById('precision').value };",
            vec![],
        )
        .await
        .unwrap();
    let (lat, lon) = (number(&fields, "lat"), number(&fields, "lon"));
    // Within a few pixels of the middle (a pixel is well under a tenth of a degree here).
    let tolerance = 4.0 / scale;
    assert!(
        (lat - expected_lat).abs() < tolerance && (lon - expected_lon).abs() < tolerance * 2.0,
        "clicked at {lat}, {lon}; the middle is {expected_lat}, {expected_lon} (before: {lat_before})"
    );
    assert_eq!(fields["precision"], "exact", "{fields}");
    wait_for(&investigator, "#map svg.site-map circle.pending-point").await;
    screenshot(&investigator, "workbench-site-placed").await;
    click_and_load(&investigator, "#edit button[type=\"submit\"]").await;
    let facts = text(&investigator, "p.facts").await;
    assert!(
        facts.contains(&format!("{lat:.5}, {lon:.5} (Exact)")),
        "saved: {facts}"
    );

    // axe-core on the other workbench pages, a report's page among them.
    assert_eq!(
        app.submit(
            "en",
            &[
                ("subject", "happened_to_me"),
                ("incident", "family_pressure"),
                ("when_precision", "month"),
                ("when_month", "2026-09"),
                ("narrative", "They called my mother."),
                ("person1_names", "陈伟 / Chan Wai"),
                ("person1_phones", "+1 416 555 0199"),
            ],
            vec![]
        )
        .await
        .status(),
        200
    );
    investigator
        .goto(&app.url("/investigator/inbox"))
        .await
        .unwrap();
    click(&investigator, "table.inbox tbody a").await;
    wait_for(&investigator, ".narrative").await;
    assert_accessible(&investigator, &axe, "a report's page").await;
    let report_url = investigator.current_url().await.unwrap();
    investigator
        .goto(&format!(
            "{}/entities/p1",
            report_url.as_str().trim_end_matches('/')
        ))
        .await
        .unwrap();
    wait_for(&investigator, "main").await;
    assert!(
        investigator.source().await.unwrap().contains("Chan Wai"),
        "the person's page"
    );
    assert_accessible(&investigator, &axe, "a person's page (entity)").await;
    // A case (issue 14): made from the list's form, then the report, its person, a site of
    // the registry and a note added on its page; the page is checked and pictured.
    investigator
        .goto(&app.url("/investigator/cases"))
        .await
        .unwrap();
    wait_for(&investigator, "#new-case").await;
    assert_accessible(&investigator, &axe, "the cases").await;
    fill(&investigator, "#case-title", "Prato: pressure on families").await;
    fill(
        &investigator,
        "#case-description",
        "Calls to relatives in Fujian after visits to the association on Via Pistoiese.",
    )
    .await;
    click_and_load(&investigator, "#new-case button[type=submit]").await;
    wait_for(&investigator, "#add-report").await;
    let report_id = report_url
        .path()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    fill(&investigator, "#add-report", &report_id).await;
    click_and_load(&investigator, "#reports form.add-item button").await;
    wait_for(&investigator, "#entities form.add-item").await;
    click_and_load(&investigator, "#entities form.add-item button").await;
    wait_for(&investigator, "#sites form.add-item").await;
    click_and_load(&investigator, "#sites form.add-item button").await;
    wait_for(&investigator, "#case-note").await;
    fill(
        &investigator,
        "#case-note",
        "Ask the partner organisation in Florence whether the same number called others.",
    )
    .await;
    click_and_load(&investigator, "#notes button[type=submit]").await;
    let timeline = wait_for_text(&investigator, "#timeline", "Note by").await;
    assert!(timeline.contains("Report received"), "{timeline}");
    assert!(
        timeline.contains("2026-09"),
        "the incident's month: {timeline}"
    );
    let case_page = investigator.source().await.unwrap();
    assert!(
        case_page.contains("Person 1: <span dir=\"auto\">陈伟"),
        "the person is in the case"
    );
    assert!(case_page.contains("case-sites"), "a site is in the case");
    screenshot(&investigator, "workbench-case").await;
    assert_accessible(&investigator, &axe, "a case's page").await;
    // Statistics with charts to check: reports whose reporters consented to statistics
    // (12: some rows of 5 or more, some under five).
    for i in 0..12 {
        let fields = [
            ("subject", "happened_to_me"),
            ("narrative", "They called my mother."),
            ("incident", if i < 8 { "threats" } else { "harassment" }),
            (
                "incident",
                if i % 2 == 0 {
                    "family_pressure"
                } else {
                    "online_contact"
                },
            ),
            ("demand", if i % 3 == 0 { "return" } else { "silence" }),
            ("city", "Prato"),
            ("country", "IT"),
            ("consent", "statistics"),
        ];
        assert_eq!(app.submit("en", &fields, vec![]).await.status(), 200);
    }
    investigator
        .goto(&app.url("/investigator/statistics"))
        .await
        .unwrap();
    wait_for(&investigator, "figure.chart svg").await;
    screenshot(&investigator, "workbench-statistics").await;
    // Search: the results page with marked passages (issue 13).
    investigator
        .goto(&app.url("/investigator/search?q=mother"))
        .await
        .unwrap();
    wait_for(&investigator, "#search-count").await;
    screenshot(&investigator, "workbench-search").await;
    assert_accessible(&investigator, &axe, "search results").await;
    for path in [
        "/investigator/inbox",
        "/investigator/statistics",
        "/investigator/search",
        "/investigator/sites",
        "/investigator/sites/new",
        "/investigator/sites/import",
        "/investigator/map?country=IT",
        "/investigator/account",
        "/investigator/admin/investigators",
        "/investigator/admin/audit",
        "/investigator/admin/templates",
        "/investigator/admin/ftm",
        "/investigator/admin/retention",
    ] {
        investigator.goto(&app.url(path)).await.unwrap();
        wait_for(&investigator, "main").await;
        assert_accessible(&investigator, &axe, path).await;
    }

    investigator.close().await.unwrap();
}

/// axe-core, as .ci/run installs it (`npm ci --prefix crates/web/tests/axe`).
fn axe_source() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. The accessibility check needs axe-core: \
             npm ci --prefix crates/web/tests/axe (.ci/run does it)",
            path.display()
        )
    })
}

/// Runs axe-core (its default rules: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best
/// practices) on the page the browser shows, injected through WebDriver (the page itself runs
/// no script), and returns the ids of the rules it finds broken, with where.
async fn accessibility_violations(client: &Client, axe: &str) -> serde_json::Value {
    client.execute(axe, vec![]).await.unwrap();
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(
               r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))),
               e => done([{ id: 'axe-failed', help: String(e) }]));",
            vec![],
        )
        .await
        .unwrap()
}

async fn assert_accessible(client: &Client, axe: &str, page: &str) {
    assert_eq!(
        accessibility_violations(client, axe).await,
        serde_json::json!([]),
        "axe-core finds accessibility problems on {page}"
    );
}

/// The page at 1280 and at 360 px wide (a desktop, a small phone), for docs/images.
async fn screenshots_at_two_widths(client: &Client, name: &str) {
    for (width, height) in [(1280, 900), (360, 780)] {
        client.set_window_size(width, height).await.unwrap();
        screenshot(client, &format!("{name}-{width}")).await;
    }
    client.set_window_size(1280, 900).await.unwrap();
}

/// At 360 px wide nothing sticks out sideways: no horizontal scrolling on a small phone.
async fn assert_fits_a_small_phone(client: &Client, page: &str) {
    client.set_window_size(360, 780).await.unwrap();
    assert_no_sideways_scrolling(client, page).await;
    client.set_window_size(1280, 900).await.unwrap();
}

/// At the window's present width nothing sticks out sideways.
async fn assert_no_sideways_scrolling(client: &Client, page: &str) {
    // The scroll width and width, and what sticks out (the deepest elements that do).
    let found = client
        .execute(
            "const root = document.documentElement, w = root.clientWidth;
             const out = [...document.querySelectorAll('body *')].filter(e => {
               const r = e.getBoundingClientRect();
               return (r.right > w + 0.5 || r.left < -0.5) && ![...e.children].some(c => {
                 const q = c.getBoundingClientRect(); return q.right > w + 0.5 || q.left < -0.5; });
             }).slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + e.className);
             return [root.scrollWidth, w, out];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        found[0].as_f64() <= found[1].as_f64(),
        "{page} is wider than the window (scroll width, width, what sticks out): {found}"
    );
}

/// Where an element is: (left, right) edges in CSS pixels.
async fn edges(client: &Client, css: &str) -> (f64, f64) {
    let (x, _, width, _) = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .rectangle()
        .await
        .unwrap();
    (x, x + width)
}

/// The header mirrors with the language: the site's name at the start (left in Italian,
/// right in Uyghur), "Quick exit" at the end; a form label starts at the start edge.
async fn assert_layout_direction(client: &Client, rtl: bool, page: &str) {
    let (brand_left, brand_right) = edges(client, ".brand").await;
    let (exit_left, exit_right) = edges(client, ".quick-exit").await;
    if rtl {
        assert!(
            brand_left > exit_right,
            "{page}: right to left, the name is on the right"
        );
    } else {
        assert!(
            brand_right < exit_left,
            "{page}: left to right, the name is on the left"
        );
    }
}

/// Whether the Tibetan fallback font, fetched from the site, loads in the browser and has
/// the glyphs of the word "Tibetan" (whatever fonts this machine has of its own).
async fn tibetan_font_loads(client: &Client) -> serde_json::Value {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const rule = [...document.styleSheets].flatMap(s => [...s.cssRules])
               .find(r => r instanceof CSSFontFaceRule);
             const face = new FontFace('probe', rule.style.getPropertyValue('src'));
             face.load().then(
               f => { document.fonts.add(f); done(document.fonts.check('16px probe', 'བོད་ཡིག')); },
               e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap()
}

/// What a walk through the reporter pages checks on each page besides its own assertions.
struct Checks<'a> {
    /// axe-core's source: run it on every page (needs JavaScript on in the browser: axe-core
    /// waits on timers, which a browser with JavaScript off never fires).
    axe: Option<&'a str>,
    /// Take the screenshots for docs/images.
    screenshots: bool,
}

impl Checks<'_> {
    async fn page(&self, client: &Client, name: &str, page: &str) {
        if let Some(axe) = self.axe {
            assert_accessible(client, axe, page).await;
            assert_fits_a_small_phone(client, page).await;
        }
        if self.screenshots && !name.is_empty() {
            screenshots_at_two_widths(client, name).await;
        }
    }
}

/// Every reporter page in every language, through `checks` (axe-core and the 360 px width):
/// the chooser, the landing page, the form, the form sent without its answers, the receipt,
/// coming back, the conversation.
async fn every_page_in_every_language(app: &TestApp, client: &Client, checks: &Checks<'_>) {
    client.goto(&app.url("/")).await.unwrap();
    checks.page(client, "", "the language chooser").await;
    for lang in quietline_web::Lang::all() {
        let tag = lang.tag();
        for path in ["", "report", "return"] {
            client
                .goto(&app.url(&format!("/{tag}/{path}")))
                .await
                .unwrap();
            checks.page(client, "", &format!("/{tag}/{path}")).await;
        }
        client
            .goto(&app.url(&format!("/{tag}/report")))
            .await
            .unwrap();
        click(client, "button.primary").await;
        wait_for(client, "section.errors").await;
        checks
            .page(client, "", &format!("/{tag}/report with its errors"))
            .await;
        click(client, r#"input[name="subject"][value="happened_to_me"]"#).await;
        fill(client, "#narrative", "They called my mother.").await;
        // The reporter's copy kept, so that the conversation shows it in every language.
        click(client, r#"input[name="reporter_copy"]"#).await;
        click(client, "button.primary").await;
        wait_for(client, "#receipt").await;
        let receipt = text(client, "#receipt").await;
        checks
            .page(client, "", &format!("the receipt page in {tag}"))
            .await;
        client
            .goto(&app.url(&format!("/{tag}/return")))
            .await
            .unwrap();
        fill(client, "#receipt", &receipt).await;
        click(client, "main form button").await;
        wait_for(client, "ul.facts").await;
        open_the_copy(client).await;
        checks
            .page(client, "", &format!("the conversation in {tag}"))
            .await;
    }
}

/// Unfolds "What you sent" and "Delete my copy" on the conversation page.
async fn open_the_copy(client: &Client) {
    for summary in ["#copy > details > summary", "#copy .copy-delete summary"] {
        click(client, summary).await;
    }
    wait_for(client, "#copy .copy-delete details[open]").await;
}

async fn choose(client: &Client, css: &str) {
    click(client, css).await;
}

/// A Uyghur reporter, right to left, from the landing page to the conversation; then the
/// Tibetan pages.
async fn walk_in_uyghur_and_tibetan(app: &TestApp, client: &Client, checks: &Checks<'_>) {
    client.set_window_size(1280, 900).await.unwrap();
    client.goto(&app.url("/ug/")).await.unwrap();
    wait_for(client, r#"html[lang="ug"][dir="rtl"]"#).await;
    assert_layout_direction(client, true, "ug landing").await;
    checks.page(client, "reporter-ug-landing", "/ug/").await;
    client.goto(&app.url("/ug/report")).await.unwrap();
    assert_layout_direction(client, true, "ug form").await;
    checks.page(client, "reporter-ug-form", "/ug/report").await;

    // Sent without the account itself: the problem comes back in Uyghur, nothing lost.
    choose(
        client,
        r#"input[name="subject"][value="happened_to_someone"]"#,
    )
    .await;
    choose(client, r#"input[name="incident"][value="family_detained"]"#).await;
    choose(
        client,
        r#"input[name="incident"][value="persuaded_to_return"]"#,
    )
    .await;
    choose(client, r#"select#country option[value="TR"]"#).await;
    fill(client, "#city", "ئىستانبۇل").await;
    fill(client, "#person1_names", "ئەخمەت / Exmet / 艾合买提").await;
    choose(client, r#"select#person1_role option[value="minder"]"#).await;
    fill(client, "#person1_phones", "+86 138 0013 8000").await;
    click(client, "button.primary").await;
    wait_for(client, "section.errors").await;
    let errors = text(client, "section.errors").await;
    assert!(
        errors.contains("بۇ سوئالغا جاۋاب بېرىڭ"),
        "in Uyghur: {errors}"
    );
    let kept = client
        .find(Locator::Css("#person1_names"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("ئەخمەت / Exmet / 艾合买提"),
        "what was typed is kept"
    );
    checks
        .page(
            client,
            "reporter-ug-form-problem",
            "/ug/report with a problem",
        )
        .await;
    fill(
        client,
        "#narrative",
        "ساقچىلار ئاتامنى تۇتۇپ كەتتى، ماڭا ۋەتەنگە قايتىشىمنى ئېيتتى. 2024-03-17 كۈنى تېلېفون قىلدى.",
    )
    .await;
    choose(client, r#"input[name="consent"][value="follow_up"]"#).await;
    choose(client, r#"input[name="reporter_copy"]"#).await;
    click(client, "button.primary").await;
    wait_for(client, "#receipt").await;
    let receipt = text(client, "#receipt").await;
    assert_eq!(receipt.split(' ').count(), 5, "receipt shown: {receipt}");
    assert!(receipt.chars().all(|c| c.is_ascii_digit() || c == ' '));
    // The receipt reads left to right inside the right-to-left page: it starts at the left.
    let (receipt_left, _) = edges(client, "#receipt").await;
    let (main_left, _) = edges(client, "main").await;
    assert!(
        receipt_left - main_left < 80.0,
        "the receipt starts at the left"
    );
    checks
        .page(client, "reporter-ug-receipt", "the Uyghur receipt page")
        .await;

    // Coming back, the receipt typed on a Uyghur keyboard (Arabic-Indic digits).
    client.goto(&app.url("/ug/return")).await.unwrap();
    checks.page(client, "", "/ug/return").await;
    let arabic_indic: String = in_digits(&receipt, '\u{0660}');
    fill(client, "#receipt", &arabic_indic).await;
    click(client, "main form button").await;
    wait_for(client, "ul.facts").await;
    assert_layout_direction(client, true, "ug thread").await;
    // What was sent, folded until asked for, in Uyghur.
    open_the_copy(client).await;
    let copy = text(client, "#copy").await;
    assert!(
        copy.contains("ساقچىلار ئاتامنى تۇتۇپ كەتتى")
            && ["ئەخمەت", "Exmet", "艾合买提"]
                .iter()
                .all(|name| copy.lines().any(|line| line.trim() == *name)),
        "the copy in Uyghur: {copy}"
    );
    checks
        .page(client, "reporter-ug-thread", "the Uyghur conversation")
        .await;

    // Tibetan, left to right.
    client.goto(&app.url("/bo/report")).await.unwrap();
    wait_for(client, r#"html[lang="bo"][dir="ltr"]"#).await;
    assert_layout_direction(client, false, "bo form").await;
    checks.page(client, "reporter-bo-form", "/bo/report").await;
    client.goto(&app.url("/bo/")).await.unwrap();
    checks.page(client, "", "/bo/").await;
}

/// A witness in a host country, in Italian, from the landing page to the conversation.
async fn walk_in_italian(app: &TestApp, client: &Client, checks: &Checks<'_>) {
    client.set_window_size(1280, 900).await.unwrap();
    client.goto(&app.url("/it/")).await.unwrap();
    wait_for(client, r#"html[lang="it"][dir="ltr"]"#).await;
    assert_layout_direction(client, false, "it landing").await;
    checks.page(client, "", "/it/").await;
    client.goto(&app.url("/it/report")).await.unwrap();
    checks.page(client, "reporter-it-form", "/it/report").await;
    choose(
        client,
        r#"input[name="subject"][value="station_information"]"#,
    )
    .await;
    choose(
        client,
        r#"input[name="incident"][value="station_activity"]"#,
    )
    .await;
    fill(client, "#city", "Prato").await;
    choose(client, r#"select#place_kind option[value="business"]"#).await;
    fill(
        client,
        "#narrative",
        "Nel retro di un'agenzia di viaggi si fanno pratiche per documenti cinesi; \
         ho visto persone entrare con il passaporto e uscire spaventate.",
    )
    .await;
    // A month typed with no "when" option ticked; "add more people" comes back to them.
    fill(client, "#when_month", "2024-03").await;
    click(client, r#"button[name="more_people"]"#).await;
    // Back at the people (the address ends with #people once the page is there).
    wait_for_fragment(client, "people").await;
    wait_for(client, "#person4_names").await;
    click(client, "button.primary").await;
    wait_for(client, "#receipt").await;
    let receipt = text(client, "#receipt").await;
    checks
        .page(client, "reporter-it-receipt", "the Italian receipt page")
        .await;
    // Leaving the receipt page: its last four digits, then the home page.
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    fill(client, "#last_four", &digits[digits.len() - 4..]).await;
    click(client, ".receipt-done button").await;
    wait_for(client, "a.brand").await;
    assert_eq!(client.current_url().await.unwrap().path(), "/it/");
    client.goto(&app.url("/it/return")).await.unwrap();
    checks.page(client, "", "/it/return").await;
    fill(client, "#receipt", &receipt).await;
    click(client, "main form button").await;
    wait_for(client, "ul.facts").await;
    assert!(text(client, "ul.facts").await.contains("Arrivata il"));
    // No copy was chosen: one line says so, nothing of the report is shown.
    assert!(
        text(client, "#copy")
            .await
            .contains("Qui non viene conservata nessuna copia")
    );
    checks.page(client, "", "the Italian conversation").await;
}

#[tokio::test]
async fn reporters_walk_through_in_uyghur_right_to_left_tibetan_and_italian_with_no_accessibility_problem()
 {
    let app: TestApp = spawn_app().await;
    let driver = start_driver().await;
    let axe = axe_source();

    // With JavaScript off, as in Tor Browser's "Safest" setting: the journeys themselves,
    // the layout's direction, and the screenshots.
    let reporter = browser(&driver).await;
    let without_checks = Checks {
        axe: None,
        screenshots: true,
    };
    walk_in_uyghur_and_tibetan(&app, &reporter, &without_checks).await;
    walk_in_italian(&app, &reporter, &without_checks).await;
    reporter.close().await.unwrap();

    // The same journeys in a browser that runs axe-core on every page (the pages run no
    // script of their own, so they are the same with JavaScript on).
    let auditor = browser_with(&driver, true).await;
    // The check can fail: a page without a language or an image's text does.
    auditor
        .goto("data:text/html,<title>t</title><img src=x>")
        .await
        .unwrap();
    let found = accessibility_violations(&auditor, &axe).await.to_string();
    assert!(
        found.contains("image-alt") && found.contains("html-has-lang"),
        "axe-core sees a broken page: {found}"
    );
    let with_axe = Checks {
        axe: Some(&axe),
        screenshots: false,
    };
    walk_in_uyghur_and_tibetan(&app, &auditor, &with_axe).await;
    walk_in_italian(&app, &auditor, &with_axe).await;
    every_page_in_every_language(&app, &auditor, &with_axe).await;
    // The Tibetan fallback font, fetched from the site, loads and has the pages' glyphs,
    // whatever Tibetan fonts this machine has of its own.
    auditor.goto(&app.url("/bo/")).await.unwrap();
    assert_eq!(
        tibetan_font_loads(&auditor).await,
        serde_json::json!(true),
        "the Tibetan font loads and has the page's glyphs"
    );
    auditor.close().await.unwrap();

    assert_eq!(
        app.report_rows().await,
        4 + quietline_web::Lang::all().len()
    );
}
