//! The help window: every binding in force, generated from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::tui::action::{Action, Scope};
use crate::tui::app::App;

/// The help text, one line per binding, grouped by scope.
#[must_use]
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out = Vec::new();
    let scopes = [
        Scope::Global,
        Scope::Navigation,
        Scope::List,
        Scope::Reader,
        Scope::Notes,
    ];
    let key_w = Action::ALL
        .iter()
        .map(|a| app.keymap.keys_text(*a).chars().count())
        .max()
        .unwrap_or(10)
        .min(24);
    for scope in scopes {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(scope.title().to_owned(), t.accent));
        for (action, _) in app.keymap.bindings().filter(|(a, _)| a.scope() == scope) {
            let keys = app.keymap.keys_text(action);
            out.push(Line::from(vec![
                Span::raw(format!("  {keys:<key_w$}  ")),
                Span::raw(action.description()),
                Span::styled(format!("  ({})", action.name()), t.dim),
            ]));
        }
    }
    out.push(Line::default());
    out.push(Line::styled(
        "Filter: words, @actor, @class:un, @country:az, #tag. Keys are set in the config's [keys] table."
            .to_owned(),
        t.dim,
    ));
    out
}

/// The help window's place on a screen of this size: centred, at most 100 columns.
fn window(screen: Rect) -> Rect {
    let w = screen.width.saturating_sub(4).min(100);
    let h = screen.height.saturating_sub(2);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

/// How far the help can scroll on a screen of `width` × `height`: until its last line is
/// at the bottom of the window. `update` keeps the scroll within it, so that scrolling back
/// up answers at once however far down was asked for.
#[must_use]
pub fn max_scroll(app: &App, (width, height): (u16, u16)) -> usize {
    let visible = usize::from(
        window(Rect::new(0, 0, width, height))
            .height
            .saturating_sub(2),
    );
    lines(app).len().saturating_sub(visible)
}

pub fn render(app: &App, scroll: usize, screen: Rect, buf: &mut Buffer) {
    let Rect {
        width: w,
        height: h,
        ..
    } = window(screen);
    if w < 4 || h < 3 {
        return;
    }
    let area = window(screen);
    Clear.render(area, buf);
    let lines = lines(app);
    let visible = usize::from(h.saturating_sub(2));
    let max_scroll = lines.len().saturating_sub(visible);
    let scroll = scroll.min(max_scroll);
    let block = Block::bordered()
        .border_style(app.theme.border_focused)
        .title(Line::from(" Help · Esc closes · j/k scroll "));
    Paragraph::new(lines)
        .block(block)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(area, buf);
}
