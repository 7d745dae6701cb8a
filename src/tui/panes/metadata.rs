//! The metadata form: title, issuer, date and place of the open statement, each marked when
//! it differs from what was read (and so is stored as a correction).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::metadata_form::{FIELDS, MetaForm};
use crate::tui::panes::clean;

/// Draws the form; returns where the cursor goes.
pub fn render(app: &App, form: &MetaForm, screen: Rect, buf: &mut Buffer) -> Option<Position> {
    let t = &app.theme;
    let w = screen.width.saturating_sub(4).min(76);
    let h = screen.height.saturating_sub(3).min(11);
    if w < 20 || h < 6 {
        return None;
    }
    let r = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height.saturating_sub(1) - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .border_style(t.border_focused)
        .title(Line::from(" Correct metadata "))
        .title_bottom(Line::styled(
            " Enter save · Tab next · Ctrl-r as read · Ctrl-u empty · Esc cancel ",
            t.dim,
        ));
    let body = block.inner(r);
    block.render(r, buf);
    let label_w = 8usize;
    let mut cursor = None;
    for (i, name) in FIELDS.iter().enumerate() {
        let y = body.y + u16::try_from(i).unwrap_or(0);
        if y >= body.y + body.height {
            break;
        }
        let value = clean(form.values.get(i).map_or("", String::as_str)).into_owned();
        let mark = if form.is_corrected(i) {
            "  (corrected)"
        } else {
            ""
        };
        let room = usize::from(body.width).saturating_sub(label_w + mark.width() + 1);
        // Keep the end of a long value (where the cursor is) visible.
        let mut shown: &str = &value;
        while shown.width() > room {
            let mut chars = shown.chars();
            chars.next();
            shown = chars.as_str();
        }
        let style = if i == form.focus { t.accent } else { t.dim };
        let line = Line::from(vec![
            Span::styled(format!("{name:<label_w$}"), style),
            Span::raw(shown.to_owned()),
            Span::styled(mark, t.accent),
        ]);
        line.render(Rect::new(body.x, y, body.width, 1), buf);
        if i == form.focus {
            let x = body.x + u16::try_from(label_w + shown.width()).unwrap_or(u16::MAX);
            cursor = (x < body.x + body.width).then_some(Position::new(x, y));
        }
    }
    let read = form.read.get(form.focus).map_or("", String::as_str);
    let hint = if form.focus == 2 {
        "YYYY-MM-DD, or YYYY when only the year is known; empty: unknown".to_owned()
    } else {
        "empty: unknown".to_owned()
    };
    let mut lines = vec![
        Line::default(),
        Line::from(vec![
            Span::styled("as read: ", t.dim),
            Span::raw(if read.is_empty() {
                "(unknown)".to_owned()
            } else {
                clean(read).into_owned()
            }),
        ]),
        Line::styled(hint, t.dim),
    ];
    if let Some(e) = &form.error {
        lines.push(Line::styled(format!("not saved: {}", clean(e)), t.error));
    }
    let top = body.y + u16::try_from(FIELDS.len()).unwrap_or(4);
    if top < body.y + body.height {
        Paragraph::new(lines).wrap(Wrap { trim: true }).render(
            Rect::new(body.x, top, body.width, body.y + body.height - top),
            buf,
        );
    }
    cursor
}
