//! Markdown input: optional TOML (`+++`) or YAML (`---`) front matter, and markup stripped
//! so that line numbers still point into the source.
//!
//! Parsers we do not write by hand: the `toml` crate reads TOML front matter, `yaml-rust2`
//! (its event parser, which keeps positions) YAML front matter, and `pulldown-cmark` (its
//! offset iterator) the Markdown body. Front-matter mistakes are reported with the
//! `line:column` of the source file. Keys that become metadata (`title`, `issuer`, `date`,
//! ...) must hold plain values or lists of them; other keys may hold anything YAML allows.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

/// Metadata given in front matter; every field set here overrides what the text says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub date: Option<NaiveDate>,
    pub published: Option<NaiveDate>,
    /// `date: 1990`: only the year is known (`date` stays `None`).
    pub year: Option<i32>,
    /// Other keys, as text (e.g. `illustrative`, `source_url`).
    pub extra: BTreeMap<String, String>,
}

/// A Markdown file split into front matter and a plain-text body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkdownDoc {
    pub front: Option<FrontMatter>,
    /// How many source lines the front matter took, fences included (0 without any).
    pub front_lines: usize,
    /// The body with Markdown markup removed; line `n` of the body is source line `front_lines + n`.
    pub body: String,
    /// What the markup removal dropped that held words, as (body line from 1, text): whole
    /// lines (a reference definition, a line that was only an image or a comment) and
    /// pieces of lines (an image, a comment, a link's target).
    pub removed: Vec<(usize, String)>,
}

/// Front matter that does not parse: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("front matter at line {line}, column {column}: {message}")]
pub struct FrontMatterError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl FrontMatterError {
    fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            column,
            message: message.into(),
        }
    }
}

/// Splits front matter off and strips Markdown markup.
pub fn parse(text: &str) -> Result<MarkdownDoc, FrontMatterError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let (front, front_lines) = split_front_matter(&lines)?;
    let body_lines = lines.get(front_lines..).unwrap_or(&[]);
    let (body, removed) = strip_markup(&body_lines.join("\n"));
    Ok(MarkdownDoc {
        front,
        front_lines,
        body,
        removed,
    })
}

/// The two front-matter syntaxes, told apart by their fence.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Toml,
    Yaml,
}

fn split_front_matter(lines: &[&str]) -> Result<(Option<FrontMatter>, usize), FrontMatterError> {
    let Some(first) = lines.first() else {
        return Ok((None, 0));
    };
    let syntax = match first.trim_start_matches('\u{feff}').trim_end() {
        "+++" => Syntax::Toml,
        "---" => Syntax::Yaml,
        _ => return Ok((None, 0)),
    };
    let fence = if syntax == Syntax::Toml { "+++" } else { "---" };
    let close = lines.iter().skip(1).position(|l| {
        let l = l.trim_end();
        l == fence || (syntax == Syntax::Yaml && l == "...")
    });
    let Some(close) = close.map(|i| i + 1) else {
        return Err(FrontMatterError::at(
            1,
            1,
            format!(
                "the front matter opened with `{fence}` on line 1 is never closed; \
                 expected a line with only `{fence}` after the last key"
            ),
        ));
    };
    let content = lines.get(1..close).unwrap_or(&[]);
    let entries = match syntax {
        Syntax::Toml => toml_entries(content)?,
        Syntax::Yaml => yaml_entries(content)?,
    };
    Ok((Some(front_matter_from(entries)?), close + 1))
}

/// One `key = value` of front matter, with where its value starts (1-based, in the source).
struct Entry {
    key: String,
    value: Value,
    line: usize,
    column: usize,
}

/// A front-matter value as far as metadata cares.
enum Value {
    Text(String),
    /// A TOML date or date-time (`date` is `None` when it has no date part) and its text form.
    Date {
        date: Option<NaiveDate>,
        text: String,
    },
}

/// Front matter content starts on source line 2, after the opening fence.
const FIRST_CONTENT_LINE: usize = 2;

fn toml_entries(content: &[&str]) -> Result<Vec<Entry>, FrontMatterError> {
    let source = content.join("\n");
    let table: toml::Table = source.parse().map_err(|e: toml::de::Error| {
        let (line, column) = e
            .span()
            .map_or((0, 0), |span| line_column(&source, span.start));
        FrontMatterError::at(
            FIRST_CONTENT_LINE + line,
            column + 1,
            format!(
                "invalid TOML: {}; expected `key = value` lines",
                e.message().trim()
            ),
        )
    })?;
    let mut entries = Vec::new();
    let positions = toml_value_positions(content);
    for (key, value) in table {
        let (line, column) = positions
            .get(key.as_str())
            .copied()
            .unwrap_or((FIRST_CONTENT_LINE, 1));
        let value = match value {
            toml::Value::Datetime(dt) => Value::Date {
                date: dt.date.and_then(|d| {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                }),
                text: dt.to_string(),
            },
            toml::Value::Table(_) => {
                return Err(FrontMatterError::at(
                    line,
                    column,
                    format!("`{key}` is a table; front matter keys must hold plain values"),
                ));
            }
            other => Value::Text(toml_text(&other).ok_or_else(|| {
                FrontMatterError::at(
                    line,
                    column,
                    format!("`{key}` holds a table inside a list; expected plain values"),
                )
            })?),
        };
        entries.push(Entry {
            key,
            value,
            line,
            column,
        });
    }
    Ok(entries)
}

/// A plain TOML value as text; lists are joined with ", ". `None` for tables.
fn toml_text(value: &toml::Value) -> Option<String> {
    Some(match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) => items
            .iter()
            .map(toml_text)
            .collect::<Option<Vec<_>>>()?
            .join(", "),
        toml::Value::Table(_) => return None,
    })
}

/// Where each top-level TOML key's value starts, for error messages (the table keeps no
/// spans): the first line giving the key (bare, `"quoted"` or `'quoted'`) and `=`.
///
/// One pass over the lines: searching every line for each key in turn was quadratic, and
/// front matter of 80,000 keys took minutes (found by the fuzzer's `slow_input` target).
fn toml_value_positions<'a>(content: &[&'a str]) -> HashMap<&'a str, (usize, usize)> {
    let mut out = HashMap::new();
    for (i, line) in content.iter().enumerate() {
        let trimmed = line.trim_start();
        let (key, after_key) = match trimmed.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = trimmed.get(1..).unwrap_or_default();
                let Some(end) = body.find(q) else { continue };
                (
                    body.get(..end).unwrap_or_default(),
                    body.get(end + 1..).unwrap_or_default(),
                )
            }
            _ => {
                let end = trimmed
                    .find(|c: char| c.is_whitespace() || c == '=')
                    .unwrap_or(trimmed.len());
                (
                    trimmed.get(..end).unwrap_or_default(),
                    trimmed.get(end..).unwrap_or_default(),
                )
            }
        };
        let Some(value) = after_key.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let column = line.chars().count() - value.chars().count() + 1;
        out.entry(key).or_insert((FIRST_CONTENT_LINE + i, column));
    }
    out
}

/// 0-based line and char column of a byte offset (clamped to the text).
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = text.get(..end).unwrap_or("");
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count();
    (line, column)
}

/// Sorts entries into the known metadata fields and `extra`.
fn front_matter_from(entries: Vec<Entry>) -> Result<FrontMatter, FrontMatterError> {
    let mut front = FrontMatter::default();
    for entry in entries {
        let key = entry.key.trim().to_lowercase();
        match key.as_str() {
            "date" => match entry_date(&entry)? {
                Some(EntryDate::Day(d)) => front.date = Some(d),
                Some(EntryDate::Year(y)) => front.year = Some(y),
                None => {}
            },
            "published" | "page_date" | "published_date" => {
                front.published = match entry_date(&entry)? {
                    Some(EntryDate::Day(d)) => Some(d),
                    // A page date is a day or nothing.
                    Some(EntryDate::Year(_)) => {
                        return Err(not_a_date(&entry, &entry_text(&entry)));
                    }
                    None => None,
                }
            }
            _ => {
                let text = entry_text(&entry);
                let field = match key.as_str() {
                    "title" => &mut front.title,
                    "issuer" | "author" | "organisation" | "organization" => &mut front.issuer,
                    "place" | "location" => &mut front.place,
                    _ => {
                        front.extra.insert(entry.key, text);
                        continue;
                    }
                };
                *field = Some(text).filter(|t| !t.trim().is_empty());
            }
        }
    }
    Ok(front)
}

fn entry_text(entry: &Entry) -> String {
    match &entry.value {
        Value::Text(t) | Value::Date { text: t, .. } => t.clone(),
    }
}

/// A front-matter date: a day, or a year alone (`date: 1990`).
enum EntryDate {
    Day(NaiveDate),
    Year(i32),
}

fn not_a_date(entry: &Entry, shown: &str) -> FrontMatterError {
    FrontMatterError::at(
        entry.line,
        entry.column,
        format!(
            "`{}` is not a date: {shown:?}; expected YYYY-MM-DD (e.g. 2024-01-21)",
            entry.key
        ),
    )
}

/// The date of a `date`-like entry; empty means none, anything unparseable is an error.
fn entry_date(entry: &Entry) -> Result<Option<EntryDate>, FrontMatterError> {
    match &entry.value {
        Value::Date { date: Some(d), .. } => Ok(Some(EntryDate::Day(*d))),
        Value::Date { text, .. } => Err(not_a_date(entry, text)),
        Value::Text(t) if t.trim().is_empty() => Ok(None),
        Value::Text(t) => {
            let t = t.trim();
            if let Some(d) = parse_iso_date(t) {
                return Ok(Some(EntryDate::Day(d)));
            }
            match crate::model::metadata::DateValue::parse(t) {
                Some(crate::model::metadata::DateValue::Year(y)) => Ok(Some(EntryDate::Year(y))),
                _ => Err(not_a_date(entry, t)),
            }
        }
    }
}

/// `YYYY-MM-DD`, optionally followed by a time (`T10:00:00Z` or ` 10:00`).
fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let date = text.get(..10)?;
    let rest = text.get(10..)?;
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    let b = date.as_bytes();
    let digits_ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    if !digits_ok {
        return None;
    }
    let year = date.get(..4)?.parse().ok()?;
    let month = date.get(5..7)?.parse().ok()?;
    let day = date.get(8..10)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

// ----- YAML ---------------------------------------------------------------------------

/// Keys whose values become metadata: they must be plain values or lists of them.
const METADATA_KEYS: &[&str] = &[
    "title",
    "issuer",
    "author",
    "organisation",
    "organization",
    "place",
    "location",
    "date",
    "published",
    "page_date",
    "published_date",
];

/// Parses YAML front matter with `yaml-rust2`'s event parser, which keeps the position of
/// every value (for `line:column` errors on values, e.g. a bad date).
fn yaml_entries(content: &[&str]) -> Result<Vec<Entry>, FrontMatterError> {
    // YAML forbids tabs in indentation; say so plainly rather than with the parser's words.
    for (i, line) in content.iter().enumerate() {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        if indent.contains('\t') && !line.trim().is_empty() {
            return Err(FrontMatterError::at(
                FIRST_CONTENT_LINE + i,
                1,
                "tab used for indentation; YAML expects spaces (and front matter no indentation)",
            ));
        }
    }
    let source = content.join("\n");
    let mut events = YamlEvents::new(&source);
    let mut entries = Vec::new();
    loop {
        let (ev, at) = events.next()?;
        match ev {
            YamlEvent::StreamStart | YamlEvent::DocumentStart => {}
            YamlEvent::StreamEnd | YamlEvent::DocumentEnd => return Ok(entries),
            YamlEvent::MappingStart(..) => break,
            YamlEvent::SequenceStart(..) => {
                return Err(at.error(
                    "list item without a key; expected `key:` on the line above the `- item` lines",
                ));
            }
            YamlEvent::Scalar(text, ..) if text.trim().is_empty() => {}
            _ => {
                return Err(
                    at.error("expected `key: value` (a key, a colon and a space, then the value)")
                );
            }
        }
    }
    loop {
        let (ev, at) = events.next()?;
        let key = match ev {
            YamlEvent::MappingEnd => return Ok(entries),
            YamlEvent::Scalar(key, ..) => key,
            _ => return Err(at.error("expected a plain key (`key: value`)")),
        };
        let strict = METADATA_KEYS.contains(&key.trim().to_lowercase().as_str());
        let (value, vat) = events.value(strict)?;
        entries.push(Entry {
            key,
            value: Value::Text(value),
            line: vat.line,
            column: vat.column,
        });
    }
}

/// A position in the source file (1-based line and column).
#[derive(Clone, Copy)]
struct At {
    line: usize,
    column: usize,
}

impl At {
    fn of(m: yaml_rust2::scanner::Marker) -> Self {
        Self {
            line: FIRST_CONTENT_LINE - 1 + m.line(),
            column: m.col() + 1,
        }
    }

    fn error(self, message: impl Into<String>) -> FrontMatterError {
        FrontMatterError::at(self.line, self.column, message)
    }
}

use yaml_rust2::parser::Event as YamlEvent;

/// The parser's events with source positions, anchors resolved for plain values.
struct YamlEvents<'s> {
    parser: yaml_rust2::parser::Parser<std::str::Chars<'s>>,
    /// Anchored scalars by anchor id.
    anchors: BTreeMap<usize, String>,
    /// Open flow collections (`[`, `{`), for errors about unclosed ones.
    open_flow: Vec<At>,
}

impl<'s> YamlEvents<'s> {
    fn new(source: &'s str) -> Self {
        Self {
            parser: yaml_rust2::parser::Parser::new_from_str(source),
            anchors: BTreeMap::new(),
            open_flow: Vec::new(),
        }
    }

    fn next(&mut self) -> Result<(YamlEvent, At), FrontMatterError> {
        match self.parser.next_token() {
            Ok((ev, m)) => {
                let at = At::of(m);
                if let YamlEvent::Scalar(text, style, anchor, _) = &ev
                    && *anchor > 0
                {
                    self.anchors
                        .insert(*anchor, scalar_text(text.clone(), *style));
                }
                Ok((ev, at))
            }
            Err(e) => Err(self.explain(&e)),
        }
    }

    /// The parser's error, in words that say what to write instead.
    fn explain(&self, e: &yaml_rust2::ScanError) -> FrontMatterError {
        let at = At::of(*e.marker());
        let info = e.info();
        if info.contains("quoted scalar") {
            at.error("unclosed quote; expected a closing quote after the value")
        } else if info.contains("trailing content") {
            at.error(
                "unexpected text after the value; expected the end of the line or a `#` comment",
            )
        } else if info.contains("flow sequence") {
            self.open_flow
                .last()
                .copied()
                .unwrap_or(at)
                .error("unclosed list; expected `]` at the end of the list")
        } else if info.contains("flow mapping") {
            self.open_flow
                .last()
                .copied()
                .unwrap_or(at)
                .error("unclosed map; expected `}` at the end of the map")
        } else {
            at.error(format!("invalid YAML: {info}; expected `key: value` lines"))
        }
    }

    /// The value after a key, as text: a scalar, or a list of scalars joined with ", ".
    /// With `strict` (metadata keys), nested maps and lists are errors; other keys keep
    /// their scalars joined.
    fn value(&mut self, strict: bool) -> Result<(String, At), FrontMatterError> {
        let (ev, at) = self.next()?;
        match ev {
            YamlEvent::Scalar(text, style, ..) => Ok((scalar_text(text, style), at)),
            YamlEvent::Alias(id) => match self.anchors.get(&id) {
                Some(t) => Ok((t.clone(), at)),
                None if strict => Err(at.error(
                    "an alias to a list or map; front matter metadata must be a plain value",
                )),
                None => Ok((String::new(), at)),
            },
            YamlEvent::SequenceStart(..) | YamlEvent::MappingStart(..) => {
                let is_map = matches!(ev, YamlEvent::MappingStart(..));
                if is_map && strict {
                    return Err(at.error(
                        "nested maps are not supported for metadata keys; expected a plain value",
                    ));
                }
                self.open_flow.push(at);
                let items = self.collection(strict, is_map)?;
                self.open_flow.pop();
                Ok((items.join(", "), at))
            }
            _ => Err(at.error("expected a value after the key")),
        }
    }

    /// The scalars of a collection up to its end (the start already read).
    fn collection(&mut self, strict: bool, is_map: bool) -> Result<Vec<String>, FrontMatterError> {
        let mut items = Vec::new();
        loop {
            let (ev, at) = self.next()?;
            match ev {
                YamlEvent::SequenceEnd | YamlEvent::MappingEnd => return Ok(items),
                YamlEvent::Scalar(text, style, ..) => {
                    let t = scalar_text(text, style);
                    if !t.is_empty() {
                        items.push(t);
                    }
                }
                YamlEvent::Alias(id) => items.extend(self.anchors.get(&id).cloned()),
                YamlEvent::SequenceStart(..) | YamlEvent::MappingStart(..) => {
                    if strict {
                        return Err(at.error(
                            "nested lists and maps are not supported for metadata keys; expected plain items",
                        ));
                    }
                    let inner_map = matches!(ev, YamlEvent::MappingStart(..));
                    self.open_flow.push(at);
                    items.extend(self.collection(strict, inner_map)?);
                    self.open_flow.pop();
                }
                _ => {
                    let _ = is_map;
                    return Err(at.error("unexpected end of a list or map"));
                }
            }
        }
    }
}

/// A scalar as text: plain `~`, `null` and nothing are empty.
fn scalar_text(text: String, style: yaml_rust2::scanner::TScalarStyle) -> String {
    let plain = style == yaml_rust2::scanner::TScalarStyle::Plain;
    if plain && matches!(text.as_str(), "~" | "null" | "Null" | "NULL") {
        return String::new();
    }
    // Block scalars keep their final line break; a value does not.
    text.trim_end_matches('\n').to_owned()
}

// ----- Markdown ------------------------------------------------------------------------

/// The body as plain text, one output line per source line, with `pulldown-cmark`: each
/// piece of text goes on the line its source offset is on. Markup is dropped (emphasis,
/// link targets, images, HTML comments, reference definitions), list markers are kept as
/// `- ` and `N. `, code is kept verbatim. Returns the text and what was dropped that held
/// words: `(1-based body line, text)`, a whole line when nothing of it is left, else the
/// dropped piece (an image, a comment, a link's target).
fn strip_markup(body: &str) -> (String, Vec<(usize, String)>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let mut out: Vec<String> = vec![String::new(); starts.len()];
    let mut dropped: Vec<(usize, String)> = Vec::new();
    let mut image_depth = 0usize;
    let mut in_comment = false;
    let put = |out: &mut Vec<String>, line: usize, text: &str| {
        for (k, piece) in text.split('\n').enumerate() {
            if let Some(l) = out.get_mut(line + k) {
                l.push_str(piece);
            }
        }
    };
    let source = |r: &std::ops::Range<usize>| body.get(r.clone()).unwrap_or_default().to_owned();
    let options = Options::ENABLE_FOOTNOTES;
    for (ev, range) in Parser::new_ext(body, options).into_offset_iter() {
        let line = line_of(range.start);
        match ev {
            Event::Start(Tag::Image { .. }) => {
                if image_depth == 0 {
                    dropped.push((line, source(&range)));
                }
                image_depth += 1;
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Item) => {
                let line_start = starts.get(line).copied().unwrap_or(0);
                let before = body.get(line_start..range.start).unwrap_or_default();
                if before.chars().all(|c| c == ' ' || c == '\t') {
                    put(&mut out, line, before);
                }
                let marker: String = body
                    .get(range.start..)
                    .unwrap_or_default()
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                if marker.starts_with(|c: char| c.is_ascii_digit()) {
                    put(&mut out, line, &format!("{marker} "));
                } else {
                    put(&mut out, line, "- ");
                }
            }
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => {
                let shown_in_text = matches!(
                    link_type,
                    pulldown_cmark::LinkType::Autolink | pulldown_cmark::LinkType::Email
                );
                if !shown_in_text && !dest_url.is_empty() {
                    dropped.push((line, dest_url.into_string()));
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                put(&mut out, line, &format!("[^{label}]: "));
            }
            Event::FootnoteReference(label) => put(&mut out, line, &format!("[^{label}]")),
            Event::Text(t) | Event::Code(t) => put(&mut out, line, &t),
            Event::Html(t) | Event::InlineHtml(t) => {
                let (kept, comments) = remove_comments(&t, &mut in_comment);
                put(&mut out, line, kept.trim_end_matches('\n'));
                dropped.extend(comments.into_iter().map(|c| (line, c)));
            }
            _ => {}
        }
    }
    // Lines whose words all went (a reference definition, a line that is only an image or a
    // comment) are reported whole, instead of their pieces.
    let mut vanished = vec![false; out.len()];
    for (i, l) in out.iter_mut().enumerate() {
        let trimmed = l.trim_end().len();
        l.truncate(trimmed);
        let src = body
            .get(starts.get(i).copied().unwrap_or(0)..)
            .unwrap_or_default()
            .split('\n')
            .next()
            .unwrap_or_default();
        vanished[i] = l.trim().is_empty() && src.chars().any(char::is_alphanumeric);
    }
    let mut removed: Vec<(usize, String)> = dropped
        .into_iter()
        .filter(|(l, t)| !vanished.get(*l).copied().unwrap_or(false) && !t.trim().is_empty())
        .map(|(l, t)| (l + 1, t.trim().to_owned()))
        .collect();
    for (i, gone) in vanished.iter().enumerate() {
        if *gone {
            let src = body
                .get(starts.get(i).copied().unwrap_or(0)..)
                .unwrap_or_default()
                .split('\n')
                .next()
                .unwrap_or_default();
            removed.push((i + 1, src.trim().to_owned()));
        }
    }
    removed.sort_by_key(|(l, _)| *l);
    (out.join("\n"), removed)
}

/// Splits `<!-- ... -->` comments out of HTML (a comment may span events); returns the rest
/// and the comments' text.
fn remove_comments(html: &str, in_comment: &mut bool) -> (String, Vec<String>) {
    let mut kept = String::new();
    let mut comments = Vec::new();
    let mut rest = html;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    comments.push(rest.get(..end + 3).unwrap_or_default().to_owned());
                    rest = rest.get(end + 3..).unwrap_or_default();
                    *in_comment = false;
                }
                None => {
                    comments.push(rest.to_owned());
                    return (kept, comments);
                }
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    kept.push_str(rest.get(..start).unwrap_or_default());
                    rest = rest.get(start..).unwrap_or_default();
                    *in_comment = true;
                }
                None => {
                    kept.push_str(rest);
                    return (kept, comments);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> String {
        match parse(text) {
            Ok(doc) => doc.body,
            Err(e) => panic!("{text:?}: {e}"),
        }
    }

    fn error(text: &str) -> FrontMatterError {
        match parse(text) {
            Ok(doc) => panic!("{text:?} parsed: {doc:?}"),
            Err(e) => e,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn no_front_matter() {
        let doc = parse("Just text\nand more").expect("plain text parses");
        assert_eq!(doc.front, None);
        assert_eq!(doc.front_lines, 0);
        assert_eq!(doc.body, "Just text\nand more");
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Statement on Gaza\"\nAuthor = \"Ministry of Foreign Affairs\"\n\
            location = 'Moscow'\ndate = 2024-01-21\npublished = \"2024-01-22\"\n\
            illustrative = true\nversion = 3\ntags = [\"EU\", \"UN\"]\n+++\nBody line";
        let doc = parse(text).expect("valid TOML");
        let front = doc.front.expect("front matter");
        assert_eq!(front.title.as_deref(), Some("Statement on Gaza"));
        assert_eq!(front.issuer.as_deref(), Some("Ministry of Foreign Affairs"));
        assert_eq!(front.place.as_deref(), Some("Moscow"));
        assert_eq!(front.date, date(2024, 1, 21));
        assert_eq!(front.published, date(2024, 1, 22));
        assert_eq!(
            front.extra.get("illustrative").map(String::as_str),
            Some("true")
        );
        assert_eq!(front.extra.get("version").map(String::as_str), Some("3"));
        assert_eq!(front.extra.get("tags").map(String::as_str), Some("EU, UN"));
        assert_eq!(doc.front_lines, 10);
        assert_eq!(doc.body, "Body line");
    }

    #[test]
    fn toml_datetime_gives_its_date() {
        let doc = parse("+++\npage_date = 2022-01-21T10:00:00Z\n+++\n").expect("valid TOML");
        assert_eq!(doc.front.and_then(|f| f.published), date(2022, 1, 21));
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\n# comment\ntitle: \"Statement: the \\\"EU\\\" view\"\norganisation: 'Ombudsperson''s Office'\n\
            place: Strasbourg # trailing comment\n\ndate: 2024-03-05\npublished_date: 2022-01-21T10:00:00Z\n\
            illustrative: true\ntags: [EU, \"UN, OSCE\"]\nsources:\n  - one\n  - two\nempty:\n---\nBody";
        let doc = parse(text).expect("valid YAML");
        let front = doc.front.expect("front matter");
        assert_eq!(front.title.as_deref(), Some("Statement: the \"EU\" view"));
        assert_eq!(front.issuer.as_deref(), Some("Ombudsperson's Office"));
        assert_eq!(front.place.as_deref(), Some("Strasbourg"));
        assert_eq!(front.date, date(2024, 3, 5));
        assert_eq!(front.published, date(2022, 1, 21));
        assert_eq!(
            front.extra.get("illustrative").map(String::as_str),
            Some("true")
        );
        assert_eq!(
            front.extra.get("tags").map(String::as_str),
            Some("EU, UN, OSCE")
        );
        assert_eq!(
            front.extra.get("sources").map(String::as_str),
            Some("one, two")
        );
        assert_eq!(front.extra.get("empty").map(String::as_str), Some(""));
        assert_eq!(doc.front_lines, 15);
        assert_eq!(doc.body, "Body");
    }

    #[test]
    fn yaml_may_close_with_dots_and_be_empty() {
        let doc = parse("---\n...\ntext").expect("empty YAML");
        assert_eq!(doc.front, Some(FrontMatter::default()));
        assert_eq!(doc.front_lines, 2);
        assert_eq!(doc.body, "text");
    }

    #[test]
    fn unclosed_fences_point_at_the_opening_fence() {
        for text in ["---\ntitle: x\n", "+++\ntitle = \"x\"\nbody"] {
            let e = error(text);
            assert_eq!((e.line, e.column), (1, 1), "{text:?}");
            assert!(e.message.contains("never closed"), "{}", e.message);
        }
    }

    #[test]
    fn yaml_nested_map_is_an_error_for_metadata_keys_only() {
        let e = error("---\ntitle: x\nissuer:\n  name: MFA\n---\n");
        assert_eq!((e.line, e.column), (4, 7));
        assert!(e.message.contains("nested maps"), "{}", e.message);
        let e = error("---\nissuer: {name: MFA}\n---\n");
        assert_eq!((e.line, e.column), (2, 9));
        assert!(e.message.contains("nested maps"), "{}", e.message);
        // Any other key may hold what YAML allows (site generators' own settings).
        let doc = parse("---\ntitle: x\nparams:\n  weight: 3\n  tags: [a, b]\n---\nBody")
            .expect("other keys may nest");
        let front = doc.front.expect("front matter");
        assert_eq!(front.title.as_deref(), Some("x"));
        assert_eq!(
            front.extra.get("params").map(String::as_str),
            Some("weight, 3, tags, a, b")
        );
    }

    #[test]
    fn yaml_block_scalars_anchors_and_year_only_dates() {
        let doc =
            parse("---\ntitle: &t |\n  Statement on\n  two lines\nalso: *t\ndate: 1990\n---\n")
                .expect("valid YAML");
        let front = doc.front.expect("front matter");
        assert_eq!(front.title.as_deref(), Some("Statement on\ntwo lines"));
        assert_eq!(
            front.extra.get("also").map(String::as_str),
            Some("Statement on\ntwo lines")
        );
        assert_eq!((front.date, front.year), (None, Some(1990)));
    }

    #[test]
    fn yaml_bad_lines_are_errors() {
        let e = error("---\ntitle x\n---\n");
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("expected `key: value`"), "{}", e.message);
        let e = error("---\n\ttitle: x\n---\n");
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("tab"), "{}", e.message);
        let e = error("---\n- orphan\n---\n");
        assert_eq!((e.line, e.column), (2, 1));
        assert!(
            e.message.contains("list item without a key"),
            "{}",
            e.message
        );
        let e = error("---\ntitle: \"open\n---\n");
        assert_eq!((e.line, e.column), (2, 8));
        assert!(e.message.contains("unclosed quote"), "{}", e.message);
        let e = error("---\ntitle: 'a' b\n---\n");
        assert_eq!((e.line, e.column), (2, 12));
        assert!(e.message.contains("after the value"), "{}", e.message);
        let e = error("---\ntags: [a, b\n---\n");
        assert_eq!((e.line, e.column), (2, 7));
        assert!(e.message.contains("expected `]`"), "{}", e.message);
        let e = error("---\ntitle: x\n  : y\n---\n");
        assert_eq!(e.line, 3);
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
    }

    #[test]
    fn bad_dates_point_at_the_value() {
        let e = error("---\ntitle: x\ndate:   21.01.2024\n---\n");
        assert_eq!((e.line, e.column), (3, 9));
        assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
        let e = error("---\npublished: 2024-02-30\n---\n");
        assert_eq!((e.line, e.column), (2, 12));
        let e = error("+++\ntitle = \"x\"\ndate = \"January 2024\"\n+++\n");
        assert_eq!((e.line, e.column), (3, 8));
        assert!(e.message.contains("not a date"), "{}", e.message);
        let e = error("+++\ndate = 10:00:00\n+++\n");
        assert_eq!((e.line, e.column), (2, 8));
    }

    #[test]
    fn invalid_toml_reports_its_position() {
        let e = error("+++\ntitle = \"x\"\ndate = = 3\n+++\n");
        assert_eq!((e.line, e.column), (3, 8));
        assert!(e.message.starts_with("invalid TOML"), "{}", e.message);
        let e = error("+++\n[issuer]\nname = \"MFA\"\n+++\n");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("table"), "{}", e.message);
    }

    #[test]
    fn body_lines_map_to_source_lines() {
        let doc = parse("---\ntitle: x\n---\n# Heading\n\nText").expect("valid");
        assert_eq!(doc.front_lines, 3);
        assert_eq!(doc.body, "Heading\n\nText");
    }

    #[test]
    fn atx_headings_keep_their_text() {
        assert_eq!(
            body("# Title\n## Sub ##\n###### Six\n####### Seven\n#hashtag"),
            "Title\nSub\nSix\n####### Seven\n#hashtag"
        );
        assert_eq!(body("## C# is a language"), "C# is a language");
    }

    #[test]
    fn setext_underlines_become_empty_lines() {
        assert_eq!(
            body("Title\n=====\nSub\n---\n\nText"),
            "Title\n\nSub\n\n\nText"
        );
        assert_eq!(body("==="), "===");
    }

    #[test]
    fn horizontal_rules_become_empty_lines() {
        assert_eq!(
            body("Para\n\n***\n\n- - -\n\n___\nafter"),
            "Para\n\n\n\n\n\n\nafter"
        );
    }

    #[test]
    fn blockquote_markers_go() {
        assert_eq!(
            body("> Quoted text\n>> nested\n> ## Heading\n>"),
            "Quoted text\nnested\nHeading\n"
        );
    }

    #[test]
    fn emphasis_markers_go_around_words_only() {
        assert_eq!(
            body("The *European* **Parliament** and _the_ __Council__ ***now***"),
            "The European Parliament and the Council now"
        );
        assert_eq!(
            body("snake_case_name and a * b and 2 * 3"),
            "snake_case_name and a * b and 2 * 3"
        );
        // CommonMark: `*` may emphasise inside a word (`_` may not).
        assert_eq!(body("2*3*4 and x_y_z"), "234 and x_y_z");
        assert_eq!(
            body("**Moscow, 21 January 2024**"),
            "Moscow, 21 January 2024"
        );
        assert_eq!(body("*unclosed emphasis"), "*unclosed emphasis");
    }

    #[test]
    fn inline_code_loses_backticks_only() {
        assert_eq!(body("Use `a*b*c` and ``x ` y``"), "Use a*b*c and x ` y");
        assert_eq!(body("lone ` tick"), "lone ` tick");
    }

    #[test]
    fn links_keep_text_images_go() {
        assert_eq!(
            body(
                "See [the *report*](https://ex.org/a_(b)) and [this][ref]. ![Photo](p.jpg)End <https://ex.org/x_y_>\n\n[ref]: https://ex.org/ref"
            ),
            "See the report and this. End https://ex.org/x_y_\n\n"
        );
        // An undefined reference is no link (CommonMark): its text stays as written.
        assert_eq!(body("[this][nowhere]"), "[this][nowhere]");
        assert_eq!(body("[not a link] stays"), "[not a link] stays");
    }

    #[test]
    fn reference_definitions_become_empty() {
        assert_eq!(
            body("Text\n\n[ref]: https://example.org \"Title\"\n[^1]: A footnote"),
            "Text\n\n\n[^1]: A footnote"
        );
        // A definition cannot interrupt a paragraph (CommonMark): it is text there.
        assert_eq!(
            body("Text\n[ref]: https://example.org"),
            "Text\n[ref]: https://example.org"
        );
    }

    #[test]
    fn html_comments_become_empty() {
        assert_eq!(
            body("<!-- hidden -->\nText <!-- note --> here\n<!-- open\nstill\n-->\nafter"),
            "\nText  here\n\n\n\nafter"
        );
    }

    #[test]
    fn dropped_words_are_reported_with_their_lines() {
        let doc = parse(
            "---\ntitle: x\n---\nSee [the report](https://ex.org/r) now.\n![Photo of the hall](hall.jpg)\n\
             Text <!-- a note --> here\n\n[ref]: https://example.org\n***\n",
        )
        .expect("valid");
        assert_eq!(
            doc.removed,
            vec![
                (1, "https://ex.org/r".to_owned()),
                (2, "![Photo of the hall](hall.jpg)".to_owned()),
                (3, "<!-- a note -->".to_owned()),
                (5, "[ref]: https://example.org".to_owned()),
            ]
        );
        assert_eq!(doc.body, "See the report now.\n\nText  here\n\n\n\n");
    }

    #[test]
    fn bullets_are_normalised_and_numbers_kept() {
        assert_eq!(
            body("* one\n+ two\n- three\n  * nested\n1. First point\n12. Twelfth"),
            "- one\n- two\n- three\n  - nested\n1. First point\n12. Twelfth"
        );
    }

    #[test]
    fn hard_breaks_are_trimmed() {
        assert_eq!(
            body("line one  \nline two\\\nline three"),
            "line one\nline two\nline three"
        );
    }

    #[test]
    fn escapes_keep_the_char() {
        assert_eq!(
            body("\\*not emphasis\\* and \\# and \\[x\\](y)"),
            "*not emphasis* and # and [x](y)"
        );
        assert_eq!(body("\\# Not a heading"), "# Not a heading");
    }

    #[test]
    fn fenced_code_is_kept_verbatim() {
        assert_eq!(body("```\n*x* `y`\n```\n*z*"), "\n*x* `y`\n\nz");
    }

    fn source_lines(text: &str) -> usize {
        text.split('\n').count()
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_keeps_line_count(text in "\\PC*(\n\\PC*){0,8}") {
            if let Ok(doc) = parse(&text) {
                let expected = source_lines(&text) - doc.front_lines;
                if expected == 0 {
                    proptest::prop_assert!(doc.body.is_empty());
                } else {
                    proptest::prop_assert_eq!(source_lines(&doc.body), expected);
                }
            }
        }

        #[test]
        fn markup_soup_keeps_line_count(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("\n".to_owned()),
                proptest::strategy::Just("---\n".to_owned()),
                proptest::strategy::Just("+++\n".to_owned()),
                proptest::strategy::Just("# ".to_owned()),
                proptest::strategy::Just("> ".to_owned()),
                proptest::strategy::Just("```".to_owned()),
                proptest::strategy::Just("<!--".to_owned()),
                proptest::strategy::Just("-->".to_owned()),
                "[a-zé*_`\\[\\]()<>!\\\\:# =+-]{0,10}",
            ],
            0..30,
        )) {
            let text = parts.concat();
            match parse(&text) {
                Ok(doc) => {
                    let expected = source_lines(&text) - doc.front_lines;
                    if expected == 0 {
                        proptest::prop_assert!(doc.body.is_empty());
                    } else {
                        proptest::prop_assert_eq!(source_lines(&doc.body), expected);
                    }
                }
                Err(e) => {
                    proptest::prop_assert!(e.line >= 1 && e.line <= source_lines(&text));
                    proptest::prop_assert!(e.column >= 1);
                }
            }
        }
    }
}
