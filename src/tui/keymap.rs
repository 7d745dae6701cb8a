//! Keys and the keymap: defaults from the contract, `[keys]` from the config replacing an
//! action's keys, and a description per binding for the help screen.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::action::Action;

/// A key with its modifiers, normalised so that `G` and `shift-g` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    #[must_use]
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut code = code;
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        match code {
            // Shift is already in the character (`G`, `?`, `N`).
            KeyCode::Char(c) => {
                if mods.contains(KeyModifiers::SHIFT) {
                    mods.remove(KeyModifiers::SHIFT);
                    if c.is_ascii_lowercase() {
                        code = KeyCode::Char(c.to_ascii_uppercase());
                    }
                }
                // Terminals report ctrl-D and ctrl-d alike; keep the lower case.
                if mods.contains(KeyModifiers::CONTROL) && c.is_ascii_uppercase() {
                    code = KeyCode::Char(c.to_ascii_lowercase());
                }
            }
            // Terminals send Shift-Tab as BackTab, with or without the shift flag.
            KeyCode::BackTab => {
                code = KeyCode::Tab;
                mods.insert(KeyModifiers::SHIFT);
            }
            _ => {}
        }
        Self { code, mods }
    }

    #[must_use]
    pub fn from_event(ev: &KeyEvent) -> Self {
        Self::new(ev.code, ev.modifiers)
    }

    /// Parses `j`, `G`, `down`, `ctrl-d`, `shift-tab`, `pagedown`, `space`, `enter`, `esc`, `?`, `f1`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        // A lone "-" is the minus key, not a separator.
        while let Some((m, tail)) = rest.split_once('-').filter(|(_, t)| !t.is_empty()) {
            match m.to_ascii_lowercase().as_str() {
                "ctrl" | "control" | "c" => mods.insert(KeyModifiers::CONTROL),
                "alt" | "meta" | "m" => mods.insert(KeyModifiers::ALT),
                "shift" | "s" => mods.insert(KeyModifiers::SHIFT),
                _ => return None,
            }
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(&rest.to_ascii_lowercase())?,
        };
        Some(Self::new(code, mods))
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "minus" => KeyCode::Char('-'),
        f if f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            if (1..=24).contains(&n) {
                KeyCode::F(n)
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::Insert => f.write_str("Insert"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PageUp"),
            KeyCode::PageDown => f.write_str("PageDown"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The default keys of each action (the contract's table plus the reader's extras).
#[must_use]
pub fn default_keys(action: Action) -> &'static [&'static str] {
    match action {
        Action::Quit => &["q", "ctrl-c"],
        Action::FocusNext => &["tab"],
        Action::FocusPrev => &["shift-tab"],
        Action::Next => &["j", "down"],
        Action::Prev => &["k", "up"],
        Action::PageDown => &["pagedown", "space"],
        Action::PageUp => &["pageup"],
        Action::HalfPageDown => &["ctrl-d"],
        Action::HalfPageUp => &["ctrl-u"],
        Action::First => &["g", "home"],
        Action::Last => &["G", "end"],
        Action::Open => &["enter"],
        Action::Search => &["/"],
        Action::SearchLibrary => &["S"],
        Action::NextMatch => &["n"],
        Action::PrevMatch => &["N"],
        Action::Filter => &["f"],
        Action::CycleSort => &["s"],
        Action::NextMention => &["]"],
        Action::PrevMention => &["["],
        Action::CycleActor => &["c"],
        Action::ToggleRemoved => &["x"],
        Action::EditMetadata => &["M"],
        Action::ToggleNotes => &["t"],
        Action::Help => &["?", "f1"],
        Action::Close => &["esc"],
        Action::AddNote => &["a"],
        Action::EditNote => &["e"],
        Action::EditNoteExternal => &["E"],
        Action::DeleteNote => &["d"],
        Action::Undo => &["u"],
        Action::Redo => &["ctrl-r"],
        Action::ToggleReviewed => &["r"],
        Action::NextUnreviewed => &[";"],
        Action::ReattachNote => &["R"],
    }
}

/// A `[keys]` entry that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeymapError {
    #[error("config [keys]: unknown action `{name}`; valid actions: {valid}")]
    UnknownAction { name: String, valid: String },
    #[error(
        "config [keys] {action}: cannot read key `{key}`; keys look like j, G, down, ctrl-d, shift-tab, pagedown, space, enter, esc, ?, f1"
    )]
    BadKey { action: String, key: String },
}

/// Which action each key triggers, with the keys of each action for help and hints.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = Action::ALL
            .into_iter()
            .map(|a| {
                let keys = default_keys(a)
                    .iter()
                    .filter_map(|k| Key::parse(k))
                    .collect();
                (a, keys)
            })
            .collect();
        Self { bindings }
    }
}

impl Keymap {
    /// The defaults with the config's `[keys]` applied. A key given to an action is taken
    /// away from whichever action had it by default, so the user's choice always wins.
    pub fn from_config(keys: &BTreeMap<String, Vec<String>>) -> Result<Self, KeymapError> {
        let mut map = Self::default();
        let mut overrides = Vec::new();
        for (name, texts) in keys {
            let action = Action::from_name(name).ok_or_else(|| KeymapError::UnknownAction {
                name: name.clone(),
                valid: Action::ALL.map(Action::name).join(", "),
            })?;
            let parsed = texts
                .iter()
                .map(|t| {
                    Key::parse(t.trim()).ok_or_else(|| KeymapError::BadKey {
                        action: name.clone(),
                        key: t.clone(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            overrides.push((action, parsed));
        }
        for (action, parsed) in overrides {
            for (_, keys) in &mut map.bindings {
                keys.retain(|k| !parsed.contains(k));
            }
            if let Some((_, keys)) = map.bindings.iter_mut().find(|(a, _)| *a == action) {
                *keys = parsed;
            }
        }
        Ok(map)
    }

    /// The action bound to this key, if any.
    #[must_use]
    pub fn resolve(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(a, _)| *a)
    }

    /// The keys of one action.
    #[must_use]
    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, k)| k.as_slice())
    }

    /// The keys of one action as text, e.g. `j / ↓`; `(unbound)` when it has none.
    #[must_use]
    pub fn keys_text(&self, action: Action) -> String {
        let keys = self.keys(action);
        if keys.is_empty() {
            return "(unbound)".to_owned();
        }
        keys.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// The first key of an action, for short hints.
    #[must_use]
    pub fn first_key(&self, action: Action) -> Option<String> {
        self.keys(action).first().map(ToString::to_string)
    }

    /// Every binding in help order.
    pub fn bindings(&self) -> impl Iterator<Item = (Action, &[Key])> {
        self.bindings.iter().map(|(a, k)| (*a, k.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::new(code, mods)
    }

    #[test]
    fn parses_the_documented_key_names() {
        let cases = [
            ("j", key(KeyCode::Char('j'), KeyModifiers::NONE)),
            ("G", key(KeyCode::Char('G'), KeyModifiers::NONE)),
            ("shift-g", key(KeyCode::Char('G'), KeyModifiers::NONE)),
            ("down", key(KeyCode::Down, KeyModifiers::NONE)),
            ("ctrl-d", key(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            ("shift-tab", key(KeyCode::BackTab, KeyModifiers::NONE)),
            ("pagedown", key(KeyCode::PageDown, KeyModifiers::NONE)),
            ("space", key(KeyCode::Char(' '), KeyModifiers::NONE)),
            ("enter", key(KeyCode::Enter, KeyModifiers::NONE)),
            ("esc", key(KeyCode::Esc, KeyModifiers::NONE)),
            ("?", key(KeyCode::Char('?'), KeyModifiers::NONE)),
            ("-", key(KeyCode::Char('-'), KeyModifiers::NONE)),
            ("f5", key(KeyCode::F(5), KeyModifiers::NONE)),
        ];
        for (text, want) in cases {
            assert_eq!(Key::parse(text), Some(want), "{text}");
        }
        for bad in ["", "ctrl-", "hyper-x", "pagedwn", "f99", "jj"] {
            assert_eq!(Key::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn terminal_events_normalise_like_config_keys() {
        let shift_g = Key::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Some(shift_g), Key::parse("G"));
        let backtab = Key::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Some(backtab), Key::parse("shift-tab"));
    }

    #[test]
    fn defaults_follow_the_contract() {
        let map = Keymap::default();
        let k = |t: &str| map.resolve(Key::parse(t).unwrap());
        assert_eq!(k("tab"), Some(Action::FocusNext));
        assert_eq!(k("shift-tab"), Some(Action::FocusPrev));
        assert_eq!(k("j"), Some(Action::Next));
        assert_eq!(k("up"), Some(Action::Prev));
        assert_eq!(k("space"), Some(Action::PageDown));
        assert_eq!(k("ctrl-u"), Some(Action::HalfPageUp));
        assert_eq!(k("G"), Some(Action::Last));
        assert_eq!(k("N"), Some(Action::PrevMatch));
        assert_eq!(k("ctrl-c"), Some(Action::Quit));
        assert_eq!(k("esc"), Some(Action::Close));
        assert_eq!(k("z"), None);
    }

    #[test]
    fn config_keys_replace_and_steal() {
        let mut keys = BTreeMap::new();
        keys.insert("quit".to_owned(), vec!["ctrl-q".to_owned()]);
        keys.insert("next".to_owned(), vec!["n".to_owned()]);
        let map = Keymap::from_config(&keys).unwrap();
        let k = |t: &str| map.resolve(Key::parse(t).unwrap());
        assert_eq!(k("ctrl-q"), Some(Action::Quit));
        assert_eq!(k("q"), None);
        assert_eq!(k("n"), Some(Action::Next));
        assert_eq!(k("j"), None);
        assert!(map.keys(Action::NextMatch).is_empty());
        assert_eq!(map.keys_text(Action::NextMatch), "(unbound)");
    }

    #[test]
    fn config_errors_name_the_problem() {
        let mut keys = BTreeMap::new();
        keys.insert("jump_around".to_owned(), vec!["j".to_owned()]);
        let err = Keymap::from_config(&keys).unwrap_err().to_string();
        assert!(
            err.contains("jump_around") && err.contains("focus_next"),
            "{err}"
        );
        let mut keys = BTreeMap::new();
        keys.insert("quit".to_owned(), vec!["ctrl-".to_owned()]);
        let err = Keymap::from_config(&keys).unwrap_err().to_string();
        assert!(err.contains("`ctrl-`") && err.contains("quit"), "{err}");
    }
}
