//! Statistics for transparency reports (issue 13): the page, with a bar chart drawn on the
//! server (SVG, no script) and a table with the same numbers for each breakdown, and the same
//! numbers as one CSV file. Both call one service operation; the counts arrive already
//! suppressed ("< 5", "≥ 5"), so nothing here can show a small one.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use quietline_service::{Breakdown, Cell, RowKey, Statistics, StatisticsQuery};
use serde::Deserialize;

use crate::extract::SignedIn;
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::workbench::controls::label;

/// `?year=2026`; without it, the current year (UTC).
#[derive(Deserialize, Default)]
pub(crate) struct YearParam {
    #[serde(default)]
    year: Option<String>,
}

impl YearParam {
    /// The query, or 400 for a year that does not read.
    fn query(&self, desk: &SignedIn) -> Result<StatisticsQuery, Refusal> {
        let year = match self.year.as_deref().map(str::trim) {
            None | Some("") => desk.now.today().year(),
            Some(text) => text
                .parse::<i32>()
                .ok()
                .filter(|y| (1970..=9999).contains(y))
                .ok_or(Refusal::BadRequest)?,
        };
        Ok(StatisticsQuery { year })
    }
}

/// One breakdown as the page, its chart and the CSV file show it.
struct Table {
    /// Its CSV name and the stem of its HTML ids.
    id: &'static str,
    title: &'static str,
    /// The header of its first column.
    dimension: &'static str,
    rows: Vec<Line>,
    adds_up: bool,
    withheld: bool,
    /// Some rows are "≥ 5" (withheld for the total's sake).
    has_withheld_rows: bool,
    chart: Chart,
}

/// One row.
struct Line {
    /// A stable code (month `2026-03`, incident or demand code, GeoNames id, site id).
    code: String,
    label: String,
    /// As shown: `12`, `< 5`, `≥ 5`.
    value: String,
}

/// A horizontal bar chart, a row a bar with its value after it. Short labels (months) stand in
/// a column before the bars; long ones (incident types) above their bar. Suppressed rows have
/// no bar (a bar's length would tell the count), only their value.
struct Chart {
    height: u32,
    bars: Vec<Bar>,
}

struct Bar {
    label: String,
    label_y: u32,
    bar_x: u32,
    bar_y: u32,
    width: u32,
    value: String,
    value_x: u32,
    value_y: u32,
}

/// The chart's width in SVG units; the room kept after the longest bar for its value.
const CHART_WIDTH: u32 = 640;
const VALUE_ROOM: u32 = 56;
/// Labels this short stand before their bar, in a column this wide.
const SHORT_LABEL: usize = 20;
const LABEL_COLUMN: u32 = 150;
/// Longest label drawn in full (the table beside it has every label whole).
const LABEL_CHARS: usize = 88;

fn chart(rows: &[(Line, Option<u32>)]) -> Chart {
    let largest = rows
        .iter()
        .filter_map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let beside = rows
        .iter()
        .all(|(line, _)| line.label.chars().count() <= SHORT_LABEL);
    // Where bars start, the height of a row, and where in it the label and the bar stand.
    let (bar_x, row_height, label_dy, bar_dy) = if beside {
        (LABEL_COLUMN, 24, 16, 4)
    } else {
        (0, 40, 14, 19)
    };
    let room = CHART_WIDTH - VALUE_ROOM - bar_x;
    let bars = rows
        .iter()
        .zip(0u32..)
        .map(|((line, count), at)| {
            let top = at * row_height;
            let width = count.map_or(0, |n| {
                u32::try_from(u64::from(n) * u64::from(room) / u64::from(largest)).unwrap_or(room)
            });
            let label = if line.label.chars().count() > LABEL_CHARS {
                let cut: String = line.label.chars().take(LABEL_CHARS - 1).collect();
                format!("{cut}…")
            } else {
                line.label.clone()
            };
            Bar {
                label,
                label_y: top + label_dy,
                bar_x,
                bar_y: top + bar_dy,
                width,
                value: line.value.clone(),
                value_x: bar_x + width + 6,
                value_y: top + bar_dy + 12,
            }
        })
        .collect();
    Chart {
        height: u32::try_from(rows.len()).unwrap_or(0) * row_height + 4,
        bars,
    }
}

/// A row's code and label (English, the reporter form's own words for its choices).
fn describe(key: &RowKey, year: i32) -> (String, String) {
    match key {
        RowKey::Month(month) => (
            format!("{year}-{:02}", u8::from(*month)),
            format!("{month} {year}"),
        ),
        RowKey::Incident(incident) => (
            incident.code().to_owned(),
            label("incident", incident.code()),
        ),
        RowKey::Demand(demand) => (demand.code().to_owned(), label("demand", demand.code())),
        RowKey::City {
            geoname_id,
            name,
            country,
        } => (
            geoname_id.to_string(),
            format!("{name}, {}", quietline_geo::country_name(country)),
        ),
        RowKey::OtherPlaces => (
            "other".to_owned(),
            "Other places (each named by fewer than 5 reports, or not recognised)".to_owned(),
        ),
        RowKey::NoPlace => ("none".to_owned(), "No city given".to_owned()),
        RowKey::Site { id, name } => (id.to_string(), name.clone()),
        RowKey::UnpublishedSites => (
            "unpublished".to_owned(),
            "Sites not published (together)".to_owned(),
        ),
    }
}

fn table(
    id: &'static str,
    title: &'static str,
    dimension: &'static str,
    breakdown: &Breakdown,
    year: i32,
) -> Table {
    let rows: Vec<(Line, Option<u32>)> = breakdown
        .rows
        .iter()
        .map(|row| {
            let (code, label) = describe(&row.key, year);
            (
                Line {
                    code,
                    label,
                    value: row.cell.to_string(),
                },
                row.cell.count(),
            )
        })
        .collect();
    Table {
        id,
        title,
        dimension,
        chart: chart(&rows),
        has_withheld_rows: breakdown.rows.iter().any(|r| r.cell == Cell::Withheld),
        rows: rows.into_iter().map(|(line, _)| line).collect(),
        adds_up: breakdown.adds_up,
        withheld: breakdown.withheld,
    }
}

fn tables(statistics: &Statistics) -> Vec<Table> {
    let year = statistics.year;
    vec![
        table(
            "month",
            "Reports by month of arrival",
            "Month",
            &statistics.by_month,
            year,
        ),
        table(
            "incident_type",
            "Reports by incident type",
            "What happened",
            &statistics.by_incident,
            year,
        ),
        table(
            "demand",
            "Reports by demand",
            "What was demanded",
            &statistics.by_demand,
            year,
        ),
        table("city", "Reports by city", "City", &statistics.by_city, year),
        table("site", "Reports by site", "Site", &statistics.by_site, year),
    ]
}

struct YearLink {
    year: i32,
    current: bool,
}

#[derive(Template)]
#[template(path = "workbench/statistics.html", escape = "workbench")]
struct StatisticsPage {
    nav: Nav,
    year: i32,
    years: Vec<YearLink>,
    counted: String,
    /// No report counted at all.
    none: bool,
    tables: Vec<Table>,
    outside_access: bool,
    pending: bool,
}

/// `GET /investigator/statistics?year=YYYY`.
pub(crate) async fn page(
    State(state): State<AppState>,
    desk: SignedIn,
    Query(param): Query<YearParam>,
) -> Result<Response, Refusal> {
    let query = param.query(&desk)?;
    let statistics = state
        .instance
        .statistics(&desk.investigator, &query)
        .await?;
    Ok(render(StatisticsPage {
        nav: desk.nav(),
        year: statistics.year,
        years: statistics
            .years
            .iter()
            .map(|&year| YearLink {
                year,
                current: year == statistics.year,
            })
            .collect(),
        counted: statistics.counted.to_string(),
        none: statistics.counted == Cell::Count(0),
        tables: tables(&statistics),
        outside_access: statistics.outside_access,
        pending: statistics.pending,
    }))
}

/// `GET /investigator/statistics.csv?year=YYYY`: every breakdown in one file (audited as an
/// export).
pub(crate) async fn csv(
    State(state): State<AppState>,
    desk: SignedIn,
    Query(param): Query<YearParam>,
) -> Result<Response, Refusal> {
    let query = param.query(&desk)?;
    let statistics = state
        .instance
        .export_statistics(&desk.investigator, &query, desk.request_id(), desk.now)
        .await?;
    let text = csv_text(&statistics)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"quietline-statistics-{}.csv\"",
                    statistics.year
                ),
            ),
        ],
        text,
    )
        .into_response())
}

/// The CSV file: `year,table,code,label,reports`, a row for the reports counted, then every
/// row of every breakdown (a withheld breakdown is one row saying so). Every cell goes
/// through the formula guard that the site registry's exports use.
fn csv_text(statistics: &Statistics) -> Result<String, Refusal> {
    let year = statistics.year.to_string();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut write = |cells: [&str; 5]| {
        writer
            .write_record(
                cells
                    .iter()
                    .map(|cell| quietline_core::text::neutralise_formula(cell).into_owned()),
            )
            .map_err(|err| {
                tracing::error!(error = %err, "statistics CSV");
                Refusal::Internal
            })
    };
    write(["year", "table", "code", "label", "reports"])?;
    write([
        &year,
        "total",
        "",
        "Reports counted",
        &statistics.counted.to_string(),
    ])?;
    for table in tables(statistics) {
        if table.withheld {
            write([
                &year,
                table.id,
                "",
                "Withheld: too few reports to show without revealing a count under 5",
                "withheld",
            ])?;
        }
        for line in &table.rows {
            write([&year, table.id, &line.code, &line.label, &line.value])?;
        }
    }
    let bytes = writer.into_inner().map_err(|err| {
        tracing::error!(error = %err, "statistics CSV");
        Refusal::Internal
    })?;
    String::from_utf8(bytes).map_err(|_| Refusal::Internal)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use quietline_service::Row;

    /// A published site's name is an investigator's words: in the CSV file, one that a
    /// spreadsheet would run as a formula is guarded as in the registry's own exports.
    #[test]
    fn the_csv_file_guards_formulas_and_keeps_suppressed_cells_as_text() {
        let site = |name: &str, cell| Row {
            key: RowKey::Site {
                id: quietline_core::SiteId::random(),
                name: name.into(),
            },
            cell,
        };
        let statistics = Statistics {
            year: 2026,
            years: vec![2026],
            counted: Cell::Count(12),
            by_month: Breakdown {
                withheld: true,
                adds_up: true,
                ..Breakdown::default()
            },
            by_incident: Breakdown::default(),
            by_demand: Breakdown::default(),
            by_city: Breakdown::default(),
            by_site: Breakdown {
                rows: vec![
                    site("=HYPERLINK(\"http://x\")", Cell::FewerThanFive),
                    site("Prato station", Cell::Count(7)),
                ],
                ..Breakdown::default()
            },
            outside_access: false,
            pending: false,
        };
        let text = csv_text(&statistics).unwrap();
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        let labels: Vec<&str> = rows.iter().map(|r| &r[3]).collect();
        assert!(labels.contains(&"'=HYPERLINK(\"http://x\")"), "{labels:?}");
        assert!(labels.contains(&"Prato station"));
        let values: Vec<&str> = rows.iter().map(|r| &r[4]).collect();
        assert_eq!(values, vec!["12", "withheld", "< 5", "7"]);
    }
}
