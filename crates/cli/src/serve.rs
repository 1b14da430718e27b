//! `quietline serve`: opens the instance, says what is missing, serves until interrupted.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use quietline_core::Limits;
use quietline_crypto::KdfParams;
use quietline_service::{ServiceConfig, SystemClock};
use quietline_web::{AppState, Application, Lang, Review, WebConfig};

use crate::args::{LogFormat, ServeArgs};
use crate::init::open;

const MIB: u64 = 1024 * 1024;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    init_logging(args.log_format);
    // Set in main before anything else: said here so that operators (and the tests) see it.
    #[cfg(target_os = "linux")]
    tracing::info!(
        dumpable = !matches!(
            rustix::process::dumpable_behavior(),
            Ok(rustix::process::DumpableBehavior::NotDumpable)
        ),
        core_dumps = false,
        "process hardened: no core dumps, no tracing by other processes"
    );
    let kdf = KdfParams {
        memory_kib: args.kdf_memory_mib.saturating_mul(1024),
        iterations: args.kdf_iterations,
        parallelism: 1,
    };
    kdf.validate()
        .context("--kdf-memory-mib and --kdf-iterations")?;
    let config = ServiceConfig {
        limits: Limits {
            max_file_bytes: args.max_file_mib.saturating_mul(MIB),
            max_report_bytes: args.max_report_mib.saturating_mul(MIB),
            max_files: args.max_files,
            max_import_bytes: args.max_import_mib.saturating_mul(MIB),
            ..Limits::default()
        },
        receipt_kdf: kdf,
        password_kdf: kdf,
        receipt_checks_per_minute: args.receipt_checks_per_minute,
        receipt_check_burst: args.receipt_check_burst,
        sign_ins_per_minute: args.sign_ins_per_minute,
        sign_in_burst: args.sign_in_burst,
        kdf_queue: args.kdf_queue,
        retention_months: args.retention_months,
        ..ServiceConfig::default()
    };
    let hidden = hidden_languages(&args.hide_languages)?;
    let instance = open(&args.data, config).await?;
    let readiness = instance.readiness().await?;
    let web = WebConfig {
        listen: args.listen,
        cookie_secure: args.cookie_secure,
        quick_exit_url: args.quick_exit_url,
        hidden_languages: hidden.clone(),
        session_idle: Duration::from_secs(args.session_idle_minutes.saturating_mul(60)),
        header_timeout: Duration::from_secs(args.header_timeout_seconds.max(1)),
        max_connections: args.max_connections,
        max_uploads: args.max_uploads,
        min_upload_bytes_per_second: args.min_upload_bytes_per_second,
        upload_rate_window: Duration::from_secs(args.upload_rate_window_seconds.max(1)),
        max_form_parts: args.max_form_parts,
        ..WebConfig::default()
    };
    let state = AppState::new(instance.clone(), Arc::new(SystemClock), web);
    let app = Application::build(state.clone())
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = app.local_addr()?;
    let data = args.data.dir.display();
    // Listen for SIGINT and SIGTERM before saying that we serve: a signal sent as soon as the
    // banner is read must stop the server cleanly, not kill it.
    let shutdown = shutdown_signal()?;

    println!("Quietline is listening on http://{address}/ (data in {data})");
    print_languages(&hidden);
    if !readiness.accepts_reports() {
        println!();
        println!(
            "Reports are NOT accepted yet: no recovery recipient is recorded. To open the reporting line:"
        );
        println!(
            "  1. On an offline machine, make the organisation's recovery key and keep it there:"
        );
        println!("       age-keygen -o recovery.txt        (it prints the public key, age1...)");
        println!("  2. Record its public key here:");
        println!("       quietline init --data {data} --recovery-recipient age1...");
        println!(
            "  3. Add the first investigator (an admin; the password is asked for, never an argument):"
        );
        println!("       quietline investigator add --data {data} --username NAME");
    } else if readiness.active_investigators == 0 {
        println!();
        println!(
            "No investigator yet: reports are accepted, and readable only with the recovery key."
        );
        println!(
            "Add the first investigator (an admin; the password is asked for, never an argument):"
        );
        println!("  quietline investigator add --data {data} --username NAME");
    }
    // The banner's last line: whoever reads the banner (a script, the tests) knows it is whole.
    println!("Serving until interrupted (Ctrl-C or SIGTERM).");

    // Sign the audit trail's head every hour (and at shutdown), so that at most an hour of
    // entries can be cut from its end unnoticed (docs/audit.md).
    let signer = instance.clone();
    let hourly = tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
        every_hour.tick().await;
        loop {
            every_hour.tick().await;
            if let Err(err) = signer
                .sign_audit_head(quietline_service::Clock::now(&SystemClock))
                .await
            {
                tracing::error!(error = %err, "signing the audit head failed");
            }
        }
    });
    let heartbeat = tokio::spawn(heartbeats(
        instance.clone(),
        state.clone(),
        Duration::from_secs(args.heartbeat_seconds.max(1)),
    ));
    app.run_until(shutdown).await.context("serving")?;
    hourly.abort();
    heartbeat.abort();
    log_request_counts(&state);
    instance
        .sign_audit_head(quietline_service::Clock::now(&SystemClock))
        .await
        .context("signing the audit head")?;
    instance.close().await;
    // Closing the database wrote it (a checkpoint): its files keep the day only.
    instance
        .stamp_data_dir(quietline_service::Clock::today(&SystemClock))
        .await
        .context("setting the data directory's times")?;
    Ok(())
}

/// The log filter when `QUIETLINE_LOG` is not set. sqlx only from errors up: its warnings
/// (slow statements) would be one line per write, a report's included.
pub const DEFAULT_LOG_FILTER: &str = "info,sqlx=error";

/// The heartbeat (`Instance::heartbeat`), and once a day, the count of requests to the
/// reporting line: the log says how many, never when.
async fn heartbeats(instance: quietline_service::Instance, state: AppState, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    let mut counted_day = quietline_service::Clock::today(&SystemClock);
    loop {
        ticks.tick().await;
        let today = quietline_service::Clock::today(&SystemClock);
        if let Err(err) = instance.heartbeat(today).await {
            tracing::error!(error = %err, "the heartbeat failed");
        }
        if today != counted_day {
            counted_day = today;
            log_request_counts(&state);
        }
    }
}

/// One line with the requests to reporter pages since the last such line.
fn log_request_counts(state: &AppState) {
    let counts = state.take_request_counts();
    tracing::info!(
        ok = counts.ok,
        redirected = counts.redirected,
        refused = counts.refused,
        failed = counts.failed,
        "requests to the reporting line since the last count"
    );
}

/// The languages `--hide-languages` names, each checked: a tag that is not a language of the
/// reporter pages (or English, the fallback) stops the start, rather than being ignored.
fn hidden_languages(tags: &[String]) -> anyhow::Result<Vec<Lang>> {
    let known = || {
        Lang::all()
            .into_iter()
            .map(Lang::tag)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut hidden = tags
        .iter()
        .map(|tag| tag.trim())
        .filter(|tag| !tag.is_empty())
        .map(|tag| match Lang::from_tag(tag) {
            Some(lang) if lang == Lang::english() => {
                anyhow::bail!("--hide-languages: English is the fallback and cannot be hidden")
            }
            Some(lang) => Ok(lang),
            None => anyhow::bail!(
                "--hide-languages: no language {tag:?} (the languages are {})",
                known()
            ),
        })
        .collect::<anyhow::Result<Vec<Lang>>>()?;
    hidden.sort_by_key(|lang| lang.tag());
    hidden.dedup();
    Ok(hidden)
}

/// Which languages reporters are offered, and which of them no native speaker has reviewed.
fn print_languages(hidden: &[Lang]) {
    let offered: Vec<Lang> = Lang::all()
        .into_iter()
        .filter(|lang| !hidden.contains(lang))
        .collect();
    let tags = |langs: &[Lang]| langs.iter().map(|l| l.tag()).collect::<Vec<_>>().join(", ");
    println!("Languages offered to reporters: {}", tags(&offered));
    let unreviewed: Vec<Lang> = offered
        .iter()
        .copied()
        .filter(|lang| lang.review() == Review::Unreviewed)
        .collect();
    if !unreviewed.is_empty() {
        println!(
            "  not yet reviewed by a native speaker: {} (hide any with --hide-languages; docs/operators.md)",
            tags(&unreviewed)
        );
    }
    if !hidden.is_empty() {
        println!("  hidden (--hide-languages): {}", tags(hidden));
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("QUIETLINE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_LOG_FILTER));
    // Colour codes only for a person at a terminal, never into a file.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_timer(UtcDay)
        .with_ansi(ansi)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Log lines carry the UTC day, never a time of day: a seized log must not say when in the
/// day anything happened (docs/threat-model.md, "Attacks tried and what stops them").
struct UtcDay;

impl tracing_subscriber::fmt::time::FormatTime for UtcDay {
    fn format_time(&self, w: &mut tracing_subscriber::fmt::format::Writer<'_>) -> std::fmt::Result {
        write!(w, "{}", quietline_service::Clock::today(&SystemClock))
    }
}

/// A future that completes at the first SIGINT or SIGTERM; the handlers are in place as soon
/// as this returns.
#[cfg(unix)]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).context("listening for SIGINT")?;
    let mut terminate = signal(SignalKind::terminate()).context("listening for SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutting down");
    })
}

/// A future that completes at the first Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    })
}
