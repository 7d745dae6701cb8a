//! The note store: one JSON file per statement under `<data_dir>/notes/`.
//!
//! It lives outside `model/` because it does I/O (files, locks, atomic saves); the model
//! types it stores ([`Note`], [`StatementKey`], anchors) stay pure.
//!
//! Why one file per statement: a save after one change rewrites one small file, whatever
//! the size of the store. Every change is saved at once, under an exclusive lock on
//! `notes/.lock`: the target file is re-read, the change is applied on top of what is on
//! disk (so another process's notes are kept, and a note we deleted stays deleted), the
//! result is written to a temp file in the same folder, synced, the previous file is kept
//! as `<name>.bak`, and the temp file is renamed over the target; then the folder is synced.
//!
//! A file that does not parse is never written: its problem is listed with `line:column`,
//! a copy is made once as `<name>.corrupt-<timestamp>`, and its statement is read-only. A
//! file written by a newer format version is read-only too.
//!
//! Files: `error.rs` (what can go wrong), `format.rs` (the file as stored), `load.rs`
//! (reading the folder), `identify.rs` (which file holds a statement's notes), `query.rs`
//! and `anchoring.rs` (reads), `write.rs` (changes), `transaction.rs` (lock, re-read, apply,
//! save), `file.rs` and `lock.rs` (atomic writes and the lock).

mod anchoring;
mod error;
mod file;
mod format;
mod identify;
mod load;
mod lock;
mod query;
mod transaction;
mod write;

#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;

pub use crate::model::anchor::AnchoredNote;
pub use error::{Problem, ReadOnlyReason, StoreError};
pub use file::{TMP_DIR, key_path, source_key_path, write_file_atomic};
pub use format::{Binding, DELETED_KEPT, FORMAT_VERSION};

use format::NotesFile;

/// How a store behaves beyond where it lives; [`Options::default`] is what the program uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How long a save waits for another process's save to finish before it gives up with
    /// [`StoreError::Locked`]: saves take milliseconds, so a long wait means a stuck process.
    pub lock_wait: Duration,
    /// A pause between syncing the temp file and renaming it over the notes file. Zero in
    /// use; tests set it to look at the files while a save is in progress.
    pub save_delay: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            lock_wait: Duration::from_secs(10),
            save_delay: Duration::ZERO,
        }
    }
}

/// One file of the store.
#[derive(Debug)]
struct Entry {
    /// File name inside the notes folder, fixed when the file was created.
    name: String,
    /// `None` when the file did not parse.
    doc: Option<NotesFile>,
    /// Why the file must not be written, if it must not.
    read_only: Option<ReadOnlyReason>,
}

/// All notes, loaded from `<data_dir>/notes/`.
#[derive(Debug)]
pub struct NoteStore {
    dir: PathBuf,
    options: Options,
    entries: Vec<Entry>,
    by_name: HashMap<String, usize>,
    by_digest: HashMap<String, Vec<usize>>,
    by_path: HashMap<String, Vec<usize>>,
    by_title_date: HashMap<(String, NaiveDate), Vec<usize>>,
    note_file: HashMap<String, usize>,
    /// Entries whose stored path is relative to a library folder (written by older builds).
    relative: Vec<usize>,
    /// Library folders, to resolve those relative paths.
    roots: Vec<PathBuf>,
    /// Whether a stored path exists, asked once per path: list rows ask often.
    exists_cache: RefCell<HashMap<String, bool>>,
    problems: Vec<Problem>,
}

impl NoteStore {
    /// Loads every notes file under `<data_dir>/notes/`. A missing folder is an empty store
    /// (created on the first save). Files that cannot be used are listed in `problems()`.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        Self::open_with(data_dir, Options::default())
    }

    /// Like [`Self::open`], with options other than the defaults.
    pub fn open_with(data_dir: &Path, options: Options) -> Result<Self, StoreError> {
        let mut store = Self {
            dir: data_dir.join("notes"),
            options,
            entries: Vec::new(),
            by_name: HashMap::new(),
            by_digest: HashMap::new(),
            by_path: HashMap::new(),
            by_title_date: HashMap::new(),
            note_file: HashMap::new(),
            relative: Vec::new(),
            roots: Vec::new(),
            exists_cache: RefCell::new(HashMap::new()),
            problems: Vec::new(),
        };
        for dir in [data_dir, store.dir.as_path()] {
            if dir.exists() && !dir.is_dir() {
                return Err(StoreError::Io {
                    path: dir.to_path_buf(),
                    source: std::io::Error::other(
                        "is not a folder; give a folder for the data directory (--data-dir)",
                    ),
                });
            }
        }
        if store.dir.exists() {
            store.scan()?;
        }
        Ok(store)
    }

    /// Sets the library folders that paths stored relative to one (by older builds) are
    /// resolved against.
    #[must_use]
    pub fn with_roots(mut self, roots: &[PathBuf]) -> Self {
        self.roots = roots
            .iter()
            .map(|r| fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
            .collect();
        self
    }

    /// The notes folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Files that could not be used (corrupt, newer version, unreadable).
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}
