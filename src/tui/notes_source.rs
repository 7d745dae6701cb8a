//! What the reader needs from the notes store, as a trait so that the reader does not know
//! how notes are kept (and tests can use a fake). Reads are cheap and infallible; writes
//! do I/O and are only called from `App::perform`, never from `update`.

use std::path::PathBuf;

use crate::model::anchor::AnchorStatus;
use crate::model::notes::{Note, StatementKey};
use crate::model::statement::Statement;
use crate::store::{NoteStore, StoreError};

/// A note as the reader shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteView {
    pub id: String,
    /// 1-based paragraph the note is attached to now; `None` when orphaned.
    pub paragraph: Option<usize>,
    pub text: String,
    pub tags: Vec<String>,
    /// How the note was found in the statement as it is now.
    pub anchor: AnchorStatus,
    /// The start of the paragraph the note was written on (shown for orphans).
    pub quote: String,
}

/// A write's result; its error names the file concerned and what to do.
pub type WriteResult<T> = Result<T, StoreError>;

/// Access to notes and review marks.
pub trait NotesSource {
    /// Every note of a statement.
    fn notes_for(&self, st: &Statement) -> Vec<NoteView>;
    /// The 1-based paragraphs marked reviewed.
    fn reviewed_for(&self, st: &Statement) -> Vec<usize>;
    /// (notes, reviewed paragraphs) of the statement with this key and this many
    /// paragraphs, for the list. The key's path is already resolved: no I/O while drawing.
    fn counts(&self, key: &StatementKey, paragraphs: usize) -> (usize, usize);
    /// The tags used in a statement's notes, for `#tag` filters.
    fn tags(&self, key: &StatementKey) -> Vec<String> {
        let _ = key;
        Vec::new()
    }
    /// Every tag in use, sorted, for completion in the editor.
    fn all_tags(&self) -> Vec<String> {
        Vec::new()
    }
    /// Why the notes of this statement cannot be changed, if they cannot.
    fn read_only(&self, st: &Statement) -> Option<String> {
        let _ = st;
        None
    }
    /// What the user must be told about how this statement's notes were found (the weak
    /// title-and-date match), if anything.
    fn identity_warning(&self, st: &Statement) -> Option<String> {
        let _ = st;
        None
    }
    /// Files the store could not use (`path:line:column: message`), to show at start.
    fn problems(&self) -> Vec<String> {
        Vec::new()
    }
    /// A folder for the external editor's temp file.
    fn scratch_dir(&self) -> Option<PathBuf> {
        None
    }
    /// Adds a note on 1-based `paragraph`; returns its id.
    fn add(&mut self, st: &Statement, paragraph: usize, text: &str) -> WriteResult<String> {
        let _ = (st, paragraph, text);
        Err(StoreError::NoDataDir)
    }
    /// Replaces a note's text.
    fn edit(&mut self, id: &str, text: &str) -> WriteResult<()> {
        let _ = (id, text);
        Err(StoreError::NoDataDir)
    }
    /// Deletes a note and returns it as it was, so that it can be put back.
    fn delete(&mut self, id: &str) -> WriteResult<Note> {
        let _ = id;
        Err(StoreError::NoDataDir)
    }
    /// A whole stored note by id (what undo needs to put it back as it was).
    fn note(&self, id: &str) -> Option<Note> {
        let _ = id;
        None
    }
    /// Puts a whole note back by id, replacing the stored one if there is one.
    fn restore(&mut self, note: Note) -> WriteResult<()> {
        let _ = note;
        Err(StoreError::NoDataDir)
    }
    /// Takes a freshly opened store (another process changed the notes); false when this
    /// source is not backed by a store and ignores it.
    fn replace_store(&mut self, store: NoteStore) -> bool {
        let _ = store;
        false
    }
    /// Marks 1-based `paragraph` reviewed or not.
    fn set_reviewed(
        &mut self,
        st: &Statement,
        paragraph: usize,
        reviewed: bool,
    ) -> WriteResult<()> {
        let _ = (st, paragraph, reviewed);
        Err(StoreError::NoDataDir)
    }
    /// The stored corrections of statements' metadata; `None` when this source keeps none.
    fn corrections(&self) -> Option<crate::model::corrections::CorrectionTable> {
        None
    }
    /// Stores (or with `None` removes) the correction of `st`'s metadata, `st` as read.
    fn set_correction(
        &mut self,
        st: &Statement,
        correction: Option<crate::model::corrections::Correction>,
    ) -> WriteResult<()> {
        let _ = (st, correction);
        Err(StoreError::NoDataDir)
    }
    /// Moves a note to 1-based `paragraph` of `st`.
    fn reattach(&mut self, id: &str, st: &Statement, paragraph: usize) -> WriteResult<()> {
        let _ = (id, st, paragraph);
        Err(StoreError::NoDataDir)
    }
}

/// No notes at all: used when there is no data directory.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNotes;

impl NotesSource for NoNotes {
    fn notes_for(&self, _st: &Statement) -> Vec<NoteView> {
        Vec::new()
    }
    fn reviewed_for(&self, _st: &Statement) -> Vec<usize> {
        Vec::new()
    }
    fn counts(&self, _key: &StatementKey, _paragraphs: usize) -> (usize, usize) {
        (0, 0)
    }
}
