//! The ingestion pipeline: bytes → decoded → extracted → sanitised → cleaned → statement.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::model::actors::Gazetteer;
use crate::model::decode::{DecodeError, decode};
use crate::model::markdown::FrontMatterError;
use crate::model::sanitize::sanitize;
use crate::model::statement::{Paragraph, SourceFormat, Statement};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Everything ingestion needs besides the bytes: compiled actors and cleaning rules.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub gazetteer: Gazetteer,
    /// User boilerplate patterns, compiled.
    pub boilerplate: Vec<regex::Regex>,
    /// Normalised lines known to be site chrome in this library.
    pub chrome: std::collections::HashSet<String>,
}

impl Context {
    /// Compiles the config's actors and patterns.
    pub fn from_config(cfg: &Config) -> Result<Self, regex::Error> {
        let boilerplate = cfg
            .cleaning
            .boilerplate
            .iter()
            .map(|p| {
                regex::RegexBuilder::new(&format!("^(?:{p})$"))
                    .case_insensitive(true)
                    .build()
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            gazetteer: Gazetteer::new(cfg.actors.clone()),
            boilerplate,
            chrome: std::collections::HashSet::new(),
        })
    }
}

/// Why a statement could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Decode { path: PathBuf, source: DecodeError },
    #[error("{path}:{}:{}: {}", source.line, source.column, source.message)]
    FrontMatter {
        path: PathBuf,
        source: FrontMatterError,
    },
    #[error(
        "{path}: file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit; split it or trim it"
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{path}: not a statement file (demarche reads .txt, .md, .html and .htm)")]
    UnknownFormat { path: PathBuf },
}

/// Reads and ingests one file.
pub fn ingest_file(path: &Path, ctx: &Context) -> Result<Statement, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let format = SourceFormat::from_path(path).ok_or_else(|| IngestError::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    ingest_bytes(&bytes, &path.display().to_string(), format, ctx)
}

/// Ingests bytes already in memory. `source` is the path as given (or a bundled name).
pub fn ingest_bytes(
    bytes: &[u8],
    source: &str,
    format: SourceFormat,
    ctx: &Context,
) -> Result<Statement, IngestError> {
    let (text, decoding) = decode(bytes).map_err(|e| IngestError::Decode {
        path: PathBuf::from(source),
        source: e,
    })?;
    let (text, hidden) = sanitize(&text);
    let mut paragraphs = Vec::new();
    let mut line_no = 0;
    for block in text.split("\n\n") {
        line_no += 1;
        let joined = block.split_whitespace().collect::<Vec<_>>().join(" ");
        if joined.is_empty() {
            continue;
        }
        let mentions = ctx.gazetteer.find(&joined);
        paragraphs.push(Paragraph {
            index: paragraphs.len() + 1,
            text: joined,
            mentions,
            line: line_no,
        });
        line_no += block.matches('\n').count() + 1;
    }
    let mut st = Statement {
        id: String::new(),
        source: source.to_owned(),
        format,
        meta: crate::model::Metadata::default(),
        paragraphs,
        removed: Vec::new(),
        warnings: hidden.warning().into_iter().collect(),
        decoding,
        hidden,
    };
    st.id = digest_hex(&st.cleaned_text());
    Ok(st)
}

/// Hex SHA-256 of a text.
#[must_use]
pub fn digest_hex(text: &str) -> String {
    let d = Sha256::digest(text.as_bytes());
    let mut s = String::with_capacity(64);
    for b in d {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}
