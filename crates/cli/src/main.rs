//! The `quietline` binary: parses arguments, sets up logging, runs one command, maps errors
//! to exit codes. Everything else lives in the library crates.

mod args;
mod audit;
mod backup;
mod evidence;
mod init;
mod investigator;
mod keys;
mod password;
mod purge;
mod report;
mod serve;
mod xref;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Every freed heap block is zeroed first (`zeroizing-alloc`): when the workspace locks, the
/// decrypted inbox, registry and cross-reference index, identities and keys leave memory, as
/// do the copies a growing vector leaves behind (docs/threat-model.md, "What a seized disk
/// shows"). With `--features mimalloc`, over mimalloc instead of glibc's allocator: the
/// cross-referencing engine spends about a fifth of its CPU in malloc/free
/// (docs/benchmarks.md); off by default because the idle server is larger with it.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<mimalloc::MiMalloc> =
    zeroizing_alloc::ZeroAlloc(mimalloc::MiMalloc);
#[cfg(not(feature = "mimalloc"))]
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

/// What the process does before anything else: files it creates are owner-only (umask 077:
/// the database's WAL, decrypted reports, backups), it cannot be dumped or traced by other
/// processes of the same user (`PR_SET_DUMPABLE` 0, which also turns off core dumps), and
/// core dumps are off in any case (`RLIMIT_CORE` 0): a crash never writes keys to disk.
fn harden_process() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    #[cfg(target_os = "linux")]
    if let Err(err) =
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
    {
        eprintln!("quietline: warning: could not make the process non-dumpable: {err}");
    }
    let none = rustix::process::Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    if let Err(err) = rustix::process::setrlimit(rustix::process::Resource::Core, none) {
        eprintln!("quietline: warning: could not turn core dumps off: {err}");
    }
}

fn main() -> ExitCode {
    harden_process();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Xref(args) => xref::run(args),
        command => run_async(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`quietline report list | head`) is not an error worth a message.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("quietline: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_async(command: Command) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match command {
            Command::Init(args) => init::run(args).await,
            Command::Serve(args) => serve::run(args).await,
            Command::Investigator(args) => investigator::run(args).await,
            Command::Report(args) => report::run(args).await,
            Command::Audit(args) => audit::run(args).await,
            Command::Keys(args) => keys::run(args).await,
            Command::Evidence(args) => evidence::run(args).await,
            Command::Backup(args) => backup::backup(args).await,
            Command::Restore(args) => backup::restore(args).await,
            Command::Purge(args) => purge::run(args).await,
            Command::Xref(_) => unreachable!("handled synchronously"),
        }
    })
}
