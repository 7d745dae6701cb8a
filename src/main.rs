//! The `demarche` binary: parse arguments, run a command or the reader, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use demarche::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match demarche::cli::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("demarche: error: {e:#}");
            ExitCode::from(1)
        }
    }
}
