//! The object files: a staged report appears only when committed, abandoned writes leave
//! nothing, folders keep only the day as their times, and stamping the data directory keeps
//! the databases' locks.

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

/// Every time the file system keeps of `path` that Quietline can set: modification and
/// access, as seconds since the epoch.
fn settable_times(path: &std::path::Path) -> [u64; 2] {
    let meta = std::fs::metadata(path).unwrap();
    let seconds =
        |t: std::time::SystemTime| t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    [
        seconds(meta.modified().unwrap()),
        seconds(meta.accessed().unwrap()),
    ]
}

#[tokio::test]
async fn every_folder_a_report_or_a_reply_changes_keeps_the_day_only_even_after_a_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("reports");
    let objects = Objects::open(&root).await.unwrap();
    let day = date!(2026 - 11 - 29);
    let midnight = 1_795_910_400;
    let id = ReportId::random();
    let staged = objects.stage_report(id, day).await.unwrap();
    staged
        .write(ObjectName::Answers, b"ciphertext")
        .await
        .unwrap();
    staged.commit().await.unwrap();
    // A reply: a new subfolder, a new object.
    let message = MessageId::random();
    objects
        .write(id, ObjectName::Message(message), b"a reply", day)
        .await
        .unwrap();
    // An upload given up half-way (its temporary file is deleted when dropped).
    let (pending, _file) = objects
        .create(
            id,
            ObjectName::AttachmentContent(AttachmentId::random()),
            day,
        )
        .await
        .unwrap();
    drop(pending);
    // And one new report abandoned before its commit.
    drop(objects.stage_report(ReportId::random(), day).await.unwrap());
    // Reading, as a returning reporter's thread does.
    objects
        .read(id, ObjectName::Message(message))
        .await
        .unwrap();
    objects.read(id, ObjectName::Answers).await.unwrap();

    let folder = root.join(id.to_string());
    for path in [
        root.clone(),
        folder.clone(),
        folder.join("answers.age"),
        folder.join("messages"),
        folder.join("files"),
        objects.path(id, ObjectName::Message(message)),
    ] {
        assert_eq!(
            settable_times(&path),
            [midnight, midnight],
            "{} keeps a time of day",
            path.display()
        );
    }
}

/// Whether this process holds a POSIX lock on the file `path` (per /proc/locks).
fn locked_by_me(path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let inode = std::fs::metadata(path).unwrap().ino();
    let me = format!(" {} ", std::process::id());
    std::fs::read_to_string("/proc/locks")
        .unwrap()
        .lines()
        .any(|line| line.contains(&me) && line.contains(&format!(":{inode} ")))
}

#[tokio::test]
async fn stamping_the_data_directory_keeps_the_databases_locks() {
    // Closing any descriptor of a file drops the process's POSIX locks on it: stamping must
    // not open the database files, or another process would take the server for gone and
    // delete the write-ahead log it is writing to.
    let dir = tempfile::tempdir().unwrap();
    let db = quietline_storage::Database::open(&format!(
        "sqlite:{}",
        dir.path().join("quietline.db").display()
    ))
    .await
    .unwrap();
    db.set_setting("x", "y").await.unwrap();
    let shm = dir.path().join("quietline.db-shm");
    assert!(locked_by_me(&shm), "SQLite holds its shared-memory lock");
    quietline_storage::stamp_folder(dir.path(), date!(2026 - 11 - 29)).unwrap();
    assert!(locked_by_me(&shm), "stamping dropped SQLite's lock");
    assert_eq!(settable_times(&shm), [1_795_910_400, 1_795_910_400]);
    db.close().await;
}

#[tokio::test]
async fn removing_an_object_overwrites_it_but_never_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let objects = Objects::open(dir.path().join("reports")).await.unwrap();
    let id = ReportId::random();
    let staged = objects
        .stage_report(id, date!(2026 - 11 - 29))
        .await
        .unwrap();
    staged
        .write(ObjectName::ReporterCopy, b"ciphertext")
        .await
        .unwrap();
    staged.commit().await.unwrap();
    let day = date!(2026 - 12 - 1);
    assert!(
        objects
            .remove(id, ObjectName::ReporterCopy, day)
            .await
            .unwrap()
    );
    assert!(!objects.path(id, ObjectName::ReporterCopy).exists());
    assert!(
        !objects
            .remove(id, ObjectName::ReporterCopy, day)
            .await
            .unwrap()
    );

    // A link put in the object's place (by someone who can write the data directory) to a
    // file the server can write: the target is left as it was.
    let target = dir.path().join("quietline.db");
    std::fs::write(&target, b"the database").unwrap();
    std::os::unix::fs::symlink(&target, objects.path(id, ObjectName::ReporterCopy)).unwrap();
    assert!(
        objects
            .remove(id, ObjectName::ReporterCopy, day)
            .await
            .is_err()
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"the database");
}
