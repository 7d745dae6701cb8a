//! Whether to colour terminal output: only on a terminal, never under `NO_COLOR`.

use std::io::IsTerminal;

/// `NO_COLOR` set to any non-empty value turns colour off (no-color.org).
#[must_use]
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Colour stdout only when it is a terminal and colour is not turned off.
#[must_use]
pub fn stdout_color() -> bool {
    !no_color() && std::io::stdout().is_terminal()
}
