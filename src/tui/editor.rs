//! The note editor popup's state: a multi-line text area, what it edits, the last save
//! error (the text stays so nothing typed is lost), and `#tag` completion.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// Most suggestions shown at once.
pub const MAX_SUGGESTIONS: usize = 6;

/// What the editor writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// A new note on 1-based `paragraph` of library statement `source`.
    New { source: usize, paragraph: usize },
    /// An existing note.
    Existing { id: String },
}

/// The open editor.
#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub target: EditTarget,
    pub area: TextArea<'static>,
    /// The text when the editor opened, to tell whether closing loses anything.
    pub original: String,
    /// Why the last save failed; the editor stays open with the text.
    pub error: Option<String>,
    /// Tags in use, for completion.
    pub known_tags: Vec<String>,
}

impl NoteEditor {
    #[must_use]
    pub fn new(target: EditTarget, text: &str, known_tags: Vec<String>) -> Self {
        let mut area = TextArea::new(text.split('\n').map(str::to_owned).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Self {
            target,
            area,
            original: text.to_owned(),
            error: None,
            known_tags,
        }
    }

    /// The text as typed, lines joined with `\n`.
    #[must_use]
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Whether closing now would lose typed text.
    #[must_use]
    pub fn changed(&self) -> bool {
        let t = self.text();
        t != self.original && !t.trim().is_empty()
    }

    /// Passes a key to the text area (typing, moving, deleting).
    pub fn input(&mut self, key: KeyEvent) {
        self.area.input(key);
    }

    pub fn newline(&mut self) {
        self.area.insert_newline();
    }

    /// The partial tag just before the cursor (`#ti|` gives `ti`), if the cursor ends one.
    #[must_use]
    pub fn tag_prefix(&self) -> Option<String> {
        let cursor = self.area.cursor();
        let line = self.area.lines().get(cursor.0)?;
        let before: Vec<char> = line.chars().take(cursor.1).collect();
        let word_start = before
            .iter()
            .rposition(|c| !(c.is_alphanumeric() || *c == '_' || *c == '-'))?;
        if before.get(word_start) != Some(&'#') {
            return None;
        }
        // `a#b` is not a tag: the `#` must start a word.
        if word_start > 0
            && before
                .get(word_start - 1)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == '#')
        {
            return None;
        }
        Some(before.get(word_start + 1..)?.iter().collect())
    }

    /// Known tags that complete the partial tag at the cursor.
    #[must_use]
    pub fn suggestions(&self) -> Vec<&str> {
        let Some(prefix) = self.tag_prefix() else {
            return Vec::new();
        };
        let prefix = prefix.to_lowercase();
        self.known_tags
            .iter()
            .filter(|t| t.starts_with(&prefix) && **t != prefix)
            .take(MAX_SUGGESTIONS)
            .map(String::as_str)
            .collect()
    }

    /// Completes the partial tag with the first suggestion; false when there is none.
    pub fn complete(&mut self) -> bool {
        let (Some(prefix), Some(first)) = (self.tag_prefix(), self.suggestions().first().copied())
        else {
            return false;
        };
        let rest: String = first.chars().skip(prefix.chars().count()).collect();
        self.area.insert_str(rest)
    }
}
