//! The vocabulary used to repair words broken across lines and glued by lost line breaks:
//! the document's own words plus a bundled English word list.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rustc_hash::{FxHashSet, FxHasher};

static BUNDLED: &str = include_str!("../../assets/words/en.txt");

/// The bundled word list (lower case), loaded once.
pub fn bundled() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| BUNDLED.lines().collect())
}

/// A case-insensitive hash of a word or line, with runs of white space folded to one space
/// and the ends trimmed, computed without allocating. Used where a set of many document
/// words or lines is needed only for membership tests.
#[must_use]
pub fn folded_hash(s: &str) -> u64 {
    if s.is_ascii() {
        return folded_hash_ascii(s.as_bytes());
    }
    folded_hash_unicode(s)
}

/// A hash of raw bytes, to tell identical files apart from different ones cheaply.
#[must_use]
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

fn folded_hash_unicode(s: &str) -> u64 {
    {}
    let mut h = FxHasher::default();
    let mut pending_space = false;
    let mut started = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            ' '.hash(&mut h);
            pending_space = false;
        }
        started = true;
        if c.is_ascii() {
            c.to_ascii_lowercase().hash(&mut h);
        } else {
            for l in c.to_lowercase() {
                l.hash(&mut h);
            }
        }
    }
    h.finish()
}

/// Hash of one ASCII word, case-folded: lower-cased into a stack buffer, then hashed a
/// machine word at a time (several times faster than byte-wise folding).
#[must_use]
pub fn word_hash_ascii(word: &[u8]) -> u64 {
    let mut buf = [0u8; 64];
    if word.len() > buf.len() {
        return folded_hash_ascii(word);
    }
    let b = &mut buf[..word.len()];
    b.copy_from_slice(word);
    b.make_ascii_lowercase();
    let mut h = FxHasher::default();
    h.write(b);
    h.finish()
}

/// The ASCII fast path of `folded_hash`: one multiply per byte. Non-ASCII text takes the
/// other path, so both paths never need to agree with each other.
pub fn folded_hash_ascii(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut pending_space = false;
    let mut started = false;
    for &b in bytes {
        if b.is_ascii_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            h = (h.rotate_left(5) ^ u64::from(b' ')).wrapping_mul(K);
            pending_space = false;
        }
        started = true;
        h = (h.rotate_left(5) ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(K);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_hash_ignores_case_and_spacing() {
        assert_eq!(
            folded_hash("  Diplomat   Magazine "),
            folded_hash("diplomat magazine")
        );
        assert_eq!(folded_hash("МИД России"), folded_hash("мид  россии"));
        assert_ne!(
            folded_hash("diplomat magazine"),
            folded_hash("diplomatmagazine")
        );
    }

    #[test]
    fn bundled_list_has_common_words_only_in_lower_case() {
        assert!(bundled().contains("institutions"));
        assert!(bundled().contains("government"));
        assert!(!bundled().contains("stitutions"));
    }
}
