//! The library search's concordance: a window of lines, each a match in its context under
//! the statement it is from, the selected one marked. Drawn from the state, nothing else.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Sparkline, Widget};

use crate::tui::app::App;
use crate::tui::concordance::View;
use crate::tui::panes::clean;

/// Rows per concordance line: what the statement is, then the match in its context.
const ROWS: usize = 2;

pub fn render(app: &App, view: &View, screen: Rect, buf: &mut Buffer) {
    let w = screen.width.saturating_sub(4).min(140);
    let h = screen.height.saturating_sub(2);
    if w < 10 || h < 4 {
        return;
    }
    let area = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    );
    Clear.render(area, buf);
    let t = &app.theme;
    let block = Block::bordered()
        .border_style(t.border_focused)
        .title(Line::from(format!(" {} ", title(view))))
        .title_bottom(
            Line::from(" j/k move · s date/library order · Enter opens · Esc closes ").style(t.dim),
        );
    let mut inner = block.inner(area);
    block.render(area, buf);
    // Matches per year, above the lines, when the window has room.
    let (first_year, counts) = view.per_year();
    if let Some(first) = first_year
        && inner.height >= 10
    {
        let last = first + i32::try_from(counts.len()).unwrap_or(1) - 1;
        let chart = Rect { height: 3, ..inner };
        Sparkline::default()
            .data(&counts)
            .style(t.accent)
            .render(chart, buf);
        Line::styled(format!("matches per year, {first}–{last}"), t.dim).render(
            Rect {
                y: inner.y + 3,
                height: 1,
                ..inner
            },
            buf,
        );
        inner.y += 4;
        inner.height -= 4;
    }
    let visible = (usize::from(inner.height) / ROWS).max(1);
    // The selected line stays in view.
    let first = view.selected.saturating_sub(visible - 1);
    let mut lines: Vec<Line> = Vec::new();
    if view.lines.is_empty() {
        let text = if view.done {
            "no match"
        } else {
            "searching…"
        };
        lines.push(Line::styled(text, t.dim));
    }
    for (i, l) in view.lines.iter().enumerate().skip(first).take(visible) {
        let selected = i == view.selected;
        let mark = if selected { "▸ " } else { "  " };
        let head_style = if selected { t.selection } else { t.dim };
        lines.push(Line::styled(
            format!("{mark}¶{} · {}", l.hit.paragraph, clean(&l.about)),
            head_style,
        ));
        // The match near the middle of the row, however long the context before it.
        let room = usize::from(inner.width).saturating_sub(4);
        let keep = room.saturating_sub(l.hit.matched.chars().count()) / 2;
        lines.push(Line::from(vec![
            Span::raw("    "),
            Span::raw(tail(&clean(&l.hit.before), keep)),
            Span::styled(clean(&l.hit.matched).into_owned(), t.search),
            Span::raw(clean(&l.hit.after).into_owned()),
        ]));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The last `keep` chars of `text`, with `…` when cut.
fn tail(text: &str, keep: usize) -> String {
    let n = text.chars().count();
    if n <= keep {
        return text.to_owned();
    }
    let mut out = String::from("…");
    out.extend(text.chars().skip(n - keep.saturating_sub(1)));
    out
}

/// `Library search “query” · 12 matches in 5 statements · 300/10,952 files`.
fn title(view: &View) -> String {
    // A query with its own quotes ("a phrase") is shown as typed.
    let query = if view.query.contains('"') {
        clean(&view.query).into_owned()
    } else {
        format!("“{}”", clean(&view.query))
    };
    let mut t = format!(
        "Library search {query} · {} match(es) in {} statement(s)",
        view.lines.len(),
        view.statements()
    );
    if view.by_date {
        t.push_str(" · newest first");
    }
    if !view.done {
        t.push_str(&format!(" · {}/{} files", view.scanned, view.total));
    }
    t
}
