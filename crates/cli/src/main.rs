//! The `quietline` binary: parses arguments, sets up logging, runs one command, maps errors
//! to exit codes. Everything else lives in the library crates.

mod xref;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "quietline", version, about = "Secure reporting line and investigation workbench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Cross-reference records: which name the same person or site.
    Xref(xref::XrefArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Xref(args) => xref::run(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("quietline: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
