//! A yes/no question over the status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::tui::app::{App, Confirm};

pub fn render(app: &App, c: &Confirm, area: Rect, buf: &mut Buffer) {
    let question = match c {
        Confirm::Delete { .. } => "delete this note? y/n",
        Confirm::Discard => "discard the note you typed? y/n",
    };
    buf.set_style(area, app.theme.status);
    Line::styled(format!(" {question}"), app.theme.accent).render(area, buf);
}
