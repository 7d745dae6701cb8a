//! Wrapping paragraphs into lines once per (statement, width), lazily: only paragraphs
//! that are drawn or scrolled over are wrapped, so a resize of a 5 MB statement costs a
//! screenful of work, not the whole text.

use std::cell::RefCell;
use std::rc::Rc;

/// One wrapped line: a slice of the paragraph text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrappedLine {
    /// Byte range in the paragraph text (always on char boundaries).
    pub start: usize,
    pub end: usize,
    /// Char offset of `start`, to line up with mention offsets (which count chars).
    pub char_start: usize,
}

/// Wraps `text` to `width` columns with `textwrap` and returns where each line lies in it.
#[must_use]
pub fn wrap_offsets(text: &str, width: usize) -> Vec<WrappedLine> {
    let width = width.max(1);
    let opts = textwrap::Options::new(width)
        .break_words(true)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let base = text.as_ptr() as usize;
    let mut out = Vec::new();
    let mut cursor = 0usize;
    let mut chars_before = 0usize;
    for line in textwrap::wrap(text, &opts) {
        // Lines borrow from `text`; find each one at or after the cursor.
        let offset = (line.as_ptr() as usize).wrapping_sub(base);
        let start = if matches!(line, std::borrow::Cow::Borrowed(_))
            && offset >= cursor
            && offset <= text.len()
            && text.is_char_boundary(offset)
        {
            offset
        } else {
            text.get(cursor..)
                .and_then(|rest| rest.find(line.as_ref()))
                .map_or(cursor, |i| cursor + i)
        };
        let mut end = (start + line.len()).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        chars_before += text.get(cursor..start).map_or(0, |s| s.chars().count());
        out.push(WrappedLine {
            start,
            end,
            char_start: chars_before,
        });
        chars_before += text.get(start..end).map_or(0, |s| s.chars().count());
        cursor = end;
    }
    if out.is_empty() {
        out.push(WrappedLine {
            start: 0,
            end: 0,
            char_start: 0,
        });
    }
    out
}

/// Wrapped paragraphs of one statement at one width, filled in on demand.
#[derive(Debug, Default)]
pub struct WrapCache {
    width: usize,
    lines: RefCell<Vec<Option<Rc<[WrappedLine]>>>>,
}

impl WrapCache {
    /// A cache for `paragraphs` paragraphs at `width` columns.
    #[must_use]
    pub fn new(paragraphs: usize, width: usize) -> Self {
        Self {
            width,
            lines: RefCell::new(vec![None; paragraphs]),
        }
    }

    #[must_use]
    pub const fn width(&self) -> usize {
        self.width
    }

    /// The lines of paragraph `i` (0-based), wrapping it the first time it is asked for.
    pub fn get(&self, i: usize, text: &str) -> Rc<[WrappedLine]> {
        if let Some(Some(l)) = self.lines.borrow().get(i) {
            return Rc::clone(l);
        }
        let wrapped: Rc<[WrappedLine]> = wrap_offsets(text, self.width).into();
        if let Some(slot) = self.lines.borrow_mut().get_mut(i) {
            *slot = Some(Rc::clone(&wrapped));
        }
        wrapped
    }

    /// How many paragraphs have been wrapped so far.
    #[must_use]
    pub fn wrapped_count(&self) -> usize {
        self.lines.borrow().iter().filter(|l| l.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn lines(text: &str, width: usize) -> Vec<String> {
        wrap_offsets(text, width)
            .iter()
            .map(|l| text[l.start..l.end].to_owned())
            .collect()
    }

    #[test]
    fn lines_are_slices_that_fit() {
        let text = "The Ministry of Foreign Affairs believes that the resolution is biased.";
        let got = lines(text, 20);
        assert!(got.len() > 2);
        for l in &got {
            assert!(l.width() <= 20, "{l:?}");
        }
        assert_eq!(got.join(" "), text);
    }

    #[test]
    fn char_offsets_follow_multibyte_text() {
        let text = "Уполномоченный по правам человека заявил, что МИД не прав.";
        let wrapped = wrap_offsets(text, 12);
        for l in &wrapped {
            let by_chars: String = text
                .chars()
                .skip(l.char_start)
                .take(text[l.start..l.end].chars().count())
                .collect();
            assert_eq!(by_chars, &text[l.start..l.end]);
        }
    }

    #[test]
    fn long_words_and_wide_chars_are_broken_to_fit() {
        let text = "abcdefghijklmnopqrstuvwxyz 漢字漢字漢字漢字";
        for width in 1..8 {
            for l in lines(text, width) {
                assert!(l.width() <= width.max(2), "{width}: {l:?}");
            }
        }
    }

    #[test]
    fn cache_wraps_each_paragraph_once() {
        let cache = WrapCache::new(3, 10);
        let a = cache.get(1, "one two three four five");
        let b = cache.get(1, "ignored: cached");
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(cache.wrapped_count(), 1);
        // Out of range never panics.
        assert!(!cache.get(9, "x").is_empty());
    }
}
