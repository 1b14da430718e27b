//! The workbench's storage: sign-in state, the workspace key, recovery codes, the inbox's
//! rows, assignment, tags, notes, report access and link decisions. Same rules as the rest of this crate:
//! sealed bytes in, sealed bytes out; no plaintext.

use futures::TryStreamExt;
use quietline_core::{InvestigatorId, ReportId, ReportStatus};
use sqlx::Row;

use crate::rows::{
    FailedLogins, InboxRow, NoteRow, PasswordChange, SignInState, WorkspaceRow, decode,
};
use crate::single::Single;
use crate::{Database, StorageError};

impl Database {
    // --- investigators: finding, signing in -------------------------------------------

    /// An investigator by id.
    pub async fn investigator(
        &self,
        id: InvestigatorId,
    ) -> Result<Option<crate::InvestigatorRow>, StorageError> {
        Ok(self.investigators().await?.into_iter().find(|i| i.id == id))
    }

    /// An investigator's sign-in state.
    pub async fn sign_in_state(&self, id: InvestigatorId) -> Result<SignInState, StorageError> {
        sqlx::query_as(
            "SELECT totp_sealed, totp_last_step, failed_logins, locked_until, session_epoch, workspace_key, \
             previous_identity_wrap FROM investigators WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StorageError::NotFound)
    }

    /// Records the TOTP secret (sealed) once enrolment is confirmed, with the step used to
    /// confirm it.
    pub async fn set_totp(
        &self,
        id: InvestigatorId,
        sealed: &[u8],
        step: i64,
    ) -> Result<(), StorageError> {
        sqlx::query("UPDATE investigators SET totp_sealed = $1, totp_last_step = $2 WHERE id = $3")
            .bind(sealed)
            .bind(step)
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Accepts TOTP step `step` if it is later than the last accepted one (so each code
    /// works once). Returns whether it was accepted.
    pub async fn accept_totp_step(
        &self,
        id: InvestigatorId,
        step: i64,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE investigators SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1",
        )
        .bind(step)
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// An account's count of failed sign-ins.
    pub async fn failed_logins(&self, id: InvestigatorId) -> Result<FailedLogins, StorageError> {
        sqlx::query_as(
            "SELECT failed_logins, last_failed_login, locked_until FROM investigators WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StorageError::NotFound)
    }

    /// Replaces an account's count of failed sign-ins with `new` if it is still `old`, in
    /// one statement: of several requests that read the same count, one wins and the others
    /// read again (so concurrent attempts are counted one by one). Returns whether it won.
    pub async fn replace_failed_logins(
        &self,
        id: InvestigatorId,
        old: FailedLogins,
        new: FailedLogins,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE investigators SET failed_logins = $1, last_failed_login = $2, locked_until = $3 \
             WHERE id = $4 AND failed_logins = $5 AND last_failed_login = $6 AND locked_until = $7",
        )
        .bind(new.count)
        .bind(new.last)
        .bind(new.locked_until)
        .bind(id.to_string())
        .bind(old.count)
        .bind(old.last)
        .bind(old.locked_until)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Clears failed sign-ins after a success.
    pub async fn reset_failed_logins(&self, id: InvestigatorId) -> Result<(), StorageError> {
        sqlx::query("UPDATE investigators SET failed_logins = 0, last_failed_login = 0, locked_until = 0 WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Replaces the password-derived material and ends every session (new epoch).
    pub async fn change_password(
        &self,
        id: InvestigatorId,
        change: &PasswordChange,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE investigators SET wrapped_identity = $1, password_salt = $2, password_verifier = $3, \
             kdf_memory_kib = $4, kdf_iterations = $5, kdf_parallelism = $6, totp_sealed = $7, \
             session_epoch = session_epoch + 1, recipient = $9, recipient_mac = $10, \
             previous_identity_wrap = $11, workspace_key = COALESCE($12, workspace_key) WHERE id = $8",
        )
        .bind(&change.wrapped_identity)
        .bind(&change.password_salt)
        .bind(&change.password_verifier)
        .bind(i64::from(change.kdf.memory_kib))
        .bind(i64::from(change.kdf.iterations))
        .bind(i64::from(change.kdf.parallelism))
        .bind(change.totp_sealed.clone())
        .bind(id.to_string())
        .bind(&change.recipient)
        .bind(&change.recipient_mac)
        .bind(&change.previous_identity_wrap)
        .bind(change.workspace_key.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets an investigator's previous identity (every report key was moved).
    pub async fn clear_previous_identity(&self, id: InvestigatorId) -> Result<(), StorageError> {
        sqlx::query("UPDATE investigators SET previous_identity_wrap = NULL WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Reports whose key is wrapped to `recipient`.
    pub async fn reports_with_access(
        &self,
        recipient: &str,
    ) -> Result<Vec<ReportId>, StorageError> {
        let ids = sqlx::query_scalar(
            "SELECT report_id FROM report_access WHERE recipient = $1 ORDER BY report_id",
        )
        .bind(recipient)
        .fetch_all(&self.pool)
        .await?;
        ids.into_iter().map(decode::id).collect()
    }

    /// Replaces one sealed part of a report if it is still `old` (a re-seal to a new
    /// workspace key that loses no concurrent change). Returns whether it was replaced.
    pub async fn replace_sealed_part(
        &self,
        id: ReportId,
        part: SealedPart,
        old: &[u8],
        new: &[u8],
    ) -> Result<bool, StorageError> {
        self.replace_single(part.column(), id.to_string(), old, new)
            .await
    }

    /// Replaces a link decision's sealed record if it is still `old`.
    pub async fn replace_link_decision(
        &self,
        id: &str,
        old: &[u8],
        new: &[u8],
    ) -> Result<bool, StorageError> {
        self.replace_single(Single::LinkDecision, id, old, new)
            .await
    }

    /// Replaces a site's sealed record if it is still `old`.
    pub async fn replace_site_sealed(
        &self,
        id: &str,
        old: &[u8],
        new: &[u8],
    ) -> Result<bool, StorageError> {
        self.replace_single(Single::Site, id, old, new).await
    }

    /// Every note's row (to re-seal notes to a new workspace key).
    pub async fn all_notes(&self) -> Result<Vec<NoteRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, written_day, size_bytes FROM notes ORDER BY report_id, seq",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Gives an investigator the workspace key (wrapped to them).
    pub async fn set_workspace_key(
        &self,
        id: InvestigatorId,
        wrapped: &[u8],
    ) -> Result<(), StorageError> {
        self.set_single(Single::InvestigatorWorkspaceKey, id.to_string(), wrapped)
            .await
            .map(drop)
    }

    /// Replaces an investigator's recovery codes (hashes).
    pub async fn replace_recovery_codes(
        &self,
        id: InvestigatorId,
        hashes: &[String],
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM recovery_codes WHERE investigator_id = $1")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        for hash in hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (investigator_id, code_hash, used) VALUES ($1, $2, 0)",
            )
            .bind(id.to_string())
            .bind(hash)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Uses a recovery code: true if it existed and was unused (it is used from now on).
    pub async fn use_recovery_code(
        &self,
        id: InvestigatorId,
        hash: &str,
    ) -> Result<bool, StorageError> {
        let done =
            sqlx::query("UPDATE recovery_codes SET used = 1 WHERE investigator_id = $1 AND code_hash = $2 AND used = 0")
                .bind(id.to_string())
                .bind(hash)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Unused recovery codes left.
    pub async fn recovery_codes_left(&self, id: InvestigatorId) -> Result<i64, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE investigator_id = $1 AND used = 0",
        )
        .bind(id.to_string())
        .fetch_one(&self.pool)
        .await?)
    }

    // --- the workspace key ---------------------------------------------------------------

    /// The workspace key's record, if created.
    pub async fn workspace(&self) -> Result<Option<WorkspaceRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT recipient, recovery_wrap, recipient_mac, previous_key_wrap FROM workspace WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Creates the workspace key record. Fails if it exists (a second key would split the
    /// workspace).
    pub async fn create_workspace(
        &self,
        recipient: &str,
        recipient_mac: &str,
        recovery_wrap: &[u8],
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO workspace (id, recipient, recovery_wrap, recipient_mac) VALUES (1, $1, $2, $3)",
        )
        .bind(recipient)
        .bind(recovery_wrap)
        .bind(recipient_mac)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records the tag of the workspace's public key.
    pub async fn set_workspace_mac(&self, mac: &str) -> Result<(), StorageError> {
        self.set_single(Single::WorkspaceMac, 1_i64, mac)
            .await
            .map(drop)
    }

    /// Replaces the workspace key (a rotation starts): the new public key and its tag, its
    /// wrap to the recovery recipient, the previous key wrapped to the new one, and the new
    /// wraps of the investigators who keep access (every other wrap is removed), at once.
    pub async fn replace_workspace_key(
        &self,
        recipient: &str,
        recipient_mac: &str,
        recovery_wrap: &[u8],
        previous_key_wrap: &[u8],
        holders: &[(InvestigatorId, Vec<u8>)],
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE workspace SET recipient = $1, recipient_mac = $2, recovery_wrap = $3, \
             previous_key_wrap = $4 WHERE id = 1",
        )
        .bind(recipient)
        .bind(recipient_mac)
        .bind(recovery_wrap)
        .bind(previous_key_wrap)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE investigators SET workspace_key = NULL")
            .execute(&mut *tx)
            .await?;
        for (id, wrapped) in holders {
            sqlx::query("UPDATE investigators SET workspace_key = $1 WHERE id = $2")
                .bind(wrapped)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Ends a rotation: the previous workspace key is forgotten.
    pub async fn finish_workspace_rotation(&self) -> Result<(), StorageError> {
        sqlx::query("UPDATE workspace SET previous_key_wrap = NULL WHERE id = 1")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // --- reports in the workbench ----------------------------------------------------------

    /// Every report as the inbox needs it, by day received then id (no order of arrival is
    /// kept within a day).
    pub async fn inbox_rows(&self) -> Result<Vec<InboxRow>, StorageError> {
        // Streamed and converted row by row: with 100 000 reports, holding every driver row
        // (sealed blobs included) beside the converted ones doubled the unlock's peak memory.
        Ok(sqlx::query_as(
            "SELECT id, status, received_day, updated_day, assignee, unread_from_reporter, \
             summary_sealed, tags_sealed, xref_sealed FROM reports ORDER BY received_day, id",
        )
        .fetch(&self.pool)
        .try_collect()
        .await?)
    }

    /// One report as the inbox needs it.
    pub async fn inbox_row(&self, id: ReportId) -> Result<Option<InboxRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, status, received_day, updated_day, assignee, unread_from_reporter, \
             summary_sealed, tags_sealed, xref_sealed FROM reports WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Sets the status of several reports at once.
    pub async fn set_statuses(
        &self,
        ids: &[ReportId],
        status: ReportStatus,
        day: &str,
    ) -> Result<u64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let mut changed = 0;
        for id in ids {
            changed +=
                sqlx::query("UPDATE reports SET status = $1, updated_day = $2 WHERE id = $3")
                    .bind(status.code())
                    .bind(day)
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Assigns several reports to an investigator (or to nobody).
    pub async fn set_assignees(
        &self,
        ids: &[ReportId],
        assignee: Option<InvestigatorId>,
    ) -> Result<u64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let mut changed = 0;
        for id in ids {
            changed += sqlx::query("UPDATE reports SET assignee = $1 WHERE id = $2")
                .bind(assignee.map(|a| a.to_string()))
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Sets one sealed part of a report: its tags when they change; its summary or its
    /// cross-referencing records for a report received before they were made at arrival.
    pub async fn set_sealed_part(
        &self,
        id: ReportId,
        part: SealedPart,
        sealed: &[u8],
    ) -> Result<(), StorageError> {
        self.set_single(part.column(), id.to_string(), sealed)
            .await
            .map(drop)
    }

    /// Marks the reporter's messages of a report as read by investigators.
    pub async fn mark_reporter_messages_read(&self, id: ReportId) -> Result<(), StorageError> {
        sqlx::query("UPDATE reports SET unread_from_reporter = 0 WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Public keys a report key is wrapped to.
    pub async fn report_access(&self, id: ReportId) -> Result<Vec<String>, StorageError> {
        Ok(sqlx::query_scalar(
            "SELECT recipient FROM report_access WHERE report_id = $1 ORDER BY recipient",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Reports whose key is not wrapped to `recipient`.
    pub async fn reports_without_access(
        &self,
        recipient: &str,
    ) -> Result<Vec<ReportId>, StorageError> {
        let ids = sqlx::query_scalar(
            "SELECT id FROM reports WHERE id NOT IN (SELECT report_id FROM report_access WHERE recipient = $1) \
             ORDER BY received_day, id",
        )
        .bind(recipient)
        .fetch_all(&self.pool)
        .await?;
        ids.into_iter().map(decode::id).collect()
    }

    /// Of `ids`, the reports whose key is wrapped to `recipient`.
    pub async fn reports_with_access_among(
        &self,
        recipient: &str,
        ids: &[ReportId],
    ) -> Result<Vec<ReportId>, StorageError> {
        let mut open = Vec::new();
        // Bounded IN lists: one query per 500 ids keeps every engine within its parameter limit.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (2..chunk.len() + 2).map(|n| format!("${n}")).collect();
            let sql = format!(
                "SELECT report_id FROM report_access WHERE recipient = $1 AND report_id IN ({})",
                placeholders.join(", ")
            );
            // Only numbered placeholders are spliced in; every value is bound.
            let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(recipient);
            for id in chunk {
                query = query.bind(id.to_string());
            }
            for id in query.fetch_all(&self.pool).await? {
                open.push(decode::id(id)?);
            }
        }
        Ok(open)
    }

    /// Records that a report key is now also wrapped to `recipient` (after its key object
    /// was replaced).
    pub async fn add_report_access(
        &self,
        id: ReportId,
        recipient: &str,
    ) -> Result<(), StorageError> {
        sqlx::query("INSERT INTO report_access (report_id, recipient) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id.to_string())
            .bind(recipient)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes `recipient` from a report's access list (after its key object was replaced).
    pub async fn remove_report_access(
        &self,
        id: ReportId,
        recipient: &str,
    ) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM report_access WHERE report_id = $1 AND recipient = $2")
            .bind(id.to_string())
            .bind(recipient)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // --- notes -------------------------------------------------------------------------------

    /// Records a note (after its object is written). Returns its position.
    pub async fn insert_note(&self, row: &NoteRow) -> Result<i64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let seq: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM notes WHERE report_id = $1")
                .bind(row.report_id.to_string())
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO notes (id, report_id, seq, author, written_day, size_bytes) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(row.id.to_string())
        .bind(row.report_id.to_string())
        .bind(seq)
        .bind(row.author.to_string())
        .bind(&row.written_day)
        .bind(i64::try_from(row.size_bytes).map_err(|_| StorageError::Corrupt("size"))?)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// A report's notes, in order.
    pub async fn notes(&self, report: ReportId) -> Result<Vec<NoteRow>, StorageError> {
        Ok(sqlx::query_as(
            "SELECT id, report_id, seq, author, written_day, size_bytes FROM notes WHERE report_id = $1 ORDER BY seq",
        )
        .bind(report.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    // --- link decisions (cross-referencing) ---------------------------------------------------

    /// Appends a link decision (sealed): its position in the order of decisions.
    pub async fn insert_link_decision(&self, id: &str, sealed: &[u8]) -> Result<i64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM link_decisions")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO link_decisions (id, seq, sealed) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(seq)
            .bind(sealed)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// Every link decision (sealed), oldest first.
    pub async fn link_decisions(&self) -> Result<Vec<(String, Vec<u8>)>, StorageError> {
        let rows = sqlx::query("SELECT id, sealed FROM link_decisions ORDER BY seq")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("sealed")?)))
            .collect()
    }
}

/// A report's parts sealed to the workspace key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealedPart {
    /// The inbox summary.
    Summary,
    /// The tags.
    Tags,
    /// The cross-referencing records.
    Xref,
}

impl SealedPart {
    fn column(self) -> Single {
        match self {
            Self::Summary => Single::ReportSummary,
            Self::Tags => Single::ReportTags,
            Self::Xref => Single::ReportXref,
        }
    }
}
