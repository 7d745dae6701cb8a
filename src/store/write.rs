//! Changes to the notes: each one saved at once (see [`NoteStore::update`]).

use chrono::Utc;
use serde_json::Map;

use super::format::{DeletedNote, NotesFile};
use super::transaction::Target;
use super::{DELETED_KEPT, NoteStore, StoreError};
use crate::model::anchor::ParagraphIndex;
use crate::model::corrections::Correction;
use crate::model::notes::{Note, Review, StatementKey};
use crate::model::statement::Statement;

impl NoteStore {
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
}

/// Refuses a note with no text: the reader refuses it too.
fn refuse_blank(text: &str) -> Result<(), StoreError> {
    if text.trim().is_empty() {
        return Err(StoreError::EmptyNote);
    }
    Ok(())
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
