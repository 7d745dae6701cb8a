//! The statement list: two rows per statement (title; date · issuer · counts).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::{App, inner};
use crate::tui::layout::Focus;
use crate::tui::panes::{clean, pane_block};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let list = &app.list;
    let mut title = format!(
        " Statements {} · by {} ",
        list.order.len(),
        list.sort.label()
    );
    if !list.filter.is_empty() {
        title = format!(
            " {}/{} · “{}” ",
            list.order.len(),
            list.entries.len(),
            clean(&list.filter)
        );
    }
    pane_block(app, Focus::List, Line::from(title)).render(area, buf);
    let body = inner(area);
    if body.is_empty() {
        return;
    }
    if list.order.is_empty() {
        let text = if list.entries.is_empty() {
            "No statements."
        } else {
            "No statement matches the filter."
        };
        Line::styled(text, app.theme.dim).render(Rect { height: 1, ..body }, buf);
        return;
    }
    let rows = usize::from(body.height);
    for (slot, (pos, &entry_i)) in list
        .order
        .iter()
        .enumerate()
        .skip(list.offset)
        .take(rows.div_ceil(2))
        .enumerate()
    {
        let Some(e) = list.entries.get(entry_i) else {
            continue;
        };
        let y = body.y + (slot as u16) * 2;
        let selected = pos == list.selected;
        let row_style = if selected {
            app.theme.selection
        } else {
            Style::new()
        };
        let title_row = Rect::new(body.x, y, body.width, 1);
        buf.set_style(title_row, row_style);
        let marker = if selected { "▸ " } else { "  " };
        // Without a heading of its own, the statement's first words, quoted and dimmed:
        // they are body text, not a title.
        let opening = e
            .summary()
            .filter(|s| s.meta.title.is_none())
            .and_then(|s| s.opening.as_deref());
        let title = match opening {
            Some(o) => Span::styled(format!("“{}”", clean(o)), app.theme.dim),
            None => Span::raw(clean(e.title()).into_owned()),
        };
        Line::from(vec![Span::raw(marker), title])
            .style(row_style)
            .render(title_row, buf);
        if y + 1 >= body.y + body.height {
            break;
        }
        let detail = match e.indexed() {
            None => vec![Span::styled("indexing…", app.theme.dim)],
            Some(Err(err)) => vec![Span::styled(
                format!("cannot read: {}", clean(err)),
                app.theme.error,
            )],
            Some(Ok(s)) => {
                let (notes, reviewed) = e
                    .key()
                    .map_or((0, 0), |k| app.notes.counts(&k, s.paragraphs));
                // Date and progress first: in a narrow list the issuer is what gets cut.
                let mut lead = Vec::new();
                if let Some(d) = s.meta.date_text() {
                    lead.push(d);
                }
                lead.push(format!("{}¶", s.paragraphs));
                lead.push(format!("{notes}✎"));
                let review = format!("{reviewed}/{} ✓", s.paragraphs);
                let done = s.paragraphs > 0 && reviewed >= s.paragraphs;
                let mut spans = vec![
                    Span::styled(lead.join(" · "), app.theme.dim),
                    Span::styled(" · ", app.theme.dim),
                    Span::styled(
                        review,
                        if done {
                            app.theme.accent
                        } else {
                            app.theme.dim
                        },
                    ),
                ];
                // The issuer in its speaker's colour (and the speaker's country): who
                // speaks, at a glance.
                if let Some(i) = &s.meta.issuer {
                    let style = s
                        .speaker
                        .as_ref()
                        .map_or(app.theme.dim, |sp| app.theme.actor(&sp.actor));
                    spans.push(Span::styled(" · ", app.theme.dim));
                    spans.push(Span::styled(clean(i).into_owned(), style));
                    if let Some(c) = &s.speaker_country_unsaid {
                        spans.push(Span::styled(format!(" ({c})"), style));
                    }
                }
                spans
            }
        };
        let mut line = vec![Span::raw("  ")];
        line.extend(detail);
        let detail_row = Rect::new(body.x, y + 1, body.width, 1);
        if selected {
            buf.set_style(detail_row, row_style);
        }
        Line::from(line).render(detail_row, buf);
    }
}
