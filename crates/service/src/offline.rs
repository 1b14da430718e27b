//! Decrypting a whole report with an identity held offline: the recovery identity or an
//! investigator's. Used by `quietline report decrypt`; the same result can be had with the
//! `age` tool alone (docs/operators.md).
//!
//! All or nothing: everything is written into a hidden folder beside the destination, which
//! [`PendingDecryption::publish`] renames into place once the caller has recorded the
//! decryption in the audit trail. Dropped before that (an object that does not decrypt, an
//! audit trail that cannot be written), the folder and everything in it is deleted.

use std::io::Write;
use std::path::{Path, PathBuf};

use quietline_core::ReportId;
use quietline_crypto::{Identity, open, open_reader};
use quietline_storage::{Author, ObjectName};

use crate::{AttachmentMeta, Instance, ServiceError};

/// A decrypted report in its hidden folder, not yet in place.
#[derive(Debug)]
pub struct PendingDecryption {
    staging: PathBuf,
    out: PathBuf,
    report: DecryptedReport,
    published: bool,
}

impl PendingDecryption {
    /// Moves the folder into place: from here on, the plaintext is at the paths returned.
    pub fn publish(mut self) -> Result<DecryptedReport, ServiceError> {
        std::fs::rename(&self.staging, &self.out)?;
        self.published = true;
        Ok(std::mem::replace(
            &mut self.report,
            DecryptedReport {
                answers: PathBuf::new(),
                attachments: Vec::new(),
                messages: None,
            },
        ))
    }

    /// What will be where once published.
    pub fn report(&self) -> &DecryptedReport {
        &self.report
    }
}

impl Drop for PendingDecryption {
    fn drop(&mut self) {
        if !self.published
            && let Err(err) = std::fs::remove_dir_all(&self.staging)
        {
            tracing::error!(error = %err, "could not delete an unfinished decryption");
        }
    }
}

/// Deletes a partly written decryption folder unless disarmed.
struct Cleanup(Option<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// What was written where.
#[derive(Debug)]
pub struct DecryptedReport {
    /// `answers.json`.
    pub answers: PathBuf,
    /// Each attachment's metadata and where its content was written.
    pub attachments: Vec<(AttachmentMeta, PathBuf)>,
    /// `messages.txt`, if there are messages.
    pub messages: Option<PathBuf>,
}

impl Instance {
    /// Decrypts report `report` with `identity` for the new folder `out` (readable by its
    /// owner only; it must not exist, so nothing is overwritten). Everything is written into
    /// a hidden folder beside it first: see [`PendingDecryption`]. Messages whose proof of
    /// origin does not verify are marked so in `messages.txt`.
    pub async fn decrypt_report(
        &self,
        report: ReportId,
        identity: &Identity,
        out: &Path,
    ) -> Result<PendingDecryption, ServiceError> {
        let objects = &self.inner.objects;
        let row = self
            .inner
            .db
            .report(report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let report_key = self.report_key(identity, report).await?;
        let (report_recipient, mailbox_recipient) = self.report_recipients(&row).await?;
        let origin = quietline_crypto::OriginKey::between(
            &report_key,
            &mailbox_recipient,
            &report_recipient,
            &mailbox_recipient,
        )?;
        if out.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} already exists", out.display()),
            )
            .into());
        }
        let final_out = out.to_owned();
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        let staging = out.parent().unwrap_or_else(|| Path::new(".")).join(format!(
            ".{name}.partial-{}",
            quietline_crypto::random_hex::<8>()?
        ));
        let out = staging.as_path();
        create_private_dir(out)?;
        let mut cleanup = Cleanup(Some(staging.clone()));
        let answers = open(
            &report_key,
            &objects.read(report, ObjectName::Answers).await?,
        )?;
        let value: serde_json::Value =
            serde_json::from_slice(&answers).map_err(|_| ServiceError::Corrupt("answers"))?;
        let answers_path = out.join("answers.json");
        let pretty =
            serde_json::to_vec_pretty(&value).map_err(|_| ServiceError::Corrupt("answers"))?;
        write_private(&answers_path, &pretty)?;

        let mut attachments = Vec::new();
        let files_dir = out.join("files");
        let rows = self.inner.db.attachments(report).await?;
        if !rows.is_empty() {
            create_private_dir(&files_dir)?;
        }
        for (index, row) in rows.into_iter().enumerate() {
            let meta_bytes = open(
                &report_key,
                &objects
                    .read(report, ObjectName::AttachmentMeta(row.id))
                    .await?,
            )?;
            let meta: AttachmentMeta = serde_json::from_slice(&meta_bytes)
                .map_err(|_| ServiceError::Corrupt("attachment meta"))?;
            let path = files_dir.join(format!("{:02}-{}", index + 1, safe_file_name(&meta.name)));
            let source = objects.path(report, ObjectName::AttachmentContent(row.id));
            let key = report_key.clone();
            let target = path.clone();
            tokio::task::spawn_blocking(move || -> Result<(), ServiceError> {
                let mut reader =
                    open_reader(&key, std::io::BufReader::new(std::fs::File::open(source)?))?;
                let mut writer = create_private_file(&target)?;
                std::io::copy(&mut reader, &mut writer)
                    .map_err(|_| quietline_crypto::CryptoError::Decrypt(None))?;
                writer.sync_all()?;
                Ok(())
            })
            .await
            .map_err(|_| ServiceError::Corrupt("decryption task failed"))??;
            attachments.push((meta, path));
        }

        let messages = self.inner.db.messages(report).await?;
        let messages_path = if messages.is_empty() {
            None
        } else {
            let mut text = String::new();
            for message in messages {
                let sealed = objects
                    .read(report, ObjectName::Message(message.id))
                    .await?;
                let body = open(&report_key, &sealed)?;
                let author = match (
                    self.message_origin_ok(&origin, &message, &sealed),
                    message.author,
                ) {
                    (false, _) => {
                        "nobody known (could not be verified: not written by investigators or the reporter)"
                    }
                    (true, Author::Reporter) => "reporter",
                    (true, Author::Investigator) => "investigators",
                };
                text.push_str(&format!(
                    "--- #{} from {author}, {} ---\n",
                    message.seq, message.sent_day
                ));
                text.push_str(&String::from_utf8_lossy(&body));
                text.push_str("\n\n");
            }
            let path = out.join("messages.txt");
            write_private(&path, text.as_bytes())?;
            Some(path)
        };
        cleanup.0 = None;
        let moved = |path: PathBuf| match path.strip_prefix(&staging) {
            Ok(relative) => final_out.join(relative),
            Err(_) => path,
        };
        Ok(PendingDecryption {
            report: DecryptedReport {
                answers: moved(answers_path),
                attachments: attachments
                    .into_iter()
                    .map(|(meta, path)| (meta, moved(path)))
                    .collect(),
                messages: messages_path.map(moved),
            },
            staging,
            out: final_out,
            published: false,
        })
    }
}

/// A file name that stays inside its folder: no separators, no leading dots, no control
/// characters, at most 100 characters. Anything else becomes `_`.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '\0') {
                '_'
            } else {
                c
            }
        })
        .take(100)
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    if cleaned.is_empty() {
        "attachment".into()
    } else {
        cleaned.into()
    }
}

fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = create_private_file(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn file_names_cannot_escape_their_folder() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name(".bashrc"), "bashrc");
        assert_eq!(safe_file_name(""), "attachment");
        assert_eq!(safe_file_name("证据 照片.jpg"), "证据 照片.jpg");
        assert_eq!(safe_file_name("a\u{0}b\nc"), "a_b_c");
    }
}
