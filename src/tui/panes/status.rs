//! The status bar: focus, position, statement, save state, a message or progress, and the
//! few keys that matter in the focused pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::app::{App, SaveState};
use crate::tui::layout::Focus;
use crate::tui::panes::clean;

/// The actions hinted in each pane.
fn hinted(focus: Focus) -> &'static [(Action, &'static str)] {
    match focus {
        Focus::List => &[
            (Action::Open, "open"),
            (Action::Filter, "filter"),
            (Action::CycleSort, "sort"),
            (Action::Help, "help"),
        ],
        Focus::Reader => &[
            (Action::Next, "¶"),
            (Action::Search, "search"),
            (Action::NextMention, "actor"),
            (Action::ToggleRemoved, "removed"),
            (Action::Help, "help"),
        ],
        Focus::Notes => &[
            (Action::Open, "go to"),
            (Action::AddNote, "add"),
            (Action::EditNote, "edit"),
            (Action::DeleteNote, "delete"),
            (Action::ToggleReviewed, "reviewed"),
            (Action::Help, "help"),
        ],
    }
}

/// Cuts `s` to at most `width` columns, ending with `…` when it was cut.
fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Where the reader is in the open statement, which one, and whether its notes are saved.
fn statement(app: &App, area: Rect, left: &mut Vec<Span<'static>>) {
    let t = &app.theme;
    let Some(d) = &app.doc else {
        return;
    };
    let pos = if d.is_empty() {
        "¶ –".to_owned()
    } else {
        format!("¶ {}/{}", d.cur + 1, d.len())
    };
    left.push(Span::raw(format!(" {pos} ")));
    let title = d.st.meta.title.as_deref().map_or_else(
        || crate::tui::panes::reader::file_name(&d.st.source),
        |t| clean(t).into_owned(),
    );
    // The title gets a third of the bar, so messages and progress stay visible.
    let budget = usize::from(area.width / 3).max(10);
    left.push(Span::raw(format!("· {} ", truncate(&title, budget))));
    let (save, style) = match (&app.read_only, &app.save) {
        (Some(_), _) => ("read-only".to_owned(), t.error),
        (None, SaveState::Saved) => ("saved".to_owned(), t.status),
        (None, SaveState::Saving) => ("saving…".to_owned(), t.status),
        (None, SaveState::Error(e)) => (format!("error: {}", truncate(&clean(e), 30)), t.error),
    };
    left.push(Span::raw("· "));
    left.push(Span::styled(save, style));
    left.push(Span::raw(" "));
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    buf.set_style(area, t.status);
    let mut left = vec![Span::styled(format!(" {} ", app.focus.label()), t.status)];
    statement(app, area, &mut left);
    if app.loading_label().is_some() {
        left.push(Span::raw(" loading… "));
    }
    if let Some((done, total)) = app.progress {
        left.push(Span::raw(format!("· indexing {done}/{total} ")));
    }
    let banner = app.banner.as_ref().map(|b| crate::tui::app::Message {
        text: b.clone(),
        error: true,
    });
    if let Some(m) = app.message.as_ref().or(banner.as_ref()) {
        let style = if m.error {
            t.error
        } else {
            ratatui::style::Style::new()
        };
        left.push(Span::styled(format!("· {} ", clean(&m.text)), style));
    }
    let hints: Vec<String> = hinted(app.focus)
        .iter()
        .filter_map(|(a, label)| app.keymap.first_key(*a).map(|k| format!("{k} {label}")))
        .collect();
    let right = format!("{} ", hints.join("  "));
    let left_line = Line::from(left);
    let used = left_line.width();
    left_line.render(area, buf);
    let rw = right.width();
    let room = usize::from(area.width).saturating_sub(used);
    if rw < room {
        let x = area.x + area.width - rw as u16;
        Line::raw(right).render(Rect::new(x, area.y, rw as u16, 1), buf);
    }
}
