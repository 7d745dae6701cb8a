//! Seeing other writers: a note added by `demarche annotate` or by a second reader shows in
//! the open reader within a second, without a key press.
//!
//! The notes folder is watched with `notify` (inotify on Linux); where that cannot start
//! (no inotify instances left, an unsupported filesystem) its files' modification times
//! are polled instead. Changes are debounced, then a background thread opens a fresh
//! [`NoteStore`] (never the main thread: a big store takes a while to read) and sends it
//! to the run loop, which swaps it in. The reader's own saves are seen too; reloading after
//! them is harmless, and a reload that began before the reader's latest write is dropped
//! (it might not have that write) and asked for again.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant, SystemTime};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::store::NoteStore;
use crate::tui::app::App;

/// Quiet time after a change before reloading: one save is several events (backup link,
/// rename), and another writer may save a few notes in a row.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// Longest a stream of changes can put a reload off.
const MAX_DELAY: Duration = Duration::from_millis(600);
/// How often the fallback looks at the folder.
pub const POLL_EVERY: Duration = Duration::from_millis(500);

/// Test hook: when set (to anything), the folder is polled as if `notify` could not start.
pub const FORCE_POLL_ENV: &str = "DEMARCHE_TEST_POLL_NOTES";

/// What the watcher reports to the run loop.
#[derive(Debug)]
pub enum WatchMsg {
    /// A freshly opened store, and the reader's write count when its reading began.
    Reloaded {
        writes: u64,
        store: Result<Box<NoteStore>, String>,
    },
    /// `notify` could not start (the reason); the folder is polled instead.
    Polling(String),
}

/// A running watcher; dropping it stops its threads.
#[derive(Debug)]
pub struct NotesWatcher {
    pub rx: Receiver<WatchMsg>,
    writes: Arc<AtomicU64>,
    kick: Sender<()>,
    stop: Arc<AtomicBool>,
    _watcher: Option<RecommendedWatcher>,
}

impl NotesWatcher {
    /// Watches `<data_dir>/notes/` (creating it: inotify can only watch what exists).
    #[must_use]
    pub fn start(data_dir: &Path) -> Self {
        let forced = std::env::var_os(FORCE_POLL_ENV).map(|_| "asked by the environment");
        Self::start_with(data_dir, forced.map(str::to_owned))
    }

    /// Polls `<data_dir>/notes/` instead of watching it (`why` is shown once).
    #[must_use]
    pub fn start_polling(data_dir: &Path, why: &str) -> Self {
        Self::start_with(data_dir, Some(why.to_owned()))
    }

    fn start_with(data_dir: &Path, poll: Option<String>) -> Self {
        let notes = data_dir.join("notes");
        // If this fails, watching fails too and polling takes over (it copes with a
        // missing folder); the store reports the real problem on its first save.
        let _ = fs::create_dir_all(&notes);
        let (tx, rx) = channel();
        let (kick, kicks) = channel();
        let writes = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let watched = match poll {
            Some(why) => Err(why),
            None => watch_events(&notes, kick.clone()),
        };
        let watcher = match watched {
            Ok(w) => Some(w),
            Err(why) => {
                let _ = tx.send(WatchMsg::Polling(why));
                spawn_poller(notes, kick.clone(), Arc::clone(&stop));
                None
            }
        };
        let reloader = Reloader {
            data_dir: data_dir.to_path_buf(),
            tx,
            writes: Arc::clone(&writes),
            stop: Arc::clone(&stop),
        };
        // Without the thread nothing reloads; the reader still works as before.
        let _ = std::thread::Builder::new()
            .name("demarche-notes-reload".into())
            .spawn(move || reloader.run(&kicks));
        Self {
            rx,
            writes,
            kick,
            stop,
            _watcher: watcher,
        }
    }

    /// Tells the watcher how many writes the reader has made, so that each reload says
    /// which writes it can have seen.
    pub fn set_writes(&self, writes: u64) {
        self.writes.store(writes, Ordering::SeqCst);
    }

    /// Asks for a reload (one that came back was stale).
    pub fn kick(&self) {
        let _ = self.kick.send(());
    }

    /// Applies what the watcher sent since the last call; true when the screen changed.
    pub fn apply(&self, app: &mut App) -> bool {
        self.set_writes(app.writes);
        let mut changed = false;
        while let Ok(msg) = self.rx.try_recv() {
            match msg {
                WatchMsg::Reloaded { writes, store } if writes == app.writes => {
                    app.notes_reloaded(store);
                    changed = true;
                }
                // Begun before the reader's latest write, so it may lack it: read again.
                WatchMsg::Reloaded { .. } => self.kick(),
                WatchMsg::Polling(why) => {
                    app.say(
                        format!("notes: watching by polling every 0.5 s ({why})"),
                        false,
                    );
                    changed = true;
                }
            }
        }
        changed
    }
}

impl Drop for NotesWatcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Whether a path is one of the store's notes files. The store's own `.tmp/` folder,
/// `.lock`, `*.bak` backups and `*.corrupt-*` copies are not: they change on every save or
/// say nothing new.
#[must_use]
pub fn is_notes_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".json") && !n.starts_with('.'))
}

/// Whether a `notify` event may mean that notes changed.
fn relevant(res: &notify::Result<Event>) -> bool {
    match res {
        // An error (say, a full event queue) may hide a change: read again to be sure.
        Err(_) => true,
        // Reads (our own reloads among them) and metadata (the backup's hard link changes
        // the link count) change no note.
        Ok(ev)
            if matches!(
                ev.kind,
                EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
            ) =>
        {
            false
        }
        Ok(ev) => ev.paths.is_empty() || ev.paths.iter().any(|p| is_notes_file(p)),
    }
}

fn watch_events(notes: &Path, kick: Sender<()>) -> Result<RecommendedWatcher, String> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| {
        if relevant(&res) {
            let _ = kick.send(());
        }
    })
    .map_err(|e| e.to_string())?;
    // Not recursive: the store writes its temp files in `.tmp/` and renames them into
    // the folder itself, which is what matters.
    watcher
        .watch(notes, RecursiveMode::NonRecursive)
        .map_err(|e| format!("{}: {e}", notes.display()))?;
    Ok(watcher)
}

/// Name, modification time and size of every notes file, sorted: what polling compares.
#[must_use]
pub fn snapshot(notes: &Path) -> Vec<(String, Option<SystemTime>, u64)> {
    let Ok(rd) = fs::read_dir(notes) else {
        return Vec::new();
    };
    let mut out: Vec<_> = rd
        .filter_map(Result::ok)
        .filter(|e| is_notes_file(&e.path()))
        .map(|e| {
            let meta = e.metadata().ok();
            let name = e.file_name().to_string_lossy().into_owned();
            let mtime = meta.as_ref().and_then(|m| m.modified().ok());
            (name, mtime, meta.map_or(0, |m| m.len()))
        })
        .collect();
    out.sort();
    out
}

fn spawn_poller(notes: PathBuf, kick: Sender<()>, stop: Arc<AtomicBool>) {
    // Taken before returning, so that a change right after the start is not missed.
    let mut last = snapshot(&notes);
    let _ = std::thread::Builder::new()
        .name("demarche-notes-poll".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(POLL_EVERY);
                let now = snapshot(&notes);
                if now != last && kick.send(()).is_err() {
                    return;
                }
                last = now;
            }
        });
}

/// The thread that turns bursts of changes into fresh stores.
struct Reloader {
    data_dir: PathBuf,
    tx: Sender<WatchMsg>,
    writes: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl Reloader {
    fn run(&self, kicks: &Receiver<()>) {
        while kicks.recv().is_ok() {
            if !settle(kicks) || self.stop.load(Ordering::Relaxed) {
                return;
            }
            // Read the count first: a write after this point makes the result stale.
            let writes = self.writes.load(Ordering::SeqCst);
            let store = NoteStore::open(&self.data_dir)
                .map(Box::new)
                .map_err(|e| e.to_string());
            if self.tx.send(WatchMsg::Reloaded { writes, store }).is_err() {
                return;
            }
        }
    }
}

/// Waits until no change came for [`DEBOUNCE`] (at most [`MAX_DELAY`]); false when the
/// watcher is gone.
fn settle(kicks: &Receiver<()>) -> bool {
    let first = Instant::now();
    loop {
        let left = MAX_DELAY.saturating_sub(first.elapsed());
        if left.is_zero() {
            return true;
        }
        match kicks.recv_timeout(DEBOUNCE.min(left)) {
            Ok(()) => {}
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

impl App {
    /// A fresh store from the watcher: swap it in and show what changed, keeping the
    /// reader's place and selections.
    pub fn notes_reloaded(&mut self, store: Result<Box<NoteStore>, String>) {
        let store = match store {
            Ok(s) => s,
            Err(e) => {
                self.say(format!("notes: cannot read them again: {e}"), true);
                return;
            }
        };
        let before = self.notes.problems();
        if !self.notes.replace_store(*store) {
            return;
        }
        // A file another writer broke is announced once, like the problems found at start.
        if let Some(p) = self.notes.problems().iter().find(|p| !before.contains(p)) {
            self.banner = Some(format!("notes: {p}"));
        }
        // Corrections saved by another process (`demarche correct`) show at once too.
        self.sync_corrections();
        self.refresh_notes();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_notes_files_count() {
        assert!(is_notes_file(Path::new("/d/notes/0123abcd.json")));
        for other in [
            "/d/notes/.lock",
            "/d/notes/0123abcd.json.bak",
            "/d/notes/0123abcd.json.corrupt-20240101T000000Z",
            "/d/notes/.tmp",
            "/d/notes/.tmp/0123abcd.json.tmp-1-2",
            "/d/notes/.hidden.json",
        ] {
            assert!(!is_notes_file(Path::new(other)), "{other}");
        }
    }

    #[test]
    fn reads_and_metadata_changes_are_not_changes() {
        use notify::event::{AccessKind, CreateKind, MetadataKind};
        let ev = |kind, path: &str| Ok(Event::new(kind).add_path(PathBuf::from(path)));
        assert!(relevant(&ev(
            EventKind::Create(CreateKind::File),
            "/n/a.json"
        )));
        assert!(!relevant(&ev(
            EventKind::Create(CreateKind::File),
            "/n/a.json.bak"
        )));
        assert!(!relevant(&ev(
            EventKind::Access(AccessKind::Any),
            "/n/a.json"
        )));
        assert!(!relevant(&ev(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
            "/n/a.json"
        )));
        assert!(relevant(&Err(notify::Error::generic("queue overflow"))));
    }

    #[test]
    fn a_reload_begun_before_the_readers_last_write_is_dropped_and_asked_again() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = channel();
        let (kick, kicks) = channel();
        let w = NotesWatcher {
            rx,
            writes: Arc::new(AtomicU64::new(0)),
            kick,
            stop: Arc::new(AtomicBool::new(false)),
            _watcher: None,
        };
        let library = crate::model::library::Library::default();
        let ctx = crate::model::ingest::Context::default();
        let mut app =
            crate::tui::build_app(library, ctx, &crate::config::Config::default(), false).unwrap();
        let notes = crate::tui::store_notes::StoreNotes::open(dir.path(), Vec::new()).unwrap();
        app.set_notes(Box::new(notes));
        // What another writer left: a file that does not parse, so the fresh store has a
        // problem to announce, which shows whether it was taken.
        fs::create_dir_all(dir.path().join("notes")).unwrap();
        fs::write(dir.path().join("notes/broken.json"), "{").unwrap();
        let fresh = || Ok(Box::new(NoteStore::open(dir.path()).unwrap()));
        app.writes = 3;
        tx.send(WatchMsg::Reloaded {
            writes: 2,
            store: fresh(),
        })
        .unwrap();
        assert!(!w.apply(&mut app), "stale: dropped");
        assert!(app.banner.is_none());
        assert!(kicks.try_recv().is_ok(), "and a new reload asked for");
        assert_eq!(w.writes.load(Ordering::SeqCst), 3, "the count is passed on");
        tx.send(WatchMsg::Reloaded {
            writes: 3,
            store: fresh(),
        })
        .unwrap();
        assert!(w.apply(&mut app));
        let banner = app.banner.clone().unwrap();
        assert!(banner.contains("broken.json:1:"), "{banner}");
        assert_eq!(app.notes.problems().len(), 1);
    }

    #[test]
    fn a_snapshot_changes_when_a_notes_file_does() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path();
        assert!(snapshot(notes).is_empty());
        fs::write(notes.join("a.json"), "{}").unwrap();
        fs::write(notes.join(".lock"), "").unwrap();
        let one = snapshot(notes);
        assert_eq!(one.len(), 1);
        fs::write(notes.join("a.json"), "{ }").unwrap();
        assert_ne!(snapshot(notes), one, "size changed");
    }
}
