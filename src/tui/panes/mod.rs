//! Drawing: one file per pane. Panes read the [`App`] and never change it.

pub mod concordance;
pub mod confirm;
pub mod editor;
pub mod help;
pub mod list;
pub mod metadata;
pub mod notes;
pub mod prompt;
pub mod reader;
pub mod status;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::app::{App, Popup};
use crate::tui::layout::Focus;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let panes = crate::tui::layout::panes(area, app.notes_shown(), app.focus);
    let buf = frame.buffer_mut();
    if panes.too_small {
        too_small(area, buf);
        return;
    }
    if let Some(r) = panes.list {
        list::render(app, r, buf);
    }
    if let Some(r) = panes.reader {
        reader::render(app, r, buf);
    }
    if let Some(r) = panes.notes {
        notes::render(app, r, buf);
    }
    if let Some(r) = panes.status {
        match &app.popup {
            Some(Popup::Prompt(p)) => {
                if let Some(pos) = prompt::render(app, p, r, buf) {
                    frame.set_cursor_position(pos);
                }
            }
            Some(Popup::Confirm(c)) => confirm::render(app, c, r, buf),
            _ => status::render(app, r, buf),
        }
    }
    if let Some(ed) = &app.editor {
        editor::render(app, ed, area, frame.buffer_mut());
    }
    if let Some(Popup::Help { scroll }) = &app.popup {
        help::render(app, *scroll, area, frame.buffer_mut());
    }
    if let (Some(Popup::Concordance), Some(view)) = (&app.popup, &app.concordance) {
        concordance::render(app, view, area, frame.buffer_mut());
    }
    if let Some(Popup::Metadata(form)) = &app.popup
        && let Some(pos) = metadata::render(app, form, area, frame.buffer_mut())
    {
        frame.set_cursor_position(pos);
    }
}

/// The message shown when no layout fits.
fn too_small(area: Rect, buf: &mut ratatui::buffer::Buffer) {
    use ratatui::widgets::Widget;
    Paragraph::new("terminal too small")
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// A pane's border, highlighted when focused.
#[must_use]
pub fn pane_block<'a>(app: &App, pane: Focus, title: Line<'a>) -> Block<'a> {
    let style = if app.focus == pane {
        app.theme.border_focused
    } else {
        app.theme.border
    };
    Block::bordered().border_style(style).title(title)
}

/// Text safe to put in a cell: control, bidi and zero-width characters become U+FFFD, so
/// nothing from a file name or a statement can steer the terminal.
#[must_use]
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_unsafe(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// Characters never drawn as they are. The zero-width joiners (U+200C, U+200D) are drawn:
/// they steer no terminal, and they shape emoji ("👩‍👩‍👦") and Persian or Indic words; the
/// model's sanitiser has shown every joiner that joins nothing as a placeholder already.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// A style when the condition holds, else none.
#[must_use]
pub fn style_if(cond: bool, style: Style) -> Style {
    if cond { style } else { Style::new() }
}
