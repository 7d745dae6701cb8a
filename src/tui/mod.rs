//! The terminal reader. (Filled in by the reader task.)

use std::path::PathBuf;

use crate::config::Config;
use crate::model::ingest::Context;
use crate::model::library::Library;

/// Everything the reader starts from.
#[derive(Debug)]
pub struct TuiOptions {
    pub library: Library,
    pub ctx: Context,
    pub config: Config,
    pub data_dir: Option<PathBuf>,
}

/// Runs the reader until the user quits. The terminal is restored on every exit path.
pub fn run(opts: TuiOptions) -> anyhow::Result<()> {
    let _ = opts;
    anyhow::bail!("the terminal reader is not implemented yet")
}
