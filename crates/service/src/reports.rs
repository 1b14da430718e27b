//! Reports as metadata: what can be listed without any key.

use quietline_core::{Day, ReportId, ReportStatus};

use crate::{Instance, ServiceError};

/// A report's metadata.
#[derive(Clone, Debug)]
pub struct ReportSummary {
    /// The report.
    pub id: ReportId,
    /// Its status.
    pub status: ReportStatus,
    /// Day received (UTC).
    pub received_day: Day,
}

impl Instance {
    /// Every report, newest first.
    pub async fn report_summaries(&self) -> Result<Vec<ReportSummary>, ServiceError> {
        Ok(self
            .inner
            .db
            .reports()
            .await?
            .into_iter()
            .map(|r| ReportSummary {
                id: r.id,
                status: r.status,
                received_day: r.received_day,
            })
            .collect())
    }
}
