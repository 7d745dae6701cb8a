//! Everything the user can ask the reader to do. Each action has a snake_case name (used in
//! the config's `[keys]`) and a description (shown on the help screen).

/// A user intention, independent of the key that triggered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    FocusNext,
    FocusPrev,
    Next,
    Prev,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    First,
    Last,
    Open,
    Search,
    SearchLibrary,
    NextMatch,
    PrevMatch,
    Filter,
    CycleSort,
    NextMention,
    PrevMention,
    CycleActor,
    ToggleRemoved,
    EditMetadata,
    ToggleNotes,
    Help,
    Close,
    AddNote,
    EditNote,
    EditNoteExternal,
    DeleteNote,
    Undo,
    Redo,
    ToggleReviewed,
    NextUnreviewed,
    ReattachNote,
}

/// Where an action matters, for grouping the help screen and the status bar hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Navigation,
    List,
    Reader,
    Notes,
}

impl Scope {
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::Global => "Global",
            Self::Navigation => "Moving",
            Self::List => "Statement list",
            Self::Reader => "Reading view",
            Self::Notes => "Notes",
        }
    }
}

impl Action {
    /// Every action, in the order the help screen lists them.
    pub const ALL: [Self; 35] = [
        Self::Quit,
        Self::Help,
        Self::Close,
        Self::FocusNext,
        Self::FocusPrev,
        Self::ToggleNotes,
        Self::Next,
        Self::Prev,
        Self::PageDown,
        Self::PageUp,
        Self::HalfPageDown,
        Self::HalfPageUp,
        Self::First,
        Self::Last,
        Self::Open,
        Self::Filter,
        Self::CycleSort,
        Self::Search,
        Self::SearchLibrary,
        Self::NextMatch,
        Self::PrevMatch,
        Self::NextMention,
        Self::PrevMention,
        Self::CycleActor,
        Self::ToggleRemoved,
        Self::EditMetadata,
        Self::AddNote,
        Self::EditNote,
        Self::EditNoteExternal,
        Self::DeleteNote,
        Self::Undo,
        Self::Redo,
        Self::ToggleReviewed,
        Self::NextUnreviewed,
        Self::ReattachNote,
    ];

    /// The name used in the config's `[keys]` table.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::FocusNext => "focus_next",
            Self::FocusPrev => "focus_prev",
            Self::Next => "next",
            Self::Prev => "prev",
            Self::PageDown => "page_down",
            Self::PageUp => "page_up",
            Self::HalfPageDown => "half_page_down",
            Self::HalfPageUp => "half_page_up",
            Self::First => "first",
            Self::Last => "last",
            Self::Open => "open",
            Self::Search => "search",
            Self::SearchLibrary => "search_library",
            Self::NextMatch => "next_match",
            Self::PrevMatch => "prev_match",
            Self::Filter => "filter",
            Self::CycleSort => "cycle_sort",
            Self::NextMention => "next_mention",
            Self::PrevMention => "prev_mention",
            Self::CycleActor => "cycle_actor",
            Self::ToggleRemoved => "toggle_removed",
            Self::EditMetadata => "edit_metadata",
            Self::ToggleNotes => "toggle_notes",
            Self::Help => "help",
            Self::Close => "close",
            Self::AddNote => "add_note",
            Self::EditNote => "edit_note",
            Self::EditNoteExternal => "edit_note_external",
            Self::DeleteNote => "delete_note",
            Self::Undo => "undo",
            Self::Redo => "redo",
            Self::ToggleReviewed => "toggle_reviewed",
            Self::NextUnreviewed => "next_unreviewed",
            Self::ReattachNote => "reattach_note",
        }
    }

    /// What the action does, for the help screen.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::Quit => "quit (everything is already saved)",
            Self::FocusNext => "focus the next pane: list → reader → notes",
            Self::FocusPrev => "focus the previous pane",
            Self::Next => "next item (list: statement; reader: paragraph)",
            Self::Prev => "previous item",
            Self::PageDown => "scroll down a page",
            Self::PageUp => "scroll up a page",
            Self::HalfPageDown => "scroll down half a page",
            Self::HalfPageUp => "scroll up half a page",
            Self::First => "first item",
            Self::Last => "last item",
            Self::Open => "open the selected statement, or go to the selected note's paragraph",
            Self::Search => "search the statement (in the list: filter)",
            Self::SearchLibrary => {
                "search every statement: matches in context; Enter opens one, Esc closes"
            }
            Self::NextMatch => "next search match",
            Self::PrevMatch => "previous search match",
            Self::Filter => "filter the list: words, @actor, @class:un, @country:az, #tag",
            Self::CycleSort => "sort the list by date, title or issuer",
            Self::NextMention => "next mention of the chosen actor (any actor if none)",
            Self::PrevMention => "previous mention of the chosen actor",
            Self::CycleActor => "choose the actor that mention jumps follow",
            Self::ToggleRemoved => "show / hide the lines the cleaning removed",
            Self::EditMetadata => "correct the statement's title, issuer, date, place",
            Self::ToggleNotes => "show / hide the notes pane",
            Self::Help => "this help",
            Self::Close => "close a popup or prompt; clear the search",
            Self::AddNote => "write a note on the current paragraph",
            Self::EditNote => "edit the selected note (reader: the first on the paragraph)",
            Self::EditNoteExternal => "edit (or write) the note in $VISUAL / $EDITOR",
            Self::DeleteNote => "delete the selected note (asks first)",
            Self::Undo => "undo the last change to notes or review marks",
            Self::Redo => "redo what undo undid",
            Self::ToggleReviewed => "mark the current paragraph reviewed / not reviewed",
            Self::NextUnreviewed => "jump to the next paragraph with no note and not reviewed",
            Self::ReattachNote => "re-attach the selected orphaned note to this paragraph",
        }
    }

    #[must_use]
    pub const fn scope(self) -> Scope {
        match self {
            Self::Quit
            | Self::Help
            | Self::Close
            | Self::FocusNext
            | Self::FocusPrev
            | Self::SearchLibrary => Scope::Global,
            Self::ToggleNotes => Scope::Global,
            Self::Next
            | Self::Prev
            | Self::PageDown
            | Self::PageUp
            | Self::HalfPageDown
            | Self::HalfPageUp
            | Self::First
            | Self::Last => Scope::Navigation,
            Self::Open | Self::Filter | Self::CycleSort => Scope::List,
            Self::Search
            | Self::NextMatch
            | Self::PrevMatch
            | Self::NextMention
            | Self::PrevMention
            | Self::CycleActor
            | Self::ToggleRemoved
            | Self::EditMetadata => Scope::Reader,
            Self::AddNote
            | Self::EditNote
            | Self::EditNoteExternal
            | Self::DeleteNote
            | Self::Undo
            | Self::Redo
            | Self::ToggleReviewed
            | Self::NextUnreviewed
            | Self::ReattachNote => Scope::Notes,
        }
    }

    /// The action with this config name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
    }
}
