//! Exports of notes: a Markdown brief, CSV, the contract's JSON objects, and W3C Web
//! Annotation JSON-LD.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::model::anchor::AnchorStatus;
use crate::model::notes::{CONTEXT_CHARS, StatementKey};
use crate::model::statement::{Paragraph, Statement};
use crate::model::store::AnchoredNote;

/// The notes of one statement, ready for export.
#[derive(Debug, Clone)]
pub struct StatementNotes<'a> {
    /// The path as given (or as stored, when the statement was not read).
    pub source: String,
    /// The key stored with the notes.
    pub key: StatementKey,
    /// The statement as read now; `None` when its file is not available.
    pub statement: Option<&'a Statement>,
    pub notes: Vec<AnchoredNote>,
}

impl StatementNotes<'_> {
    /// The statement id: the current one if the statement was read, else the stored one.
    #[must_use]
    pub fn statement_id(&self) -> &str {
        self.statement.map_or(&self.key.id, |s| &s.id)
    }

    /// The paragraph a note is anchored to now, if any.
    #[must_use]
    pub fn paragraph_of(&self, an: &AnchoredNote) -> Option<&Paragraph> {
        let i = an.anchoring.paragraph?.checked_sub(1)?;
        self.statement?.paragraphs.get(i)
    }

    /// The quote to show: the current paragraph, else the stored quote.
    #[must_use]
    pub fn quote_of<'s>(&'s self, an: &'s AnchoredNote) -> &'s str {
        self.paragraph_of(an)
            .map_or(&an.note.anchor.quote.exact, |p| &p.text)
    }

    /// The paragraph number to report: where it is now, else where it was last.
    #[must_use]
    pub fn paragraph_number(an: &AnchoredNote) -> usize {
        an.anchoring.paragraph.unwrap_or(an.note.paragraph)
    }
}

/// Which notes to export. Empty lists mean "no restriction".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Keep notes with any of these tags (`#` optional, case-insensitive).
    pub tags: Vec<String>,
    /// Keep notes whose paragraph mentions any of these actors (case-insensitive).
    pub actors: Vec<String>,
    /// Keep notes created or updated on or after this day (UTC).
    pub since: Option<NaiveDate>,
}

impl Filter {
    #[must_use]
    pub fn keeps(&self, item: &StatementNotes<'_>, an: &AnchoredNote) -> bool {
        let tags_ok = self.tags.is_empty()
            || self.tags.iter().any(|t| {
                let t = t.trim_start_matches('#').to_lowercase();
                an.note.tags.contains(&t)
            });
        let actors_ok = self.actors.is_empty()
            || item.paragraph_of(an).is_some_and(|p| {
                p.mentions.iter().any(|m| {
                    self.actors.iter().any(|a| {
                        m.actor.to_lowercase() == a.to_lowercase()
                            || m.text.to_lowercase() == a.to_lowercase()
                    })
                })
            });
        let since_ok = self
            .since
            .is_none_or(|d| an.note.created.date_naive() >= d || an.note.updated.date_naive() >= d);
        tags_ok && actors_ok && since_ok
    }
}

fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Every (statement, note) pair that passes the filter.
fn kept<'i, 'a>(
    items: &'i [StatementNotes<'a>],
    filter: &'i Filter,
) -> impl Iterator<Item = (&'i StatementNotes<'a>, &'i AnchoredNote)> {
    items.iter().flat_map(move |item| {
        item.notes
            .iter()
            .filter(move |an| filter.keeps(item, an))
            .map(move |an| (item, an))
    })
}

/// One note as the contract's `notes --format json` object.
#[must_use]
pub fn note_json(item: &StatementNotes<'_>, an: &AnchoredNote) -> Value {
    json!({
        "id": an.note.id,
        "source": item.source,
        "statement": item.statement_id(),
        "paragraph": StatementNotes::paragraph_number(an),
        "quote": item.quote_of(an),
        "note": an.note.text,
        "tags": an.note.tags,
        "created": rfc3339(&an.note.created),
        "updated": rfc3339(&an.note.updated),
        "anchor": an.anchoring.status.as_str(),
    })
}

/// The contract's JSON array.
#[must_use]
pub fn json(items: &[StatementNotes<'_>], filter: &Filter) -> Value {
    Value::Array(
        kept(items, filter)
            .map(|(i, an)| note_json(i, an))
            .collect(),
    )
}

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// CSV with a header row, one row per note, CRLF line ends (RFC 4180).
#[must_use]
pub fn csv(items: &[StatementNotes<'_>], filter: &Filter) -> String {
    let mut out =
        String::from("id,source,statement,paragraph,anchor,tags,created,updated,quote,note\r\n");
    for (item, an) in kept(items, filter) {
        let row = [
            an.note.id.clone(),
            item.source.clone(),
            item.statement_id().to_owned(),
            StatementNotes::paragraph_number(an).to_string(),
            an.anchoring.status.as_str().to_owned(),
            an.note.tags.join(" "),
            rfc3339(&an.note.created),
            rfc3339(&an.note.updated),
            item.quote_of(an).to_owned(),
            an.note.text.clone(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Indents the continuation lines of a multi-line note inside a list item.
fn md_item(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n  ")
}

/// A Markdown brief: per statement its metadata, each noted paragraph quoted with its notes,
/// then the orphaned notes.
#[must_use]
pub fn markdown(items: &[StatementNotes<'_>], filter: &Filter) -> String {
    let mut out = String::from("# Notes\n");
    for item in items {
        let notes: Vec<&AnchoredNote> = item
            .notes
            .iter()
            .filter(|an| filter.keeps(item, an))
            .collect();
        if notes.is_empty() {
            continue;
        }
        let meta = item.statement.map(|s| &s.meta);
        let title = meta
            .and_then(|m| m.title.clone())
            .or_else(|| item.key.title.clone())
            .unwrap_or_else(|| item.source.clone());
        let _ = writeln!(out, "\n## {title}\n");
        if let Some(issuer) = meta.and_then(|m| m.issuer.as_deref()) {
            let _ = writeln!(out, "- Issuer: {issuer}");
        }
        if let Some(place) = meta.and_then(|m| m.place.as_deref()) {
            let _ = writeln!(out, "- Place: {place}");
        }
        if let Some(date) = meta.and_then(|m| m.date).or(item.key.date) {
            let _ = writeln!(out, "- Date: {date}");
        }
        let _ = writeln!(out, "- Source: `{}`", item.source);
        let (mut anchored, orphans): (Vec<&AnchoredNote>, Vec<&AnchoredNote>) = notes
            .into_iter()
            .partition(|an| an.anchoring.status != AnchorStatus::Orphaned);
        anchored.sort_by_key(|an| (StatementNotes::paragraph_number(an), an.note.created));
        let mut last: Option<usize> = None;
        for an in anchored {
            let n = StatementNotes::paragraph_number(an);
            if last != Some(n) {
                let _ = writeln!(out, "\n### ¶ {n}\n\n> {}\n", item.quote_of(an));
                last = Some(n);
            }
            let _ = writeln!(out, "- {}{}", md_item(&an.note.text), md_suffix(an));
        }
        if !orphans.is_empty() {
            let _ = writeln!(out, "\n### Orphaned notes\n");
            for an in orphans {
                let _ = writeln!(
                    out,
                    "- (was ¶ {}) {}{}\n\n  > {}\n",
                    an.note.paragraph,
                    md_item(&an.note.text),
                    md_suffix(an),
                    an.note.anchor.quote.exact
                );
            }
        }
    }
    out
}

fn md_suffix(an: &AnchoredNote) -> String {
    let mut s = String::new();
    if !an.note.tags.is_empty() {
        let tags: Vec<String> = an.note.tags.iter().map(|t| format!("`#{t}`")).collect();
        let _ = write!(s, " — tags: {}", tags.join(" "));
    }
    if an.anchoring.status != AnchorStatus::Exact {
        let _ = write!(s, " _({})_", an.anchoring.status.as_str());
    }
    s
}

/// Char offsets of each paragraph in the cleaned text (paragraphs joined by "\n\n").
fn paragraph_starts(st: &Statement) -> Vec<(usize, usize)> {
    let mut pos = 0;
    st.paragraphs
        .iter()
        .map(|p| {
            let len = p.text.chars().count();
            let span = (pos, pos + len);
            pos += len + 2;
            span
        })
        .collect()
}

/// The W3C selectors of one note: a quote (with context from the cleaned text when the
/// note is anchored) and, when anchored, a position in chars over the cleaned text.
fn selectors(item: &StatementNotes<'_>, an: &AnchoredNote, text: &[char]) -> Vec<Value> {
    let span = item.statement.and_then(|st| {
        let i = an.anchoring.paragraph?.checked_sub(1)?;
        paragraph_starts(st).get(i).copied()
    });
    match span {
        Some((start, end)) => {
            let slice = |a: usize, b: usize| -> String {
                text.get(a.min(text.len())..b.min(text.len()))
                    .unwrap_or_default()
                    .iter()
                    .collect()
            };
            vec![
                json!({
                    "type": "TextQuoteSelector",
                    "exact": slice(start, end),
                    "prefix": slice(start.saturating_sub(CONTEXT_CHARS), start),
                    "suffix": slice(end, end + CONTEXT_CHARS),
                }),
                json!({"type": "TextPositionSelector", "start": start, "end": end}),
            ]
        }
        None => {
            let q = &an.note.anchor.quote;
            vec![json!({
                "type": "TextQuoteSelector",
                "exact": q.exact,
                "prefix": q.prefix,
                "suffix": q.suffix,
            })]
        }
    }
}

/// One note as a W3C Web Annotation.
#[must_use]
pub fn w3c_annotation(item: &StatementNotes<'_>, an: &AnchoredNote, text: &[char]) -> Value {
    let mut body = vec![json!({
        "type": "TextualBody",
        "purpose": "commenting",
        "format": "text/plain",
        "value": an.note.text,
    })];
    body.extend(
        an.note
            .tags
            .iter()
            .map(|t| json!({"type": "TextualBody", "purpose": "tagging", "value": t})),
    );
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:uuid:{}", an.note.uuid()),
        "type": "Annotation",
        "motivation": "commenting",
        "created": rfc3339(&an.note.created),
        "modified": rfc3339(&an.note.updated),
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": format!("urn:sha256:{}", item.statement_id()),
            "selector": selectors(item, an, text),
        },
    })
}

/// A W3C `AnnotationCollection` holding one `AnnotationPage` with every kept note.
#[must_use]
pub fn w3c(items: &[StatementNotes<'_>], filter: &Filter) -> Value {
    let mut annotations = Vec::new();
    for item in items {
        let text: Vec<char> = item
            .statement
            .map(|s| s.cleaned_text().chars().collect())
            .unwrap_or_default();
        for an in item.notes.iter().filter(|an| filter.keeps(item, an)) {
            annotations.push(w3c_annotation(item, an, &text));
        }
    }
    let collection_id = format!("urn:uuid:{}", uuid::Uuid::new_v4());
    if annotations.is_empty() {
        // An empty collection has no page (a page must hold at least one item).
        return json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": collection_id,
            "type": "AnnotationCollection",
            "label": "demarche notes",
            "total": 0,
        });
    }
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "demarche notes",
        "total": annotations.len(),
        // The page repeats the context so that it is valid on its own too (W3C 5.2 MUST).
        "first": {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": annotations,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
