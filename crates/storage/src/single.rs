//! Columns written alone on one row: a sealed part re-sealed to a new workspace key, a tag
//! recorded for a stored key. Each is one statement made from its table, column and key, so
//! that the updates that set or replace one of them share [`Database::set_single`] and
//! [`Database::replace_single`] instead of a near-identical function each.

use sqlx::Any;

use crate::{Database, StorageError};

/// A column that is written alone, on the one row its key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Single {
    /// `reports.summary_sealed`, by report id.
    ReportSummary,
    /// `reports.tags_sealed`, by report id.
    ReportTags,
    /// `reports.xref_sealed`, by report id.
    ReportXref,
    /// `reports.recipients_mac`, by report id.
    ReportMac,
    /// `messages.origin_mac`, by message id.
    MessageOrigin,
    /// `investigators.recipient_mac`, by investigator id.
    InvestigatorMac,
    /// `investigators.workspace_key`, by investigator id.
    InvestigatorWorkspaceKey,
    /// `workspace.recipient_mac`, by the workspace's id (always 1).
    WorkspaceMac,
    /// `link_decisions.sealed`, by decision id.
    LinkDecision,
    /// `sites.sealed`, by site id.
    Site,
    /// `reply_templates.sealed`, by template id.
    ReplyTemplate,
    /// `cases.sealed`, by case id.
    Case,
    /// `audit_log.mac`, by seq.
    AuditMac,
}

/// The statement that sets `table.column` on the row whose `key` is `$2`.
macro_rules! set {
    ($table:literal, $column:literal, $key:literal) => {
        concat!(
            "UPDATE ",
            $table,
            " SET ",
            $column,
            " = $1 WHERE ",
            $key,
            " = $2"
        )
    };
}

/// The two statements for `table.column` keyed by `key`: set it, and replace it only if it
/// still holds the value read (`$3`). Made of literals only: nothing is spliced at run time.
macro_rules! statements {
    ($table:literal, $column:literal, $key:literal) => {
        (
            set!($table, $column, $key),
            concat!(set!($table, $column, $key), " AND ", $column, " = $3"),
        )
    };
}

impl Single {
    /// (set, replace if unchanged).
    fn statements(self) -> (&'static str, &'static str) {
        match self {
            Self::ReportSummary => statements!("reports", "summary_sealed", "id"),
            Self::ReportTags => statements!("reports", "tags_sealed", "id"),
            Self::ReportXref => statements!("reports", "xref_sealed", "id"),
            Self::ReportMac => statements!("reports", "recipients_mac", "id"),
            Self::MessageOrigin => statements!("messages", "origin_mac", "id"),
            Self::InvestigatorMac => statements!("investigators", "recipient_mac", "id"),
            Self::InvestigatorWorkspaceKey => statements!("investigators", "workspace_key", "id"),
            Self::WorkspaceMac => statements!("workspace", "recipient_mac", "id"),
            Self::LinkDecision => statements!("link_decisions", "sealed", "id"),
            Self::Site => statements!("sites", "sealed", "id"),
            Self::ReplyTemplate => statements!("reply_templates", "sealed", "id"),
            Self::Case => statements!("cases", "sealed", "id"),
            Self::AuditMac => statements!("audit_log", "mac", "seq"),
        }
    }
}

impl Database {
    /// Sets `column` of the row whose key is `key` to `value`. Returns how many rows changed
    /// (0 when there is no such row: the caller decides whether that matters).
    pub(crate) async fn set_single<'q, K, V>(
        &self,
        column: Single,
        key: K,
        value: V,
    ) -> Result<u64, StorageError>
    where
        K: 'q + Send + sqlx::Encode<'q, Any> + sqlx::Type<Any>,
        V: 'q + Send + sqlx::Encode<'q, Any> + sqlx::Type<Any>,
    {
        let (set, _) = column.statements();
        Ok(sqlx::query(set)
            .bind(value)
            .bind(key)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Replaces the sealed `column` of the row `key` with `new` if it still holds `old` (a
    /// re-seal that loses no concurrent change). Returns whether it was replaced.
    pub(crate) async fn replace_single<'q, K>(
        &self,
        column: Single,
        key: K,
        old: &'q [u8],
        new: &'q [u8],
    ) -> Result<bool, StorageError>
    where
        K: 'q + Send + sqlx::Encode<'q, Any> + sqlx::Type<Any>,
    {
        let (_, replace) = column.statements();
        let done = sqlx::query(replace)
            .bind(new)
            .bind(key)
            .bind(old)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
