//! A library of statements: files and folders given on the command line or in the config,
//! or the samples bundled in the binary. The list needs only summaries; a statement's body
//! is ingested when it is shown.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::ingest::{Context, IngestError, ingest_bytes, ingest_file};
use crate::model::statement::{Metadata, SourceFormat, Statement};
use crate::model::words::folded_hash;

/// Sample statements embedded in the binary (see `assets/statements/README.md`).
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "arv-mfa-2023-03-03-visa-facilitation-vote.txt",
        include_bytes!("../../assets/statements/arv-mfa-2023-03-03-visa-facilitation-vote.txt"),
    ),
    (
        "arv-mfa-2023-05-16-observation-report.txt",
        include_bytes!("../../assets/statements/arv-mfa-2023-05-16-observation-report.txt"),
    ),
    (
        "arv-mid-2022-10-14-rezolyutsiya-evroparlamenta.txt",
        include_bytes!(
            "../../assets/statements/arv-mid-2022-10-14-rezolyutsiya-evroparlamenta.txt"
        ),
    ),
    (
        "arv-mission-eu-2022-11-25-partnership-agreement.txt",
        include_bytes!(
            "../../assets/statements/arv-mission-eu-2022-11-25-partnership-agreement.txt"
        ),
    ),
    (
        "arv-ombudsman-ru-2023-12-10-den-prav-cheloveka.md",
        include_bytes!("../../assets/statements/arv-ombudsman-ru-2023-12-10-den-prav-cheloveka.md"),
    ),
    (
        "arv-ombudsperson-2024-04-11-detention-conditions.txt",
        include_bytes!(
            "../../assets/statements/arv-ombudsperson-2024-04-11-detention-conditions.txt"
        ),
    ),
    (
        "eeas-2024-02-20-release-of-defenders.md",
        include_bytes!("../../assets/statements/eeas-2024-02-20-release-of-defenders.md"),
    ),
    (
        "ep-2023-03-09-resolution-media-freedom.txt",
        include_bytes!("../../assets/statements/ep-2023-03-09-resolution-media-freedom.txt"),
    ),
    (
        "ep-afet-2023-02-16-detained-journalists.txt",
        include_bytes!("../../assets/statements/ep-afet-2023-02-16-detained-journalists.txt"),
    ),
    (
        "eu-delegation-2023-10-04-human-rights-defenders.html",
        include_bytes!(
            "../../assets/statements/eu-delegation-2023-10-04-human-rights-defenders.html"
        ),
    ),
    (
        "eu-ombudsman-2021-09-14-legislative-transparency.txt",
        include_bytes!(
            "../../assets/statements/eu-ombudsman-2021-09-14-legislative-transparency.txt"
        ),
    ),
    (
        "kz-mfa-2022-01-21-european-parliament.txt",
        include_bytes!("../../assets/statements/kz-mfa-2022-01-21-european-parliament.txt"),
    ),
    (
        "valdor-mae-2023-03-03-defenseur-des-droits.txt",
        include_bytes!("../../assets/statements/valdor-mae-2023-03-03-defenseur-des-droits.txt"),
    ),
];

/// Where a statement's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Bundled {
        name: &'static str,
        bytes: &'static [u8],
    },
}

impl Source {
    /// The path as given, or `bundled:<name>`.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::File(p) => p.display().to_string(),
            Self::Bundled { name, .. } => format!("bundled:{name}"),
        }
    }

    #[must_use]
    pub fn format(&self) -> SourceFormat {
        match self {
            Self::File(p) => SourceFormat::from_path(p).unwrap_or(SourceFormat::Text),
            Self::Bundled { name, .. } => {
                SourceFormat::from_path(Path::new(name)).unwrap_or(SourceFormat::Text)
            }
        }
    }

    /// The raw bytes.
    pub fn read(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match self {
            Self::File(p) => std::fs::read(p).map(Cow::Owned),
            Self::Bundled { bytes, .. } => Ok(Cow::Borrowed(bytes)),
        }
    }

    /// Ingests this source.
    pub fn load(&self, ctx: &Context) -> Result<Statement, IngestError> {
        match self {
            Self::File(p) => ingest_file(p, ctx),
            Self::Bundled { bytes, .. } => ingest_bytes(bytes, &self.label(), self.format(), ctx),
        }
    }
}

/// What the statement list shows about a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub source: String,
    pub meta: Metadata,
    pub paragraphs: usize,
    /// Mention counts per actor (actors with no mention left out).
    pub actors: Vec<(String, usize)>,
    pub warnings: usize,
}

impl Summary {
    #[must_use]
    pub fn of(st: &Statement) -> Self {
        Self {
            id: st.id.clone(),
            source: st.source.clone(),
            meta: st.meta.clone(),
            paragraphs: st.paragraphs.len(),
            actors: st.actor_counts(),
            warnings: st.warnings.len(),
        }
    }
}

/// A path that could not be opened as part of a library.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The statements of one session.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub sources: Vec<Source>,
}

impl Library {
    /// The bundled samples.
    #[must_use]
    pub fn bundled() -> Self {
        Self {
            sources: BUNDLED
                .iter()
                .map(|&(name, bytes)| Source::Bundled { name, bytes })
                .collect(),
        }
    }

    /// Files and folders (walked recursively, sorted, hidden entries skipped). A file given
    /// by name is taken whatever its extension; folders contribute `.txt .md .html .htm`.
    pub fn from_paths(paths: &[PathBuf]) -> Result<Self, LibraryError> {
        let mut sources = Vec::new();
        for p in paths {
            let meta = std::fs::metadata(p).map_err(|source| LibraryError::Io {
                path: p.clone(),
                source,
            })?;
            if meta.is_dir() {
                walk(p, &mut sources)?;
            } else {
                sources.push(Source::File(p.clone()));
            }
        }
        Ok(Self { sources })
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> Result<(), LibraryError> {
    let io = |source| LibraryError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if SourceFormat::from_path(&p).is_some() {
            out.push(Source::File(p));
        }
    }
    Ok(())
}

/// Longest line that can count as site chrome: chrome is short (menus, site names, widgets).
const CHROME_MAX_CHARS: usize = 80;

/// Lines that occur in at least `min_statements` statements of the library: site chrome.
/// Sentences (ending in `.`, `!`, `?`) are never chrome: a sign-off like "Ministry of Foreign
/// Affairs." repeated across a ministry's statements is content.
#[must_use]
pub fn site_chrome(lib: &Library, min_statements: usize) -> FxHashSet<u64> {
    let min = min_statements.max(2);
    if lib.len() < min {
        return FxHashSet::default();
    }
    let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
    for src in &lib.sources {
        let Ok(bytes) = src.read() else { continue };
        let Ok((text, _)) = crate::model::decode::decode(&bytes) else {
            continue;
        };
        let (text, _) = crate::model::sanitize::sanitize(&text);
        let mut seen: FxHashSet<u64> = FxHashSet::default();
        for line in text.lines() {
            let t = line.trim();
            if t.is_empty()
                || t.chars().count() > CHROME_MAX_CHARS
                || t.ends_with(['.', '!', '?', '»', '"', '”'])
            {
                continue;
            }
            seen.insert(folded_hash(t));
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= min)
        .map(|(k, _)| k)
        .collect()
}
