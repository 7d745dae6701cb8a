//! `annotate`, `notes` and `export`: the headless side of notes. (Filled in by the notes task.)

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::args::{ExportFormat, OutputFormat};
use crate::cli::commands::Env;

/// Options of `export`.
#[derive(Debug, Clone)]
pub struct ExportArgs {
    pub format: ExportFormat,
    pub output: Option<PathBuf>,
    pub tags: Vec<String>,
    pub actors: Vec<String>,
    pub since: Option<chrono::NaiveDate>,
}

/// `demarche annotate PATH --paragraph N --note TEXT`.
pub fn annotate(
    env: &mut Env,
    path: &Path,
    paragraph: usize,
    note: &str,
) -> anyhow::Result<ExitCode> {
    let _ = (env, path, paragraph, note);
    anyhow::bail!("annotate is not implemented yet")
}

/// `demarche notes [PATH]... [--format text|json]`.
pub fn notes(env: &mut Env, paths: &[PathBuf], format: OutputFormat) -> anyhow::Result<ExitCode> {
    let _ = (env, paths, format);
    anyhow::bail!("notes is not implemented yet")
}

/// `demarche export [PATH]... --format ...`.
pub fn export(env: &mut Env, paths: &[PathBuf], args: ExportArgs) -> anyhow::Result<ExitCode> {
    let _ = (env, paths, args);
    anyhow::bail!("export is not implemented yet")
}
