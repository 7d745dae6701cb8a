//! Loading statements off the main thread, so that a slow, huge or hostile file (a FIFO
//! given by name, a deep HTML tree, a stalled network mount) never stops the keys: `q` and
//! Ctrl-c always answer.
//!
//! The reader asks for a statement ([`App::load`]); on a cache miss a worker thread ingests
//! it and sends a [`Loaded`] message back, which the run loop hands to [`App::loaded`].
//! Meanwhile the reader pane says `loading…`. A result the user no longer waits for (they
//! moved on) is cached, never shown over the newer choice; one cleaned with an older site
//! chrome is dropped. Without a [`Loader`] (tests, examples, benches) statements load at
//! once, on the calling thread.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::model::ingest::Context;
use crate::model::library::Source;
use crate::model::statement::Statement;
use crate::tui::app::{App, CACHE_SIZE};

/// Loads running at once; later requests wait (only the newest waiting one is kept).
const MAX_IN_FLIGHT: usize = 4;
/// A load running longer than this no longer counts against [`MAX_IN_FLIGHT`]: it may never
/// end (a file on a dead mount), and must not hold up the statements asked for after it.
const STUCK_AFTER: Duration = Duration::from_secs(3);
/// How long the run loop waits for a fresh request before drawing `loading…` and reading
/// keys again, so that an ordinary load behaves as if it were immediate (no flash, no key
/// landing on an empty reader) while a slow one still leaves the keys answering.
const QUIET_WAIT: Duration = Duration::from_millis(200);

/// Test hook: when set to a number of milliseconds, each background load waits that long
/// first (a slow disk), so tests can watch the reader while a load is in flight.
pub const SLOW_LOAD_ENV: &str = "DEMARCHE_TEST_SLOW_LOAD_MS";

/// A worker's answer: statement `src`, cleaned with the site chrome of `epoch`.
#[derive(Debug)]
pub struct Loaded {
    pub src: usize,
    pub epoch: u64,
    pub result: Result<Statement, String>,
}

/// A load asked for.
#[derive(Debug)]
struct Request {
    src: usize,
    epoch: u64,
    source: Source,
    ctx: Context,
}

/// Runs loads in worker threads and collects their answers.
#[derive(Debug)]
pub struct Loader {
    tx: Sender<Loaded>,
    rx: Receiver<Loaded>,
    /// (src, epoch, started) of each running load.
    running: Vec<(usize, u64, Instant)>,
    waiting: Option<Request>,
}

impl Default for Loader {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            running: Vec::new(),
            waiting: None,
        }
    }
}

impl Loader {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn is_running(&self, src: usize, epoch: u64) -> bool {
        self.running.iter().any(|r| (r.0, r.1) == (src, epoch))
    }

    fn busy(&self) -> usize {
        self.running
            .iter()
            .filter(|r| r.2.elapsed() < STUCK_AFTER)
            .count()
    }

    fn request(&mut self, req: Request) {
        if self.is_running(req.src, req.epoch) {
            return;
        }
        // Replaces an older waiting request: the user moved on from it.
        self.waiting = Some(req);
        self.pump();
    }

    /// Starts the waiting request if there is room.
    fn pump(&mut self) {
        if self.busy() >= MAX_IN_FLIGHT {
            return;
        }
        let Some(req) = self.waiting.take() else {
            return;
        };
        let tx = self.tx.clone();
        let (src, epoch) = (req.src, req.epoch);
        let spawned = std::thread::Builder::new()
            .name("demarche-load".into())
            .spawn(move || {
                slow_load_hook();
                let result = req.source.load(&req.ctx).map_err(|e| e.to_string());
                // The reader may be gone; nobody to tell then.
                let _ = tx.send(Loaded { src, epoch, result });
            });
        match spawned {
            Ok(_) => self.running.push((src, epoch, Instant::now())),
            Err(e) => {
                let _ = self.tx.send(Loaded {
                    src,
                    epoch,
                    result: Err(format!("cannot start loading: {e}")),
                });
            }
        }
    }

    /// The next answer, waiting up to `wait` for it.
    fn next(&mut self, wait: Duration) -> Option<Loaded> {
        self.pump();
        let got = if wait.is_zero() {
            self.rx.try_recv().ok()
        } else {
            self.rx.recv_timeout(wait).ok()
        }?;
        self.running.retain(|r| (r.0, r.1) != (got.src, got.epoch));
        self.pump();
        Some(got)
    }
}

fn slow_load_hook() {
    if let Some(ms) = std::env::var(SLOW_LOAD_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// What the reader waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loading {
    pub src: usize,
    pub since: Instant,
}

impl App {
    /// Shows statement `src`: from the cache at once, else loaded (in the background when
    /// the app has a [`Loader`]).
    pub(crate) fn load(&mut self, src: usize) {
        if self.doc.as_ref().is_some_and(|d| d.source == src) {
            // Back on the statement shown: whatever was loading is no longer wanted; say
            // again what the key press cleared.
            self.loading = None;
            self.announce_identity();
            return;
        }
        if let Some(i) = self.cache.iter().position(|(s, _)| *s == src) {
            let entry = self.cache.remove(i);
            let st = Arc::clone(&entry.1);
            self.cache.push(entry);
            self.loading = None;
            self.show(src, st);
            return;
        }
        self.fetch(src);
    }

    /// Reads statement `src` from its source (again, when it is the one shown: its
    /// place is kept when it arrives).
    pub(crate) fn fetch(&mut self, src: usize) {
        let Some(source) = self.library.sources.get(src) else {
            return;
        };
        let Some(loader) = &mut self.loader else {
            let result = source.load(&self.ctx).map_err(|e| e.to_string());
            self.loading = Some(Loading {
                src,
                since: Instant::now(),
            });
            let epoch = self.chrome_epoch;
            return self.loaded(Loaded { src, epoch, result });
        };
        loader.request(Request {
            src,
            epoch: self.chrome_epoch,
            source: source.clone(),
            ctx: self.ctx.clone(),
        });
        if self.loading.is_none_or(|l| l.src != src) {
            self.loading = Some(Loading {
                src,
                since: Instant::now(),
            });
        }
        if self.doc.as_ref().is_some_and(|d| d.source != src) {
            // Never leave another statement under keys meant for this one.
            self.doc = None;
            self.read_only = None;
            self.note_selected = 0;
        }
    }

    /// A load finished: cache it, and show it if it is still the one waited for.
    pub fn loaded(&mut self, msg: Loaded) {
        if msg.epoch != self.chrome_epoch {
            // Cleaned with an older site chrome; `set_chrome` asked for it again.
            return;
        }
        let wanted = self.loading.is_some_and(|l| l.src == msg.src);
        let reload = self.doc.as_ref().is_some_and(|d| d.source == msg.src);
        match msg.result {
            Ok(st) => {
                let st = Arc::new(st);
                self.cache.retain(|(s, _)| *s != msg.src);
                if self.cache.len() >= CACHE_SIZE {
                    self.cache.remove(0);
                }
                self.cache.push((msg.src, Arc::clone(&st)));
                if wanted {
                    self.loading = None;
                    self.show(msg.src, st);
                }
            }
            Err(e) if wanted => {
                self.loading = None;
                // A statement that cannot be cleaned again stays as it was shown.
                if !reload {
                    self.say(e, true);
                    self.doc = None;
                }
            }
            Err(_) => {}
        }
    }

    /// Takes the loads that finished; true when something arrived. Waits a little for a
    /// load asked for just now, so a quick one shows without a `loading…` frame.
    pub fn take_loads(&mut self) -> bool {
        let mut wait = self.loading.map_or(Duration::ZERO, |l| {
            QUIET_WAIT.saturating_sub(l.since.elapsed())
        });
        let mut got = false;
        while let Some(msg) = self.loader.as_mut().and_then(|l| l.next(wait)) {
            self.loaded(msg);
            got = true;
            wait = Duration::ZERO;
        }
        got
    }

    /// The name of the statement being loaded, when the reader waits for one that is not
    /// shown.
    #[must_use]
    pub fn loading_label(&self) -> Option<String> {
        let l = self.loading?;
        if self.doc.is_some() {
            return None;
        }
        let source = self.library.sources.get(l.src)?;
        let title = self
            .list
            .entries
            .get(l.src)
            .and_then(|e| e.summary())
            .and_then(|s| s.meta.title.clone())
            .filter(|t| !t.trim().is_empty());
        Some(title.unwrap_or_else(|| {
            match source {
                Source::File(p) => p
                    .file_name()
                    .map_or_else(|| source.label(), |n| n.to_string_lossy().into_owned()),
                Source::Bundled { .. } => source.label(),
            }
        }))
    }
}
