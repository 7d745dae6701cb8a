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
        Err(e) => match e.downcast::<clap::Error>() {
            // A usage error found after parsing: reported like clap's own, status 2.
            Ok(usage) => {
                let _ = usage.print();
                ExitCode::from(2)
            }
            Err(e) => {
                demarche::cli::safe_out::report("error", &error_chain(&e));
                ExitCode::from(1)
            }
        },
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

/// Whether the error is a write to a closed pipe. serde_json wraps the io::Error without
/// exposing it as a source (its `source()` skips it), so it is asked for the kind directly.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == broken
            || c.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}
