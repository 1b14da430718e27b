//! Importing a site registry kept elsewhere (issue 5): a CSV or GeoJSON file, uploaded or
//! pasted, checked first (a dry run lists every bad row with its line and reason) and then
//! written all or nothing.
//!
//! The form is multipart so that a file can be chosen; a plain URL-encoded post with the
//! text in `text` works too (scripts, and the benchmark, post that way). Either way the file
//! is read into memory, up to the configured `--max-import-mib`, and never written to disk:
//! a registry may hold witness-derived notes. Whatever was sent comes back in the text box,
//! so a dry run followed by "Import" needs no second upload and nothing typed is lost.

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use quietline_geo::RegistryFormat;
use serde::Deserialize;

use crate::extract::SignedIn;
use crate::layout::{Nav, render};
use crate::refusal::Refusal;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "workbench/site_import.html", escape = "workbench")]
struct ImportPage {
    nav: Nav,
    /// The registry's text, as uploaded or pasted, shown again in the text box.
    text: String,
    /// `auto`, `csv` or `geojson`: the format chosen in the form.
    format: &'static str,
    /// The uploaded file whose contents are in the box, if one was.
    file_name: Option<String>,
    /// Why the request could not be read, in words (a limit, not UTF-8).
    refusal: Option<String>,
    outcome: Option<ImportOutcomeView>,
}

struct ImportOutcomeView {
    good: usize,
    dry_run: bool,
    imported: bool,
    problems: Vec<(u64, String)>,
    geojson: bool,
}

/// `GET /investigator/sites/import`.
pub(crate) async fn import_form(
    State(state): State<AppState>,
    desk: SignedIn,
) -> Result<Response, Refusal> {
    if !state.instance.workspace_ready(&desk.investigator) {
        return Err(Refusal::NoAccess);
    }
    let page = ImportPage {
        nav: desk.nav(),
        text: String::new(),
        format: "auto",
        file_name: None,
        refusal: None,
        outcome: None,
    };
    Ok(render(page))
}

/// The import form's fields, however they were posted.
#[derive(Deserialize, Default)]
struct ImportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    action: String,
    /// The uploaded file (multipart only): its name and bytes.
    #[serde(skip)]
    file: Option<(String, Vec<u8>)>,
}

/// Why the form could not be taken as it was sent.
enum Unreadable {
    /// Not a form at all: 400.
    Malformed,
    /// Larger than `--max-import-mib`: 413, with what was read of the text fields.
    TooLarge(ImportForm),
}

/// Reads the form into memory, either encoding, refusing more than `limit` bytes.
async fn read_import_form(
    headers: &HeaderMap,
    body: Body,
    limit: u64,
) -> Result<ImportForm, Unreadable> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // Each field (the file, the text box) may hold `limit` bytes; the whole request that
    // plus room for the other fields.
    let field_limit = limit;
    let limit = limit.saturating_add(64 * 1024);
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let bytes = axum::body::to_bytes(body, usize::try_from(limit).unwrap_or(usize::MAX))
            .await
            .map_err(|_| Unreadable::TooLarge(ImportForm::default()))?;
        let form: ImportForm =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| Unreadable::Malformed)?;
        if form.text.len() as u64 > field_limit {
            return Err(Unreadable::TooLarge(ImportForm {
                text: String::new(),
                ..form
            }));
        }
        return Ok(form);
    }
    let boundary = multer::parse_boundary(content_type).map_err(|_| Unreadable::Malformed)?;
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(limit)
            .per_field(field_limit),
    );
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut form = ImportForm::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(form),
            Err(e) if too_large(&e) => return Err(Unreadable::TooLarge(form)),
            Err(_) => return Err(Unreadable::Malformed),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes.to_vec(),
            Err(e) if too_large(&e) => return Err(Unreadable::TooLarge(form)),
            Err(_) => return Err(Unreadable::Malformed),
        };
        match (name.as_str(), file_name) {
            ("file", Some(file_name)) => {
                // A file input left empty still sends an empty part with an empty name.
                if !(file_name.is_empty() && bytes.is_empty()) {
                    form.file = Some((file_name, bytes));
                }
            }
            (_, Some(_)) => {}
            (field, None) => {
                let value = String::from_utf8(bytes).map_err(|_| Unreadable::Malformed)?;
                match field {
                    "csrf" => form.csrf = value,
                    "format" => form.format = value,
                    "text" => form.text = value,
                    "action" => form.action = value,
                    _ => {}
                }
            }
        }
    }
}

fn too_large(error: &multer::Error) -> bool {
    matches!(
        error,
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. }
    )
}

/// The format to read `text` in: the one chosen, or (for `auto`) the file name's extension,
/// or else what the text starts with (a GeoJSON file is a JSON object).
fn format_of(chosen: &str, file_name: Option<&str>, text: &str) -> RegistryFormat {
    match chosen {
        "csv" => return RegistryFormat::Csv,
        "geojson" => return RegistryFormat::GeoJson,
        _ => {}
    }
    let extension = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("geojson" | "json") => RegistryFormat::GeoJson,
        Some("csv" | "tsv" | "txt") => RegistryFormat::Csv,
        _ if text.trim_start().starts_with('{') => RegistryFormat::GeoJson,
        _ => RegistryFormat::Csv,
    }
}

fn format_name(chosen: &str) -> &'static str {
    match chosen {
        "csv" => "csv",
        "geojson" => "geojson",
        _ => "auto",
    }
}

/// `POST /investigator/sites/import`: `action=check` (dry run) or `action=import`
/// (all-or-nothing: nothing is written while any row has a problem). An uploaded file takes
/// the place of the pasted text.
pub(crate) async fn import(
    State(state): State<AppState>,
    desk: SignedIn,
    jar: CookieJar,
    request: Request,
) -> Result<Response, Refusal> {
    let limit = state.instance.config().limits.max_import_bytes;
    let (parts, body) = request.into_parts();
    let read = read_import_form(&parts.headers, body, limit).await;
    // The form's token is checked as soon as it is read, even from a form cut at the limit.
    let checked = |form: ImportForm| {
        if crate::csrf::verify(&state, &jar, &form.csrf) {
            Ok(form)
        } else {
            Err(Refusal::FormExpired)
        }
    };
    let mut form = match read {
        Ok(form) => checked(form)?,
        Err(Unreadable::Malformed) => return Err(Refusal::BadRequest),
        Err(Unreadable::TooLarge(form)) => {
            let form = checked(form)?;
            let mib = limit as f64 / (1024.0 * 1024.0);
            let page = ImportPage {
                nav: desk.nav(),
                text: String::new(),
                format: format_name(&form.format),
                file_name: None,
                refusal: Some(format!(
                    "The file is larger than this server accepts for one import ({mib:.0} MiB; \
                     the operator sets it with --max-import-mib). Nothing was imported: split \
                     the registry into smaller files and import each."
                )),
                outcome: None,
            };
            return Ok((StatusCode::PAYLOAD_TOO_LARGE, render(page)).into_response());
        }
    };
    let mut file_name = None;
    if let Some((name, bytes)) = form.file.take() {
        match String::from_utf8(bytes) {
            Ok(text) => {
                form.text = text;
                file_name = Some(name);
            }
            Err(_) => {
                let page = ImportPage {
                    nav: desk.nav(),
                    text: form.text,
                    format: format_name(&form.format),
                    file_name: None,
                    refusal: Some(format!(
                        "“{name}” is not UTF-8 text. Save it as CSV UTF-8 (or GeoJSON, which is \
                         always UTF-8) and choose it again. Nothing was imported."
                    )),
                    outcome: None,
                };
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)).into_response());
            }
        }
    }
    // Spreadsheets save "CSV UTF-8" with a byte-order mark, which is not part of the header.
    if let Some(rest) = form.text.strip_prefix('\u{feff}') {
        form.text = rest.to_owned();
    }
    let format = format_of(&form.format, file_name.as_deref(), &form.text);
    let geojson = format == RegistryFormat::GeoJson;
    let dry_run = form.action != "import";
    let report = state
        .instance
        .import_sites(
            &desk.investigator,
            &form.text,
            format,
            dry_run,
            desk.request_id(),
            desk.now,
        )
        .await?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ImportPage {
        nav: desk.nav(),
        text: if report.imported {
            String::new()
        } else {
            form.text
        },
        // What was read is what the box now holds: say so, so "Import" reads it alike.
        format: if geojson { "geojson" } else { "csv" },
        file_name: if report.imported { None } else { file_name },
        refusal: None,
        outcome: Some(ImportOutcomeView {
            good: report.good,
            dry_run,
            imported: report.imported,
            problems: report
                .problems
                .into_iter()
                .map(|p| (p.line, p.reason))
                .collect(),
            geojson,
        }),
    };
    Ok((status, render(page)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_the_chosen_one_else_the_extension_else_the_contents() {
        assert_eq!(
            format_of("csv", Some("a.geojson"), "{"),
            RegistryFormat::Csv
        );
        assert_eq!(format_of("geojson", None, "names"), RegistryFormat::GeoJson);
        assert_eq!(
            format_of("auto", Some("Sites.GeoJSON"), "names"),
            RegistryFormat::GeoJson
        );
        assert_eq!(
            format_of("auto", Some("sites.csv"), " {"),
            RegistryFormat::Csv
        );
        assert_eq!(
            format_of("auto", None, "\n  {\"type\""),
            RegistryFormat::GeoJson
        );
        assert_eq!(
            format_of("", Some("registry"), "names,city"),
            RegistryFormat::Csv
        );
    }
}
