//! Checking a receipt. Designed so that an attacker learns nothing from how it answers:
//!
//! - a wrong secret for an existing report and a lookup id with no report take the same
//!   path: one Argon2id run (against a dummy salt and key when there is no report) and one
//!   constant-time comparison, then the same answer;
//! - checks are throttled by one token bucket for the whole server: reporters arrive
//!   through Tor, so per-address limits would throttle nobody (or everybody).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use quietline_core::{Receipt, ReportId};
use quietline_crypto::{Identity, KdfParams, Recipient, SALT_BYTES, random_bytes};
use zeroize::Zeroizing;

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
        let derived = self.inner.kdf.derive(secret, salt, params).await?;
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

/// A token bucket: `capacity` checks at once, refilled at `per_minute`.
#[derive(Debug)]
struct TokenBucket {
    capacity: f64,
    per_second: f64,
    tokens: f64,
    last: Option<Instant>,
}

impl TokenBucket {
    fn new(capacity: u32, per_minute: u32) -> Self {
        let capacity = f64::from(capacity.max(1));
        Self {
            capacity,
            per_second: f64::from(per_minute) / 60.0,
            tokens: capacity,
            last: None,
        }
    }

    fn try_take(&mut self, now: Instant) -> bool {
        if let Some(last) = self.last {
            let elapsed = now.checked_duration_since(last).unwrap_or(Duration::ZERO);
            self.tokens =
                (self.tokens + elapsed.as_secs_f64() * self.per_second).min(self.capacity);
        }
        self.last = Some(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_the_rate() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(3, 60);
        assert!((0..3).all(|_| bucket.try_take(start)));
        assert!(!bucket.try_take(start));
        assert!(!bucket.try_take(start + Duration::from_millis(500)));
        assert!(bucket.try_take(start + Duration::from_millis(1100)));
        assert!(!bucket.try_take(start + Duration::from_millis(1200)));
        // A long pause refills to the burst size, not beyond.
        let later = start + Duration::from_secs(3600);
        assert!((0..3).all(|_| bucket.try_take(later)));
        assert!(!bucket.try_take(later));
    }
}
