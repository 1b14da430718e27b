//! Investigator accounts. Each investigator has an age key pair: report keys are wrapped
//! to its public half, and its secret half is stored only encrypted to a key derived from
//! the investigator's password (Argon2id + pepper, see `quietline_crypto::derive_identity`).
//! The public half of that derived key verifies the password.

use quietline_core::{Day, InvestigatorId};
use quietline_crypto::{
    Identity, KdfParams, SALT_BYTES, random_bytes, unwrap_identity, wrap_identity,
};
use quietline_storage::{InvestigatorRole, InvestigatorRow, InvestigatorStatus, KdfColumns};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::{Instance, ServiceError};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// What may be shown about an investigator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvestigatorSummary {
    /// The account (what audit entries name).
    pub id: InvestigatorId,
    /// Sign-in name.
    pub username: String,
    /// Role.
    pub role: InvestigatorRole,
    /// Status.
    pub status: InvestigatorStatus,
    /// Public key.
    pub recipient: String,
    /// Day created.
    pub created_day: Day,
}

impl From<InvestigatorRow> for InvestigatorSummary {
    fn from(row: InvestigatorRow) -> Self {
        Self {
            id: row.id,
            username: row.username,
            role: row.role,
            status: row.status,
            recipient: row.recipient,
            created_day: row.created_day,
        }
    }
}

/// Usernames: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit.
pub fn validate_username(username: &str) -> Result<(), &'static str> {
    let valid = (1..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && username
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric());
    if valid {
        Ok(())
    } else {
        Err(
            "usernames are 1 to 64 characters: a-z, 0-9, '.', '_' or '-', starting with a letter or digit",
        )
    }
}

/// Passwords: at least [`MIN_PASSWORD_CHARS`] characters, at most 1024.
pub fn validate_password(password: &SecretString) -> Result<(), &'static str> {
    let chars = password.expose_secret().chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Err("passwords have at least 12 characters (a passphrase of several words is best)")
    } else if chars > 1024 {
        Err("passwords have at most 1024 characters")
    } else {
        Ok(())
    }
}

impl Instance {
    /// Adds an investigator with a new key pair. Without `role`, the first investigator
    /// becomes an admin and later ones investigators. New reports are wrapped to them
    /// from now on; existing reports need a re-wrap by someone who can read them.
    pub async fn add_investigator(
        &self,
        username: &str,
        password: &SecretString,
        role: Option<InvestigatorRole>,
        today: time::Date,
    ) -> Result<InvestigatorSummary, ServiceError> {
        validate_username(username).map_err(ServiceError::BadUsername)?;
        validate_password(password).map_err(ServiceError::BadPassword)?;
        // The workspace key is wrapped to the recovery recipient as well: it must exist.
        if !self.readiness().await?.accepts_reports() {
            return Err(ServiceError::NotInitialised);
        }
        let role = match role {
            Some(role) => role,
            None if self.inner.db.investigators().await?.is_empty() => InvestigatorRole::Admin,
            None => InvestigatorRole::Investigator,
        };
        let identity = Identity::generate();
        let id = InvestigatorId::random();
        let recipient = identity.recipient().to_string();
        let recipient_mac = self.investigator_tag(id, &recipient, InvestigatorStatus::Active);
        let salt = random_bytes::<SALT_BYTES>()?.to_vec();
        let params = self.inner.config.password_kdf;
        let secret = Zeroizing::new(password.expose_secret().as_bytes().to_vec());
        let unlock = self
            .inner
            .kdf
            .derive(
                secret,
                salt.clone(),
                params,
                crate::kdf_pool::KdfPriority::SignIn,
            )
            .await?;
        let row = InvestigatorRow {
            id,
            username: username.to_owned(),
            role,
            status: InvestigatorStatus::Active,
            recipient,
            wrapped_identity: wrap_identity(&identity, &[unlock.recipient()])?,
            password_salt: salt,
            password_verifier: unlock.recipient().to_string(),
            kdf: KdfColumns {
                memory_kib: params.memory_kib,
                iterations: params.iterations,
                parallelism: params.parallelism,
            },
            created_day: Day::new(today),
            recipient_mac: Some(recipient_mac),
        };
        self.inner
            .db
            .insert_investigator(&row)
            .await
            .map_err(|e| match e {
                quietline_storage::StorageError::UsernameTaken => ServiceError::UsernameTaken,
                other => other.into(),
            })?;
        // The first investigator creates the workspace key and holds it at once; later ones
        // wait for a grant (docs/investigators.md, "Access").
        if let Some(wrapped) = self.create_workspace_if_none(&identity.recipient()).await? {
            self.inner.db.set_workspace_key(row.id, &wrapped).await?;
        }
        tracing::info!(role = role.code(), "investigator added");
        Ok(row.into())
    }

    /// An admin adds an investigator from the workbench (recorded in the audit trail).
    pub async fn add_investigator_as(
        &self,
        admin: &crate::Investigator,
        username: &str,
        password: &SecretString,
        role: InvestigatorRole,
        request_id: &str,
        now: crate::Now,
    ) -> Result<InvestigatorSummary, ServiceError> {
        if !admin.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let added = self
            .add_investigator(username, password, Some(role), now.today())
            .await?;
        self.audit_investigator(
            admin.id,
            crate::AuditAction::InvestigatorAdded,
            added.id.to_string(),
            [("role", role.code().into())],
            request_id,
            now,
        )
        .await?;
        Ok(added)
    }

    /// An admin disables or enables an investigator. Disabling ends their sessions at once.
    pub async fn set_investigator_status_as(
        &self,
        admin: &crate::Investigator,
        username: &str,
        status: InvestigatorStatus,
        request_id: &str,
        now: crate::Now,
    ) -> Result<(), ServiceError> {
        if !admin.is_admin() {
            return Err(ServiceError::Forbidden);
        }
        let account = self
            .inner
            .db
            .investigator_by_username(username)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.set_investigator_status(username, status).await?;
        if status == InvestigatorStatus::Disabled {
            self.inner.workbench.close_all_of(account.id);
            // What they could open stays theirs in any copy they kept; what is sealed from
            // now on is not: the workspace key is replaced, without them.
            let held = self
                .inner
                .db
                .sign_in_state(account.id)
                .await?
                .workspace_key
                .is_some();
            if held && let Some(unlocked) = self.inner.workbench.unlocked() {
                self.rotate_workspace_key(
                    unlocked.key(),
                    Some(account.id),
                    None,
                    crate::Actor::Investigator(admin.id),
                    "investigator_disabled",
                )
                .await?;
            }
            self.lock_if_idle(now).await;
        }
        let action = match status {
            InvestigatorStatus::Disabled => crate::AuditAction::InvestigatorDisabled,
            InvestigatorStatus::Active => crate::AuditAction::InvestigatorEnabled,
        };
        self.audit_investigator(
            admin.id,
            action,
            account.id.to_string(),
            [],
            request_id,
            now,
        )
        .await
    }

    /// Disables an investigator from the command line and, with the recovery identity,
    /// replaces the workspace key without them (`rotation`). Returns whether it was replaced.
    pub async fn disable_investigator_with_recovery(
        &self,
        username: &str,
        recovery: Option<&Identity>,
    ) -> Result<bool, ServiceError> {
        self.set_investigator_status(username, InvestigatorStatus::Disabled)
            .await?;
        let account = self
            .inner
            .db
            .investigator_by_username(username)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.inner.workbench.close_all_of(account.id);
        let Some(recovery) = recovery else {
            return Ok(false);
        };
        let key = match self.workspace_key_from_recovery(recovery).await {
            Ok(key) => key,
            Err(ServiceError::NotFound) => return Ok(false),
            Err(ServiceError::Crypto(_)) => return Err(ServiceError::NoAccess),
            Err(other) => return Err(other),
        };
        self.rotate_workspace_key(
            key,
            Some(account.id),
            None,
            crate::Actor::Cli,
            "investigator_disabled",
        )
        .await?;
        Ok(true)
    }

    /// Every investigator.
    pub async fn investigators(&self) -> Result<Vec<InvestigatorSummary>, ServiceError> {
        Ok(self
            .inner
            .db
            .investigators()
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Enables or disables an investigator. Their key's tag covers the status, so it is
    /// checked first (a key planted in the database is not enabled) and made again.
    pub async fn set_investigator_status(
        &self,
        username: &str,
        status: InvestigatorStatus,
    ) -> Result<(), ServiceError> {
        let row = self
            .inner
            .db
            .investigator_by_username(username)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.investigator_recipient(&row).await?;
        let mac = self.investigator_tag(row.id, &row.recipient, status);
        self.inner
            .db
            .set_investigator_status(username, status, &mac)
            .await
            .map_err(|e| match e {
                quietline_storage::StorageError::NotFound => ServiceError::NotFound,
                other => other.into(),
            })?;
        // Enabling an account (again) also lifts a sign-in pause: the way out for an account
        // someone keeps paused by guessing (docs/operators.md, "Sign-in limits").
        if status == InvestigatorStatus::Active
            && let Some(account) = self.inner.db.investigator_by_username(username).await?
        {
            self.inner.db.reset_failed_logins(account.id).await?;
        }
        Ok(())
    }

    /// An investigator's secret key, unlocked with their password. Unknown usernames and
    /// wrong passwords give the same error after the same work.
    pub async fn unlock_investigator(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<Identity, ServiceError> {
        let row = self.inner.db.investigator_by_username(username).await?;
        let (salt, params) = match &row {
            Some(row) => (
                row.password_salt.clone(),
                KdfParams {
                    memory_kib: row.kdf.memory_kib,
                    iterations: row.kdf.iterations,
                    parallelism: row.kdf.parallelism,
                },
            ),
            None => (vec![0; SALT_BYTES], self.inner.config.password_kdf),
        };
        let secret = Zeroizing::new(password.expose_secret().as_bytes().to_vec());
        let unlock = self
            .inner
            .kdf
            .derive(secret, salt, params, crate::kdf_pool::KdfPriority::SignIn)
            .await?;
        match row {
            Some(row)
                if row
                    .password_verifier
                    .parse::<quietline_crypto::Recipient>()?
                    .ct_eq(&unlock.recipient()) =>
            {
                let identity = unwrap_identity(&row.wrapped_identity, &unlock)?;
                // Anyone can wrap a key of their own to the (public) password verifier: the
                // identity counts only if it is the investigator's authenticated key.
                if !identity
                    .recipient()
                    .ct_eq(&self.investigator_recipient(&row).await?)
                {
                    return Err(self.refuse("investigator", row.id.to_string()).await);
                }
                Ok(identity)
            }
            _ => Err(ServiceError::CredentialsRejected),
        }
    }
}
