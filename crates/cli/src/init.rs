//! `quietline init`.

use anyhow::Context;
use quietline_crypto::Recipient;
use quietline_service::{DataDir, Instance, ServiceConfig};

use crate::args::{DataArgs, InitArgs};
use crate::audit::record;

/// Opens the instance of `data` with `config`.
pub async fn open(data: &DataArgs, config: ServiceConfig) -> anyhow::Result<Instance> {
    let dir = DataDir::new(&data.dir).with_pepper_file(data.pepper_file.clone());
    Instance::open(dir, data.database_url.as_deref(), config)
        .await
        .with_context(|| format!("opening the data directory {}", data.dir.display()))
}

pub async fn run(args: InitArgs) -> anyhow::Result<()> {
    let recipient: Recipient = args.recovery_recipient.parse().context(
        "--recovery-recipient must be an age public key (age1...), as printed by age-keygen",
    )?;
    let instance = open(&args.data, ServiceConfig::default()).await?;
    let first_time = instance.readiness().await?.recovery_recipient.is_none();
    instance
        .initialise(&recipient)
        .await
        .context("recording the recovery recipient")?;
    if first_time {
        record(
            &instance,
            quietline_service::AuditAction::RecoveryRecipientSet,
            "",
            &[("recipient", recipient.to_string().into())],
        )
        .await?;
    }
    let readiness = instance.readiness().await?;
    instance.close().await;
    println!("Initialised {}.", args.data.dir.display());
    println!("Recovery recipient: {recipient}");
    println!(
        "Every report will be decryptable with its secret key: keep that key offline, in two safe places."
    );
    if readiness.active_investigators == 0 {
        println!();
        println!("Next: add the first investigator (an admin):");
        println!(
            "  quietline investigator add --data {} --username NAME",
            args.data.dir.display()
        );
    }
    Ok(())
}
