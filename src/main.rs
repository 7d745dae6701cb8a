//! The `demarche` binary: parse arguments, run a command or the reader, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use demarche::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match demarche::cli::commands::run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => {
            // `demarche show x | head`: the reader left; that is not an error.
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("demarche: error: {}", error_chain(&e));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes, skipping a cause that the message above it already quotes
/// (our errors embed their source as "path: cause").
fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let msg = cause.to_string();
        if out.contains(&msg) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&msg);
    }
    out
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
