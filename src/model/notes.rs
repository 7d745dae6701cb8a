//! Notes on paragraphs: what a note is, which statement it belongs to, and how it is
//! anchored so that it can be found again after the statement changes.
//!
//! Unknown fields (written by a newer demarche) are kept in `extra` so that a round trip
//! through an older version loses nothing.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::ingest::digest_hex;
use crate::model::statement::{Paragraph, Statement};

/// Longest `exact` quote kept for a paragraph, in chars; longer paragraphs are cut.
pub const QUOTE_MAX_CHARS: usize = 500;
/// Chars of context kept before and after a quote (as Hypothesis does).
pub const CONTEXT_CHARS: usize = 32;

/// Which statement a set of notes belongs to: what is known of it when the notes were last
/// saved. How a statement read now is matched to it is [`crate::model::identity`]'s rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementKey {
    /// The statement's content digest (`Statement::id`).
    pub id: String,
    /// The file's canonical absolute path (`bundled:<name>` for a bundled sample); files
    /// written by older builds may hold a path relative to a library folder.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

impl StatementKey {
    /// The key of a statement found at `rel_path`.
    /// Title and date are the statement's as read, before the user's correction: a
    /// correction must not change which statement the notes belong to.
    #[must_use]
    pub fn of(st: &Statement, rel_path: &str) -> Self {
        let meta = st.provenance.read(&st.meta);
        Self {
            id: st.id.clone(),
            path: rel_path.to_owned(),
            title: meta.title.clone().filter(|t| !t.trim().is_empty()),
            date: meta.date,
        }
    }

    /// Title and date, when both are known: the third way of recognising a statement.
    #[must_use]
    pub fn title_date(&self) -> Option<(String, NaiveDate)> {
        let title = self
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())?;
        Some((title.to_lowercase(), self.date?))
    }
}

/// A W3C-style text quote: the text itself plus some context on each side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

/// Where a note sits: the digest of its paragraph's text plus a quote to find it by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Hex SHA-256 of the paragraph text after whitespace normalisation (see
    /// [`normalize_ws`]), so that re-wrapped lines or NBSPs do not count as edits.
    pub paragraph_digest: String,
    pub quote: TextQuote,
}

impl Anchor {
    /// Describes paragraph `index` (1-based) of `paragraphs`; `None` when out of range.
    #[must_use]
    pub fn describe(paragraphs: &[Paragraph], index: usize) -> Option<Self> {
        let i = index.checked_sub(1)?;
        let p = paragraphs.get(i)?;
        let prefix = i
            .checked_sub(1)
            .and_then(|j| paragraphs.get(j))
            .map(|q| last_chars(&q.text, CONTEXT_CHARS))
            .unwrap_or_default();
        let suffix = paragraphs
            .get(i + 1)
            .map(|q| first_chars(&q.text, CONTEXT_CHARS))
            .unwrap_or_default();
        Some(Self {
            paragraph_digest: paragraph_digest(&p.text),
            quote: TextQuote {
                exact: first_chars(&p.text, QUOTE_MAX_CHARS),
                prefix,
                suffix,
            },
        })
    }
}

/// Digest of a paragraph as anchors record it: whitespace-normalised, then SHA-256.
#[must_use]
pub fn paragraph_digest(text: &str) -> String {
    digest_hex(&normalize_ws(text))
}

/// Collapses every run of Unicode whitespace (NBSP included) to one space and trims.
#[must_use]
pub fn normalize_ws(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `n` chars of `s` (never splits a char).
#[must_use]
pub fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The last `n` chars of `s` (never splits a char).
#[must_use]
pub fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

/// A note on one paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// `urn:uuid:<v4>`.
    pub id: String,
    /// Filled from the file the note lives in; not repeated inside each note on disk.
    #[serde(skip)]
    pub statement: StatementKey,
    /// 1-based paragraph number when the note was created or last re-attached.
    pub paragraph: usize,
    pub anchor: Anchor,
    pub text: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// Fields this version does not know, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Note {
    /// A new note on paragraph `paragraph` (1-based) of `st`; `None` when out of range.
    #[must_use]
    pub fn new(st: &Statement, rel_path: &str, paragraph: usize, text: &str) -> Option<Self> {
        let anchor = Anchor::describe(&st.paragraphs, paragraph)?;
        let now = Utc::now();
        Some(Self {
            id: format!("urn:uuid:{}", uuid::Uuid::new_v4()),
            statement: StatementKey::of(st, rel_path),
            paragraph,
            anchor,
            text: text.to_owned(),
            tags: tags_of(text),
            created: now,
            updated: now,
            extra: Map::new(),
        })
    }

    /// Replaces the text (and so the tags) and bumps `updated`.
    pub fn set_text(&mut self, text: &str) {
        text.clone_into(&mut self.text);
        self.tags = tags_of(text);
        self.updated = Utc::now();
    }

    /// The id without its `urn:uuid:` prefix.
    #[must_use]
    pub fn uuid(&self) -> &str {
        self.id.strip_prefix("urn:uuid:").unwrap_or(&self.id)
    }
}

/// A reviewed paragraph, anchored like a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub anchor: Anchor,
    /// 1-based paragraph number when it was marked.
    pub paragraph: usize,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A char that may appear in a tag.
fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// The tags of a note: its `#words`, lower-cased, deduplicated, in order of appearance.
///
/// A tag is `#` followed by letters, digits, `_` or `-` (any script: `#таймінг`). The `#`
/// must start a word (`a#b` is not a tag), the tag must contain at least one letter (`#123`
/// is an issue or item number, not a tag), and trailing `-`/`_` are dropped (`#timing-`).
#[must_use]
pub fn tags_of(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tags: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0
            || chars
                .get(i - 1)
                .is_none_or(|&c| !is_tag_char(c) && c != '#');
        if chars.get(i) == Some(&'#') && starts_word {
            let mut j = i + 1;
            while chars.get(j).is_some_and(|&c| is_tag_char(c)) {
                j += 1;
            }
            let body: String = chars.get(i + 1..j).unwrap_or_default().iter().collect();
            let body = body.trim_end_matches(['-', '_']).to_lowercase();
            if body.chars().any(char::is_alphabetic) && !tags.contains(&body) {
                tags.push(body);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_hash_words_lowercased_deduplicated() {
        assert_eq!(
            tags_of("Adopted before the findings #Timing #rebuttal, #timing again"),
            vec!["timing", "rebuttal"]
        );
        assert_eq!(tags_of("#таймінг і #EU-law_2"), vec!["таймінг", "eu-law_2"]);
        assert!(tags_of("a#b # ## #123 #-").is_empty());
        assert_eq!(tags_of("(#tag) #end-"), vec!["tag", "end"]);
    }

    #[test]
    fn whitespace_normalisation_ignores_wraps_and_nbsp() {
        assert_eq!(
            paragraph_digest("The  Ministry\nof\u{a0}Foreign Affairs "),
            paragraph_digest("The Ministry of Foreign Affairs")
        );
    }

    #[test]
    fn char_helpers_never_split_multibyte() {
        assert_eq!(first_chars("Міністерство", 3), "Мін");
        assert_eq!(last_chars("Міністерство", 3), "тво");
        assert_eq!(last_chars("ab", 5), "ab");
    }
}
