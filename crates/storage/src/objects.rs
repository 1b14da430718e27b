//! The object files of the data directory: one folder per report, each object one age file.
//!
//! ```text
//! reports/<report id>/key.age                 the report key, wrapped to investigators + recovery
//! reports/<report id>/answers.age             the answers (JSON)
//! reports/<report id>/files/<id>.age          an attachment's content
//! reports/<report id>/files/<id>.meta.age     its name and type (JSON)
//! reports/<report id>/messages/<id>.age       a message (text)
//! ```
//!
//! Writes are all-or-nothing: a new report is written into `reports/.staging-<id>/` and
//! renamed into place once complete; a later object is written to `<name>.tmp` and renamed.
//! Whatever is dropped before its commit is deleted, and [`Objects::clean_abandoned`]
//! removes what a crash left behind. File times are set to the day, like the database's
//! dates, so the file system does not keep the hour a report arrived.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use quietline_core::{AttachmentId, MessageId, ReportId};
use tokio::fs::{self, File};
use tokio::io::AsyncWriteExt;

/// Which object of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectName {
    /// The wrapped report key.
    Key,
    /// The answers.
    Answers,
    /// An attachment's content.
    AttachmentContent(AttachmentId),
    /// An attachment's name and type.
    AttachmentMeta(AttachmentId),
    /// A message.
    Message(MessageId),
    /// An internal note (sealed to the workspace key).
    Note(MessageId),
}

impl ObjectName {
    /// Path relative to the report's folder.
    pub fn relative(self) -> PathBuf {
        match self {
            Self::Key => PathBuf::from("key.age"),
            Self::Answers => PathBuf::from("answers.age"),
            Self::AttachmentContent(id) => Path::new("files").join(format!("{id}.age")),
            Self::AttachmentMeta(id) => Path::new("files").join(format!("{id}.meta.age")),
            Self::Message(id) => Path::new("messages").join(format!("{id}.age")),
            Self::Note(id) => Path::new("notes").join(format!("{id}.age")),
        }
    }
}

const STAGING_PREFIX: &str = ".staging-";

/// Files beside the reports that can be rebuilt from the database (a sealed snapshot of the
/// inbox, so unlocking the workspace does not open every report's summary one by one).
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache in `dir` (created if missing).
    pub async fn open(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        fs::create_dir_all(&dir).await?;
        Ok(Self { dir })
    }

    /// A cached object, if present.
    pub async fn read(&self, name: &str) -> std::io::Result<Option<Vec<u8>>> {
        match fs::read(self.dir.join(name)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Deletes a cached object (missing is fine).
    pub async fn remove(&self, name: &str) -> std::io::Result<()> {
        match fs::remove_file(self.dir.join(name)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Replaces a cached object at once (temporary file, then rename).
    pub async fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let target = self.dir.join(name);
        let tmp = self.dir.join(format!("{name}.tmp"));
        let mut file = fs::File::create(&tmp).await?;
        file.write_all(bytes).await?;
        file.sync_all().await?;
        drop(file);
        fs::rename(&tmp, &target).await
    }
}

/// The report folders under one root (`<data>/reports`).
#[derive(Clone, Debug)]
pub struct Objects {
    root: PathBuf,
}

impl Objects {
    /// The store rooted at `root` (created if missing).
    pub async fn open(root: impl Into<PathBuf>) -> std::io::Result<Self> {
        let root = root.into();
        fs::create_dir_all(&root).await?;
        Ok(Self { root })
    }

    /// Where a report's object lives.
    pub fn path(&self, report: ReportId, name: ObjectName) -> PathBuf {
        self.root.join(report.to_string()).join(name.relative())
    }

    /// Deletes staging folders and temporary files left by a crash. Returns how many.
    pub async fn clean_abandoned(&self) -> std::io::Result<usize> {
        let mut removed = 0;
        let mut entries = fs::read_dir(&self.root).await?;
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(STAGING_PREFIX) {
                fs::remove_dir_all(entry.path()).await?;
                removed += 1;
            } else if entry.file_type().await?.is_dir() {
                for sub in ["", "files", "messages", "notes"] {
                    removed += remove_tmp_files(&entry.path().join(sub)).await?;
                }
            }
        }
        Ok(removed)
    }

    /// Deletes report folders that have no row in `known`: a crash after a new report's
    /// folder was moved into place and before its row was committed (the reporter was never
    /// shown a receipt for it). Returns how many. Run at start, before serving.
    pub async fn remove_orphans(&self, known: &[ReportId]) -> std::io::Result<usize> {
        let known: std::collections::HashSet<String> =
            known.iter().map(ToString::to_string).collect();
        let mut removed = 0;
        let mut entries = fs::read_dir(&self.root).await?;
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_report_folder = name.parse::<ReportId>().is_ok();
            if is_report_folder && !known.contains(&name) && entry.file_type().await?.is_dir() {
                fs::remove_dir_all(entry.path()).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The folder of a report (to lock it while its key is re-wrapped).
    pub fn folder(&self, report: ReportId) -> PathBuf {
        self.root.join(report.to_string())
    }

    /// Every report folder (for backups): the root and the folders' names.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Starts writing a new report's folder.
    pub async fn stage_report(
        &self,
        report: ReportId,
        day: time::Date,
    ) -> std::io::Result<StagedReport> {
        let staging = self.root.join(format!("{STAGING_PREFIX}{report}"));
        fs::create_dir(&staging).await?;
        Ok(StagedReport {
            staging,
            target: self.root.join(report.to_string()),
            day,
            committed: false,
        })
    }

    /// Starts writing one more object of an existing report: the file to write, and the
    /// handle that puts it in place.
    pub async fn create(
        &self,
        report: ReportId,
        name: ObjectName,
        day: time::Date,
    ) -> std::io::Result<(PendingObject, File)> {
        let target = self.path(report, name);
        if !fs::try_exists(self.root.join(report.to_string())).await? {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such report folder",
            ));
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).await?;
        }
        let tmp = target.with_extension("age.tmp");
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .await?;
        Ok((PendingObject { tmp, target, day }, file))
    }

    /// Writes a small object of an existing report, all at once.
    pub async fn write(
        &self,
        report: ReportId,
        name: ObjectName,
        bytes: &[u8],
        day: time::Date,
    ) -> std::io::Result<()> {
        let (pending, mut file) = self.create(report, name, day).await?;
        file.write_all(bytes).await?;
        file.flush().await?;
        drop(file);
        pending.commit().await
    }

    /// Reads a small object whole.
    pub async fn read(&self, report: ReportId, name: ObjectName) -> std::io::Result<Vec<u8>> {
        fs::read(self.path(report, name)).await
    }

    /// Opens an object to stream it.
    pub async fn open_object(&self, report: ReportId, name: ObjectName) -> std::io::Result<File> {
        File::open(self.path(report, name)).await
    }
}

async fn remove_tmp_files(dir: &Path) -> std::io::Result<usize> {
    let mut removed = 0;
    let Ok(mut entries) = fs::read_dir(dir).await else {
        return Ok(0);
    };
    while let Some(entry) = entries.next_entry().await? {
        if entry.file_name().to_string_lossy().ends_with(".tmp") {
            fs::remove_file(entry.path()).await?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// A new report's folder being written. Dropped without [`StagedReport::commit`], it is
/// deleted with everything in it.
#[derive(Debug)]
pub struct StagedReport {
    staging: PathBuf,
    target: PathBuf,
    day: time::Date,
    committed: bool,
}

impl StagedReport {
    /// Creates an object file in the staging folder.
    pub async fn create(&self, name: ObjectName) -> std::io::Result<File> {
        let path = self.staging.join(name.relative());
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).await?;
        }
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .await
    }

    /// Writes a small object in the staging folder.
    pub async fn write(&self, name: ObjectName, bytes: &[u8]) -> std::io::Result<()> {
        let mut file = self.create(name).await?;
        file.write_all(bytes).await?;
        file.flush().await
    }

    /// Makes every file durable and sets its times to the day (slow: fsync; done before
    /// the database transaction so the transaction stays short).
    pub async fn sync(&self) -> std::io::Result<()> {
        let staging = self.staging.clone();
        let day = self.day;
        tokio::task::spawn_blocking(move || sync_tree(&staging, day))
            .await
            .map_err(std::io::Error::other)?
    }

    /// Moves the folder into place. From here on, the caller owns the folder.
    pub async fn publish(mut self) -> std::io::Result<PublishedReport> {
        let staging = self.staging.clone();
        let target = self.target.clone();
        tokio::task::spawn_blocking({
            let target = target.clone();
            move || {
                std::fs::rename(&staging, &target)?;
                if let Some(parent) = target.parent() {
                    std::fs::File::open(parent)?.sync_all()?;
                }
                Ok::<_, std::io::Error>(())
            }
        })
        .await
        .map_err(std::io::Error::other)??;
        self.committed = true;
        Ok(PublishedReport { folder: target })
    }

    /// [`Self::sync`] then [`Self::publish`], for callers with no row to insert.
    pub async fn commit(self) -> std::io::Result<()> {
        self.sync().await?;
        self.publish().await.map(|_| ())
    }
}

/// A report folder just moved into place, which can still be taken back if the database
/// refuses its row.
#[derive(Debug)]
pub struct PublishedReport {
    folder: PathBuf,
}

impl PublishedReport {
    /// Deletes the folder (its row was not recorded).
    pub async fn remove(self) {
        if let Err(err) = fs::remove_dir_all(&self.folder).await {
            tracing::error!(error = %err, "could not delete a report folder whose row was refused");
        }
    }
}

impl Drop for StagedReport {
    fn drop(&mut self) {
        if !self.committed
            && let Err(err) = std::fs::remove_dir_all(&self.staging)
        {
            tracing::error!(error = %err, "could not delete an abandoned staging folder");
        }
    }
}

/// An object of an existing report being written. Dropped without
/// [`PendingObject::commit`], its temporary file is deleted.
#[derive(Debug)]
pub struct PendingObject {
    tmp: PathBuf,
    target: PathBuf,
    day: time::Date,
}

impl PendingObject {
    /// Makes the object durable and moves it into place. Call it once the file returned
    /// with this handle is written and closed.
    pub async fn commit(mut self) -> std::io::Result<()> {
        let (tmp, target, day) = (self.tmp.clone(), self.target.clone(), self.day);
        tokio::task::spawn_blocking(move || {
            // fsync applies to the file, whichever descriptor asks.
            std::fs::File::options()
                .write(true)
                .open(&tmp)?
                .sync_all()?;
            set_day_times(&tmp, day)?;
            std::fs::rename(&tmp, &target)?;
            if let Some(parent) = target.parent() {
                set_day_times(parent, day)?;
                std::fs::File::open(parent)?.sync_all()?;
            }
            Ok::<_, std::io::Error>(())
        })
        .await
        .map_err(std::io::Error::other)??;
        self.tmp = PathBuf::new();
        Ok(())
    }
}

impl Drop for PendingObject {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty()
            && let Err(err) = std::fs::remove_file(&self.tmp)
        {
            tracing::error!(error = %err, "could not delete an abandoned temporary object");
        }
    }
}

/// Syncs every file under `dir` and sets its times to `day`.
fn sync_tree(dir: &Path, day: time::Date) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_tree(&path, day)?;
        } else {
            std::fs::File::options()
                .write(true)
                .open(&path)?
                .sync_all()?;
            set_day_times(&path, day)?;
        }
    }
    std::fs::File::open(dir)?.sync_all()?;
    set_day_times(dir, day)
}

/// Sets a file's or folder's access and modification times to midnight UTC of `day`.
fn set_day_times(path: &Path, day: time::Date) -> std::io::Result<()> {
    let seconds = day.midnight().assume_utc().unix_timestamp();
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap_or(0));
    let times = std::fs::FileTimes::new()
        .set_accessed(when)
        .set_modified(when);
    std::fs::File::open(path)?.set_times(times)
}
