//! The `quietline` binary: parses arguments, sets up logging, runs one command, maps errors
//! to exit codes. Everything else lives in the library crates.

mod args;
mod audit;
mod init;
mod investigator;
mod password;
mod report;
mod serve;
mod xref;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// With `--features mimalloc`, mimalloc instead of glibc's allocator: the cross-referencing
/// engine spends about a fifth of its CPU in glibc malloc/free (docs/benchmarks.md). Off by
/// default because the idle server is larger with it.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
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
            Command::Xref(_) => unreachable!("handled synchronously"),
        }
    })
}
