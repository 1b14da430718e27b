//! What some workbench pages show, each in one operation, so that every handler makes one
//! call: the inbox with the names and tags its filters offer, the investigators page with the
//! progress of a key rotation, a page of the audit trail with its actors' names and (when
//! asked) its verification, and changes to a selection of reports (ticked, or a group of
//! near-duplicates). The admin pages' operations check the role here, not only in the web.

use std::collections::HashMap;

use quietline_core::{InvestigatorId, ReportId, ReportStatus};

use super::{InboxPage, InboxQuery, Investigator, RotationProgress};
use crate::audit::{AuditEntry, AuditVerification};
use crate::{Instance, InvestigatorSummary, Now, ServiceError};

/// The inbox page: a page of reports, and what its filters and bulk actions offer.
#[derive(Debug)]
pub struct InboxView {
    /// The reports of this page.
    pub page: InboxPage,
    /// Every investigator (names for the assignee column and filter).
    pub investigators: Vec<InvestigatorSummary>,
    /// Every tag in use.
    pub tags: Vec<String>,
}

/// The investigators page (admins).
#[derive(Debug)]
pub struct InvestigatorsView {
    /// Every investigator.
    pub people: Vec<InvestigatorSummary>,
    /// A rotation of the workspace key under way.
    pub rotation: Option<RotationProgress>,
}

/// Which page of the audit trail, and whether to verify it whole.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuditQuery {
    /// Entries before this one (from the end without it).
    pub before: Option<u64>,
    /// Entries a page.
    pub limit: usize,
    /// Recompute the chain and check every signed head.
    pub verify: bool,
}

/// A page of the audit trail (admins).
#[derive(Debug)]
pub struct AuditView {
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    /// Usernames by the actor as entries name it (`investigator:<id>`).
    pub actors: HashMap<String, String>,
    /// The verification, when asked.
    pub verification: Option<AuditVerification>,
    /// The audit signing key (hex), to keep a copy away from the server.
    pub public_key: String,
}

/// The reports a bulk action applies to.
#[derive(Clone, Debug)]
pub enum ReportSelection {
    /// These reports.
    Reports(Vec<ReportId>),
    /// The group of reports whose narrative is nearly the same as this one's.
    NearDuplicatesOf(ReportId),
}

/// What a bulk action changes.
#[derive(Clone, Copy, Debug)]
pub enum BulkChange {
    /// The status.
    Status(ReportStatus),
    /// The assignee (`None`: nobody).
    Assign(Option<InvestigatorId>),
}

impl Instance {
    /// The inbox page for `query`.
    pub async fn inbox_view(
        &self,
        investigator: &Investigator,
        query: &InboxQuery,
    ) -> Result<InboxView, ServiceError> {
        let page = self.inbox(investigator, query).await?;
        let tags = self.inbox_tags(investigator)?;
        let investigators = self.investigators().await?;
        Ok(InboxView {
            page,
            investigators,
            tags,
        })
    }

    /// The investigators page. Admins only.
    pub async fn investigators_view(
        &self,
        admin: &Investigator,
    ) -> Result<InvestigatorsView, ServiceError> {
        if !admin.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        Ok(InvestigatorsView {
            people: self.investigators().await?,
            rotation: self.workspace_rotation(),
        })
    }

    /// A page of the audit trail. Admins only.
    pub async fn audit_view(
        &self,
        admin: &Investigator,
        query: AuditQuery,
    ) -> Result<AuditView, ServiceError> {
        if !admin.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let entries = self.audit_page(query.before, query.limit).await?;
        let actors = self
            .investigators()
            .await?
            .into_iter()
            .map(|p| (format!("investigator:{}", p.id), p.username))
            .collect();
        let verification = if query.verify {
            Some(self.verify_audit().await?)
        } else {
            None
        };
        Ok(AuditView {
            entries,
            actors,
            verification,
            public_key: self.audit_public_key(),
        })
    }

    /// Applies `change` to every report of `selection`; returns how many changed.
    pub async fn change_reports(
        &self,
        investigator: &Investigator,
        selection: &ReportSelection,
        change: BulkChange,
        request_id: &str,
        now: Now,
    ) -> Result<u64, ServiceError> {
        let group;
        let reports = match selection {
            ReportSelection::Reports(reports) => reports.as_slice(),
            ReportSelection::NearDuplicatesOf(report) => {
                group = self.near_duplicates(investigator, *report)?;
                group.as_slice()
            }
        };
        if reports.is_empty() {
            return Ok(0);
        }
        match change {
            BulkChange::Status(status) => {
                self.set_status(investigator, reports, status, request_id, now)
                    .await
            }
            BulkChange::Assign(assignee) => {
                self.assign(investigator, reports, assignee, request_id, now)
                    .await
            }
        }
    }
}
