//! The `investigators` and `recovery_codes` tables: accounts, their keys and tags, sign-in
//! state (TOTP, failed sign-ins, session epochs), password changes and recovery codes.

use quietline_core::{Day, InvestigatorId};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::columns::KdfColumns;
use crate::columns::decode::{self, column};
use crate::single::Single;
use crate::{Database, StorageError};

/// An investigator's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvestigatorRole {
    /// Manages investigators and settings, reads the audit trail.
    Admin,
    /// Works on reports.
    Investigator,
}

impl InvestigatorRole {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Investigator => "investigator",
        }
    }
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "admin" => Some(Self::Admin),
            "investigator" => Some(Self::Investigator),
            _ => None,
        }
    }
}

/// Whether an investigator may sign in and receives new report keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvestigatorStatus {
    /// Active.
    Active,
    /// Disabled: no sign-in, no new report keys.
    Disabled,
}

impl InvestigatorStatus {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "active" => Some(Self::Active),
            "disabled" => Some(Self::Disabled),
            _ => None,
        }
    }
}

/// An investigator's row.
#[derive(Clone, Debug)]
pub struct InvestigatorRow {
    /// The account.
    pub id: InvestigatorId,
    /// Sign-in name.
    pub username: String,
    /// Role.
    pub role: InvestigatorRole,
    /// Status.
    pub status: InvestigatorStatus,
    /// Public key report keys are wrapped to.
    pub recipient: String,
    /// The secret key, encrypted to the password-derived key.
    pub wrapped_identity: Vec<u8>,
    /// Salt of the password derivation.
    pub password_salt: Vec<u8>,
    /// Public key derived from the password.
    pub password_verifier: String,
    /// Cost of the password derivation.
    pub kdf: KdfColumns,
    /// Day created.
    pub created_day: Day,
    /// Tag of (id, recipient, status) under a key not in the database.
    pub recipient_mac: Option<String>,
}

/// What is inserted for a new investigator.
pub type NewInvestigator = InvestigatorRow;

/// An investigator's sign-in state.
#[derive(Clone, Debug, Default)]
pub struct SignInState {
    /// TOTP secret sealed to the password-derived key; `None` until enrolled.
    pub totp_sealed: Option<Vec<u8>>,
    /// Last accepted TOTP step.
    pub totp_last_step: i64,
    /// Failed sign-ins since the last success.
    pub failed_logins: i64,
    /// No sign-in before this time (unix seconds).
    pub locked_until: i64,
    /// Raised on password change; sessions of older epochs end.
    pub session_epoch: i64,
    /// The workspace key wrapped to this investigator; `None` while access is pending.
    pub workspace_key: Option<Vec<u8>>,
    /// After a password change, until report keys are moved: the previous identity,
    /// wrapped to the current one.
    pub previous_identity_wrap: Option<Vec<u8>>,
}

/// An account's failed sign-ins: how many count, when the last was counted, and until when
/// sign-in is paused (unix seconds). The rule that sets them is the service's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FailedLogins {
    /// Failures that count.
    pub count: i64,
    /// When the last one was counted.
    pub last: i64,
    /// No sign-in is checked before this time.
    pub locked_until: i64,
}

/// A new password's derived material and the new key pair, replacing the old.
#[derive(Clone, Debug)]
pub struct PasswordChange {
    /// The new key pair's public key.
    pub recipient: String,
    /// Its tag.
    pub recipient_mac: String,
    /// The previous identity, wrapped to the new one (until report keys are moved).
    pub previous_identity_wrap: Vec<u8>,
    /// The workspace key, wrapped to the new key pair (if the investigator holds it).
    pub workspace_key: Option<Vec<u8>>,
    /// The identity, wrapped to the new password-derived key.
    pub wrapped_identity: Vec<u8>,
    /// New salt.
    pub password_salt: Vec<u8>,
    /// New verifier.
    pub password_verifier: String,
    /// Cost of the new derivation.
    pub kdf: KdfColumns,
    /// The TOTP secret, re-sealed to the new key.
    pub totp_sealed: Option<Vec<u8>>,
}

macro_rules! investigator_columns {
    () => {
        "id, username, role, status, recipient, wrapped_identity, password_salt, \
         password_verifier, kdf_memory_kib, kdf_iterations, kdf_parallelism, created_day, recipient_mac"
    };
}

impl FromRow<'_, AnyRow> for InvestigatorRow {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(InvestigatorRow {
            id: column(r, "id", decode::id)?,
            username: r.try_get("username")?,
            role: column(r, "role", decode::role)?,
            status: column(r, "status", decode::investigator_status)?,
            recipient: r.try_get("recipient")?,
            wrapped_identity: r.try_get("wrapped_identity")?,
            password_salt: r.try_get("password_salt")?,
            password_verifier: r.try_get("password_verifier")?,
            kdf: KdfColumns::from_row(r)?,
            created_day: column(r, "created_day", decode::day)?,
            recipient_mac: r.try_get("recipient_mac")?,
        })
    }
}

impl FromRow<'_, AnyRow> for SignInState {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(SignInState {
            totp_sealed: r.try_get("totp_sealed")?,
            totp_last_step: r.try_get("totp_last_step")?,
            failed_logins: r.try_get("failed_logins")?,
            locked_until: r.try_get("locked_until")?,
            session_epoch: r.try_get("session_epoch")?,
            workspace_key: r.try_get("workspace_key")?,
            previous_identity_wrap: r.try_get("previous_identity_wrap")?,
        })
    }
}

impl FromRow<'_, AnyRow> for FailedLogins {
    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(FailedLogins {
            count: r.try_get("failed_logins")?,
            last: r.try_get("last_failed_login")?,
            locked_until: r.try_get("locked_until")?,
        })
    }
}

impl Database {
    /// Adds an investigator.
    pub async fn insert_investigator(&self, new: &NewInvestigator) -> Result<(), StorageError> {
        let result = sqlx::query(
            "INSERT INTO investigators (id, username, role, status, recipient, wrapped_identity, \
             password_salt, password_verifier, kdf_memory_kib, kdf_iterations, kdf_parallelism, created_day, \
             recipient_mac) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(new.id.to_string())
        .bind(&new.username)
        .bind(new.role.code())
        .bind(new.status.code())
        .bind(&new.recipient)
        .bind(&new.wrapped_identity)
        .bind(&new.password_salt)
        .bind(&new.password_verifier)
        .bind(i64::from(new.kdf.memory_kib))
        .bind(i64::from(new.kdf.iterations))
        .bind(i64::from(new.kdf.parallelism))
        .bind(new.created_day.to_string())
        .bind(new.recipient_mac.clone())
        .execute(&self.pool)
        .await;
        match result {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StorageError::UsernameTaken)
            }
            other => other.map(|_| ()).map_err(StorageError::from),
        }
    }

    /// Every investigator, by username.
    pub async fn investigators(&self) -> Result<Vec<InvestigatorRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            investigator_columns!(),
            " FROM investigators ORDER BY username"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// The investigator with this username.
    pub async fn investigator_by_username(
        &self,
        username: &str,
    ) -> Result<Option<InvestigatorRow>, StorageError> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            investigator_columns!(),
            " FROM investigators WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// An investigator by id.
    pub async fn investigator(
        &self,
        id: InvestigatorId,
    ) -> Result<Option<crate::InvestigatorRow>, StorageError> {
        Ok(self.investigators().await?.into_iter().find(|i| i.id == id))
    }

    /// Enables or disables an investigator, with the tag of their key and new status.
    /// `NotFound` if there is no such username.
    pub async fn set_investigator_status(
        &self,
        username: &str,
        status: InvestigatorStatus,
        recipient_mac: &str,
    ) -> Result<(), StorageError> {
        let done = sqlx::query(
            "UPDATE investigators SET status = $1, recipient_mac = $2 WHERE username = $3",
        )
        .bind(status.code())
        .bind(recipient_mac)
        .bind(username)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Records the tag of an investigator's key and status.
    pub async fn set_investigator_mac(
        &self,
        id: quietline_core::InvestigatorId,
        mac: &str,
    ) -> Result<(), StorageError> {
        self.set_single(Single::InvestigatorMac, id.to_string(), mac)
            .await
            .map(drop)
    }

    /// Public keys of the active investigators: every new report key is wrapped to them.
    pub async fn active_investigator_recipients(&self) -> Result<Vec<String>, StorageError> {
        Ok(
            sqlx::query_scalar("SELECT recipient FROM investigators WHERE status = $1 ORDER BY id")
                .bind(InvestigatorStatus::Active.code())
                .fetch_all(&self.pool)
                .await?,
        )
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
}
