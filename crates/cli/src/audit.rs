//! `quietline audit verify|sign|public-key|show`, and [`record`], with which the other
//! commands leave their trace in the audit trail (as the actor `cli`).

use std::collections::HashMap;

use anyhow::{Context, bail};
use quietline_crypto::timestamp::{Timestamp, TimestampRequest};
use quietline_service::{
    Actor, AuditAction, AuditEvent, Clock, DataDir, EXPORTED_HEAD_FORMAT, ExportedHead, Instance,
    ServiceConfig, SystemClock,
};

use crate::args::{AuditArgs, AuditCommand};
use crate::init::open;

/// Records `action` by the command line on `subject` with `facts`, now.
pub async fn record(
    instance: &Instance,
    action: AuditAction,
    subject: impl std::fmt::Display,
    facts: &[(&str, serde_json::Value)],
) -> anyhow::Result<()> {
    let mut event = AuditEvent::new(Actor::Cli, action).subject(subject);
    for (key, value) in facts {
        event = event.fact(key, value.clone());
    }
    instance
        .audit(event, SystemClock.now())
        .await
        .with_context(|| format!("recording {action} in the audit trail"))?;
    Ok(())
}

/// "1 entry", "2 entries".
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub async fn run(args: AuditArgs) -> anyhow::Result<()> {
    match args.action {
        AuditCommand::Verify {
            data,
            public_key,
            exported_heads,
        } => {
            let exported = match &exported_heads {
                Some(path) => read_exported_heads(path)?,
                None => Vec::new(),
            };
            if public_key.is_none() {
                let key = DataDir::new(&data.dir).audit_key();
                if !key.exists() {
                    bail!(
                        "{} does not exist: give the public key to verify against with --public-key HEX \
                         (`quietline audit public-key` on the server prints it)",
                        key.display()
                    );
                }
            }
            let instance = open(
                &data,
                ServiceConfig {
                    verify_only: true,
                    ..ServiceConfig::default()
                },
            )
            .await?;
            let key = match &public_key {
                Some(key) => key.trim().to_owned(),
                None => instance.audit_public_key(),
            };
            let verified = instance
                .verify_audit_against(&key, &exported)
                .await
                .context("reading the audit trail")?;
            instance.close().await;
            if let Some(missing) = &verified.missing_reports {
                let newest = match missing.newest.as_slice() {
                    [] => String::new(),
                    [id] => format!(" Report {id}, of the newest day the export knew, is missing."),
                    ids => format!(
                        " Reports {}, of the newest day the export knew, are missing.",
                        ids.join(", ")
                    ),
                };
                println!(
                    "This copy lacks {} that the exported head counted: received after this copy was made, or deleted.{newest}",
                    count(missing.count, "report", "reports")
                );
            }
            if let Some(problem) = verified.problem {
                bail!(
                    "the audit trail is broken: {problem} ({} before it verified)",
                    count(verified.entries_checked, "entry", "entries")
                );
            }
            if let Some(missing) = &verified.missing_reports {
                bail!(
                    "{} missing from this copy (see above)",
                    count(missing.count.max(1), "report is", "reports are")
                );
            }
            println!(
                "The audit trail is intact: {}, {} verified with key {}.",
                count(verified.entries_checked, "entry", "entries"),
                count(verified.heads_checked, "signed head", "signed heads"),
                verified.public_key
            );
            match (verified.last_signed_seq, verified.unsigned_tail()) {
                (_, 0) => {}
                (Some(signed), tail) => println!(
                    "The last {tail} entries (after entry {signed}) are not signed yet: deleting them from the end could not be detected. `quietline audit sign` signs them."
                ),
                (None, _) => println!(
                    "No entry is signed yet: deleting entries from the end could not be detected. `quietline audit sign` signs them."
                ),
            }
        }
        AuditCommand::Sign { data } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            record(&instance, AuditAction::AuditHeadSigned, "", &[]).await?;
            let signed = instance
                .sign_audit_head(SystemClock.now())
                .await
                .context("signing the head")?;
            let public_key = instance.audit_public_key();
            match signed {
                Some(seq) => {
                    let head = instance.audit_page(Some(seq + 1), 1).await?;
                    let hash = head.first().map(|e| e.hash.as_str()).unwrap_or("?");
                    println!("Signed the head: entry {seq}, hash {hash}, with key {public_key}.");
                }
                // Entries at multiples of 64 are signed as they are appended.
                None => println!("The head is already signed, with key {public_key}."),
            }
            instance.close().await;
        }
        AuditCommand::ExportHead { data, tsa_url } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            // Recorded first: the head signed and exported is this entry's.
            record(
                &instance,
                AuditAction::AuditHeadExported,
                "",
                &[("tsa", tsa_url.is_some().into())],
            )
            .await?;
            instance
                .sign_audit_head(SystemClock.now())
                .await
                .context("signing the head")?;
            let mut head = instance
                .export_audit_head()
                .await?
                .context("no head is signed yet")?;
            instance.close().await;
            if let Some(url) = &tsa_url {
                let timestamp = timestamp(url, head.signature.as_bytes()).await?;
                use base64::Engine;
                head.timestamp =
                    Some(base64::engine::general_purpose::STANDARD.encode(&timestamp.token));
                head.timestamp_time = time::OffsetDateTime::from_unix_timestamp(
                    i64::try_from(timestamp.unix_seconds).unwrap_or(i64::MAX),
                )
                .ok()
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                });
            }
            println!("{}", serde_json::to_string(&head)?);
        }
        AuditCommand::PublicKey { data } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            println!("{}", instance.audit_public_key());
            instance.close().await;
        }
        AuditCommand::Show {
            data,
            limit,
            before,
        } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            let names: HashMap<_, _> = instance
                .investigators()
                .await?
                .into_iter()
                .map(|i| (i.id, i.username))
                .collect();
            for entry in instance.audit_page(before, limit).await? {
                let actor = match entry.parsed_actor() {
                    Some(Actor::Investigator(id)) => match names.get(&id) {
                        Some(name) => format!("{} ({name})", entry.actor),
                        None => entry.actor.clone(),
                    },
                    _ => entry.actor.clone(),
                };
                println!(
                    "{}\t{}\t{actor}\t{}\t{}\t{}\t{}",
                    entry.seq,
                    entry.at,
                    entry.action,
                    if entry.subject.is_empty() {
                        "-"
                    } else {
                        &entry.subject
                    },
                    entry.detail,
                    if entry.request_id.is_empty() {
                        "-"
                    } else {
                        &entry.request_id
                    },
                );
            }
            instance.close().await;
        }
    }
    Ok(())
}

/// The heads in a file written by `audit export-head` (one JSON object a line).
fn read_exported_heads(path: &std::path::Path) -> anyhow::Result<Vec<ExportedHead>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the exported heads in {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            let head: ExportedHead = serde_json::from_str(line).with_context(|| {
                format!(
                    "line {} of {} is not an exported head",
                    n + 1,
                    path.display()
                )
            })?;
            if head.format != EXPORTED_HEAD_FORMAT {
                bail!(
                    "line {} of {} is not an exported head",
                    n + 1,
                    path.display()
                );
            }
            Ok(head)
        })
        .collect()
}

/// Asks the time-stamping authority at `url` for a token over `data` (RFC 3161 over HTTP:
/// `application/timestamp-query` in, `application/timestamp-reply` out).
pub(crate) async fn timestamp(url: &str, data: &[u8]) -> anyhow::Result<Timestamp> {
    if !url.starts_with("http://") {
        bail!(
            "--tsa-url must be an http:// URL (RFC 3161 tokens are signed by the authority, so time-stamping is served over plain HTTP)"
        );
    }
    let request = TimestampRequest::new(data)?;
    let response = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()?
        .post(url)
        .header("Content-Type", "application/timestamp-query")
        .body(request.der().to_vec())
        .send()
        .await
        .with_context(|| format!("asking {url} for a time-stamp"))?;
    if !response.status().is_success() {
        bail!("{url} answered {}", response.status());
    }
    let body = response.bytes().await?;
    request
        .accept(&body)
        .with_context(|| format!("the answer of {url}"))
}
