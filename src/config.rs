//! The config file: every key is documented in `config.example.toml`, whose values are the
//! defaults. A missing file means defaults; an empty file is valid.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::actors::{ActorSpec, default_actors, merge_actors};

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub library: LibraryConfig,
    pub reader: ReaderConfig,
    pub cleaning: CleaningConfig,
    /// Actors added to (or, by the same name, replacing) the built-in ones.
    pub actors: Vec<ActorSpec>,
    /// Action name → keys, replacing that action's default keys.
    pub keys: BTreeMap<String, Vec<String>>,
    pub colors: ColorConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            library: LibraryConfig::default(),
            reader: ReaderConfig::default(),
            cleaning: CleaningConfig::default(),
            actors: default_actors(),
            keys: BTreeMap::new(),
            colors: ColorConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LibraryConfig {
    /// Folders opened when demarche is started without paths.
    pub folders: Vec<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReaderConfig {
    /// Widest text column in the reading view; the text is centred in wider panes.
    pub max_width: u16,
    /// Click to focus and select, wheel to scroll.
    pub mouse: bool,
    /// `title`, `date` or `issuer`.
    pub sort: String,
    /// Show the notes pane on start (it folds away on narrow terminals anyway).
    pub show_notes: bool,
}

impl Default for ReaderConfig {
    fn default() -> Self {
        Self {
            max_width: 88,
            mouse: true,
            sort: "date".to_owned(),
            show_notes: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CleaningConfig {
    /// Extra boilerplate patterns (regular expressions, matched against whole trimmed lines,
    /// case-insensitive).
    pub boilerplate: Vec<String>,
    /// A line that occurs in at least this many statements of one library is site chrome.
    pub site_chrome_min_statements: usize,
}

impl Default for CleaningConfig {
    fn default() -> Self {
        Self {
            boilerplate: Vec::new(),
            site_chrome_min_statements: 3,
        }
    }
}

/// Colours of the interface; actor colours live with the actors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColorConfig {
    pub accent: String,
    pub selection: String,
    pub dim: String,
    pub search: String,
}

impl Default for ColorConfig {
    fn default() -> Self {
        Self {
            accent: "cyan".to_owned(),
            selection: "dark-gray".to_owned(),
            dim: "gray".to_owned(),
            search: "yellow".to_owned(),
        }
    }
}

/// A config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Config {
    /// Parses config text. Actors in the text are merged into the built-in ones.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let mut cfg: Self = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_owned(),
            }
        })?;
        cfg.actors = merge_actors(default_actors(), &cfg.actors);
        Ok(cfg)
    }

    /// Loads the config file; a missing file means defaults (the command line refuses a
    /// missing file that the user named, see `cli::commands`).
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_toml(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }
}

/// 1-based line and column of a byte offset.
#[must_use]
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_config_parses_to_the_defaults() {
        let text = include_str!("../config.example.toml");
        let cfg = Config::from_toml(text, Path::new("config.example.toml")).unwrap();
        assert_eq!(cfg, Config::default());
    }

    #[test]
    fn empty_file_is_valid() {
        assert_eq!(
            Config::from_toml("", Path::new("c.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = Config::from_toml("[reader]\nmax_width = \"wide\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.toml:2:13:"), "{err}");
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = Config::from_toml("[reader]\nmax_widht = 80\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("c.toml:2:1") && err.contains("max_widht"),
            "{err}"
        );
    }

    #[test]
    fn user_actors_merge_with_defaults() {
        let cfg = Config::from_toml(
            "[[actors]]\nname = \"OSCE\"\naliases = [\"ODIHR\"]\ncolor = \"cyan\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(cfg.actors.len(), 4);
        assert_eq!(cfg.actors[3].name, "OSCE");
    }
}
