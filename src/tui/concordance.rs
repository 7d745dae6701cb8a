//! Library search in the reader: every matching paragraph of every statement as a
//! concordance (see [`crate::model::concordance`]). The search runs off the main thread (all
//! cores, in library order) and its lines arrive while the user reads them; `Esc` closes it,
//! `Enter` opens a statement at the paragraph with the match highlighted. Without a worker
//! (tests), it runs at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use rayon::prelude::*;

use crate::model::concordance::{Hit, Query};
use crate::model::ingest::Context;
use crate::model::library::Source;
use crate::model::statement::Statement;
use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Message, Popup};

/// Statements already read (the reader's cache), by library index: searched as they are.
pub type Cached = Vec<(usize, Arc<Statement>)>;

/// How many files a worker cleans in parallel before sending their lines.
const BATCH: usize = 64;

/// One line of the concordance: a match in its statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The statement's index in the library.
    pub src: usize,
    /// Date · issuer · title, as known.
    pub about: String,
    /// The statement's year (from its date, else its year alone), for the chart and the sort.
    pub year: Option<i32>,
    /// Its date as `(year, day of year)`, a year alone as `(year, 0)`.
    pub sort_date: Option<(i32, u32)>,
    pub hit: Hit,
}

/// The concordance shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub query: String,
    pub lines: Vec<Line>,
    pub selected: usize,
    /// Files looked at so far, of `total`.
    pub scanned: usize,
    pub total: usize,
    pub done: bool,
    /// Newest first (else library order).
    pub by_date: bool,
}

impl View {
    #[must_use]
    pub fn new(query: &str, total: usize) -> Self {
        Self {
            query: query.to_owned(),
            lines: Vec::new(),
            selected: 0,
            scanned: 0,
            total,
            done: false,
            by_date: false,
        }
    }

    /// Switches between library order and newest first (undated last), from the top.
    pub fn toggle_order(&mut self) {
        self.by_date = !self.by_date;
        self.sort();
        self.selected = 0;
    }

    /// Puts the lines in the chosen order (stable: within a statement, paragraph order).
    pub fn sort(&mut self) {
        if self.by_date {
            self.lines.sort_by(|a, b| {
                b.sort_date
                    .cmp(&a.sort_date)
                    .then_with(|| a.sort_date.is_none().cmp(&b.sort_date.is_none()))
                    .then_with(|| a.src.cmp(&b.src))
            });
        } else {
            self.lines.sort_by_key(|l| l.src);
        }
    }

    /// Matches per year, from the first year to the last (zeros between), with the first
    /// year; empty when no line has a year.
    #[must_use]
    pub fn per_year(&self) -> (Option<i32>, Vec<u64>) {
        let years: Vec<i32> = self.lines.iter().filter_map(|l| l.year).collect();
        let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
            return (None, Vec::new());
        };
        let mut counts = vec![0u64; usize::try_from(last - first).unwrap_or(0) + 1];
        for y in years {
            if let Some(c) = usize::try_from(y - first)
                .ok()
                .and_then(|i| counts.get_mut(i))
            {
                *c += 1;
            }
        }
        (Some(first), counts)
    }

    /// How many statements have a line.
    #[must_use]
    pub fn statements(&self) -> usize {
        let mut n = 0;
        let mut last = None;
        for l in &self.lines {
            if last != Some(l.src) {
                n += 1;
                last = Some(l.src);
            }
        }
        n
    }

    /// Moves the selection by `delta` lines, clamped.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.lines.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    #[must_use]
    pub fn current(&self) -> Option<&Line> {
        self.lines.get(self.selected)
    }
}

/// What a worker sends.
#[derive(Debug)]
enum Msg {
    Lines(Vec<Line>, usize),
    Done,
}

/// A search running in the background; dropping it asks it to stop.
#[derive(Debug)]
pub struct Job {
    rx: Receiver<Msg>,
    stop: Arc<AtomicBool>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Job {
    /// Starts searching `sources` (all of the library, in its order).
    #[must_use]
    pub fn start(query: Query, sources: Vec<Source>, cached: Cached, ctx: Context) -> Self {
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            for (k, batch) in sources.chunks(BATCH).enumerate() {
                if stopped.load(Ordering::Relaxed) {
                    return;
                }
                let base = k * BATCH;
                let lines = search_batch(&query, batch, base, &cached, &ctx);
                if tx.send(Msg::Lines(lines, batch.len())).is_err() {
                    return;
                }
            }
            let _ = tx.send(Msg::Done);
        });
        Self { rx, stop }
    }

    /// Adds what has arrived to `view`; true when something did.
    pub fn drain(&self, view: &mut View) -> bool {
        let mut got = false;
        loop {
            match self.rx.try_recv() {
                Ok(Msg::Lines(lines, scanned)) => {
                    view.lines.extend(lines);
                    view.scanned += scanned;
                    if view.by_date {
                        view.sort();
                    }
                    got = true;
                }
                Ok(Msg::Done) | Err(TryRecvError::Disconnected) => {
                    got |= !view.done;
                    view.done = true;
                    return got;
                }
                Err(TryRecvError::Empty) => return got,
            }
        }
    }
}

/// The whole search at once (no worker: tests, examples).
#[must_use]
pub fn run_now(query: &Query, sources: &[Source], cached: &Cached, ctx: &Context) -> View {
    let mut view = View::new(query.text(), sources.len());
    view.lines = search_batch(query, sources, 0, cached, ctx);
    view.scanned = sources.len();
    view.done = true;
    view
}

/// The lines of a batch of sources whose first has library index `base`, in order.
fn search_batch(
    query: &Query,
    batch: &[Source],
    base: usize,
    cached: &Cached,
    ctx: &Context,
) -> Vec<Line> {
    let found: Vec<Vec<Line>> = batch
        .par_iter()
        .enumerate()
        .map(
            |(i, src)| match cached.iter().find(|(k, _)| *k == base + i) {
                Some((_, st)) => lines_of(base + i, st, query.hits(st)),
                None => query
                    .search_source(src, ctx)
                    .ok()
                    .flatten()
                    .map_or_else(Vec::new, |(st, hits)| lines_of(base + i, &st, hits)),
            },
        )
        .collect();
    found.into_iter().flatten().collect()
}

/// The lines of statement `src`'s hits.
fn lines_of(src: usize, st: &Statement, hits: Vec<Hit>) -> Vec<Line> {
    let about = crate::model::concordance::about(st).unwrap_or_else(|| st.source.clone());
    let year = st
        .meta
        .date
        .map(|d| chrono::Datelike::year(&d))
        .or(st.meta.year);
    let sort_date = st.meta.sort_date();
    hits.into_iter()
        .map(|hit| Line {
            src,
            about: about.clone(),
            year,
            sort_date,
            hit,
        })
        .collect()
}

/// Lines a page key moves in the concordance.
const PAGE: isize = 10;

impl App {
    /// Adds the library search's lines that have arrived; true when some did.
    pub fn take_concordance(&mut self) -> bool {
        let (Some(job), Some(view)) = (&self.concordance_job, &mut self.concordance) else {
            return false;
        };
        let got = job.drain(view);
        if view.done {
            self.concordance_job = None;
        }
        got
    }

    /// Starts a library search and shows its concordance (an unreadable query is said in
    /// the status bar).
    pub(crate) fn search_library(&mut self, query: &str) -> Vec<Effect> {
        let q = match Query::parse(query) {
            Ok(q) => q,
            Err(e) => {
                self.message = Some(Message {
                    text: e.to_string(),
                    error: true,
                });
                return Vec::new();
            }
        };
        if self.loader.is_some() {
            self.concordance = Some(View::new(q.text(), self.library.sources.len()));
            self.concordance_job = Some(Job::start(
                q,
                self.library.sources.clone(),
                self.cache.clone(),
                self.ctx.clone(),
            ));
        } else {
            self.concordance = Some(run_now(&q, &self.library.sources, &self.cache, &self.ctx));
            self.concordance_job = None;
        }
        self.popup = Some(Popup::Concordance);
        Vec::new()
    }

    /// An action while the concordance is open: moving, opening a line, closing.
    pub(crate) fn concordance_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(view) = &mut self.concordance else {
            self.popup = None;
            return Vec::new();
        };
        match action {
            Action::Next => view.move_by(1),
            Action::Prev => view.move_by(-1),
            Action::PageDown | Action::HalfPageDown => view.move_by(PAGE),
            Action::PageUp | Action::HalfPageUp => view.move_by(-PAGE),
            Action::First => view.selected = 0,
            Action::Last => view.selected = view.lines.len().saturating_sub(1),
            Action::Open => return self.open_concordance_line(),
            Action::CycleSort => view.toggle_order(),
            // `q` closes the concordance first, as it does help.
            Action::Close | Action::Quit | Action::Help | Action::SearchLibrary => {
                self.popup = None;
            }
            _ => {}
        }
        Vec::new()
    }

    /// Opens the selected line's statement at its paragraph, the match highlighted.
    fn open_concordance_line(&mut self) -> Vec<Effect> {
        let Some(line) = self.concordance.as_ref().and_then(View::current).cloned() else {
            return Vec::new();
        };
        self.popup = None;
        self.pending_jump = Some((line.src, line.hit.paragraph - 1, line.hit.matched));
        if let Some(pos) = self.list.order.iter().position(|&i| i == line.src) {
            self.list.select(pos);
        }
        self.focus = crate::tui::layout::Focus::Reader;
        self.load(line.src);
        self.apply_pending_jump();
        Vec::new()
    }

    /// Puts the reader on the paragraph a concordance line pointed at, once its statement
    /// is shown, with the match highlighted as a search.
    pub(crate) fn apply_pending_jump(&mut self) {
        let h = self.page_height();
        let Some(d) = self.doc.as_mut() else { return };
        let Some((src, paragraph, matched)) = self.pending_jump.take_if(|j| j.0 == d.source) else {
            return;
        };
        debug_assert_eq!(src, d.source);
        d.cur = paragraph.min(d.len().saturating_sub(1));
        d.search(&matched, h);
        d.reveal_current(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::library::Library;

    #[test]
    fn lines_come_in_library_order_with_what_each_statement_is() {
        let lib = Library::bundled();
        let q = Query::parse("\"human rights defenders\"").unwrap();
        let v = run_now(&q, &lib.sources, &Vec::new(), &Context::default());
        assert!(v.done && v.scanned == lib.sources.len());
        assert!(v.lines.len() >= 3, "{:?}", v.lines);
        assert!(v.lines.windows(2).all(|w| w[0].src <= w[1].src));
        assert!(v.statements() >= 2);
        assert!(v.lines.iter().all(|l| !l.about.is_empty()));
        // Counter-example: a word in no statement.
        let none = run_now(
            &Query::parse("zyxwvut").unwrap(),
            &lib.sources,
            &Vec::new(),
            &Context::default(),
        );
        assert!(none.lines.is_empty() && none.statements() == 0);
    }

    #[test]
    fn newest_first_and_matches_per_year() {
        let lib = Library::bundled();
        let q = Query::parse("parliament").unwrap();
        let mut v = run_now(&q, &lib.sources, &Vec::new(), &Context::default());
        assert!(v.lines.len() > 3);
        v.selected = 2;
        v.toggle_order();
        assert!(v.by_date && v.selected == 0);
        assert!(v.lines.windows(2).all(|w| w[0].sort_date >= w[1].sort_date));
        let (first, counts) = v.per_year();
        let first = first.unwrap();
        let years = v.lines.iter().filter_map(|l| l.year);
        assert_eq!(counts.iter().sum::<u64>() as usize, years.clone().count());
        assert_eq!(Some(first), years.min());
        // Back to library order.
        v.toggle_order();
        assert!(v.lines.windows(2).all(|w| w[0].src <= w[1].src));
        // Counter-example: no line, no chart.
        assert_eq!(View::new("x", 0).per_year(), (None, Vec::new()));
    }

    #[test]
    fn a_worker_sends_the_same_lines() {
        let lib = Library::bundled();
        let q = Query::parse("parliament").unwrap();
        let now = run_now(&q, &lib.sources, &Vec::new(), &Context::default());
        let job = Job::start(
            q.clone(),
            lib.sources.clone(),
            Vec::new(),
            Context::default(),
        );
        let mut view = View::new(q.text(), lib.sources.len());
        while !view.done {
            job.drain(&mut view);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(view.lines, now.lines);
        assert_eq!(view.scanned, lib.sources.len());
    }
}
