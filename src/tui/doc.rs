//! The open statement: current paragraph, scroll position, search and mention cursor.
//!
//! The text is laid out as blocks, one per paragraph: the removed lines that stood before
//! it (when shown), its wrapped lines, and a blank separator. Positions are (block, row)
//! pairs, so scrolling never needs the whole statement wrapped: every move walks at most a
//! screenful of blocks, wrapping them on demand through the [`WrapCache`].

use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use crate::model::statement::Statement;
use crate::tui::notes_source::NoteView;
use crate::tui::wrap::{WrapCache, WrappedLine};

/// A position in the laid-out text: row `row` of paragraph block `para`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub para: usize,
    pub row: usize,
}

/// One search hit: char offsets in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Match {
    pub para: usize,
    pub start: usize,
    pub end: usize,
}

/// The search of the open statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub matches: Vec<Match>,
    pub current: Option<usize>,
}

/// Longest list of matches kept; more would only cost memory.
const MAX_MATCHES: usize = 100_000;

/// What a row of the reading view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A removed source line (index into `Statement::removed`).
    Removed(usize),
    /// Line `line` of paragraph `para`.
    Text {
        para: usize,
        line: WrappedLine,
        first: bool,
    },
    Blank,
}

/// A statement shown in the reader, with its reading state.
#[derive(Debug)]
pub struct DocView {
    /// Index of the statement's source in the library.
    pub source: usize,
    pub st: Arc<Statement>,
    /// Current paragraph, 0-based.
    pub cur: usize,
    /// First visible row.
    pub top: Pos,
    pub show_removed: bool,
    pub search: Option<Search>,
    /// The mention the last jump landed on: (paragraph, mention index).
    pub mention: Option<(usize, usize)>,
    /// The actor mention jumps follow; `None` means any actor.
    pub chosen_actor: Option<String>,
    pub notes: Vec<NoteView>,
    pub reviewed: Vec<usize>,
    /// Per paragraph (plus one for after the last), the removed lines before it.
    removed_before: Vec<Range<usize>>,
    /// Actor counts, computed once: counting walks every mention of the statement.
    legend: Vec<(String, usize)>,
    wrap: WrapCache,
}

impl DocView {
    #[must_use]
    pub fn new(source: usize, st: Arc<Statement>, width: usize) -> Self {
        let removed_before = removed_ranges(&st);
        let wrap = WrapCache::new(st.paragraphs.len(), width);
        let legend = crate::model::gazetteer::by_class(st.actor_counts(), &st.actor_classes);
        Self {
            legend,
            source,
            st,
            cur: 0,
            top: Pos::default(),
            show_removed: false,
            search: None,
            mention: None,
            chosen_actor: None,
            notes: Vec::new(),
            reviewed: Vec::new(),
            removed_before,
            wrap,
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.st.paragraphs.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.st.paragraphs.is_empty()
    }

    #[must_use]
    pub const fn width(&self) -> usize {
        self.wrap.width()
    }

    /// Re-lays out for a new text width, keeping the current paragraph in place.
    pub fn set_width(&mut self, width: usize) {
        if width != self.wrap.width() {
            self.wrap = WrapCache::new(self.len(), width);
            self.top = Pos {
                para: self.top.para,
                row: 0,
            };
        }
    }

    /// The wrapped lines of paragraph `i`.
    #[must_use]
    pub fn lines(&self, i: usize) -> Rc<[WrappedLine]> {
        let text = self.st.paragraphs.get(i).map_or("", |p| p.text.as_str());
        self.wrap.get(i, text)
    }

    /// Removed lines shown before paragraph `i`.
    fn pre(&self, i: usize) -> Range<usize> {
        if !self.show_removed {
            return 0..0;
        }
        self.removed_before.get(i).cloned().unwrap_or(0..0)
    }

    /// Removed lines shown after the last paragraph.
    fn post(&self, i: usize) -> Range<usize> {
        if !self.show_removed || i + 1 != self.len() {
            return 0..0;
        }
        self.removed_before.get(i + 1).cloned().unwrap_or(0..0)
    }

    /// Rows of paragraph block `i`.
    #[must_use]
    pub fn height(&self, i: usize) -> usize {
        self.pre(i).len() + self.lines(i).len() + 1 + self.post(i).len()
    }

    /// Rows before the first text line of block `i`.
    #[must_use]
    pub fn text_offset(&self, i: usize) -> usize {
        self.pre(i).len()
    }

    /// What row `pos` shows.
    #[must_use]
    pub fn row(&self, pos: Pos) -> Row {
        let pre = self.pre(pos.para);
        if pos.row < pre.len() {
            return Row::Removed(pre.start + pos.row);
        }
        let lines = self.lines(pos.para);
        let r = pos.row - pre.len();
        if let Some(line) = lines.get(r) {
            return Row::Text {
                para: pos.para,
                line: *line,
                first: r == 0,
            };
        }
        let post = self.post(pos.para);
        match (r - lines.len()).checked_sub(1) {
            Some(k) if k < post.len() => Row::Removed(post.start + k),
            _ => Row::Blank,
        }
    }

    /// The rows visible from `top`, at most `h` of them.
    #[must_use]
    pub fn visible_rows(&self, h: usize) -> Vec<Row> {
        let mut out = Vec::with_capacity(h);
        let mut pos = self.top;
        while out.len() < h && pos.para < self.len() {
            if pos.row < self.height(pos.para) {
                out.push(self.row(pos));
                pos.row += 1;
            } else {
                pos = Pos {
                    para: pos.para + 1,
                    row: 0,
                };
            }
        }
        out
    }

    /// One past the last row.
    fn end(&self) -> Pos {
        match self.len().checked_sub(1) {
            Some(last) => Pos {
                para: last,
                row: self.height(last),
            },
            None => Pos::default(),
        }
    }

    /// `pos` moved down by `k` rows, stopping at the end.
    fn advance(&self, mut pos: Pos, mut k: usize) -> Pos {
        while k > 0 {
            let rem = self.height(pos.para).saturating_sub(pos.row);
            if k < rem {
                pos.row += k;
                break;
            }
            k -= rem;
            if pos.para + 1 >= self.len() {
                return self.end();
            }
            pos = Pos {
                para: pos.para + 1,
                row: 0,
            };
        }
        pos
    }

    /// `pos` moved up by `k` rows, stopping at the start.
    fn retreat(&self, mut pos: Pos, mut k: usize) -> Pos {
        while k > 0 {
            if pos.row >= k {
                pos.row -= k;
                break;
            }
            k -= pos.row;
            if pos.para == 0 {
                return Pos::default();
            }
            pos.para -= 1;
            pos.row = self.height(pos.para);
        }
        pos
    }

    /// Rows from `a` to `b` (a ≤ b), counting no further than `limit`.
    fn distance(&self, a: Pos, b: Pos, limit: usize) -> usize {
        let mut n = 0;
        let mut pos = a;
        while pos.para < b.para {
            n += self.height(pos.para).saturating_sub(pos.row);
            if n > limit {
                return n;
            }
            pos = Pos {
                para: pos.para + 1,
                row: 0,
            };
        }
        n + b.row.saturating_sub(pos.row)
    }

    /// The highest top that still fills the view.
    fn max_top(&self, h: usize) -> Pos {
        self.retreat(self.end(), h)
    }

    /// Scrolls as little as possible so that `target` is on screen.
    fn reveal(&mut self, target: Pos, h: usize) {
        let h = h.max(1);
        if target < self.top {
            self.top = target;
        } else if self.distance(self.top, target, h) >= h {
            self.top = self.retreat(
                Pos {
                    para: target.para,
                    row: target.row + 1,
                },
                h,
            );
        }
    }

    /// Shows as much of the current paragraph as fits, its first line always.
    pub fn reveal_current(&mut self, h: usize) {
        if self.is_empty() {
            return;
        }
        let start = self.text_offset(self.cur);
        let last = start + self.lines(self.cur).len().saturating_sub(1);
        self.reveal(
            Pos {
                para: self.cur,
                row: last,
            },
            h,
        );
        self.reveal(
            Pos {
                para: self.cur,
                row: start,
            },
            h,
        );
    }

    /// Makes paragraph `para` current and shows line `line` of it.
    pub fn go_to_line(&mut self, para: usize, line: usize, h: usize) {
        if para >= self.len() {
            return;
        }
        self.cur = para;
        self.reveal_current(h);
        let row = self.text_offset(para) + line;
        self.reveal(Pos { para, row }, h);
    }

    pub fn next(&mut self, h: usize) {
        if self.cur + 1 < self.len() {
            self.cur += 1;
        }
        self.reveal_current(h);
    }

    pub fn prev(&mut self, h: usize) {
        self.cur = self.cur.saturating_sub(1);
        self.reveal_current(h);
    }

    pub fn first(&mut self) {
        self.cur = 0;
        self.top = Pos::default();
    }

    pub fn last(&mut self, h: usize) {
        self.cur = self.len().saturating_sub(1);
        self.top = self.max_top(h);
    }

    /// Scrolls by `rows` (down if positive) and makes the first paragraph in view current.
    pub fn scroll(&mut self, rows: isize, h: usize) {
        if self.is_empty() {
            return;
        }
        let before = self.top;
        let limit = self.max_top(h);
        self.top = if rows >= 0 {
            self.advance(self.top, rows.unsigned_abs()).min(limit)
        } else {
            self.retreat(self.top, rows.unsigned_abs())
        };
        if self.top == before {
            // Already at an end: move the current paragraph there instead.
            if rows >= 0 {
                self.cur = self.len() - 1;
            } else {
                self.cur = 0;
            }
            return;
        }
        let p = self.top.para;
        self.cur = if self.top.row <= self.text_offset(p) || p + 1 >= self.len() {
            p
        } else {
            p + 1
        };
    }

    /// The paragraph shown on view row `y` (0-based from the top of the text), if any.
    #[must_use]
    pub fn paragraph_at_row(&self, y: usize) -> Option<usize> {
        let pos = self.advance(self.top, y);
        match self.row(pos) {
            Row::Text { para, .. } => Some(para),
            _ => None,
        }
    }

    /// Runs a search over every paragraph (case-insensitive) and jumps to the first match
    /// at or after the current paragraph.
    pub fn search(&mut self, query: &str, h: usize) {
        let needle: Vec<char> = query.chars().map(fold_char).collect();
        if needle.is_empty() {
            self.search = None;
            return;
        }
        let mut matches = Vec::new();
        'outer: for (pi, p) in self.st.paragraphs.iter().enumerate() {
            let hay: Vec<char> = p.text.chars().map(fold_char).collect();
            let mut i = 0;
            while i + needle.len() <= hay.len() {
                if hay.get(i..i + needle.len()) == Some(needle.as_slice()) {
                    matches.push(Match {
                        para: pi,
                        start: i,
                        end: i + needle.len(),
                    });
                    if matches.len() >= MAX_MATCHES {
                        break 'outer;
                    }
                    i += needle.len();
                } else {
                    i += 1;
                }
            }
        }
        let current = matches
            .iter()
            .position(|m| m.para >= self.cur)
            .or(if matches.is_empty() { None } else { Some(0) });
        self.search = Some(Search {
            query: query.to_owned(),
            matches,
            current,
        });
        self.show_current_match(h);
    }

    /// Moves to the next (or previous) match, wrapping around.
    pub fn step_match(&mut self, forward: bool, h: usize) {
        let Some(s) = &mut self.search else { return };
        let n = s.matches.len();
        if n == 0 {
            return;
        }
        s.current = Some(match s.current {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None => 0,
        });
        self.show_current_match(h);
    }

    fn show_current_match(&mut self, h: usize) {
        let Some(m) = self
            .search
            .as_ref()
            .and_then(|s| s.current.and_then(|c| s.matches.get(c)))
            .copied()
        else {
            return;
        };
        let line = self.line_of_char(m.para, m.start);
        self.go_to_line(m.para, line, h);
    }

    /// Which wrapped line of paragraph `para` holds char `ch`.
    #[must_use]
    pub fn line_of_char(&self, para: usize, ch: usize) -> usize {
        let lines = self.lines(para);
        lines
            .partition_point(|l| l.char_start <= ch)
            .saturating_sub(1)
    }

    /// The search matches inside paragraph `para`.
    #[must_use]
    pub fn matches_in(&self, para: usize) -> &[Match] {
        let Some(s) = &self.search else { return &[] };
        let from = s.matches.partition_point(|m| m.para < para);
        let to = s.matches.partition_point(|m| m.para <= para);
        s.matches.get(from..to).unwrap_or(&[])
    }

    /// The current match, if any.
    #[must_use]
    pub fn current_match(&self) -> Option<Match> {
        let s = self.search.as_ref()?;
        s.matches.get(s.current?).copied()
    }

    /// Jumps to the next (or previous) mention of the chosen actor (any actor if none).
    /// Returns false when there is none in that direction.
    pub fn step_mention(&mut self, forward: bool, h: usize) -> bool {
        let wanted = |actor: &str| self.chosen_actor.as_deref().is_none_or(|a| a == actor);
        let ps = &self.st.paragraphs;
        let (start_p, start_m) = match self.mention {
            Some((p, m)) if p == self.cur => (p, Some(m)),
            _ => (self.cur, None),
        };
        let mut found = None;
        if forward {
            let mut first = start_m.map_or(0, |m| m + 1);
            for (pi, p) in ps.iter().enumerate().skip(start_p) {
                if let Some(mi) = p
                    .mentions
                    .iter()
                    .enumerate()
                    .skip(first)
                    .find(|(_, m)| wanted(&m.actor))
                    .map(|(i, _)| i)
                {
                    found = Some((pi, mi));
                    break;
                }
                first = 0;
            }
        } else {
            let mut limit = start_m;
            for pi in (0..=start_p.min(ps.len().saturating_sub(1))).rev() {
                let Some(p) = ps.get(pi) else { continue };
                let end = limit.unwrap_or(p.mentions.len()).min(p.mentions.len());
                if let Some(mi) = p
                    .mentions
                    .get(..end)
                    .unwrap_or(&[])
                    .iter()
                    .rposition(|m| wanted(&m.actor))
                {
                    found = Some((pi, mi));
                    break;
                }
                limit = None;
            }
        }
        let Some((pi, mi)) = found else { return false };
        self.mention = Some((pi, mi));
        let start = ps
            .get(pi)
            .and_then(|p| p.mentions.get(mi))
            .map_or(0, |m| m.start);
        let line = self.line_of_char(pi, start);
        self.go_to_line(pi, line, h);
        true
    }

    /// The actors that occur in the statement, with counts, in order of first mention.
    #[must_use]
    pub fn legend(&self) -> &[(String, usize)] {
        &self.legend
    }

    /// Notes attached to paragraph `i` (0-based).
    pub fn notes_on(&self, i: usize) -> impl Iterator<Item = &NoteView> {
        self.notes
            .iter()
            .filter(move |n| n.paragraph == Some(i + 1))
    }

    #[must_use]
    pub fn is_reviewed(&self, i: usize) -> bool {
        self.reviewed.contains(&(i + 1))
    }
}

/// Case folding one char to one char, so offsets stay char offsets.
/// Search folds case, and curly and straight apostrophes and quotes alike (one char for
/// one char, so match offsets stay those of the paragraph).
fn fold_char(c: char) -> char {
    crate::model::words::fold_quote(c.to_lowercase().next().unwrap_or(c))
}

/// For each paragraph (and once more for after the last), the removed lines that stood
/// before it in the source.
fn removed_ranges(st: &Statement) -> Vec<Range<usize>> {
    // `removed` is in line order; were it not, the ranges would still be valid, only
    // some lines would show later than where they stood.
    let mut out = Vec::with_capacity(st.paragraphs.len() + 1);
    let mut next = 0;
    for p in &st.paragraphs {
        let start = next;
        while st.removed.get(next).is_some_and(|r| r.line < p.line) {
            next += 1;
        }
        out.push(start..next);
    }
    out.push(next..st.removed.len());
    out
}
