//! The one place where untrusted statement text is made safe for a terminal and for JSON.
//!
//! Line breaks of every kind become `\n`, tabs become spaces, and every character that
//! could act on a terminal or reorder text (C0/C1 controls, DEL, bidi controls, zero-width
//! format characters) is replaced by a visible placeholder and counted. Nothing later in
//! the pipeline or the UI needs to filter again.

use serde::Serialize;

/// How many characters of each kind were replaced by placeholders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HiddenCounts {
    /// C0 controls (except line breaks and tabs), DEL, and ESC.
    pub control: usize,
    /// C1 controls U+0080–U+009F.
    pub c1: usize,
    /// Bidi embedding, override and isolate controls, LRM/RLM/ALM.
    pub bidi: usize,
    /// Zero-width and other invisible format characters.
    pub invisible: usize,
}

impl HiddenCounts {
    #[must_use]
    pub const fn total(&self) -> usize {
        self.control + self.c1 + self.bidi + self.invisible
    }

    /// One warning line, or `None` when nothing was hidden.
    #[must_use]
    pub fn warning(&self) -> Option<String> {
        if self.total() == 0 {
            return None;
        }
        let mut parts = Vec::new();
        for (n, what) in [
            (self.control, "control"),
            (self.c1, "C1 control"),
            (self.bidi, "bidi control"),
            (self.invisible, "invisible format"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        Some(format!(
            "{} character(s) shown as placeholders: {}",
            self.total(),
            parts.join(", ")
        ))
    }
}

/// Tab stops every this many columns.
const TAB_WIDTH: usize = 8;

/// Makes `text` safe: see the module docs. Returns the new text and what was hidden.
#[must_use]
pub fn sanitize(text: &str) -> (String, HiddenCounts) {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut counts = HiddenCounts::default();
    let bytes = text.as_bytes();
    let mut col = 0usize;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of printable ASCII is copied in bulk.
        let run = printable_ascii_run(&bytes[i..]);
        if run > 0 {
            out.push_str(&text[i..i + run]);
            col += run;
            i += run;
            prev = Some(char::from(bytes[i - 1]));
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        let next_char = || text[i..].chars().next();
        match c {
            '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                col = 0;
            }
            '\r' => {
                // CRLF is one break; a lone CR is a break too.
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.push('\n');
                col = 0;
            }
            '\t' => {
                let n = TAB_WIDTH - col % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\u{1B}' => {
                out.push('␛');
                counts.control += 1;
                col += 1;
            }
            '\u{7F}' => {
                out.push('␡');
                counts.control += 1;
                col += 1;
            }
            c if (c as u32) < 0x20 => {
                // Control pictures U+2400.. mirror C0 one to one.
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�'));
                counts.control += 1;
                col += 1;
            }
            c if ('\u{80}'..='\u{9F}').contains(&c) => {
                push_code(&mut out, c);
                counts.c1 += 1;
                col += 9;
            }
            c if is_bidi_control(c) => {
                push_code(&mut out, c);
                counts.bidi += 1;
                col += 9;
            }
            '\u{FEFF}' if out.is_empty() => {
                // A stray BOM at the very start is an encoding artefact, not content.
            }
            '\u{200C}' | '\u{200D}' if joins(prev, next_char()) => {
                // A joiner inside an emoji sequence or a word (Persian, Indic scripts) shapes
                // the text: it is part of the glyph.
                out.push(c);
            }
            '\u{E0020}'..='\u{E007F}' if prev.is_some_and(|p| p == '\u{1F3F4}' || is_tag(p)) => {
                // Tag characters after a black flag spell a subdivision flag (England).
                out.push(c);
            }
            c if is_invisible_format(c) || is_format(c) => {
                push_code(&mut out, c);
                counts.invisible += 1;
                col += 9;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
        prev = Some(c);
    }
    (out, counts)
}

/// Text that did not come from demarche (file names, note text, tags, config names, error
/// details), made safe for any text output: the same placeholders as [`sanitize`]. Line
/// breaks are kept; everything else that could act on a terminal is shown inert.
#[must_use]
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b == b'\n' || b == b' ' || b.is_ascii_graphic())
    {
        return std::borrow::Cow::Borrowed(text);
    }
    if text.contains("\r\n") {
        // CRLF ends records (CSV) and is harmless; only a lone CR could overwrite a line.
        let parts: Vec<String> = text.split("\r\n").map(|p| sanitize(p).0).collect();
        return std::borrow::Cow::Owned(parts.join("\r\n"));
    }
    std::borrow::Cow::Owned(sanitize(text).0)
}

/// Like [`terminal_safe`], for one line (a file name, a tag): a line break is shown as `␊`
/// so that it cannot forge another line of output.
#[must_use]
pub fn terminal_safe_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let cleaned = sanitize(text).0;
    std::borrow::Cow::Owned(cleaned.replace('\n', "␊"))
}

/// Whether JSON output must escape `c` as `\uXXXX` beyond what JSON requires: C1 controls,
/// DEL, bidi controls and every other format character, so that printing JSON to a terminal
/// is as safe as printing text.
#[must_use]
pub fn json_must_escape(c: char) -> bool {
    c == '\u{7F}'
        || ('\u{80}'..='\u{9F}').contains(&c)
        || is_bidi_control(c)
        || is_invisible_format(c)
        || is_format(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Length of the leading run of printable ASCII (space to `~`), eight bytes at a time.
fn printable_ascii_run(b: &[u8]) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(arr) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(arr);
        // Any byte >= 0x80, < 0x20, or == 0x7F stops the fast path (classic SWAR tests; a
        // false alarm only hands the chunk to the exact loop below).
        let below_space = w.wrapping_sub(0x20 * LOW) & !w & HIGH;
        let x = w ^ (0x7F * LOW);
        let is_del = x.wrapping_sub(LOW) & !x & HIGH;
        if (w & HIGH) | below_space | is_del != 0 {
            break;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .position(|c| !(*c == b' ' || c.is_ascii_graphic()))
        .unwrap_or(b.len() - i)
}

fn push_code(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "⟨U+{:04X}⟩", c as u32);
}

/// Bidi embeddings, overrides, isolates and marks (Trojan Source, CVE-2021-42574).
const fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Zero-width and other invisible format characters that can hide or split text.
const fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Every other format character (Unicode general category Cf): Arabic number signs,
/// Syriac and Egyptian format controls, shorthand format controls, musical symbol formats.
fn is_format(c: char) -> bool {
    !c.is_ascii()
        && unicode_general_category::get_general_category(c)
            == unicode_general_category::GeneralCategory::Format
}

/// Whether a ZWJ or ZWNJ between `prev` and `next` joins two parts of one glyph or word.
fn joins(prev: Option<char>, next: Option<char>) -> bool {
    match (prev, next) {
        (Some(p), Some(n)) => {
            (is_emoji(p) && is_emoji(n))
                || (p.is_alphabetic() && n.is_alphabetic())
                || is_mark(p) && n.is_alphabetic()
        }
        _ => false,
    }
}

/// Combining marks (vowel signs of Indic scripts end a syllable before a joiner).
fn is_mark(c: char) -> bool {
    use unicode_general_category::{GeneralCategory, get_general_category};
    matches!(
        get_general_category(c),
        GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark
    )
}

const fn is_tag(c: char) -> bool {
    matches!(c, '\u{E0020}'..='\u{E007F}')
}

/// Rough emoji test for keeping ZWJ sequences whole.
const fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{FE0F}')
}

/// True when `s` holds nothing the terminal could act on: the invariant `sanitize` gives.
#[must_use]
pub fn is_terminal_safe(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || is_bidi_control(c)
            || (is_invisible_format(c) && c != '\u{200D}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use unicode_general_category::{GeneralCategory, get_general_category};

    /// What may pass to a terminal: no control but the line feed, and no format character
    /// except the joiners and tags in the contexts where they shape a glyph.
    fn offending(out: &str) -> Option<char> {
        let chars: Vec<char> = out.chars().collect();
        chars.iter().enumerate().find_map(|(i, &c)| {
            let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let next = chars.get(i + 1).copied();
            let allowed = match c {
                '\n' => true,
                '\u{200C}' | '\u{200D}' => joins(prev, next),
                '\u{E0020}'..='\u{E007F}' => prev.is_some_and(|p| p == '\u{1F3F4}' || is_tag(p)),
                _ => !matches!(
                    get_general_category(c),
                    GeneralCategory::Format | GeneralCategory::Control
                ),
            };
            (!allowed).then_some(c)
        })
    }

    #[test]
    fn no_control_or_format_character_of_all_unicode_gets_through() {
        let all: String = (0..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, ' '])
            .collect();
        let (out, counts) = sanitize(&all);
        assert_eq!(offending(&out), None);
        assert!(counts.invisible > 150, "{counts:?}");
    }

    #[test]
    fn the_format_characters_found_passing_are_placeholders_now() {
        for c in [
            '\u{0600}',
            '\u{0605}',
            '\u{06DD}',
            '\u{070F}',
            '\u{08E2}',
            '\u{110BD}',
            '\u{13430}',
            '\u{1BCA0}',
        ] {
            let (out, counts) = sanitize(&format!("a{c}b"));
            assert_eq!(out, format!("a⟨U+{:04X}⟩b", c as u32));
            assert_eq!(counts.invisible, 1);
        }
    }

    #[test]
    fn joiners_that_shape_text_stay_and_stray_ones_do_not() {
        let family = "👩\u{200D}👩\u{200D}👦";
        assert_eq!(sanitize(family).0, family);
        let persian = "می\u{200C}خواهم";
        assert_eq!(sanitize(persian).0, persian);
        let hindi = "क्\u{200D}ष";
        assert_eq!(sanitize(hindi).0, hindi);
        let england = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
        assert_eq!(sanitize(england).0, england);
        // Counter-examples: a joiner between spaces or at an edge hides nothing useful.
        assert_eq!(sanitize(" \u{200D} ").0, " ⟨U+200D⟩ ");
        assert_eq!(sanitize("\u{200C}word").0, "⟨U+200C⟩word");
        assert_eq!(sanitize("a\u{E0041}").0, "a⟨U+E0041⟩");
    }

    proptest::proptest! {
        #[test]
        fn any_text_comes_out_terminal_safe(s in "\\PC{0,40}|[\\x00-\\x{10FFFF}]{0,40}") {
            let (out, _) = sanitize(&s);
            proptest::prop_assert_eq!(offending(&out), None, "{:?} -> {:?}", s, out);
        }
    }

    #[test]
    fn plain_text_is_untouched() {
        let s = "The Ministry of Foreign Affairs — «Заявление» 上一.";
        assert_eq!(sanitize(s), (s.to_owned(), HiddenCounts::default()));
    }

    #[test]
    fn line_breaks_of_every_kind_become_newlines() {
        let (t, c) = sanitize("a\r\nb\rc\u{2028}d\u{2029}e\u{85}f");
        assert_eq!(t, "a\nb\nc\nd\ne\nf");
        assert_eq!(c.total(), 0);
    }

    #[test]
    fn escape_sequences_are_visible_and_inert() {
        let (t, c) = sanitize("x\u{1b}[2J\u{1b}]52;c;aGk=\u{7}y");
        assert_eq!(t, "x␛[2J␛]52;c;aGk=␇y");
        assert_eq!(c.control, 3);
        assert!(is_terminal_safe(&t));
    }

    #[test]
    fn c1_controls_get_code_placeholders() {
        let (t, c) = sanitize("a\u{9b}31mb\u{9d}c");
        assert_eq!(t, "a⟨U+009B⟩31mb⟨U+009D⟩c");
        assert_eq!(c.c1, 2);
    }

    #[test]
    fn bidi_and_zero_width_are_shown() {
        let (t, c) = sanitize("admin\u{202E}txt.exe zero\u{200B}width");
        assert_eq!(t, "admin⟨U+202E⟩txt.exe zero⟨U+200B⟩width");
        assert_eq!((c.bidi, c.invisible), (1, 1));
        assert!(c.warning().unwrap().contains("2 character(s)"));
    }

    #[test]
    fn emoji_zwj_sequence_is_kept_whole() {
        let family = "👩\u{200D}👩\u{200D}👦";
        let (t, c) = sanitize(family);
        assert_eq!(t, family);
        assert_eq!(c.total(), 0);
    }

    #[test]
    fn tabs_expand_to_tab_stops() {
        assert_eq!(sanitize("ab\tc").0, "ab      c");
        assert_eq!(sanitize("\tx").0, "        x");
    }

    #[test]
    fn leading_bom_is_dropped_silently_but_inner_one_is_shown() {
        let (t, c) = sanitize("\u{FEFF}a\u{FEFF}b");
        assert_eq!(t, "a⟨U+FEFF⟩b");
        assert_eq!(c.invisible, 1);
    }

    #[test]
    fn fast_ascii_runs_stop_exactly_at_the_first_special_byte() {
        for (s, n) in [
            ("abcdefghijklmnop", 16),
            ("abcdefgh\u{7f}ijk", 8),
            ("abcdefghij\tk", 10),
            ("abc’def", 3),
            ("", 0),
            ("a~ }!", 5),
        ] {
            assert_eq!(printable_ascii_run(s.as_bytes()), n, "{s:?}");
        }
    }

    #[test]
    fn nul_bel_backspace_become_control_pictures() {
        let (t, _) = sanitize("\0\u{7}\u{8}");
        assert_eq!(t, "␀␇␈");
    }
}
