//! The registry's exports: every site and field for investigators (GeoJSON and CSV), and the
//! public export, built by the service from what admins published only.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use quietline_service::ExportFormat;

use crate::extract::{Path, SignedIn};
use crate::refusal::Refusal;
use crate::state::AppState;

/// `GET /investigator/sites/export/{file}`: `sites.geojson`, `sites.csv` (every site and
/// field), `public.geojson`, `public.csv` (published sites, published fields only).
pub(crate) async fn export(
    State(state): State<AppState>,
    desk: SignedIn,
    Path(file): Path<String>,
) -> Result<Response, Refusal> {
    let (public, format, content_type) = match file.as_str() {
        "sites.geojson" => (false, ExportFormat::GeoJson, "application/geo+json"),
        "sites.csv" => (false, ExportFormat::Csv, "text/csv; charset=utf-8"),
        "public.geojson" => (true, ExportFormat::GeoJson, "application/geo+json"),
        "public.csv" => (true, ExportFormat::Csv, "text/csv; charset=utf-8"),
        _ => return Err(Refusal::NotFound),
    };
    let (by, request, now) = (&desk.investigator, desk.request_id(), desk.now);
    let text = if public {
        state
            .instance
            .export_public_sites(by, format, request, now)
            .await?
    } else {
        state
            .instance
            .export_sites(by, format, request, now)
            .await?
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"quietline-{file}\""),
            ),
        ],
        text,
    )
        .into_response())
}
