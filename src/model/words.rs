//! The vocabulary used to repair words broken across lines and glued by lost line breaks:
//! the document's own words plus a bundled English word list.

use std::hash::Hasher;
use std::sync::OnceLock;

use rustc_hash::{FxHashSet, FxHasher};

static BUNDLED: &str = include_str!("../../assets/words/en.txt");

/// The bundled word list (lower case), loaded once.
pub fn bundled() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| BUNDLED.lines().collect())
}

/// A Bloom filter over the bundled word list: a cheap first test of whether a lower-case
/// ASCII word may be a word (never "no" for a listed word; "yes" for about one unlisted word
/// in sixty). It lets the glued-word check look at every long token of a document without
/// a hash-set look-up per token.
pub struct WordBloom {
    bits: Vec<u64>,
}

const BLOOM_BITS: u64 = 1 << 20;

impl WordBloom {
    /// May `lower` (lower-case ASCII letters) be a listed word?
    #[must_use]
    pub fn may_contain(&self, lower: &[u8]) -> bool {
        let h = bloom_key(lower);
        self.bit(h) && self.bit(h.rotate_left(32))
    }

    fn bit(&self, h: u64) -> bool {
        let i = h % BLOOM_BITS;
        self.bits
            .get(usize::try_from(i / 64).unwrap_or(0))
            .is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
}

/// FNV-1a over the bytes, finished with a multiply so both halves mix.
fn bloom_key(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The Bloom filter of the bundled word list, built once.
pub fn bloom() -> &'static WordBloom {
    static BLOOM: OnceLock<WordBloom> = OnceLock::new();
    BLOOM.get_or_init(|| {
        let mut bits = vec![0u64; usize::try_from(BLOOM_BITS / 64).unwrap_or(0)];
        for w in BUNDLED.lines().filter(|w| w.is_ascii()) {
            let h = bloom_key(w.as_bytes());
            for k in [h, h.rotate_left(32)] {
                let i = k % BLOOM_BITS;
                if let Some(word) = bits.get_mut(usize::try_from(i / 64).unwrap_or(0)) {
                    *word |= 1 << (i % 64);
                }
            }
        }
        WordBloom { bits }
    })
}

/// Is a text in English? Counts the commonest words of English against those of the other
/// languages demarche reads statements in, over the first few hundred words.
#[must_use]
pub fn looks_english<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    const EN: &[&str] = &["the", "and", "of", "to", "is", "in", "that"];
    const OTHER: &[&str] = &[
        "le", "la", "les", "des", "et", "est", "der", "die", "und", "das", "ist", "el", "los",
        "las", "y", "que", "ve", "bir", "bu", "ile", "için", "и", "в", "на", "не", "что", "мен",
        "және",
    ];
    let (mut en, mut other) = (0usize, 0usize);
    for w in lines.flat_map(str::split_whitespace).take(400) {
        let w = w.to_lowercase();
        if EN.contains(&w.as_str()) {
            en += 1;
        } else if OTHER.contains(&w.as_str()) {
            other += 1;
        }
    }
    en >= other
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

/// Curly and straight apostrophes and quotes are one character for matching and search:
/// `’ ‘ ʼ ′` are `'`, and `“ ” „ « » ″` are `"`. Every other char is itself.
#[must_use]
pub fn fold_quote(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' => '"',
        c => c,
    }
}

/// `s` with curly apostrophes and quotes made straight ([`fold_quote`]).
#[must_use]
pub fn fold_quotes(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(|c| fold_quote(c) != c) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(fold_quote).collect())
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

/// The general path of `folded_hash`: the same mixing as the ASCII path, over the UTF-8
/// bytes of each char lower-cased, with curly quotes made straight, so that a line with
/// `’` hashes as the same line with `'`.
fn folded_hash_unicode(s: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut mix = |b: u8| h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    let mut pending_space = false;
    let mut started = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            mix(b' ');
            pending_space = false;
        }
        started = true;
        let c = fold_quote(c);
        if c.is_ascii() {
            mix(c.to_ascii_lowercase() as u8);
        } else {
            let mut buf = [0u8; 4];
            for l in c.to_lowercase() {
                for &b in l.encode_utf8(&mut buf).as_bytes() {
                    mix(b);
                }
            }
        }
    }
    h
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
        // Curly and straight apostrophes hash alike (on the non-ASCII path both take).
        assert_eq!(folded_hash("Editor’s picks"), folded_hash("editor's Picks"));
        assert_eq!(
            fold_quotes("the Parliament’s “vote”"),
            "the Parliament's \"vote\""
        );
    }

    #[test]
    fn the_bloom_filter_never_misses_a_listed_word() {
        let b = bloom();
        for w in bundled().iter().filter(|w| w.is_ascii()) {
            assert!(b.may_contain(w.as_bytes()), "{w}");
        }
        let unlisted = [
            "rightssituation",
            "orderby",
            "furtherdeteriorating",
            "parliamentmembers",
        ];
        assert!(
            unlisted
                .iter()
                .filter(|w| b.may_contain(w.as_bytes()))
                .count()
                <= 1
        );
    }

    #[test]
    fn bundled_list_has_common_words_only_in_lower_case() {
        assert!(bundled().contains("institutions"));
        assert!(bundled().contains("government"));
        assert!(!bundled().contains("stitutions"));
    }
}
