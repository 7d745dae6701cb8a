//! The terminal reader: three panes (statement list, reading view, notes), keyboard-driven,
//! with actors highlighted in their colours.
//!
//! The core is Elm-style: [`app::App`] holds the state, input becomes [`action::Action`]s,
//! `App::update` changes the state and returns [`app::Effect`]s (I/O), and
//! [`panes::draw`] only draws. The loop below ties them to a real terminal.

pub mod action;
pub mod app;
pub mod concordance;
pub mod doc;
pub mod editor;
pub mod event;
pub mod external;
pub mod index;
pub mod keymap;
pub mod layout;
pub mod list_view;
pub mod loader;
pub mod metadata_form;
pub mod notes_ops;
pub mod notes_source;
pub mod panes;
pub mod signals;
pub mod store_notes;
pub mod theme;
pub mod undo;
pub mod watch;
pub mod wrap;

use std::io::{self, Write as _};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use crate::config::Config;
use crate::model::ingest::Context;
use crate::model::library::Library;
use crate::tui::app::{App, Settings};
use crate::tui::event::{CrosstermSource, EventSource};
use crate::tui::external::{EditEnd, ExternalRequest};
use crate::tui::index::{IndexMsg, Indexer};
use crate::tui::keymap::Keymap;
use crate::tui::list_view::SortKey;
use crate::tui::loader::Loader;
use crate::tui::signals::{Flags, Signals};
use crate::tui::store_notes::StoreNotes;
use crate::tui::theme::Theme;
use crate::tui::watch::NotesWatcher;

/// Everything the reader starts from.
#[derive(Debug)]
pub struct TuiOptions {
    pub library: Library,
    pub ctx: Context,
    pub config: Config,
    pub data_dir: Option<PathBuf>,
}

/// Builds the app from the config; config mistakes (keys, colours, sort) are errors here,
/// before the terminal is touched.
pub fn build_app(
    library: Library,
    ctx: Context,
    config: &Config,
    color: bool,
) -> anyhow::Result<App> {
    let keymap = Keymap::from_config(&config.keys)?;
    let theme = Theme::new(&config.colors, ctx.gazetteer.actors(), color)?;
    let sort = SortKey::parse(&config.reader.sort).with_context(|| {
        format!(
            "config [reader] sort: unknown order `{}`; use date, title or issuer",
            config.reader.sort
        )
    })?;
    let settings = Settings {
        max_width: config.reader.max_width.max(10),
        mouse: config.reader.mouse,
        show_notes: config.reader.show_notes,
        sort,
    };
    Ok(App::new(library, ctx, settings, keymap, theme))
}

/// Checks the parts of the config only the reader uses (keys, colours, sort order), without
/// a terminal. An error names its section and key, for a `line:column`.
pub fn check_config(
    config: &Config,
    actors: &[crate::model::actors::ActorSpec],
) -> Result<(), (&'static str, String, String)> {
    if let Err(e) = Keymap::from_config(&config.keys) {
        let key = match &e {
            crate::tui::keymap::KeymapError::UnknownAction { name, .. } => name.clone(),
            crate::tui::keymap::KeymapError::BadKey { action, .. } => action.clone(),
        };
        return Err(("keys", key, e.to_string()));
    }
    if let Err(e) = Theme::new(&config.colors, actors, true) {
        let (section, key) = e.section_key();
        return Err((section, key, e.to_string()));
    }
    if SortKey::parse(&config.reader.sort).is_none() {
        return Err((
            "reader",
            "sort".into(),
            format!(
                "config [reader] sort: unknown order `{}`; use date, title or issuer",
                config.reader.sort
            ),
        ));
    }
    Ok(())
}

/// Runs the reader until the user quits. The terminal is restored on every exit path.
pub fn run(opts: TuiOptions) -> anyhow::Result<()> {
    let (mut app, watcher, indexer) = reader_app(opts)?;
    let signals = Signals::install()?;
    let mouse = app.settings.mouse;
    let finished = Arc::new(AtomicBool::new(false));
    let modes = Arc::new(external::SavedModes::take());
    let last_resort = Arc::clone(&modes);
    signals::spawn_watchdog(signals.stop_flag(), Arc::clone(&finished), move || {
        external::hand_back(mouse);
        last_resort.put_back();
    });
    let mut terminal = ratatui::try_init().context(
        "cannot set up the terminal (the reader needs one; scripts can use `demarche show`, `actors`, `notes` or `export`)",
    )?;
    if mouse {
        install_mouse_panic_hook();
        if let Err(e) = execute!(io::stdout(), EnableMouseCapture) {
            restore(mouse);
            return Err(e).context("cannot enable the mouse");
        }
    }
    let result = run_loop_with(
        &mut terminal,
        &mut app,
        &mut CrosstermSource,
        Some(&indexer),
        watcher.as_ref(),
        signals.flags(),
    );
    finished.store(true, Ordering::SeqCst);
    restore(mouse);
    modes.put_back();
    for line in &app.farewell {
        // stderr may be gone with the terminal: never panic over it.
        let _ = writeln!(io::stderr(), "demarche: {line}");
    }
    drop(indexer);
    drop(watcher);
    drop(signals);
    result
}

/// The app for a real terminal, with its notes store and watcher, background loading and
/// indexing, and external edits run by the loop.
fn reader_app(opts: TuiOptions) -> anyhow::Result<(App, Option<NotesWatcher>, Indexer)> {
    let color = !crate::cli::color::no_color();
    let mut app = build_app(opts.library, opts.ctx, &opts.config, color)?;
    let mut watcher = None;
    if let Some(dir) = &opts.data_dir {
        let store = StoreNotes::open(dir, opts.config.library.folders.clone())?;
        app.set_notes(Box::new(store));
        watcher = Some(NotesWatcher::start(dir));
    }
    app.suspend_terminal = true;
    app.loader = Some(Loader::new());
    let indexer = Indexer::start(
        app.library.clone(),
        app.ctx.clone(),
        opts.config.cleaning.site_chrome_min_statements,
    );
    Ok((app, watcher, indexer))
}

/// Puts the terminal back: mouse off, raw mode off, main screen, cursor shown.
fn restore(mouse: bool) {
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    if let Err(e) = ratatui::try_restore() {
        // The terminal (and stderr with it) may be gone: never panic over it.
        let _ = writeln!(io::stderr(), "demarche: cannot restore the terminal: {e}");
    }
    let _ = execute!(io::stdout(), ratatui::crossterm::cursor::Show);
}

/// ratatui's panic hook restores raw mode and the screen; this one runs first and turns
/// mouse reporting off too, so a panic never leaves the shell receiving mouse codes.
fn install_mouse_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
}

/// The event loop: draw when something changed, wait for input (with a timeout, so
/// signals, indexing progress and other writers' notes are noticed), update.
pub fn run_loop<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut E,
    indexer: Option<&Indexer>,
    stop: &AtomicBool,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    run_loop_with(terminal, app, events, indexer, None, Flags::stop_only(stop))
}

/// [`run_loop`], also taking in the notes other writers save (see [`watch`]).
pub fn run_loop_watching<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut E,
    indexer: Option<&Indexer>,
    watcher: Option<&NotesWatcher>,
    stop: &AtomicBool,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    run_loop_with(
        terminal,
        app,
        events,
        indexer,
        watcher,
        Flags::stop_only(stop),
    )
}

/// [`run_loop_watching`], also answering SIGTSTP and SIGCONT (see [`signals`]).
pub fn run_loop_with<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut E,
    indexer: Option<&Indexer>,
    watcher: Option<&NotesWatcher>,
    flags: Flags<'_>,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    app.handle_event(&event::AppEvent::Resize(size.width, size.height));
    let mut indexing = indexer.is_some();
    let mut dirty = true;
    loop {
        if indexing && let Some(ix) = indexer {
            dirty |= take_index(app, ix, &mut indexing);
        }
        if let Some(w) = watcher {
            dirty |= w.apply(app);
        }
        dirty |= app.take_loads();
        dirty |= app.take_concordance();
        let signalled =
            flags.stop.load(Ordering::Relaxed) || flags.interrupt.load(Ordering::Relaxed);
        if signalled || app.quit {
            return Ok(());
        }
        dirty |= job_control(terminal, app.settings.mouse, flags)?;
        if dirty {
            terminal.draw(|f| panes::draw(f, app))?;
            dirty = false;
        }
        let waiting = indexing || app.loading.is_some();
        let timeout = Duration::from_millis(if waiting { 50 } else { 250 });
        match events.next(timeout)? {
            Some(ev) => {
                handle(terminal, app, &ev, flags)?;
                dirty = true;
            }
            None if events.exhausted() && !waiting => {
                terminal.draw(|f| panes::draw(f, app))?;
                return Ok(());
            }
            None => {
                // A burst of resizes can end without an event for the last one (signals
                // coalesce): the idle tick notices the terminal's size has moved on.
                let size = terminal.size()?;
                if (size.width, size.height) != app.size {
                    handle(
                        terminal,
                        app,
                        &event::AppEvent::Resize(size.width, size.height),
                        flags,
                    )?;
                    dirty = true;
                }
            }
        }
    }
}

/// SIGTSTP: hand the terminal back, stop, and take it again once continued. SIGCONT
/// alone (a stop the reader did not see coming, like SIGSTOP): take the terminal again.
/// True when the screen must be repainted.
fn job_control<B: Backend>(
    terminal: &mut Terminal<B>,
    mouse: bool,
    flags: Flags<'_>,
) -> anyhow::Result<bool> {
    if flags.suspend.swap(false, Ordering::SeqCst) {
        external::suspended(terminal, mouse, signals::stop_process)
            .context("cannot take the terminal back after a stop")?;
        flags.resumed.store(false, Ordering::SeqCst);
        return Ok(true);
    }
    if flags.resumed.swap(false, Ordering::SeqCst) {
        external::retake(terminal, mouse).context("cannot take the terminal back")?;
        return Ok(true);
    }
    Ok(false)
}

/// Takes what the indexer has sent, but keeps the screen responsive; true when something
/// arrived.
fn take_index(app: &mut App, ix: &Indexer, indexing: &mut bool) -> bool {
    let mut fx = Vec::new();
    let mut got = false;
    for _ in 0..2000 {
        match ix.rx.try_recv() {
            Ok(msg) => {
                got = true;
                if matches!(msg, IndexMsg::Done) {
                    *indexing = false;
                }
                fx.extend(index::apply(app, msg));
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => break,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                *indexing = false;
                app.progress = None;
                break;
            }
        }
    }
    if got {
        fx.extend(app.summaries_changed());
        app.perform(fx);
    }
    got
}

/// One input event: update, perform, and run the external editor if one was asked for.
fn handle<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    ev: &event::AppEvent,
    flags: Flags<'_>,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    // A resize event may be stale by the time it is read: the terminal's own size wins.
    let resized;
    let ev = if matches!(ev, event::AppEvent::Resize(..)) {
        terminal.autoresize()?;
        let size = terminal.size()?;
        resized = event::AppEvent::Resize(size.width, size.height);
        &resized
    } else {
        ev
    };
    let fx = app.handle_event(ev);
    if fx.iter().any(app::Effect::writes) {
        // Show `saving…` while the store writes.
        terminal.draw(|f| panes::draw(f, app))?;
    }
    app.perform(fx);
    if let Some(req) = app.external.take() {
        edit_outside(terminal, app, req, flags)?;
    }
    if matches!(ev, event::AppEvent::Resize(..)) {
        // Keep the backend's idea of the size in step before the next draw.
        terminal.autoresize()?;
    }
    Ok(())
}

/// Runs the external editor with the terminal handed over. If the reader must quit
/// meanwhile, the editor is ended and the terminal is left for `run` to restore.
fn edit_outside<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    req: ExternalRequest,
    flags: Flags<'_>,
) -> anyhow::Result<()> {
    let dir = app.notes.scratch_dir();
    let mouse = app.settings.mouse;
    external::hand_back(mouse);
    let end = external::edit_watching(&req.text, dir, flags);
    // A Ctrl-c typed in the editor was the editor's.
    flags.interrupt.store(false, Ordering::SeqCst);
    let retaken = if flags.stop.load(Ordering::SeqCst) {
        Ok(())
    } else {
        external::retake(terminal, mouse)
    };
    match end {
        EditEnd::Done(result) => app.external_done(req.target, result),
        EditEnd::Ended {
            recovery: Some(path),
        } => app.farewell.push(format!(
            "the external editor was ended before the note was saved; its text is kept in {}",
            path.display()
        )),
        EditEnd::Ended { recovery: None } => app
            .farewell
            .push("the external editor was ended; the note was not changed".to_owned()),
    }
    retaken.map_err(|e| anyhow::anyhow!("cannot restore the terminal: {e}"))
}
