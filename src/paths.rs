//! Where demarche reads its config and keeps its data (see the contract's "Names and places").

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("org", "demarche", "demarche")
}

/// The config file: `--config`, else `$DEMARCHE_CONFIG`, else `<config dir>/config.toml`.
#[must_use]
pub fn config_file(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("DEMARCHE_CONFIG").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Who named the config file, when someone did: `--config` or `$DEMARCHE_CONFIG`. Such a
/// file must exist (a typo would otherwise silently give the defaults); only the default
/// location may be absent.
#[must_use]
pub fn config_named_by(flag: Option<&Path>) -> Option<&'static str> {
    if flag.is_some() {
        Some("--config")
    } else if std::env::var_os("DEMARCHE_CONFIG").is_some_and(|v| !v.is_empty()) {
        Some("$DEMARCHE_CONFIG")
    } else {
        None
    }
}

/// The data dir: `--data-dir`, else `$DEMARCHE_DATA_DIR`, else the platform data dir.
#[must_use]
pub fn data_dir(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("DEMARCHE_DATA_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    project_dirs().map(|d| d.data_dir().to_path_buf())
}
