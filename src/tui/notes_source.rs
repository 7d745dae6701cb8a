//! What the reader needs from the notes store, as a trait so that the store (written
//! separately) can be plugged in without the reader knowing how notes are kept.

use crate::model::library::Summary;
use crate::model::statement::Statement;

/// A note as the reader shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteView {
    pub id: String,
    /// 1-based paragraph the note is attached to now; `None` when orphaned.
    pub paragraph: Option<usize>,
    pub text: String,
    pub tags: Vec<String>,
    /// `exact`, `moved`, `fuzzy` or `orphaned`.
    pub anchor: String,
}

/// Read access to notes and review marks.
pub trait NotesSource {
    /// Every note of a statement.
    fn notes_for(&self, st: &Statement) -> Vec<NoteView>;
    /// The 1-based paragraphs marked reviewed.
    fn reviewed_for(&self, st: &Statement) -> Vec<usize>;
    /// (notes, reviewed paragraphs) of a statement, for the list.
    fn counts(&self, summary: &Summary) -> (usize, usize);
    /// The tags used in a statement's notes, for `#tag` filters.
    fn tags(&self, summary: &Summary) -> Vec<String> {
        let _ = summary;
        Vec::new()
    }
}

/// No notes at all: the default until the notes store is plugged in.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNotes;

impl NotesSource for NoNotes {
    fn notes_for(&self, _st: &Statement) -> Vec<NoteView> {
        Vec::new()
    }
    fn reviewed_for(&self, _st: &Statement) -> Vec<usize> {
        Vec::new()
    }
    fn counts(&self, _summary: &Summary) -> (usize, usize) {
        (0, 0)
    }
}
