//! Decrypting a whole report with an identity held offline: the recovery identity or an
//! investigator's. Used by `quietline report decrypt`; the same result can be had with the
//! `age` tool alone (docs/operators.md).

use std::io::Write;
use std::path::{Path, PathBuf};

use quietline_core::ReportId;
use quietline_crypto::{Identity, open, open_reader, unwrap_identity};
use quietline_storage::{Author, ObjectName};

use crate::{AttachmentMeta, Instance, ServiceError};

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
    /// Decrypts report `report` with `identity` into the new folder `out` (created
    /// readable by its owner only; it must not exist, so nothing is overwritten).
    pub async fn decrypt_report(
        &self,
        report: ReportId,
        identity: &Identity,
        out: &Path,
    ) -> Result<DecryptedReport, ServiceError> {
        let objects = &self.inner.objects;
        self.inner
            .db
            .report(report)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let report_key = unwrap_identity(&objects.read(report, ObjectName::Key).await?, identity)?;

        create_private_dir(out)?;
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
                let body = open(
                    &report_key,
                    &objects
                        .read(report, ObjectName::Message(message.id))
                        .await?,
                )?;
                let author = match message.author {
                    Author::Reporter => "reporter",
                    Author::Investigator => "investigators",
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
        Ok(DecryptedReport {
            answers: answers_path,
            attachments,
            messages: messages_path,
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
