use quietline_core::{AttachmentId, MessageId, ReportId};
use quietline_storage::{ObjectName, Objects};
use time::macros::date;
use tokio::io::AsyncWriteExt;

#[tokio::test]
async fn a_staged_report_appears_only_when_committed() {
    let dir = tempfile::tempdir().unwrap();
    let objects = Objects::open(dir.path().join("reports")).await.unwrap();
    let id = ReportId::random();
    let staged = objects
        .stage_report(id, date!(2026 - 11 - 29))
        .await
        .unwrap();
    staged
        .write(ObjectName::Answers, b"ciphertext")
        .await
        .unwrap();
    let attachment = AttachmentId::random();
    let mut file = staged
        .create(ObjectName::AttachmentContent(attachment))
        .await
        .unwrap();
    file.write_all(b"more ciphertext").await.unwrap();
    file.flush().await.unwrap();
    assert!(
        objects.read(id, ObjectName::Answers).await.is_err(),
        "not visible before commit"
    );
    staged.commit().await.unwrap();
    assert_eq!(
        objects.read(id, ObjectName::Answers).await.unwrap(),
        b"ciphertext"
    );
    assert_eq!(
        objects
            .read(id, ObjectName::AttachmentContent(attachment))
            .await
            .unwrap(),
        b"more ciphertext"
    );

    let modified = std::fs::metadata(objects.path(id, ObjectName::Answers))
        .unwrap()
        .modified()
        .unwrap();
    let midnight = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_910_400);
    assert_eq!(modified, midnight, "file times keep the day only");
}

#[tokio::test]
async fn abandoned_writes_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("reports");
    let objects = Objects::open(&root).await.unwrap();
    {
        let staged = objects
            .stage_report(ReportId::random(), date!(2026 - 11 - 29))
            .await
            .unwrap();
        staged.write(ObjectName::Answers, b"x").await.unwrap();
        // dropped: an aborted submission
    }
    assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);

    let id = ReportId::random();
    objects
        .stage_report(id, date!(2026 - 11 - 29))
        .await
        .unwrap()
        .commit()
        .await
        .unwrap();
    {
        let (_pending, mut file) = objects
            .create(
                id,
                ObjectName::Message(MessageId::random()),
                date!(2026 - 11 - 29),
            )
            .await
            .unwrap();
        file.write_all(b"half a message").await.unwrap();
        // dropped: an aborted reply
    }
    assert!(
        !root
            .join(id.to_string())
            .join("messages")
            .read_dir()
            .unwrap()
            .any(|_| true)
    );

    // A crash leaves staging folders and temporary files; start-up removes them.
    std::fs::create_dir(root.join(format!(".staging-{}", ReportId::random()))).unwrap();
    std::fs::write(
        root.join(id.to_string()).join("messages").join("x.age.tmp"),
        b"x",
    )
    .unwrap();
    assert_eq!(objects.clean_abandoned().await.unwrap(), 2);
    assert_eq!(objects.clean_abandoned().await.unwrap(), 0);
}

#[tokio::test]
async fn objects_cannot_be_added_to_a_missing_report() {
    let dir = tempfile::tempdir().unwrap();
    let objects = Objects::open(dir.path()).await.unwrap();
    assert!(
        objects
            .create(
                ReportId::random(),
                ObjectName::Answers,
                date!(2026 - 11 - 29)
            )
            .await
            .is_err()
    );
}
