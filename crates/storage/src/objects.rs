//! The object files of the data directory: one folder per report, each object one age file.
//!
//! ```text
//! reports/<report id>/key.age                 the report key, wrapped to investigators + recovery
//! reports/<report id>/answers.age             the answers (JSON)
//! reports/<report id>/files/<id>.age          an attachment's content
//! reports/<report id>/files/<id>.meta.age     its name and type (JSON)
//! reports/<report id>/messages/<id>.age       a message (text)
//! reports/<report id>/derived/<id>.age        a derived copy's content (issue 14)
//! ```
//!
//! Writes are all-or-nothing: a new report is written into `reports/.staging-<id>/` and
//! renamed into place once complete; a later object is written to `<name>.tmp` and renamed.
//! Whatever is dropped before its commit is deleted, and [`Objects::clean_abandoned`]
//! removes what a crash left behind. File times are set to the day, like the database's
//! dates, so the file system does not keep the hour a report arrived: every object and every
//! folder a write changes (the object's folder, the report's folder, `reports/` itself) gets
//! midnight UTC of the day as its modification and access time, and objects are read without
//! updating their access time (`O_NOATIME`), so that a reporter coming back leaves no time
//! either. What the file system still shows (change and birth times) is in
//! docs/threat-model.md.

use std::path::{Path, PathBuf};

use quietline_core::{AttachmentId, DerivedCopyId, MessageId, ReportId};
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
    /// The reporter's own copy of what they sent (their answers and files' names), sealed to
    /// the mailbox key only; present only if they chose to keep one.
    ReporterCopy,
    /// A derived copy of a file (translation, transcript, redacted version, copy without
    /// metadata), sealed to the report key like the files.
    DerivedCopy(DerivedCopyId),
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
            Self::ReporterCopy => PathBuf::from("reporter_copy.age"),
            Self::DerivedCopy(id) => Path::new("derived").join(format!("{id}.age")),
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
        match read_quietly(self.dir.join(name)).await {
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

    /// Destroys a cached object as [`Objects::remove`] destroys an object: overwritten with
    /// zeros, then unlinked (missing is fine). The purge destroys the inbox's snapshot so,
    /// since it holds every report's summary.
    pub async fn shred(&self, name: &str) -> std::io::Result<()> {
        let path = self.dir.join(name);
        tokio::task::spawn_blocking(move || shred_file(&path).map(drop))
            .await
            .map_err(std::io::Error::other)?
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

    /// Sets the times of the cache folder and of every object in it to `day` (the cache is
    /// written when investigators sign in and out; this keeps even those hours off disk).
    pub async fn stamp(&self, day: time::Date) -> std::io::Result<()> {
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || stamp_folder(&dir, day))
            .await
            .map_err(std::io::Error::other)?
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
    /// Listing a folder sets its access time: each folder listed gets its own modification
    /// time back as access time, so that the listing leaves no hour.
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
                for sub in ["", "files", "messages", "notes", "derived"] {
                    removed += remove_tmp_files(&entry.path().join(sub)).await?;
                }
            }
        }
        restore_access_time(&self.root)?;
        Ok(removed)
    }

    /// Sets the times of `reports/` to `day` (done after every change to it, and by the
    /// heartbeat).
    pub async fn stamp(&self, day: time::Date) -> std::io::Result<()> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || set_day_times(&root, day))
            .await
            .map_err(std::io::Error::other)?
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
        restore_access_time(&self.root)?;
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
        let staged = StagedReport {
            staging,
            root: self.root.clone(),
            target: self.root.join(report.to_string()),
            day,
            committed: false,
        };
        self.stamp(day).await?;
        Ok(staged)
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
        let folder = self.root.join(report.to_string());
        Ok((
            PendingObject {
                tmp,
                target,
                folder,
                day,
            },
            file,
        ))
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

    /// Reads a small object whole (without touching its access time).
    pub async fn read(&self, report: ReportId, name: ObjectName) -> std::io::Result<Vec<u8>> {
        read_quietly(self.path(report, name)).await
    }

    /// Reads a small object whole on the calling thread (without touching its access time):
    /// for a blocking thread that reads many objects in a row (the search index's build), where
    /// handing each read to the runtime's file threads would cost more than the read.
    pub fn read_blocking(&self, report: ReportId, name: ObjectName) -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let path = self.path(report, name);
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::OpenOptionsExt;
            match std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOATIME)
                .open(&path)
            {
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {}
                Err(e) => return Err(e),
                Ok(mut file) => {
                    let mut bytes = Vec::new();
                    file.read_to_end(&mut bytes)?;
                    return Ok(bytes);
                }
            }
        }
        std::fs::read(path)
    }

    /// Deletes an object of an existing report: its bytes are overwritten with zeros and
    /// made durable, then the file is unlinked, and the report's folder gets the day's times
    /// back. Returns whether it existed. Overwriting is best effort: a journaling or
    /// copy-on-write file system, an SSD's wear levelling, snapshots and backups may keep the
    /// old blocks (docs/threat-model.md).
    pub async fn remove(
        &self,
        report: ReportId,
        name: ObjectName,
        day: time::Date,
    ) -> std::io::Result<bool> {
        let path = self.path(report, name);
        let folder = self.folder(report);
        tokio::task::spawn_blocking(move || {
            if !shred_file(&path)? {
                return Ok(false);
            }
            if let Some(parent) = path.parent() {
                std::fs::File::open(parent)?.sync_all()?;
                set_day_times(parent, day)?;
            }
            set_day_times(&folder, day)?;
            Ok(true)
        })
        .await
        .map_err(std::io::Error::other)?
    }

    /// Destroys a report's folder (the purge): its wrapped key first, then every other file
    /// under it, each overwritten with zeros, made durable and unlinked as by
    /// [`Objects::remove`] (never through a symbolic link: a link is unlinked, its target
    /// left alone), then its folders, and `reports/` gets the day's times. Idempotent: a
    /// folder half destroyed by an interrupted purge is finished, a missing one is fine.
    /// Returns how many files were destroyed.
    pub async fn shred_report(&self, report: ReportId, day: time::Date) -> std::io::Result<usize> {
        let folder = self.folder(report);
        let key = self.path(report, ObjectName::Key);
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            let mut count = usize::from(shred_file(&key)?);
            match std::fs::symlink_metadata(&folder) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
                Ok(meta) if meta.file_type().is_symlink() || !meta.is_dir() => {
                    std::fs::remove_file(&folder)?;
                }
                Ok(_) => {
                    count += shred_tree(&folder)?;
                    std::fs::remove_dir(&folder)?;
                }
            }
            std::fs::File::open(&root)?.sync_all()?;
            set_day_times(&root, day)?;
            Ok(count)
        })
        .await
        .map_err(std::io::Error::other)?
    }

    /// Opens an object to stream it (without touching its access time).
    pub async fn open_object(&self, report: ReportId, name: ObjectName) -> std::io::Result<File> {
        open_quietly(&self.path(report, name)).await
    }
}

/// Overwrites a regular file with zeros, makes that durable and unlinks it (blocking).
/// Never through a link: a symbolic link put in the object's place by someone who can write
/// the data directory would have us overwrite its target with zeros (`O_NOFOLLOW` refuses
/// it). Returns whether the file existed.
fn shred_file(path: &Path) -> std::io::Result<bool> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let len = metadata.len();
    let zeros = [0u8; 8192];
    let mut left = len;
    while left > 0 {
        let n = usize::try_from(left.min(zeros.len() as u64)).unwrap_or(zeros.len());
        file.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    file.sync_all()?;
    drop(file);
    std::fs::remove_file(path)?;
    Ok(true)
}

/// Shreds every regular file under `dir` and removes its subfolders (blocking); symbolic
/// links are unlinked, not followed. Returns how many files were shredded.
fn shred_tree(dir: &Path) -> std::io::Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            count += shred_tree(&path)?;
            std::fs::remove_dir(&path)?;
        } else if kind.is_file() {
            count += usize::from(shred_file(&path)?);
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    std::fs::File::open(dir)?.sync_all()?;
    Ok(count)
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
    restore_access_time(dir)?;
    Ok(removed)
}

/// A new report's folder being written. Dropped without [`StagedReport::commit`], it is
/// deleted with everything in it.
#[derive(Debug)]
pub struct StagedReport {
    staging: PathBuf,
    root: PathBuf,
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
        let (root, day) = (self.root.clone(), self.day);
        tokio::task::spawn_blocking({
            let target = target.clone();
            move || {
                std::fs::rename(&staging, &target)?;
                set_day_times(&root, day)?;
                std::fs::File::open(&root)?.sync_all()?;
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
        if self.committed {
            return;
        }
        if let Err(err) = std::fs::remove_dir_all(&self.staging) {
            tracing::error!(error = %err, "could not delete an abandoned staging folder");
        }
        if let Err(err) = set_day_times(&self.root, self.day) {
            tracing::error!(error = %err, "could not set the times of the reports folder");
        }
    }
}

/// An object of an existing report being written. Dropped without
/// [`PendingObject::commit`], its temporary file is deleted.
#[derive(Debug)]
pub struct PendingObject {
    tmp: PathBuf,
    target: PathBuf,
    /// The report's folder (a new subfolder, `files/` or `messages/`, changes it too).
    folder: PathBuf,
    day: time::Date,
}

impl PendingObject {
    /// Makes the object durable and moves it into place. Call it once the file returned
    /// with this handle is written and closed.
    pub async fn commit(mut self) -> std::io::Result<()> {
        let (tmp, target, day) = (self.tmp.clone(), self.target.clone(), self.day);
        let folder = self.folder.clone();
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
            set_day_times(&folder, day)?;
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
        if self.tmp.as_os_str().is_empty() {
            return;
        }
        if let Err(err) = std::fs::remove_file(&self.tmp) {
            tracing::error!(error = %err, "could not delete an abandoned temporary object");
        }
        for changed in [self.tmp.parent(), Some(self.folder.as_path())]
            .into_iter()
            .flatten()
        {
            if let Err(err) = set_day_times(changed, self.day) {
                tracing::error!(error = %err, "could not set the times of a report folder");
            }
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

/// Opens a file for reading without updating its access time (`O_NOATIME`, Linux): under
/// `relatime`, the first read after a write would otherwise record when it happened. The
/// flag is only allowed to the file's owner; anyone else reads it the ordinary way.
async fn open_quietly(path: &Path) -> std::io::Result<File> {
    #[cfg(target_os = "linux")]
    {
        let quiet = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOATIME)
            .open(path)
            .await;
        match quiet {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {}
            other => return other,
        }
    }
    File::open(path).await
}

/// Reads a whole file without updating its access time (see [`open_quietly`]).
async fn read_quietly(path: PathBuf) -> std::io::Result<Vec<u8>> {
    let mut file = open_quietly(&path).await?;
    let mut bytes = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut file, &mut bytes).await?;
    Ok(bytes)
}

/// Sets the times of a folder and of the files directly in it to midnight UTC of `day`
/// (blocking). A missing folder is left alone.
pub fn stamp_folder(dir: &Path, day: time::Date) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            set_day_times(&entry.path(), day)?;
        }
    }
    set_day_times(dir, day)
}

/// Sets the times of a folder and of everything under it to midnight UTC of `day`
/// (blocking): a restored data directory, whose files would otherwise show when it was
/// restored, or the backup format's fixed time.
pub fn stamp_tree(dir: &Path, day: time::Date) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            stamp_tree(&entry.path(), day)?;
        } else {
            set_day_times(&entry.path(), day)?;
        }
    }
    set_day_times(dir, day)
}

/// Gives a folder its modification time as access time, after listing it.
fn restore_access_time(path: &Path) -> std::io::Result<()> {
    let modified = filetime::FileTime::from_last_modification_time(&std::fs::metadata(path)?);
    filetime::set_symlink_file_times(path, modified, modified)
}

/// Sets a file's or folder's access and modification times to midnight UTC of `day`.
///
/// By path (`utimensat`; filetime's `set_symlink_file_times`, since its `set_file_times` opens
/// the file), never through an opened file: the database files are among those stamped, and
/// closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
/// included (another process, `quietline report ...`, then took the server for gone and
/// deleted the write-ahead log the server was writing to: seen in the CLI tests). A symbolic
/// link gets its own times, not its target's.
pub(crate) fn set_day_times(path: &Path, day: time::Date) -> std::io::Result<()> {
    let midnight =
        filetime::FileTime::from_unix_time(day.midnight().assume_utc().unix_timestamp(), 0);
    filetime::set_symlink_file_times(path, midnight, midnight)
}
