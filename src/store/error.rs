//! What can go wrong in the store, each naming the file concerned and what to do.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::FORMAT_VERSION;

/// Why a store operation failed. Every variant names the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: notes are read-only: {reason}")]
    ReadOnly {
        path: PathBuf,
        reason: ReadOnlyReason,
    },
    #[error(
        "{path}: another demarche has been saving notes for {} s; try again once it has finished (or end it if it hangs)",
        waited.as_secs_f32()
    )]
    Locked { path: PathBuf, waited: Duration },
    #[error("{path}: no note with id {id}")]
    NotFound { path: PathBuf, id: String },
    #[error("{source_path}: paragraph {paragraph} is out of range (valid: 1 to {count})")]
    ParagraphOutOfRange {
        source_path: String,
        paragraph: usize,
        count: usize,
    },
    #[error("a note cannot be empty: write some text (tags alone count as text)")]
    EmptyNote,
    #[error(
        "{path}: this note belongs to another statement ({owner}); open that statement to re-attach it"
    )]
    OtherStatement { path: PathBuf, owner: String },
    #[error("{path}: no notes to move from {from}")]
    NothingToMove { path: PathBuf, from: String },
    #[error("{path}: cannot encode notes: {source}")]
    Encode {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("notes cannot be saved: no data directory (use --data-dir)")]
    NoDataDir,
}

/// Why a notes file must not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// It does not parse: where (1-based) and what serde said.
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A newer demarche wrote it, in this format version.
    Newer { version: u32 },
    /// Anything else (a link, not a regular file, unreadable), said with what to do.
    Other(String),
}

impl fmt::Display for ReadOnlyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Corrupt {
                path,
                line,
                column,
                message,
            } => write!(f, "{}:{line}:{column}: {message}", path.display()),
            Self::Newer { version } => write!(
                f,
                "written by a newer demarche (format version {version}; this one knows {FORMAT_VERSION})"
            ),
            Self::Other(reason) => f.write_str(reason),
        }
    }
}

/// A file the store could not use fully, as found by `open` or a later save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line and column of a parse error.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => {
                write!(
                    f,
                    "{}:{line}:{column}: {}",
                    self.path.display(),
                    self.message
                )
            }
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}
