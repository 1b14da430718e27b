//! The reporter's copy (issue 13): written only when chosen, sealed to the receipt's key alone,
//! published with the report with day-only times, read back with the receipt, refused when
//! planted, and deleted on request while the report stays with the investigators.

use std::path::{Path, PathBuf};

use quietline_core::{Limits, Receipt, ReportDraft};
use quietline_crypto::{Identity, open, unwrap_identity};
use quietline_service::{
    Clock as _, CopyState, Instance, ReceiptOutcome, ReporterAccess, ServiceConfig, SystemClock,
};
use secrecy::SecretString;

use crate::{TODAY, fresh_instance};

const NARRATIVE: &str = "他们去了我父母家，说如果我不回国就会有麻烦。";

fn answers() -> quietline_core::ReportAnswers {
    ReportDraft::from_fields(
        [
            ("subject", "happened_to_someone"),
            ("narrative", NARRATIVE),
            ("person1_names", "陈伟 / Chen Wei"),
            ("person1_phones", "+86 138 0013 8000"),
            ("place_address", "Westblaak 12\n3012 KL Rotterdam"),
        ],
        &Limits::default(),
    )
    .validate("zh-Hans", &Limits::default(), TODAY)
    .unwrap()
}

async fn submit(instance: &Instance, keep_copy: bool) -> Receipt {
    let mut submission = instance.begin_submission(TODAY).await.unwrap();
    let mut upload = submission
        .attachment("警察局照片.jpg", "image/jpeg")
        .await
        .unwrap();
    upload.write(b"not really a jpeg").await.unwrap();
    upload.finish().await.unwrap();
    submission.keep_reporter_copy(keep_copy);
    submission.complete(&answers()).await.unwrap()
}

async fn accepted(instance: &Instance, receipt: &Receipt) -> ReporterAccess {
    match instance
        .open_receipt(receipt, SystemClock.instant())
        .await
        .unwrap()
    {
        ReceiptOutcome::Accepted(access) => access,
        ReceiptOutcome::Rejected => panic!("receipt rejected"),
    }
}

fn folder(dir: &Path, access: &ReporterAccess) -> PathBuf {
    dir.join("data")
        .join("reports")
        .join(access.report.to_string())
}

/// The X25519 recipients' stanzas in an age file's header (`-> X25519 ...` lines; the age
/// crate may add a "grease" stanza of another type, which no key opens).
fn stanzas(sealed: &[u8]) -> usize {
    let header_end = sealed
        .windows(4)
        .position(|w| w == b"\n---")
        .expect("an age header");
    String::from_utf8_lossy(&sealed[..header_end])
        .lines()
        .filter(|line| line.starts_with("-> X25519 "))
        .count()
}

#[tokio::test]
async fn a_chosen_copy_is_sealed_to_the_receipt_alone_and_read_back_with_it() {
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let password = SecretString::from("a long enough passphrase");
    instance
        .add_investigator("amira", &password, None, TODAY)
        .await
        .unwrap();
    let receipt = submit(&instance, true).await;
    let access = accepted(&instance, &receipt).await;
    let folder = folder(dir.path(), &access);
    let path = folder.join("reporter_copy.age");
    let sealed = std::fs::read(&path).unwrap();

    // age ciphertext, to one recipient: the mailbox key, not investigators nor the recovery key.
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
    assert_eq!(stanzas(&sealed), 1);
    assert!(!sealed.windows("Westblaak".len()).any(|w| w == b"Westblaak"));
    let investigator = instance
        .unlock_investigator("amira", &password)
        .await
        .unwrap();
    let report_key = unwrap_identity(&std::fs::read(folder.join("key.age")).unwrap(), &recovery)
        .expect("the recovery identity opens the report key");
    for (who, identity) in [
        ("the recovery identity", &recovery),
        ("an investigator", &investigator),
        ("the report key", &report_key),
        ("a stranger", &Identity::generate()),
    ] {
        assert!(open(identity, &sealed).is_err(), "{who} opened the copy");
    }

    // Day-only times, like every object of the report.
    let midnight = TODAY.midnight().assume_utc().unix_timestamp();
    let modified = std::fs::metadata(&path)
        .unwrap()
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert_eq!(modified as i64, midnight);

    // The receipt reads it: the answers as sent, and the file's name, type and size.
    let view = instance.reporter_thread(&access).await.unwrap();
    let CopyState::Kept(copy) = view.copy else {
        panic!("no copy: {:?}", view.copy);
    };
    assert_eq!(copy.answers, answers());
    assert_eq!(
        copy.answers.place.address,
        "Westblaak 12\n3012 KL Rotterdam"
    );
    assert_eq!(copy.files.len(), 1);
    assert_eq!(copy.files[0].name, "警察局照片.jpg");
    assert_eq!(copy.files[0].content_type, "image/jpeg");
    assert_eq!(copy.files[0].size, b"not really a jpeg".len() as u64);

    // "Delete my copy": gone, and the report is still the investigators'.
    assert!(
        instance
            .delete_reporter_copy(&access, TODAY.next_day().unwrap())
            .await
            .unwrap()
    );
    assert!(!path.exists());
    assert!(folder.join("answers.age").exists() && folder.join("key.age").exists());
    assert_eq!(
        instance.reporter_thread(&access).await.unwrap().copy,
        CopyState::NotKept
    );
    assert!(
        !instance
            .delete_reporter_copy(&access, TODAY.next_day().unwrap())
            .await
            .unwrap(),
        "deleting twice finds nothing"
    );
    // The folder's times are the day of the deletion, no hour.
    let folder_modified = std::fs::metadata(&folder)
        .unwrap()
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert_eq!(
        folder_modified as i64,
        TODAY
            .next_day()
            .unwrap()
            .midnight()
            .assume_utc()
            .unix_timestamp()
    );
    let out = dir.path().join("decrypted");
    instance
        .decrypt_report(access.report, &recovery, &out)
        .await
        .unwrap()
        .publish()
        .unwrap();
    assert!(
        std::fs::read_to_string(out.join("answers.json"))
            .unwrap()
            .contains(NARRATIVE)
    );
}

#[tokio::test]
async fn without_the_choice_nothing_is_written_and_nothing_is_shown() {
    let (instance, dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let receipt = submit(&instance, false).await;
    let access = accepted(&instance, &receipt).await;
    let folder = folder(dir.path(), &access);
    assert!(folder.join("answers.age").exists());
    assert!(!folder.join("reporter_copy.age").exists());
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("copy")),
        "nothing records the choice: {names:?}"
    );
    assert_eq!(
        instance.reporter_thread(&access).await.unwrap().copy,
        CopyState::NotKept
    );
    assert!(!instance.delete_reporter_copy(&access, TODAY).await.unwrap());
}

#[tokio::test]
async fn a_planted_copy_is_never_shown_as_what_the_reporter_sent() {
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let first = accepted(&instance, &submit(&instance, true).await).await;
    let second = accepted(&instance, &submit(&instance, false).await).await;

    // Another report's copy, moved beside this one: it does not open with this receipt.
    std::fs::copy(
        folder(dir.path(), &first).join("reporter_copy.age"),
        folder(dir.path(), &second).join("reporter_copy.age"),
    )
    .unwrap();
    assert_eq!(
        instance.reporter_thread(&second).await.unwrap().copy,
        CopyState::Unverified
    );

    // A file sealed to this receipt's key (as anyone can: its public half is in the database;
    // here a message, which is) without a valid proof of origin.
    instance
        .send_to_reporter(
            &recovery,
            second.report,
            &format!("v1:{}\n{{\"format\":1}}", "0".repeat(64)),
            TODAY,
        )
        .await
        .unwrap();
    let messages = folder(dir.path(), &second).join("messages");
    let message = std::fs::read_dir(&messages)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::copy(
        &message,
        folder(dir.path(), &second).join("reporter_copy.age"),
    )
    .unwrap();
    assert_eq!(
        instance.reporter_thread(&second).await.unwrap().copy,
        CopyState::Unverified
    );
    // Made by a holder of the report key (the recovery identity opens it; so would an
    // investigator's): they can make a message's proof of origin, not the copy's, which only
    // the mailbox key's secret makes.
    let report_key = unwrap_identity(
        &std::fs::read(folder(dir.path(), &second).join("key.age")).unwrap(),
        &recovery,
    )
    .unwrap();
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite:{}",
        dir.path().join("data").join("quietline.db").display()
    ))
    .await
    .unwrap();
    let mailbox: String = sqlx::query_scalar("SELECT mailbox_recipient FROM reports WHERE id = $1")
        .bind(second.report.to_string())
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    let mailbox: quietline_crypto::Recipient = mailbox.parse().unwrap();
    let json = serde_json::to_vec(&quietline_service::ReporterCopy {
        format: 1,
        answers: answers(),
        files: Vec::new(),
    })
    .unwrap();
    let shared = quietline_crypto::OriginKey::between(
        &report_key,
        &mailbox,
        &report_key.recipient(),
        &mailbox,
    )
    .unwrap();
    let report_id = second.report.to_string();
    let tag = shared.tag(&[report_id.as_bytes(), b"reporter_copy", &json]);
    let mut forged = format!("v1:{tag}\n").into_bytes();
    forged.extend_from_slice(&json);
    std::fs::write(
        folder(dir.path(), &second).join("reporter_copy.age"),
        quietline_crypto::seal(&[mailbox], &forged).unwrap(),
    )
    .unwrap();
    assert_eq!(
        instance.reporter_thread(&second).await.unwrap().copy,
        CopyState::Unverified
    );
    // The genuine one still reads.
    assert!(matches!(
        instance.reporter_thread(&first).await.unwrap().copy,
        CopyState::Kept(_)
    ));
}
