//! Exports of notes: a Markdown brief, CSV, the contract's JSON objects, and W3C Web
//! Annotation JSON-LD.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::model::anchor::AnchorStatus;
use crate::model::anchor::AnchoredNote;
use crate::model::corrections::Correction;
use crate::model::excerpt::stored_quote;
use crate::model::filter::ActorTagFilter;
use crate::model::metadata::DateValue;
use crate::model::notes::{CONTEXT_CHARS, StatementKey};
use crate::model::statement::{Paragraph, Statement};

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
    /// The user's correction of the statement's metadata, as stored with the notes: what
    /// the metadata says when the statement's file is not available (a statement read now
    /// has it applied already).
    pub correction: Option<Correction>,
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

    /// The quote for people: the paragraph now (whole), else the stored quote, whole or cut
    /// at a word boundary.
    #[must_use]
    pub fn readable_quote(&self, an: &AnchoredNote) -> String {
        self.paragraph_of(an)
            .map_or_else(|| stored_quote(&an.note.anchor), |p| p.text.clone())
    }

    /// A corrected text field when the statement was not read: `Some(None)` when the
    /// correction says "unknown".
    fn corrected(&self, pick: fn(&Correction) -> &Option<String>) -> Option<Option<&str>> {
        let c = self
            .correction
            .as_ref()
            .filter(|_| self.statement.is_none())?;
        pick(c)
            .as_deref()
            .map(|v| Some(v).filter(|v| !v.is_empty()))
    }

    /// The statement's title: as read now, else as corrected, else as stored with the notes.
    #[must_use]
    pub fn title(&self) -> Option<&str> {
        match self.statement {
            Some(s) => s.meta.title.as_deref(),
            None => self
                .corrected(|c| &c.title)
                .unwrap_or(self.key.title.as_deref()),
        }
    }

    /// The statement's issuer (when the statement was read, or corrected).
    #[must_use]
    pub fn issuer(&self) -> Option<&str> {
        match self.statement {
            Some(s) => s.meta.issuer.as_deref(),
            None => self.corrected(|c| &c.issuer).flatten(),
        }
    }

    /// The statement's place (when the statement was read, or corrected).
    #[must_use]
    pub fn place(&self) -> Option<&str> {
        match self.statement {
            Some(s) => s.meta.place.as_deref(),
            None => self.corrected(|c| &c.place).flatten(),
        }
    }

    /// The statement's own date: as read now, else as corrected, else as stored with the
    /// notes.
    #[must_use]
    pub fn date(&self) -> Option<NaiveDate> {
        match (
            self.statement,
            self.correction.as_ref().and_then(|c| c.date),
        ) {
            (Some(s), _) => s.meta.date,
            (None, Some(DateValue::Day(d))) => Some(d),
            (None, Some(_)) => None,
            (None, None) => self.key.date,
        }
    }
}

/// Which notes to export. Empty: every note.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `--actor` and `--tag`, with the rules of the reader's list filter. An actor must be
    /// mentioned in the note's paragraph as it is now, so a note whose paragraph cannot be
    /// read (orphaned, or its statement file not found) never passes an actor filter.
    pub select: ActorTagFilter,
    /// Keep notes created or updated on or after this day (UTC).
    pub since: Option<NaiveDate>,
}

impl Filter {
    #[must_use]
    pub fn keeps(&self, item: &StatementNotes<'_>, an: &AnchoredNote) -> bool {
        let since_ok = self
            .since
            .is_none_or(|d| an.note.created.date_naive() >= d || an.note.updated.date_naive() >= d);
        let mentions: Vec<&crate::model::statement::Mention> = item
            .paragraph_of(an)
            .map(|p| p.mentions.iter().filter(|m| !m.unresolved).collect())
            .unwrap_or_default();
        let actors: Vec<&str> = mentions.iter().map(|m| m.actor.as_str()).collect();
        let countries: Vec<&str> = mentions
            .iter()
            .filter_map(|m| m.country.as_deref())
            .collect();
        let classes: Vec<&str> = item.statement.map_or_else(Vec::new, |st| {
            actors
                .iter()
                .filter_map(|a| st.actor_classes.get(*a).map(String::as_str))
                .collect()
        });
        since_ok
            && self.select.matches(&actors, &an.note.tags)
            && self.select.classes_match(&classes)
            && self.select.countries_match(&countries)
    }
}

/// Notes to export, with what the formats need besides the notes.
#[derive(Debug, Clone, Copy)]
pub struct Export<'i, 'a> {
    pub items: &'i [StatementNotes<'a>],
    /// Per item (same order), its reviewed paragraphs, 1-based. A missing entry: none.
    pub reviewed: &'i [Vec<usize>],
    pub filter: &'i Filter,
}

/// The contract's JSON array, without review marks (every paragraph not reviewed).
#[must_use]
pub fn json(items: &[StatementNotes<'_>], filter: &Filter) -> Value {
    Export::unreviewed(items, filter).json()
}

/// CSV, without review marks (every paragraph not reviewed).
#[must_use]
pub fn csv(items: &[StatementNotes<'_>], filter: &Filter) -> String {
    Export::unreviewed(items, filter).csv()
}

/// The Markdown brief, without review marks (every paragraph not reviewed).
#[must_use]
pub fn markdown(items: &[StatementNotes<'_>], filter: &Filter) -> String {
    Export::unreviewed(items, filter).markdown()
}

/// The W3C collection, without review marks (every paragraph not reviewed).
#[must_use]
pub fn w3c(items: &[StatementNotes<'_>], filter: &Filter) -> Value {
    Export::unreviewed(items, filter).w3c()
}

/// One kept note with its statement and whether its paragraph is marked reviewed.
struct Row<'i, 'a> {
    item: &'i StatementNotes<'a>,
    an: &'i AnchoredNote,
    reviewed: bool,
}

impl<'i, 'a> Export<'i, 'a> {
    /// An export that knows no review marks.
    #[must_use]
    pub const fn unreviewed(items: &'i [StatementNotes<'a>], filter: &'i Filter) -> Self {
        Self {
            items,
            reviewed: &[],
            filter,
        }
    }

    /// Whether the paragraph note `an` of item `i` is anchored to now is marked reviewed.
    fn is_reviewed(&self, i: usize, an: &AnchoredNote) -> bool {
        let marks = self.reviewed.get(i).map_or(&[][..], Vec::as_slice);
        an.anchoring.paragraph.is_some_and(|p| marks.contains(&p))
    }

    /// The kept notes of item `i`.
    fn rows_of(&self, i: usize) -> Vec<Row<'i, 'a>> {
        let Some(item) = self.items.get(i) else {
            return Vec::new();
        };
        item.notes
            .iter()
            .filter(|an| self.filter.keeps(item, an))
            .map(|an| Row {
                item,
                an,
                reviewed: self.is_reviewed(i, an),
            })
            .collect()
    }

    /// Every kept note, statement by statement.
    fn rows(&self) -> Vec<Row<'i, 'a>> {
        (0..self.items.len())
            .flat_map(|i| self.rows_of(i))
            .collect()
    }

    /// The contract's JSON array (`notes --format json` objects).
    #[must_use]
    pub fn json(&self) -> Value {
        Value::Array(self.rows().iter().map(note_json).collect())
    }

    /// CSV with a header row, one row per note, CRLF line ends (RFC 4180). Columns added
    /// later go at the end, so scripts that read columns by position keep working.
    #[must_use]
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "id,source,statement,paragraph,anchor,tags,created,updated,quote,note,\
             title,issuer,date,place,reviewed\r\n",
        );
        for Row { item, an, reviewed } in self.rows() {
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
                item.title().unwrap_or_default().to_owned(),
                item.issuer().unwrap_or_default().to_owned(),
                item.date().map(|d| d.to_string()).unwrap_or_default(),
                item.place().unwrap_or_default().to_owned(),
                reviewed.to_string(),
            ];
            let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// A Markdown brief: per statement its metadata, each noted paragraph (with its review
    /// state) quoted with its notes, then the orphaned notes.
    #[must_use]
    pub fn markdown(&self) -> String {
        let mut out = String::from("# Notes\n");
        for i in 0..self.items.len() {
            let rows = self.rows_of(i);
            if let Some(first) = rows.first() {
                md_statement(&mut out, first.item, rows);
            }
        }
        out
    }

    /// A W3C `AnnotationCollection` holding one `AnnotationPage` with every kept note.
    #[must_use]
    pub fn w3c(&self) -> Value {
        let mut annotations = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            let text: Vec<char> = item
                .statement
                .map(|s| s.cleaned_text().chars().collect())
                .unwrap_or_default();
            for row in self.rows_of(i) {
                annotations.push(w3c_annotation(&row, &text));
            }
        }
        w3c_collection(annotations)
    }
}

fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One note as the contract's `notes --format json` object, plus the statement's
/// metadata and the review state of the note's paragraph.
fn note_json(row: &Row<'_, '_>) -> Value {
    let Row { item, an, reviewed } = row;
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
        "title": item.title(),
        "issuer": item.issuer(),
        "date": item.date().map(|d| d.to_string()),
        "place": item.place(),
        "reviewed": reviewed,
    })
}

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Indents the continuation lines of a multi-line note inside a list item.
fn md_item(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n  ")
}

/// What the brief says for a field the statement does not give.
const UNKNOWN: &str = "unknown";

/// One statement of the brief: its metadata, its noted paragraphs, its orphaned notes.
fn md_statement(out: &mut String, item: &StatementNotes<'_>, rows: Vec<Row<'_, '_>>) {
    let title = item.title().unwrap_or(&item.source);
    let _ = writeln!(out, "\n## {title}\n");
    let _ = writeln!(out, "- Issuer: {}", item.issuer().unwrap_or(UNKNOWN));
    let _ = writeln!(out, "- Place: {}", item.place().unwrap_or(UNKNOWN));
    let date = item.date().map(|d| d.to_string());
    let _ = writeln!(out, "- Date: {}", date.as_deref().unwrap_or(UNKNOWN));
    let _ = writeln!(out, "- Source: `{}`", item.source);
    let (mut anchored, orphans): (Vec<Row>, Vec<Row>) = rows
        .into_iter()
        .partition(|r| r.an.anchoring.status != AnchorStatus::Orphaned);
    anchored.sort_by_key(|r| (StatementNotes::paragraph_number(r.an), r.an.note.created));
    let mut last: Option<usize> = None;
    for row in anchored {
        let n = StatementNotes::paragraph_number(row.an);
        if last != Some(n) {
            let state = if row.reviewed {
                "reviewed"
            } else {
                "not reviewed"
            };
            let quote = item.readable_quote(row.an);
            let _ = writeln!(out, "\n### ¶ {n} ({state})\n\n> {quote}\n");
            last = Some(n);
        }
        let _ = writeln!(out, "- {}{}", md_item(&row.an.note.text), md_suffix(row.an));
    }
    if !orphans.is_empty() {
        let _ = writeln!(out, "\n### Orphaned notes\n");
        for row in orphans {
            let an = row.an;
            let _ = writeln!(
                out,
                "- (was ¶ {}) {}{}\n\n  > {}\n",
                an.note.paragraph,
                md_item(&an.note.text),
                md_suffix(an),
                stored_quote(&an.note.anchor)
            );
        }
    }
}

/// A note's tags and anchor state, after its text.
fn md_suffix(an: &AnchoredNote) -> String {
    let mut s = String::new();
    if !an.note.tags.is_empty() {
        let tags: Vec<String> = an.note.tags.iter().map(|t| format!("`#{t}`")).collect();
        let _ = write!(s, " — tags: {}", tags.join(" "));
    }
    let _ = write!(s, " _(anchor: {})_", an.anchoring.status.as_str());
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

/// The Web Annotation context, plus a `demarche:` prefix for the two properties that no
/// standard vocabulary has (the review state and the anchor state).
fn w3c_context() -> Value {
    json!(["http://www.w3.org/ns/anno.jsonld", {"demarche": DEMARCHE_NS}])
}

/// The namespace of demarche's own Web Annotation properties.
pub const DEMARCHE_NS: &str = "urn:demarche:";

/// The target of a note: the statement (by digest) and the paragraph's selectors, with
/// the statement's metadata in Dublin Core terms (whose `dcterms:` prefix the Web
/// Annotation context defines), the paragraph number as `schema:position`, and the review
/// and anchor states. Unknown metadata is left out.
fn w3c_target(row: &Row<'_, '_>, text: &[char]) -> Value {
    let Row { item, an, reviewed } = row;
    let mut target = json!({
        "type": "SpecificResource",
        "source": format!("urn:sha256:{}", item.statement_id()),
        "selector": selectors(item, an, text),
    });
    let meta = [
        ("dcterms:title", item.title().map(str::to_owned)),
        ("dcterms:creator", item.issuer().map(str::to_owned)),
        ("dcterms:date", item.date().map(|d| d.to_string())),
        ("dcterms:spatial", item.place().map(str::to_owned)),
        ("dcterms:source", Some(item.source.clone())),
    ];
    if let Some(obj) = target.as_object_mut() {
        for (key, value) in meta {
            if let Some(v) = value {
                obj.insert(key.to_owned(), Value::from(v));
            }
        }
        obj.insert(
            "schema:position".to_owned(),
            Value::from(StatementNotes::paragraph_number(an)),
        );
        obj.insert("demarche:reviewed".to_owned(), Value::from(*reviewed));
        obj.insert(
            "demarche:anchor".to_owned(),
            Value::from(an.anchoring.status.as_str()),
        );
    }
    target
}

/// One note as a W3C Web Annotation.
fn w3c_annotation(row: &Row<'_, '_>, text: &[char]) -> Value {
    let an = row.an;
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
        "@context": w3c_context(),
        "id": format!("urn:uuid:{}", an.note.uuid()),
        "type": "Annotation",
        "motivation": "commenting",
        "created": rfc3339(&an.note.created),
        "modified": rfc3339(&an.note.updated),
        "body": body,
        "target": w3c_target(row, text),
    })
}

/// A W3C `AnnotationCollection` with one `AnnotationPage` holding `annotations`.
fn w3c_collection(annotations: Vec<Value>) -> Value {
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
