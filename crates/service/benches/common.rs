//! What the service's benchmarks share: a configuration with cheap key derivation and no
//! throttling (the benchmarks measure other things), the wall clock at an offset, and an
//! investigator enrolled with a second factor.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark reads the wall clock and measures wall time"
)]

use std::time::{Duration, Instant};

use quietline_crypto::{KdfParams, TotpSecret};
use quietline_service::{Instance, Investigator, Now, ServiceConfig, SignInOutcome};
use secrecy::{ExposeSecret, SecretString};

/// Cheap key derivation, no throttling, sessions that last a day.
pub fn config() -> ServiceConfig {
    ServiceConfig {
        receipt_kdf: KdfParams::TEST_ONLY,
        password_kdf: KdfParams::TEST_ONLY,
        receipt_checks_per_minute: 1_000_000,
        receipt_check_burst: 1_000_000,
        investigator_idle: Duration::from_secs(24 * 3600),
        ..ServiceConfig::default()
    }
}

/// Now, `offset` seconds later.
pub fn now_at(offset: i64) -> Now {
    Now {
        wall: time::OffsetDateTime::now_utc() + time::Duration::seconds(offset),
        mono: Instant::now(),
    }
}

/// Adds `username`, enrols their second factor and signs them out: their session (now
/// ended), the TOTP secret, and the secret in base 32 (to sign in again in another process).
pub async fn enrol(
    instance: &Instance,
    username: &str,
    password: &str,
) -> (Investigator, TotpSecret, String) {
    instance
        .add_investigator(
            username,
            &SecretString::from(password.to_owned()),
            None,
            now_at(0).today(),
        )
        .await
        .unwrap();
    let now = now_at(0);
    let SignInOutcome::EnrolmentNeeded(enrolment) = instance
        .sign_in(
            username,
            &SecretString::from(password.to_owned()),
            "",
            "bench",
            now,
        )
        .await
        .unwrap()
    else {
        panic!("expected an enrolment");
    };
    let secret = enrolment.secret_base32.expose_secret().to_owned();
    let totp = TotpSecret::from_base32(&secret).unwrap();
    let investigator = instance
        .confirm_enrolment(
            &enrolment.token,
            &totp.code_at(now.unix()).unwrap(),
            "bench",
            now,
        )
        .await
        .unwrap()
        .unwrap();
    (investigator, totp, secret)
}
