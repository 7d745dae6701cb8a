//! The note store: one JSON file per statement under `<data_dir>/notes/`.
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

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::anchor::{Anchoring, ParagraphIndex};
use crate::model::corrections::{Correction, CorrectionTable};
use crate::model::identity::{Identified, identify};
use crate::model::ingest::digest_hex;
use crate::model::notes::{Anchor, Note, Review, StatementKey};
use crate::model::statement::Statement;

/// The file format version this build writes and fully understands.
pub const FORMAT_VERSION: u32 = 1;

/// Test hook: milliseconds to sleep between syncing the temp file and renaming it, so that a
/// crash test can kill a writer inside that window. Never set it in normal use.
pub const SLOW_SAVE_ENV: &str = "DEMARCHE_TEST_SLOW_SAVE_MS";

/// Deleted notes kept per statement file for undo (`delete-note`, the reader's `u`).
pub const DELETED_KEPT: usize = 200;

/// Marks temp files (`<name>.tmp-<pid>-<nanos>`); leftovers of killed writers are removed
/// by the next save, which holds the lock and so knows no writer is using them.
const TMP_MARK: &str = ".tmp-";

/// Folder of the store's temp files, inside the notes folder (same filesystem, so the
/// rename is atomic). A folder of its own so that cleaning up leftovers lists a handful of
/// entries, not the whole store.
pub const TMP_DIR: &str = ".tmp";

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
    ReadOnly { path: PathBuf, reason: String },
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

/// One statement's file as stored on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct NotesFile {
    version: u32,
    statement: StatementKey,
    #[serde(default)]
    notes: Vec<Note>,
    #[serde(default)]
    reviewed: Vec<Review>,
    /// Every path the notes have been bound to, oldest first: why they were matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    paths: Vec<Binding>,
    /// Deleted notes, newest last, so that a delete can be undone (the last
    /// [`DELETED_KEPT`] are kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    deleted: Vec<DeletedNote>,
    /// The user's correction of the statement's metadata (title, issuer, date, place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    corrections: Option<Correction>,
    /// Top-level fields this version does not know, kept for the round trip.
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl NotesFile {
    fn new(key: StatementKey) -> Self {
        Self {
            version: FORMAT_VERSION,
            statement: key,
            notes: Vec::new(),
            reviewed: Vec::new(),
            paths: Vec::new(),
            deleted: Vec::new(),
            corrections: None,
            extra: Map::new(),
        }
    }

    /// Binds the file to `key` (the statement as read now), recording a new path with the
    /// reason it was matched; legacy files without history get their old path first.
    fn bind(&mut self, key: &StatementKey, how: &str) {
        let legacy = self.paths.is_empty()
            && !self.statement.path.is_empty()
            && self.statement.path != key.path;
        if legacy {
            let since = self
                .notes
                .iter()
                .map(|n| n.created)
                .min()
                .unwrap_or_else(Utc::now);
            self.paths.push(Binding {
                path: self.statement.path.clone(),
                since,
                how: "first saved".into(),
            });
        }
        if self.paths.last().is_none_or(|b| b.path != key.path) {
            self.paths.push(Binding {
                path: key.path.clone(),
                since: Utc::now(),
                how: how.to_owned(),
            });
        }
        self.statement = key.clone();
    }

    /// Notes on disk do not repeat the statement key; give each its file's key.
    fn fill_keys(&mut self) {
        for n in &mut self.notes {
            n.statement.clone_from(&self.statement);
        }
    }
}

/// A path the notes were bound to, since when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub path: String,
    pub since: DateTime<Utc>,
    /// `first saved`, `same path`, `moved`, `title and date`, `move-notes`.
    pub how: String,
}

/// A deleted note and when it was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DeletedNote {
    deleted_at: DateTime<Utc>,
    note: Note,
}

/// Just the version, to tell a newer format from a corrupt file.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// One file of the store.
#[derive(Debug)]
struct Entry {
    /// File name inside the notes folder, fixed when the file was created.
    name: String,
    /// `None` when the file did not parse.
    doc: Option<NotesFile>,
    /// Why the file must not be written, if it must not.
    read_only: Option<String>,
}

/// A note together with where it is anchored now.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchoredNote {
    pub note: Note,
    pub anchoring: Anchoring,
}

/// Where a change goes.
enum Target {
    Statement(StatementKey),
    Entry(usize),
}

/// All notes, loaded from `<data_dir>/notes/`.
#[derive(Debug)]
pub struct NoteStore {
    dir: PathBuf,
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
        let mut store = Self {
            dir: data_dir.join("notes"),
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

    /// Whether a problem file could hold the notes of the statement with this key: it has the
    /// name that statement's notes file gets. Problems in other files do not concern it.
    #[must_use]
    pub fn problem_concerns(&self, problem: &Problem, key: &StatementKey) -> bool {
        problem.path.file_name().and_then(|n| n.to_str()) == Some(default_name(key).as_str())
    }

    /// Forgets which stored paths exist, so that the next look-up asks the filesystem.
    pub fn forget_paths(&self) {
        self.exists_cache.borrow_mut().clear();
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

    /// Every note in the store.
    #[must_use]
    pub fn all_notes(&self) -> Vec<&Note> {
        self.entries
            .iter()
            .filter_map(|e| e.doc.as_ref())
            .flat_map(|d| &d.notes)
            .collect()
    }

    /// Every statement with notes or reviews, with its stored key and notes.
    #[must_use]
    pub fn statements(&self) -> Vec<(&StatementKey, &[Note])> {
        self.entries
            .iter()
            .filter_map(|e| e.doc.as_ref())
            .map(|d| (&d.statement, d.notes.as_slice()))
            .collect()
    }

    /// The user's correction of a statement's metadata, found like its notes.
    #[must_use]
    pub fn correction_for(&self, key: &StatementKey) -> Option<&Correction> {
        self.doc_for(key)?.corrections.as_ref()
    }

    /// Every stored correction with its statement's key, for ingestion to apply.
    #[must_use]
    pub fn corrections(&self) -> CorrectionTable {
        CorrectionTable::new(
            self.entries
                .iter()
                .filter_map(|e| e.doc.as_ref())
                .filter_map(|d| Some((d.statement.clone(), d.corrections.clone()?)))
                .collect(),
        )
    }

    /// Sets (or with `None`, or a correction that corrects nothing, removes) the correction
    /// of statement `st`'s metadata; returns the one it replaces. `st` is the statement as
    /// read (its key is its metadata before any correction).
    pub fn set_correction(
        &mut self,
        st: &Statement,
        rel_path: &str,
        correction: Option<Correction>,
    ) -> Result<Option<Correction>, StoreError> {
        let key = StatementKey::of(st, rel_path);
        let correction = correction.filter(|c| !c.is_empty()).map(|mut c| {
            c.updated = Utc::now();
            c
        });
        self.update(Target::Statement(key), move |doc| {
            Ok(std::mem::replace(&mut doc.corrections, correction))
        })
    }

    /// A note by id.
    #[must_use]
    pub fn note(&self, id: &str) -> Option<&Note> {
        let &idx = self.note_file.get(id)?;
        self.entries
            .get(idx)?
            .doc
            .as_ref()?
            .notes
            .iter()
            .find(|n| n.id == id)
    }

    /// Whether changes to the notes of the statement with this key would be refused.
    #[must_use]
    pub fn is_read_only(&self, key: &StatementKey) -> bool {
        match self.locate(key) {
            Some(idx) => self.entries.get(idx).is_some_and(|e| e.read_only.is_some()),
            None => self
                .by_name
                .get(&default_name(key))
                .and_then(|&i| self.entries.get(i))
                .is_some_and(|e| e.read_only.is_some()),
        }
    }

    /// A statement's notes and review marks as stored, not re-anchored: cheap enough to
    /// call for every row of a long statement list.
    #[must_use]
    pub fn stored_for(&self, key: &StatementKey) -> Option<(&[Note], &[Review])> {
        self.doc_for(key)
            .map(|d| (d.notes.as_slice(), d.reviewed.as_slice()))
    }

    /// The notes of a statement, each anchored against its current paragraphs (orphans too).
    #[must_use]
    pub fn notes_for(&self, st: &Statement, rel_path: &str) -> Vec<AnchoredNote> {
        let Some(doc) = self.doc_for(&StatementKey::of(st, rel_path)) else {
            return Vec::new();
        };
        let index = ParagraphIndex::new(st);
        doc.notes
            .iter()
            .map(|n| AnchoredNote {
                anchoring: index.anchor(&n.anchor, n.paragraph),
                note: n.clone(),
            })
            .collect()
    }

    /// The reviewed paragraphs of a statement (1-based, sorted), re-anchored like notes.
    #[must_use]
    pub fn reviewed_for(&self, st: &Statement, rel_path: &str) -> Vec<usize> {
        let Some(doc) = self.doc_for(&StatementKey::of(st, rel_path)) else {
            return Vec::new();
        };
        let index = ParagraphIndex::new(st);
        let mut out: Vec<usize> = doc
            .reviewed
            .iter()
            .filter_map(|r| index.anchor(&r.anchor, r.paragraph).paragraph)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Adds a note on 1-based `paragraph` of `st`; returns it once it is on disk.
    pub fn add(
        &mut self,
        st: &Statement,
        rel_path: &str,
        paragraph: usize,
        text: &str,
    ) -> Result<Note, StoreError> {
        refuse_blank(text)?;
        let mut note = Note::new(st, rel_path, paragraph, text).ok_or_else(|| {
            StoreError::ParagraphOutOfRange {
                source_path: rel_path.to_owned(),
                paragraph,
                count: st.paragraphs.len(),
            }
        })?;
        let key = StatementKey::of(st, rel_path);
        let added = note.clone();
        self.update(Target::Statement(key), move |doc| {
            doc.notes.push(added);
            Ok(())
        })?;
        note.statement = StatementKey::of(st, rel_path);
        Ok(note)
    }

    /// Replaces a note's text (and tags). If another process deleted it meanwhile, it is
    /// written back with the new text: losing the user's words is worse than a resurrection.
    pub fn edit(&mut self, id: &str, text: &str) -> Result<Note, StoreError> {
        refuse_blank(text)?;
        let (idx, mine) = self.find_note(id)?;
        self.update(Target::Entry(idx), move |doc| {
            let note = note_in(doc, mine);
            note.set_text(text);
            Ok(note.clone())
        })
    }

    /// Deletes a note and returns it, so that the caller can undo with [`Self::restore`].
    /// The file keeps it among its deleted notes, so another process can undo it too.
    pub fn delete(&mut self, id: &str) -> Result<Note, StoreError> {
        let (idx, mine) = self.find_note(id)?;
        self.update(Target::Entry(idx), move |doc| {
            let on_disk = doc.notes.iter().position(|n| n.id == mine.id);
            let gone = on_disk.map_or(mine, |i| doc.notes.remove(i));
            doc.deleted.retain(|d| d.note.id != gone.id);
            doc.deleted.push(DeletedNote {
                deleted_at: Utc::now(),
                note: gone.clone(),
            });
            let excess = doc.deleted.len().saturating_sub(DELETED_KEPT);
            doc.deleted.drain(..excess);
            Ok(gone)
        })
    }

    /// The most recently deleted note kept in the store, by id or (without an id) of all
    /// files, for undoing a delete made by another process or an earlier run.
    #[must_use]
    pub fn deleted_note(&self, id: &str) -> Option<&Note> {
        self.entries
            .iter()
            .filter_map(|e| e.doc.as_ref())
            .flat_map(|d| &d.deleted)
            .filter(|d| d.note.id == id)
            .max_by_key(|d| d.deleted_at)
            .map(|d| &d.note)
    }

    /// Puts a note back as it was (undo of a delete, an edit or a re-attach), in its
    /// statement's file; it leaves the file's deleted notes.
    pub fn restore(&mut self, note: Note) -> Result<(), StoreError> {
        let target = match self.note_file.get(&note.id) {
            Some(&idx) => Target::Entry(idx),
            None => Target::Statement(note.statement.clone()),
        };
        self.update(target, move |doc| {
            doc.deleted.retain(|d| d.note.id != note.id);
            match doc.notes.iter_mut().find(|n| n.id == note.id) {
                Some(n) => *n = note,
                None => doc.notes.push(note),
            }
            Ok(())
        })
    }

    /// Marks 1-based `paragraph` of `st` reviewed or not.
    pub fn set_reviewed(
        &mut self,
        st: &Statement,
        rel_path: &str,
        paragraph: usize,
        reviewed: bool,
    ) -> Result<(), StoreError> {
        let anchor = self.describe(st, rel_path, paragraph)?;
        let key = StatementKey::of(st, rel_path);
        self.update(Target::Statement(key), move |doc| {
            let index = ParagraphIndex::new(st);
            doc.reviewed
                .retain(|r| index.anchor(&r.anchor, r.paragraph).paragraph != Some(paragraph));
            if reviewed {
                doc.reviewed.push(Review {
                    anchor,
                    paragraph,
                    extra: Map::new(),
                });
            }
            Ok(())
        })
    }

    /// Moves a note to 1-based `paragraph` of `st` (confirms a fuzzy anchor or adopts an orphan).
    pub fn reattach(
        &mut self,
        id: &str,
        st: &Statement,
        rel_path: &str,
        paragraph: usize,
    ) -> Result<Note, StoreError> {
        let anchor = self.describe(st, rel_path, paragraph)?;
        let (idx, mine) = self.find_note(id)?;
        let key = StatementKey::of(st, rel_path);
        // Only the open statement's own notes: never pull a note out of another statement.
        if self.locate(&key) != Some(idx) {
            return Err(StoreError::OtherStatement {
                path: self.dir.clone(),
                owner: mine.statement.path,
            });
        }
        self.update(Target::Statement(key), move |doc| {
            let note = note_in(doc, mine);
            note.paragraph = paragraph;
            note.anchor = anchor;
            note.updated = Utc::now();
            Ok(note.clone())
        })
    }

    /// Moves every note and review mark of statement `from` to statement `to` (two files
    /// that both exist never share notes by themselves); returns how many notes moved.
    /// `to` is written first, so a crash in between leaves the notes in both, never in none.
    pub fn move_notes(
        &mut self,
        from: &StatementKey,
        to: &StatementKey,
    ) -> Result<usize, StoreError> {
        let _lock = self.lock()?;
        self.scan()?;
        let Some((from_idx, _)) = self.identify(from) else {
            return Err(StoreError::NothingToMove {
                path: self.dir.clone(),
                from: from.path.clone(),
            });
        };
        let source = self.current_doc(from_idx)?;
        if source.notes.is_empty() && source.reviewed.is_empty() && source.corrections.is_none() {
            return Err(StoreError::NothingToMove {
                path: self.dir.clone(),
                from: from.path.clone(),
            });
        }
        let (to_idx, _) = self.entry_for_write(to)?;
        if to_idx == from_idx {
            return Err(StoreError::NothingToMove {
                path: self.dir.clone(),
                from: format!("{} (it is the same statement as {})", from.path, to.path),
            });
        }
        let moved: Vec<String> = source.notes.iter().map(|n| n.id.clone()).collect();
        let (notes, reviewed, corrections) = (source.notes, source.reviewed, source.corrections);
        // A correction moves along unless the target has its own.
        let mut correction_moved = false;
        self.apply(to_idx, |doc| {
            doc.bind(to, "move-notes");
            for n in notes {
                if !doc.notes.iter().any(|m| m.id == n.id) {
                    doc.notes.push(n);
                }
            }
            doc.reviewed.extend(reviewed);
            if doc.corrections.is_none() && corrections.is_some() {
                doc.corrections = corrections;
                correction_moved = true;
            }
            Ok(())
        })?;
        self.apply(from_idx, |doc| {
            doc.notes.retain(|n| !moved.contains(&n.id));
            doc.reviewed.clear();
            if correction_moved {
                doc.corrections = None;
            }
            Ok(())
        })?;
        Ok(moved.len())
    }

    /// A file's document as on disk now (the caller holds the lock).
    fn current_doc(&mut self, idx: usize) -> Result<NotesFile, StoreError> {
        let path = self
            .entries
            .get(idx)
            .map(|e| self.path_of(&e.name))
            .unwrap_or_else(|| self.dir.clone());
        match fs::read(&path) {
            Ok(bytes) => self.reparse(idx, &path, &bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(self
                .entries
                .get(idx)
                .and_then(|e| e.doc.clone())
                .unwrap_or_else(|| NotesFile::new(StatementKey::default()))),
            Err(source) => Err(StoreError::Io { path, source }),
        }
    }

    fn describe(
        &self,
        st: &Statement,
        rel_path: &str,
        paragraph: usize,
    ) -> Result<Anchor, StoreError> {
        Anchor::describe(&st.paragraphs, paragraph).ok_or_else(|| StoreError::ParagraphOutOfRange {
            source_path: rel_path.to_owned(),
            paragraph,
            count: st.paragraphs.len(),
        })
    }

    fn find_note(&self, id: &str) -> Result<(usize, Note), StoreError> {
        let note = self.note(id).ok_or_else(|| StoreError::NotFound {
            path: self.dir.clone(),
            id: id.to_owned(),
        })?;
        let idx = self.note_file.get(id).copied().unwrap_or_default();
        Ok((idx, note.clone()))
    }

    fn doc_for(&self, key: &StatementKey) -> Option<&NotesFile> {
        self.entries.get(self.locate(key)?)?.doc.as_ref()
    }

    /// The file holding a statement's notes (see [`crate::model::identity`]).
    fn locate(&self, key: &StatementKey) -> Option<usize> {
        self.identify(key).map(|(idx, _)| idx)
    }

    /// The file holding a statement's notes and how it was matched.
    fn identify(&self, key: &StatementKey) -> Option<(usize, Identified)> {
        let mut seen = Vec::new();
        let lists = [
            self.by_path.get(&key.path),
            self.by_digest.get(&key.id),
            key.title_date().and_then(|td| self.by_title_date.get(&td)),
            (!self.roots.is_empty()).then_some(&self.relative),
        ];
        for &idx in lists.into_iter().flatten().flatten() {
            if !seen.contains(&idx) {
                seen.push(idx);
            }
        }
        let candidates = seen.into_iter().filter_map(|idx| {
            let doc = self.entries.get(idx)?.doc.as_ref()?;
            Some((idx, &doc.statement))
        });
        identify(
            key,
            candidates,
            |stored| {
                stored == key.path || self.resolve_relative(stored).as_deref() == Some(&key.path)
            },
            |stored| self.path_exists(stored),
        )
    }

    /// How the stored notes of a statement were matched to it; `None` when it has none.
    #[must_use]
    pub fn identification(&self, key: &StatementKey) -> Option<Identified> {
        self.identify(key).map(|(_, how)| how)
    }

    /// The paths a statement's notes have been bound to, oldest first.
    #[must_use]
    pub fn bindings(&self, key: &StatementKey) -> Vec<Binding> {
        self.doc_for(key)
            .map(|d| d.paths.clone())
            .unwrap_or_default()
    }

    /// A path stored relative to a library folder, made absolute, if it exists there.
    fn resolve_relative(&self, stored: &str) -> Option<String> {
        if self.roots.is_empty() || is_absolute_key(stored) {
            return None;
        }
        self.roots
            .iter()
            .map(|r| r.join(stored))
            .find(|p| p.exists())
            .map(|p| p.to_string_lossy().into_owned())
    }

    /// Whether the file a stored path names still exists (bundled samples always do). A
    /// relative path from an older build counts when it exists under a library folder.
    fn path_exists(&self, stored: &str) -> bool {
        if stored.starts_with("bundled:") {
            return true;
        }
        if let Some(&known) = self.exists_cache.borrow().get(stored) {
            return known;
        }
        let exists = if is_absolute_key(stored) {
            Path::new(stored).exists()
        } else {
            self.resolve_relative(stored).is_some()
        };
        self.exists_cache
            .borrow_mut()
            .insert(stored.to_owned(), exists);
        exists
    }

    fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Loads every `*.json` file of the folder that is not loaded yet.
    fn scan(&mut self) -> Result<(), StoreError> {
        let rd = fs::read_dir(&self.dir).map_err(|source| StoreError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let mut names: Vec<String> = rd
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
            .filter(|n| !self.by_name.contains_key(n))
            .collect();
        names.sort();
        for name in names {
            self.load_new(name);
        }
        Ok(())
    }

    fn load_new(&mut self, name: String) {
        let path = self.path_of(&name);
        if let Some(reason) = not_regular(&path) {
            self.problems.push(Problem {
                path: path.clone(),
                position: None,
                message: reason.clone(),
            });
            let idx = self.entries.len();
            self.by_name.insert(name.clone(), idx);
            self.entries.push(Entry {
                name,
                doc: None,
                read_only: Some(reason),
            });
            return;
        }
        let entry = match fs::read(&path) {
            Ok(bytes) => match self.parse(&path, &bytes) {
                Ok(doc) => Entry {
                    read_only: newer_version_reason(&doc),
                    doc: Some(doc),
                    name,
                },
                Err(reason) => Entry {
                    name,
                    doc: None,
                    read_only: Some(reason),
                },
            },
            Err(e) => {
                self.problems.push(Problem {
                    path: path.clone(),
                    position: None,
                    message: e.to_string(),
                });
                Entry {
                    name,
                    doc: None,
                    read_only: Some(e.to_string()),
                }
            }
        };
        if let Some(reason) = entry.read_only.as_ref().filter(|_| entry.doc.is_some()) {
            self.problems.push(Problem {
                path,
                position: None,
                message: reason.clone(),
            });
        }
        let idx = self.entries.len();
        self.by_name.insert(entry.name.clone(), idx);
        self.entries.push(entry);
        self.index(idx);
    }

    /// Parses a file; on failure records the problem, keeps a `.corrupt-` copy (once) and
    /// returns why the file is read-only.
    fn parse(&mut self, path: &Path, bytes: &[u8]) -> Result<NotesFile, String> {
        match serde_json::from_slice::<NotesFile>(bytes) {
            Ok(mut doc) => {
                doc.fill_keys();
                Ok(doc)
            }
            Err(e) => {
                if let Ok(v) = serde_json::from_slice::<VersionOnly>(bytes)
                    && v.version > FORMAT_VERSION
                {
                    let reason = newer_reason(v.version);
                    self.problems.push(Problem {
                        path: path.to_path_buf(),
                        position: None,
                        message: reason.clone(),
                    });
                    return Err(reason);
                }
                let mut message = error_message(&e);
                if let Err(copy_err) = keep_corrupt_copy(path, bytes) {
                    message = format!("{message} (could not keep a copy: {copy_err})");
                }
                self.problems.push(Problem {
                    path: path.to_path_buf(),
                    position: Some((e.line(), e.column())),
                    message: message.clone(),
                });
                Err(format!(
                    "{}:{}:{}: {message}",
                    path.display(),
                    e.line(),
                    e.column()
                ))
            }
        }
    }

    fn index(&mut self, idx: usize) {
        let Some(doc) = self.entries.get(idx).and_then(|e| e.doc.as_ref()) else {
            return;
        };
        let key = &doc.statement;
        if !key.id.is_empty() {
            self.by_digest.entry(key.id.clone()).or_default().push(idx);
        }
        if !key.path.is_empty() {
            self.by_path.entry(key.path.clone()).or_default().push(idx);
            if !is_absolute_key(&key.path) {
                self.relative.push(idx);
            }
        }
        if let Some(td) = key.title_date() {
            self.by_title_date.entry(td).or_default().push(idx);
        }
        for n in &doc.notes {
            self.note_file.insert(n.id.clone(), idx);
        }
        // A deleted note is put back in its own file, also by another process.
        for d in &doc.deleted {
            self.note_file.entry(d.note.id.clone()).or_insert(idx);
        }
    }

    fn unindex(&mut self, idx: usize) {
        let Some(doc) = self.entries.get(idx).and_then(|e| e.doc.as_ref()) else {
            return;
        };
        let key = doc.statement.clone();
        let drop_from = |list: Option<&mut Vec<usize>>| {
            if let Some(l) = list {
                l.retain(|&i| i != idx);
            }
        };
        drop_from(self.by_digest.get_mut(&key.id));
        drop_from(self.by_path.get_mut(&key.path));
        self.relative.retain(|&i| i != idx);
        if let Some(td) = key.title_date() {
            drop_from(self.by_title_date.get_mut(&td));
        }
        let ids: Vec<String> = doc
            .notes
            .iter()
            .map(|n| n.id.clone())
            .chain(doc.deleted.iter().map(|d| d.note.id.clone()))
            .collect();
        for id in ids {
            if self.note_file.get(&id) == Some(&idx) {
                self.note_file.remove(&id);
            }
        }
    }

    /// Applies one change durably: lock, re-read, apply on top of the disk version, write
    /// atomically, unlock. On error nothing in memory changes and the old file stays. A
    /// change aimed at a statement binds its file to the statement's current path.
    fn update<R>(
        &mut self,
        target: Target,
        change: impl FnOnce(&mut NotesFile) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let _lock = self.lock()?;
        match target {
            Target::Entry(idx) => self.apply(idx, change),
            Target::Statement(key) => {
                let (idx, how) = self.entry_for_write(&key)?;
                self.apply(idx, move |doc| {
                    doc.bind(&key, how);
                    change(doc)
                })
            }
        }
    }

    /// Takes the store's lock (creating the folders) and clears leftovers of killed writers.
    fn lock(&self) -> Result<DirLock, StoreError> {
        fs::create_dir_all(&self.dir).map_err(|source| StoreError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let lock = DirLock::acquire(&self.dir)?;
        let tmp_dir = self.dir.join(TMP_DIR);
        fs::create_dir_all(&tmp_dir).map_err(|source| StoreError::Io {
            path: tmp_dir.clone(),
            source,
        })?;
        remove_stale_temps(&tmp_dir);
        Ok(lock)
    }

    /// Read-modify-write of one file; the caller holds the lock.
    fn apply<R>(
        &mut self,
        idx: usize,
        change: impl FnOnce(&mut NotesFile) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let entry = self.entries.get(idx).ok_or_else(|| StoreError::Io {
            path: self.dir.clone(),
            source: std::io::Error::other("internal: unknown notes file"),
        })?;
        let path = self.path_of(&entry.name);
        if let Some(reason) = not_regular(&path) {
            return Err(StoreError::ReadOnly { path, reason });
        }
        if let Some(reason) = &entry.read_only {
            return Err(StoreError::ReadOnly {
                path,
                reason: reason.clone(),
            });
        }
        // Deleted behind our back (or not created yet): start again from what we know.
        let mut doc = self.current_doc(idx)?;
        doc.fill_keys();
        let result = change(&mut doc)?;
        doc.version = FORMAT_VERSION;
        let bytes = serde_json::to_vec_pretty(&doc).map_err(|source| StoreError::Encode {
            path: path.clone(),
            source,
        })?;
        write_atomic(&self.dir.join(TMP_DIR), &self.dir, &path, &bytes, true)?;
        doc.fill_keys();
        self.unindex(idx);
        if let Some(e) = self.entries.get_mut(idx) {
            e.doc = Some(doc);
        }
        self.index(idx);
        Ok(result)
    }

    /// Re-reads the target file under the lock; a file that stopped parsing becomes read-only.
    fn reparse(&mut self, idx: usize, path: &Path, bytes: &[u8]) -> Result<NotesFile, StoreError> {
        match serde_json::from_slice::<NotesFile>(bytes) {
            Ok(doc) if doc.version > FORMAT_VERSION => {
                let reason = newer_reason(doc.version);
                if let Some(e) = self.entries.get_mut(idx) {
                    e.read_only = Some(reason.clone());
                }
                Err(StoreError::ReadOnly {
                    path: path.to_path_buf(),
                    reason,
                })
            }
            Ok(doc) => Ok(doc),
            Err(e) => {
                let reason = self.parse(path, bytes).err().unwrap_or_default();
                if let Some(entry) = self.entries.get_mut(idx) {
                    entry.read_only = Some(reason.clone());
                }
                if serde_json::from_slice::<VersionOnly>(bytes)
                    .is_ok_and(|v| v.version > FORMAT_VERSION)
                {
                    return Err(StoreError::ReadOnly {
                        path: path.to_path_buf(),
                        reason,
                    });
                }
                Err(StoreError::Corrupt {
                    path: path.to_path_buf(),
                    line: e.line(),
                    column: e.column(),
                    message: error_message(&e),
                })
            }
        }
    }

    /// The entry a statement's change goes to, creating it (in memory) if needed, and why
    /// it was chosen (recorded with the binding). Called under the lock: files created
    /// meanwhile by other processes are loaded first.
    fn entry_for_write(&mut self, key: &StatementKey) -> Result<(usize, &'static str), StoreError> {
        if let Some(found) = self.identify(key) {
            return Ok(with_reason(found));
        }
        self.scan()?;
        if let Some(found) = self.identify(key) {
            return Ok(with_reason(found));
        }
        let mut name = default_name(key);
        if let Some(&i) = self.by_name.get(&name) {
            let reason = self
                .entries
                .get(i)
                .and_then(|e| e.read_only.clone())
                .unwrap_or_else(|| "file name taken".into());
            if self.entries.get(i).is_some_and(|e| e.doc.is_none()) {
                // Most likely this statement's own file, which no longer parses.
                return Err(StoreError::ReadOnly {
                    path: self.path_of(&name),
                    reason,
                });
            }
            name = format!("{}.json", uuid::Uuid::new_v4().simple());
        }
        let idx = self.entries.len();
        self.by_name.insert(name.clone(), idx);
        self.entries.push(Entry {
            name,
            doc: Some(NotesFile::new(key.clone())),
            read_only: None,
        });
        self.index(idx);
        Ok((idx, "first saved"))
    }
}

/// The binding reason recorded for a match.
fn with_reason((idx, how): (usize, Identified)) -> (usize, &'static str) {
    let reason = match how {
        Identified::SamePath => "same path",
        Identified::Moved { .. } => "moved",
        Identified::TitleDate { .. } => "title and date",
    };
    (idx, reason)
}

/// Refuses a note with no text: the reader refuses it too.
fn refuse_blank(text: &str) -> Result<(), StoreError> {
    if text.trim().is_empty() {
        return Err(StoreError::EmptyNote);
    }
    Ok(())
}

/// Whether a stored path is absolute (or a bundled sample's label), not relative to a
/// library folder.
fn is_absolute_key(stored: &str) -> bool {
    stored.starts_with("bundled:") || Path::new(stored).is_absolute()
}

/// The note with `mine`'s id in `doc`, re-added from `mine` if it is not there any more.
fn note_in(doc: &mut NotesFile, mine: Note) -> &mut Note {
    let pos = match doc.notes.iter().position(|n| n.id == mine.id) {
        Some(p) => p,
        None => {
            doc.notes.push(mine);
            doc.notes.len() - 1
        }
    };
    &mut doc.notes[pos]
}

/// The file name a statement's notes get when first saved: stable, from the path.
fn default_name(key: &StatementKey) -> String {
    let basis = if key.path.is_empty() {
        &key.id
    } else {
        &key.path
    };
    let digest = digest_hex(basis);
    format!("{}.json", digest.get(..16).unwrap_or(&digest))
}

fn newer_reason(version: u32) -> String {
    format!(
        "written by a newer demarche (format version {version}; this one knows {FORMAT_VERSION})"
    )
}

fn newer_version_reason(doc: &NotesFile) -> Option<String> {
    (doc.version > FORMAT_VERSION).then(|| newer_reason(doc.version))
}

/// serde_json's message without its trailing " at line L column C".
fn error_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}

/// Copies a corrupt file to `<name>.corrupt-<timestamp>` unless an identical copy exists.
fn keep_corrupt_copy(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Ok(());
    };
    let prefix = format!("{name}.corrupt-");
    for e in fs::read_dir(dir)?.filter_map(Result::ok) {
        let is_copy = e
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix));
        if is_copy && fs::read(e.path()).is_ok_and(|b| b == bytes) {
            return Ok(());
        }
    }
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    fs::write(dir.join(format!("{prefix}{stamp}")), bytes)
}

/// Removes temp files left by killed writers. Only called with the lock held.
fn remove_stale_temps(dir: &Path) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.filter_map(Result::ok) {
        if e.file_name().to_str().is_some_and(|n| n.contains(TMP_MARK)) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes `bytes` to `path` atomically (see [`write_atomic`]), without a backup; for exports.
///
/// Only a regular file (or a new one) is written: a rename over a device, a FIFO, a link or a
/// folder would replace that thing with a file, so those are refused with what to do.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    refuse_special(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    write_atomic(&dir, &dir, path, bytes, false)
}

/// Why a notes file is not used: a link (a save would replace the link, not its target, and
/// a link may point out of the data dir) or anything but a regular file.
fn not_regular(path: &Path) -> Option<String> {
    let m = fs::symlink_metadata(path).ok()?;
    if m.file_type().is_symlink() {
        Some("is a symbolic link; demarche does not follow links in its notes folder: put the file itself there".into())
    } else if !m.is_file() {
        Some("is not a regular file; move it out of the notes folder".into())
    } else {
        None
    }
}

/// Refuses a path that exists and is not a regular file (links are not followed).
fn refuse_special(path: &Path) -> Result<(), StoreError> {
    let refuse = |what: &str| StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!(
            "{what}; demarche writes only regular files: give a file name, or `-` for standard output"
        )),
    };
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
        Ok(m) if m.file_type().is_symlink() => Err(refuse("is a symbolic link, not replaced")),
        Ok(m) if m.is_dir() => Err(refuse("is a folder")),
        Ok(m) if !m.is_file() => Err(refuse("is a device, FIFO or socket, not replaced")),
        Ok(_) => Ok(()),
    }
}

/// Writes `bytes` to `path` so that a crash leaves either the old or the new file:
/// temp file in `tmp_dir` (on the same filesystem), fsync, keep `.bak` (if asked), rename,
/// fsync the folder `dir` that holds `path`.
fn write_atomic(
    tmp_dir: &Path,
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    backup: bool,
) -> Result<(), StoreError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| StoreError::Io { path: p, source }
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("notes.json");
    let nanos = Utc::now().timestamp_subsec_nanos();
    let tmp = tmp_dir.join(format!("{name}{TMP_MARK}{}-{nanos}", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io(&tmp))?;
        f.write_all(bytes).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
        drop(f);
        slow_save_hook();
        if backup && path.exists() {
            keep_backup(dir, path, name)?;
        }
        fs::rename(&tmp, path).map_err(io(path))?;
        File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Keeps the current file as `<name>.bak` (hard link, else copy) before it is replaced.
fn keep_backup(dir: &Path, path: &Path, name: &str) -> Result<(), StoreError> {
    let bak = dir.join(format!("{name}.bak"));
    match fs::remove_file(&bak) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(StoreError::Io { path: bak, source }),
    }
    if fs::hard_link(path, &bak).is_err() {
        fs::copy(path, &bak).map_err(|source| StoreError::Io { path: bak, source })?;
    }
    Ok(())
}

fn slow_save_hook() {
    if let Some(ms) = std::env::var(SLOW_SAVE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// The exclusive lock on `notes/.lock`, held for one save. A separate file, because the
/// rename puts a new inode in place and a lock on the data file would not follow it.
struct DirLock {
    _file: File,
}

impl DirLock {
    fn acquire(dir: &Path) -> Result<Self, StoreError> {
        let path = dir.join(".lock");
        // A link would make the lock create or truncate a file elsewhere: refused.
        if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(StoreError::ReadOnly {
                path,
                reason: "the lock file is a link or not a regular file; remove it (demarche makes a new one)".into(),
            });
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
        file.lock()
            .map_err(|source| StoreError::Io { path, source })?;
        // Closing the file (on drop) releases the lock, also when the process dies.
        Ok(Self { _file: file })
    }
}

/// The path stored in a statement's key: the file's canonical absolute path, so that the
/// same file reached by different routes is one statement, and whether the file still exists
/// can be asked later (see [`crate::model::identity`]).
#[must_use]
pub fn key_path(file: &Path) -> String {
    // A path that cannot be resolved (no such file: a test's hand-made statement) is kept
    // as given.
    let abs = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    abs.to_string_lossy().into_owned()
}
