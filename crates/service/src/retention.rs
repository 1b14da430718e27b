//! Retention and the daily purge (issue 14, docs/evidence.md "Retention and purge").
//!
//! A report's retention day is its last activity (`updated_day`: a message either way, a
//! change of status) plus `ServiceConfig::retention_months`, or the later day an investigator
//! postponed it to (`reports.retain_until`; the reason is sealed to the recovery key in the
//! audit trail's sealed details). The day after it, the purge destroys the report by
//! crypto-shredding, unless a case under legal hold holds it (`reports.legal_hold`):
//!
//! 1. in one transaction, a tombstone is written in state `shredding` and every row of the
//!    report is deleted (`storage::PER_REPORT_ROWS`, then its row with its sealed summary,
//!    tags and cross-referencing records): from here on, no page, receipt or command finds
//!    it, and the unlocked workspace forgets it;
//! 2. its folder is destroyed: `key.age` (the report key wrapped to investigators and the
//!    recovery key) first, then every object, each overwritten with zeros and unlinked;
//! 3. `report_purged` is audited and the tombstone marked `purged`.
//!
//! A purge interrupted after step 1 is finished by the next run, which starts with the
//! tombstones still `shredding` (and the start-up cleanup leaves their folders alone).

use quietline_core::{Day, FieldError, Problem, ReportId, ReportRef};
use quietline_storage::{PurgeState, RetentionRow};
use serde_json::json;

use crate::audit::{Actor, AuditAction, AuditEvent};
use crate::workbench::{Investigator, Now};
use crate::{Instance, ServiceError};

/// Reports whose retention day is this close are "due soon" (inbox, report page) and in the
/// admin's preview.
pub const DUE_SOON_DAYS: i64 = 30;

/// Longest postponement reason, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// A report's retention, as the pages show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// The day after which the purge destroys it.
    pub day: Day,
    /// Whether an investigator postponed it (to `day` or earlier, before later activity).
    pub postponed: bool,
    /// Whether a case under legal hold holds it: then it is never purged.
    pub legal_hold: bool,
    /// Whether `day` is within [`DUE_SOON_DAYS`] of today (or past).
    pub due_soon: bool,
}

/// A report in the admin's preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueReport {
    /// The report.
    pub id: ReportId,
    /// Its short reference.
    pub reference: Option<ReportRef>,
    /// Its retention.
    pub retention: Retention,
}

/// What is left of a purged report, as the admin's page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurgedReport {
    /// The report's id.
    pub id: ReportId,
    /// Its short reference.
    pub reference: Option<ReportRef>,
    /// The day of the purge.
    pub day: Day,
    /// Whether the purge is complete (`false`: the next run finishes it).
    pub complete: bool,
}

/// The admin's retention page.
#[derive(Clone, Debug)]
pub struct RetentionPreview {
    /// The setting in force.
    pub months: u32,
    /// Today.
    pub today: Day,
    /// The last day of the preview (today + [`DUE_SOON_DAYS`]).
    pub until: Day,
    /// Every report whose retention day is on or before `until`, by day then reference
    /// (held ones included, marked).
    pub due: Vec<DueReport>,
    /// Tombstones of purged reports, by day then id.
    pub purged: Vec<PurgedReport>,
}

/// What a purge did (or, dry, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurgeOutcome {
    /// Reports purged (or that would be), by id.
    pub purged: Vec<ReportId>,
    /// Reports past their day and kept by a legal hold.
    pub held: Vec<ReportId>,
    /// Interrupted purges finished.
    pub resumed: usize,
}

/// Where a test stops a purge, to check that the next run finishes it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PurgeStop {
    /// After the rows are deleted and the tombstone written, before any object is destroyed.
    AfterRows,
    /// After the objects are destroyed, before the audit entry and the tombstone's end.
    AfterShredding,
}

/// `day` plus `months`, on the same day of the month or the month's last day.
pub fn add_months(day: Day, months: u32) -> Day {
    let date = day.date();
    let total =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MAX);
    let month = u8::try_from(total.rem_euclid(12) + 1).unwrap_or(12);
    let month = time::Month::try_from(month).unwrap_or(time::Month::December);
    let mut d = date.day();
    loop {
        if let Ok(found) = time::Date::from_calendar_date(year, month, d) {
            return Day::new(found);
        }
        if d <= 28 {
            // Out of the calendar's range: keep the day as it was.
            return day;
        }
        d -= 1;
    }
}

fn plus_days(day: Day, days: i64) -> Day {
    Day::new(
        day.date()
            .checked_add(time::Duration::days(days))
            .unwrap_or(day.date()),
    )
}

/// The retention of a report with this last activity, postponement and hold, on `today`.
pub fn retention_of(
    updated_day: Day,
    retain_until: Option<Day>,
    legal_hold: bool,
    months: u32,
    today: Day,
) -> Retention {
    let default = add_months(updated_day, months);
    let day = retain_until.map_or(default, |until| until.max(default));
    Retention {
        day,
        postponed: retain_until.is_some_and(|until| until > default),
        legal_hold,
        due_soon: day <= plus_days(today, DUE_SOON_DAYS),
    }
}

fn invalid(field: &str, problem: Problem) -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field: field.into(),
        problem,
    }])
}

impl Instance {
    /// The retention of one report's row, today.
    pub(crate) fn retention_of_row(&self, row: &RetentionRow, today: Day) -> Retention {
        retention_of(
            row.updated_day,
            row.retain_until,
            row.legal_hold,
            self.inner.config.retention_months,
            today,
        )
    }

    /// The retention of a report (for its page).
    pub(crate) async fn report_retention(
        &self,
        report: ReportId,
        today: Day,
    ) -> Result<Retention, ServiceError> {
        let row = self
            .inner
            .db
            .retention_row(report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok(self.retention_of_row(&row, today))
    }

    /// Postpones a report's retention to `until` (written `YYYY-MM-DD`, later than its
    /// current retention day), for `reason`. Only an investigator whose key opens the report
    /// may. The reason is investigators' words about a report: it is sealed to the recovery
    /// key in the audit trail's sealed details, and the `retention_postponed` entry carries the
    /// new day and the sealed detail's fingerprint. Returns the report's retention now.
    pub async fn postpone_retention(
        &self,
        investigator: &Investigator,
        report: ReportId,
        until: &str,
        reason: &str,
        request_id: &str,
        now: Now,
    ) -> Result<Retention, ServiceError> {
        self.workspace_for(investigator)?;
        self.report_key(&investigator.identity, report).await?;
        let today = Day::new(now.today());
        let current = self.report_retention(report, today).await?;
        let until: Day = until
            .trim()
            .parse()
            .map_err(|_| invalid("until", Problem::InvalidDate))?;
        if until <= current.day {
            return Err(invalid("until", Problem::InvalidDate));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(invalid("reason", Problem::Required));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(invalid(
                "reason",
                Problem::TooLong {
                    max: MAX_REASON_CHARS,
                },
            ));
        }
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(&json!({
                "report": report.to_string(),
                "until": until.to_string(),
                "reason": reason,
            }))
            .map_err(|_| ServiceError::Corrupt("retention audit"))?,
        );
        let recovery = self.recovery_recipient().await?;
        let sealed = quietline_crypto::seal(std::slice::from_ref(&recovery), &plain)?;
        let fingerprint = crate::authenticity::sha256_hex(&sealed);
        self.inner
            .db
            .insert_audit_sealed(&fingerprint, &sealed)
            .await?;
        self.inner.db.set_report_retain_until(report, until).await?;
        self.update_index(report, |e| e.retain_until = Some(until));
        self.audit_investigator(
            investigator.id,
            AuditAction::RetentionPostponed,
            report.to_string(),
            [
                ("until", json!(until.to_string())),
                ("sealed", json!(fingerprint)),
            ],
            request_id,
            now,
        )
        .await?;
        self.report_retention(report, today).await
    }

    /// The admin's retention page: every report due within [`DUE_SOON_DAYS`] (or past its
    /// day and held), and the tombstones. Admins only.
    pub async fn retention_preview(
        &self,
        admin: &Investigator,
        now: Now,
    ) -> Result<RetentionPreview, ServiceError> {
        if !admin.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let today = Day::new(now.today());
        let until = plus_days(today, DUE_SOON_DAYS);
        let mut due: Vec<DueReport> = self
            .inner
            .db
            .retention_rows()
            .await?
            .into_iter()
            .map(|row| DueReport {
                id: row.id,
                reference: row.reference,
                retention: self.retention_of_row(&row, today),
            })
            .filter(|r| r.retention.day <= until)
            .collect();
        due.sort_by(|a, b| {
            (a.retention.day, a.reference.map(|r| r.to_string()), a.id).cmp(&(
                b.retention.day,
                b.reference.map(|r| r.to_string()),
                b.id,
            ))
        });
        let mut purged: Vec<PurgedReport> = self
            .inner
            .db
            .tombstones()
            .await?
            .into_iter()
            .map(|t| PurgedReport {
                id: t.report_id,
                reference: t.reference,
                day: t.purged_day,
                complete: t.state == PurgeState::Purged,
            })
            .collect();
        purged.sort_by(|a, b| (b.day, a.id).cmp(&(a.day, b.id)));
        Ok(RetentionPreview {
            months: self.inner.config.retention_months,
            today,
            until,
            due,
            purged,
        })
    }

    /// Purges every report past its retention day and not under legal hold, after finishing
    /// any purge that was interrupted (docs/evidence.md). `dry_run` only says what would be
    /// purged. Each purge is audited as `report_purged` by `actor` (`system` for the daily
    /// run, `cli` for `quietline purge`).
    pub async fn purge_due(
        &self,
        actor: Actor,
        dry_run: bool,
        now: time::OffsetDateTime,
    ) -> Result<PurgeOutcome, ServiceError> {
        self.purge_due_stopping(actor, dry_run, now, None).await
    }

    /// [`Instance::purge_due`] that stops every purge at `stop` (tests of an interrupted
    /// purge).
    #[doc(hidden)]
    pub async fn purge_due_stopping(
        &self,
        actor: Actor,
        dry_run: bool,
        now: time::OffsetDateTime,
        stop: Option<PurgeStop>,
    ) -> Result<PurgeOutcome, ServiceError> {
        if self.inner.config.verify_only || self.inner.audit_read_only {
            return Err(ServiceError::Corrupt(
                "a copy opened to be verified is never purged",
            ));
        }
        let today = Day::new(now.date());
        let mut outcome = PurgeOutcome::default();
        if !dry_run {
            for id in self.inner.db.purges_in_progress().await? {
                self.finish_purge(id, actor, now).await?;
                outcome.resumed += 1;
            }
        }
        for row in self.inner.db.retention_rows().await? {
            let retention = self.retention_of_row(&row, today);
            if retention.day >= today {
                continue;
            }
            if row.legal_hold {
                outcome.held.push(row.id);
                continue;
            }
            if dry_run {
                outcome.purged.push(row.id);
                continue;
            }
            if self.purge_one(&row, actor, now, stop).await? {
                outcome.purged.push(row.id);
            }
        }
        if !outcome.purged.is_empty() && !dry_run {
            // The inbox's sealed snapshot holds every report's summary: destroyed, it is
            // written again without the purged ones at the next unlock.
            self.inner
                .cache
                .shred(crate::workbench::INBOX_SNAPSHOT)
                .await?;
        }
        if !outcome.held.is_empty() {
            tracing::info!(
                held = outcome.held.len(),
                "reports past their retention day kept by a legal hold"
            );
        }
        Ok(outcome)
    }

    /// Purges one report as `seen` (nothing if it changed since, or is held now).
    async fn purge_one(
        &self,
        seen: &RetentionRow,
        actor: Actor,
        now: time::OffsetDateTime,
        stop: Option<PurgeStop>,
    ) -> Result<bool, ServiceError> {
        let id = seen.id;
        // No key re-wrap of it while it goes (a missing folder has nothing to re-wrap).
        let _lock = self
            .inner
            .report_locks
            .lock(self.inner.objects.folder(id))
            .await
            .ok();
        if !self
            .inner
            .db
            .begin_purge(seen, Day::new(now.date()))
            .await?
        {
            return Ok(false);
        }
        self.forget_purged(id);
        if stop == Some(PurgeStop::AfterRows) {
            return Ok(true);
        }
        self.inner.objects.shred_report(id, now.date()).await?;
        if stop == Some(PurgeStop::AfterShredding) {
            return Ok(true);
        }
        self.finish_purge(id, actor, now).await?;
        Ok(true)
    }

    /// Steps 2 and 3 of a purge whose rows are gone: destroys the folder (again: idempotent),
    /// audits, and ends the tombstone. The entry comes before the tombstone's end, so that a
    /// crash between them repeats the entry rather than lose it.
    async fn finish_purge(
        &self,
        id: ReportId,
        actor: Actor,
        now: time::OffsetDateTime,
    ) -> Result<(), ServiceError> {
        self.forget_purged(id);
        self.inner.objects.shred_report(id, now.date()).await?;
        self.audit(
            AuditEvent::new(actor, AuditAction::ReportPurged).subject(id.to_string()),
            now,
        )
        .await?;
        self.inner.db.finish_purge(id).await?;
        Ok(())
    }

    /// Drops a purged report from the unlocked workspace: the inbox and the search index.
    /// The cross-reference index keeps its records until the next unlock (which reads only
    /// existing reports), but shows another report only to an investigator whose key opens it,
    /// as `report_access` says, which no longer lists a purged report: no page names it.
    fn forget_purged(&self, id: ReportId) {
        if let Some(workspace) = self.inner.workbench.unlocked() {
            if let Ok(mut index) = workspace.index.write() {
                index.remove(id);
            }
            workspace.search.forget(id);
        }
    }

    /// Runs the purge once a day from the sweeper: at its first tick after start and at its
    /// first tick of each new UTC day.
    pub(crate) async fn purge_daily(&self, now: Now) {
        if self.inner.config.verify_only || self.inner.audit_read_only {
            return;
        }
        let today = now.today();
        {
            let Ok(mut last) = self.inner.last_purge.lock() else {
                return;
            };
            if *last == Some(today) {
                return;
            }
            *last = Some(today);
        }
        match self.purge_due(Actor::System, false, now.wall).await {
            Ok(outcome) if !outcome.purged.is_empty() || outcome.resumed > 0 => {
                tracing::info!(
                    purged = outcome.purged.len(),
                    resumed = outcome.resumed,
                    "reports past their retention day purged"
                );
            }
            Ok(_) => {}
            Err(err) => {
                tracing::error!(error = %err, "the daily purge failed; it runs again tomorrow or at the next start");
                if let Ok(mut last) = self.inner.last_purge.lock() {
                    *last = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(add_months(day("2026-11-29"), 24), day("2028-11-29"));
        assert_eq!(add_months(day("2026-01-31"), 1), day("2026-02-28"));
        assert_eq!(add_months(day("2027-12-31"), 2), day("2028-02-29"));
        assert_eq!(add_months(day("2026-03-15"), 0), day("2026-03-15"));
    }

    #[test]
    fn a_postponement_only_ever_makes_the_day_later() {
        let today = day("2027-01-01");
        let r = retention_of(day("2026-01-10"), None, false, 12, today);
        assert_eq!(
            (r.day, r.postponed, r.due_soon),
            (day("2027-01-10"), false, true)
        );
        let r = retention_of(day("2026-01-10"), Some(day("2027-06-01")), false, 12, today);
        assert_eq!(
            (r.day, r.postponed, r.due_soon),
            (day("2027-06-01"), true, false)
        );
        // Activity after the postponement moves the default past it.
        let r = retention_of(day("2026-12-01"), Some(day("2027-06-01")), true, 12, today);
        assert_eq!(
            (r.day, r.postponed, r.legal_hold),
            (day("2027-12-01"), false, true)
        );
    }
}
