//! The note editor popup: the text area, `#tag` suggestions, the last save error, and the
//! keys that matter here.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::tui::app::App;
use crate::tui::editor::{EditTarget, NoteEditor};
use crate::tui::panes::clean;

/// Where the popup goes: centred, at most 72×14, leaving the status bar visible.
#[must_use]
pub fn area(screen: Rect) -> Rect {
    let w = screen.width.saturating_sub(4).min(72);
    let h = screen.height.saturating_sub(3).min(14);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height.saturating_sub(1) - h) / 2,
        w,
        h,
    )
}

pub fn render(app: &App, ed: &NoteEditor, screen: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let r = area(screen);
    if r.width < 4 || r.height < 3 {
        return;
    }
    Clear.render(r, buf);
    let title = match &ed.target {
        EditTarget::New { paragraph, .. } => format!(" New note on ¶{paragraph} "),
        EditTarget::Existing { .. } => " Edit note ".to_owned(),
    };
    let block = Block::bordered()
        .border_style(t.border_focused)
        .title(Line::from(title))
        .title_bottom(Line::styled(
            " Enter save · Alt-Enter new line · Tab complete #tag · Esc cancel ",
            t.dim,
        ));
    let body = block.inner(r);
    block.render(r, buf);
    // Bottom up: the error (two rows), then the suggestions (one row), then the text.
    let mut text_h = body.height;
    if let Some(err) = &ed.error {
        let h = text_h.saturating_sub(1).min(2);
        text_h -= h;
        Paragraph::new(Line::styled(format!("not saved: {}", clean(err)), t.error))
            .wrap(Wrap { trim: true })
            .render(Rect::new(body.x, body.y + text_h, body.width, h), buf);
    }
    let suggestions = ed.suggestions();
    if !suggestions.is_empty() && text_h > 1 {
        text_h -= 1;
        let mut spans = vec![Span::styled("Tab: ", t.dim)];
        for s in suggestions {
            spans.push(Span::styled(format!("#{} ", clean(s)), t.accent));
        }
        Line::from(spans).render(Rect::new(body.x, body.y + text_h, body.width, 1), buf);
    }
    (&ed.area).render(Rect::new(body.x, body.y, body.width, text_h), buf);
}
