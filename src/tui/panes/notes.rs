//! The notes pane: notes on the current paragraph, the statement's other notes, then the
//! orphaned ones with the text they were written on (in [`App::note_order`]'s order).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::model::notes::first_chars;
use crate::tui::action::Action;
use crate::tui::app::{App, inner};
use crate::tui::layout::Focus;
use crate::tui::notes_source::NoteView;
use crate::tui::panes::{clean, pane_block};

/// Chars of an orphan's quote shown.
const QUOTE_CHARS: usize = 120;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let Some(d) = &app.doc else {
        pane_block(app, Focus::Notes, Line::from(" Notes ")).render(area, buf);
        Paragraph::new(Line::styled("No statement open.", t.dim))
            .wrap(Wrap { trim: true })
            .render(inner(area), buf);
        return;
    };
    let n = d.cur + 1;
    let reviewed = if d.is_reviewed(d.cur) { " ✓" } else { "" };
    pane_block(
        app,
        Focus::Notes,
        Line::from(format!(" Notes · ¶{n}{reviewed} ")),
    )
    .render(area, buf);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(reason) = &app.read_only {
        lines.push(Line::styled(
            format!("read-only: {}", clean(reason)),
            t.error,
        ));
        if let Some(b) = &app.banner {
            lines.push(Line::styled(clean(b).into_owned(), t.error));
        }
        lines.push(Line::default());
    }
    let order = app.note_order();
    let key = |a: Action, default: &str| {
        app.keymap
            .first_key(a)
            .unwrap_or_else(|| default.to_owned())
    };
    let add_hint = format!(
        "No note on ¶{n}. Press {} to add one.",
        key(Action::AddNote, "a")
    );
    let here = d.notes.iter().any(|v| v.paragraph == Some(n));
    if !here {
        lines.push(Line::styled(add_hint, t.dim));
        if order.is_empty() && d.reviewed.is_empty() {
            lines.push(Line::default());
            lines.push(Line::styled("No notes in this statement yet.", t.dim));
        }
    }
    let mut section = None;
    let (mut selected_at, mut selected_end) = (None, None);
    for (pos, &i) in order.iter().enumerate() {
        let Some(v) = d.notes.get(i) else { continue };
        let this = match v.paragraph {
            Some(p) if p == n => 0,
            Some(_) => 1,
            None => 2,
        };
        if section != Some(this) {
            if !lines.is_empty() {
                lines.push(Line::default());
            }
            let head = match this {
                0 => format!("On ¶{n}"),
                1 => "Elsewhere in this statement".to_owned(),
                _ => "Orphaned (their paragraph changed or is gone)".to_owned(),
            };
            lines.push(Line::styled(head, t.accent));
            section = Some(this);
        }
        let selected = app.focus == Focus::Notes && pos == app.note_selected;
        if selected {
            selected_at = Some(lines.len());
        }
        note_lines(app, pos, v, this == 1, &mut lines);
        if selected {
            selected_end = Some(lines.len());
        }
    }
    if app.focus == Focus::Notes && app.selected_note().is_some_and(|v| v.paragraph.is_none()) {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!(
                "{} re-attaches the selected note to ¶{n}",
                key(Action::ReattachNote, "R")
            ),
            t.dim,
        ));
    }
    let body = inner(area);
    let scroll = scroll_for(&lines, selected_at, selected_end, body);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(body, buf);
}

/// Rows to scroll so the selected note (`lines[start..end]`) is in view. Rows are
/// estimated from line widths; word wrapping may need a little more, hence the margin.
fn scroll_for(lines: &[Line], start: Option<usize>, end: Option<usize>, body: Rect) -> u16 {
    let (Some(start), Some(end)) = (start, end) else {
        return 0;
    };
    let w = usize::from(body.width).max(1);
    let rows = |ls: &[Line]| -> usize { ls.iter().map(|l| l.width().div_ceil(w).max(1)).sum() };
    let before = rows(lines.get(..start).unwrap_or_default());
    let note = rows(lines.get(start..end).unwrap_or_default()) + 1;
    let h = usize::from(body.height);
    let scroll = (before + note).saturating_sub(h).min(before);
    u16::try_from(scroll).unwrap_or(u16::MAX)
}

fn note_lines<'a>(
    app: &App,
    pos: usize,
    v: &'a NoteView,
    with_para: bool,
    out: &mut Vec<Line<'a>>,
) {
    let t = &app.theme;
    let selected = app.focus == Focus::Notes && pos == app.note_selected;
    let bullet = if selected { "▸ " } else { "• " };
    let text_style = if selected {
        t.selection
    } else {
        ratatui::style::Style::new()
    };
    // A note may have several lines (Alt-Enter): each becomes a line of the pane.
    for (k, text_line) in v.text.split('\n').enumerate() {
        let mut spans = vec![Span::styled(if k == 0 { bullet } else { "  " }, t.accent)];
        if with_para && k == 0 {
            let where_ = v.paragraph.map_or_else(String::new, |p| format!("¶{p} "));
            spans.push(Span::styled(where_, t.dim));
        }
        spans.push(Span::styled(clean(text_line).into_owned(), text_style));
        out.push(Line::from(spans));
    }
    if v.paragraph.is_none() && !v.quote.is_empty() {
        let mut quote = first_chars(&v.quote, QUOTE_CHARS);
        if v.quote.chars().count() > QUOTE_CHARS {
            quote.push('…');
        }
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(format!("on “{}”", clean(&quote)), t.dim),
        ]));
    }
    let mut meta: Vec<Span> = v
        .tags
        .iter()
        .map(|tag| Span::styled(format!("#{} ", clean(tag)), t.accent))
        .collect();
    if v.anchor != "exact" && v.anchor != "orphaned" && !v.anchor.is_empty() {
        meta.push(Span::styled(format!("({})", clean(&v.anchor)), t.dim));
    }
    if !meta.is_empty() {
        meta.insert(0, Span::raw("  "));
        out.push(Line::from(meta));
    }
}
