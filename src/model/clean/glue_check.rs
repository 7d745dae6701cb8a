//! Is anything glued in a paragraph at all? The cheap check run on every paragraph before
//! the char-level pass of [`super::paragraphs`] splits glued words: a capital or a digit
//! right after a letter or a stop, letters of other scripts (left to the char-level pass),
//! and lower-case tokens that are long (`rightssituation`) or end in a function word
//! (`orderby`) and that the word list's Bloom filter does not know.
//!
//! It runs over every byte ingested: a table says which bytes need a closer look, and only
//! the ends of runs of small letters are asked about.

use crate::model::words;

/// One pass over the bytes looks where a capital or a digit follows a letter or a stop
/// (rare), leaves other scripts to the char-level pass, and asks the word list's Bloom
/// filter about long lower-case tokens (`rightssituation`) and short ones ending in a
/// function word (`orderby`): only an unknown one sends the paragraph to the char-level pass.
pub(super) fn needs_unglue(text: &str) -> bool {
    /// Bytes worth a closer look: capitals, digits, and lead bytes of letters in other
    /// scripts (not of punctuation like ’ or —, which start with 0xE2).
    static INTERESTING: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            let b = i as u8;
            t[i] = b.is_ascii_uppercase()
                || b.is_ascii_digit()
                || (b >= 0xC3 && b <= 0xDF)
                || b == 0xE1;
            i += 1;
        }
        t
    };
    let b = text.as_bytes();
    // Start of the current run of ASCII letters, if in one.
    let mut run: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_lowercase() {
            if run.is_none() {
                run = Some(i);
            }
            continue;
        }
        if let Some(start) = run.take()
            && !c.is_ascii_uppercase()
            && may_be_glued(b, start, i)
            && unknown_to_word_list(b, start, i)
        {
            return true;
        }
        if !INTERESTING[usize::from(c)] {
            continue;
        }
        if i == 0 {
            if c.is_ascii_uppercase() {
                run = Some(0);
            }
            continue;
        }
        let p = b[i - 1];
        let hit = if c.is_ascii_uppercase() {
            if !p.is_ascii_alphabetic() {
                run = Some(i);
            }
            p.is_ascii_lowercase()
                || (matches!(p, b'.' | b'!' | b'?' | b',' | b';')
                    && i >= 2
                    && b[i - 2].is_ascii_lowercase())
                || p.is_ascii_digit()
        } else if c.is_ascii_digit() {
            p.is_ascii_alphabetic()
        } else {
            true
        };
        if hit {
            return true;
        }
    }
    run.is_some_and(|start| {
        may_be_glued(b, start, b.len()) && unknown_to_word_list(b, start, b.len())
    })
}

/// Function words that lost their space after the word before: "orderby", "reportof".
const GLUED_ENDINGS: &[&[u8]] = &[b"by", b"of", b"the"];

/// A function word that lost its space before the next word: "thesituation". Only "the":
/// words starting "a", "in" or "to" are too common to ask the word list about each one
/// (longer joins, "afurtherdeterioration", are asked about anyway).
const GLUED_STARTS: &[&[u8]] = &[b"the"];

/// The cheap half of the question, inlined into the byte loop: is `b[start..end]` (ASCII
/// letters, capitalised at most at the start) long, or does it end or start with a function
/// word? Most words are short and never reach the word list.
#[inline(always)]
fn may_be_glued(b: &[u8], start: usize, end: usize) -> bool {
    let len = end - start;
    let word = &b[start..end];
    (6..=40).contains(&len)
        && (len >= 13
            || GLUED_ENDINGS.iter().any(|e| word.ends_with(e))
            || (len >= 9 && GLUED_STARTS.iter().any(|s| word.starts_with(s))))
}

/// The costly half: followed by a space or punctuation (not a digit or another script), and
/// unknown to the word list?
#[inline(never)]
fn unknown_to_word_list(b: &[u8], start: usize, end: usize) -> bool {
    let len = end - start;
    if b.get(end).is_some_and(|&c| c >= 0x80 || c.is_ascii_digit()) {
        return false;
    }
    let mut lower = [0u8; 40];
    lower[..len].copy_from_slice(&b[start..end]);
    lower[..len].make_ascii_lowercase();
    !words::bloom().may_contain(&lower[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_shapes_and_their_counter_examples() {
        for glued in [
            "the humanrightssituation worsened",
            "respect for law and orderby all",
            "members of theParliament",
            "the Parliamentmembers met",
            "adopted in2022 by the Council",
            "it ended.Then it began",
        ] {
            assert!(needs_unglue(glued), "{glued}");
        }
        for clean in [
            "the human rights situation worsened",
            "the European Parliament and the UN met in 2022.",
            "International cooperation, nevertheless, continues",
            "",
            "a",
        ] {
            assert!(!needs_unglue(clean), "{clean}");
        }
    }
}
