//! Paragraphs from kept lines: hard wraps joined, paragraphs split at blank lines and where a
//! line ends a sentence early, mid-sentence breaks across blank lines mended, and words
//! repaired that a line break cut (`in-\nstitutions`, `in\nstitutions`) or glued
//! (`ofForeign`, `April2024`).

use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::words::{self, folded_hash};

/// A kept line, a blank line, or the place of removed lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// (source line number, text).
    Text(usize, Cow<'a, str>),
    Blank,
    /// Removed lines stood here (page furniture, captions...): a break that may fall
    /// mid-sentence.
    Gap,
}

/// The words a document uses (lower case), for deciding repairs by its own vocabulary, plus
/// the bundled word list.
pub struct Vocabulary<'a> {
    lines: Vec<&'a str>,
    /// Hashes of words that stand whole inside a line (not at a line's edge, where
    /// fragments live); hashes, so building the set allocates nothing per word.
    doc: OnceCell<FxHashSet<u64>>,
    /// Look-ups answered by scanning the lines; after a few, the set is built instead.
    scans: Cell<u32>,
    /// Hashes of the hyphenated words the document writes whole ("well-known"); found by
    /// looking only around hyphens, so it is cheap to build.
    compounds: OnceCell<FxHashSet<u64>>,
    /// The kept lines joined, for scanning in one pass; made on the first scan.
    joined: OnceCell<String>,
    /// Answers already found by scanning: the same broken name recurs.
    memo: RefCell<FxHashMap<String, bool>>,
    /// Whether the text is in English (glued words are split only in English).
    english: OnceCell<bool>,
}

/// Up to this many vocabulary questions are answered by scanning the text (cheap for one
/// question); beyond it, building the word set once is cheaper.
const SCANS_BEFORE_SET: u32 = 4;

impl<'a> Vocabulary<'a> {
    #[must_use]
    pub fn new(lines: Vec<&'a str>) -> Self {
        Self {
            lines,
            doc: OnceCell::new(),
            scans: Cell::new(0),
            compounds: OnceCell::new(),
            joined: OnceCell::new(),
            memo: RefCell::new(FxHashMap::default()),
            english: OnceCell::new(),
        }
    }

    fn english(&self) -> bool {
        *self
            .english
            .get_or_init(|| words::looks_english(self.lines.iter().copied()))
    }

    fn doc(&self) -> &FxHashSet<u64> {
        self.doc.get_or_init(|| {
            let mut set = FxHashSet::default();
            for l in &self.lines {
                let mut words = l.split_ascii_whitespace();
                // Skip the first and last word of each line: fragments live there.
                if words.next().is_none() {
                    continue;
                }
                let mut prev: Option<&str> = None;
                for w in words {
                    if let Some(p) = prev {
                        insert_word(&mut set, p);
                    }
                    prev = Some(w);
                }
            }
            set
        })
    }

    /// A known word: in the bundled list or used whole in the document.
    #[must_use]
    pub fn is_word(&self, lower: &str) -> bool {
        words::bundled().contains(lower) || self.in_doc(lower)
    }

    /// Does the document use this (lower-case) word whole, away from a line's edges?
    fn in_doc(&self, lower: &str) -> bool {
        let key = |w: &str| {
            if w.is_ascii() {
                words::word_hash_ascii(w.as_bytes())
            } else {
                folded_hash(w)
            }
        };
        if let Some(set) = self.doc.get() {
            return set.contains(&key(lower));
        }
        if let Some(&known) = self.memo.borrow().get(lower) {
            return known;
        }
        if lower.is_ascii() && self.scans.get() < SCANS_BEFORE_SET {
            self.scans.set(self.scans.get() + 1);
            let found = self.scan(lower);
            self.memo.borrow_mut().insert(lower.to_owned(), found);
            return found;
        }
        self.doc().contains(&key(lower))
    }

    /// `in_doc` by a vectorised search for the word as written in lower case, capitalised
    /// and in capitals.
    fn scan(&self, lower: &str) -> bool {
        let mut cap = lower.to_owned();
        if let Some(f) = cap.get_mut(..1) {
            f.make_ascii_uppercase();
        }
        let upper = lower.to_ascii_uppercase();
        let text = self.joined.get_or_init(|| self.lines.join("\n"));
        let b = text.as_bytes();
        [lower, cap.as_str(), upper.as_str()].iter().any(|w| {
            memchr::memmem::find_iter(b, w.as_bytes()).any(|i| {
                let end = i + w.len();
                let whole = (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                    && b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric());
                if !whole {
                    return false;
                }
                // Not the line's first or last word: fragments live at the edges.
                let line_start = memchr::memrchr(b'\n', &b[..i]).map_or(0, |p| p + 1);
                let line_end = memchr::memchr(b'\n', &b[end..]).map_or(b.len(), |p| end + p);
                b[line_start..i].iter().any(u8::is_ascii_whitespace)
                    && b[end..line_end].iter().any(u8::is_ascii_whitespace)
            })
        })
    }

    /// How often the document writes this (lower-case ASCII) word whole, in any case: a
    /// "glued" token the writer uses twice is a word of theirs.
    fn count_whole(&self, lower: &str) -> usize {
        let text = self.joined.get_or_init(|| self.lines.join("\n"));
        let b = text.as_bytes();
        let n = lower.len();
        memchr::memmem::find_iter(&text.to_ascii_lowercase().into_bytes(), lower.as_bytes())
            .filter(|&i| {
                (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                    && b.get(i + n).is_none_or(|c| !c.is_ascii_alphanumeric())
            })
            .count()
    }

    fn in_bundled(lower: &str) -> bool {
        words::bundled().contains(lower)
    }

    /// The document itself writes this hyphenated compound somewhere.
    fn has_compound(&self, lower: &str) -> bool {
        let set = self.compounds.get_or_init(|| {
            let mut set = FxHashSet::default();
            for l in &self.lines {
                let b = l.as_bytes();
                for i in memchr::memchr_iter(b'-', b) {
                    let start = b[..i]
                        .iter()
                        .rposition(u8::is_ascii_whitespace)
                        .map_or(0, |p| p + 1);
                    let end = b[i..]
                        .iter()
                        .position(u8::is_ascii_whitespace)
                        .map_or(b.len(), |p| i + p);
                    // Whole words only: a word at a line's edge may be a fragment.
                    if start > 0 && end < b.len() {
                        insert_word(&mut set, &l[start..end]);
                    }
                }
            }
            set
        });
        let key = if lower.is_ascii() {
            words::word_hash_ascii(lower.as_bytes())
        } else {
            folded_hash(lower)
        };
        set.contains(&key)
    }
}

/// Adds one word (punctuation around it stripped) to the document vocabulary.
fn insert_word(set: &mut FxHashSet<u64>, w: &str) {
    let b = w.as_bytes();
    let start = b
        .iter()
        .position(u8::is_ascii_alphanumeric)
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(u8::is_ascii_alphanumeric)
        .map_or(start, |e| e + 1);
    if start >= end {
        // Only punctuation, or a word in another script: take the slow, general path.
        if !w.is_ascii() {
            let t = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if t.chars().count() >= 2 && t.chars().all(|c| c.is_alphabetic() || c == '-') {
                set.insert(folded_hash(t));
            }
        }
        return;
    }
    let core = &b[start..end];
    // Short words are never asked about: questions are for joined fragments and compounds.
    if core.len() < 4 {
        return;
    }
    if core.iter().all(|c| c.is_ascii_alphabetic() || *c == b'-') {
        set.insert(words::word_hash_ascii(core));
    } else if !w.is_ascii() {
        let t = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if t.chars().count() >= 2 && t.chars().all(|c| c.is_alphabetic() || c == '-') {
            set.insert(folded_hash(t));
        }
    }
}

/// Builds paragraphs: (first source line, text).
#[must_use]
pub fn build(pieces: &[Piece<'_>]) -> Vec<(usize, String)> {
    let texts: Vec<&str> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(_, t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let width = wrap_width(pieces);
    let vocab = Vocabulary::new(texts);
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let mut prev_line: &str = "";
    // What separated the last finished paragraph from what follows.
    let mut sep = Sep::Start;
    for piece in pieces {
        match piece {
            Piece::Blank => {
                if let Some(p) = cur.take() {
                    out.push(p);
                    sep = Sep::Blank;
                }
            }
            Piece::Gap => {
                if let Some(p) = cur.take() {
                    out.push(p);
                    sep = Sep::Gap;
                } else if sep == Sep::Start {
                    sep = Sep::Start;
                }
            }
            Piece::Text(no, raw) => {
                let line = raw.trim();
                match cur.as_mut() {
                    Some((_, text)) => {
                        if is_break(prev_line, line, width) {
                            if let Some(p) = cur.take() {
                                out.push(p);
                            }
                            cur = Some((*no, collapse(line).into_owned()));
                        } else {
                            join(text, line, &vocab);
                        }
                    }
                    None => {
                        // Mend by moving the finished paragraph back into `cur` (no copy:
                        // a paragraph mended across many page breaks must stay linear).
                        let mend = out
                            .last()
                            .is_some_and(|(_, last)| continues(last, line, sep));
                        let mended = if mend { out.pop() } else { None };
                        match mended {
                            Some((first_no, mut text)) => {
                                join(&mut text, line, &vocab);
                                cur = Some((first_no, text));
                            }
                            None => {
                                let mut text = String::with_capacity(1024);
                                text.push_str(&collapse(line));
                                cur = Some((*no, text));
                            }
                        }
                    }
                }
                prev_line = line;
            }
        }
    }
    if let Some(p) = cur.take() {
        out.push(p);
    }
    for (_, text) in &mut out {
        if super::glue_check::needs_unglue(text) {
            *text = unglue(text, &vocab);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Start,
    Blank,
    Gap,
}

/// The document's hard-wrap width, if it is hard-wrapped: a high percentile of the lengths
/// of lines that another line follows.
fn wrap_width(pieces: &[Piece<'_>]) -> Option<usize> {
    let mut lens: Vec<usize> = pieces
        .windows(2)
        .filter_map(|w| match w {
            [Piece::Text(_, a), Piece::Text(_, _)] => Some(a.trim().chars().count()),
            _ => None,
        })
        .filter(|&n| n >= 20)
        .collect();
    if lens.len() < 3 {
        return None;
    }
    lens.sort_unstable();
    let w = lens[(lens.len() * 3 / 4).min(lens.len() - 1)];
    // Lines much longer than a screen are unwrapped prose, not a wrap width.
    (w <= 200).then_some(w)
}

const TERMINAL: &[char] = &['.', '!', '?', ':', '…', '»', '”', '"', ';'];

fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with(TERMINAL) && !t.ends_with(',')
}

fn first_word_len(line: &str) -> usize {
    line.split_whitespace()
        .next()
        .map_or(0, |w| w.chars().count())
}

fn starts_lower(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

fn starts_upper(line: &str) -> bool {
    line.chars()
        .find(|c| !matches!(c, '"' | '«' | '“' | '\'' | '(' | '['))
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A numbered or bulleted item starts here: "1. Calls on", "A. whereas", "– having regard".
fn starts_item(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    match first {
        Some('-' | '–' | '—' | '•' | '*' | '·') => chars.next() == Some(' '),
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            (rest.starts_with(". ") || rest.starts_with(") ")) && line.len() - rest.len() <= 3
        }
        Some('(') => {
            let inner: String = chars.take_while(|&c| c != ')').collect();
            inner.chars().count() <= 4 && !inner.is_empty() && line.contains(") ")
        }
        Some(c) if c.is_uppercase() => {
            let second = chars.next();
            second == Some('.') && chars.next() == Some(' ') && line.chars().count() > 3
        }
        _ => false,
    }
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "or", "by", "to", "in", "a", "an", "for", "with", "on", "at", "from",
    "that", "as", "its", "their", "le", "la", "les", "de", "des", "du", "et", "en", "à", "и", "в",
    "на", "по", "с", "о",
];

fn ends_with_function_word(line: &str) -> bool {
    line.split_whitespace()
        .next_back()
        .is_some_and(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Does the line break between `prev` and `next` end a paragraph?
fn is_break(prev: &str, next: &str, width: Option<usize>) -> bool {
    if starts_item(next) {
        return true;
    }
    let prev_len = prev.chars().count();
    let terminal = ends_sentence(prev);
    match width {
        Some(w) => {
            // The next word would have fitted on this line: the writer broke it on purpose.
            let fits = prev_len + 1 + first_word_len(next) <= w;
            let overlong = prev_len * 100 > w * 115;
            if terminal {
                return fits || overlong;
            }
            fits && heading_like(prev, w) && starts_upper(next)
        }
        None => {
            if terminal {
                return true;
            }
            // A short line before a capital is a heading or a label; a long one is prose
            // wrapped before a name ("... to the Ministry of Foreign" / "Affairs of ...").
            starts_upper(next)
                && prev_len < 60
                && !ends_with_function_word(prev)
                && !prev.trim_end().ends_with([',', '-'])
        }
    }
}

fn heading_like(line: &str, width: usize) -> bool {
    let n = line.chars().count();
    starts_upper(line)
        && n * 10 < width * 7
        && !line.trim_end().ends_with([',', '-', '–'])
        && !ends_with_function_word(line)
}

/// Should a paragraph that ended at a blank line or a gap continue with `next`?
fn continues(last: &str, next: &str, sep: Sep) -> bool {
    let last = last.trim_end();
    if ends_sentence(last) || starts_item(next) {
        return false;
    }
    let open_end =
        last.ends_with([',', '-']) || last.chars().next_back().is_some_and(char::is_alphanumeric);
    if !open_end {
        return false;
    }
    match sep {
        Sep::Start => false,
        Sep::Blank => starts_lower(next),
        Sep::Gap => {
            starts_lower(next) || ends_with_function_word(last) || last.ends_with([',', '-'])
        }
    }
}

/// Collapses runs of spaces inside a line.
fn collapse(line: &str) -> Cow<'_, str> {
    if line.contains("  ") {
        Cow::Owned(line.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(line)
    }
}

/// Lower-cases a short word into `buf` without allocating (ASCII), or into a new string.
fn lower<'b>(word: &str, buf: &'b mut [u8; 48]) -> Cow<'b, str> {
    if word.is_ascii() && word.len() <= buf.len() {
        let out = &mut buf[..word.len()];
        out.copy_from_slice(word.as_bytes());
        out.make_ascii_lowercase();
        Cow::Borrowed(std::str::from_utf8(out).unwrap_or_default())
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

fn trailing_word(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(s.len(), |(i, _)| i);
    &s[start..]
}

fn leading_word(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// Appends `next` to `text`, repairing a word the line break cut.
fn join(text: &mut String, next: &str, vocab: &Vocabulary<'_>) {
    let next = collapse(next);
    let next = next.as_ref();
    if let Some(before_hyphen) = text.strip_suffix('-') {
        let left = trailing_word(before_hyphen);
        let right = leading_word(next);
        if !left.is_empty() && !right.is_empty() {
            if keep_hyphen(left, right, vocab) {
                text.push_str(next);
            } else {
                text.pop();
                text.push_str(next);
            }
            return;
        }
    }
    let left = trailing_word(text);
    let right = leading_word(next);
    if !left.is_empty() && !right.is_empty() && glue(left, right, vocab) {
        text.push_str(next);
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(next);
}

/// `left-` + `right` across a line break: a real compound keeps its hyphen.
fn keep_hyphen(left: &str, right: &str, vocab: &Vocabulary<'_>) -> bool {
    if right.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    let l = left.to_lowercase();
    let r = right.to_lowercase();
    let both_words = Vocabulary::in_bundled(&l) && Vocabulary::in_bundled(&r);
    // Only two real words can form a compound ("well-known", "co-operation"); asking the
    // document is needed only then.
    if both_words && vocab.has_compound(&format!("{l}-{r}")) {
        return true;
    }
    if vocab.is_word(&format!("{l}{r}")) {
        return false;
    }
    // Two real words with no joined form ("long-term"): a compound. Otherwise hyphenation.
    both_words && l.chars().count() > 1
}

/// `left` + `right` across a line break with no hyphen: one word broken by a lost space
/// only when one side is not a word and the joined form is.
fn glue(left: &str, right: &str, vocab: &Vocabulary<'_>) -> bool {
    if !right.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let (mut lb, mut rb) = ([0u8; 48], [0u8; 48]);
    let l = lower(left, &mut lb);
    let r = lower(right, &mut rb);
    // A line that starts with a dictionary word began a new word: the common case, and it
    // needs no look at the document's own vocabulary.
    if Vocabulary::in_bundled(&r) {
        return false;
    }
    // The right part is no dictionary word: a fragment if the joined form is a word the
    // dictionary or the document itself uses.
    let joined = format!("{l}{r}");
    Vocabulary::in_bundled(&joined) || vocab.in_doc(&joined)
}

/// Compounds written whole in official texts that the word list lacks: never split.
const WHOLE_COMPOUNDS: &[&str] = &[
    "peacebuilding",
    "statebuilding",
    "counterterrorism",
    "cybersecurity",
    "cyberattacks",
    "cyberattack",
    "stakeholder",
    "stakeholders",
    "policymaker",
    "policymakers",
    "policymaking",
    "decisionmaking",
    "multilateralism",
    "lawmakers",
    "peacekeepers",
    "healthcare",
    "nonetheless",
    "notwithstanding",
];

/// Short words a glued token may end with ("order" + "by").
const SHORT_PARTS: &[&str] = &["by", "of", "the", "to", "in", "on", "at", "and", "for"];

/// Short words a glued token may start with ("the" + "situation", "a" + "further"), when a
/// long word follows (so that "another" or "atone", which the word list knows, never come
/// into question, and a short unknown word is not cut).
const LEADING_PARTS: &[&str] = &["the", "of", "and", "to", "in", "a"];

/// A token of letters glued from two or three words by lost spaces ("rightssituation" →
/// "rights situation", "Parliamentmembers" → "Parliament members"), found by dynamic
/// programming over the word list and the document's own words: the split into the fewest
/// parts, longest parts first. Guarded so that real words stay whole: a token the word
/// list or the document knows whole, a compound of the list above, any token in a
/// statement not in English, parts shorter than four letters (but the function words
/// above, last), and for a capitalised token (a name: "Greenland", "Johnson") a first part
/// the document writes on its own elsewhere.
fn split_glued(core: &str, vocab: &Vocabulary<'_>) -> Option<String> {
    let n = core.len();
    if !(6..=40).contains(&n) || !core.bytes().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let capitalised = core.as_bytes()[0].is_ascii_uppercase();
    if core.bytes().skip(1).any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = core.to_ascii_lowercase();
    if Vocabulary::in_bundled(&lower)
        || WHOLE_COMPOUNDS.contains(&lower.as_str())
        || !vocab.english()
        || vocab.count_whole(&lower) >= 2
    {
        return None;
    }
    let is_part = |from: usize, to: usize| -> bool {
        if from == 0 && to == n {
            return false;
        }
        let part = &lower[from..to];
        let short = (SHORT_PARTS.contains(&part) && to == n && from > 0)
            || (LEADING_PARTS.contains(&part) && from == 0 && n - to >= 6);
        short || (part.len() >= 4 && (Vocabulary::in_bundled(part) || vocab.in_doc(part)))
    };
    // best[i]: (parts, score, start of the last part) for lower[..i].
    let mut best: Vec<Option<(u32, u64, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0, 0));
    for to in 1..=n {
        for from in 0..to {
            let Some((parts, score, _)) = best[from] else {
                continue;
            };
            if parts >= 3 || !is_part(from, to) {
                continue;
            }
            let len = (to - from) as u64;
            let cand = (parts + 1, score + len * len, from);
            let better = match best[to] {
                None => true,
                Some((p, s, _)) => cand.0 < p || (cand.0 == p && cand.1 > s),
            };
            if better {
                best[to] = Some(cand);
            }
        }
    }
    let (parts, _, _) = best[n]?;
    if parts < 2 {
        return None;
    }
    let mut cuts = Vec::new();
    let mut at = n;
    while at > 0 {
        let (_, _, from) = best[at]?;
        cuts.push(from);
        at = from;
    }
    cuts.reverse();
    if capitalised {
        let first_end = *cuts.get(1)?;
        // A name's halves are words too ("Green" + "land"): only a first part the document
        // writes whole elsewhere ("Parliament") makes a glued pair.
        if first_end < 4 || !vocab.in_doc(&lower[..first_end]) {
            return None;
        }
    }
    let mut out = String::with_capacity(n + 2);
    for (k, &from) in cuts.iter().enumerate() {
        let to = cuts.get(k + 1).copied().unwrap_or(n);
        if k > 0 {
            out.push(' ');
        }
        out.push_str(&core[from..to]);
    }
    Some(out)
}

/// Splits words glued by lost line breaks: "ofForeign", "Parliament.The", "April2024".
fn unglue(text: &str, vocab: &Vocabulary<'_>) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, token) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        unglue_token(token, vocab, &mut out);
    }
    out
}

fn unglue_token(token: &str, vocab: &Vocabulary<'_>, out: &mut String) {
    if token.contains("://") || token.contains("www.") || token.contains('@') {
        out.push_str(token);
        return;
    }
    // Letters glued without any capital or digit between them ("rightssituation,").
    let start = token
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(token.len());
    let end = token[start..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .map_or(token.len(), |e| start + e);
    let (head, core, tail) = (&token[..start], &token[start..end], &token[end..]);
    if !head.contains(char::is_alphanumeric)
        && !tail.contains(char::is_alphanumeric)
        && let Some(split) = split_glued(core, vocab)
    {
        out.push_str(head);
        out.push_str(&split);
        out.push_str(tail);
        return;
    }
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let mut last = 0;
    for k in 1..chars.len() {
        let (bi, c) = chars[k];
        let (_, p) = chars[k - 1];
        let split = if p.is_lowercase() && c.is_uppercase() {
            // "ofForeign": the left part is a whole lower-case word starting the token.
            let left = &token[last..bi];
            // The capitalised word that follows, bounded: a long glued token must not make
            // every transition walk to its end.
            let right_len: usize = token[bi..]
                .char_indices()
                .take_while(|&(j, ch)| j == 0 || ch.is_lowercase())
                .take(40)
                .map(|(_, ch)| ch.len_utf8())
                .sum();
            let right = &token[bi..bi + right_len];
            left.len() <= 40
                && left.chars().all(char::is_lowercase)
                && left.chars().count() >= 2
                && vocab.is_word(left)
                && right.chars().count() >= 2
                && (vocab.is_word(&right.to_lowercase())
                    || right.chars().skip(1).all(char::is_lowercase))
        } else if matches!(p, '.' | '!' | '?' | ',' | ';') && c.is_uppercase() {
            // "Parliament.The": a word of 2+ lower-case letters before the stop, a capitalised word after.
            let before = trailing_word(&token[..chars[k - 1].0]);
            before.chars().count() >= 2
                && before.chars().skip(1).all(char::is_lowercase)
                && chars.get(k + 1).is_some_and(|&(_, n)| n.is_lowercase())
        } else if p.is_alphabetic() && c.is_ascii_digit() {
            // "April2024": a month or known word, then a year.
            let word = trailing_word(&token[..bi]).to_lowercase();
            let digits: String = token[bi..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let year = digits.len() == 4
                && digits
                    .parse::<u32>()
                    .is_ok_and(|y| (1900..=2100).contains(&y));
            year && (crate::model::dates::is_month_name(&word)
                || (word.chars().count() >= 3 && Vocabulary::in_bundled(&word)))
        } else if p.is_ascii_digit() && c.is_uppercase() {
            chars.get(k + 1).is_some_and(|&(_, n)| n.is_lowercase())
                && token[..bi]
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_digit)
                    .take(4)
                    .count()
                    == 4
        } else {
            false
        };
        if split {
            out.push_str(&token[last..bi]);
            out.push(' ');
            last = bi;
        }
    }
    out.push_str(&token[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<String> {
        let pieces: Vec<Piece> = text
            .lines()
            .enumerate()
            .map(|(i, l)| match l {
                "" => Piece::Blank,
                "<gap>" => Piece::Gap,
                t => Piece::Text(i + 1, Cow::Owned(t.to_owned())),
            })
            .collect();
        build(&pieces).into_iter().map(|(_, t)| t).collect()
    }

    const WRAPPED: &str = "The Ministry of Foreign Affairs of the Republic believes that the\n\
resolution on the situation in the country adopted by the European\n\
Parliament is biased and based on prejudiced opinions and does not\n\
reflect the facts.\n\
The Ministry will continue its dialogue with all partners of the\n\
country.";

    #[test]
    fn hard_wraps_join_and_short_sentence_end_splits() {
        let p = paras(WRAPPED);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert!(p[0].starts_with("The Ministry") && p[0].ends_with("reflect the facts."));
        assert!(p[0].contains("the European Parliament is biased"));
    }

    #[test]
    fn a_short_line_ending_a_sentence_is_not_a_break_when_the_next_word_would_not_fit() {
        // "Representatives" (15 chars) would not fit after "Monday." within the 66-column wrap.
        let text = "The delegation of the Ministry arrived in the capital early on\n\
the morning of the summit and met its hosts on Monday.\n\
Representatives of the Parliament joined them in the afternoon to\n\
discuss the draft resolution and the timetable for the next round.";
        let p = paras(text);
        assert_eq!(p.len(), 1, "{p:#?}");
    }

    #[test]
    fn a_long_line_wrapped_before_a_name_is_joined_without_a_wrap_width() {
        // Too few lines to measure a wrap width: a long unfinished line goes on.
        assert_eq!(
            paras(
                "2. Instructs its President to forward this resolution to the Ministry of Foreign\nAffairs of Arvenia and to the Council.\n"
            ),
            [
                "2. Instructs its President to forward this resolution to the Ministry of Foreign Affairs of Arvenia and to the Council."
            ]
        );
        // Counter-example: a short label before a capitalised line stays apart.
        assert_eq!(
            paras("Press contact\nThe Ministry will answer questions.\n"),
            ["Press contact", "The Ministry will answer questions."]
        );
    }

    #[test]
    fn blank_lines_split_paragraphs() {
        assert_eq!(paras("First paragraph.\n\nSecond paragraph.").len(), 2);
    }

    #[test]
    fn mid_sentence_break_across_a_blank_line_is_mended() {
        let p = paras(
            "The Parliament adopted the text before the\n\ninvestigation had even begun. That is wrong.\n\nNext one.",
        );
        assert_eq!(p.len(), 2, "{p:#?}");
        assert_eq!(
            p[0],
            "The Parliament adopted the text before the investigation had even begun. That is wrong."
        );
    }

    #[test]
    fn capitalised_paragraph_after_blank_is_not_joined() {
        let p = paras(
            "based on prejudiced opinions and\n\nThe apparent lack of analysis is disconcerting.",
        );
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn broken_words_are_repaired_by_vocabulary() {
        let p = paras(
            "aimed at consolidating democratic in\nstitutions and development of civil society.",
        );
        assert_eq!(
            p[0],
            "aimed at consolidating democratic institutions and development of civil society."
        );
        let p = paras("the gov-\nernment and in-\nternational partners");
        assert_eq!(p[0], "the government and international partners");
    }

    #[test]
    fn real_hyphens_are_kept() {
        let p = paras(
            "a well-known position and a well-\nknown fact, a long-\nterm plan, Nur-\nSultan",
        );
        assert_eq!(
            p[0],
            "a well-known position and a well-known fact, a long-term plan, Nur-Sultan"
        );
    }

    #[test]
    fn two_real_words_across_a_break_stay_two_words() {
        let p = paras("they signed a\nround of agreements and went in\nto the hall");
        assert_eq!(
            p[0],
            "they signed a round of agreements and went in to the hall"
        );
    }

    #[test]
    fn glued_words_are_split() {
        let p = paras(
            "The Ministry ofForeign Affairs said in April2024 that the Parliament.The vote stands.",
        );
        assert_eq!(
            p[0],
            "The Ministry of Foreign Affairs said in April 2024 that the Parliament. The vote stands."
        );
    }

    #[test]
    fn long_glued_tokens_stay_linear() {
        // Every lower→upper transition used to walk to the token's end (quadratic).
        let token = "Abc".repeat(20_000);
        let p = paras(&format!("Text {token} end."));
        assert_eq!(p.len(), 1);
        assert!(p[0].len() >= token.len());
        let p = paras("In 2024The year ended; 1Ab and ofForeign stay as they should.");
        assert_eq!(
            p[0],
            "In 2024 The year ended; 1Ab and of Foreign stay as they should."
        );
    }

    #[test]
    fn lower_case_joins_are_split_by_the_word_list_and_the_documents_words() {
        let p = paras(
            "The human rightssituation is furtherdeteriorating, and the Parliament has taken note. In orderby the end of the year, the Parliamentmembers will vote.",
        );
        assert_eq!(
            p[0],
            "The human rights situation is further deteriorating, and the Parliament has taken note. In order by the end of the year, the Parliament members will vote."
        );
    }

    #[test]
    fn function_words_glued_to_the_next_word_are_split() {
        let text = "The report on thesituation is late, and afurtherdeterioration is feared.\n";
        assert_eq!(
            paras(text),
            ["The report on the situation is late, and a further deterioration is feared."]
        );
        // Counter-examples: words the list knows that start like a function word, and a
        // short unknown token, stay whole.
        let text = "Another atonement, the theocracy and tokenism, inshallah.\n";
        assert_eq!(paras(text), [text.trim_end()]);
    }

    #[test]
    fn real_compounds_and_names_that_look_glued_stay_whole() {
        // In the word list, in the list of whole compounds, used whole elsewhere in the
        // document, or a name whose halves are words ("Greenland", "Netherlands").
        let text = "Peacebuilding and counterterrorism matter to Greenland and the Netherlands. The Kazakhstanis and the Johnsons met nevertheless. The sealevelrise effort continues; sealevelrise needs time.";
        assert_eq!(paras(text)[0], text);
        // Not in English: left alone.
        let text = "Le gouvernement concernant la situation des droits de la personne est préoccupé par les informations.";
        assert_eq!(paras(text)[0], text);
    }

    #[test]
    fn camel_case_names_and_abbreviations_are_not_split() {
        let p =
            paras("The iPhone and McDonald and YouTube and e.g. U.S. and COVID-19 and G20 stay.");
        assert_eq!(
            p[0],
            "The iPhone and McDonald and YouTube and e.g. U.S. and COVID-19 and G20 stay."
        );
    }

    #[test]
    fn numbered_items_start_paragraphs() {
        let p = paras(
            "The European Parliament,\n1. Condemns the arrests;\n2. Calls on the authorities\nto release them;\nA. whereas the situation",
        );
        assert_eq!(p.len(), 4, "{p:#?}");
        assert_eq!(p[2], "2. Calls on the authorities to release them;");
    }

    #[test]
    fn a_gap_of_removed_lines_mid_sentence_is_mended() {
        let p = paras(
            "The resolution was adopted by the\n<gap>\nEuropean Parliament in haste.\n\nNext.",
        );
        assert_eq!(
            p[0],
            "The resolution was adopted by the European Parliament in haste."
        );
        let p = paras("Background\n<gap>\nThe Ministry said.");
        assert_eq!(p.len(), 2);
    }
}
