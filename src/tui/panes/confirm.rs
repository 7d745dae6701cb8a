//! A yes/no question over the status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::model::notes::first_chars;
use crate::tui::app::{App, Confirm};
use crate::tui::panes::clean;

/// Chars of the note quoted in the delete question.
const QUOTE_CHARS: usize = 40;

pub fn render(app: &App, c: &Confirm, area: Rect, buf: &mut Buffer) {
    let question = match c {
        Confirm::Delete { id } => delete_question(app, id),
        Confirm::Discard => "discard the note you typed? y/n".to_owned(),
    };
    buf.set_style(area, app.theme.status);
    Line::styled(format!(" {question}"), app.theme.accent).render(area, buf);
}

/// Names the note about to go, so that `y` answers for the note the user means.
fn delete_question(app: &App, id: &str) -> String {
    let Some(v) = app
        .doc
        .as_ref()
        .and_then(|d| d.notes.iter().find(|v| v.id == id))
    else {
        return "delete this note? y/n".to_owned();
    };
    let first = v.text.lines().next().unwrap_or_default();
    let mut quote = first_chars(first, QUOTE_CHARS);
    if first.chars().count() > QUOTE_CHARS || v.text.contains('\n') {
        quote.push('…');
    }
    let place = v
        .paragraph
        .map_or_else(|| "orphaned".to_owned(), |p| format!("¶{p}"));
    format!("delete the note “{}” ({place})? y/n", clean(&quote))
}
