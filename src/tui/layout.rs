//! Where each pane goes for a given terminal size. Pure functions of the size and a few
//! flags, so that drawing and mouse handling always agree.

use ratatui::layout::{Constraint, Layout, Rect};

/// The panes that can take focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Notes,
}

impl Focus {
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::List => "LIST",
            Self::Reader => "READER",
            Self::Notes => "NOTES",
        }
    }
}

/// Below this size the reader shows "terminal too small" instead of panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// From this width the three panes sit side by side.
pub const WIDE: u16 = 100;
/// Below this width the panes stack.
pub const NARROW: u16 = 60;

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub notes: Option<Rect>,
    pub status: Option<Rect>,
    pub too_small: bool,
}

impl Panes {
    /// The pane at a screen position.
    #[must_use]
    pub fn at(&self, x: u16, y: u16) -> Option<Focus> {
        let hit = |r: Option<Rect>| r.is_some_and(|r| r.contains((x, y).into()));
        if hit(self.list) {
            Some(Focus::List)
        } else if hit(self.reader) {
            Some(Focus::Reader)
        } else if hit(self.notes) {
            Some(Focus::Notes)
        } else {
            None
        }
    }

    #[must_use]
    pub const fn shown(&self, f: Focus) -> bool {
        match f {
            Focus::List => self.list.is_some(),
            Focus::Reader => self.reader.is_some(),
            Focus::Notes => self.notes.is_some(),
        }
    }
}

/// Whether the notes pane is shown at this width: wide terminals follow `show_notes`,
/// narrower ones fold it away unless the user unfolded it.
#[must_use]
pub const fn notes_visible(width: u16, show_notes: bool, unfolded: bool) -> bool {
    if width >= WIDE { show_notes } else { unfolded }
}

/// Splits the screen.
#[must_use]
pub fn panes(area: Rect, notes: bool, focus: Focus) -> Panes {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Panes {
            too_small: true,
            ..Panes::default()
        };
    }
    let [main, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let mut p = Panes {
        status: Some(status),
        ..Panes::default()
    };
    if area.width >= NARROW {
        let list_w = (area.width * 3 / 10).clamp(24, 44);
        if notes && area.width >= WIDE {
            let notes_w = (area.width / 4).clamp(28, 48);
            let [l, r, n] = Layout::horizontal([
                Constraint::Length(list_w),
                Constraint::Fill(1),
                Constraint::Length(notes_w),
            ])
            .areas(main);
            p.list = Some(l);
            p.reader = Some(r);
            p.notes = Some(n);
        } else {
            let [l, right] =
                Layout::horizontal([Constraint::Length(list_w), Constraint::Fill(1)]).areas(main);
            p.list = Some(l);
            if notes {
                let [r, n] =
                    Layout::vertical([Constraint::Fill(2), Constraint::Fill(1)]).areas(right);
                p.reader = Some(r);
                p.notes = Some(n);
            } else {
                p.reader = Some(right);
            }
        }
    } else if main.height >= 16 {
        // Narrow: stack the panes.
        if notes {
            let [l, r, n] = Layout::vertical([
                Constraint::Fill(1),
                Constraint::Fill(2),
                Constraint::Fill(1),
            ])
            .areas(main);
            (p.list, p.reader, p.notes) = (Some(l), Some(r), Some(n));
        } else {
            let [l, r] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(2)]).areas(main);
            (p.list, p.reader) = (Some(l), Some(r));
        }
    } else {
        // Narrow and short: only the focused pane.
        match focus {
            Focus::List => p.list = Some(main),
            Focus::Reader => p.reader = Some(main),
            Focus::Notes => p.notes = Some(main),
        }
    }
    p
}

/// Where the parts of the reading view go inside the reader pane's border.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReaderGeometry {
    /// Statement details and the actor legend.
    pub header: Option<Rect>,
    /// Paragraph numbers and markers.
    pub gutter: Option<Rect>,
    /// The text column.
    pub text: Rect,
    /// Rows of text shown.
    pub body_height: u16,
}

/// Gutter: current mark, 4-digit number, note mark, reviewed mark, space.
pub const GUTTER_WIDTH: u16 = 8;

/// Lays out the inside of the reader pane (already without its border).
#[must_use]
pub fn reader_geometry(inner: Rect, max_width: u16) -> ReaderGeometry {
    let (header, body) = if inner.height >= 8 {
        let [h, _, b] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        (Some(h), b)
    } else {
        (None, inner)
    };
    let gutter_w = if body.width >= 24 { GUTTER_WIDTH } else { 0 };
    let text_w = body
        .width
        .saturating_sub(gutter_w)
        .min(max_width.max(10))
        .max(1);
    let pad = body.width.saturating_sub(gutter_w + text_w) / 2;
    let x = body.x.saturating_add(pad);
    let gutter = (gutter_w > 0).then(|| Rect::new(x, body.y, gutter_w, body.height));
    let text = Rect::new(
        x.saturating_add(gutter_w),
        body.y,
        text_w.min(body.width),
        body.height,
    );
    ReaderGeometry {
        header,
        gutter,
        text,
        body_height: body.height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_get_three_columns() {
        let p = panes(Rect::new(0, 0, 200, 50), true, Focus::List);
        let (l, r, n) = (p.list.unwrap(), p.reader.unwrap(), p.notes.unwrap());
        assert!(l.x < r.x && r.x < n.x);
        assert_eq!(p.status.unwrap().y, 49);
    }

    #[test]
    fn narrow_short_terminals_show_only_the_focused_pane() {
        let p = panes(Rect::new(0, 0, 40, 12), false, Focus::Reader);
        assert!(p.reader.is_some() && p.list.is_none() && p.notes.is_none());
    }

    #[test]
    fn tiny_terminals_are_too_small() {
        assert!(panes(Rect::new(0, 0, 19, 30), true, Focus::List).too_small);
        assert!(panes(Rect::new(0, 0, 80, 4), true, Focus::List).too_small);
    }

    #[test]
    fn text_is_centred_and_capped() {
        let g = reader_geometry(Rect::new(0, 0, 120, 30), 60);
        assert_eq!(g.text.width, 60);
        let left = g.gutter.unwrap().x;
        let right = 120 - (g.text.x + g.text.width);
        assert!(left.abs_diff(right) <= 1, "{left} {right}");
    }
}
