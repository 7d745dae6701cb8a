//! Building the list's summaries in a background thread, so that a library of thousands
//! of statements opens at once. Site chrome is computed first, because cleaning (and so
//! every summary) depends on it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::model::ingest::Context;
use crate::model::library::{Library, Summary, site_chrome};
use crate::store::source_key_path;

/// What the indexer reports.
#[derive(Debug)]
pub enum IndexMsg {
    /// The site chrome of the library (sent first).
    Chrome(rustc_hash::FxHashSet<u64>),
    /// The summary of source `i`, or why it could not be read, and the path its notes are
    /// stored under (resolved here, off the drawing thread).
    Summary(usize, Box<Result<Summary, String>>, String),
    Done,
}

/// A running indexer; dropping it asks the thread to stop.
#[derive(Debug)]
pub struct Indexer {
    pub rx: Receiver<IndexMsg>,
    stop: Arc<AtomicBool>,
    _handle: Option<JoinHandle<()>>,
}

impl Indexer {
    /// Starts indexing. `chrome` is computed unless the context already has one.
    #[must_use]
    pub fn start(library: Library, ctx: Context, chrome_min: usize) -> Self {
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let handle = std::thread::Builder::new()
            .name("demarche-index".to_owned())
            .spawn(move || index(&library, ctx, chrome_min, &tx, &flag))
            .ok();
        Self {
            rx,
            stop,
            _handle: handle,
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        // Not joined: computing site chrome over a big library can take a while, and
        // quitting must not wait for it. The thread stops at its next check or send.
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn index(
    lib: &Library,
    mut ctx: Context,
    chrome_min: usize,
    tx: &Sender<IndexMsg>,
    stop: &AtomicBool,
) {
    if ctx.chrome.is_empty() {
        ctx.chrome = site_chrome(lib, chrome_min);
    }
    if tx.send(IndexMsg::Chrome(ctx.chrome.clone())).is_err() {
        return;
    }
    for (i, src) in lib.sources.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let summary = src
            .load(&ctx)
            .map(|st| Summary::of(&st))
            .map_err(|e| e.to_string());
        // Notes are keyed by the statement's own source, as for an open statement.
        let label = src.label();
        let key_path = source_key_path(summary.as_ref().map_or(&label, |s| &s.source));
        if tx
            .send(IndexMsg::Summary(i, Box::new(summary), key_path))
            .is_err()
        {
            return;
        }
    }
    let _ = tx.send(IndexMsg::Done);
}

/// Indexes synchronously (tests, examples, benches): the same messages, applied at once.
pub fn index_now(app: &mut crate::tui::app::App, chrome_min: usize) {
    let (tx, rx) = channel();
    let stop = AtomicBool::new(false);
    index(&app.library, app.ctx.clone(), chrome_min, &tx, &stop);
    drop(tx);
    let mut fx = Vec::new();
    for msg in rx {
        fx.extend(apply(app, msg));
    }
    fx.extend(app.summaries_changed());
    app.perform(fx);
}

/// Applies one indexer message to the app.
pub fn apply(app: &mut crate::tui::app::App, msg: IndexMsg) -> Vec<crate::tui::app::Effect> {
    match msg {
        IndexMsg::Chrome(c) => app.set_chrome(c),
        IndexMsg::Summary(i, s, key_path) => {
            app.set_summary(i, *s, key_path);
            let total = app.list.entries.len();
            let done = app.progress.map_or(0, |(d, _)| d) + 1;
            app.progress = Some((done.min(total), total));
            Vec::new()
        }
        IndexMsg::Done => {
            app.progress = None;
            Vec::new()
        }
    }
}
