//! Checking a receipt. Designed so that an attacker learns nothing from how it answers:
//!
//! - a wrong secret for an existing report and a lookup id with no report take the same
//!   path: one Argon2id run (against a dummy salt and key when there is no report) and one
//!   constant-time comparison, then the same answer;
//! - checks are throttled by one token bucket for the whole server: reporters arrive
//!   through Tor, so per-address limits would throttle nobody (or everybody).

use std::sync::Mutex;
use std::time::Instant;

use quietline_core::{Receipt, ReportId};
use quietline_crypto::{Identity, KdfParams, Recipient, SALT_BYTES, random_bytes};
use zeroize::Zeroizing;

use crate::kdf_pool::KdfPriority;
use crate::throttle::TokenBucket;
use crate::{Instance, ServiceConfig, ServiceError};

/// What a correct receipt gives: which report, and the key to read messages for the
/// reporter. Held only in the memory of the reporter's session.
#[derive(Clone)]
pub struct ReporterAccess {
    /// The report.
    pub report: ReportId,
    pub(crate) mailbox: Identity,
}

impl std::fmt::Debug for ReporterAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReporterAccess([redacted])")
    }
}

/// The answer to a receipt check.
#[derive(Debug)]
pub enum ReceiptOutcome {
    /// The receipt is right.
    Accepted(ReporterAccess),
    /// Wrong, or no such report: deliberately not told apart.
    Rejected,
}

/// The throttle and the dummy used for unknown lookup ids.
pub(crate) struct ReceiptGate {
    bucket: Mutex<TokenBucket>,
    dummy_salt: Vec<u8>,
    dummy_recipient: Recipient,
}

impl ReceiptGate {
    pub fn new(config: &ServiceConfig) -> Result<Self, ServiceError> {
        Ok(Self {
            bucket: Mutex::new(TokenBucket::new(
                config.receipt_check_burst,
                config.receipt_checks_per_minute,
            )),
            dummy_salt: random_bytes::<SALT_BYTES>()?.to_vec(),
            dummy_recipient: Identity::generate().recipient(),
        })
    }
}

impl Instance {
    /// Checks a receipt. `now` feeds the throttle. Errors with
    /// [`ServiceError::Throttled`] when the server-wide budget of checks is spent.
    pub async fn open_receipt(
        &self,
        receipt: &Receipt,
        now: Instant,
    ) -> Result<ReceiptOutcome, ServiceError> {
        let gate = &self.inner.receipts;
        let allowed = gate
            .bucket
            .lock()
            .map(|mut bucket| bucket.try_take(now))
            .unwrap_or(false);
        if !allowed {
            return Err(ServiceError::Throttled);
        }
        let row = self
            .inner
            .db
            .report_by_lookup(receipt.lookup().value())
            .await?;
        let (salt, params, expected) = match &row {
            Some(row) => (
                row.receipt_salt.clone(),
                KdfParams {
                    memory_kib: row.kdf.memory_kib,
                    iterations: row.kdf.iterations,
                    parallelism: row.kdf.parallelism,
                },
                row.mailbox_recipient.parse::<Recipient>()?,
            ),
            None => (
                gate.dummy_salt.clone(),
                self.inner.config.receipt_kdf,
                gate.dummy_recipient.clone(),
            ),
        };
        let secret = Zeroizing::new(
            secrecy::ExposeSecret::expose_secret(receipt.secret())
                .as_bytes()
                .to_vec(),
        );
        let derived = self
            .inner
            .kdf
            .derive(secret, salt, params, KdfPriority::Receipt)
            .await?;
        let matches = derived.recipient().ct_eq(&expected);
        Ok(match (row, matches) {
            (Some(row), true) => ReceiptOutcome::Accepted(ReporterAccess {
                report: row.id,
                mailbox: derived,
            }),
            _ => ReceiptOutcome::Rejected,
        })
    }
}
