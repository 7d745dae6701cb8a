//! The notes pane: notes on the current paragraph, the statement's other notes, then the
//! orphaned ones with the text they were written on (in [`App::note_order`]'s order).

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::model::anchor::AnchorStatus;
use crate::model::notes::first_chars;
use crate::tui::action::Action;
use crate::tui::app::{App, inner};
use crate::tui::doc::DocView;
use crate::tui::layout::Focus;
use crate::tui::notes_source::NoteView;
use crate::tui::panes::{clean, pane_block};
use crate::tui::wrap::wrap_offsets;

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
    let body = inner(area);
    let view = layout(app, d, body.width);
    // Every row is already wrapped, so the scroll is exact and the selection always shows.
    let scroll = view.scroll(body.height);
    Paragraph::new(view.rows)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(body, buf);
}

/// The pane's text wrapped to its width, one [`Line`] per screen row, and the rows of the
/// selected note (when the notes pane has the focus).
#[derive(Debug, Default)]
pub struct NotesLayout {
    pub rows: Vec<Line<'static>>,
    pub selected: Option<Range<usize>>,
    /// The rows of each note, with its position in [`App::note_order`].
    pub notes: Vec<(Range<usize>, usize)>,
}

impl NotesLayout {
    /// Rows scrolled off the top in a body `height` rows high.
    #[must_use]
    pub fn scroll(&self, height: u16) -> usize {
        scroll_for(self.selected.clone(), height)
    }

    /// The position (in [`App::note_order`]) of the note on body row `y`, counted from
    /// the top of a body `height` rows high.
    #[must_use]
    pub fn note_at(&self, y: u16, height: u16) -> Option<usize> {
        let row = self.scroll(height) + usize::from(y);
        self.notes
            .iter()
            .find(|(rows, _)| rows.contains(&row))
            .map(|(_, pos)| *pos)
    }
}

/// Lays out the notes of the open statement in [`App::note_order`]'s order: the same order
/// the note keys use, so what is marked selected is what they act on.
#[must_use]
pub fn layout(app: &App, d: &DocView, width: u16) -> NotesLayout {
    let mut lines = header_lines(app, d);
    let spans = note_sections(app, d, &mut lines);
    if app.focus == Focus::Notes && app.selected_note().is_some_and(|v| v.paragraph.is_none()) {
        let key = app
            .keymap
            .first_key(Action::ReattachNote)
            .unwrap_or_else(|| "R".to_owned());
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("{key} re-attaches the selected note to ¶{}", d.cur + 1),
            app.theme.dim,
        ));
    }
    let width = usize::from(width).max(1);
    let mut out = NotesLayout::default();
    let mut first_row = Vec::with_capacity(lines.len() + 1);
    for line in &lines {
        first_row.push(out.rows.len());
        out.rows.extend(wrap_line(line, width));
    }
    first_row.push(out.rows.len());
    let rows = |r: &Range<usize>| Some(*first_row.get(r.start)?..*first_row.get(r.end)?);
    out.notes = spans
        .iter()
        .filter_map(|(r, pos)| Some((rows(r)?, *pos)))
        .collect();
    out.selected = spans
        .iter()
        .find(|(_, pos)| app.focus == Focus::Notes && *pos == app.note_selected)
        .and_then(|(r, _)| rows(r));
    out
}

/// Read-only warning and the hint shown when the current paragraph has no note.
fn header_lines<'a>(app: &App, d: &DocView) -> Vec<Line<'a>> {
    let t = &app.theme;
    let n = d.cur + 1;
    let mut lines = Vec::new();
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
    if !d.notes.iter().any(|v| v.paragraph == Some(n)) {
        let key = app
            .keymap
            .first_key(Action::AddNote)
            .unwrap_or_else(|| "a".to_owned());
        lines.push(Line::styled(
            format!("No note on ¶{n}. Press {key} to add one."),
            t.dim,
        ));
        if d.notes.is_empty() && d.reviewed.is_empty() {
            lines.push(Line::default());
            lines.push(Line::styled("No notes in this statement yet.", t.dim));
        }
    }
    lines
}

/// The notes under their section headings; returns the lines of each note with its
/// position in the order.
fn note_sections<'a>(
    app: &App,
    d: &'a DocView,
    lines: &mut Vec<Line<'a>>,
) -> Vec<(Range<usize>, usize)> {
    let n = d.cur + 1;
    let mut section = None;
    let mut spans = Vec::new();
    for (pos, &i) in app.note_order().iter().enumerate() {
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
            lines.push(Line::styled(head, app.theme.accent));
            section = Some(this);
        }
        let start = lines.len();
        note_lines(app, pos, v, this == 1, lines);
        spans.push((start..lines.len(), pos));
    }
    spans
}

/// Rows to scroll so that the selected rows are in view, their start first when they do
/// not all fit.
#[must_use]
pub fn scroll_for(selected: Option<Range<usize>>, height: u16) -> usize {
    let Some(r) = selected else {
        return 0;
    };
    // One row more than the note, so the blank line after it shows the note has ended.
    (r.end + 1).saturating_sub(usize::from(height)).min(r.start)
}

/// Splits a styled line into rows of at most `width` columns, breaking between words like
/// the reading view does (and inside words longer than a row).
#[must_use]
pub fn wrap_line(line: &Line<'_>, width: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.is_empty() {
        return vec![Line::default().style(line.style)];
    }
    wrap_offsets(&text, width)
        .iter()
        .map(|w| {
            let mut row = Line::from(slice_spans(line, w.start, w.end));
            row.style = line.style;
            row
        })
        .collect()
}

/// The parts of `line`'s spans within bytes `start..end` of its text, styles kept.
fn slice_spans(line: &Line<'_>, start: usize, end: usize) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut at = 0;
    for span in &line.spans {
        let len = span.content.len();
        let (a, b) = (start.max(at), end.min(at + len));
        if a < b
            && let Some(part) = span.content.get(a - at..b - at)
        {
            out.push(Span::styled(part.to_owned(), span.style));
        }
        at += len;
    }
    out
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
    // Exact needs no mention, and orphans are said above, with their quote.
    if matches!(v.anchor, AnchorStatus::Moved | AnchorStatus::Fuzzy) {
        meta.push(Span::styled(format!("({})", v.anchor.as_str()), t.dim));
    }
    if !meta.is_empty() {
        meta.insert(0, Span::raw("  "));
        out.push(Line::from(meta));
    }
}
