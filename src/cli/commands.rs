//! Dispatch of the command line, and `show`, `actors` and `check`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::CommandFactory as _;

use crate::cli::args::{Cli, Command, OutputFormat};
use crate::cli::env::Env;
use crate::cli::{notes_cmd, render};
use crate::model::library::Library;

/// Runs the parsed command line.
pub fn run(mut cli: Cli) -> anyhow::Result<ExitCode> {
    // Mistakes in the arguments are reported before anything is loaded or written.
    prepare(&mut cli.command)?;
    let mut env = Env::load(cli.config.as_deref(), cli.data_dir.as_deref())?;
    let reader_paths = cli.reader_paths();
    match cli.command {
        None | Some(Command::Paths(_)) => {
            // The reader computes site chrome in its background indexer, so a large library
            // opens at once; only the file list is read here.
            let library = if !reader_paths.is_empty() {
                Library::from_paths(&reader_paths)?
            } else if !env.config.library.folders.is_empty() {
                Library::from_paths(&env.config.library.folders)?
            } else {
                Library::bundled()
            };
            env.ctx.sidecars = std::sync::Arc::clone(&library.sidecars);
            crate::tui::run(crate::tui::TuiOptions {
                library,
                ctx: env.ctx,
                config: env.config,
                data_dir: env.data_dir,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Show {
            path,
            format,
            width,
        }) => {
            let lib = env.library(std::slice::from_ref(&path))?;
            let source = lib
                .sources
                .first()
                .with_context(|| format!("{}: no statement file found", path.display()))?;
            let st = source.load(&env.ctx)?;
            let mut out = crate::cli::safe_out::stdout();
            match format {
                OutputFormat::Json => {
                    crate::cli::json::write_pretty(&mut out, &render::statement_json(&st))?;
                    writeln!(out)?;
                }
                OutputFormat::Text => {
                    let width = width.unwrap_or_else(render::terminal_width);
                    let color = crate::cli::color::stdout_color();
                    if color {
                        // Our own SGR colours must pass: every untrusted field is made safe
                        // where it is written (see `safe_out`).
                        let mut raw = std::io::stdout().lock();
                        render::write_statement_text(
                            &mut raw,
                            &st,
                            &env.ctx.gazetteer,
                            width,
                            true,
                        )?;
                        raw.flush()?;
                    } else {
                        render::write_statement_text(
                            &mut out,
                            &st,
                            &env.ctx.gazetteer,
                            width,
                            false,
                        )?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Actors { paths, format }) => {
            let lib = env.library(&paths)?;
            render::actors(&lib, &env.ctx, format)
        }
        Some(Command::Search {
            query,
            paths,
            format,
        }) => crate::cli::search_cmd::search(&mut env, &query, &paths, format),
        Some(Command::Check { paths, format }) => {
            let lib = env.library(&paths)?;
            if lib.is_empty() {
                anyhow::bail!(
                    "no statement files (.txt, .md, .html, .htm) found in {}",
                    paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let store = notes_cmd::open_store_if_any(&env);
            let warn = |st: &crate::model::statement::Statement| {
                store
                    .as_ref()
                    .and_then(|s| notes_cmd::identity_warning(s, st))
            };
            render::check(&lib, &env.ctx, format, &warn)
        }
        Some(Command::Annotate {
            path,
            paragraph,
            note,
        }) => notes_cmd::annotate(&mut env, &path, paragraph, &note),
        Some(Command::Notes { paths, format }) => notes_cmd::notes(&mut env, &paths, format),
        Some(Command::Export {
            paths,
            format,
            output,
            tag,
            actor,
            since,
        }) => notes_cmd::export(
            &mut env,
            &paths,
            notes_cmd::ExportArgs {
                format,
                output,
                tags: tag,
                actors: actor,
                since,
            },
        ),
        Some(Command::EditNote { id, note }) => notes_cmd::edit_note(&env, &id, &note),
        Some(Command::DeleteNote { id }) => notes_cmd::delete_note(&env, &id),
        Some(Command::Review {
            path,
            paragraph,
            clear,
        }) => notes_cmd::review(&mut env, &path, paragraph, clear),
        Some(Command::MoveNotes { from, to }) => notes_cmd::move_notes(&mut env, &from, &to),
        Some(Command::Correct {
            path,
            title,
            issuer,
            date,
            place,
            clear,
        }) => crate::cli::correct::correct(
            &mut env,
            &path,
            crate::cli::correct::Change {
                title,
                issuer,
                date,
                place,
                clear,
            },
        ),
    }
}

/// Checks what clap cannot and reads notes given as `-`: `show` on a folder is a usage
/// error; a note's text is read from standard input when asked, and refused when blank.
fn prepare(command: &mut Option<Command>) -> anyhow::Result<()> {
    match command {
        Some(Command::Show { path, .. }) if path.is_dir() => Err(usage_error(
            "show",
            format!(
                "show takes one statement file, and '{0}' is a folder; \
                 to read the statements of a folder, run 'demarche {0}' (the reader), \
                 or 'demarche check {0}' for what cleaning did to each file",
                path.display()
            ),
        )
        .into()),
        Some(Command::Search { query, .. }) => crate::model::concordance::Query::parse(query)
            .map(|_| ())
            .map_err(|e| usage_error("search", e).into()),
        Some(Command::Annotate { note, .. } | Command::EditNote { note, .. }) => {
            *note = notes_cmd::note_text(note)?;
            Ok(())
        }
        Some(Command::Correct { path, date, .. }) => {
            if path.is_dir() {
                return Err(usage_error(
                    "correct",
                    format!(
                        "correct takes one statement file, and '{}' is a folder",
                        path.display()
                    ),
                )
                .into());
            }
            match date.as_deref().map(crate::model::metadata::DateValue::parse) {
                Some(None) => Err(usage_error(
                    "correct",
                    format!(
                        "--date {:?}: expected YYYY-MM-DD, YYYY when only the year is known, or \"\" for unknown",
                        date.as_deref().unwrap_or_default()
                    ),
                )
                .into()),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// A usage error of a subcommand, shown by clap with that subcommand's usage; `main` exits
/// with status 2 for it, as for any error clap finds itself.
#[must_use]
pub fn usage_error(subcommand: &str, message: impl std::fmt::Display) -> clap::Error {
    let mut cli = Cli::command();
    // Building fills in each subcommand's full name ("demarche show") for its usage line.
    cli.build();
    let target = match cli.find_subcommand_mut(subcommand) {
        Some(sub) => sub,
        None => &mut cli,
    };
    target.error(clap::error::ErrorKind::InvalidValue, message)
}
