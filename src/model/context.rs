//! What ingestion and cleaning need besides the bytes, compiled once from the config. A
//! module of its own so that `ingest` (which calls cleaning) and `clean` (which reads the
//! context) both depend on it and not on each other.

use crate::config::Config;
use crate::model::actors::Gazetteer;
use crate::model::corrections::CorrectionTable;
use crate::model::filename::FilePattern;
use crate::model::sidecar::Sidecars;

/// Everything ingestion needs besides the bytes: compiled actors and cleaning rules.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub gazetteer: Gazetteer,
    /// User boilerplate patterns, compiled.
    pub boilerplate: Vec<regex::Regex>,
    /// `folded_hash`es of lines known to be site chrome in this library.
    pub chrome: rustc_hash::FxHashSet<u64>,
    /// The config's file-name patterns, compiled (`[[library.patterns]]`).
    pub patterns: Vec<FilePattern>,
    /// The library's sidecar tables (`metadata.csv`, `metadata.json`).
    pub sidecars: std::sync::Arc<Sidecars>,
    /// The user's metadata corrections, as stored with the notes (a snapshot).
    pub corrections: std::sync::Arc<CorrectionTable>,
}

/// A config value that cannot be compiled: where (`section`, `key`, and the entry's index
/// for arrays of tables) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[{section}] {key}: {message}")]
pub struct ConfigValueError {
    pub section: &'static str,
    pub key: String,
    /// Which `[[section]]` entry, for arrays of tables.
    pub index: Option<usize>,
    pub message: String,
}

impl Context {
    /// Compiles the config's actors, boilerplate and file-name patterns.
    pub fn from_config(cfg: &Config) -> Result<Self, ConfigValueError> {
        let boilerplate = cfg
            .cleaning
            .boilerplate
            .iter()
            .map(|p| {
                regex::RegexBuilder::new(&format!("^(?:{p})$"))
                    .case_insensitive(true)
                    .build()
            })
            .collect::<Result<_, _>>()
            .map_err(|e| ConfigValueError {
                section: "cleaning",
                key: "boilerplate".into(),
                index: None,
                message: e.to_string(),
            })?;
        let patterns = cfg
            .library
            .patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                FilePattern::compile(p).map_err(|e| ConfigValueError {
                    section: "library.patterns",
                    key: e.key.into(),
                    index: Some(i),
                    message: e.message,
                })
            })
            .collect::<Result<_, _>>()?;
        // The default actors' automata are compiled once per process.
        let gazetteer = if cfg.actors == crate::model::actors::default_actors() {
            Gazetteer::default()
        } else {
            Gazetteer::new(cfg.actors.iter().cloned().map(safe_names).collect())
        };
        Ok(Self {
            gazetteer,
            boilerplate,
            chrome: rustc_hash::FxHashSet::default(),
            patterns,
            sidecars: std::sync::Arc::default(),
            corrections: std::sync::Arc::default(),
        })
    }
}

/// A config actor with its name made terminal-safe: names are printed everywhere (legend,
/// `actors`, exports), and a config file is untrusted text too.
fn safe_names(mut spec: crate::model::actors::ActorSpec) -> crate::model::actors::ActorSpec {
    spec.name = crate::model::sanitize::terminal_safe_line(&spec.name).into_owned();
    spec
}
