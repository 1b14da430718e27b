//! Known answers: formats that, if they changed, would invalidate what was ever issued. Every
//! receipt shown to a reporter and every password set derives its key through Argon2id with
//! the pepper; the values here were computed independently (Python's `cryptography`:
//! Argon2id with a secret, X25519, and Bech32 by hand), and the tests go through the same
//! path a returning reporter or a signing-in investigator takes. They must hold whatever
//! Argon2id implementation the crypto crate uses.

use quietline_core::Receipt;
use quietline_crypto::{KdfParams, Pepper, derive_identity, wrap_identity};
use quietline_service::{
    Actor, AuditAction, AuditEvent, Clock as _, DataDir, Instance, ReceiptOutcome, ServiceConfig,
    SystemClock,
};
use secrecy::SecretString;

const PEPPER: [u8; 32] = [0x42; 32];
/// Receipt `123456 7890 1234 5678 90`: its secret digits, salt `[0x11; 16]`, the default cost
/// (64 MiB, 3 passes, 1 lane).
const RECEIPT_MAILBOX: &str = "age1g6sem9ujmqmzeu7695n4cm60ddyteu7t35qecz9gu3p64w5vlvvsvm3vns";
/// Password `correct horse battery staple 陈伟`, salt `[0x22; 16]`, the default cost.
const PASSWORD: &str = "correct horse battery staple 陈伟";
const PASSWORD_VERIFIER: &str = "age14yn7de0zcx2xpj52uervvev7hjmrtqjmjffug37t3yltdrtu4uxq0jlpk0";

async fn instance_with_pepper() -> (Instance, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    quietline_crypto::keyfile::write_new(&data.join("secrets/pepper"), &PEPPER).unwrap();
    let instance = Instance::open(DataDir::new(&data), None, ServiceConfig::default())
        .await
        .unwrap();
    instance
        .initialise(&quietline_crypto::Identity::generate().recipient())
        .await
        .unwrap();
    (instance, dir)
}

async fn sql(dir: &tempfile::TempDir) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!(
        "sqlite:{}",
        dir.path().join("data/quietline.db").display()
    ))
    .await
    .unwrap()
}

#[test]
fn the_receipt_to_mailbox_derivation_is_frozen() {
    let receipt = Receipt::parse("123456 7890 1234 5678 90").unwrap();
    let secret = secrecy::ExposeSecret::expose_secret(receipt.secret()).to_owned();
    assert_eq!(secret, "78901234567890");
    let mailbox = derive_identity(
        secret.as_bytes(),
        &[0x11; 16],
        &Pepper::from_bytes(PEPPER),
        &KdfParams::DEFAULT,
    )
    .unwrap();
    assert_eq!(mailbox.recipient().to_string(), RECEIPT_MAILBOX);
}

#[test]
fn the_password_derivation_is_frozen() {
    let unlock = derive_identity(
        PASSWORD.as_bytes(),
        &[0x22; 16],
        &Pepper::from_bytes(PEPPER),
        &KdfParams::DEFAULT,
    )
    .unwrap();
    assert_eq!(unlock.recipient().to_string(), PASSWORD_VERIFIER);
}

#[tokio::test]
async fn a_receipt_issued_before_still_opens_its_report() {
    let (instance, dir) = instance_with_pepper().await;
    let pool = sql(&dir).await;
    let id = quietline_core::ReportId::random();
    sqlx::query(
        "INSERT INTO reports (id, lookup, report_recipient, mailbox_recipient, receipt_salt, \
         kdf_memory_kib, kdf_iterations, kdf_parallelism, status, received_day, updated_day, answers_bytes) \
         VALUES ($1, 123456, $2, $3, $4, 65536, 3, 1, 'new', '2026-01-01', '2026-01-01', 0)",
    )
    .bind(id.to_string())
    .bind(quietline_crypto::Identity::generate().recipient().to_string())
    .bind(RECEIPT_MAILBOX)
    .bind(vec![0x11u8; 16])
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    // Its row has no tag yet, as a row of before tags existed.
    let vouched = instance
        .vouch_for_unauthenticated(Actor::Cli, "test")
        .await
        .unwrap();
    assert_eq!(vouched.reports, 1);
    for typed in [
        "123456 7890 1234 5678 90",
        "１２３４５６-７８９０-１２３４-５６７８-９０",
    ] {
        let outcome = instance
            .open_receipt(&Receipt::parse(typed).unwrap(), SystemClock.instant())
            .await
            .unwrap();
        assert!(
            matches!(outcome, ReceiptOutcome::Accepted(ref a) if a.report == id),
            "{typed}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn a_password_set_before_still_unlocks_its_key() {
    let (instance, dir) = instance_with_pepper().await;
    let identity = quietline_crypto::Identity::generate();
    let verifier: quietline_crypto::Recipient = PASSWORD_VERIFIER.parse().unwrap();
    let pool = sql(&dir).await;
    sqlx::query(
        "INSERT INTO investigators (id, username, role, status, recipient, wrapped_identity, password_salt, \
         password_verifier, kdf_memory_kib, kdf_iterations, kdf_parallelism, created_day) \
         VALUES ($1, 'amira', 'admin', 'active', $2, $3, $4, $5, 65536, 3, 1, '2026-01-01')",
    )
    .bind(quietline_core::InvestigatorId::random().to_string())
    .bind(identity.recipient().to_string())
    .bind(wrap_identity(&identity, &[verifier]).unwrap())
    .bind(vec![0x22u8; 16])
    .bind(PASSWORD_VERIFIER)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    instance
        .vouch_for_unauthenticated(Actor::Cli, "test")
        .await
        .unwrap();
    let unlocked = instance
        .unlock_investigator("amira", &SecretString::from(PASSWORD))
        .await
        .unwrap();
    assert_eq!(unlocked.recipient(), identity.recipient());
}

#[tokio::test]
async fn the_audit_entry_hash_of_a_recorded_event_is_frozen() {
    let (instance, _dir) = instance_with_pepper().await;
    let subject: quietline_core::InvestigatorId =
        "0123456789abcdef0123456789abcdef".parse().unwrap();
    instance
        .audit(
            AuditEvent::new(Actor::Cli, AuditAction::InvestigatorAdded)
                .subject(subject)
                .fact("role", "admin"),
            time::macros::datetime!(2026-11-29 12:15:30.5 +02:00),
        )
        .await
        .unwrap();
    let entry = instance.audit_page(None, 1).await.unwrap().remove(0);
    assert_eq!(entry.seq, 1);
    assert_eq!(entry.at, "2026-11-29T10:15:30Z");
    assert_eq!(entry.detail, r#"{"role":"admin"}"#);
    // The vector of docs/audit.md, computed with Python's hashlib.
    assert_eq!(
        entry.hash,
        "179c08f71fc6c6ee009ae149033e5188bc87f892ead7291c3f7153cc83efbe97"
    );
}
