//! The one-line prompt for search and filter, drawn over the status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::tui::app::{App, Prompt, PromptKind};
use crate::tui::panes::clean;

/// Draws the prompt; returns where the cursor goes.
pub fn render(app: &App, p: &Prompt, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let label = match p.kind {
        PromptKind::Search => "search: ",
        PromptKind::Filter => "filter (words, @actor, #tag): ",
        PromptKind::LibrarySearch => "search the library (words, \"a phrase\", prefix*, @actor): ",
    };
    let input = clean(&p.input).into_owned();
    // Keep the end of a long input visible.
    let room = usize::from(area.width).saturating_sub(label.width() + 1);
    let mut shown: &str = &input;
    while shown.width() > room {
        let mut chars = shown.chars();
        chars.next();
        shown = chars.as_str();
    }
    let line = Line::from(vec![
        Span::styled(label, app.theme.accent),
        Span::raw(shown.to_owned()),
    ]);
    let x = area.x + u16::try_from(line.width()).unwrap_or(u16::MAX);
    line.render(area, buf);
    (x < area.x + area.width).then_some(Position::new(x, area.y))
}
