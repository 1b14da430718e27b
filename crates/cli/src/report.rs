//! `quietline report list|decrypt|message`.

use std::io::Read;

use anyhow::{Context, bail};
use quietline_core::ReportId;
use quietline_crypto::Identity;
use quietline_service::{AuditAction, Clock, ServiceConfig, ServiceError, SystemClock};

use crate::args::{ReportAction, ReportArgs};
use crate::audit::record;
use crate::init::open;

pub async fn run(args: ReportArgs) -> anyhow::Result<()> {
    match args.action {
        ReportAction::List { data } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            for report in instance.report_summaries().await? {
                println!(
                    "{}\t{}\t{}",
                    report.id,
                    report.status.code(),
                    report.received_day
                );
            }
            instance.close().await;
        }
        ReportAction::Decrypt {
            data,
            identity,
            output,
            id,
        } => {
            let report: ReportId = id
                .parse()
                .context("the report id is 32 hexadecimal digits")?;
            let contents = quietline_crypto::keyfile::read(&identity)
                .with_context(|| format!("reading the identity file {}", identity.display()))?;
            let identity = std::str::from_utf8(&contents)
                .map_err(anyhow::Error::from)
                .and_then(|text| Identity::from_identity_file(text).map_err(anyhow::Error::from))
                .context(
                    "the identity file must hold one age X25519 identity (AGE-SECRET-KEY-1...)",
                )?;
            let output = output.unwrap_or_else(|| format!("report-{report}").into());
            if output.exists() {
                bail!(
                    "{} already exists: choose another --output",
                    output.display()
                );
            }
            let instance = open(&data, ServiceConfig::default()).await?;
            // Written into a hidden folder beside OUTPUT; renamed into place only once
            // complete and recorded: a failure leaves nothing behind.
            let pending = match instance.decrypt_report(report, &identity, &output).await {
                Ok(pending) => pending,
                Err(ServiceError::NotFound) => bail!("there is no report {report}"),
                Err(ServiceError::Crypto(_) | ServiceError::NoAccess) => {
                    bail!(
                        "this identity cannot decrypt report {report}, or one of its files is damaged; nothing was written"
                    )
                }
                Err(err) => {
                    return Err(err).context("decrypting the report (nothing was written)");
                }
            };
            let recorded = record(
                &instance,
                AuditAction::ReportDecryptedOffline,
                report,
                &[("key", identity.recipient().to_string().into())],
            )
            .await;
            instance.close().await;
            if let Err(err) = recorded {
                // No trace, no plaintext: the hidden folder is deleted with `pending`.
                drop(pending);
                return Err(
                    err.context("the decryption could not be recorded, so nothing was written")
                );
            }
            let decrypted = pending
                .publish()
                .context("moving the decrypted report into place")?;
            println!(
                "Decrypted into {} (readable by you only):",
                output.display()
            );
            println!("  {}", decrypted.answers.display());
            for (meta, path) in &decrypted.attachments {
                println!(
                    "  {}  ({} bytes, claimed type {})",
                    path.display(),
                    meta.size,
                    meta.content_type
                );
            }
            if let Some(messages) = &decrypted.messages {
                println!("  {}", messages.display());
            }
        }
        ReportAction::Message { data, identity, id } => {
            let report: ReportId = id
                .parse()
                .context("the report id is 32 hexadecimal digits")?;
            let identity = read_identity(&identity)?;
            let mut text = zeroize::Zeroizing::new(String::new());
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading the message from standard input")?;
            let instance = open(&data, ServiceConfig::default()).await?;
            match instance
                .send_to_reporter(&identity, report, &text, SystemClock.today())
                .await
            {
                Ok(()) => {
                    record(&instance, AuditAction::MessageSent, report, &[]).await?;
                    println!("Message stored, encrypted; the reporter reads it with their receipt.")
                }
                Err(ServiceError::NotFound) => bail!("there is no report {report}"),
                Err(ServiceError::NoAccess) => bail!("this identity cannot open report {report}"),
                Err(ServiceError::Invalid(_)) => {
                    bail!("the message is empty or longer than the limit")
                }
                Err(err) => return Err(err.into()),
            }
            instance.close().await;
        }
    }
    Ok(())
}

/// Reads an age identity file (as `age-keygen` writes it).
pub fn read_identity(path: &std::path::Path) -> anyhow::Result<Identity> {
    let contents = quietline_crypto::keyfile::read(path)
        .with_context(|| format!("reading the identity file {}", path.display()))?;
    std::str::from_utf8(&contents)
        .map_err(anyhow::Error::from)
        .and_then(|text| Identity::from_identity_file(text).map_err(anyhow::Error::from))
        .context("the identity file must hold one age X25519 identity (AGE-SECRET-KEY-1...)")
}
