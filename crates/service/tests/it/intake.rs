//! Intake end to end in the service: reports refused until a recovery recipient is recorded,
//! a report through its receipt, messages and offline decryption, receipts rejected and
//! throttled alike, oversize and abandoned submissions that leave nothing behind, replies,
//! investigators' keys, and a report in flight when the directory is opened again.

use std::time::Duration;

use quietline_core::{Limits, Receipt, ReportDraft, ReportId};
use quietline_crypto::Identity;
use quietline_service::{
    Author, Clock as _, DataDir, Instance, ReceiptOutcome, ReporterAccess, ServiceConfig,
    ServiceError, SystemClock,
};
use secrecy::{ExposeSecret, SecretString};

use crate::{TODAY, fresh_instance};

fn answers(narrative: &str) -> quietline_core::ReportAnswers {
    ReportDraft::from_fields(
        [
            ("subject", "happened_to_me"),
            ("narrative", narrative),
            ("person1_names", "陈伟"),
        ],
        &Limits::default(),
    )
    .validate("en", &Limits::default(), TODAY)
    .unwrap()
}

async fn submit(instance: &Instance, narrative: &str, file: &[u8]) -> Receipt {
    let mut submission = instance.begin_submission(TODAY).await.unwrap();
    let mut upload = submission
        .attachment("evidence.pdf", "application/pdf")
        .await
        .unwrap();
    for chunk in file.chunks(7000) {
        upload.write(chunk).await.unwrap();
    }
    upload.finish().await.unwrap();
    submission.complete(&answers(narrative)).await.unwrap()
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

fn all_bytes_under(dir: &std::path::Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.extend(std::fs::read(entry).unwrap());
    }
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path))
        } else {
            files.push(path)
        }
    }
    files
}

#[tokio::test]
async fn reports_are_refused_until_a_recovery_recipient_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let instance = Instance::open(DataDir::new(dir.path()), None, ServiceConfig::default())
        .await
        .unwrap();
    assert!(!instance.readiness().await.unwrap().accepts_reports());
    assert!(matches!(
        instance.begin_submission(TODAY).await,
        Err(ServiceError::NotInitialised)
    ));
    let recovery = Identity::generate().recipient();
    instance.initialise(&recovery).await.unwrap();
    instance.initialise(&recovery).await.unwrap();
    assert!(matches!(
        instance.initialise(&Identity::generate().recipient()).await,
        Err(ServiceError::RecoveryRecipientMismatch)
    ));
    assert!(instance.readiness().await.unwrap().accepts_reports());
}

#[tokio::test]
async fn a_report_round_trips_through_receipt_messages_and_offline_decryption() {
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let password = SecretString::from("correct horse battery staple");
    let admin = instance
        .add_investigator("amira", &password, None, TODAY)
        .await
        .unwrap();
    assert_eq!(
        admin.role,
        quietline_service::InvestigatorRole::Admin,
        "the first investigator is an admin"
    );

    let marker = format!("MARKER-{}", ReportId::random());
    let file: Vec<u8> = format!("{marker} in a file ")
        .bytes()
        .cycle()
        .take(300_000)
        .collect();
    let receipt = submit(&instance, &format!("narrative {marker}"), &file).await;
    assert!(
        !all_bytes_under(dir.path())
            .windows(marker.len())
            .any(|w| w == marker.as_bytes())
    );

    let access = accepted(&instance, &receipt).await;
    let thread = instance.reporter_thread(&access).await.unwrap();
    assert!(thread.messages.is_empty());
    assert_eq!(thread.files_sent, 1);

    instance
        .send_to_reporter(&recovery, access.report, "Which city was this in?", TODAY)
        .await
        .unwrap();
    let mut reply = instance.begin_reply(&access, TODAY).await.unwrap();
    let mut upload = reply.attachment("photo.jpg", "image/jpeg").await.unwrap();
    upload.write(b"jpeg bytes").await.unwrap();
    upload.finish().await.unwrap();
    reply.complete("Rotterdam").await.unwrap();

    let thread = instance
        .reporter_thread(&accepted(&instance, &receipt).await)
        .await
        .unwrap();
    let texts: Vec<_> = thread
        .messages
        .iter()
        .map(|m| (m.author, m.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        vec![
            (Author::Investigator, "Which city was this in?"),
            (Author::Reporter, "Rotterdam")
        ]
    );
    assert_eq!(thread.files_sent, 2);

    // The recovery identity and the investigator's (unlocked with the password) both decrypt.
    let investigator = instance
        .unlock_investigator("amira", &password)
        .await
        .unwrap();
    for (name, identity) in [("recovery", &recovery), ("investigator", &investigator)] {
        let out = dir.path().join(name);
        let decrypted = instance
            .decrypt_report(access.report, identity, &out)
            .await
            .unwrap()
            .publish()
            .unwrap();
        let answers = std::fs::read_to_string(&decrypted.answers).unwrap();
        assert!(
            answers.contains(&marker) && answers.contains("陈伟"),
            "{answers}"
        );
        assert_eq!(decrypted.attachments.len(), 2);
        assert_eq!(decrypted.attachments[0].0.name, "evidence.pdf");
        assert_eq!(std::fs::read(&decrypted.attachments[0].1).unwrap(), file);
        let messages = std::fs::read_to_string(decrypted.messages.unwrap()).unwrap();
        assert!(messages.contains("Which city") && messages.contains("Rotterdam"));
        assert!(!messages.contains("could not be verified"), "{messages}");
    }
    let outsider = Identity::generate();
    assert!(
        instance
            .decrypt_report(access.report, &outsider, &dir.path().join("outsider"))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn wrong_and_unknown_receipts_are_both_rejected() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let receipt = submit(&instance, "n", b"x").await;
    let shown = receipt.display_grouped().expose_secret().replace(' ', "");
    let (lookup, secret) = shown.split_at(6);
    let last = secret.chars().last().unwrap().to_digit(10).unwrap();
    let wrong_secret =
        Receipt::parse(&format!("{lookup}{}{}", &secret[..13], (last + 1) % 10)).unwrap();
    let other_lookup = (lookup.parse::<u32>().unwrap() + 1) % 1_000_000;
    let unknown = Receipt::parse(&format!("{other_lookup:06}{secret}")).unwrap();
    for attempt in [wrong_secret, unknown] {
        assert!(matches!(
            instance
                .open_receipt(&attempt, SystemClock.instant())
                .await
                .unwrap(),
            ReceiptOutcome::Rejected
        ));
    }
    accepted(&instance, &receipt).await;
}

#[tokio::test]
async fn receipt_checks_are_throttled_for_everyone_together() {
    let config = ServiceConfig {
        receipt_check_burst: 2,
        receipt_checks_per_minute: 6,
        ..ServiceConfig::default()
    };
    let (instance, _dir, _recovery) = fresh_instance(config).await;
    let receipt = submit(&instance, "n", b"x").await;
    let start = SystemClock.instant();
    for _ in 0..2 {
        instance.open_receipt(&receipt, start).await.unwrap();
    }
    assert!(matches!(
        instance.open_receipt(&receipt, start).await,
        Err(ServiceError::Throttled)
    ));
    // Even the right receipt waits; ten seconds later one more check is allowed.
    assert!(matches!(
        instance
            .open_receipt(&receipt, start + Duration::from_secs(11))
            .await,
        Ok(ReceiptOutcome::Accepted(_))
    ));
}

#[tokio::test]
async fn oversize_files_and_abandoned_submissions_leave_nothing_behind() {
    let limits = Limits {
        max_file_bytes: 10_000,
        max_report_bytes: 15_000,
        max_files: 2,
        ..Limits::default()
    };
    let (instance, dir, _recovery) = fresh_instance(ServiceConfig {
        limits,
        ..ServiceConfig::default()
    })
    .await;
    let reports = dir.path().join("data").join("reports");
    {
        let mut submission = instance.begin_submission(TODAY).await.unwrap();
        let mut upload = submission.attachment("big", "x").await.unwrap();
        upload.write(&[0; 9_000]).await.unwrap();
        assert!(matches!(
            upload.write(&[0; 2_000]).await,
            Err(ServiceError::FileTooLarge { limit: 10_000 })
        ));
    }
    {
        let mut submission = instance.begin_submission(TODAY).await.unwrap();
        let mut first = submission.attachment("a", "x").await.unwrap();
        first.write(&[0; 9_000]).await.unwrap();
        first.finish().await.unwrap();
        let mut second = submission.attachment("b", "x").await.unwrap();
        assert!(matches!(
            second.write(&[0; 7_000]).await,
            Err(ServiceError::ReportTooLarge { limit: 15_000 })
        ));
        drop(second);
        let mut third = submission.attachment("c", "x").await.unwrap();
        third.write(b"small").await.unwrap();
        third.finish().await.unwrap();
        assert!(matches!(
            submission.attachment("d", "x").await,
            Err(ServiceError::TooManyFiles { limit: 2 })
        ));
    }
    assert_eq!(
        std::fs::read_dir(&reports).unwrap().count(),
        0,
        "no folder, staged or final"
    );

    // The same for a reply: nothing is kept of an abandoned one.
    let receipt = submit(&instance, "n", b"x").await;
    let access = accepted(&instance, &receipt).await;
    {
        let mut reply = instance.begin_reply(&access, TODAY).await.unwrap();
        let mut upload = reply.attachment("a", "x").await.unwrap();
        upload.write(&[1; 5_000]).await.unwrap();
        upload.finish().await.unwrap();
    }
    let report_dir = reports.join(access.report.to_string());
    assert_eq!(
        walk(&report_dir).len(),
        4,
        "key, answers, one file and its meta: {:?}",
        walk(&report_dir)
    );
    let thread = instance.reporter_thread(&access).await.unwrap();
    assert_eq!((thread.messages.len(), thread.files_sent), (0, 1));
}

#[tokio::test]
async fn an_empty_reply_is_refused_but_files_alone_are_a_reply() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let receipt = submit(&instance, "n", b"x").await;
    let access = accepted(&instance, &receipt).await;
    let reply = instance.begin_reply(&access, TODAY).await.unwrap();
    assert!(matches!(
        reply.complete("   ").await,
        Err(ServiceError::Invalid(_))
    ));
    let mut reply = instance.begin_reply(&access, TODAY).await.unwrap();
    let mut upload = reply.attachment("a", "x").await.unwrap();
    upload.write(b"content").await.unwrap();
    upload.finish().await.unwrap();
    reply.complete("").await.unwrap();
    let thread = instance.reporter_thread(&access).await.unwrap();
    assert_eq!((thread.messages.len(), thread.files_sent), (1, 2));
}

#[tokio::test]
async fn investigators_unlock_only_with_their_password() {
    let (instance, _dir, _recovery) = fresh_instance(ServiceConfig::default()).await;
    let password = SecretString::from("a long enough passphrase");
    instance
        .add_investigator("bao", &password, None, TODAY)
        .await
        .unwrap();
    assert!(matches!(
        instance
            .add_investigator("bao", &password, None, TODAY)
            .await,
        Err(ServiceError::UsernameTaken)
    ));
    assert!(matches!(
        instance
            .add_investigator("Bad Name", &password, None, TODAY)
            .await,
        Err(ServiceError::BadUsername(_))
    ));
    assert!(matches!(
        instance
            .add_investigator("chen", &SecretString::from("short"), None, TODAY)
            .await,
        Err(ServiceError::BadPassword(_))
    ));
    assert!(instance.unlock_investigator("bao", &password).await.is_ok());
    for (user, pass) in [
        ("bao", "a long enough passphrasE"),
        ("nobody", "a long enough passphrase"),
    ] {
        assert!(matches!(
            instance
                .unlock_investigator(user, &SecretString::from(pass))
                .await,
            Err(ServiceError::CredentialsRejected)
        ));
    }
}

/// A command run while the server serves (`quietline backup`, `report list`) opens the same
/// data directory. Its start must not take a submission in flight for a crash's leftovers:
/// that deleted the staging folder (the report was refused) or, between the folder's move
/// and the row's commit, the folder itself (a receipt for a report with no content).
#[tokio::test]
async fn opening_the_directory_while_a_report_is_in_flight_leaves_the_report_alone() {
    let (instance, dir, recovery) = fresh_instance(ServiceConfig::default()).await;
    let data = dir.path().join("data");
    let reopen = || async {
        Instance::open(
            DataDir::new(&data),
            None,
            ServiceConfig {
                receipt_kdf: quietline_crypto::KdfParams::TEST_ONLY,
                password_kdf: quietline_crypto::KdfParams::TEST_ONLY,
                ..ServiceConfig::default()
            },
        )
        .await
        .unwrap()
    };
    let mut submission = instance.begin_submission(TODAY).await.unwrap();
    let mut upload = submission
        .attachment("a.pdf", "application/pdf")
        .await
        .unwrap();
    upload.write(b"in flight").await.unwrap();
    upload.finish().await.unwrap();
    let staged = std::fs::read_dir(data.join("reports")).unwrap().count();
    assert_eq!(staged, 1, "the submission's staging folder");

    let command = reopen().await;
    let receipt = submission
        .complete(&answers("sent while a command ran"))
        .await
        .unwrap();
    let access = accepted(&instance, &receipt).await;
    assert_eq!(
        instance.reporter_thread(&access).await.unwrap().files_sent,
        1
    );
    let decrypted = command
        .decrypt_report(access.report, &recovery, &dir.path().join("decrypted"))
        .await
        .expect("every object of the report is there")
        .publish()
        .unwrap();
    assert_eq!(decrypted.attachments.len(), 1);
    assert_eq!(
        std::fs::read(&decrypted.attachments[0].1).unwrap(),
        b"in flight"
    );
    drop(command);

    // Alone, an instance still removes what a crash left: a staging folder, and a folder
    // without a row.
    let orphan = ReportId::random().to_string();
    std::fs::create_dir(data.join("reports").join(format!(".staging-{orphan}"))).unwrap();
    std::fs::create_dir(data.join("reports").join(&orphan)).unwrap();
    drop(instance);
    let alone = reopen().await;
    let mut left: Vec<String> = std::fs::read_dir(data.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, vec![access.report.to_string()]);
    assert!(matches!(
        alone
            .open_receipt(&receipt, SystemClock.instant())
            .await
            .unwrap(),
        ReceiptOutcome::Accepted(_)
    ));
}
