//! Backups and restores. A backup is one age file encrypted to the recovery recipient (the
//! authenticated one: a backup of a tampered database is not made to an intruder's key),
//! holding a tar archive:
//!
//! ```text
//! quietline-backup.json        format, database engine
//! database.sqlite              SQLite: a consistent copy (VACUUM INTO, one read transaction)
//! database.pgdump              PostgreSQL: `pg_dump --format=custom`, made by the caller
//! secrets/pepper, form.key, audit.key
//! reports/<id>/...             the report objects, as stored (ciphertext)
//! ```
//!
//! Consistent while the server runs: the database is copied first, in one transaction; the
//! objects after it. A report's folder is in place before its row is committed, and a
//! message's or note's object before its row, so every row in the copy finds its objects; an
//! object written after the copy is an orphan the restored instance removes at start. The
//! cache is not backed up (it is rebuilt).
//!
//! Restoring needs the recovery identity (to decrypt the backup) and an empty data directory.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use quietline_crypto::{Identity, open_reader, seal_writer};
use quietline_storage::Backend;
use serde::{Deserialize, Serialize};

use crate::audit::{Actor, AuditAction, AuditEvent};
use crate::{Instance, ServiceError};

const MANIFEST: &str = "quietline-backup.json";
const FORMAT: &str = "quietline-backup-v1";
const SQLITE_COPY: &str = "database.sqlite";
const POSTGRES_DUMP: &str = "database.pgdump";

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    database: String,
}

/// What a backup holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupSummary {
    /// Report folders copied.
    pub reports: usize,
}

/// A restored data directory's database, as found in the backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoredDatabase {
    /// The SQLite database, now `DIR/quietline.db`.
    Sqlite,
    /// A `pg_dump` file the caller restores with `pg_restore`, then deletes.
    PostgresDump(PathBuf),
}

fn invalid(what: &str) -> ServiceError {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned()).into()
}

impl Instance {
    /// Whether the database is PostgreSQL (its backup is made with `pg_dump`).
    pub fn uses_postgres(&self) -> bool {
        self.inner.db.backend() == Backend::Postgres
    }

    /// Writes a backup to the new file `out` (owner-only). `postgres_dump` is the file
    /// `pg_dump --format=custom` wrote, for a PostgreSQL database; SQLite is copied here.
    /// `scratch` is an empty folder for the copy, on the same machine. Recorded in the audit
    /// trail (`backup_made`) first, so that the backup holds its own entry.
    pub async fn write_backup(
        &self,
        out: &Path,
        scratch: &Path,
        postgres_dump: Option<&Path>,
        now: time::OffsetDateTime,
    ) -> Result<BackupSummary, ServiceError> {
        let recipient = self.recovery_recipient().await?;
        let reports = self.inner.db.report_count().await?;
        self.audit(
            AuditEvent::new(Actor::Cli, AuditAction::BackupMade).fact("reports", reports),
            now,
        )
        .await?;
        let database = match (self.inner.db.backend(), postgres_dump) {
            (Backend::Sqlite, _) => {
                let copy = scratch.join(SQLITE_COPY);
                self.inner.db.snapshot_into(&copy).await?;
                (SQLITE_COPY, copy)
            }
            (Backend::Postgres, Some(dump)) => (POSTGRES_DUMP, dump.to_owned()),
            (Backend::Postgres, None) => {
                return Err(invalid("a PostgreSQL database is backed up with pg_dump"));
            }
        };
        let data = self.inner.data.clone();
        let reports_root = self.inner.objects.root().to_owned();
        let out = out.to_owned();
        tokio::task::spawn_blocking(move || -> Result<BackupSummary, ServiceError> {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let file = options.open(&out)?;
            let written = (|| -> Result<BackupSummary, ServiceError> {
                let sealed = seal_writer(&[recipient], std::io::BufWriter::new(file))?;
                let mut archive = tar::Builder::new(sealed);
                archive.mode(tar::HeaderMode::Deterministic);
                let manifest = serde_json::to_vec(&Manifest {
                    format: FORMAT.to_owned(),
                    database: database.0.to_owned(),
                })
                .map_err(|_| ServiceError::Corrupt("manifest"))?;
                append_bytes(&mut archive, MANIFEST, &manifest)?;
                archive.append_path_with_name(&database.1, database.0)?;
                for (name, path) in [
                    ("secrets/pepper", data.pepper()),
                    ("secrets/form.key", data.form_key()),
                    ("secrets/audit.key", data.audit_key()),
                ] {
                    archive.append_path_with_name(path, name)?;
                }
                let mut reports = 0;
                for entry in std::fs::read_dir(&reports_root)? {
                    let entry = entry?;
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.parse::<quietline_core::ReportId>().is_err()
                        || !entry.file_type()?.is_dir()
                    {
                        continue;
                    }
                    append_folder(&mut archive, &entry.path(), &format!("reports/{name}"))?;
                    reports += 1;
                }
                let sealed = archive.into_inner()?;
                let mut file = sealed.finish()?;
                file.flush()?;
                file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                Ok(BackupSummary { reports })
            })();
            if written.is_err() {
                let _ = std::fs::remove_file(&out);
            }
            written
        })
        .await
        .map_err(|_| ServiceError::Corrupt("backup task failed"))?
    }
}

fn append_bytes<W: Write>(
    archive: &mut tar::Builder<W>,
    name: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_cksum();
    archive.append_data(&mut header, name, bytes)
}

/// A report folder's files, without temporary files of writes under way.
fn append_folder<W: Write>(
    archive: &mut tar::Builder<W>,
    folder: &Path,
    name: &str,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let inner = format!("{name}/{file_name}");
        if entry.file_type()?.is_dir() {
            append_folder(archive, &path, &inner)?;
        } else if !file_name.ends_with(".tmp") {
            match archive.append_path_with_name(&path, &inner) {
                // Replaced (a re-wrapped key) or removed while read: the next one is taken.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                other => other?,
            }
        }
    }
    Ok(())
}

/// Restores the backup `backup` into the data directory `into` (which must be empty or
/// missing), decrypting it with `identity` (the recovery identity). The secrets go where a
/// default data directory keeps them (`secrets/`). Every restored file and folder gets
/// midnight UTC of `today` as its times, like a running server's (docs/threat-model.md,
/// "Times and order on disk").
pub async fn restore_backup(
    backup: &Path,
    identity: &Identity,
    into: &Path,
    today: time::Date,
) -> Result<RestoredDatabase, ServiceError> {
    if std::fs::read_dir(into).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty: restore into a new data directory",
                into.display()
            ),
        )
        .into());
    }
    let backup = backup.to_owned();
    let identity = identity.clone();
    let into = into.to_owned();
    tokio::task::spawn_blocking(move || -> Result<RestoredDatabase, ServiceError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&into)?;
        let file = std::fs::File::open(&backup)?;
        let reader = open_reader(&identity, BufReader::new(file))?;
        let mut archive = tar::Archive::new(reader);
        // `unpack` refuses entries that would land outside `into`.
        archive.unpack(&into).map_err(|e| {
            ServiceError::Io(std::io::Error::new(
                e.kind(),
                format!("the backup does not decrypt or is damaged: {e}"),
            ))
        })?;
        let manifest: Manifest = serde_json::from_slice(&std::fs::read(into.join(MANIFEST))?)
            .map_err(|_| invalid("the backup has no valid manifest"))?;
        if manifest.format != FORMAT {
            return Err(invalid("not a Quietline backup of a known format"));
        }
        std::fs::remove_file(into.join(MANIFEST))?;
        let restored = match manifest.database.as_str() {
            SQLITE_COPY => {
                std::fs::rename(into.join(SQLITE_COPY), into.join("quietline.db"))?;
                RestoredDatabase::Sqlite
            }
            POSTGRES_DUMP => RestoredDatabase::PostgresDump(into.join(POSTGRES_DUMP)),
            _ => return Err(invalid("the backup's database is of an unknown kind")),
        };
        // The archive's entries carry a fixed time and the folders unpacking made carry the
        // time of the restore: both become the day.
        quietline_storage::stamp_tree(&into, today)?;
        Ok(restored)
    })
    .await
    .map_err(|_| ServiceError::Corrupt("restore task failed"))?
}
