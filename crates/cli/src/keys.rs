//! `quietline keys verify|vouch`: the public keys the database stores, and their tags.

use anyhow::{Context, bail};
use quietline_service::{Actor, ServiceConfig};

use crate::args::{KeysAction, KeysArgs};
use crate::init::open;

pub async fn run(args: KeysArgs) -> anyhow::Result<()> {
    match args.action {
        KeysAction::Verify { data, identity } => {
            let recovery = identity
                .as_deref()
                .map(crate::report::read_identity)
                .transpose()?;
            let instance = open(&data, ServiceConfig::default()).await?;
            let problems = instance
                .check_stored_keys(recovery.as_ref())
                .await
                .context("checking the stored keys")?;
            instance.close().await;
            for p in &problems {
                let subject = if p.subject.is_empty() {
                    String::new()
                } else {
                    format!(" {}", p.subject)
                };
                println!("{}{subject}: {}", p.kind, p.problem);
            }
            if !problems.is_empty() {
                bail!(
                    "{} stored key(s) failed: they are refused, and never encrypted to (docs/threat-model.md)",
                    problems.len()
                );
            }
            println!(
                "Every stored public key is authenticated{}.",
                if recovery.is_some() {
                    ", and what the recovery key opens matches"
                } else {
                    ""
                }
            );
        }
        KeysAction::Vouch { data } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            let summary = instance
                .vouch_for_unauthenticated(Actor::Cli, "operator")
                .await
                .context("vouching for untagged rows")?;
            instance.close().await;
            println!(
                "Vouched for {} investigator key(s), {} report(s), {} message(s), {} audit entries, {} instance key(s).",
                summary.investigators,
                summary.reports,
                summary.messages,
                summary.audit_entries,
                summary.instance_keys
            );
        }
    }
    Ok(())
}
