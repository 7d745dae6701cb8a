//! Editing a note in `$VISUAL` / `$EDITOR` (else `vi`): the text goes to a temp file in
//! the data directory, the editor runs on it, and the file is read back.
//!
//! If the reader is told to quit meanwhile (SIGTERM, SIGHUP), the editor is asked to end
//! too (and killed if it does not); its file is kept as a recovery file when it holds new
//! text, else removed. The terminal handing back and taking again lives here too, since
//! SIGTSTP does the same as an editor.

use std::io::{self, IsTerminal as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use rustix::process::{Pid, Signal, kill_process};
use rustix::termios::{OptionalActions, Termios, tcgetattr, tcsetattr};

use crate::tui::signals::{self, Flags};

/// A note to edit outside: an existing one, or a new one (starting empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRequest {
    pub target: crate::tui::editor::EditTarget,
    pub text: String,
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
#[must_use]
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// How an external edit ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditEnd {
    /// The editor finished: `Ok(Some(new))` when the text changed, `Ok(None)` when not.
    Done(Result<Option<String>, String>),
    /// The reader was told to quit (SIGTERM, SIGHUP) while the editor ran, so the editor
    /// was ended. Its text is kept in `recovery` when it differs from the note's.
    Ended { recovery: Option<PathBuf> },
}

/// How long an editor asked to end (SIGTERM) has before it is killed.
const END_GRACE: Duration = Duration::from_secs(2);

/// Runs the editor on `text`; `Ok(Some(new))` when the text changed, `Ok(None)` when not.
/// The temp file is removed afterwards, whatever happened.
pub fn edit(text: &str, dir: Option<PathBuf>) -> Result<Option<String>, String> {
    let stop = AtomicBool::new(false);
    match edit_watching(text, dir, Flags::stop_only(&stop)) {
        EditEnd::Done(result) => result,
        EditEnd::Ended { .. } => Err("the editor was ended".to_owned()),
    }
}

/// [`edit`], watching the signal flags while the editor runs: a quit ends the editor
/// (see [`EditEnd::Ended`]), a SIGTSTP stops the reader beside it.
pub fn edit_watching(text: &str, dir: Option<PathBuf>, flags: Flags<'_>) -> EditEnd {
    let _busy = signals::busy();
    let file = match scratch_file(text, dir) {
        Ok(f) => f,
        Err(e) => return EditEnd::Done(Err(e)),
    };
    let result = match run_editor(&editor_command(), &file, flags) {
        Ok(true) => std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display())),
        Ok(false) => return ended(&file, text),
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&file);
    EditEnd::Done(result.map(|edited| {
        // Editors add a final newline; it is not part of the note.
        let edited = edited.strip_suffix('\n').unwrap_or(&edited);
        (edited != text).then(|| edited.to_owned())
    }))
}

/// Writes `text` to a new scratch file in `dir` (else the temp folder).
fn scratch_file(text: &str, dir: Option<PathBuf>) -> Result<PathBuf, String> {
    let dir = dir.unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
    let file = dir.join(format!("note-{}.md", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(file)
}

/// The editor was ended: keep its file if it holds new text, else remove it.
fn ended(file: &Path, text: &str) -> EditEnd {
    let kept = std::fs::read_to_string(file).ok().is_some_and(|t| {
        let t = t.strip_suffix('\n').unwrap_or(&t);
        t != text && !t.trim().is_empty()
    });
    if kept {
        EditEnd::Ended {
            recovery: Some(file.to_path_buf()),
        }
    } else {
        let _ = std::fs::remove_file(file);
        EditEnd::Ended { recovery: None }
    }
}

/// Runs `editor` (a shell command line, as git does, so `code -w` works) on `file`: true
/// when it finished, false when it was ended because the reader must quit.
fn run_editor(editor: &str, file: &Path, flags: Flags<'_>) -> Result<bool, String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .spawn()
        .map_err(|e| format!("cannot start the editor `{editor}`: {e}"))?;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(true),
            Ok(Some(status)) => {
                return Err(format!(
                    "the editor `{editor}` failed ({status}); note not changed"
                ));
            }
            Ok(None) => {}
            Err(e) => return Err(format!("cannot wait for the editor `{editor}`: {e}")),
        }
        if flags.stop.load(Ordering::SeqCst) {
            end_editor(&mut child);
            return Ok(false);
        }
        if flags.suspend.swap(false, Ordering::SeqCst) {
            // The editor has the terminal; stop beside it (its job control sent the signal
            // to the whole process group, or the user stopped the reader).
            signals::stop_process();
        }
        std::thread::sleep(Duration::from_millis(30));
    }
}

/// Asks the editor (and what it started) to end with SIGTERM; kills what is left after
/// [`END_GRACE`].
fn end_editor(child: &mut Child) {
    let pids = family(child.id());
    for &pid in &pids {
        signal(pid, Signal::TERM);
    }
    let start = Instant::now();
    loop {
        // Reaps the editor when it ends, so that its pid reads as gone.
        let _ = child.try_wait();
        let left: Vec<u32> = pids.iter().copied().filter(|&p| !gone(p)).collect();
        if left.is_empty() {
            break;
        }
        if start.elapsed() >= END_GRACE {
            for pid in left {
                signal(pid, Signal::KILL);
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Whether process `pid` has ended (a zombie counts as ended).
fn gone(pid: u32) -> bool {
    if let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        let state = stat
            .rsplit_once(')')
            .and_then(|(_, s)| s.trim_start().chars().next());
        return matches!(state, Some('Z' | 'X'));
    }
    i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .is_none_or(|p| rustix::process::test_kill_process(p).is_err())
}

fn signal(pid: u32, sig: Signal) {
    if let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
        // Gone already is fine.
        let _ = kill_process(pid, sig);
    }
}

/// `pid` and its descendants, where the system lists them (Linux's `/proc`): `sh -c` may
/// have forked the editor rather than run it in its place.
fn family(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() && all.len() < 64 {
        let p = all[i];
        let list =
            std::fs::read_to_string(format!("/proc/{p}/task/{p}/children")).unwrap_or_default();
        all.extend(
            list.split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok()),
        );
        i += 1;
    }
    all
}

/// The terminal's modes when the reader started (when standard input is the terminal).
#[derive(Debug)]
pub struct SavedModes(Option<Termios>);

impl SavedModes {
    #[must_use]
    pub fn take() -> Self {
        let stdin = io::stdin();
        Self(
            stdin
                .is_terminal()
                .then(|| tcgetattr(&stdin).ok())
                .flatten(),
        )
    }

    /// Puts them back, whatever an editor that had to be killed left behind.
    pub fn put_back(&self) {
        if let Some(modes) = &self.0 {
            let _ = tcsetattr(io::stdin(), OptionalActions::Now, modes);
        }
    }
}

/// Hands the terminal back to the shell: no mouse, main screen, cooked mode, cursor shown.
pub fn hand_back(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}

/// Takes the terminal again after [`hand_back`] and forces a full redraw.
pub fn retake<B: Backend>(terminal: &mut Terminal<B>, mouse: bool) -> io::Result<()> {
    let mut out = io::stdout();
    // Whatever mode the shell left: raw again from it.
    let _ = disable_raw_mode();
    enable_raw_mode()?;
    execute!(out, EnterAlternateScreen)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    // Clear the screen and both of ratatui's buffers so the next draw repaints everything.
    // (`Terminal::clear` would ask the terminal for the cursor position, which not every
    // terminal answers.)
    execute!(out, Clear(ClearType::All))?;
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}

/// Runs `f` with the terminal handed back to the shell (main screen, cooked mode, no
/// mouse), then takes it again and forces a full redraw, even when `f` failed.
pub fn suspended<B: Backend, T>(
    terminal: &mut Terminal<B>,
    mouse: bool,
    f: impl FnOnce() -> T,
) -> io::Result<T> {
    hand_back(mouse);
    let result = f();
    retake(terminal, mouse)?;
    Ok(result)
}
