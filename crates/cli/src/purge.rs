//! `quietline purge [--dry-run]`: the daily purge of reports past their retention day, run
//! now (docs/operators.md, "Retention"). Each purge is audited as `report_purged` by `cli`.

use quietline_service::{Actor, Clock as _, ServiceConfig, SystemClock};

use crate::args::PurgeArgs;
use crate::init::open;

pub async fn run(args: PurgeArgs) -> anyhow::Result<()> {
    let config = ServiceConfig {
        retention_months: args.retention_months,
        ..ServiceConfig::default()
    };
    let instance = open(&args.data, config).await?;
    let outcome = instance
        .purge_due(Actor::Cli, args.dry_run, SystemClock.now())
        .await;
    instance.close().await;
    let outcome = outcome?;
    let verb = if args.dry_run {
        "Would purge"
    } else {
        "Purged"
    };
    println!("{verb} {} report(s).", outcome.purged.len());
    for id in &outcome.purged {
        println!("  {id}");
    }
    if outcome.resumed > 0 {
        println!(
            "Finished {} purge(s) that had been interrupted.",
            outcome.resumed
        );
    }
    if !outcome.held.is_empty() {
        println!(
            "{} report(s) past their retention day are kept by a legal hold.",
            outcome.held.len()
        );
    }
    Ok(())
}
