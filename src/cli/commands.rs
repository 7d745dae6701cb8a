//! Dispatch of the command line, and `show`, `actors` and `check`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::args::{Cli, Command, OutputFormat};
use crate::cli::{notes_cmd, render};
use crate::config::Config;
use crate::model::ingest::Context;
use crate::model::library::Library;

/// What every command needs: the config, the compiled ingestion context, the data dir.
#[derive(Debug)]
pub struct Env {
    pub config: Config,
    pub ctx: Context,
    pub data_dir: Option<PathBuf>,
}

impl Env {
    /// Loads the config (path rules from the contract) and compiles it.
    pub fn load(config_flag: Option<&Path>, data_flag: Option<&Path>) -> anyhow::Result<Self> {
        let path = crate::paths::config_file(config_flag);
        let config = Config::load(path.as_deref())?;
        let ctx = Context::from_config(&config).map_err(|e| {
            anyhow::anyhow!(
                "{}: [cleaning] boilerplate: {e}",
                path.as_deref()
                    .map_or_else(|| "config".into(), |p| p.display().to_string())
            )
        })?;
        Ok(Self {
            config,
            ctx,
            data_dir: crate::paths::data_dir(data_flag),
        })
    }

    /// The data dir, or an error saying how to set one.
    pub fn require_data_dir(&self) -> anyhow::Result<&Path> {
        self.data_dir.as_deref().ok_or_else(|| {
            anyhow::anyhow!("no data directory could be determined; pass --data-dir DIR or set DEMARCHE_DATA_DIR")
        })
    }

    /// A library from paths, with site chrome computed across it.
    pub fn library(&mut self, paths: &[PathBuf]) -> anyhow::Result<Library> {
        let lib = Library::from_paths(paths)?;
        for s in &lib.skipped {
            eprintln!(
                "demarche: warning: {}: skipped: {}",
                s.path.display(),
                s.reason
            );
        }
        self.ctx.chrome = crate::model::library::site_chrome(
            &lib,
            self.config.cleaning.site_chrome_min_statements,
        );
        Ok(lib)
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
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
            let mut out = std::io::stdout().lock();
            match format {
                OutputFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &render::statement_json(&st))?;
                    writeln!(out)?;
                }
                OutputFormat::Text => {
                    let width = width.unwrap_or_else(render::terminal_width);
                    let color = crate::cli::color::stdout_color();
                    render::write_statement_text(&mut out, &st, &env.ctx.gazetteer, width, color)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Actors { paths, format }) => {
            let lib = env.library(&paths)?;
            render::actors(&lib, &env.ctx, format)
        }
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
        Some(Command::MoveNotes { from, to }) => notes_cmd::move_notes(&mut env, &from, &to),
    }
}
