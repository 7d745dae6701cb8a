//! Editing a note in `$VISUAL` / `$EDITOR` (else `vi`): the text goes to a temp file in
//! the data directory, the editor runs on it, and the file is read back.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

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

/// Runs the editor on `text`; `Ok(Some(new))` when the text changed, `Ok(None)` when not.
/// The temp file is removed afterwards, whatever happened.
pub fn edit(text: &str, dir: Option<PathBuf>) -> Result<Option<String>, String> {
    let dir = dir.unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
    let file = dir.join(format!("note-{}.md", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    let result = run_editor(&editor_command(), &file).and_then(|()| {
        std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))
    });
    let _ = std::fs::remove_file(&file);
    let edited = result?;
    // Editors add a final newline; it is not part of the note.
    let edited = edited.strip_suffix('\n').unwrap_or(&edited);
    Ok((edited != text).then(|| edited.to_owned()))
}

/// Runs `editor` (a shell command line, as git does, so `code -w` works) on `file`.
fn run_editor(editor: &str, file: &Path) -> Result<(), String> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .status()
        .map_err(|e| format!("cannot start the editor `{editor}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "the editor `{editor}` failed ({status}); note not changed"
        ))
    }
}

/// Runs `f` with the terminal handed back to the shell (main screen, cooked mode, no
/// mouse), then takes it again and forces a full redraw, even when `f` failed.
pub fn suspended<B: Backend, T>(
    terminal: &mut Terminal<B>,
    mouse: bool,
    f: impl FnOnce() -> T,
) -> io::Result<T> {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, LeaveAlternateScreen);
    let _ = disable_raw_mode();
    let result = f();
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
    Ok(result)
}
