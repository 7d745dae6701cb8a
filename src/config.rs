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
    /// File-name patterns that give metadata (`[[library.patterns]]`), tried in order.
    pub patterns: Vec<PatternConfig>,
}

/// One `[[library.patterns]]` entry: a file-name pattern and what its parts give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternConfig {
    /// Only files under this folder (default: any file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<PathBuf>,
    /// The file name without its extension, with placeholders: `{iso3}`, `{iso2}`,
    /// `{country}`, `{year}`, `{month}`, `{day}`, `{date}`, `{session}`, `{title}`,
    /// `{issuer}`, `{place}`, `{*}`. With `/`, the last folders of the path too.
    pub pattern: String,
    /// Title template, e.g. `"General Debate, session {session}"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Issuer template (default with a country: `Government of <country>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Place template, e.g. `"New York"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
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
        Ok(Self::load_with_text(path)?.0)
    }

    /// Like [`Self::load`], also returning the file's text (empty for the defaults), so that
    /// later checks can point at a `line:column`.
    pub fn load_with_text(path: Option<&Path>) -> Result<(Self, String), ConfigError> {
        let Some(path) = path else {
            return Ok((Self::default(), String::new()));
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Self::default(), String::new()));
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or_default());
            let (line, column) = line_col(&prefix, valid);
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: "not UTF-8 text: save the config as UTF-8".into(),
            }
        })?;
        Ok((Self::from_toml(&text, path)?, text))
    }
}

/// 1-based line and column of a byte offset.
/// Where `key` is set in `[section]` of a config's text, as 1-based (line, column) of its
/// value; the section header, else (1, 1), when the key is not written there. For
/// `actors`, `key` is an actor's name and the position is that `[[actors]]` entry's name.
#[must_use]
pub fn key_position(text: &str, section: &str, key: &str) -> (usize, usize) {
    if section == "actors" {
        return actor_position(text, key);
    }
    let mut current = String::new();
    let mut header = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
            current = name.trim().to_owned();
            if current == section {
                header = Some((i + 1, line.len() - t.len() + 1));
            }
            continue;
        }
        if current != section {
            continue;
        }
        if let Some(at) = value_position(i, line, key) {
            return at;
        }
    }
    header.unwrap_or((1, 1))
}

/// Where `key` is set in the `index`-th (from 0) `[[section]]` entry of a config's text, as
/// 1-based (line, column) of its value; that entry's header when the key is not written,
/// else (1, 1).
#[must_use]
pub fn entry_key_position(text: &str, section: &str, index: usize, key: &str) -> (usize, usize) {
    let mut seen = 0usize;
    let mut inside = false;
    let mut header = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            let name: String = t.trim_matches(['[', ']']).split_whitespace().collect();
            let is_entry = t.starts_with("[[") && name == section;
            inside = is_entry && seen == index;
            if inside {
                header = Some((i + 1, line.len() - line.trim_start().len() + 1));
            }
            if is_entry {
                seen += 1;
            }
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(at) = value_position(i, line, key) {
            return at;
        }
    }
    header.unwrap_or((1, 1))
}

/// Where the value of `key = value` starts when line `i` (0-based) sets `key`: 1-based
/// (line, column).
fn value_position(i: usize, line: &str, key: &str) -> Option<(usize, usize)> {
    let t = line.trim();
    let name = t
        .split('=')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches(['"', '\'']);
    if name != key || !t.contains('=') {
        return None;
    }
    let value_at = line.find('=').map_or(0, |e| e + 1);
    let pad = line
        .get(value_at..)
        .map_or(0, |v| v.len() - v.trim_start().len());
    let column = line
        .get(..value_at + pad)
        .map_or(1, |p| p.chars().count() + 1);
    Some((i + 1, column))
}

/// The line of `name = "<name>"` in the config's `[[actors]]` entries, else (1, 1).
fn actor_position(text: &str, name: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let Some(value) = t.strip_prefix("name").map(str::trim_start) else {
            continue;
        };
        let Some(value) = value.strip_prefix('=') else {
            continue;
        };
        if value.trim().trim_matches(['"', '\'']) == name {
            return (i + 1, line.len() - t.len() + 1);
        }
    }
    (1, 1)
}

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
    fn file_name_patterns_parse_and_errors_point_at_their_entry() {
        let text = "[library]\nfolders = []\n\n[[library.patterns]]\npattern = \"{iso3}_{year}\"\n\n\
                    [[library.patterns]]\nfolder = \"/srv/ungdc\"\npattern = \"{iso3}_{session}_{yeer}\"\n";
        let cfg = Config::from_toml(text, Path::new("c.toml")).unwrap();
        assert_eq!(cfg.library.patterns.len(), 2);
        assert_eq!(
            cfg.library.patterns[1].folder.as_deref(),
            Some(Path::new("/srv/ungdc"))
        );
        let err = crate::model::ingest::Context::from_config(&cfg).unwrap_err();
        assert_eq!(
            (err.section, err.key.as_str(), err.index),
            ("library.patterns", "pattern", Some(1))
        );
        assert!(err.message.contains("{yeer}"), "{}", err.message);
        assert_eq!(
            entry_key_position(text, "library.patterns", 1, "pattern"),
            (9, 11)
        );
        assert_eq!(
            entry_key_position(text, "library.patterns", 0, "title"),
            (4, 1)
        );
        let unknown = Config::from_toml(
            "[[library.patterns]]\npatern = \"x\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            unknown.starts_with("c.toml:2:1") && unknown.contains("patern"),
            "{unknown}"
        );
    }

    #[test]
    fn user_actors_merge_with_defaults() {
        let cfg = Config::from_toml(
            "[[actors]]\nname = \"Arvenian Senate\"\naliases = [\"Senate of Arvenia\"]\n\n[[actors]]\nname = \"ombudsperson\"\naliases = [\"Defender\"]\ncolor = \"red\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let defaults = default_actors();
        assert_eq!(cfg.actors.len(), defaults.len() + 1);
        let added = cfg.actors.last().unwrap();
        assert_eq!(added.name, "Arvenian Senate");
        // No colour and no class: the fallback colour, never an empty one.
        assert_eq!(added.color, "yellow");
        let replaced = cfg
            .actors
            .iter()
            .find(|a| a.name == "ombudsperson")
            .unwrap();
        assert_eq!(replaced.aliases, ["Defender"]);
    }
}
