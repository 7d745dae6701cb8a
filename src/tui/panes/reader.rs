//! The reading view: statement details, actor legend, and the visible rows of text with a
//! gutter of paragraph numbers and markers. Only visible rows are built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::model::statement::Paragraph;
use crate::tui::app::{App, inner};
use crate::tui::doc::{DocView, Row};
use crate::tui::layout::{self, Focus};
use crate::tui::panes::{clean, is_unsafe, pane_block};
use crate::tui::wrap::WrappedLine;

/// The reader with no statement shown: what is loading, or how to open one.
fn placeholder(app: &App, area: Rect, buf: &mut Buffer) {
    pane_block(app, Focus::Reader, Line::from(" Reader ")).render(area, buf);
    let body = inner(area);
    let hint = match app.loading_label() {
        Some(name) => format!("loading {}…", clean(&name)),
        None => format!(
            "Select a statement; {} opens it.",
            app.keymap
                .first_key(crate::tui::action::Action::Open)
                .unwrap_or_default()
        ),
    };
    Line::styled(hint, app.theme.dim).render(
        Rect {
            height: body.height.min(1),
            ..body
        },
        buf,
    );
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(d) = &app.doc else {
        return placeholder(app, area, buf);
    };
    let title =
        d.st.meta
            .title
            .as_deref()
            .map_or_else(|| file_name(&d.st.source), |t| clean(t).into_owned());
    pane_block(app, Focus::Reader, Line::from(format!(" {title} "))).render(area, buf);
    let g = layout::reader_geometry(inner(area), app.settings.max_width);
    if let Some(h) = g.header {
        header(app, d, h, buf);
    }
    if d.is_empty() {
        Line::styled("This statement has no paragraphs.", app.theme.dim).render(
            Rect {
                height: g.text.height.min(1),
                ..g.text
            },
            buf,
        );
        return;
    }
    let rows = d.visible_rows(usize::from(g.body_height));
    for (i, row) in rows.iter().enumerate() {
        let y = g.text.y + i as u16;
        if let Some(gut) = g.gutter {
            gutter(app, d, *row, Rect::new(gut.x, y, gut.width, 1), buf);
        }
        let text_row = Rect::new(g.text.x, y, g.text.width, 1);
        match *row {
            Row::Blank => {}
            Row::Removed(k) => {
                if let Some(r) = d.st.removed.get(k) {
                    Line::from(vec![
                        Span::styled(
                            clean(&r.text).into_owned(),
                            app.theme.dim.add_modifier(Modifier::CROSSED_OUT),
                        ),
                        Span::styled(
                            format!("  ‹{} · line {}›", r.reason.as_str(), r.line),
                            app.theme.dim,
                        ),
                    ])
                    .render(text_row, buf);
                }
            }
            Row::Text { para, line, .. } => {
                if let Some(p) = d.st.paragraphs.get(para) {
                    text_line(app, d, para, p, line).render(text_row, buf);
                }
            }
        }
    }
}

/// Issuer · place · date, then the legend of actors with their counts.
fn header(app: &App, d: &DocView, area: Rect, buf: &mut Buffer) {
    let m = &d.st.meta;
    let mut parts: Vec<String> = Vec::new();
    for s in [&m.issuer, &m.place].into_iter().flatten() {
        parts.push(clean(s).into_owned());
    }
    if let Some(date) = m.date_text() {
        parts.push(date);
    }
    let corrected = d.st.provenance.origins.corrected();
    if !corrected.is_empty() {
        parts.push(format!("corrected: {}", corrected.join(", ")));
    }
    parts.push(format!("{} ¶", d.len()));
    if !d.st.removed.is_empty() {
        parts.push(format!("{} lines removed", d.st.removed.len()));
    }
    Line::styled(parts.join(" · "), app.theme.dim).render(Rect { height: 1, ..area }, buf);
    if area.height < 2 {
        return;
    }
    let legend = d.legend();
    let mut spans = Vec::new();
    // Who speaks: the issuer's actor (and country), as the legend's first item.
    if let Some(sp) = &d.st.speaker {
        let country = sp
            .country
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        spans.push(Span::styled("speaker: ", app.theme.dim));
        spans.push(Span::styled(
            format!("{}{country}", clean(&sp.actor)),
            app.theme.actor(&sp.actor),
        ));
        spans.push(Span::styled(" · mentions: ", app.theme.dim));
    }
    if legend.is_empty() {
        spans.push(Span::styled("no actors mentioned", app.theme.dim));
    }
    // Grouped by class ("eu: ■ European Parliament 4 · national: ■ Ministry 3").
    let mut class_shown: Option<&str> = None;
    for (name, n) in legend {
        let class = d.st.actor_classes.get(name).map(String::as_str);
        if class.is_some() && class != class_shown {
            if class_shown.is_some() {
                spans.push(Span::styled("· ", app.theme.dim));
            }
            spans.push(Span::styled(
                format!("{}: ", class.unwrap_or_default()),
                app.theme.dim,
            ));
            class_shown = class;
        }
        let mut style = app.theme.actor(name);
        if d.chosen_actor.as_deref() == Some(name.as_str()) {
            style = style.add_modifier(app.theme.actor_chosen);
        }
        spans.push(Span::styled("■ ", style));
        spans.push(Span::styled(clean(name).into_owned(), style));
        spans.push(Span::raw(format!(" {n}   ")));
    }
    Line::from(spans).render(Rect::new(area.x, area.y + 1, area.width, 1), buf);
}

/// `▌  12 ✎✓ `: current mark, number on a paragraph's first line, note and review marks.
fn gutter(app: &App, d: &DocView, row: Row, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let spans = match row {
        Row::Text { para, first, .. } => {
            let current = para == d.cur;
            let mark = if current { "▌" } else { " " };
            let num = if first {
                format!("{:>4}", para + 1)
            } else {
                "    ".to_owned()
            };
            let has_notes = d.notes_on(para).next().is_some();
            vec![
                Span::styled(mark, t.current_paragraph),
                Span::styled(num, if current { t.current_paragraph } else { t.dim }),
                Span::styled(if first && has_notes { "✎" } else { " " }, t.accent),
                Span::styled(
                    if first && d.is_reviewed(para) {
                        "✓"
                    } else {
                        " "
                    },
                    t.accent,
                ),
            ]
        }
        Row::Removed(_) => vec![Span::styled("     ⌫", t.dim)],
        Row::Blank => return,
    };
    Line::from(spans).render(area, buf);
}

/// One wrapped line with actor colours and search highlights.
fn text_line<'a>(
    app: &App,
    d: &DocView,
    para: usize,
    p: &'a Paragraph,
    line: WrappedLine,
) -> Line<'a> {
    let t = &app.theme;
    let Some(text) = p.text.get(line.start..line.end) else {
        return Line::default();
    };
    let matches = d.matches_in(para);
    let current = d.current_match();
    let cs = line.char_start;
    let ce = cs + text.chars().count();
    let mentions: Vec<(usize, &crate::model::Mention)> = p
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.start < ce && m.end > cs)
        .collect();
    let style_at = |c: usize| -> Style {
        let mut s = Style::new();
        for (mi, m) in &mentions {
            if m.start <= c && c < m.end {
                // An unresolved generic name ("the Council" with no council before it) is
                // shown, but not in any actor's colour.
                s = if m.unresolved {
                    t.dim
                } else {
                    t.actor(&m.actor)
                };
                let chosen = d.chosen_actor.as_deref() == Some(m.actor.as_str());
                if chosen || d.mention == Some((para, *mi)) {
                    s = s.add_modifier(t.actor_chosen);
                }
            }
        }
        let from = matches.partition_point(|m| m.end <= c);
        if let Some(m) = matches.get(from).filter(|m| m.start <= c) {
            s = if current == Some(*m) {
                t.search_current
            } else {
                s.patch(t.search)
            };
        }
        s
    };
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut run_start = 0usize;
    let mut run_style = style_at(cs);
    let mut dirty = false;
    let mut owned = String::new();
    for (k, (bi, ch)) in text.char_indices().enumerate() {
        let s = style_at(cs + k);
        if s != run_style {
            push_run(
                &mut spans,
                text,
                run_start,
                bi,
                run_style,
                dirty.then(|| std::mem::take(&mut owned)),
            );
            run_start = bi;
            run_style = s;
            dirty = false;
        }
        if is_unsafe(ch) && !dirty {
            dirty = true;
            owned = text.get(run_start..bi).unwrap_or("").to_owned();
        }
        if dirty {
            owned.push(if is_unsafe(ch) { '\u{FFFD}' } else { ch });
        }
    }
    push_run(
        &mut spans,
        text,
        run_start,
        text.len(),
        run_style,
        dirty.then_some(owned),
    );
    Line::from(spans)
}

fn push_run<'a>(
    spans: &mut Vec<Span<'a>>,
    text: &'a str,
    from: usize,
    to: usize,
    style: Style,
    owned: Option<String>,
) {
    match owned {
        Some(s) => spans.push(Span::styled(s, style)),
        None => {
            if let Some(slice) = text.get(from..to).filter(|s| !s.is_empty()) {
                spans.push(Span::styled(slice, style));
            }
        }
    }
}

/// The last part of a path, for statements without a title.
#[must_use]
pub fn file_name(source: &str) -> String {
    clean(source.rsplit(['/', '\\', ':']).next().unwrap_or(source)).into_owned()
}
