//! Signing in: password (Argon2id + pepper, which also unlocks the investigator's key), then
//! a TOTP code or a single-use recovery code. Every failure looks the same from outside.
//!
//! Two limits, so that guessing is slow and nobody can be locked out for good:
//! - the whole server takes at most `sign_ins_per_minute` sign-ins and password changes
//!   (a token bucket, as receipt checks have), and its Argon2id runs go to reports first
//!   (`KdfPool`), so a flood of sign-ins cannot starve report intake;
//! - per account, the pause rule (docs/operators.md): every checked attempt counts as a
//!   failure until it succeeds, counted in one statement so that concurrent guesses are
//!   counted one by one; the fifth failure within an hour of the one before pauses sign-in
//!   for 30 s, each further one doubles the pause, up to an hour. An attempt during a pause
//!   is refused unchecked and changes nothing, so the right password and code do not extend
//!   it; failures are forgotten an hour after the last one, so one request an hour cannot
//!   keep an account paused.
//!
//! A first sign-in enrols the second factor: a fresh TOTP secret shown as an `otpauth://`
//! URI and a QR code rendered here, and ten recovery codes, shown once. The TOTP secret is
//! stored sealed to the password-derived key, so the database alone holds no usable factor.

use std::time::{Duration, Instant};

use quietline_core::InvestigatorId;
use quietline_crypto::{
    Identity, KdfParams, Recipient, SALT_BYTES, TotpSecret, normalise_recovery_code, open,
    random_bytes, recovery_codes, seal, unwrap_identity, wrap_identity,
};
use quietline_storage::{
    FailedLogins, InvestigatorRow, InvestigatorStatus, KdfColumns, PasswordChange,
};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::{Investigator, Now, SessionId};
use crate::audit::{Actor, AuditAction, AuditEvent};
use crate::kdf_pool::KdfPriority;
use crate::{Instance, ServiceError};

/// Failures before sign-in is paused (the fifth pauses it).
const FREE_FAILURES: i64 = 5;
/// First pause; it doubles with each further failure, up to an hour.
const FIRST_PAUSE_SECONDS: i64 = 30;
const MAX_PAUSE_SECONDS: i64 = 3600;
/// Failures are forgotten this long after the last one. No longer than the longest pause:
/// a guess made when a pause ends then starts the count again instead of re-arming it.
const FAILURE_MEMORY_SECONDS: i64 = MAX_PAUSE_SECONDS;
/// Readers of the same count that may lose the race to write it before one gives up.
const MAX_COUNT_RACES: usize = 10_000;
/// Recovery codes given at enrolment.
const RECOVERY_CODES: usize = 10;
/// Time to finish an enrolment.
const ENROLMENT_TIMEOUT: Duration = Duration::from_secs(15 * 60);
/// Issuer name shown by authenticator apps.
const ISSUER: &str = "Quietline";

/// The result of a sign-in attempt.
#[derive(Debug)]
pub enum SignInOutcome {
    /// Signed in.
    SignedIn(Investigator),
    /// The password is right and no second factor is enrolled yet: enrol now.
    EnrolmentNeeded(Enrolment),
    /// Wrong username, password or code, or sign-in paused: deliberately not told apart.
    Rejected,
}

/// What an enrolment page shows, once.
pub struct Enrolment {
    /// Identifies the pending enrolment (kept in a cookie).
    pub token: String,
    /// Who is enrolling.
    pub username: String,
    /// `otpauth://totp/...`.
    pub otpauth_uri: SecretString,
    /// The same, as an SVG QR code.
    pub qr_svg: String,
    /// The secret in base32, to type in by hand.
    pub secret_base32: SecretString,
    /// Single-use recovery codes.
    pub recovery_codes: Vec<SecretString>,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// An enrolment waiting for its first code.
pub(crate) struct PendingEnrolment {
    investigator: Investigator,
    unlock: Recipient,
    totp: TotpSecret,
    codes: Vec<SecretString>,
    started: Instant,
    workspace_key: Option<Vec<u8>>,
}

/// What the pause rule made of one attempt.
enum Attempt {
    /// Counted (as a failure until it succeeds) and to be checked.
    Checked { failures: i64 },
    /// Refused unchecked: the account's sign-in is paused.
    Paused,
}

impl PendingEnrolment {
    pub(crate) fn expired(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.started) >= ENROLMENT_TIMEOUT
    }
}

impl Instance {
    /// Checks username, password and code (TOTP or recovery code). Errors with
    /// [`ServiceError::Throttled`] when the server-wide budget of sign-ins is spent and
    /// [`ServiceError::Busy`] when too many Argon2id runs already wait.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &SecretString,
        code: &str,
        request_id: &str,
        now: Now,
    ) -> Result<SignInOutcome, ServiceError> {
        self.take_sign_in_token(now)?;
        let db = &self.inner.db;
        let account = db
            .investigator_by_username(username)
            .await?
            .filter(|a| a.status == InvestigatorStatus::Active);

        // The same Argon2id work whether or not the account exists or is paused.
        let (unlock, account) = self.derive_password_key(account, password).await?;
        let Some(account) = account else {
            self.audit_failed_sign_in(None, request_id, now).await?;
            return Ok(SignInOutcome::Rejected);
        };
        let attempt = self.count_attempt(account.id, now).await?;
        let (Some(unlock), Attempt::Checked { .. }) = (unlock, &attempt) else {
            return self.reject(&account, attempt, request_id, now).await;
        };
        let Ok(identity) = unwrap_identity(&account.wrapped_identity, &unlock) else {
            return self.reject(&account, attempt, request_id, now).await;
        };
        let state = db.sign_in_state(account.id).await?;
        // Anyone can wrap a key of their own to the (public) password verifier: the identity
        // counts only if it is the investigator's authenticated key.
        if !identity
            .recipient()
            .ct_eq(&self.investigator_recipient(&account).await?)
        {
            return Err(self.refuse("investigator", account.id.to_string()).await);
        }
        // A re-key interrupted after a password change: finish moving the report keys.
        if let Some(previous) = &state.previous_identity_wrap {
            let previous = unwrap_identity(previous, &identity)?;
            self.move_report_keys(account.id, &previous, &identity.recipient())
                .await?;
        }
        let investigator = Investigator {
            id: account.id,
            username: account.username.clone(),
            role: account.role,
            session: SessionId(String::new()),
            identity,
            epoch: state.session_epoch,
            has_workspace: state.workspace_key.is_some(),
        };

        let Some(totp_sealed) = state.totp_sealed else {
            // Password right, no second factor yet: enrolment.
            db.reset_failed_logins(account.id).await?;
            return Ok(SignInOutcome::EnrolmentNeeded(self.start_enrolment(
                investigator,
                unlock.recipient(),
                state.workspace_key,
                now,
            )?));
        };
        if !self
            .second_factor_ok(&account, &unlock, &totp_sealed, code, request_id, now)
            .await?
        {
            return self.reject(&account, attempt, request_id, now).await;
        }
        db.reset_failed_logins(account.id).await?;
        let signed_in = self
            .open_session(
                investigator,
                state.workspace_key.as_deref(),
                request_id,
                now,
            )
            .await?;
        Ok(SignInOutcome::SignedIn(signed_in))
    }

    /// Takes one sign-in from the server-wide budget.
    fn take_sign_in_token(&self, now: Now) -> Result<(), ServiceError> {
        let allowed = self
            .inner
            .sign_ins
            .lock()
            .map(|mut bucket| bucket.try_take(now.mono))
            .unwrap_or(false);
        if allowed {
            Ok(())
        } else {
            Err(ServiceError::Throttled)
        }
    }

    /// Applies the pause rule to one attempt on `account` (see the module's documentation):
    /// counts it as a failure, or says the account is paused.
    async fn count_attempt(
        &self,
        account: InvestigatorId,
        now: Now,
    ) -> Result<Attempt, ServiceError> {
        let db = &self.inner.db;
        let now = now.wall.unix_timestamp();
        for _ in 0..MAX_COUNT_RACES {
            let old = db.failed_logins(account).await?;
            if old.locked_until > now {
                return Ok(Attempt::Paused);
            }
            let count = if now.saturating_sub(old.last) >= FAILURE_MEMORY_SECONDS {
                1
            } else {
                old.count.saturating_add(1)
            };
            let locked_until = if count >= FREE_FAILURES {
                let doublings = u32::try_from(count - FREE_FAILURES)
                    .unwrap_or(u32::MAX)
                    .min(10);
                now + (FIRST_PAUSE_SECONDS << doublings).min(MAX_PAUSE_SECONDS)
            } else {
                0
            };
            let new = FailedLogins {
                count,
                last: now,
                locked_until,
            };
            if db.replace_failed_logins(account, old, new).await? {
                return Ok(Attempt::Checked { failures: count });
            }
        }
        Err(ServiceError::Corrupt("sign-in count kept changing"))
    }

    /// Derives the password key for `account` (or for nobody, with the same cost) and
    /// checks it against the stored verifier.
    async fn derive_password_key(
        &self,
        account: Option<InvestigatorRow>,
        password: &SecretString,
    ) -> Result<(Option<Identity>, Option<InvestigatorRow>), ServiceError> {
        let (salt, params) = match &account {
            Some(a) => (a.password_salt.clone(), kdf_params(a.kdf)),
            None => (vec![0; SALT_BYTES], self.inner.config.password_kdf),
        };
        let secret = Zeroizing::new(password.expose_secret().as_bytes().to_vec());
        let unlock = self
            .inner
            .kdf
            .derive(secret, salt, params, KdfPriority::SignIn)
            .await?;
        let matches = match &account {
            Some(a) => a
                .password_verifier
                .parse::<Recipient>()?
                .ct_eq(&unlock.recipient()),
            None => false,
        };
        Ok((matches.then_some(unlock), account))
    }

    async fn second_factor_ok(
        &self,
        account: &InvestigatorRow,
        unlock: &Identity,
        totp_sealed: &[u8],
        code: &str,
        request_id: &str,
        now: Now,
    ) -> Result<bool, ServiceError> {
        let db = &self.inner.db;
        let normalised = normalise_recovery_code(code);
        if normalised.len() == 12 && normalised.bytes().any(|b| b.is_ascii_alphabetic()) {
            let hash = self
                .inner
                .kdf
                .pepper()
                .keyed_hash("recovery-code", &normalised);
            let used = db.use_recovery_code(account.id, &hash).await?;
            if used {
                let left = db.recovery_codes_left(account.id).await?;
                self.audit_investigator(
                    account.id,
                    AuditAction::RecoveryCodeUsed,
                    account.id.to_string(),
                    [("left", left.into())],
                    request_id,
                    now,
                )
                .await?;
            }
            return Ok(used);
        }
        let secret = open(unlock, totp_sealed)?;
        let totp = TotpSecret::from_bytes(&secret)?;
        match totp.verify(code, now.unix()) {
            Some(step) => Ok(db
                .accept_totp_step(account.id, i64::try_from(step).unwrap_or(i64::MAX))
                .await?),
            None => Ok(false),
        }
    }

    async fn reject(
        &self,
        account: &InvestigatorRow,
        attempt: Attempt,
        request_id: &str,
        now: Now,
    ) -> Result<SignInOutcome, ServiceError> {
        self.audit_failed_sign_in(Some((account.id, attempt)), request_id, now)
            .await?;
        Ok(SignInOutcome::Rejected)
    }

    /// Records a refused sign-in: for an account, how many failures count (or that it was
    /// paused); for an unknown username, the same entry with no subject (the name tried is
    /// never recorded).
    async fn audit_failed_sign_in(
        &self,
        account: Option<(InvestigatorId, Attempt)>,
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        let detail = match &account {
            None => serde_json::Map::new(),
            Some((_, Attempt::Checked { failures })) => {
                [("failures".to_owned(), (*failures).into())]
                    .into_iter()
                    .collect()
            }
            Some((_, Attempt::Paused)) => {
                [("paused".to_owned(), true.into())].into_iter().collect()
            }
        };
        self.audit(
            AuditEvent {
                actor: Actor::System,
                action: AuditAction::LoginFailed,
                subject: account.map(|(a, _)| a.to_string()).unwrap_or_default(),
                detail,
                request_id: request_id.to_owned(),
            },
            now.wall,
        )
        .await?;
        Ok(())
    }

    fn start_enrolment(
        &self,
        investigator: Investigator,
        unlock: Recipient,
        workspace_key: Option<Vec<u8>>,
        now: Now,
    ) -> Result<Enrolment, ServiceError> {
        let totp = TotpSecret::generate()?;
        let codes = recovery_codes(RECOVERY_CODES)?;
        let token = quietline_crypto::random_hex::<32>()?;
        let enrolment = Enrolment {
            token: token.clone(),
            username: investigator.username.clone(),
            otpauth_uri: totp.otpauth_uri(ISSUER, &investigator.username)?,
            qr_svg: totp.qr_svg(ISSUER, &investigator.username)?,
            secret_base32: totp.base32(),
            recovery_codes: codes.clone(),
        };
        let mut pending = self
            .inner
            .workbench
            .enrolments
            .lock()
            .map_err(|_| ServiceError::Corrupt("enrolment lock"))?;
        pending.retain(|_, p| now.mono.saturating_duration_since(p.started) < ENROLMENT_TIMEOUT);
        pending.retain(|_, p| p.investigator.id != investigator.id);
        pending.insert(
            token,
            PendingEnrolment {
                investigator,
                unlock,
                totp,
                codes,
                started: now.mono,
                workspace_key,
            },
        );
        Ok(enrolment)
    }

    /// The enrolment page again (after a wrong code), if it has not expired.
    pub fn enrolment(&self, token: &str, now: Now) -> Option<Enrolment> {
        let pending = self.inner.workbench.enrolments.lock().ok()?;
        let p = pending
            .get(token)
            .filter(|p| now.mono.saturating_duration_since(p.started) < ENROLMENT_TIMEOUT)?;
        Some(Enrolment {
            token: token.to_owned(),
            username: p.investigator.username.clone(),
            otpauth_uri: p.totp.otpauth_uri(ISSUER, &p.investigator.username).ok()?,
            qr_svg: p.totp.qr_svg(ISSUER, &p.investigator.username).ok()?,
            secret_base32: p.totp.base32(),
            recovery_codes: p.codes.clone(),
        })
    }

    /// Confirms an enrolment with a first code: the second factor is recorded and the
    /// investigator signed in. `None` if the code is wrong or the enrolment expired.
    pub async fn confirm_enrolment(
        &self,
        token: &str,
        code: &str,
        request_id: &str,
        now: Now,
    ) -> Result<Option<Investigator>, ServiceError> {
        let pending = {
            let mut all = self
                .inner
                .workbench
                .enrolments
                .lock()
                .map_err(|_| ServiceError::Corrupt("enrolment lock"))?;
            let Some(p) = all.get(token) else {
                return Ok(None);
            };
            if now.mono.saturating_duration_since(p.started) >= ENROLMENT_TIMEOUT {
                all.remove(token);
                return Ok(None);
            }
            let Some(step) = p.totp.verify(code, now.unix()) else {
                return Ok(None);
            };
            all.remove(token).map(|p| (p, step))
        };
        let Some((pending, step)) = pending else {
            return Ok(None);
        };
        let id = pending.investigator.id;
        let sealed = seal(
            std::slice::from_ref(&pending.unlock),
            pending.totp.expose_bytes(),
        )?;
        self.inner
            .db
            .set_totp(id, &sealed, i64::try_from(step).unwrap_or(i64::MAX))
            .await?;
        let pepper = self.inner.kdf.pepper();
        let hashes: Vec<String> = pending
            .codes
            .iter()
            .map(|c| {
                pepper.keyed_hash("recovery-code", &normalise_recovery_code(c.expose_secret()))
            })
            .collect();
        self.inner.db.replace_recovery_codes(id, &hashes).await?;
        self.audit_investigator(
            id,
            AuditAction::TotpEnrolled,
            id.to_string(),
            [("recovery_codes", RECOVERY_CODES.into())],
            request_id,
            now,
        )
        .await?;
        let investigator = self
            .open_session(
                pending.investigator,
                pending.workspace_key.as_deref(),
                request_id,
                now,
            )
            .await?;
        Ok(Some(investigator))
    }

    async fn open_session(
        &self,
        investigator: Investigator,
        workspace_key: Option<&[u8]>,
        request_id: &str,
        now: Now,
    ) -> Result<Investigator, ServiceError> {
        if let Some(wrapped) = workspace_key {
            self.unlock_workspace(&investigator.identity, wrapped)
                .await?;
        }
        let investigator = self.inner.workbench.open(investigator, now.mono)?;
        self.audit_investigator(
            investigator.id,
            AuditAction::Login,
            investigator.id.to_string(),
            [],
            request_id,
            now,
        )
        .await?;
        Ok(investigator)
    }

    /// Changes a signed-in investigator's password (checked with the current password and
    /// a code) and re-keys them: a new key pair, wrapped under the new password; every report
    /// key re-wrapped from the old public key to the new one and the workspace key replaced
    /// (both in the background, `rotation`); the TOTP secret re-sealed; every one of their
    /// sessions ends. Returns false if the current password or code is wrong, or the
    /// account's sign-in is paused: the check counts like a sign-in, under the same limits.
    pub async fn change_password(
        &self,
        investigator: &Investigator,
        current: &SecretString,
        new: &SecretString,
        code: &str,
        request_id: &str,
        now: Now,
    ) -> Result<bool, ServiceError> {
        crate::validate_password(new).map_err(ServiceError::BadPassword)?;
        self.take_sign_in_token(now)?;
        let db = &self.inner.db;
        let account = db.investigator(investigator.id).await?;
        let (unlock, account) = self.derive_password_key(account, current).await?;
        let Some(account) = account else {
            return Ok(false);
        };
        let attempt = self.count_attempt(account.id, now).await?;
        let (Some(unlock), Attempt::Checked { .. }) = (unlock, &attempt) else {
            self.reject(&account, attempt, request_id, now).await?;
            return Ok(false);
        };
        let state = db.sign_in_state(account.id).await?;
        let Some(totp_sealed) = state.totp_sealed else {
            self.reject(&account, attempt, request_id, now).await?;
            return Ok(false);
        };
        if !self
            .second_factor_ok(&account, &unlock, &totp_sealed, code, request_id, now)
            .await?
        {
            self.reject(&account, attempt, request_id, now).await?;
            return Ok(false);
        }
        db.reset_failed_logins(account.id).await?;
        let totp_secret = open(&unlock, &totp_sealed)?;
        let salt = random_bytes::<SALT_BYTES>()?.to_vec();
        let params = self.inner.config.password_kdf;
        let secret = Zeroizing::new(new.expose_secret().as_bytes().to_vec());
        let new_unlock = self
            .inner
            .kdf
            .derive(secret, salt.clone(), params, KdfPriority::SignIn)
            .await?;
        let old_identity = unwrap_identity(&account.wrapped_identity, &unlock)?;
        let new_identity = Identity::generate();
        let new_recipient = new_identity.recipient();
        let workspace_key = match &state.workspace_key {
            Some(wrapped) => Some(
                self.checked_workspace_keys(unwrap_identity(wrapped, &old_identity)?)
                    .await?
                    .current,
            ),
            None => None,
        };
        let change = PasswordChange {
            recipient: new_recipient.to_string(),
            recipient_mac: self.investigator_tag(
                account.id,
                &new_recipient.to_string(),
                account.status,
            ),
            previous_identity_wrap: wrap_identity(
                &old_identity,
                std::slice::from_ref(&new_recipient),
            )?,
            workspace_key: workspace_key
                .as_ref()
                .map(|key| wrap_identity(key, std::slice::from_ref(&new_recipient)))
                .transpose()?,
            wrapped_identity: wrap_identity(&new_identity, &[new_unlock.recipient()])?,
            password_salt: salt,
            password_verifier: new_unlock.recipient().to_string(),
            kdf: KdfColumns {
                memory_kib: params.memory_kib,
                iterations: params.iterations,
                parallelism: params.parallelism,
            },
            totp_sealed: Some(seal(&[new_unlock.recipient()], &totp_secret)?),
        };
        db.change_password(account.id, &change).await?;
        self.inner.workbench.close_all_of(account.id);
        self.lock_if_idle(now).await;
        self.audit_investigator(
            account.id,
            AuditAction::PasswordChanged,
            account.id.to_string(),
            [],
            request_id,
            now,
        )
        .await?;
        // The old key pair and workspace key open nothing made from now on.
        let instance = self.clone();
        let id = account.id;
        self.spawn_background("re-keying an investigator", async move {
            instance
                .move_report_keys(id, &old_identity, &new_recipient)
                .await?;
            if let Some(key) = workspace_key {
                instance
                    .rotate_workspace_key(
                        key,
                        None,
                        Some((id, new_recipient)),
                        Actor::Investigator(id),
                        "password_changed",
                    )
                    .await?;
            }
            Ok(())
        });
        Ok(true)
    }

    /// Records an event done by an investigator.
    pub(crate) async fn audit_investigator<const N: usize>(
        &self,
        actor: InvestigatorId,
        action: AuditAction,
        subject: String,
        detail: [(&str, serde_json::Value); N],
        request_id: &str,
        now: Now,
    ) -> Result<(), ServiceError> {
        self.audit(
            AuditEvent {
                actor: Actor::Investigator(actor),
                action,
                subject,
                detail: detail.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                request_id: request_id.to_owned(),
            },
            now.wall,
        )
        .await
        .map(|_| ())
    }
}

pub(crate) fn kdf_params(columns: KdfColumns) -> KdfParams {
    KdfParams {
        memory_kib: columns.memory_kib,
        iterations: columns.iterations,
        parallelism: columns.parallelism,
    }
}
