//! The workbench's cross-referencing operations: a report's "also in" links, confirming and
//! rejecting them, an entity's page, and deriving the records of reports that predate them.
//!
//! What an investigator sees is limited to reports their key opens (the `report_access`
//! table, kept with every wrap of a report key); records in other reports are counted, never
//! shown. Decisions are sealed to the workspace key; the audit trail records only that a
//! decision was made, under the decision's random id.

use std::cell::RefCell;
use std::collections::HashSet;

use quietline_core::{Day, ReportAnswers, ReportId};
use quietline_crypto::seal;
use quietline_storage::{InboxRow, SealedPart};

use super::crossref::{Decision, EntityView, RecordXref, Verdict, records_of, seal_records};
use super::{Investigator, Now, UnlockedWorkspace};
use crate::audit::AuditAction;
use crate::{Instance, ServiceError};

impl Instance {
    /// Of `reports`, those the investigator's key opens. Asked only about the reports a view
    /// involves: a workspace may hold many reports an investigator cannot open.
    pub(super) async fn open_among(
        &self,
        investigator: &Investigator,
        reports: HashSet<ReportId>,
    ) -> Result<HashSet<ReportId>, ServiceError> {
        let recipient = investigator.identity.recipient().to_string();
        let reports: Vec<ReportId> = reports.into_iter().collect();
        Ok(self
            .inner
            .db
            .reports_with_access_among(&recipient, &reports)
            .await?
            .into_iter()
            .collect())
    }

    /// Derives, seals and indexes the records of a report received before records were
    /// derived at arrival (called when someone whose key opens it reads it).
    pub(crate) async fn backfill_xref(
        &self,
        workspace: &UnlockedWorkspace,
        row: &InboxRow,
        answers: &ReportAnswers,
    ) -> Result<(), ServiceError> {
        if row.xref_sealed.is_some() {
            return Ok(());
        }
        let records = records_of(row.id, answers);
        let sealed = seal_records(&records, &workspace.recipient())?;
        self.inner
            .db
            .set_sealed_part(row.id, SealedPart::Xref, &sealed)
            .await?;
        let fingerprint = super::inbox::fingerprint_of(&sealed);
        let mut xref = workspace
            .xref
            .write()
            .map_err(|_| ServiceError::Corrupt("xref lock"))?;
        xref.add(vec![(row.id, fingerprint, records)]);
        Ok(())
    }

    /// The "also in" view of a report, for an investigator who has opened it; `None` while
    /// the cross-reference index is still being built after the unlock.
    pub(crate) async fn report_xref(
        &self,
        investigator: &Investigator,
        workspace: &UnlockedWorkspace,
        report: ReportId,
    ) -> Result<Option<Vec<RecordXref>>, ServiceError> {
        if !workspace.xref_built().await {
            return Ok(None);
        }
        // First the reports the view involves, then the view limited to those the key opens.
        let involved = RefCell::new(HashSet::new());
        {
            let state = workspace
                .xref
                .read()
                .map_err(|_| ServiceError::Corrupt("xref lock"))?;
            if let Some(xref) = state.ready() {
                xref.report(report, &|r| {
                    involved.borrow_mut().insert(r);
                    true
                });
            }
        }
        let open = self.open_among(investigator, involved.into_inner()).await?;
        let state = workspace
            .xref
            .read()
            .map_err(|_| ServiceError::Corrupt("xref lock"))?;
        Ok(state
            .ready()
            .map(|xref| xref.report(report, &|r| open.contains(&r))))
    }

    /// Confirms, rejects or withdraws the decision on the link between a record of `report`
    /// (`record`: `p1`, `o2`, `place`) and another report's record (`other`:
    /// `<report>/<record>`). The investigator's key must open both reports, and the pair must
    /// be one the report page shows (same entity) or one already decided on.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_link(
        &self,
        investigator: &Investigator,
        report: ReportId,
        record: &str,
        other: &str,
        verdict: Verdict,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        self.report_key(&investigator.identity, report).await?;
        let (other_report, other_record) = other
            .split_once('/')
            .and_then(|(r, rec)| Some((r.parse::<ReportId>().ok()?, rec)))
            .ok_or(ServiceError::NotFound)?;
        if other_report == report
            || !self
                .open_among(investigator, HashSet::from([other_report]))
                .await?
                .contains(&other_report)
        {
            return Err(ServiceError::NotFound);
        }
        let pair = {
            let state = workspace
                .xref
                .read()
                .map_err(|_| ServiceError::Corrupt("xref lock"))?;
            // While the index is being built there is no link to decide on.
            let xref = state.ready().ok_or(ServiceError::NotFound)?;
            let (Some(p), Some(q)) = (
                xref.position(report, record),
                xref.position(other_report, other_record),
            ) else {
                return Err(ServiceError::NotFound);
            };
            if !xref.decidable(p, q) {
                return Err(ServiceError::NotFound);
            }
            let (Some(a), Some(b)) = (xref.record_id(p), xref.record_id(q)) else {
                return Err(ServiceError::NotFound);
            };
            if a <= b {
                (a.to_owned(), b.to_owned())
            } else {
                (b.to_owned(), a.to_owned())
            }
        };
        let decision = Decision {
            pair,
            verdict,
            by: investigator.id,
            day: Day::new(now.today()),
        };
        let json = zeroize::Zeroizing::new(
            serde_json::to_vec(&decision).map_err(|_| ServiceError::Corrupt("decision"))?,
        );
        let sealed = seal(&[workspace.recipient()], &json)?;
        let id = quietline_crypto::random_hex::<16>()?;
        self.inner.db.insert_link_decision(&id, &sealed).await?;
        workspace
            .xref
            .write()
            .map_err(|_| ServiceError::Corrupt("xref lock"))?
            .ready_mut()
            .ok_or(ServiceError::NotFound)?
            .decide(decision);
        let action = match verdict {
            Verdict::Confirmed => AuditAction::LinkConfirmed,
            Verdict::Rejected => AuditAction::LinkRejected,
            Verdict::Cleared => AuditAction::LinkCleared,
        };
        self.audit_investigator(investigator.id, action, id, [], request_id, now)
            .await
    }

    /// The page of the entity of a report's record: its records in every report the
    /// investigator's key opens, and their variants.
    pub async fn entity(
        &self,
        investigator: &Investigator,
        report: ReportId,
        record: &str,
        request_id: &str,
        now: Now,
    ) -> Result<EntityView, ServiceError> {
        let workspace = self.workspace_for(investigator)?;
        self.report_key(&investigator.identity, report).await?;
        workspace.xref_built().await;
        let involved = RefCell::new(HashSet::new());
        {
            let state = workspace
                .xref
                .read()
                .map_err(|_| ServiceError::Corrupt("xref lock"))?;
            let xref = state.ready().ok_or(ServiceError::NotFound)?;
            xref.entity_view(
                report,
                record,
                &|r| {
                    involved.borrow_mut().insert(r);
                    true
                },
                &|_| None,
            );
        }
        let open = self.open_among(investigator, involved.into_inner()).await?;
        let view = {
            let index = workspace
                .index
                .read()
                .map_err(|_| ServiceError::Corrupt("inbox lock"))?;
            let state = workspace
                .xref
                .read()
                .map_err(|_| ServiceError::Corrupt("xref lock"))?;
            let xref = state.ready().ok_or(ServiceError::NotFound)?;
            xref.entity_view(report, record, &|r| open.contains(&r), &|r| {
                index.entry(r).map(|e| e.received_day)
            })
            .map(|mut view| {
                let named = std::iter::once(view.from.report)
                    .chain(view.members.iter().map(|m| m.record.report));
                view.references = index.references(named);
                view
            })
        }
        .ok_or(ServiceError::NotFound)?;
        self.audit_investigator(
            investigator.id,
            AuditAction::EntityViewed,
            report.to_string(),
            [],
            request_id,
            now,
        )
        .await?;
        Ok(view)
    }
}
