//! Shortened text for people: cut at a word boundary and marked with an ellipsis, never in
//! the middle of a word (a cut word reads as a different word, or as a typo in the source).

use unicode_segmentation::UnicodeSegmentation as _;

use crate::model::notes::{Anchor, paragraph_digest};

/// The mark of a cut.
pub const ELLIPSIS: char = '…';

/// `text` cut to at most `max_chars` chars (ellipsis included) at a word boundary; `None`
/// when it fits whole.
#[must_use]
pub fn cut_at_word(text: &str, max_chars: usize) -> Option<String> {
    if text.chars().count() <= max_chars {
        return None;
    }
    let keep = max_chars.saturating_sub(1);
    let head: String = text.chars().take(keep).collect();
    let next = text.chars().nth(keep);
    Some(end_at_word(&head, next))
}

/// A stored quote as people should read it: whole when it holds the whole paragraph, else
/// (anchors keep only the paragraph's first chars) cut back to its last complete word.
#[must_use]
pub fn stored_quote(anchor: &Anchor) -> String {
    let exact = &anchor.quote.exact;
    if exact.is_empty() || paragraph_digest(exact) == anchor.paragraph_digest {
        exact.clone()
    } else {
        // What followed the stored chars is unknown: the last word may be cut.
        end_at_word(exact, None)
    }
}

/// `head`, the start of a longer text, ended at its last complete word, plus the ellipsis.
/// `next` is the char that followed `head` in the text, `None` when unknown.
fn end_at_word(head: &str, next: Option<char>) -> String {
    let continues_word = next.is_none_or(char::is_alphanumeric);
    let last = head.split_word_bound_indices().next_back();
    let kept = match last {
        // The last word runs on past the cut: drop it, unless it is all there is.
        Some((start, word)) if start > 0 && continues_word && is_word(word) => {
            head.get(..start).unwrap_or(head)
        }
        _ => head,
    };
    format!("{}{ELLIPSIS}", kept.trim_end())
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::notes::TextQuote;

    fn anchor_of(paragraph: &str, exact: &str) -> Anchor {
        Anchor {
            paragraph_digest: paragraph_digest(paragraph),
            quote: TextQuote {
                exact: exact.to_owned(),
                ..TextQuote::default()
            },
        }
    }

    #[test]
    fn short_text_is_whole_and_long_text_ends_at_a_word() {
        assert_eq!(cut_at_word("We find it unacceptable", 30), None);
        let cut = cut_at_word("We find it unacceptable that", 14).unwrap();
        assert_eq!(cut, "We find it…");
        assert!(cut.chars().count() <= 14);
        // The cut falls right after a whole word: that word stays.
        assert_eq!(
            cut_at_word("We find it unacceptable", 11).unwrap(),
            "We find it…"
        );
        assert_eq!(cut_at_word("Мы считаем это", 10).unwrap(), "Мы…");
    }

    #[test]
    fn one_long_word_is_cut_as_a_last_resort() {
        assert_eq!(cut_at_word("Antidisestablishment", 6).unwrap(), "Antid…");
    }

    #[test]
    fn stored_quotes_are_whole_or_cut_at_a_word() {
        let whole = "The Ministry regrets the resolution.";
        assert_eq!(stored_quote(&anchor_of(whole, whole)), whole);
        let long = "The Ministry regrets the resolution adopted yesterday.";
        let stored: String = long.chars().take(27).collect(); // "… the re"
        assert_eq!(
            stored_quote(&anchor_of(long, &stored)),
            "The Ministry regrets the…"
        );
    }
}
