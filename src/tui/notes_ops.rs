//! The notes half of `update` and `perform`: note keys become editor, confirmations and
//! [`Effect`]s; effects call the [`NotesSource`](crate::tui::notes_source::NotesSource)
//! (the store does the I/O) and refresh what the panes show.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, Effect, Message, Popup, SaveState};
use crate::tui::editor::{EditTarget, NoteEditor};
use crate::tui::external::ExternalRequest;
use crate::tui::layout::Focus;
use crate::tui::notes_source::NoteView;

impl App {
    /// Indices into the open statement's notes in the order the notes pane lists them:
    /// on the current paragraph, elsewhere, then orphaned.
    #[must_use]
    pub fn note_order(&self) -> Vec<usize> {
        let Some(d) = &self.doc else {
            return Vec::new();
        };
        let here = Some(d.cur + 1);
        let pick = |f: &dyn Fn(&NoteView) -> bool| {
            d.notes
                .iter()
                .enumerate()
                .filter(|(_, v)| f(v))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        };
        let mut order = pick(&|v| v.paragraph == here);
        order.extend(pick(&|v| v.paragraph.is_some() && v.paragraph != here));
        order.extend(pick(&|v| v.paragraph.is_none()));
        order
    }

    /// The note the note keys act on: the selection in the notes pane, else (from the
    /// reader) the first note on the current paragraph.
    #[must_use]
    pub fn selected_note(&self) -> Option<&NoteView> {
        let d = self.doc.as_ref()?;
        let i = if self.focus == Focus::Notes {
            *self.note_order().get(self.note_selected)?
        } else {
            *self.note_order().first()?
        };
        d.notes
            .get(i)
            .filter(|v| self.focus == Focus::Notes || v.paragraph == Some(d.cur + 1))
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message {
            text: text.into(),
            error,
        });
    }

    /// The note actions.
    pub(crate) fn note_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(d) = &self.doc else {
            self.say("open a statement first", false);
            return Vec::new();
        };
        let (source, paragraph) = (d.source, d.cur + 1);
        let empty = d.is_empty();
        let writes = !matches!(action, Action::NextUnreviewed);
        if writes && let Some(reason) = self.read_only.clone() {
            self.say(format!("read-only: {reason}"), true);
            return Vec::new();
        }
        match action {
            Action::AddNote if !empty => {
                let tags = self.notes.all_tags();
                let target = EditTarget::New { source, paragraph };
                self.editor = Some(NoteEditor::new(target, "", tags));
            }
            Action::EditNote => {
                let Some(v) = self.selected_note().cloned() else {
                    return self.no_note();
                };
                let tags = self.notes.all_tags();
                let target = EditTarget::Existing { id: v.id };
                self.editor = Some(NoteEditor::new(target, &v.text, tags));
            }
            Action::EditNoteExternal => {
                let Some(v) = self.selected_note().cloned() else {
                    return self.no_note();
                };
                return vec![Effect::ExternalEdit(ExternalRequest {
                    id: v.id,
                    text: v.text,
                })];
            }
            Action::DeleteNote => {
                let Some(v) = self.selected_note() else {
                    return self.no_note();
                };
                self.popup = Some(Popup::Confirm(Confirm::Delete { id: v.id.clone() }));
            }
            Action::Undo => return self.saving(Effect::Undo),
            Action::ToggleReviewed if !empty => {
                let reviewed = !self.doc.as_ref().is_some_and(|d| d.is_reviewed(d.cur));
                return self.saving(Effect::SetReviewed {
                    source,
                    paragraph,
                    reviewed,
                });
            }
            Action::NextUnreviewed => self.next_unreviewed(),
            Action::ReattachNote => {
                let Some(v) = self.selected_note().filter(|_| self.focus == Focus::Notes) else {
                    self.say("select a note in the notes pane first", false);
                    return Vec::new();
                };
                if v.paragraph == Some(paragraph) && v.anchor == "exact" {
                    self.say(format!("the note is already on ¶{paragraph}"), false);
                    return Vec::new();
                }
                let id = v.id.clone();
                return self.saving(Effect::Reattach {
                    id,
                    source,
                    paragraph,
                });
            }
            _ => {}
        }
        Vec::new()
    }

    fn no_note(&mut self) -> Vec<Effect> {
        let text = if self.focus == Focus::Notes {
            "no note selected"
        } else {
            "no note on this paragraph"
        };
        self.say(text, false);
        Vec::new()
    }

    fn saving(&mut self, effect: Effect) -> Vec<Effect> {
        self.save = SaveState::Saving;
        vec![effect]
    }

    /// Moves to the next paragraph (wrapping) that has no note and is not reviewed.
    fn next_unreviewed(&mut self) {
        let h = self.page_height();
        let Some(d) = &mut self.doc else { return };
        let n = d.len();
        let todo = |i: usize| d.notes_on(i).next().is_none() && !d.is_reviewed(i);
        let found = (1..=n).map(|k| (d.cur + k) % n.max(1)).find(|&i| todo(i));
        match found {
            Some(i) => {
                d.go_to_line(i, 0, h);
                self.note_selected = 0;
            }
            None => self.say("every paragraph has a note or is reviewed", false),
        }
    }

    /// Keys while the editor is open.
    pub(crate) fn editor_key(&mut self, k: &KeyEvent) -> Vec<Effect> {
        let Some(ed) = &mut self.editor else {
            return Vec::new();
        };
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        match k.code {
            KeyCode::Enter if alt || k.modifiers.contains(KeyModifiers::SHIFT) => ed.newline(),
            KeyCode::Enter => {
                let text = ed.text();
                if text.trim().is_empty() {
                    self.editor = None;
                    self.say("empty note not saved", false);
                    return Vec::new();
                }
                let target = ed.target.clone();
                return self.saving(Effect::SaveNote { target, text });
            }
            KeyCode::Esc => {
                if ed.changed() {
                    self.popup = Some(Popup::Confirm(Confirm::Discard));
                } else {
                    self.close_editor();
                }
            }
            KeyCode::Tab => {
                ed.complete();
            }
            _ => ed.input(*k),
        }
        Vec::new()
    }

    fn close_editor(&mut self) {
        self.editor = None;
        // Nothing is pending any more: what is on disk is what the reader shows.
        if matches!(self.save, SaveState::Error(_)) {
            self.save = SaveState::Saved;
        }
    }

    /// Keys while a yes/no question is asked.
    pub(crate) fn confirm_key(&mut self, confirm: Confirm, k: &KeyEvent) -> Vec<Effect> {
        self.popup = None;
        let yes = matches!(k.code, KeyCode::Char('y' | 'Y'));
        match (confirm, yes) {
            (Confirm::Delete { id }, true) => self.saving(Effect::Delete { id }),
            (Confirm::Discard, true) => {
                self.close_editor();
                self.say("note discarded", false);
                Vec::new()
            }
            (Confirm::Delete { .. }, false) => {
                self.say("note kept", false);
                Vec::new()
            }
            // Back to the editor, text intact.
            (Confirm::Discard, false) => Vec::new(),
        }
    }

    /// Carries out one notes effect.
    pub(crate) fn perform_note(&mut self, effect: Effect) {
        let result = match effect {
            Effect::Load(_) => return,
            Effect::SaveNote { target, text } => return self.save_note(target, &text),
            Effect::ExternalEdit(req) => {
                if self.suspend_terminal {
                    // The run loop owns the terminal: it suspends it around the editor.
                    self.external = Some(req);
                } else {
                    let result = crate::tui::external::edit(&req.text, self.notes.scratch_dir());
                    self.external_done(&req.id, result);
                }
                return;
            }
            Effect::Delete { id } => self
                .notes
                .delete(&id)
                .map(|()| Some(self.undo_hint("note deleted"))),
            Effect::Undo => self.notes.undo_delete().map(|r| {
                Some(match r {
                    Some(_) => "note restored".to_owned(),
                    None => "nothing to undo".to_owned(),
                })
            }),
            Effect::SetReviewed {
                source,
                paragraph,
                reviewed,
            } => match self.doc.as_ref().filter(|d| d.source == source) {
                Some(d) => {
                    let st = std::sync::Arc::clone(&d.st);
                    self.notes.set_reviewed(&st, paragraph, reviewed).map(|()| {
                        Some(format!(
                            "¶{paragraph} {}",
                            if reviewed { "reviewed" } else { "not reviewed" }
                        ))
                    })
                }
                None => Err("the statement is no longer open".to_owned()),
            },
            Effect::Reattach {
                id,
                source,
                paragraph,
            } => match self.doc.as_ref().filter(|d| d.source == source) {
                Some(d) => {
                    let st = std::sync::Arc::clone(&d.st);
                    self.notes
                        .reattach(&id, &st, paragraph)
                        .map(|()| Some(format!("note re-attached to ¶{paragraph}")))
                }
                None => Err("the statement is no longer open".to_owned()),
            },
        };
        self.finish_write(result);
    }

    fn undo_hint(&self, what: &str) -> String {
        match self.keymap.first_key(Action::Undo) {
            Some(k) => format!("{what} · {k} undoes"),
            None => what.to_owned(),
        }
    }

    fn finish_write(&mut self, result: Result<Option<String>, String>) {
        match result {
            Ok(text) => {
                self.save = SaveState::Saved;
                self.refresh_notes();
                if let Some(t) = text {
                    self.say(t, false);
                }
            }
            Err(e) => {
                self.save = SaveState::Error(e.clone());
                self.say(e, true);
            }
        }
    }

    fn save_note(&mut self, target: EditTarget, text: &str) {
        let result = match &target {
            EditTarget::New { source, paragraph } => {
                match self.doc.as_ref().filter(|d| d.source == *source) {
                    Some(d) => {
                        let st = std::sync::Arc::clone(&d.st);
                        self.notes.add(&st, *paragraph, text).map(drop)
                    }
                    None => Err("the statement is no longer open".to_owned()),
                }
            }
            EditTarget::Existing { id } => self.notes.edit(id, text),
        };
        match result {
            Ok(()) => {
                self.editor = None;
                self.finish_write(Ok(Some("note saved".to_owned())));
            }
            Err(e) => {
                // Keep (or reopen) the editor with the text, so nothing typed is lost.
                let ed = self
                    .editor
                    .get_or_insert_with(|| NoteEditor::new(target.clone(), text, Vec::new()));
                ed.error = Some(e.clone());
                self.finish_write(Err(e));
            }
        }
    }

    /// The external editor finished: save the text if it changed.
    pub fn external_done(&mut self, id: &str, result: Result<Option<String>, String>) {
        match result {
            Ok(Some(text)) => {
                let target = EditTarget::Existing { id: id.to_owned() };
                self.save = SaveState::Saving;
                self.save_note(target, &text);
            }
            Ok(None) => self.say("note unchanged", false),
            Err(e) => self.say(e, true),
        }
    }

    /// Reads the open statement's notes and marks again after a change.
    pub fn refresh_notes(&mut self) {
        if let Some(d) = &mut self.doc {
            d.notes = self.notes.notes_for(&d.st);
            d.reviewed = self.notes.reviewed_for(&d.st);
            self.read_only = self.notes.read_only(&d.st);
        }
        let n = self.note_order().len();
        self.note_selected = self.note_selected.min(n.saturating_sub(1));
        self.list.refresh(self.notes.as_ref());
    }
}
