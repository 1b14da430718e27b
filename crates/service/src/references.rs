//! Short report references (`R-7KQ4-92`, core's `ReportRef`): one drawn for each report right
//! after it is stored, and at start for any report that has none (stored before references
//! existed, or the process stopped in between). Drawn at random and unique, so a reference says
//! nothing about when a report arrived or in which order.

use quietline_core::{ReportId, ReportRef};
use quietline_crypto::random_bytes;

use crate::{Instance, ServiceError};

/// Draws before giving up: with 100 000 reports a draw is taken one time in 10 000, so 20
/// draws in a row taken happen with a chance of 10^-80.
const MAX_DRAWS: usize = 20;

impl Instance {
    /// Gives `report` a reference, unless it has one.
    pub(crate) async fn give_reference(&self, report: ReportId) -> Result<(), ServiceError> {
        let db = &self.inner.db;
        for _ in 0..MAX_DRAWS {
            let drawn = ReportRef::from_random(random_bytes::<4>()?);
            if db.set_report_reference(report, drawn).await? {
                return Ok(());
            }
            // Taken by another report, or this one has a reference already.
            if db
                .inbox_row(report)
                .await?
                .is_none_or(|row| row.reference.is_some())
            {
                return Ok(());
            }
        }
        Err(ServiceError::Corrupt("no free report reference"))
    }

    /// Gives every report without a reference one; how many there were.
    pub(crate) async fn give_missing_references(&self) -> Result<usize, ServiceError> {
        let missing = self.inner.db.reports_without_reference().await?;
        for &report in &missing {
            self.give_reference(report).await?;
        }
        Ok(missing.len())
    }
}
