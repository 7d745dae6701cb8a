//! JSON output that is safe on a terminal: serde_json escapes C0 controls as JSON requires;
//! this formatter also escapes DEL, C1 controls, bidi controls and every other format
//! character as `\uXXXX`, so that `demarche notes --format json` printed to a terminal can
//! neither send escape sequences nor reorder what is shown. Parsers read the same strings.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::model::sanitize::json_must_escape;

/// serde_json's pretty formatter with the extra escapes.
struct SafeFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if json_must_escape(c) {
                writer.write_all(fragment.get(start..i).unwrap_or_default().as_bytes())?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(fragment.get(start..).unwrap_or_default().as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as pretty JSON with the terminal-safe escapes.
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser =
        serde_json::Serializer::with_formatter(writer, SafeFormatter(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

/// `value` as a pretty JSON string with the terminal-safe escapes.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    write_pretty(&mut out, value)?;
    // The serializer writes UTF-8 only.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_bidi_and_format_characters_are_escaped_and_read_back_the_same() {
        let text = "a\u{9d}52;c;x\u{7}b\u{202E}c\u{0600}d\u{200B}e\u{110BD}f\u{7F}g — ok «да»";
        let out = to_string_pretty(&serde_json::json!({ "note": text })).expect("json");
        for c in [
            '\u{9d}',
            '\u{202E}',
            '\u{0600}',
            '\u{200B}',
            '\u{110BD}',
            '\u{7F}',
            '\u{7}',
        ] {
            assert!(!out.contains(c), "{c:?} raw in {out}");
        }
        assert!(
            out.contains("\\u009d") && out.contains("\\ud804\\udcbd"),
            "{out}"
        );
        assert!(
            out.contains("— ok «да»"),
            "other text stays readable: {out}"
        );
        let back: serde_json::Value = serde_json::from_str(&out).expect("parses");
        assert_eq!(back["note"], text);
    }

    #[test]
    fn plain_json_is_byte_identical_to_serde_json_pretty() {
        let v = serde_json::json!({"a": [1, {"b": "c d"}], "e": null, "f": "Заявление"});
        assert_eq!(
            to_string_pretty(&v).expect("json"),
            serde_json::to_string_pretty(&v).expect("json")
        );
    }
}
