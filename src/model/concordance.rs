//! Library-wide search as a concordance: every paragraph that matches a query, each match in
//! its context (keyword in context). Pure: a query and a statement in, hits out.
//!
//! The query language, as analysts type it:
//! - words: all must occur in the paragraph, whole words, any case (`detainees`);
//! - `"a phrase"`: the words in that order, any spacing between them;
//! - a trailing `*`: a prefix (`detain*` finds "detained", "detainees");
//! - `@actor`, `@class:un`, `@country:az`: the paragraph mentions such an actor (the rules of
//!   the list filter, [`crate::model::filter`]).

use regex::Regex;

use crate::model::filter::ActorTagFilter;
use crate::model::ingest::Context;
use crate::model::library::Source;
use crate::model::statement::{Paragraph, SourceFormat, Statement};

/// How many chars of context a hit keeps on each side of its match.
pub const CONTEXT_CHARS: usize = 60;

/// A parsed query.
#[derive(Debug, Clone)]
pub struct Query {
    /// The query as given.
    text: String,
    /// The letters-and-digits pieces of every word asked for, lower-cased: a file whose text
    /// lacks one of them has no hit, whatever cleaning does to it.
    pieces: Vec<String>,
    /// One pattern per word or phrase; every one must match.
    terms: Vec<Regex>,
    select: ActorTagFilter,
}

/// Why a query cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("the query is empty: give a word, a \"phrase\" or an @actor")]
    Empty,
    #[error("a \"phrase\" is not closed: add the closing quote")]
    OpenQuote,
}

impl Query {
    /// Parses a query (see the module comment).
    ///
    /// # Errors
    /// An empty query, or a phrase without its closing quote.
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let mut terms = Vec::new();
        let mut select = ActorTagFilter::default();
        let mut rest = text.trim();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('"') {
                let end = after.find('"').ok_or(QueryError::OpenQuote)?;
                let words: Vec<&str> = after[..end].split_whitespace().collect();
                if !words.is_empty() {
                    terms.push(term(&words));
                }
                rest = after[end + 1..].trim_start();
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..end];
            rest = rest[end..].trim_start();
            match word.strip_prefix('@').filter(|a| !a.is_empty()) {
                Some(actor) => select.add_actor(actor),
                None => terms.push(term(&[word])),
            }
        }
        if terms.is_empty() && select.is_empty() {
            return Err(QueryError::Empty);
        }
        let pieces = words_asked(text)
            .flat_map(|w| {
                w.split(|c: char| !c.is_alphanumeric())
                    .filter(|p| !p.is_empty())
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect();
        Ok(Self {
            text: text.to_owned(),
            pieces,
            terms,
            select,
        })
    }

    /// The query as given.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether a file of this raw text may have a hit: every word asked for is in it, in any
    /// case, once words broken across lines ("defen-" / "ders") and soft hyphens are joined.
    /// Only `false` is certain: it spares reading the statement. Markup (HTML entities) can
    /// hide a word, so this is for plain text and Markdown only.
    #[must_use]
    pub fn may_match_text(&self, text: &str) -> bool {
        if self.pieces.is_empty() {
            return true;
        }
        let joined = join_broken_words(&text.to_lowercase());
        self.pieces.iter().all(|p| joined.contains(p.as_str()))
    }

    /// Reads one source and searches it, the file read once: a plain-text or Markdown file
    /// whose text lacks a word asked for is never cleaned. `Ok(None)`: no hit.
    ///
    /// # Errors
    /// The file cannot be read or cleaned; the message names it.
    pub fn search_source(
        &self,
        src: &Source,
        ctx: &Context,
    ) -> Result<Option<(Statement, Vec<Hit>)>, String> {
        let label = src.label();
        let bytes = src.read().map_err(|e| {
            let e = e.to_string();
            if e.contains(&label) {
                e
            } else {
                format!("{label}: {e}")
            }
        })?;
        let plain = matches!(src.format(), SourceFormat::Text | SourceFormat::Markdown);
        if plain
            && let Ok((text, _)) = crate::model::decode::decode(&bytes)
            && !self.may_match_text(&text)
        {
            return Ok(None);
        }
        let st = src.load_bytes(&bytes, ctx).map_err(|e| e.to_string())?;
        let hits = self.hits(&st);
        Ok((!hits.is_empty()).then_some((st, hits)))
    }

    /// The hits in one statement, in paragraph order.
    #[must_use]
    pub fn hits(&self, st: &Statement) -> Vec<Hit> {
        st.paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| self.selects(st, p))
            .flat_map(|(i, p)| self.hits_in(i + 1, p))
            .collect()
    }

    /// Whether the paragraph mentions the actors, classes and countries asked for.
    fn selects(&self, st: &Statement, p: &Paragraph) -> bool {
        if self.select.is_empty() {
            return true;
        }
        let counted = p.mentions.iter().filter(|m| !m.unresolved);
        let actors: Vec<&str> = counted.clone().map(|m| m.actor.as_str()).collect();
        let countries: Vec<&str> = counted.filter_map(|m| m.country.as_deref()).collect();
        let classes: Vec<&str> = actors
            .iter()
            .filter_map(|a| st.actor_classes.get(*a).map(String::as_str))
            .collect();
        self.select.matches::<&str>(&actors, &[])
            && self.select.classes_match(&classes)
            && self.select.countries_match(&countries)
    }

    /// The paragraph's hits: one per match of the first term (the others must occur too);
    /// with actor filters only, one for the paragraph's first mention.
    fn hits_in(&self, paragraph: usize, p: &Paragraph) -> Vec<Hit> {
        let Some((first, others)) = self.terms.split_first() else {
            return p
                .mentions
                .iter()
                .find(|m| !m.unresolved)
                .map(|m| {
                    Hit::new(
                        paragraph,
                        &p.text,
                        char_to_byte(&p.text, m.start),
                        char_to_byte(&p.text, m.end),
                    )
                })
                .into_iter()
                .collect();
        };
        if !others.iter().all(|t| t.is_match(&p.text)) {
            return Vec::new();
        }
        first
            .find_iter(&p.text)
            .map(|m| Hit::new(paragraph, &p.text, m.start(), m.end()))
            .collect()
    }
}

/// The words of a query that are not actor filters (phrases split into their words).
fn words_asked(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '"')
        .filter(|w| !w.is_empty() && !w.starts_with('@'))
}

/// The text with hyphens at line ends (and the spaces around the line break) and soft
/// hyphens removed, as cleaning joins such words.
fn join_broken_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['-', '\u{AD}']) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or('-');
        let after = &rest[i + c.len_utf8()..];
        if c == '\u{AD}' {
            rest = after;
            continue;
        }
        let trimmed = after.trim_start_matches([' ', '\t', '\r']);
        match trimmed.strip_prefix('\n') {
            Some(next) => rest = next.trim_start_matches([' ', '\t']),
            None => {
                out.push('-');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A word or phrase as a pattern: whole words, any case, any spacing between the words; a
/// trailing `*` makes the last word a prefix.
fn term(words: &[&str]) -> Regex {
    let last = words.len() - 1;
    let parts: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| match w.strip_suffix('*').filter(|_| i == last) {
            Some(prefix) => format!("{}\\w*", regex::escape(prefix)),
            None => regex::escape(w),
        })
        .collect();
    let pattern = format!(r"(?i)\b{}\b", parts.join(r"\s+"));
    // Escaped words always make a valid pattern; a refused one (too large) matches nothing.
    Regex::new(&pattern)
        .unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!()))
}

/// The byte offset of char `c` in `text` (its end when past it).
fn char_to_byte(text: &str, c: usize) -> usize {
    text.char_indices().nth(c).map_or(text.len(), |(b, _)| b)
}

/// What a hit is from: `date · issuer · title`, as far as known.
#[must_use]
pub fn about(st: &Statement) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(st.meta.date_text());
    parts.extend(st.meta.issuer.clone());
    parts.extend(st.meta.title.clone());
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// One match in its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The paragraph's number, from 1.
    pub paragraph: usize,
    /// Where the match is in the paragraph, in chars.
    pub start: usize,
    pub end: usize,
    /// Up to [`CONTEXT_CHARS`] chars before and after, cut at a word when cut.
    pub before: String,
    pub matched: String,
    pub after: String,
}

impl Hit {
    fn new(paragraph: usize, text: &str, start: usize, end: usize) -> Self {
        let before = &text[..start];
        let after = &text[end..];
        Self {
            paragraph,
            start: before.chars().count(),
            end: before.chars().count() + text[start..end].chars().count(),
            before: context_before(before),
            matched: text[start..end].to_owned(),
            after: context_after(after),
        }
    }
}

/// The end of `text`, at most [`CONTEXT_CHARS`] chars, starting at a word when cut.
fn context_before(text: &str) -> String {
    let n = text.chars().count();
    if n <= CONTEXT_CHARS {
        return text.to_owned();
    }
    let tail: String = text.chars().skip(n - CONTEXT_CHARS).collect();
    match tail.split_once(' ') {
        Some((_, words)) if !words.is_empty() => format!("…{words}"),
        _ => format!("…{tail}"),
    }
}

/// The start of `text`, at most [`CONTEXT_CHARS`] chars, ending at a word when cut.
fn context_after(text: &str) -> String {
    if text.chars().count() <= CONTEXT_CHARS {
        return text.to_owned();
    }
    let head: String = text.chars().take(CONTEXT_CHARS).collect();
    match head.rsplit_once(' ') {
        Some((words, _)) if !words.is_empty() => format!("{words}…"),
        _ => format!("{head}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(text: &str) -> Statement {
        crate::model::ingest::ingest_text(text, "s.txt")
    }

    fn matched(query: &str, text: &str) -> Vec<String> {
        let st = statement(text);
        Query::parse(query)
            .unwrap()
            .hits(&st)
            .into_iter()
            .map(|h| h.matched)
            .collect()
    }

    const TEXT: &str = "Statement\n\nThe detainees were released. Human rights defenders welcomed it.\n\nThe detention of human rights\ndefenders continues, said the European Parliament.\n";

    #[test]
    fn words_are_whole_and_any_case() {
        assert_eq!(matched("detainees", TEXT), ["detainees"]);
        // Counter-example: a word inside another is no hit.
        assert!(matched("detain", TEXT).is_empty());
        assert!(matched("tainees", TEXT).is_empty());
    }

    #[test]
    fn a_prefix_and_a_phrase_across_a_line_break() {
        assert_eq!(matched("detain*", TEXT), ["detainees"]);
        assert_eq!(matched("det*", TEXT), ["detainees", "detention"]);
        assert_eq!(
            matched("\"human rights defenders\"", TEXT),
            ["Human rights defenders", "human rights defenders"]
        );
        // Counter-example: the words in another order.
        assert!(matched("\"defenders human rights\"", TEXT).is_empty());
    }

    #[test]
    fn every_term_must_be_in_the_paragraph() {
        assert_eq!(matched("detention parliament", TEXT), ["detention"]);
        assert!(matched("detainees parliament", TEXT).is_empty());
    }

    #[test]
    fn actor_filters_narrow_to_paragraphs_that_mention_them() {
        assert_eq!(matched("defenders @parliament", TEXT), ["defenders"]);
        assert_eq!(matched("@class:eu", TEXT), ["the European Parliament"]);
        assert!(matched("detainees @class:un", TEXT).is_empty());
    }

    #[test]
    fn context_is_cut_at_words() {
        let long = format!(
            "Statement\n\n{} detainees {}\n",
            "word ".repeat(30),
            "more ".repeat(30)
        );
        let st = statement(&long);
        let hit = &Query::parse("detainees").unwrap().hits(&st)[0];
        assert!(hit.before.starts_with("…word") && hit.before.chars().count() <= CONTEXT_CHARS + 1);
        assert!(hit.after.ends_with("more…"), "{:?}", hit.after);
        assert_eq!((hit.paragraph, hit.end - hit.start), (1, 9));
    }

    #[test]
    fn the_text_prefilter_never_rejects_a_file_with_a_hit() {
        let q = Query::parse("\"human rights defenders\" @class:eu").unwrap();
        assert!(q.may_match_text("HUMAN RIGHTS\nDEFENDERS"));
        assert!(
            q.may_match_text("human rights defen-\n  ders"),
            "a word broken at a line end"
        );
        assert!(
            q.may_match_text("human rights defen\u{AD}ders"),
            "a soft hyphen"
        );
        assert!(
            q.may_match_text("humanrightsdefenders"),
            "glued words are split by cleaning"
        );
        // Counter-examples: a word missing, or broken by a hyphen inside a line.
        assert!(!q.may_match_text("human rights activists"));
        assert!(!q.may_match_text("human rights defen- ders"));
        // Actor filters alone say nothing about the words.
        assert!(
            Query::parse("@class:un")
                .unwrap()
                .may_match_text("anything")
        );
    }

    #[test]
    fn bad_queries_are_refused_with_what_to_do() {
        assert_eq!(Query::parse("  ").unwrap_err(), QueryError::Empty);
        assert_eq!(
            Query::parse("\"human rights").unwrap_err(),
            QueryError::OpenQuote
        );
    }
}
