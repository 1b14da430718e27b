//! `quietline investigator add|list|disable|enable|export-identity`.

use anyhow::{Context, bail};
use quietline_service::{
    AuditAction, Clock, InvestigatorRole, InvestigatorStatus, ServiceConfig, ServiceError,
    SystemClock,
};
use secrecy::ExposeSecret;

use crate::args::{InvestigatorAction, InvestigatorArgs, Role};
use crate::audit::record;
use crate::init::open;
use crate::password;

pub async fn run(args: InvestigatorArgs) -> anyhow::Result<()> {
    match args.action {
        InvestigatorAction::Add {
            data,
            username,
            role,
        } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            quietline_service::validate_username(&username).map_err(anyhow::Error::msg)?;
            let password = password::read(&format!("Password for {username}: "), true)?;
            let role = role.map(|r| match r {
                Role::Admin => InvestigatorRole::Admin,
                Role::Investigator => InvestigatorRole::Investigator,
            });
            let added = match instance
                .add_investigator(&username, &password, role, SystemClock.today())
                .await
            {
                Ok(added) => added,
                Err(ServiceError::UsernameTaken) => {
                    bail!("there is already an investigator named {username}")
                }
                Err(err) => return Err(err).context("adding the investigator"),
            };
            record(
                &instance,
                AuditAction::InvestigatorAdded,
                added.id,
                &[("role", added.role.code().into())],
            )
            .await?;
            instance.close().await;
            println!(
                "Added {} ({}), public key {}.",
                added.username,
                added.role.code(),
                added.recipient
            );
            println!("New reports are encrypted to this investigator from now on.");
            println!(
                "Reports received before now are not readable by {username} until someone who can read them re-wraps their keys."
            );
        }
        InvestigatorAction::List { data, username } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            let all = instance.investigators().await?;
            let shown: Vec<_> = all
                .into_iter()
                .filter(|i| username.as_ref().is_none_or(|u| &i.username == u))
                .collect();
            if let (Some(name), true) = (&username, shown.is_empty()) {
                bail!("there is no investigator named {name}");
            }
            for i in shown {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    i.username,
                    i.role.code(),
                    i.status.code(),
                    i.created_day,
                    i.recipient
                );
            }
            instance.close().await;
        }
        InvestigatorAction::Disable {
            data,
            username,
            identity,
        } => {
            let recovery = identity
                .as_deref()
                .map(crate::report::read_identity)
                .transpose()?;
            let instance = open(&data, ServiceConfig::default()).await?;
            let rotated = match instance
                .disable_investigator_with_recovery(&username, recovery.as_ref())
                .await
            {
                Ok(rotated) => rotated,
                Err(ServiceError::NotFound) => bail!("there is no investigator named {username}"),
                Err(ServiceError::NoAccess) => {
                    bail!("this identity is not the recovery identity of this instance")
                }
                Err(err) => return Err(err.into()),
            };
            let id = investigator_id(&instance, &username).await?;
            record(&instance, AuditAction::InvestigatorDisabled, id, &[]).await?;
            if rotated {
                println!("Replacing the workspace key without {username} (re-sealing)...");
                instance.settle().await;
            }
            instance.close().await;
            println!("{username} is now disabled.");
            if !rotated {
                println!(
                    "The workspace key was not replaced: an admin signed in to the workbench replaces it when disabling there, or run this with --identity recovery.txt."
                );
            }
        }
        InvestigatorAction::Enable { data, username } => {
            set_status(&data, &username, InvestigatorStatus::Active).await?
        }
        InvestigatorAction::Grant {
            data,
            username,
            identity,
        } => {
            let recovery = crate::report::read_identity(&identity)?;
            let instance = open(&data, ServiceConfig::default()).await?;
            let now = quietline_service::Now {
                wall: SystemClock.now(),
                mono: SystemClock.instant(),
            };
            let granted = match instance
                .grant_access_with_recovery(&recovery, &username, now)
                .await
            {
                Ok(granted) => granted,
                Err(ServiceError::NotFound) => {
                    bail!("there is no active investigator named {username} (or no workspace yet)")
                }
                Err(ServiceError::NoAccess) => {
                    bail!("this identity is not the recovery identity of this instance")
                }
                Err(err) => return Err(err).context("granting access"),
            };
            instance.close().await;
            println!(
                "Granted to {username}: workspace key {}, {} report key(s) re-wrapped.",
                if granted.workspace {
                    "given"
                } else {
                    "already held"
                },
                granted.reports
            );
        }
        InvestigatorAction::ExportIdentity { data, username } => {
            let instance = open(&data, ServiceConfig::default()).await?;
            let password = password::read(&format!("Password for {username}: "), false)?;
            let identity = instance
                .unlock_investigator(&username, &password)
                .await
                .map_err(|_| anyhow::anyhow!("wrong username or password"))?;
            // Recorded before the key is shown: no trace, no key.
            let id = investigator_id(&instance, &username).await?;
            record(
                &instance,
                AuditAction::Export,
                id,
                &[("what", "investigator_identity".into())],
            )
            .await?;
            instance.close().await;
            eprintln!("This is a secret key: keep it on an encrypted, offline medium.");
            print!("{}", identity.to_identity_file().expose_secret());
        }
    }
    Ok(())
}

async fn set_status(
    data: &crate::args::DataArgs,
    username: &str,
    status: InvestigatorStatus,
) -> anyhow::Result<()> {
    let instance = open(data, ServiceConfig::default()).await?;
    match instance.set_investigator_status(username, status).await {
        Ok(()) => {}
        Err(ServiceError::NotFound) => bail!("there is no investigator named {username}"),
        Err(err) => return Err(err.into()),
    }
    let action = match status {
        InvestigatorStatus::Active => AuditAction::InvestigatorEnabled,
        InvestigatorStatus::Disabled => AuditAction::InvestigatorDisabled,
    };
    let id = investigator_id(&instance, username).await?;
    record(&instance, action, id, &[]).await?;
    println!("{username} is now {}.", status.code());
    instance.close().await;
    Ok(())
}

/// The id of the investigator named `username` (what audit entries name).
async fn investigator_id(
    instance: &quietline_service::Instance,
    username: &str,
) -> anyhow::Result<quietline_core::InvestigatorId> {
    instance
        .investigators()
        .await?
        .into_iter()
        .find(|i| i.username == username)
        .map(|i| i.id)
        .with_context(|| format!("there is no investigator named {username}"))
}
