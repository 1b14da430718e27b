//! `quietline backup` and `quietline restore`.

use anyhow::{Context, bail};
use quietline_service::{Clock, RestoredDatabase, ServiceConfig, SystemClock, restore_backup};

use crate::args::{BackupArgs, RestoreArgs};
use crate::init::open;

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    if args.out.exists() {
        bail!(
            "{} already exists: choose another --out",
            args.out.display()
        );
    }
    let instance = open(&args.data, ServiceConfig::default()).await?;
    // A scratch folder inside the data directory: owner-only, same disk, deleted after.
    let scratch = tempfile::Builder::new()
        .prefix(".backup-")
        .tempdir_in(&args.data.dir)
        .context("making a scratch folder in the data directory")?;
    let dump = if instance.uses_postgres() {
        let url = args
            .data
            .database_url
            .as_deref()
            .context("a PostgreSQL database needs --database-url")?;
        let dump = scratch.path().join("database.pgdump");
        let status = tokio::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--file")
            .arg(&dump)
            .arg("--dbname")
            .arg(url)
            .status()
            .await
            .context("running pg_dump (install the PostgreSQL client tools)")?;
        if !status.success() {
            bail!("pg_dump failed ({status})");
        }
        Some(dump)
    } else {
        None
    };
    let summary = instance
        .write_backup(
            &args.out,
            scratch.path(),
            dump.as_deref(),
            SystemClock.now(),
        )
        .await
        .context("writing the backup")?;
    instance.close().await;
    println!(
        "Backed up {} report(s) into {}, encrypted to the recovery recipient.",
        summary.reports,
        args.out.display()
    );
    println!(
        "It holds the secrets (pepper included): keep it apart, like the recovery key. Restore with `quietline restore --from FILE --identity recovery.txt --data NEWDIR`."
    );
    Ok(())
}

pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    let identity = crate::report::read_identity(&args.identity)?;
    let restored = restore_backup(&args.from, &identity, &args.dir, SystemClock.today())
        .await
        .context("restoring the backup")?;
    if let RestoredDatabase::PostgresDump(dump) = &restored {
        let url = args
            .database_url
            .as_deref()
            .context("this is a PostgreSQL backup: give an empty database with --database-url")?;
        let status = tokio::process::Command::new("pg_restore")
            .arg("--no-owner")
            .arg("--exit-on-error")
            .arg("--dbname")
            .arg(url)
            .arg(dump)
            .status()
            .await
            .context("running pg_restore (install the PostgreSQL client tools)")?;
        std::fs::remove_file(dump)?;
        if !status.success() {
            bail!("pg_restore failed ({status})");
        }
    }
    let data = crate::args::DataArgs {
        dir: args.dir.clone(),
        database_url: args.database_url.clone(),
        pepper_file: None,
    };
    let instance = open(&data, ServiceConfig::default()).await?;
    let reports = instance.report_summaries().await?.len();
    instance.close().await;
    // Opening it wrote the database (and maybe the audit trail): the day only, again.
    instance.stamp_data_dir(SystemClock.today()).await?;
    println!(
        "Restored {reports} report(s) into {}. Check it with `quietline audit verify --data {} --exported-heads HEADS`.",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}
