//! The notes pane: notes on the current paragraph, then the statement's other notes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::action::Action;
use crate::tui::app::{App, inner};
use crate::tui::layout::Focus;
use crate::tui::notes_source::NoteView;
use crate::tui::panes::{clean, pane_block};

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
    pane_block(app, Focus::Notes, Line::from(format!(" Notes · ¶{n} "))).render(area, buf);
    let mut lines: Vec<Line> = Vec::new();
    let here: Vec<(usize, &NoteView)> = d
        .notes
        .iter()
        .enumerate()
        .filter(|(_, v)| v.paragraph == Some(n))
        .collect();
    let others: Vec<(usize, &NoteView)> = d
        .notes
        .iter()
        .enumerate()
        .filter(|(_, v)| v.paragraph != Some(n))
        .collect();
    let add = app
        .keymap
        .first_key(Action::AddNote)
        .unwrap_or_else(|| "a".to_owned());
    if here.is_empty() {
        lines.push(Line::styled(
            format!("No note on ¶{n}. Press {add} to add one."),
            t.dim,
        ));
    } else {
        lines.push(Line::styled(format!("On ¶{n}"), t.accent));
        for (i, v) in here {
            note_lines(app, i, v, false, &mut lines);
        }
    }
    if !others.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("Elsewhere in this statement", t.accent));
        for (i, v) in others {
            note_lines(app, i, v, true, &mut lines);
        }
    } else if d.reviewed.len() + d.notes.len() == 0 {
        lines.push(Line::default());
        lines.push(Line::styled("No notes in this statement yet.", t.dim));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner(area), buf);
}

fn note_lines<'a>(app: &App, i: usize, v: &'a NoteView, with_para: bool, out: &mut Vec<Line<'a>>) {
    let t = &app.theme;
    let selected = app.focus == Focus::Notes && i == app.note_selected;
    let bullet = if selected { "▸ " } else { "• " };
    let mut head = vec![Span::styled(bullet, t.accent)];
    if with_para {
        let where_ = v
            .paragraph
            .map_or_else(|| "orphaned".to_owned(), |p| format!("¶{p}"));
        head.push(Span::styled(format!("{where_} "), t.dim));
    }
    let text_style = if selected {
        t.selection
    } else {
        ratatui::style::Style::new()
    };
    head.push(Span::styled(clean(&v.text).into_owned(), text_style));
    out.push(Line::from(head));
    let mut meta: Vec<Span> = v
        .tags
        .iter()
        .map(|tag| Span::styled(format!("#{} ", clean(tag)), t.accent))
        .collect();
    if v.anchor != "exact" && !v.anchor.is_empty() {
        meta.push(Span::styled(format!("({})", clean(&v.anchor)), t.dim));
    }
    if !meta.is_empty() {
        meta.insert(0, Span::raw("  "));
        out.push(Line::from(meta));
    }
}
