//! The registry's exports: every site and field for investigators (GeoJSON and CSV), and the
//! public export, built by the service from what admins published only.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use quietline_service::ExportFormat;

use super::failure;
use crate::security::RequestId;
use crate::state::AppState;
use crate::workbench::{SignedIn, now};

/// `GET /investigator/sites/export/{file}`: `sites.geojson`, `sites.csv` (every site and
/// field), `public.geojson`, `public.csv` (published sites, published fields only).
pub(crate) async fn export(
    State(state): State<AppState>,
    SignedIn(investigator): SignedIn,
    Extension(request_id): Extension<RequestId>,
    jar: CookieJar,
    Path(file): Path<String>,
) -> Response {
    let (public, format, content_type) = match file.as_str() {
        "sites.geojson" => (false, ExportFormat::GeoJson, "application/geo+json"),
        "sites.csv" => (false, ExportFormat::Csv, "text/csv; charset=utf-8"),
        "public.geojson" => (true, ExportFormat::GeoJson, "application/geo+json"),
        "public.csv" => (true, ExportFormat::Csv, "text/csv; charset=utf-8"),
        _ => return crate::error::WebError::not_found().into_response(),
    };
    let result = if public {
        state
            .instance
            .export_public_sites(&investigator, format, &request_id.0, now(&state))
            .await
    } else {
        state
            .instance
            .export_sites(&investigator, format, &request_id.0, now(&state))
            .await
    };
    match result {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"quietline-{file}\""),
                ),
            ],
            text,
        )
            .into_response(),
        Err(err) => {
            let (jar, csrf) = match crate::csrf::issue(&state, jar) {
                Ok(issued) => issued,
                Err(err) => return err.into_response(),
            };
            (jar, failure(&investigator, csrf, &err)).into_response()
        }
    }
}
