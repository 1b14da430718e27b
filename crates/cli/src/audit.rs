//! `quietline audit verify|sign|public-key|show`, and [`record`], with which the other
//! commands leave their trace in the audit trail (as the actor `cli`).

use std::collections::HashMap;

use anyhow::{Context, bail};
use quietline_service::{
    Actor, AuditAction, AuditEvent, Clock, DataDir, Instance, ServiceConfig, SystemClock,
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
        AuditCommand::Verify { data, public_key } => {
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
            let instance = open(&data, ServiceConfig::default()).await?;
            let verified = match &public_key {
                Some(key) => instance.verify_audit_with_key(key.trim()).await,
                None => instance.verify_audit().await,
            }
            .context("reading the audit trail")?;
            instance.close().await;
            if let Some(problem) = verified.problem {
                bail!(
                    "the audit trail is broken: {problem} ({} before it verified)",
                    count(verified.entries_checked, "entry", "entries")
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
