//! Where input comes from: the real terminal, or a script in tests. The loop only sees
//! [`AppEvent`]s, so it runs the same with either source.

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent,
};

/// An input event the reader reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppEvent {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
}

/// A source of input events.
pub trait EventSource {
    /// Waits up to `timeout` for the next event; `None` when nothing arrived in time.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<AppEvent>>;

    /// Whether no event will ever come again (a script that ran out); the loop then ends.
    fn exhausted(&self) -> bool {
        false
    }
}

/// Events from the terminal through crossterm.
#[derive(Debug, Default)]
pub struct CrosstermSource;

impl EventSource for CrosstermSource {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<AppEvent>> {
        if !event::poll(timeout)? {
            return Ok(None);
        }
        Ok(match event::read()? {
            // Release and repeat events (kitty protocol) would double every key.
            Event::Key(k) if k.kind == KeyEventKind::Press => Some(AppEvent::Key(k)),
            Event::Mouse(m) => Some(AppEvent::Mouse(m)),
            Event::Resize(w, h) => Some(AppEvent::Resize(w, h)),
            _ => None,
        })
    }
}

/// A fixed list of events, for tests: returns them in order, then nothing.
#[derive(Debug, Default)]
pub struct ScriptedSource {
    events: VecDeque<AppEvent>,
}

impl ScriptedSource {
    #[must_use]
    pub fn new(events: impl IntoIterator<Item = AppEvent>) -> Self {
        Self {
            events: events.into_iter().collect(),
        }
    }

    /// Keys written as in the config, separated by spaces: `"j j enter tab / w o r d enter q"`.
    /// Unknown names become nothing, so a typo shows up as a failing assertion.
    #[must_use]
    pub fn keys(script: &str) -> Self {
        Self::new(
            script
                .split_whitespace()
                .filter_map(crate::tui::keymap::Key::parse)
                .map(|k| AppEvent::Key(KeyEvent::new(k.code, k.mods))),
        )
    }

    /// Whether every event has been handed out.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

impl EventSource for ScriptedSource {
    fn next(&mut self, _timeout: Duration) -> io::Result<Option<AppEvent>> {
        Ok(self.events.pop_front())
    }

    fn exhausted(&self) -> bool {
        self.events.is_empty()
    }
}

/// A plain key press, for tests and scripts.
#[must_use]
pub fn key(code: KeyCode) -> AppEvent {
    AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE))
}
