//! Undo and redo of every change the reader makes to notes and review marks.
//!
//! Why inverse operations rather than snapshots of the store: the store is shared with
//! other writers (a second reader, `demarche annotate`), so undoing must touch only what
//! this reader changed. Each change is recorded as the store operation that reverses it;
//! carrying out an operation yields the operation that reverses *that*, which goes on the
//! other stack. Undo and redo are therefore the same code, at any depth.
//!
//! `update` only moves an entry from a stack into an [`Effect`]; the store is written in
//! `perform`, which puts the entry back if the write fails, so nothing is ever lost.

use std::sync::Arc;

use crate::model::notes::Note;
use crate::model::statement::Statement;
use crate::tui::app::{App, Effect};
use crate::tui::notes_source::WriteResult;

/// Most changes kept on each stack; the oldest are forgotten first.
pub const DEPTH: usize = 200;

/// A store operation kept in the history.
#[derive(Debug, Clone, PartialEq)]
pub enum NoteOp {
    /// Put this whole note back by id, replacing the stored one (undoes a deletion, an
    /// edit or a re-attachment).
    Restore(Box<Note>),
    /// Delete this note (undoes an addition). The whole note is kept so that the inverse,
    /// putting it back, is known even if someone else deleted it meanwhile.
    Delete(Box<Note>),
    /// Mark a paragraph reviewed or not. The statement is kept (shared, not copied) so that
    /// the mark can be undone after another statement was opened.
    Review {
        st: Arc<Statement>,
        paragraph: usize,
        reviewed: bool,
    },
}

/// One entry of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What the user did, as the status says it: `note deleted on ¶3`.
    pub what: String,
    /// Library source of the statement concerned, to name it when another one is open.
    pub source: usize,
    /// The operation that goes the other way.
    pub op: NoteOp,
}

/// Which way through the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Undo,
    Redo,
}

impl Direction {
    const fn verb(self) -> &'static str {
        match self {
            Self::Undo => "undo",
            Self::Redo => "redo",
        }
    }

    const fn done(self) -> &'static str {
        match self {
            Self::Undo => "undid",
            Self::Redo => "redid",
        }
    }
}

/// The undo and redo stacks, newest last.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
}

impl History {
    /// A new change by the user: it can be undone, and what was undone before can no
    /// longer be redone (it would apply on top of a different state).
    pub fn record(&mut self, change: Change) {
        push_capped(&mut self.undo, change);
        self.redo.clear();
    }

    fn stack(&mut self, dir: Direction) -> &mut Vec<Change> {
        match dir {
            Direction::Undo => &mut self.undo,
            Direction::Redo => &mut self.redo,
        }
    }
}

fn push_capped(stack: &mut Vec<Change>, change: Change) {
    if stack.len() >= DEPTH {
        stack.remove(0);
    }
    stack.push(change);
}

impl App {
    /// `u` and `Ctrl-r`: hands the newest entry to an effect (no I/O here).
    pub(crate) fn history_action(&mut self, dir: Direction) -> Vec<Effect> {
        match self.history.stack(dir).pop() {
            Some(change) => self.saving(match dir {
                Direction::Undo => Effect::Undo(change),
                Direction::Redo => Effect::Redo(change),
            }),
            None => {
                self.say(format!("nothing to {}", dir.verb()), false);
                Vec::new()
            }
        }
    }

    /// Carries out an undo or redo: on success the inverse goes on the other stack; on
    /// failure the entry goes back where it was, to be tried again.
    pub(crate) fn perform_history(&mut self, dir: Direction, change: Change) {
        match self.run_op(change.op.clone()) {
            Ok(inverse) => {
                let text = format!(
                    "{}: {}{}",
                    dir.done(),
                    change.what,
                    self.elsewhere(change.source)
                );
                let other = match dir {
                    Direction::Undo => Direction::Redo,
                    Direction::Redo => Direction::Undo,
                };
                let back = Change {
                    op: inverse,
                    ..change
                };
                push_capped(self.history.stack(other), back);
                self.finish_write(Ok(Some(text)));
            }
            Err(e) => {
                self.history.stack(dir).push(change);
                self.finish_write(Err(format!("cannot {}: {e}", dir.verb())));
            }
        }
    }

    /// Writes one operation to the store and returns the operation that reverses it.
    fn run_op(&mut self, op: NoteOp) -> WriteResult<NoteOp> {
        match op {
            NoteOp::Restore(note) => {
                let before = self.notes.note(&note.id);
                let put = (*note).clone();
                self.notes.restore(put)?;
                Ok(match before {
                    Some(old) => NoteOp::Restore(Box::new(old)),
                    None => NoteOp::Delete(note),
                })
            }
            NoteOp::Delete(note) => {
                if self.notes.note(&note.id).is_none() {
                    // Already gone (another writer deleted it): the undo is done as it is.
                    return Ok(NoteOp::Restore(note));
                }
                let removed = self.notes.delete(&note.id)?;
                Ok(NoteOp::Restore(Box::new(removed)))
            }
            NoteOp::Review {
                st,
                paragraph,
                reviewed,
            } => {
                let was = self.notes.reviewed_for(&st).contains(&paragraph);
                self.notes.set_reviewed(&st, paragraph, reviewed)?;
                Ok(NoteOp::Review {
                    st,
                    paragraph,
                    reviewed: was,
                })
            }
        }
    }

    /// ` in “Title”` when the change concerns a statement other than the open one.
    fn elsewhere(&self, source: usize) -> String {
        if self.doc.as_ref().is_some_and(|d| d.source == source) {
            return String::new();
        }
        let title = self
            .list
            .entries
            .get(source)
            .map_or_else(String::new, |e| e.title().to_owned());
        format!(" in “{title}”")
    }

    /// Records a change the user just made (successfully).
    pub(crate) fn record(&mut self, what: String, op: NoteOp) {
        let source = self.doc.as_ref().map_or(usize::MAX, |d| d.source);
        self.history.record(Change { what, source, op });
    }
}
