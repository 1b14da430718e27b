//! Sign-in under attack (issue 10, point 4): the pause rule holds under concurrent guesses,
//! cannot be used to keep an account locked, counts password changes, treats unknown names
//! like known ones, and a server-wide limit caps sign-ins whatever the account.

use std::time::Instant;

use quietline_service::{
    AuditEntry, Clock as _, Instance, ServiceConfig, ServiceError, SignInOutcome, SystemClock,
};
use secrecy::SecretString;

use crate::fresh_instance;
use crate::workbench::{PASSWORD, at, enrolled};

/// Limits out of the way, for tests of the per-account rule.
fn generous() -> ServiceConfig {
    ServiceConfig {
        sign_in_burst: 10_000,
        sign_ins_per_minute: 10_000,
        kdf_queue: 10_000,
        ..ServiceConfig::default()
    }
}

async fn failed_sign_ins(instance: &Instance) -> Vec<AuditEntry> {
    instance
        .audit_page(None, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "login_failed")
        .collect()
}

fn checked(entries: &[AuditEntry]) -> usize {
    entries
        .iter()
        .filter(|e| e.detail_object().unwrap().contains_key("failures"))
        .count()
}

async fn wrong(instance: &Instance, username: &str, seconds: u64, start: Instant) -> SignInOutcome {
    instance
        .sign_in(
            username,
            &SecretString::from("a wrong password"),
            "000000",
            "req",
            at(seconds, start),
        )
        .await
        .unwrap()
}

async fn right(
    instance: &Instance,
    totp: &quietline_crypto::TotpSecret,
    seconds: u64,
    start: Instant,
) -> SignInOutcome {
    let code = totp.code_at(at(seconds, start).unix()).unwrap();
    instance
        .sign_in(
            "bao",
            &SecretString::from(PASSWORD),
            &code,
            "req",
            at(seconds, start),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn two_hundred_concurrent_wrong_guesses_are_checked_five_times_and_pause_30_seconds() {
    let (instance, _dir, _recovery) = fresh_instance(generous()).await;
    let start = SystemClock.instant();
    let (_, totp, _) = enrolled(&instance, "bao", start).await;
    let guesses = (0..200).map(|_| wrong(&instance, "bao", 100, start));
    let outcomes = futures::future::join_all(guesses).await;
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, SignInOutcome::Rejected))
    );
    let failed = failed_sign_ins(&instance).await;
    assert_eq!(failed.len(), 200, "every refusal is audited");
    assert_eq!(
        checked(&failed),
        5,
        "only five guesses were checked; the rest came during the pause"
    );
    // Five failures: a 30-second pause, not the hour that 200 counted failures would give.
    assert!(matches!(
        right(&instance, &totp, 129, start).await,
        SignInOutcome::Rejected
    ));
    let resumed = right(&instance, &totp, 131, start).await;
    assert!(matches!(resumed, SignInOutcome::SignedIn(_)), "{resumed:?}");
}

#[tokio::test]
async fn the_right_password_and_code_during_a_pause_do_not_extend_it() {
    let (instance, _dir, _recovery) = fresh_instance(generous()).await;
    let start = SystemClock.instant();
    let (_, totp, _) = enrolled(&instance, "bao", start).await;
    for second in 60..65 {
        wrong(&instance, "bao", second, start).await;
    }
    // Paused from 64 to 94: refused, unchecked, and nothing changes.
    assert!(matches!(
        right(&instance, &totp, 70, start).await,
        SignInOutcome::Rejected
    ));
    let resumed = right(&instance, &totp, 95, start).await;
    assert!(matches!(resumed, SignInOutcome::SignedIn(_)), "{resumed:?}");
}

#[tokio::test]
async fn one_guess_an_hour_cannot_keep_an_account_paused() {
    let (instance, _dir, _recovery) = fresh_instance(generous()).await;
    let start = SystemClock.instant();
    let (_, totp, _) = enrolled(&instance, "bao", start).await;
    // Five quick guesses, then one each time the pause ends: the pause doubles to an hour.
    let mut at_second = 100;
    for _ in 0..5 {
        wrong(&instance, "bao", at_second, start).await;
        at_second += 1;
    }
    at_second -= 1;
    let mut pause = 30;
    while pause < 3600 {
        at_second += pause;
        wrong(&instance, "bao", at_second, start).await;
        pause = (pause * 2).min(3600);
    }
    // The longest pause is on: the right password is refused half-way through it...
    assert!(matches!(
        right(&instance, &totp, at_second + 1800, start).await,
        SignInOutcome::Rejected
    ));
    // ...and from then on, one guess an hour, each as the pause ends, starts the count again
    // instead of re-arming the pause: the investigator gets in between two guesses.
    for hour in 1..=3 {
        wrong(&instance, "bao", at_second + 3600 * hour, start).await;
    }
    let resumed = right(&instance, &totp, at_second + 3 * 3600 + 1800, start).await;
    assert!(matches!(resumed, SignInOutcome::SignedIn(_)), "{resumed:?}");
}

#[tokio::test]
async fn failed_password_changes_count_like_failed_sign_ins() {
    let (instance, _dir, _recovery) = fresh_instance(generous()).await;
    let start = SystemClock.instant();
    let (bao, totp, _) = enrolled(&instance, "bao", start).await;
    for second in 60..65 {
        let changed = instance
            .change_password(
                &bao,
                &SecretString::from("a wrong current password"),
                &SecretString::from("another long enough password"),
                "000000",
                "req",
                at(second, start),
            )
            .await
            .unwrap();
        assert!(!changed);
    }
    assert_eq!(checked(&failed_sign_ins(&instance).await), 5);
    assert!(
        matches!(
            right(&instance, &totp, 70, start).await,
            SignInOutcome::Rejected
        ),
        "five failed changes pause sign-in"
    );
}

#[tokio::test]
async fn unknown_usernames_cost_the_same_and_are_audited_the_same() {
    let (instance, _dir, _recovery) = fresh_instance(generous()).await;
    let start = SystemClock.instant();
    enrolled(&instance, "bao", start).await;
    let before = instance.key_derivations();
    wrong(&instance, "bao", 100, start).await;
    let known = instance.key_derivations();
    wrong(&instance, "nobody-by-that-name", 101, start).await;
    let unknown = instance.key_derivations();
    assert_eq!(known.runs - before.runs, 1);
    assert_eq!(
        (
            unknown.runs - known.runs,
            unknown.kib_passes - known.kib_passes
        ),
        (
            known.runs - before.runs,
            known.kib_passes - before.kib_passes
        ),
        "one Argon2id run of the same cost"
    );
    let failed = failed_sign_ins(&instance).await;
    assert_eq!(failed.len(), 2, "both refusals are in the audit trail");
    let unknown_entry = failed.iter().find(|e| e.subject.is_empty()).unwrap();
    assert!(
        !unknown_entry.detail.contains("nobody"),
        "the name tried is not recorded"
    );
}

#[tokio::test]
async fn sign_ins_are_limited_server_wide_whatever_the_account() {
    let config = ServiceConfig {
        sign_in_burst: 10,
        sign_ins_per_minute: 30,
        ..ServiceConfig::default()
    };
    let (instance, _dir, _recovery) = fresh_instance(config).await;
    let start = SystemClock.instant();
    let mut throttled = 0;
    for i in 0..20 {
        match instance
            .sign_in(
                &format!("user{i}"),
                &SecretString::from("a wrong password"),
                "000000",
                "req",
                at(100, start),
            )
            .await
        {
            Ok(SignInOutcome::Rejected) => {}
            Err(ServiceError::Throttled) => throttled += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(throttled, 10, "a burst of ten, then the rate");
    // Two seconds later, one more (30 a minute).
    assert!(matches!(
        wrong(&instance, "user0", 102, start).await,
        SignInOutcome::Rejected
    ));
}
