//! Colours and styles. The default uses the terminal's own palette (named colours), so it
//! reads on dark and light backgrounds alike; under `NO_COLOR` every highlight falls back
//! to bold, underline, reverse or dim.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ColorConfig;
use crate::model::actors::ActorSpec;

/// A colour name or `#rrggbb` that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "config {place}: unknown colour `{value}`; use a name (black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, light-red, light-green, light-yellow, light-blue, light-magenta, light-cyan, white) or #rrggbb"
)]
pub struct ColorError {
    pub place: String,
    pub value: String,
}

impl ColorError {
    /// The config section and key to point at: `[colors] accent`, or the `[[actors]]` entry
    /// with this name.
    #[must_use]
    pub fn section_key(&self) -> (&'static str, String) {
        match self.place.strip_prefix("[colors] ") {
            Some(key) => ("colors", key.to_owned()),
            None => {
                let name = self.place.split('`').nth(1).unwrap_or_default().to_owned();
                ("actors", name)
            }
        }
    }
}

/// Reads `blue`, `light-red`, `dark-gray`, `#rrggbb` (also `_` or no separator, any case):
/// the one parser of [`crate::color`], as a terminal colour.
#[must_use]
pub fn parse_color(text: &str) -> Option<Color> {
    Some(match crate::color::parse(text)? {
        crate::color::Colour::Ansi(n) => match n {
            0 => Color::Black,
            1 => Color::Red,
            2 => Color::Green,
            3 => Color::Yellow,
            4 => Color::Blue,
            5 => Color::Magenta,
            6 => Color::Cyan,
            7 => Color::Gray,
            8 => Color::DarkGray,
            9 => Color::LightRed,
            10 => Color::LightGreen,
            11 => Color::LightYellow,
            12 => Color::LightBlue,
            13 => Color::LightMagenta,
            14 => Color::LightCyan,
            _ => Color::White,
        },
        crate::color::Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
        crate::color::Colour::Default => Color::Reset,
    })
}

/// The styles the panes draw with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub accent: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selection: Style,
    pub dim: Style,
    pub search: Style,
    pub search_current: Style,
    pub current_paragraph: Style,
    pub status: Style,
    pub error: Style,
    /// Canonical actor name → style, in gazetteer order.
    pub actors: Vec<(String, Style)>,
    /// Style of an actor that mention jumps follow.
    pub actor_chosen: Modifier,
}

impl Theme {
    /// The theme for these settings; `color == false` is the `NO_COLOR` theme.
    pub fn new(cfg: &ColorConfig, actors: &[ActorSpec], color: bool) -> Result<Self, ColorError> {
        let get = |place: &str, value: &str| {
            parse_color(value).ok_or_else(|| ColorError {
                place: place.to_owned(),
                value: value.to_owned(),
            })
        };
        let accent = get("[colors] accent", &cfg.accent)?;
        let selection = get("[colors] selection", &cfg.selection)?;
        let dim = get("[colors] dim", &cfg.dim)?;
        let search = get("[colors] search", &cfg.search)?;
        let mut actor_styles = Vec::new();
        for (i, a) in actors.iter().enumerate() {
            let c = get(&format!("actor `{}` color", a.name), &a.color)?;
            let style = if color {
                Style::new().fg(c)
            } else {
                // Without colour, actors still stand out; alternate so neighbours differ.
                Style::new().add_modifier(if i % 2 == 0 {
                    Modifier::UNDERLINED
                } else {
                    Modifier::BOLD | Modifier::UNDERLINED
                })
            };
            actor_styles.push((a.name.clone(), style));
        }
        Ok(if color {
            Self {
                color,
                accent: Style::new().fg(accent),
                border: Style::new().fg(dim),
                border_focused: Style::new().fg(accent).add_modifier(Modifier::BOLD),
                selection: Style::new()
                    .bg(selection)
                    .fg(Color::White)
                    .add_modifier(Modifier::BOLD),
                dim: Style::new().fg(dim).add_modifier(Modifier::DIM),
                search: Style::new().bg(search).fg(Color::Black),
                search_current: Style::new()
                    .bg(search)
                    .fg(Color::Black)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                current_paragraph: Style::new().fg(accent).add_modifier(Modifier::BOLD),
                status: Style::new().add_modifier(Modifier::REVERSED),
                error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                actors: actor_styles,
                actor_chosen: Modifier::BOLD | Modifier::UNDERLINED,
            }
        } else {
            Self {
                color,
                accent: Style::new().add_modifier(Modifier::BOLD),
                border: Style::new(),
                border_focused: Style::new().add_modifier(Modifier::BOLD),
                selection: Style::new().add_modifier(Modifier::REVERSED),
                dim: Style::new().add_modifier(Modifier::DIM),
                search: Style::new().add_modifier(Modifier::REVERSED),
                search_current: Style::new()
                    .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
                current_paragraph: Style::new().add_modifier(Modifier::BOLD),
                status: Style::new().add_modifier(Modifier::REVERSED),
                error: Style::new().add_modifier(Modifier::BOLD),
                actors: actor_styles,
                actor_chosen: Modifier::REVERSED,
            }
        })
    }

    /// The style of an actor's mentions (plain when the actor is unknown).
    #[must_use]
    pub fn actor(&self, name: &str) -> Style {
        self.actors
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(Style::new, |(_, s)| *s)
    }
}

impl Default for Theme {
    fn default() -> Self {
        // The built-in colour names always parse.
        Self::new(
            &ColorConfig::default(),
            &crate::model::actors::default_actors(),
            true,
        )
        .unwrap_or_else(|_| Self::plain())
    }
}

impl Theme {
    fn plain() -> Self {
        Self {
            color: false,
            accent: Style::new(),
            border: Style::new(),
            border_focused: Style::new(),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new(),
            search: Style::new().add_modifier(Modifier::REVERSED),
            search_current: Style::new().add_modifier(Modifier::REVERSED),
            current_paragraph: Style::new(),
            status: Style::new(),
            error: Style::new(),
            actors: Vec::new(),
            actor_chosen: Modifier::REVERSED,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_and_hex() {
        assert_eq!(parse_color("blue"), Some(Color::Blue));
        assert_eq!(parse_color("light-red"), Some(Color::LightRed));
        assert_eq!(parse_color("dark-gray"), Some(Color::DarkGray));
        assert_eq!(parse_color("Dark_Grey"), Some(Color::DarkGray));
        assert_eq!(parse_color("#1a2B3c"), Some(Color::Rgb(0x1a, 0x2b, 0x3c)));
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("#ééé"), None);
        assert_eq!(parse_color("blurple"), None);
    }

    #[test]
    fn no_color_theme_has_no_colours() {
        let t = Theme::new(
            &ColorConfig::default(),
            &crate::model::actors::default_actors(),
            false,
        )
        .unwrap();
        for s in [t.accent, t.selection, t.search, t.dim, t.status] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        assert!(
            t.actor("Ministry")
                .add_modifier
                .contains(Modifier::UNDERLINED)
        );
    }

    #[test]
    fn bad_colours_are_named() {
        let cfg = ColorConfig {
            accent: "chartreuse".to_owned(),
            ..ColorConfig::default()
        };
        let err = Theme::new(&cfg, &[], true).unwrap_err().to_string();
        assert!(
            err.contains("accent") && err.contains("chartreuse"),
            "{err}"
        );
    }
}
