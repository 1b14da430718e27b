//! Issue 13, point 9 over HTTP: the statistics page, its SVG charts and its CSV file never
//! show a count of 4 (nor 1 to 3), count only reports whose reporter consented, and give no
//! total from which a suppressed count could be worked out.

use regex::Regex;

use crate::helpers::{TestApp, spawn_app};
use crate::workbench::{PASSWORD, login, sign_in_new};

/// Sends a report in English: Prato, Italy, with these incident types and demands, and the
/// statistics consent if `consents`.
async fn report(app: &TestApp, consents: bool, incidents: &[&str], demands: &[&str]) {
    let mut fields = vec![
        ("subject", "happened_to_me"),
        (
            "narrative",
            "They visited my parents and told them I must come back.",
        ),
        ("city", "Prato"),
        ("country", "IT"),
        ("consent", "follow_up"),
    ];
    fields.extend(incidents.iter().map(|i| ("incident", *i)));
    fields.extend(demands.iter().map(|d| ("demand", *d)));
    if consents {
        fields.push(("consent", "statistics"));
    }
    let response = app.submit("en", &fields, vec![]).await;
    assert_eq!(response.status(), 200);
}

/// Text as a reader sees it: the page's escapes of `<` and `>` read back.
fn unescaped(html: &str) -> String {
    html.replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
}

/// The texts of the cells of a page's tables and of its charts' labels: what a reader sees as
/// a number.
fn shown_numbers(html: &str) -> Vec<String> {
    let cells =
        Regex::new(r"<td>([^<]*)</td>|<text [^>]*class=.chart-value.[^>]*>([^<]*)</text>").unwrap();
    cells
        .captures_iter(html)
        .map(|c| {
            c.get(1)
                .or_else(|| c.get(2))
                .map(|m| unescaped(m.as_str()))
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn statistics_show_no_count_under_five_and_count_consenting_reports_only() {
    let app = spawn_app().await;
    let (amira, totp) = sign_in_new(&app, "amira", None).await;
    // November: 4 consenting reports, with threats and a return demand.
    for _ in 0..4 {
        report(&app, true, &["threats", "harassment"], &["return"]).await;
    }
    // December: 6 consenting ones; and 3 whose reporter did not consent, with threats and a
    // return demand (counted, they would make threats and "return" 7, December 9).
    app.clock.advance(3 * 24 * 3600);
    for _ in 0..6 {
        report(&app, true, &["harassment"], &["silence"]).await;
    }
    for _ in 0..3 {
        report(&app, false, &["threats"], &["return"]).await;
    }
    // Days later the session has expired: signed in again.
    let code = totp.code_at(app.clock.unix()).unwrap();
    assert_eq!(
        login(&app, &amira, "amira", PASSWORD, &code).await.status(),
        303
    );

    let page = amira
        .get(app.url("/investigator/statistics?year=2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains(r#"<strong id="counted">10</strong>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/investigator/statistics" aria-current="page">Statistics</a>"#),
        "in the navigation, as the current page"
    );
    // Each chart has a title and a table with the same numbers (no report is linked to a
    // site: that breakdown says so instead).
    let charts = page
        .matches(r#"<svg xmlns="http://www.w3.org/2000/svg" role="img""#)
        .count();
    assert_eq!(charts, 4, "one chart a breakdown");
    assert_eq!(page.matches("<title id=\"chart-").count(), 4);
    assert_eq!(page.matches("<table class=\"statistics\"").count(), 4);
    assert!(
        page.contains("<h2 id=\"h-site\">Reports by site</h2>\n<p>No report counted here.</p>")
    );

    let numbers = shown_numbers(&page);
    assert!(numbers.len() > 40, "{numbers:?}");
    for number in &numbers {
        assert!(
            !["1", "2", "3", "4"].contains(&number.trim()),
            "a count under five is shown: {number:?} in {numbers:?}"
        );
    }
    // The table's row and the chart's bar of November, December, threats, "return" and
    // "silence"; the non-consenting reports are not counted anywhere.
    let row = |label: &str| {
        let pattern = format!(
            r#"<tr><th scope="row">{}</th><td>([^<]*)</td></tr>"#,
            regex::escape(label)
        );
        let found = Regex::new(&pattern)
            .unwrap()
            .captures(&page)
            .unwrap_or_else(|| panic!("no row {label}"))[1]
            .to_owned();
        unescaped(&found)
    };
    assert_eq!(row("November 2026"), "< 5");
    assert_eq!(
        row("December 2026"),
        "≥ 5",
        "withheld: 10 - 0 would give November"
    );
    assert_eq!(row("October 2026"), "0");
    assert_eq!(row("Threats or intimidation"), "< 5");
    assert_eq!(row("Harassment"), "10");
    assert_eq!(row("To return to China"), "< 5");
    assert_eq!(row("To keep silent or stop an activity"), "6");
    assert_eq!(row("Prato, Italy"), "10");
    assert_eq!(row("Total"), "10");
    assert!(
        numbers.iter().filter(|n| *n == "< 5").count() >= 6,
        "the tables and the charts say \"< 5\": {numbers:?}"
    );
    assert!(!page.contains(">7<") && !page.contains(">9<") && !page.contains(">13<"));

    // The CSV file: the same cells, one file.
    let csv = amira
        .get(app.url("/investigator/statistics.csv?year=2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("quietline-statistics-2026.csv")
    );
    let csv = csv.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["year", "table", "code", "label", "reports"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for row in &rows {
        assert!(
            !["1", "2", "3", "4"].contains(&row[4].trim()),
            "a count under five in the CSV file: {row:?}"
        );
    }
    let value = |table: &str, code: &str| {
        rows.iter()
            .find(|r| &r[1] == table && &r[2] == code)
            .unwrap_or_else(|| panic!("no {table} {code} in {csv}"))[4]
            .to_owned()
    };
    assert_eq!(value("total", ""), "10");
    assert_eq!(value("month", "2026-11"), "< 5");
    assert_eq!(value("month", "2026-12"), "≥ 5");
    assert_eq!(value("month", "2026-01"), "0");
    assert_eq!(value("incident_type", "threats"), "< 5");
    assert_eq!(value("demand", "return"), "< 5");
    assert_eq!(value("demand", "silence"), "6");
    // The months add up to the total: what they leave for November and December together
    // (10) can be November 1 to 4 with December 6 to 9, so neither is given away.
    let shown: u32 = rows
        .iter()
        .filter(|r| &r[1] == "month")
        .filter_map(|r| r[4].parse::<u32>().ok())
        .sum();
    assert_eq!(shown, 0);

    // The export is in the audit trail, with its year and no count.
    let audit = amira
        .get(app.url("/investigator/admin/audit"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(audit.contains("statistics_csv"), "{audit}");

    // A year that does not read is refused; another year has nothing to count.
    assert_eq!(
        amira
            .get(app.url("/investigator/statistics?year=twenty"))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    let empty = amira
        .get(app.url("/investigator/statistics?year=2024"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(empty.contains("No report counted for 2024."), "{empty}");
}
