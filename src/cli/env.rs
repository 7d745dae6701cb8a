//! What every command needs, loaded once: the config, the ingestion context, the data
//! dir. Its own module so that the commands depend on it, and the dispatcher on them,
//! without the commands depending on the dispatcher.

use std::path::{Path, PathBuf};

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
        if let (Some(named_by), Some(p)) = (crate::paths::config_named_by(config_flag), &path) {
            require_config_file(p, named_by)?;
        }
        let (config, text) = Config::load_with_text(path.as_deref())?;
        let shown = path
            .as_deref()
            .map_or_else(|| "config".into(), |p| p.display().to_string());
        let at = |section: &str, key: &str| {
            let (line, column) = crate::config::key_position(&text, section, key);
            format!("{shown}:{line}:{column}")
        };
        let mut ctx = Context::from_config(&config).map_err(|e| {
            let place = match e.index {
                Some(i) => {
                    let (line, column) =
                        crate::config::entry_key_position(&text, e.section, i, &e.key);
                    format!("{shown}:{line}:{column}: [[{}]] {}", e.section, e.key)
                }
                None => format!("{}: [{}] {}", at(e.section, &e.key), e.section, e.key),
            };
            anyhow::anyhow!("{place}: {}", e.message)
        })?;
        // Every command checks the whole config, also the parts only the reader uses: a
        // mistake is reported once, with its place, whatever the command.
        crate::tui::check_config(&config, ctx.gazetteer.actors()).map_err(
            |(section, key, message)| anyhow::anyhow!("{}: {message}", at(section, &key)),
        )?;
        let data_dir = crate::paths::data_dir(data_flag);
        // The user's corrections of metadata, applied whenever a statement is read. A store
        // that cannot be opened is reported by the commands that use it.
        if let Some(dir) = data_dir.as_deref()
            && dir.join("notes").is_dir()
            && let Ok(store) = crate::store::NoteStore::open(dir)
        {
            ctx.corrections = std::sync::Arc::new(store.corrections());
        }
        Ok(Self {
            config,
            ctx,
            data_dir,
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
        // Files that are not statements are expected: `check` lists them, others keep quiet.
        for s in lib.skipped.iter().filter(|s| !s.expected) {
            // A reason may quote a sidecar table's cell: made safe like any report.
            crate::cli::safe_out::report(
                "warning",
                &format!("{}: skipped: {}", s.path.display(), s.reason),
            );
        }
        self.ctx.chrome = crate::model::library::site_chrome(
            &lib,
            self.config.cleaning.site_chrome_min_statements,
        );
        self.ctx.sidecars = std::sync::Arc::clone(&lib.sidecars);
        Ok(lib)
    }
}

/// A config file named by `--config` or `$DEMARCHE_CONFIG` must exist.
fn require_config_file(path: &Path, named_by: &str) -> anyhow::Result<()> {
    if path.try_exists().unwrap_or(true) {
        // Other problems (permissions, a folder) are reported when the file is read.
        return Ok(());
    }
    anyhow::bail!(
        "{}: no such config file (named by {named_by}); create it (an empty file is valid, \
         config.example.toml documents every key), or leave out {named_by} to use the default \
         location",
        path.display()
    )
}
