//! The notes half of `update` and `perform`: note keys become editor, confirmations and
//! [`Effect`]s; effects call the [`NotesSource`](crate::tui::notes_source::NotesSource)
//! (the store does the I/O) and refresh what the panes show.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use std::sync::Arc;

use crate::model::anchor::AnchorStatus;
use crate::model::statement::Statement;
use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, Effect, Message, Popup, SaveState, inner};
use crate::tui::editor::{EditTarget, NoteEditor};
use crate::tui::external::ExternalRequest;
use crate::tui::layout::Focus;
use crate::tui::notes_source::NoteView;
use crate::tui::undo::{Direction, NoteOp};

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

    pub(crate) fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message {
            text: text.into(),
            error,
        });
    }

    /// Rows the notes pane has for notes (0 when it is not drawn at all).
    fn notes_rows(&self) -> u16 {
        self.panes().notes.map_or(0, |r| inner(r).height)
    }

    /// The note the note keys act on, provided the user can see it: from the notes pane,
    /// a selection in a pane with no room to show it is refused rather than guessed.
    fn visible_selection(&mut self) -> Result<Option<NoteView>, ()> {
        if self.focus == Focus::Notes && self.notes_rows() == 0 {
            let key = self
                .keymap
                .first_key(Action::ToggleNotes)
                .unwrap_or_default();
            self.say(
                format!("the notes pane has no room to show the selected note ({key} or a taller terminal)"),
                true,
            );
            return Err(());
        }
        Ok(self.selected_note().cloned())
    }

    /// The note actions.
    pub(crate) fn note_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Undo => return self.history_action(Direction::Undo),
            Action::Redo => return self.history_action(Direction::Redo),
            _ => {}
        }
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
                self.open_editor(EditTarget::New { source, paragraph }, "");
            }
            Action::EditNote => return self.edit_selected(),
            Action::EditNoteExternal => return self.edit_selected_outside(),
            Action::DeleteNote => return self.ask_delete(),
            Action::ToggleReviewed if !empty => {
                let reviewed = !self.doc.as_ref().is_some_and(|d| d.is_reviewed(d.cur));
                return self.saving(Effect::SetReviewed {
                    source,
                    paragraph,
                    reviewed,
                });
            }
            Action::NextUnreviewed => self.next_unreviewed(),
            Action::ReattachNote => return self.reattach_selected(source, paragraph),
            _ => {}
        }
        Vec::new()
    }

    fn open_editor(&mut self, target: EditTarget, text: &str) {
        let tags = self.notes.all_tags();
        self.editor = Some(NoteEditor::new(target, text, tags));
    }

    fn edit_selected(&mut self) -> Vec<Effect> {
        match self.visible_selection() {
            Ok(Some(v)) => self.open_editor(EditTarget::Existing { id: v.id }, &v.text),
            Ok(None) => return self.no_note(),
            Err(()) => {}
        }
        Vec::new()
    }

    /// `E`: the selected note in the external editor; on a paragraph without a note (from
    /// the reader), a new note there, saved as `a` would save it.
    fn edit_selected_outside(&mut self) -> Vec<Effect> {
        let Ok(selected) = self.visible_selection() else {
            return Vec::new();
        };
        let (target, text) = match selected {
            Some(v) => (EditTarget::Existing { id: v.id }, v.text),
            None => {
                let Some(d) = self.doc.as_ref().filter(|d| !d.is_empty()) else {
                    return self.no_note();
                };
                let target = EditTarget::New {
                    source: d.source,
                    paragraph: d.cur + 1,
                };
                (target, String::new())
            }
        };
        vec![Effect::ExternalEdit(ExternalRequest { target, text })]
    }

    fn ask_delete(&mut self) -> Vec<Effect> {
        match self.visible_selection() {
            Ok(Some(v)) => self.popup = Some(Popup::Confirm(Confirm::Delete { id: v.id })),
            Ok(None) => return self.no_note(),
            Err(()) => {}
        }
        Vec::new()
    }

    fn reattach_selected(&mut self, source: usize, paragraph: usize) -> Vec<Effect> {
        let v = match self.visible_selection() {
            Ok(Some(v)) if self.focus == Focus::Notes => v,
            Ok(_) => {
                self.say("select a note in the notes pane first", false);
                return Vec::new();
            }
            Err(()) => return Vec::new(),
        };
        if v.paragraph == Some(paragraph) && v.anchor == AnchorStatus::Exact {
            self.say(format!("the note is already on ¶{paragraph}"), false);
            return Vec::new();
        }
        self.saving(Effect::Reattach {
            id: v.id,
            source,
            paragraph,
        })
    }

    /// `Enter` in the notes pane: the reader goes to the note's paragraph and takes the
    /// focus, as `Enter` in the list opens a statement and focuses the reader.
    pub(crate) fn go_to_selected_note(&mut self) -> Vec<Effect> {
        let v = match self.visible_selection() {
            Ok(Some(v)) => v,
            Ok(None) => return self.no_note(),
            Err(()) => return Vec::new(),
        };
        let Some(p) = v.paragraph else {
            let key = self
                .keymap
                .first_key(Action::ReattachNote)
                .unwrap_or_default();
            self.say(
                format!("this note is orphaned: its paragraph changed or is gone ({key} re-attaches it to the current one)"),
                false,
            );
            return Vec::new();
        };
        self.focus = Focus::Reader;
        // The reader's size may depend on the focus (stacked panes): lay out first.
        self.relayout();
        let h = self.page_height();
        if let Some(d) = &mut self.doc {
            d.go_to_line(p - 1, 0, h);
        }
        // Tab back to the notes pane finds the same note selected.
        self.select_note(&v.id);
        Vec::new()
    }

    /// The position (in [`Self::note_order`]) of the note drawn at screen cell (x, y).
    #[must_use]
    pub fn note_at(&self, x: u16, y: u16) -> Option<usize> {
        let body = inner(self.panes().notes?);
        let d = self.doc.as_ref()?;
        if !body.contains((x, y).into()) {
            return None;
        }
        crate::tui::panes::notes::layout(self, d, body.width).note_at(y - body.y, body.height)
    }

    /// Selects the note with this id in the notes pane's order, if it is listed.
    pub(crate) fn select_note(&mut self, id: &str) {
        let Some(d) = &self.doc else { return };
        if let Some(pos) = self
            .note_order()
            .iter()
            .position(|&i| d.notes.get(i).is_some_and(|v| v.id == id))
        {
            self.note_selected = pos;
        }
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

    pub(crate) fn saving(&mut self, effect: Effect) -> Vec<Effect> {
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
        // A quit signal waits for the write to finish (see `signals`).
        let _busy = crate::tui::signals::busy();
        if effect.writes() {
            self.writes += 1;
        }
        let result = match effect {
            Effect::Load(_) | Effect::SaveCorrection { .. } => return,
            Effect::SaveNote { target, text } => return self.save_note(target, &text),
            Effect::ExternalEdit(req) => return self.start_external(req),
            Effect::Undo(change) => return self.perform_history(Direction::Undo, change),
            Effect::Redo(change) => return self.perform_history(Direction::Redo, change),
            Effect::Delete { id } => self.perform_delete(&id),
            Effect::SetReviewed {
                source,
                paragraph,
                reviewed,
            } => self.perform_reviewed(source, paragraph, reviewed),
            Effect::Reattach {
                id,
                source,
                paragraph,
            } => self.perform_reattach(&id, source, paragraph),
        };
        self.finish_write(result);
    }

    fn start_external(&mut self, req: ExternalRequest) {
        if self.suspend_terminal {
            // The run loop owns the terminal: it suspends it around the editor.
            self.external = Some(req);
        } else {
            let result = crate::tui::external::edit(&req.text, self.notes.scratch_dir());
            self.external_done(req.target, result);
        }
    }

    /// Where a note of the open statement is, for messages: `on ¶3` or `(orphaned)`.
    fn place_of(&self, id: &str) -> String {
        self.doc
            .as_ref()
            .and_then(|d| d.notes.iter().find(|v| v.id == id))
            .and_then(|v| v.paragraph)
            .map_or_else(|| "(orphaned)".to_owned(), |p| format!("on ¶{p}"))
    }

    /// The open statement, if it is library source `source`.
    fn open_statement(&self, source: usize) -> Result<Arc<Statement>, String> {
        self.doc
            .as_ref()
            .filter(|d| d.source == source)
            .map(|d| Arc::clone(&d.st))
            .ok_or_else(|| "the statement is no longer open".to_owned())
    }

    fn perform_delete(&mut self, id: &str) -> Result<Option<String>, String> {
        let place = self.place_of(id);
        let note = self.notes.delete(id).map_err(|e| e.to_string())?;
        self.record(
            format!("note deleted {place}"),
            NoteOp::Restore(Box::new(note)),
        );
        Ok(Some(self.undo_hint("note deleted")))
    }

    fn perform_reviewed(
        &mut self,
        source: usize,
        paragraph: usize,
        reviewed: bool,
    ) -> Result<Option<String>, String> {
        let st = self.open_statement(source)?;
        let was = self.notes.reviewed_for(&st).contains(&paragraph);
        self.notes
            .set_reviewed(&st, paragraph, reviewed)
            .map_err(|e| e.to_string())?;
        let what = if reviewed {
            format!("¶{paragraph} marked reviewed")
        } else {
            format!("¶{paragraph} marked not reviewed")
        };
        if was != reviewed {
            let op = NoteOp::Review {
                st,
                paragraph,
                reviewed: was,
            };
            self.record(what.clone(), op);
        }
        Ok(Some(what))
    }

    fn perform_reattach(
        &mut self,
        id: &str,
        source: usize,
        paragraph: usize,
    ) -> Result<Option<String>, String> {
        let st = self.open_statement(source)?;
        let before = self.notes.note(id);
        self.notes
            .reattach(id, &st, paragraph)
            .map_err(|e| e.to_string())?;
        if let Some(old) = before {
            let what = format!("note re-attached to ¶{paragraph}");
            self.record(what, NoteOp::Restore(Box::new(old)));
        }
        Ok(Some(format!("note re-attached to ¶{paragraph}")))
    }

    fn undo_hint(&self, what: &str) -> String {
        match self.keymap.first_key(Action::Undo) {
            Some(k) => format!("{what} · {k} undoes"),
            None => what.to_owned(),
        }
    }

    pub(crate) fn finish_write(&mut self, result: Result<Option<String>, String>) {
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

    /// Writes the editor's text (a new note or an edit) and records how to undo it.
    fn write_note(&mut self, target: &EditTarget, text: &str) -> Result<(), String> {
        match target {
            EditTarget::New { source, paragraph } => {
                let st = self.open_statement(*source)?;
                let id = self
                    .notes
                    .add(&st, *paragraph, text)
                    .map_err(|e| e.to_string())?;
                if let Some(note) = self.notes.note(&id) {
                    let what = format!("note added on ¶{paragraph}");
                    self.record(what, NoteOp::Delete(Box::new(note)));
                }
            }
            EditTarget::Existing { id } => {
                let (place, before) = (self.place_of(id), self.notes.note(id));
                self.notes.edit(id, text).map_err(|e| e.to_string())?;
                if let Some(old) = before {
                    self.record(
                        format!("note edited {place}"),
                        NoteOp::Restore(Box::new(old)),
                    );
                }
            }
        }
        Ok(())
    }

    fn save_note(&mut self, target: EditTarget, text: &str) {
        match self.write_note(&target, text) {
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

    /// The external editor finished: save the text if it changed (a new note only when
    /// something was written).
    pub fn external_done(&mut self, target: EditTarget, result: Result<Option<String>, String>) {
        let is_new = matches!(target, EditTarget::New { .. });
        match result {
            Ok(Some(text)) if is_new && text.trim().is_empty() => {
                self.say("empty note not saved", false);
            }
            Ok(Some(text)) => {
                let _busy = crate::tui::signals::busy();
                self.save = SaveState::Saving;
                self.writes += 1;
                self.save_note(target, &text);
            }
            Ok(None) if is_new => self.say("empty note not saved", false),
            Ok(None) => self.say("note unchanged", false),
            Err(e) => self.say(e, true),
        }
    }

    /// Reads the open statement's notes and marks again after a change (ours or another
    /// writer's). The reader's place, the selected note (by id, since notes may have come
    /// or gone before it) and the list's selection stay where the user left them.
    pub fn refresh_notes(&mut self) {
        let selected = self.doc.as_ref().and_then(|d| {
            let i = *self.note_order().get(self.note_selected)?;
            d.notes.get(i).map(|v| v.id.clone())
        });
        if let Some(d) = &mut self.doc {
            d.notes = self.notes.notes_for(&d.st);
            d.reviewed = self.notes.reviewed_for(&d.st);
            self.read_only = self.notes.read_only(&d.st);
        }
        let n = self.note_order().len();
        self.note_selected = self.note_selected.min(n.saturating_sub(1));
        if let Some(id) = selected {
            self.select_note(&id);
        }
        self.list.refresh_keeping(self.notes.as_ref());
        let cap = self.list_capacity();
        self.list.ensure_visible(cap);
    }
}
