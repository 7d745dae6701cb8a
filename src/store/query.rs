//! Reads of the store as loaded: no I/O, except whether a stored path still exists.

use super::format::default_name;
use super::{Binding, NoteStore, Problem};
use crate::model::corrections::{Correction, CorrectionTable};
use crate::model::notes::{Note, Review, StatementKey};

impl NoteStore {
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

    /// The paths a statement's notes have been bound to, oldest first.
    #[must_use]
    pub fn bindings(&self, key: &StatementKey) -> Vec<Binding> {
        self.doc_for(key)
            .map(|d| d.paths.clone())
            .unwrap_or_default()
    }
}
