//! Colour names as the config and the gazetteer write them (`blue`, `light-red`, `purple`,
//! `dark_grey`, `#rrggbb`), read once for both outputs: the reader's styles and the escape
//! codes of `show` and `search` on a terminal. One parser, so a name means one colour.

/// A colour: one of the 16 terminal colours (0–7 normal, 8–15 bright), an RGB value, or the
/// terminal's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Ansi(u8),
    Rgb(u8, u8, u8),
    Default,
}

/// Reads a colour name (any case; `-`, `_`, spaces or nothing between words; `grey` or
/// `gray`) or `#rrggbb`.
#[must_use]
pub fn parse(text: &str) -> Option<Colour> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        return Some(Colour::Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    let name: String = t
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("grey", "gray");
    let ansi = match name.as_str() {
        "black" => 0,
        "red" => 1,
        "green" => 2,
        "yellow" => 3,
        "blue" => 4,
        "magenta" | "purple" => 5,
        "cyan" => 6,
        "gray" => 7,
        "darkgray" => 8,
        "lightred" => 9,
        "lightgreen" => 10,
        "lightyellow" => 11,
        "lightblue" => 12,
        "lightmagenta" => 13,
        "lightcyan" => 14,
        "white" => 15,
        "reset" | "default" => return Some(Colour::Default),
        _ => return None,
    };
    Some(Colour::Ansi(ansi))
}

impl Colour {
    /// SGR parameters that set this colour as the foreground.
    #[must_use]
    pub fn sgr_foreground(self) -> String {
        match self {
            Self::Ansi(n) if n < 8 => (30 + u16::from(n)).to_string(),
            Self::Ansi(n) => (90 + u16::from(n - 8)).to_string(),
            Self::Rgb(r, g, b) => format!("38;2;{r};{g};{b}"),
            Self::Default => "39".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_every_spelling_and_hex() {
        assert_eq!(parse("purple"), Some(Colour::Ansi(5)));
        assert_eq!(parse("Light_Blue"), parse("light-blue"));
        assert_eq!(parse("dark grey"), Some(Colour::Ansi(8)));
        assert_eq!(parse("#0a0B0c"), Some(Colour::Rgb(10, 11, 12)));
        // Counter-examples: not a colour.
        assert_eq!(parse("#12345"), None);
        assert_eq!(parse("mauve"), None);
    }

    #[test]
    fn escape_codes() {
        assert_eq!(parse("purple").unwrap().sgr_foreground(), "35");
        assert_eq!(parse("light-cyan").unwrap().sgr_foreground(), "96");
        assert_eq!(parse("#ff0001").unwrap().sgr_foreground(), "38;2;255;0;1");
    }
}
