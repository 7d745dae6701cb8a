//! The output policy for untrusted strings on the command line: everything a command prints
//! to stdout or stderr that did not come from demarche itself (statement text, file names,
//! note text, tags, config names, error details) goes through
//! [`crate::model::sanitize::terminal_safe`], the same placeholders as in the reader. Text
//! output is written through [`SafeWriter`], so no code path can forget it; JSON goes through
//! [`crate::cli::json`], which escapes what a terminal would act on.
//!
//! The one exception is `show` with colour on a terminal, which emits its own SGR sequences:
//! there every untrusted field is made safe one by one (its text is already safe from
//! ingestion).

use std::io::{self, Write};

use crate::model::sanitize::{terminal_safe, terminal_safe_line};

/// A writer that makes every piece of text it is given terminal-safe, keeping line breaks.
pub struct SafeWriter<W: Write> {
    inner: W,
}

impl<W: Write> SafeWriter<W> {
    pub const fn new(inner: W) -> Self {
        Self { inner }
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // `write!` hands over whole `str` fragments; raw bytes that are not UTF-8 are shown
        // as U+FFFD rather than passed through.
        let text = String::from_utf8_lossy(buf);
        self.inner.write_all(terminal_safe(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Standard output, locked, behind the output policy.
#[must_use]
pub fn stdout() -> SafeWriter<io::StdoutLock<'static>> {
    SafeWriter::new(io::stdout().lock())
}

/// Prints `demarche: <kind>: <message>` on stderr, the message made safe as one line.
pub fn report(kind: &str, message: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "demarche: {kind}: {}", terminal_safe_line(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_from_names_and_notes_are_inert_and_lines_stay() {
        let mut out = SafeWriter::new(Vec::new());
        write!(
            out,
            "da-\x1b[c-\x1b]2;RETITLED\x07.txt\n  note \u{9d}52;c;eA==\x07 \u{202E}txt\n"
        )
        .expect("writes");
        let text = String::from_utf8(out.inner).expect("utf-8");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(!text.contains('\u{202E}'));
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("␛]2;RETITLED␇"), "{text}");
    }
}
