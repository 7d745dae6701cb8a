//! The form that corrects the open statement's metadata (`M`, action `edit_metadata`):
//! title, issuer, date and place. Fields start with what the reader shows; a field changed
//! from what the file and its surroundings say ("as read") is stored as a correction, a field
//! equal to it is not; `Ctrl-r` puts the focused field back as read, so a correction is
//! reverted by restoring its fields and saving. The correction is stored with the
//! statement's notes (see `crate::model::corrections`).

use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::model::corrections::Correction;
use crate::model::library::Summary;
use crate::model::metadata::DateValue;
use crate::model::statement::Metadata;
use crate::store::source_key_path;
use crate::tui::app::{App, Effect, Popup, SaveState};
use crate::tui::keymap::Key;

/// The fields, in the form's order.
pub const FIELDS: [&str; 4] = ["Title", "Issuer", "Date", "Place"];

/// Longest value a field takes, in chars.
const MAX_CHARS: usize = 500;

/// The form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaForm {
    /// The statement (library index).
    pub source: usize,
    /// Title, issuer, date, place as edited.
    pub values: [String; 4],
    /// The same as read, before any correction.
    pub read: [String; 4],
    /// The focused field.
    pub focus: usize,
    /// Why the last Enter did not save.
    pub error: Option<String>,
}

fn fields_of(m: &Metadata) -> [String; 4] {
    [
        m.title.clone().unwrap_or_default(),
        m.issuer.clone().unwrap_or_default(),
        m.date_text().unwrap_or_default(),
        m.place.clone().unwrap_or_default(),
    ]
}

impl MetaForm {
    /// Whether field `i` differs from what was read (it will be stored as a correction).
    #[must_use]
    pub fn is_corrected(&self, i: usize) -> bool {
        match (self.values.get(i), self.read.get(i)) {
            (Some(v), Some(r)) => v.trim() != r.trim(),
            _ => false,
        }
    }

    /// The correction the form describes; `Err` names a field that is not valid.
    pub fn correction(&self) -> Result<Correction, String> {
        let text = |i: usize| {
            self.is_corrected(i)
                .then(|| self.values.get(i).map(|v| v.trim().to_owned()))
                .flatten()
        };
        let date = match text(2) {
            Some(d) => Some(DateValue::parse(&d).ok_or_else(|| {
                format!("date {d:?}: write YYYY-MM-DD, YYYY when only the year is known, or nothing for unknown")
            })?),
            None => None,
        };
        Ok(Correction {
            title: text(0),
            issuer: text(1),
            date,
            place: text(3),
            ..Correction::default()
        })
    }
}

impl App {
    /// `M`: opens the form on the statement in the reader.
    pub(crate) fn open_metadata_form(&mut self) {
        let Some(d) = &self.doc else {
            self.say("open a statement first", false);
            return;
        };
        if let Some(reason) = self.read_only.clone() {
            self.say(format!("read-only: {reason}"), true);
            return;
        }
        let st = &d.st;
        self.popup = Some(Popup::Metadata(MetaForm {
            source: d.source,
            values: fields_of(&st.meta),
            read: fields_of(st.provenance.read(&st.meta)),
            focus: 0,
            error: None,
        }));
    }

    /// A key while the form is open.
    pub(crate) fn metadata_key(&mut self, key: Key) -> Vec<Effect> {
        let Some(Popup::Metadata(form)) = &mut self.popup else {
            return Vec::new();
        };
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        let shift = key.mods.contains(KeyModifiers::SHIFT);
        let field = form.focus.min(FIELDS.len() - 1);
        match key.code {
            KeyCode::Esc => self.popup = None,
            KeyCode::Enter => match form.correction() {
                Ok(c) => {
                    let source = form.source;
                    self.popup = None;
                    let correction = (!c.is_empty()).then_some(c);
                    self.save = SaveState::Saving;
                    return vec![Effect::SaveCorrection { source, correction }];
                }
                Err(e) => form.error = Some(e),
            },
            KeyCode::Tab if shift => form.focus = (field + FIELDS.len() - 1) % FIELDS.len(),
            KeyCode::Tab | KeyCode::Down => form.focus = (field + 1) % FIELDS.len(),
            KeyCode::Up => form.focus = (field + FIELDS.len() - 1) % FIELDS.len(),
            KeyCode::Backspace => {
                if let Some(v) = form.values.get_mut(field) {
                    v.pop();
                }
            }
            KeyCode::Char('u') if ctrl => {
                if let Some(v) = form.values.get_mut(field) {
                    v.clear();
                }
            }
            KeyCode::Char('r') if ctrl => {
                if let (Some(v), Some(r)) = (form.values.get_mut(field), form.read.get(field)) {
                    v.clone_from(r);
                }
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                if let Some(v) = form.values.get_mut(field)
                    && v.chars().count() < MAX_CHARS
                {
                    v.push(c);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Stores a correction made in the form, then shows it everywhere: the reader, the list
    /// (its row, the sort and the filter).
    pub(crate) fn perform_correction(&mut self, source: usize, correction: Option<Correction>) {
        self.writes += 1;
        let Some(st) = self
            .doc
            .as_ref()
            .filter(|d| d.source == source)
            .map(|d| Arc::clone(&d.st))
        else {
            self.save = SaveState::Error("the statement is no longer open".into());
            self.say("the statement is no longer open", true);
            return;
        };
        let what = correction.as_ref().map(Correction::describe);
        match self.notes.set_correction(&st, correction) {
            Ok(()) => {
                self.save = SaveState::Saved;
                self.sync_corrections();
                let key = self
                    .keymap
                    .first_key(crate::tui::action::Action::EditMetadata)
                    .unwrap_or_default();
                self.say(
                    match what {
                        Some(w) => format!("corrected: {w} ({key} changes or reverts it)"),
                        None => "correction removed: the metadata is as read".to_owned(),
                    },
                    false,
                );
            }
            Err(e) => {
                let e = e.to_string();
                self.save = SaveState::Error(e.clone());
                self.say(e, true);
            }
        }
    }

    /// Takes the store's corrections again (after a change here or by another process):
    /// statements whose correction changed are read again, in the reader and in the list.
    pub fn sync_corrections(&mut self) {
        let Some(table) = self.notes.corrections() else {
            return;
        };
        let changed = self.ctx.corrections.changed_paths(&table);
        self.ctx.corrections = Arc::new(table);
        if changed.is_empty() {
            return;
        }
        self.cache.clear();
        // Paths resolved when the statements were indexed, else now.
        let affected: Vec<(usize, String)> = self
            .library
            .sources
            .iter()
            .enumerate()
            .map(|(i, src)| {
                let known = self.list.entries.get(i).and_then(|e| e.key_path.clone());
                (i, known.unwrap_or_else(|| source_key_path(&src.label())))
            })
            .filter(|(_, key)| changed.contains(key))
            .collect();
        for (i, key_path) in affected {
            let open = self.doc.as_ref().filter(|d| d.source == i).map(|d| d.cur);
            if let Some(cur) = open {
                self.doc = None;
                self.load(i);
                let h = self.page_height();
                if let Some(d) = self.doc.as_mut() {
                    d.cur = cur.min(d.len().saturating_sub(1));
                    d.reveal_current(h);
                }
            }
            let summary = match self.doc.as_ref().filter(|d| d.source == i) {
                Some(d) => Ok(Summary::of(&d.st)),
                None => match self.library.sources.get(i) {
                    Some(src) => src
                        .load(&self.ctx)
                        .map(|st| Summary::of(&st))
                        .map_err(|e| e.to_string()),
                    None => continue,
                },
            };
            self.set_summary(i, summary, key_path);
        }
        self.list.refresh_keeping(self.notes.as_ref());
        let cap = self.list_capacity();
        self.list.ensure_visible(cap);
    }
}
