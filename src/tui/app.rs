//! The reader's state and its `update`: input becomes [`Action`]s, actions change the
//! state and may ask for [`Effect`]s (I/O), which [`App::perform`] carries out.

use std::sync::Arc;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use crate::model::ingest::Context;
use crate::model::library::{Library, Summary};
use crate::model::statement::Statement;
use crate::tui::action::Action;
use crate::tui::doc::DocView;
use crate::tui::editor::{EditTarget, NoteEditor};
use crate::tui::event::AppEvent;
use crate::tui::external::ExternalRequest;
use crate::tui::keymap::{Key, Keymap};
use crate::tui::layout::{self, Focus, Panes, ReaderGeometry};
use crate::tui::list_view::{ListView, SortKey};
use crate::tui::loader::{Loader, Loading};
use crate::tui::notes_source::{NoNotes, NotesSource};
use crate::tui::theme::Theme;
use crate::tui::undo::{Change, History};

/// What a prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    Filter,
    /// Search every statement of the library.
    LibrarySearch,
}

/// A one-line text prompt at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

/// A yes/no question, answered with `y` (anything else is no).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Delete {
        id: String,
    },
    /// Close the editor, losing the typed text.
    Discard,
}

/// A window over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: usize,
    },
    Prompt(Prompt),
    Confirm(Confirm),
    /// The form that corrects the open statement's metadata.
    Metadata(crate::tui::metadata_form::MetaForm),
    /// The library search's concordance (its lines are in [`App::concordance`]).
    Concordance,
}

/// I/O that an action asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load (from the cache or the source) and show statement `source`.
    Load(usize),
    SaveNote {
        target: EditTarget,
        text: String,
    },
    ExternalEdit(ExternalRequest),
    Delete {
        id: String,
    },
    /// Undo this change (taken off the undo stack; put back if the write fails).
    Undo(Change),
    /// Redo this change (taken off the redo stack; put back if the write fails).
    Redo(Change),
    SetReviewed {
        source: usize,
        paragraph: usize,
        reviewed: bool,
    },
    Reattach {
        id: String,
        source: usize,
        paragraph: usize,
    },
    /// Store the user's correction of statement `source`'s metadata (`None`: remove it).
    SaveCorrection {
        source: usize,
        correction: Option<crate::model::corrections::Correction>,
    },
}

impl Effect {
    /// Whether the effect writes notes (the status bar says `saving…` meanwhile).
    #[must_use]
    pub fn writes(&self) -> bool {
        !matches!(self, Self::Load(_) | Self::ExternalEdit(_))
    }
}

/// Whether the notes on disk match what the reader shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    Error(String),
}

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Recently shown statements kept in memory.
pub(crate) const CACHE_SIZE: usize = 8;
/// Rows a mouse wheel step scrolls.
const WHEEL_ROWS: isize = 3;

/// Settings the reader takes from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub max_width: u16,
    pub mouse: bool,
    pub show_notes: bool,
    pub sort: SortKey,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_width: 88,
            mouse: true,
            show_notes: true,
            sort: SortKey::Date,
        }
    }
}

/// The whole state of the reader.
pub struct App {
    pub library: Library,
    pub ctx: Context,
    pub list: ListView,
    pub doc: Option<DocView>,
    pub focus: Focus,
    pub popup: Option<Popup>,
    pub settings: Settings,
    /// Notes pane unfolded on a terminal too narrow to show it by default.
    pub notes_unfolded: bool,
    pub keymap: Keymap,
    pub theme: Theme,
    pub size: (u16, u16),
    pub message: Option<Message>,
    /// (done, total) while summaries are being built.
    pub progress: Option<(usize, usize)>,
    pub quit: bool,
    pub notes: Box<dyn NotesSource>,
    /// Selected note in the notes pane, an index into [`App::note_order`].
    pub note_selected: usize,
    /// The note editor, when open.
    pub editor: Option<NoteEditor>,
    pub save: SaveState,
    /// Why the open statement's notes cannot be changed, if they cannot.
    pub read_only: Option<String>,
    /// Store problems found at start, shown until the user acts.
    pub banner: Option<String>,
    /// An external edit waiting for the run loop (which owns the terminal).
    pub external: Option<ExternalRequest>,
    /// Whether a real terminal must be suspended around an external editor.
    pub suspend_terminal: bool,
    /// Changes to notes and marks that `u` undoes and `Ctrl-r` redoes.
    pub history: History,
    /// Store writes attempted so far. A reload of the store begun before the latest
    /// write may have missed it, so the run loop drops such reloads (see `watch`).
    pub writes: u64,
    /// Loads statements in the background (the real reader); without it they load at once.
    pub loader: Option<Loader>,
    /// The last library search (kept when closed: `S` then `Enter` shows it again).
    pub concordance: Option<crate::tui::concordance::View>,
    /// The library search still running, when there is a worker.
    pub(crate) concordance_job: Option<crate::tui::concordance::Job>,
    /// Where to put the reader when statement `.0` is shown: paragraph `.1`, match `.2`.
    pub(crate) pending_jump: Option<(usize, usize, String)>,
    /// The statement the reader waits for (see [`crate::tui::loader`]).
    pub loading: Option<Loading>,
    /// Bumped when the site chrome changes: loads cleaned with an older one are dropped.
    pub(crate) chrome_epoch: u64,
    /// Lines for stderr once the terminal is restored (a kept recovery file, say).
    pub farewell: Vec<String>,
    pub(crate) cache: Vec<(usize, Arc<Statement>)>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("focus", &self.focus)
            .field("popup", &self.popup)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl App {
    #[must_use]
    pub fn new(
        library: Library,
        ctx: Context,
        settings: Settings,
        keymap: Keymap,
        theme: Theme,
    ) -> Self {
        let list = ListView::new(&library, settings.sort);
        Self {
            library,
            ctx,
            list,
            doc: None,
            focus: Focus::List,
            popup: None,
            settings,
            notes_unfolded: false,
            keymap,
            theme,
            size: (80, 24),
            message: None,
            progress: None,
            quit: false,
            notes: Box::new(NoNotes),
            note_selected: 0,
            editor: None,
            save: SaveState::Saved,
            read_only: None,
            banner: None,
            external: None,
            suspend_terminal: false,
            history: History::default(),
            writes: 0,
            loader: None,
            concordance: None,
            concordance_job: None,
            pending_jump: None,
            loading: None,
            chrome_epoch: 0,
            farewell: Vec::new(),
            cache: Vec::new(),
        }
    }

    /// Plugs in a notes store.
    pub fn set_notes(&mut self, notes: Box<dyn NotesSource>) {
        self.notes = notes;
        let problems = self.notes.problems();
        self.banner = problems.first().map(|first| match problems.len() {
            1 => format!("notes: {first}"),
            n => format!("notes: {first} (and {} more)", n - 1),
        });
        self.refresh_notes();
    }

    /// Records the summary of statement `i` (from the indexer) and the path its notes are
    /// stored under, resolved by whoever read the statement.
    pub fn set_summary(&mut self, i: usize, summary: Result<Summary, String>, key_path: String) {
        if let Some(e) = self.list.entries.get_mut(i) {
            e.set_summary(summary, key_path);
        }
    }

    /// Re-sorts and re-filters after summaries arrived; previews the selection if nothing is open.
    pub fn summaries_changed(&mut self) -> Vec<Effect> {
        // Someone reading keeps their statement, wherever the new summaries sort it.
        if self.focus != Focus::List && self.doc.is_some() {
            self.list.chosen = true;
        }
        self.list.refresh(self.notes.as_ref());
        self.list_settle();
        self.preview()
    }

    /// A new site-chrome set: statements loaded before it must be cleaned again.
    pub fn set_chrome(&mut self, chrome: rustc_hash::FxHashSet<u64>) -> Vec<Effect> {
        if chrome == self.ctx.chrome {
            return Vec::new();
        }
        self.ctx.chrome = chrome;
        self.cache.clear();
        self.chrome_epoch += 1;
        // Clean the open statement (or the one awaited) again; the reader keeps its place,
        // since the indexer may finish while someone is already reading.
        if let Some(src) = self.doc.as_ref().map(|d| d.source) {
            self.fetch(src);
        } else if let Some(l) = self.loading {
            self.fetch(l.src);
        }
        Vec::new()
    }

    // ----- geometry -------------------------------------------------------------------

    #[must_use]
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    #[must_use]
    pub fn notes_shown(&self) -> bool {
        layout::notes_visible(self.size.0, self.settings.show_notes, self.notes_unfolded)
    }

    /// The panes for the current size.
    #[must_use]
    pub fn panes(&self) -> Panes {
        layout::panes(self.area(), self.notes_shown(), self.focus)
    }

    /// The reading view's layout, if the reader pane is shown.
    #[must_use]
    pub fn reader_geometry(&self) -> Option<ReaderGeometry> {
        let r = self.panes().reader?;
        Some(layout::reader_geometry(inner(r), self.settings.max_width))
    }

    /// Rows of text in the reader (at least 1, so moves are defined even when hidden).
    #[must_use]
    pub fn page_height(&self) -> usize {
        self.reader_geometry()
            .map_or(1, |g| usize::from(g.body_height).max(1))
    }

    /// Items that fit in the list pane (two rows each).
    #[must_use]
    pub fn list_capacity(&self) -> usize {
        self.panes()
            .list
            .map_or(1, |r| usize::from(inner(r).height / 2).max(1))
    }

    fn text_width(&self) -> usize {
        self.reader_geometry()
            .map_or(usize::from(self.settings.max_width).max(1), |g| {
                usize::from(g.text.width).max(1)
            })
    }

    /// After a resize: re-lay out the open statement and keep selections in view.
    pub(crate) fn relayout(&mut self) {
        let (w, h) = (self.text_width(), self.page_height());
        if let Some(d) = &mut self.doc {
            d.set_width(w);
            d.reveal_current(h);
        }
        if !self.panes().shown(self.focus) && !self.panes().too_small {
            self.focus = Focus::Reader;
        }
        self.list_settle();
    }

    fn list_settle(&mut self) {
        let cap = self.list_capacity();
        self.list.ensure_visible(cap);
    }

    // ----- input ----------------------------------------------------------------------

    /// Turns an input event into state changes and effects.
    pub fn handle_event(&mut self, ev: &AppEvent) -> Vec<Effect> {
        match ev {
            AppEvent::Resize(w, h) => {
                self.size = (*w, *h);
                self.relayout();
                Vec::new()
            }
            AppEvent::Key(k) => self.handle_key(k),
            AppEvent::Mouse(m) => {
                // A click must not switch statements under an open editor or question.
                let modal = self.editor.is_some() || matches!(self.popup, Some(Popup::Confirm(_)));
                if self.settings.mouse && !modal {
                    self.handle_mouse(*m)
                } else {
                    Vec::new()
                }
            }
        }
    }

    fn handle_key(&mut self, k: &KeyEvent) -> Vec<Effect> {
        let key = Key::from_event(k);
        let ctrl_c = key.code == KeyCode::Char('c') && key.mods == KeyModifiers::CONTROL;
        if let Some(Popup::Metadata(_)) = &self.popup {
            if ctrl_c {
                self.quit = true;
                return Vec::new();
            }
            return self.metadata_key(key);
        }
        if let Some(Popup::Confirm(c)) = &self.popup {
            if ctrl_c {
                self.quit = true;
                return Vec::new();
            }
            let c = c.clone();
            return self.confirm_key(c, k);
        }
        if self.editor.is_some() {
            if ctrl_c {
                self.quit = true;
                return Vec::new();
            }
            return self.editor_key(k);
        }
        if let Some(Popup::Prompt(p)) = &mut self.popup {
            if ctrl_c {
                self.quit = true;
                return Vec::new();
            }
            match key.code {
                KeyCode::Esc => {
                    let kind = p.kind;
                    self.popup = None;
                    if kind == PromptKind::Filter {
                        // Esc keeps the filter typed so far; clearing is an empty prompt.
                        return self.preview();
                    }
                }
                KeyCode::Enter => {
                    let p = p.clone();
                    self.popup = None;
                    return self.submit_prompt(&p);
                }
                KeyCode::Backspace => {
                    p.input.pop();
                    if p.kind == PromptKind::Filter {
                        return self.live_filter();
                    }
                }
                KeyCode::Char('u') if key.mods == KeyModifiers::CONTROL => {
                    p.input.clear();
                    if p.kind == PromptKind::Filter {
                        return self.live_filter();
                    }
                }
                KeyCode::Char(c) if !key.mods.contains(KeyModifiers::CONTROL) => {
                    if !c.is_control() && p.input.chars().count() < 200 {
                        p.input.push(c);
                    }
                    if p.kind == PromptKind::Filter {
                        return self.live_filter();
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
        if ctrl_c {
            // Ctrl-c always quits, whatever the keymap and whatever is open.
            self.quit = true;
            return Vec::new();
        }
        match self.keymap.resolve(key) {
            Some(action) => self.update(action),
            None => Vec::new(),
        }
    }

    fn live_filter(&mut self) -> Vec<Effect> {
        if let Some(Popup::Prompt(p)) = &self.popup {
            self.list.filter = p.input.clone();
            self.list.refresh(self.notes.as_ref());
            self.list.offset = 0;
            self.list_settle();
        }
        Vec::new()
    }

    fn submit_prompt(&mut self, p: &Prompt) -> Vec<Effect> {
        match p.kind {
            PromptKind::Filter => {
                self.list.filter = p.input.trim().to_owned();
                self.list.refresh(self.notes.as_ref());
                self.list_settle();
                self.message = Some(Message {
                    text: match self.list.order.len() {
                        1 => "1 statement matches".to_owned(),
                        n => format!("{n} statements match"),
                    },
                    error: false,
                });
                self.preview()
            }
            PromptKind::LibrarySearch => self.search_library(p.input.trim()),
            PromptKind::Search => {
                let h = self.page_height();
                let Some(d) = &mut self.doc else {
                    return Vec::new();
                };
                d.search(p.input.trim(), h);
                self.message = d.search.as_ref().map(|s| Message {
                    text: if s.matches.is_empty() {
                        format!("no match for “{}”", s.query)
                    } else {
                        format!("{} matches for “{}”", s.matches.len(), s.query)
                    },
                    error: s.matches.is_empty(),
                });
                Vec::new()
            }
        }
    }

    fn handle_mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        let panes = self.panes();
        let Some(pane) = panes.at(m.column, m.row) else {
            return Vec::new();
        };
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => self.click(pane, panes, m),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = matches!(m.kind, MouseEventKind::ScrollDown);
                match pane {
                    Focus::List => {
                        self.list.move_by(if down { 1 } else { -1 });
                        self.list_settle();
                        self.preview()
                    }
                    Focus::Reader => {
                        let h = self.page_height();
                        if let Some(d) = &mut self.doc {
                            d.scroll(if down { WHEEL_ROWS } else { -WHEEL_ROWS }, h);
                        }
                        Vec::new()
                    }
                    Focus::Notes => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// A left click: focus the pane and select what is under the pointer.
    fn click(&mut self, pane: Focus, panes: Panes, m: MouseEvent) -> Vec<Effect> {
        self.popup = None;
        // Read the clicked note off the pane as drawn, before the focus moves.
        let note = (pane == Focus::Notes)
            .then(|| self.note_at(m.column, m.row))
            .flatten();
        self.focus = pane;
        if let Some(pos) = note {
            self.note_selected = pos;
        }
        match pane {
            Focus::List => {
                let Some(r) = panes.list else {
                    return Vec::new();
                };
                let top = inner(r).y;
                if m.row >= top {
                    let i = self.list.offset + usize::from((m.row - top) / 2);
                    if i < self.list.order.len() {
                        self.list.select(i);
                        return self.preview();
                    }
                }
            }
            Focus::Reader => {
                if let (Some(g), Some(d)) = (self.reader_geometry(), &mut self.doc)
                    && m.row >= g.text.y
                    && let Some(p) = d.paragraph_at_row(usize::from(m.row - g.text.y))
                {
                    d.cur = p;
                }
            }
            Focus::Notes => {}
        }
        Vec::new()
    }

    // ----- update ---------------------------------------------------------------------

    /// Applies one action.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let help_max = matches!(self.popup, Some(Popup::Help { .. }))
            .then(|| crate::tui::panes::help::max_scroll(self, self.size))
            .unwrap_or_default();
        if matches!(self.popup, Some(Popup::Concordance)) {
            return self.concordance_action(action);
        }
        if let Some(Popup::Help { scroll }) = &mut self.popup {
            match action {
                Action::Next => *scroll = (*scroll + 1).min(help_max),
                Action::Prev => *scroll = scroll.saturating_sub(1),
                Action::PageDown | Action::HalfPageDown => *scroll = (*scroll + 10).min(help_max),
                Action::PageUp | Action::HalfPageUp => *scroll = scroll.saturating_sub(10),
                Action::First => *scroll = 0,
                // `q` in help closes help (Ctrl-c quits: see `handle_key`).
                Action::Quit | Action::Help | Action::Close => self.popup = None,
                _ => {}
            }
            return Vec::new();
        }
        self.message = None;
        self.banner = None;
        let h = self.page_height();
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::SearchLibrary => {
                let input = self
                    .concordance
                    .as_ref()
                    .map(|c| c.query.clone())
                    .unwrap_or_default();
                self.popup = Some(Popup::Prompt(Prompt {
                    kind: PromptKind::LibrarySearch,
                    input,
                }));
            }
            Action::Close => {
                self.popup = None;
                if let Some(d) = &mut self.doc {
                    d.search = None;
                    d.mention = None;
                }
            }
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::ToggleNotes => {
                if self.size.0 >= layout::WIDE {
                    self.settings.show_notes = !self.settings.show_notes;
                } else {
                    self.notes_unfolded = !self.notes_unfolded;
                }
                if self.notes_shown() {
                    self.focus = Focus::Notes;
                } else if self.focus == Focus::Notes {
                    self.focus = Focus::Reader;
                }
                self.relayout();
            }
            Action::Next
            | Action::Prev
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::First
            | Action::Last => return self.navigate(action, h),
            Action::Open => {
                if self.focus == Focus::Notes {
                    return self.go_to_selected_note();
                }
                if self.focus == Focus::List
                    && let Some(src) = self.list.selected_source()
                {
                    // Opening is choosing: re-sorting must not swap the statement away.
                    self.list.chosen = true;
                    self.focus = Focus::Reader;
                    return vec![Effect::Load(src)];
                }
            }
            Action::Search => {
                if self.focus == Focus::List {
                    return self.update(Action::Filter);
                }
                if self.doc.is_some() {
                    let input = self
                        .doc
                        .as_ref()
                        .and_then(|d| d.search.as_ref().map(|s| s.query.clone()))
                        .unwrap_or_default();
                    self.popup = Some(Popup::Prompt(Prompt {
                        kind: PromptKind::Search,
                        input,
                    }));
                }
            }
            Action::Filter => {
                self.focus = Focus::List;
                if !self.panes().shown(Focus::List) {
                    self.relayout();
                }
                self.popup = Some(Popup::Prompt(Prompt {
                    kind: PromptKind::Filter,
                    input: self.list.filter.clone(),
                }));
            }
            Action::CycleSort => {
                self.list.sort = self.list.sort.next();
                self.list.refresh(self.notes.as_ref());
                self.list_settle();
                self.message = Some(Message {
                    text: format!("sorted by {}", self.list.sort.label()),
                    error: false,
                });
            }
            Action::NextMatch
            | Action::PrevMatch
            | Action::NextMention
            | Action::PrevMention
            | Action::CycleActor
            | Action::ToggleRemoved => self.reader_action(action, h),
            Action::EditMetadata => self.open_metadata_form(),
            Action::AddNote
            | Action::EditNote
            | Action::EditNoteExternal
            | Action::DeleteNote
            | Action::Undo
            | Action::Redo
            | Action::ToggleReviewed
            | Action::NextUnreviewed
            | Action::ReattachNote => return self.note_action(action),
        }
        Vec::new()
    }

    /// Search, mention and removed-lines actions in the reading view.
    fn reader_action(&mut self, action: Action, h: usize) {
        match action {
            Action::NextMatch | Action::PrevMatch => {
                if let Some(d) = &mut self.doc {
                    if d.search.is_none() {
                        self.message = Some(Message {
                            text: format!(
                                "no search; {} searches",
                                self.keymap.first_key(Action::Search).unwrap_or_default()
                            ),
                            error: false,
                        });
                    }
                    d.step_match(action == Action::NextMatch, h);
                    if let Some(s) = &d.search {
                        self.message = s.current.map(|c| Message {
                            text: format!("match {}/{}", c + 1, s.matches.len()),
                            error: false,
                        });
                    }
                }
            }
            Action::NextMention | Action::PrevMention => {
                if let Some(d) = &mut self.doc
                    && !d.step_mention(action == Action::NextMention, h)
                {
                    let who = d
                        .chosen_actor
                        .clone()
                        .unwrap_or_else(|| "an actor".to_owned());
                    self.message = Some(Message {
                        text: format!(
                            "no {} mention of {who}",
                            if action == Action::NextMention {
                                "later"
                            } else {
                                "earlier"
                            }
                        ),
                        error: false,
                    });
                }
            }
            Action::CycleActor => {
                if let Some(d) = &mut self.doc {
                    let legend = d.legend().to_vec();
                    let pos = d
                        .chosen_actor
                        .as_ref()
                        .and_then(|a| legend.iter().position(|(n, _)| n == a));
                    d.chosen_actor = match pos {
                        None => legend.first().map(|(n, _)| n.clone()),
                        Some(i) => legend.get(i + 1).map(|(n, _)| n.clone()),
                    };
                    self.message = Some(Message {
                        text: format!(
                            "mention jumps follow {}",
                            d.chosen_actor.as_deref().unwrap_or("every actor")
                        ),
                        error: false,
                    });
                }
            }
            Action::ToggleRemoved => {
                if let Some(d) = &mut self.doc {
                    d.show_removed = !d.show_removed;
                    d.reveal_current(h);
                    self.message = Some(Message {
                        text: if d.show_removed {
                            format!("showing {} removed lines", d.st.removed.len())
                        } else {
                            "removed lines hidden".to_owned()
                        },
                        error: false,
                    });
                }
            }
            _ => {}
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let order = [Focus::List, Focus::Reader, Focus::Notes];
        let panes = self.panes();
        let wide_enough = panes.list.is_some() && panes.reader.is_some();
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        for step in 1..=3 {
            let j = if forward {
                (i + step) % 3
            } else {
                (i + 3 - step) % 3
            };
            let f = order[j];
            // When only one pane fits, every pane is reachable: it replaces the others.
            if !wide_enough || panes.shown(f) {
                self.focus = f;
                return;
            }
        }
    }

    fn navigate(&mut self, action: Action, h: usize) -> Vec<Effect> {
        match self.focus {
            Focus::List => {
                let cap = self.list_capacity() as isize;
                let before = self.list.selected;
                match action {
                    Action::Next => self.list.move_by(1),
                    Action::Prev => self.list.move_by(-1),
                    Action::PageDown => self.list.move_by(cap),
                    Action::PageUp => self.list.move_by(-cap),
                    Action::HalfPageDown => self.list.move_by((cap / 2).max(1)),
                    Action::HalfPageUp => self.list.move_by(-(cap / 2).max(1)),
                    Action::First => self.list.select(0),
                    _ => self.list.select(usize::MAX),
                }
                self.list_settle();
                if self.list.selected != before {
                    return self.preview();
                }
            }
            Focus::Reader => {
                let Some(d) = &mut self.doc else {
                    return Vec::new();
                };
                let hi = h as isize;
                match action {
                    Action::Next => d.next(h),
                    Action::Prev => d.prev(h),
                    Action::PageDown => d.scroll(hi, h),
                    Action::PageUp => d.scroll(-hi, h),
                    Action::HalfPageDown => d.scroll((hi / 2).max(1), h),
                    Action::HalfPageUp => d.scroll(-(hi / 2).max(1), h),
                    Action::First => d.first(),
                    _ => d.last(h),
                }
                self.note_selected = 0;
            }
            Focus::Notes => {
                let n = self.note_order().len();
                let last = n.saturating_sub(1);
                self.note_selected = match action {
                    Action::Next => (self.note_selected + 1).min(last),
                    Action::Prev => self.note_selected.saturating_sub(1),
                    Action::First => 0,
                    Action::Last => last,
                    _ => self.note_selected,
                };
            }
        }
        Vec::new()
    }

    /// Shows the list's selection in the reader, unless it is already there.
    fn preview(&mut self) -> Vec<Effect> {
        match self.list.selected_source() {
            Some(src) if self.doc.as_ref().is_none_or(|d| d.source != src) => {
                vec![Effect::Load(src)]
            }
            _ => Vec::new(),
        }
    }

    // ----- effects --------------------------------------------------------------------

    /// Carries out effects (loading statements, saving notes).
    pub fn perform(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Load(src) => self.load(src),
                Effect::SaveCorrection { source, correction } => {
                    self.perform_correction(source, correction);
                }
                other => self.perform_note(other),
            }
        }
    }

    /// Handles an event and performs what it asks for.
    pub fn dispatch(&mut self, ev: &AppEvent) {
        let fx = self.handle_event(ev);
        self.perform(fx);
    }

    /// Applies an action and performs what it asks for.
    pub fn apply(&mut self, action: Action) {
        let fx = self.update(action);
        self.perform(fx);
    }

    /// Puts an already ingested statement in the cache, as if it had been loaded
    /// (examples, tests and benches use this to show hand-made statements).
    pub fn preload(&mut self, src: usize, st: Arc<Statement>) {
        self.cache.retain(|(s, _)| *s != src);
        self.cache.push((src, st));
    }

    /// Shows an already loaded statement (a new copy of the one shown keeps the place).
    pub fn show(&mut self, src: usize, st: Arc<Statement>) {
        let place = self.doc.as_ref().filter(|d| d.source == src).map(|d| d.cur);
        let mut d = DocView::new(src, st, self.text_width());
        if let Some(cur) = place {
            d.cur = cur.min(d.len().saturating_sub(1));
            d.reveal_current(self.page_height());
        }
        d.notes = self.notes.notes_for(&d.st);
        d.reviewed = self.notes.reviewed_for(&d.st);
        self.read_only = self.notes.read_only(&d.st);
        self.doc = Some(d);
        self.apply_pending_jump();
        self.note_selected = match place {
            Some(_) => self
                .note_selected
                .min(self.note_order().len().saturating_sub(1)),
            None => 0,
        };
        self.announce_identity();
    }

    /// Tells the user when the open statement's notes were found only by title and date.
    pub(crate) fn announce_identity(&mut self) {
        if let Some(how) = self
            .doc
            .as_ref()
            .and_then(|d| self.notes.identity_warning(&d.st))
        {
            self.message = Some(Message {
                text: how,
                error: false,
            });
        }
    }
}

/// The inside of a bordered pane.
#[must_use]
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}
