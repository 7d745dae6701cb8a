//! Signals, handled so that nothing typed is lost and the terminal is always given back.
//!
//! - SIGTERM, SIGHUP and SIGINT ask the run loop to quit. A note being saved (or an
//!   external editor being ended) finishes first: such work holds a [`Busy`] guard, and the
//!   watchdog, which ends the process when the loop does not (a dead terminal can keep
//!   crossterm's poll spinning), waits for it.
//! - While the external editor runs, SIGINT is the editor's (Ctrl-c typed in it reaches the
//!   whole job), so the reader lets it pass, as `system(3)` does; SIGTERM and SIGHUP end the
//!   editor and the reader.
//! - SIGTSTP hands the terminal back (main screen, cooked mode, cursor shown) before the
//!   process stops; SIGCONT takes it again and repaints, so keys work at once after `fg`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use signal_hook::SigId;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};

/// Time the loop has to quit by itself after a quit signal, once no work is in flight.
const GRACE: Duration = Duration::from_millis(700);
/// Longest the watchdog waits for busy work (a save on a stalled disk) before it exits
/// anyway; the store's temp file is then cleaned up by the next writer.
const MAX_BUSY_WAIT: Duration = Duration::from_secs(30);

static BUSY: AtomicUsize = AtomicUsize::new(0);
static NEVER: AtomicBool = AtomicBool::new(false);

/// Work that must not be cut short by a quit signal (a save, an editor being ended);
/// held while it runs.
#[derive(Debug)]
pub struct Busy(());

/// Marks work in flight until the guard is dropped.
#[must_use]
pub fn busy() -> Busy {
    BUSY.fetch_add(1, Ordering::SeqCst);
    Busy(())
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether some work holds a [`Busy`] guard.
#[must_use]
pub fn is_busy() -> bool {
    BUSY.load(Ordering::SeqCst) > 0
}

/// What the run loop (and the external editor's wait) look at.
#[derive(Debug, Clone, Copy)]
pub struct Flags<'a> {
    /// Quit (SIGTERM, SIGHUP).
    pub stop: &'a AtomicBool,
    /// Quit, unless the external editor runs (SIGINT).
    pub interrupt: &'a AtomicBool,
    /// Hand the terminal back and stop (SIGTSTP).
    pub suspend: &'a AtomicBool,
    /// The process was continued (SIGCONT): take the terminal again.
    pub resumed: &'a AtomicBool,
}

impl<'a> Flags<'a> {
    /// Only a quit flag (tests, scripts): no suspend, no resume.
    #[must_use]
    pub fn stop_only(stop: &'a AtomicBool) -> Self {
        Self {
            stop,
            interrupt: &NEVER,
            suspend: &NEVER,
            resumed: &NEVER,
        }
    }
}

/// The reader's signal handlers; dropping this unregisters them.
#[derive(Debug)]
pub struct Signals {
    stop: Arc<AtomicBool>,
    interrupt: Arc<AtomicBool>,
    suspend: Arc<AtomicBool>,
    resumed: Arc<AtomicBool>,
    ids: Vec<SigId>,
}

impl Signals {
    /// Installs the handlers.
    pub fn install() -> anyhow::Result<Self> {
        let mut me = Self {
            stop: Arc::new(AtomicBool::new(false)),
            interrupt: Arc::new(AtomicBool::new(false)),
            suspend: Arc::new(AtomicBool::new(false)),
            resumed: Arc::new(AtomicBool::new(false)),
            ids: Vec::new(),
        };
        let flags = [
            (SIGTERM, &me.stop),
            (SIGHUP, &me.stop),
            (SIGINT, &me.interrupt),
            (SIGTSTP, &me.suspend),
            (SIGCONT, &me.resumed),
        ];
        let mut ids = Vec::new();
        for (sig, flag) in flags {
            ids.push(
                signal_hook::flag::register(sig, Arc::clone(flag))
                    .with_context(|| format!("cannot watch signal {sig}"))?,
            );
        }
        me.ids = ids;
        Ok(me)
    }

    #[must_use]
    pub fn flags(&self) -> Flags<'_> {
        Flags {
            stop: &self.stop,
            interrupt: &self.interrupt,
            suspend: &self.suspend,
            resumed: &self.resumed,
        }
    }

    /// The quit flag (SIGTERM, SIGHUP), for the watchdog. (In raw mode SIGINT only comes
    /// from `kill`; the loop answers it.)
    #[must_use]
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Stops the whole process as SIGTSTP would have (the caller has handed the terminal
/// back); returns once it is continued.
pub fn stop_process() {
    // Cannot fail for SIGSTOP; if it somehow did, the reader just carries on.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
}

/// After a quit signal the loop normally quits within one poll timeout. When the terminal
/// itself is gone (the window closed), crossterm's poll can spin without returning, so this
/// thread ends the process after a grace period, but never while a save (or other
/// [`Busy`] work) is in flight, up to [`MAX_BUSY_WAIT`].
pub fn spawn_watchdog(
    stop: Arc<AtomicBool>,
    finished: Arc<AtomicBool>,
    on_exit: impl FnOnce() + Send + 'static,
) {
    let spawned = std::thread::Builder::new()
        .name("demarche-watchdog".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if finished.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if wait_for_the_loop(&finished) {
                return;
            }
            on_exit();
            std::process::exit(1);
        });
    // Without the watchdog the reader still works; only a dead terminal could keep it alive.
    drop(spawned);
}

/// Waits until the loop finished (true), or until it had [`GRACE`] with no busy work, or
/// [`MAX_BUSY_WAIT`] in all (false).
fn wait_for_the_loop(finished: &AtomicBool) -> bool {
    let start = Instant::now();
    let mut idle_since = Instant::now();
    loop {
        if finished.load(Ordering::SeqCst) {
            return true;
        }
        if is_busy() {
            idle_since = Instant::now();
        } else if idle_since.elapsed() >= GRACE {
            return false;
        }
        if start.elapsed() >= MAX_BUSY_WAIT {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
