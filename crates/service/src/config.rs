//! Settings of the operations (from the command line or environment; see
//! docs/operators.md for every one and its default).

use quietline_core::Limits;
use quietline_crypto::KdfParams;

/// How the operations behave.
#[derive(Clone, Debug)]
pub struct ServiceConfig {
    /// Sizes and counts accepted from reporters.
    pub limits: Limits,
    /// Argon2id cost for new receipts.
    pub receipt_kdf: KdfParams,
    /// Argon2id cost for investigators' passwords.
    pub password_kdf: KdfParams,
    /// Receipt checks allowed per minute, for the whole server (reporters arrive through
    /// Tor, so there is no per-address limit to set).
    pub receipt_checks_per_minute: u32,
    /// Receipt checks allowed in a burst above the rate.
    pub receipt_check_burst: u32,
    /// Investigator sign-ins (and password changes) allowed per minute, for the whole
    /// server, whichever account they are for.
    pub sign_ins_per_minute: u32,
    /// Sign-ins allowed in a burst above the rate.
    pub sign_in_burst: u32,
    /// Argon2id runs at once; `None` means one per CPU core.
    pub kdf_concurrency: Option<usize>,
    /// Most requests of each kind (report, receipt check, sign-in) waiting for Argon2id at
    /// once; beyond it they are answered "busy" at once.
    pub kdf_queue: usize,
    /// An investigator's session ends after this long without a request (30 minutes).
    pub investigator_idle: std::time::Duration,
    /// An investigator's session ends after this long in any case (12 hours).
    pub investigator_lifetime: std::time::Duration,
    /// How often the sweeper ends expired sessions and enrolments and locks an idle
    /// workspace (15 seconds): keys leave memory on this timer, not at the next request.
    pub sweep_every: std::time::Duration,
    /// A report is kept this many months after its last activity (a message either way, a
    /// change of status), unless an investigator postponed it or a legal hold keeps it; then
    /// the daily purge destroys it (24).
    pub retention_months: u32,
    /// Open a copy only to read and verify it (`quietline audit verify` on a copy made
    /// elsewhere): secrets missing from it are not created (stand-ins live in memory only),
    /// and nothing is appended to its audit trail.
    pub verify_only: bool,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            receipt_kdf: KdfParams::DEFAULT,
            password_kdf: KdfParams::DEFAULT,
            receipt_checks_per_minute: 30,
            receipt_check_burst: 10,
            sign_ins_per_minute: 30,
            sign_in_burst: 10,
            kdf_concurrency: None,
            kdf_queue: 32,
            investigator_idle: std::time::Duration::from_secs(30 * 60),
            investigator_lifetime: std::time::Duration::from_secs(12 * 60 * 60),
            sweep_every: std::time::Duration::from_secs(15),
            retention_months: 24,
            verify_only: false,
        }
    }
}
