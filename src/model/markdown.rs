//! Markdown input: optional TOML (`+++`) or YAML (`---`) front matter, and markup stripped
//! line by line so that line numbers still point into the source.
//!
//! The YAML reader covers the flat subset front matter really uses (`key: value`, quoted
//! values, comments, simple lists); anything fancier is reported, not guessed at.

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
    Ok(MarkdownDoc {
        front,
        front_lines,
        body: strip_markup(body_lines),
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

fn yaml_entries(content: &[&str]) -> Result<Vec<Entry>, FrontMatterError> {
    let mut entries: Vec<Entry> = Vec::new();
    // A key written with no value on its line, waiting for `- item` lines.
    let mut list_key: Option<(usize, Vec<String>)> = None;
    for (i, raw) in content.iter().enumerate() {
        let line_no = FIRST_CONTENT_LINE + i;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.chars().count() - trimmed.chars().count();
        if line.starts_with('\t') || line.chars().take(indent).any(|c| c == '\t') {
            return Err(FrontMatterError::at(
                line_no,
                1,
                "tab used for indentation; YAML expects spaces (and front matter no indentation)",
            ));
        }
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or((trimmed == "-").then_some(""))
        {
            let Some((_, items)) = list_key.as_mut() else {
                return Err(FrontMatterError::at(
                    line_no,
                    indent + 1,
                    "list item without a key; expected `key:` on the line above the `- item` lines",
                ));
            };
            let item_column = indent + 3;
            items.push(yaml_scalar(item.trim(), line_no, item_column)?);
            continue;
        }
        if indent > 0 {
            return Err(FrontMatterError::at(
                line_no,
                indent + 1,
                "unexpected indentation: nested maps are not supported in front matter; \
                 expected `key: value` at the start of the line",
            ));
        }
        finish_list(&mut entries, &mut list_key);
        let (key, value_start) = yaml_key(trimmed, line_no)?;
        let rest = trimmed.get(value_start..).unwrap_or("");
        let value = rest.trim_start();
        let column = trimmed.get(..value_start).map_or(0, |k| k.chars().count())
            + (rest.chars().count() - value.chars().count())
            + 1;
        if value.is_empty() || value.starts_with('#') {
            entries.push(Entry {
                key,
                value: Value::Text(String::new()),
                line: line_no,
                column,
            });
            list_key = Some((entries.len() - 1, Vec::new()));
            continue;
        }
        let text = yaml_value(value, line_no, column)?;
        entries.push(Entry {
            key,
            value: Value::Text(text),
            line: line_no,
            column,
        });
    }
    finish_list(&mut entries, &mut list_key);
    Ok(entries)
}

/// Stores the collected `- item` lines of a list key, joined with ", ".
fn finish_list(entries: &mut [Entry], list_key: &mut Option<(usize, Vec<String>)>) {
    if let Some((index, items)) = list_key.take()
        && let Some(entry) = entries.get_mut(index)
        && !items.is_empty()
    {
        entry.value = Value::Text(items.join(", "));
    }
}

/// The key of a `key: value` line and the byte offset just after its colon.
fn yaml_key(line: &str, line_no: usize) -> Result<(String, usize), FrontMatterError> {
    let bad = |message: &str| Err(FrontMatterError::at(line_no, 1, message));
    if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let Some(close) = line.get(1..).and_then(|r| r.find(quote)).map(|i| i + 1) else {
            return bad("unclosed quote in key; expected `\"key\": value`");
        };
        let key = line.get(1..close).unwrap_or("").to_owned();
        let after = line.get(close + 1..).unwrap_or("");
        return match after.trim_start().strip_prefix(':') {
            Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t']) => {
                Ok((key, line.len() - rest.len()))
            }
            _ => bad("expected `:` after the quoted key"),
        };
    }
    // The key ends at the first `:` followed by a space or the end of the line.
    let colon = line
        .char_indices()
        .find(|&(i, c)| {
            c == ':'
                && line
                    .get(i + 1..)
                    .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
        })
        .map(|(i, _)| i);
    match colon {
        Some(i) if !line.get(..i).unwrap_or("").trim().is_empty() => {
            Ok((line.get(..i).unwrap_or("").trim_end().to_owned(), i + 1))
        }
        Some(_) => bad("empty key; expected `key: value`"),
        None => bad("expected `key: value` (a key, a colon and a space, then the value)"),
    }
}

/// A YAML value on its key's line: a scalar or a `[a, b]` flow list.
fn yaml_value(value: &str, line_no: usize, column: usize) -> Result<String, FrontMatterError> {
    let err = |message: &str| Err(FrontMatterError::at(line_no, column, message));
    match value.chars().next() {
        Some('{') => err("nested maps are not supported in front matter; expected a plain value"),
        Some('|' | '>') => {
            err("block scalars (`|`, `>`) are not supported; expected the value on the key's line")
        }
        Some('&' | '*' | '!') => {
            err("anchors, aliases and tags are not supported; expected a plain value")
        }
        Some('[') => yaml_flow_list(value, line_no, column),
        _ => yaml_scalar(value, line_no, column),
    }
}

/// `[a, "b, c", d]` → `a, b, c, d`.
fn yaml_flow_list(value: &str, line_no: usize, column: usize) -> Result<String, FrontMatterError> {
    let chars: Vec<char> = value.chars().collect();
    let mut items = Vec::new();
    let mut item_start = 1;
    let mut quote: Option<char> = None;
    let mut end = None;
    for (i, &c) in chars.iter().enumerate().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                return Err(FrontMatterError::at(
                    line_no,
                    column + i,
                    "nested lists and maps are not supported; expected plain items in `[a, b]`",
                ));
            }
            (None, ',' | ']') => {
                let item: String = chars.get(item_start..i).unwrap_or(&[]).iter().collect();
                let item = item.trim();
                if !item.is_empty() {
                    items.push(yaml_scalar(item, line_no, column + item_start)?);
                }
                item_start = i + 1;
                if c == ']' {
                    end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(end) = end else {
        return Err(FrontMatterError::at(
            line_no,
            column,
            "unclosed list; expected `]` at the end of the line",
        ));
    };
    let after: String = chars.get(end + 1..).unwrap_or(&[]).iter().collect();
    check_trailing(&after, line_no, column + end + 1)?;
    Ok(items.join(", "))
}

/// A quoted or bare YAML scalar, comments removed.
fn yaml_scalar(value: &str, line_no: usize, column: usize) -> Result<String, FrontMatterError> {
    let mut chars = value.char_indices();
    match chars.next() {
        Some((_, '"')) => {
            let mut out = String::new();
            let mut escaped = false;
            for (i, c) in chars {
                if escaped {
                    out.push(match c {
                        'n' => '\n',
                        't' => '\t',
                        '0' => '\0',
                        other => other,
                    });
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    let after = value.get(i + 1..).unwrap_or("");
                    let after_col = column + value.get(..=i).map_or(0, |s| s.chars().count());
                    check_trailing(after, line_no, after_col)?;
                    return Ok(out);
                } else {
                    out.push(c);
                }
            }
            Err(FrontMatterError::at(
                line_no,
                column,
                "unclosed double quote; expected a closing `\"` on the same line",
            ))
        }
        Some((_, '\'')) => {
            let mut out = String::new();
            let mut rest = chars.peekable();
            while let Some((i, c)) = rest.next() {
                if c != '\'' {
                    out.push(c);
                } else if rest.peek().is_some_and(|&(_, n)| n == '\'') {
                    // `''` is an escaped quote inside single quotes.
                    out.push('\'');
                    rest.next();
                } else {
                    let after = value.get(i + 1..).unwrap_or("");
                    let after_col = column + value.get(..=i).map_or(0, |s| s.chars().count());
                    check_trailing(after, line_no, after_col)?;
                    return Ok(out);
                }
            }
            Err(FrontMatterError::at(
                line_no,
                column,
                "unclosed single quote; expected a closing `'` on the same line",
            ))
        }
        _ => {
            // A `#` starts a comment only after whitespace (`C#` stays).
            let cut = value
                .char_indices()
                .find(|&(i, c)| {
                    c == '#'
                        && value
                            .get(..i)
                            .and_then(|b| b.chars().next_back())
                            .is_some_and(char::is_whitespace)
                })
                .map_or(value.len(), |(i, _)| i);
            let bare = value.get(..cut).unwrap_or(value).trim();
            Ok(match bare {
                "~" | "null" | "Null" | "NULL" => String::new(),
                other => other.to_owned(),
            })
        }
    }
}

/// After a closed quote or list only a comment may follow.
fn check_trailing(after: &str, line_no: usize, column: usize) -> Result<(), FrontMatterError> {
    let rest = after.trim_start();
    if rest.is_empty() || rest.starts_with('#') {
        return Ok(());
    }
    let offset = after.chars().count() - rest.chars().count();
    Err(FrontMatterError::at(
        line_no,
        column + offset,
        "unexpected text after the value; expected the end of the line or a `#` comment",
    ))
}

/// Sorts entries into the known metadata fields and `extra`.
fn front_matter_from(entries: Vec<Entry>) -> Result<FrontMatter, FrontMatterError> {
    let mut front = FrontMatter::default();
    for entry in entries {
        let key = entry.key.trim().to_lowercase();
        match key.as_str() {
            "date" => front.date = entry_date(&entry)?,
            "published" | "page_date" | "published_date" => front.published = entry_date(&entry)?,
            _ => {
                let text = match entry.value {
                    Value::Text(t) | Value::Date { text: t, .. } => t,
                };
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

/// The date of a `date`-like entry; empty means none, anything unparseable is an error.
fn entry_date(entry: &Entry) -> Result<Option<NaiveDate>, FrontMatterError> {
    let bad = |shown: &str| {
        FrontMatterError::at(
            entry.line,
            entry.column,
            format!(
                "`{}` is not a date: {shown:?}; expected YYYY-MM-DD (e.g. 2024-01-21)",
                entry.key
            ),
        )
    };
    match &entry.value {
        Value::Date { date: Some(d), .. } => Ok(Some(*d)),
        Value::Date { text, .. } => Err(bad(text)),
        Value::Text(t) if t.trim().is_empty() => Ok(None),
        Value::Text(t) => parse_iso_date(t.trim()).map(Some).ok_or_else(|| bad(t)),
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

/// How far (in chars) a link or code span may reach for its closing bracket: keeps
/// pathological lines (`[[[[...`) linear.
const MAX_SCAN: usize = 2000;

/// How deep emphasis openers are searched for a partner.
const MAX_OPENERS: usize = 64;

/// Strips markup from each line; the output has exactly one line per input line.
fn strip_markup(lines: &[&str]) -> String {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut in_code_fence = false;
    let mut in_comment = false;
    let mut prev_blank = true;
    for line in lines {
        let trimmed = line.trim();
        let stripped = if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code_fence = !in_code_fence;
            String::new()
        } else if in_code_fence {
            (*line).to_owned()
        } else {
            let (without_comments, still_open) = remove_comments(line, in_comment);
            in_comment = still_open;
            strip_line(&without_comments, prev_blank)
        };
        prev_blank = trimmed.is_empty();
        out.push(stripped);
    }
    out.join("\n")
}

/// Removes `<!-- ... -->` spans; returns whether a comment is still open at the line's end.
fn remove_comments(line: &str, mut in_comment: bool) -> (String, bool) {
    let mut out = String::new();
    let mut rest = line;
    loop {
        if in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = rest.get(end + 3..).unwrap_or("");
                    in_comment = false;
                }
                None => return (out, true),
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    out.push_str(rest.get(..start).unwrap_or(""));
                    rest = rest.get(start + 4..).unwrap_or("");
                    in_comment = true;
                }
                None => {
                    out.push_str(rest);
                    return (out, false);
                }
            }
        }
    }
}

/// One line without its markup. `prev_blank`: the source line above was blank (or absent).
fn strip_line(line: &str, prev_blank: bool) -> String {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    if is_rule_or_underline(trimmed, prev_blank) || is_reference_definition(trimmed) {
        return String::new();
    }
    let indent_len = line.len() - line.trim_start().len();
    let indent = line.get(..indent_len).unwrap_or("");
    let mut rest = line.get(indent_len..).unwrap_or("");
    let mut quoted = false;
    while let Some(after) = rest.strip_prefix('>') {
        quoted = true;
        rest = after.strip_prefix(' ').unwrap_or(after);
    }
    let mut out = String::new();
    if quoted {
        // The quoted text may itself be a heading or a list item.
        let inner_indent = rest.len() - rest.trim_start().len();
        out.push_str(rest.get(..inner_indent).unwrap_or(""));
        rest = rest.get(inner_indent..).unwrap_or("");
    } else {
        out.push_str(indent);
    }
    if let Some(text) = atx_heading_text(rest) {
        if !quoted {
            out.clear();
        }
        out.push_str(&strip_inline(text));
    } else if let Some(item) = rest
        .strip_prefix("* ")
        .or_else(|| rest.strip_prefix("+ "))
        .or_else(|| rest.strip_prefix("*\t"))
        .or_else(|| rest.strip_prefix("+\t"))
    {
        out.push_str("- ");
        out.push_str(&strip_inline(item));
    } else {
        out.push_str(&strip_inline(rest));
    }
    let kept = out.trim_end_matches([' ', '\t']);
    // A backslash at the end of a line is a hard break, not text.
    kept.strip_suffix('\\')
        .filter(|k| !k.ends_with('\\'))
        .unwrap_or(kept)
        .trim_end()
        .to_owned()
}

/// `***`, `___`, `- - -` rules, and `===`/`---` setext underlines under a text line.
fn is_rule_or_underline(trimmed: &str, prev_blank: bool) -> bool {
    let compact: String = trimmed
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t'))
        .collect();
    let Some(first) = compact.chars().next() else {
        return false;
    };
    let uniform = compact.chars().all(|c| c == first);
    if !uniform {
        return false;
    }
    let len = compact.chars().count();
    match first {
        '*' | '_' => len >= 3,
        '-' => len >= 3 || (!prev_blank && !trimmed.contains(' ')),
        '=' => !prev_blank && !trimmed.contains(' '),
        _ => false,
    }
}

/// `[id]: https://...` (optionally with a title); footnotes `[^1]: text` are text, not links.
fn is_reference_definition(trimmed: &str) -> bool {
    let Some(inner) = trimmed.strip_prefix('[') else {
        return false;
    };
    let Some(close) = inner.find("]:") else {
        return false;
    };
    let label = inner.get(..close).unwrap_or("");
    if label.is_empty() || label.starts_with('^') || label.contains(['[', ']']) {
        return false;
    }
    let target = inner.get(close + 2..).unwrap_or("").trim();
    let Some(destination) = target.split_whitespace().next() else {
        return false;
    };
    let looks_like_link = destination.starts_with('<')
        || destination.starts_with('#')
        || destination.starts_with('/')
        || destination.contains("://")
        || destination.contains('.');
    let rest = target.get(destination.len()..).unwrap_or("").trim();
    let title_ok = rest.is_empty()
        || (rest.len() >= 2
            && ((rest.starts_with('"') && rest.ends_with('"'))
                || (rest.starts_with('\'') && rest.ends_with('\''))
                || (rest.starts_with('(') && rest.ends_with(')'))));
    looks_like_link && title_ok
}

/// The text of an ATX heading (`## Title ##` → `Title`), or `None` if the line is not one.
fn atx_heading_text(rest: &str) -> Option<&str> {
    let hashes = rest.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let after = rest.get(hashes..)?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let text = after.trim();
    // A closing run of `#` counts only when separated by a space (or is all there is).
    let without_close = text.trim_end_matches('#');
    if without_close.is_empty() {
        return Some("");
    }
    if without_close.ends_with([' ', '\t']) {
        return Some(without_close.trim_end());
    }
    Some(text)
}

/// Removes inline markup: escapes, code spans, images, links, autolinks and emphasis.
fn strip_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut drop = vec![false; n];
    // Chars no later rule may touch (escaped chars, code span contents, URLs).
    let mut literal = vec![false; n];
    mark_escapes_and_code(&chars, &mut drop, &mut literal);
    mark_links(&chars, &mut drop, &mut literal);
    mark_emphasis(&chars, &mut drop, &literal);
    chars
        .iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(c, _)| *c)
        .collect()
}

fn mark_escapes_and_code(chars: &[char], drop: &mut [bool], literal: &mut [bool]) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_punctuation) {
            set(drop, i);
            set(literal, i + 1);
            i += 2;
        } else if c == '`' {
            let run = run_length(chars, i, '`');
            let close = find_backtick_run(chars, i + run, run);
            match close {
                Some(close) => {
                    for k in i..i + run {
                        set(drop, k);
                    }
                    for k in close..close + run {
                        set(drop, k);
                    }
                    for k in i + run..close {
                        set(literal, k);
                    }
                    i = close + run;
                }
                None => {
                    for k in i..i + run {
                        set(literal, k);
                    }
                    i += run;
                }
            }
        } else {
            i += 1;
        }
    }
}

fn set(flags: &mut [bool], i: usize) {
    if let Some(f) = flags.get_mut(i) {
        *f = true;
    }
}

fn flag(flags: &[bool], i: usize) -> bool {
    flags.get(i).copied().unwrap_or(false)
}

fn run_length(chars: &[char], start: usize, c: char) -> usize {
    chars.iter().skip(start).take_while(|&&x| x == c).count()
}

/// The start of the next run of exactly `len` backticks, within `MAX_SCAN`.
fn find_backtick_run(chars: &[char], from: usize, len: usize) -> Option<usize> {
    let end = chars.len().min(from.saturating_add(MAX_SCAN));
    let mut i = from;
    while i < end {
        if chars.get(i) == Some(&'`') {
            let run = run_length(chars, i, '`');
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// The index of the bracket closing the one at `open`, skipping literal chars.
fn find_closing(
    chars: &[char],
    literal: &[bool],
    open: usize,
    open_c: char,
    close_c: char,
) -> Option<usize> {
    let mut depth = 0usize;
    let end = chars.len().min(open.saturating_add(MAX_SCAN));
    for i in open..end {
        if flag(literal, i) {
            continue;
        }
        let c = chars.get(i).copied()?;
        if c == open_c {
            depth += 1;
        } else if c == close_c {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// `[text](url)` and `[text][id]` keep their text; `![alt](src)` goes; `<https://x>` loses its brackets.
fn mark_links(chars: &[char], drop: &mut [bool], literal: &mut [bool]) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if flag(literal, i) || flag(drop, i) {
            i += 1;
            continue;
        }
        let c = chars.get(i).copied().unwrap_or(' ');
        let image = c == '!' && chars.get(i + 1) == Some(&'[') && !flag(literal, i + 1);
        let open = if image { i + 1 } else { i };
        if c == '<'
            && let Some(end) = autolink_end(chars, i)
        {
            set(drop, i);
            set(drop, end);
            for k in i + 1..end {
                set(literal, k);
            }
            i = end + 1;
            continue;
        }
        if !(image || c == '[') {
            i += 1;
            continue;
        }
        let Some(text_end) = find_closing(chars, literal, open, '[', ']') else {
            i += 1;
            continue;
        };
        let target_end = match chars.get(text_end + 1) {
            Some('(') => find_closing(chars, literal, text_end + 1, '(', ')'),
            Some('[') => find_closing(chars, literal, text_end + 1, '[', ']'),
            _ => None,
        };
        let Some(target_end) = target_end else {
            i += 1;
            continue;
        };
        if image {
            for k in i..=target_end {
                set(drop, k);
            }
            i = target_end + 1;
        } else {
            set(drop, open);
            for k in text_end..=target_end {
                set(drop, k);
                set(literal, k);
            }
            i = open + 1;
        }
    }
}

/// The `>` ending an autolink such as `<https://example.org>`, if `<` at `start` opens one.
fn autolink_end(chars: &[char], start: usize) -> Option<usize> {
    let end = chars.len().min(start.saturating_add(MAX_SCAN));
    let close = (start + 1..end).find(|&k| matches!(chars.get(k), Some('>' | '<' | ' ')))?;
    if chars.get(close) != Some(&'>') {
        return None;
    }
    let inner: String = chars.get(start + 1..close)?.iter().collect();
    let scheme = inner.split_once(':').map(|(s, _)| s)?;
    let is_scheme = (2..=32).contains(&scheme.len())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    (is_scheme || inner.contains('@')).then_some(close)
}

/// A run of `*` or `_` that may open or close emphasis.
struct Delimiter {
    c: char,
    start: usize,
    len: usize,
}

/// Pairs `*`/`_` runs of the same char and length; never inside words (`snake_case`, `2*3`).
fn mark_emphasis(chars: &[char], drop: &mut [bool], literal: &[bool]) {
    let n = chars.len();
    let mut openers: Vec<Delimiter> = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars.get(i).copied().unwrap_or(' ');
        if !(c == '*' || c == '_') || flag(literal, i) || flag(drop, i) {
            i += 1;
            continue;
        }
        let mut len = 0;
        while chars.get(i + len) == Some(&c) && !flag(literal, i + len) && !flag(drop, i + len) {
            len += 1;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + len).copied();
        let can_open =
            next.is_some_and(|x| !x.is_whitespace()) && !prev.is_some_and(char::is_alphanumeric);
        let can_close =
            prev.is_some_and(|x| !x.is_whitespace()) && !next.is_some_and(char::is_alphanumeric);
        let mut closed = false;
        if can_close && len <= 3 {
            let search_from = openers.len().saturating_sub(MAX_OPENERS);
            let found = (search_from..openers.len())
                .rev()
                .find(|&k| openers.get(k).is_some_and(|o| o.c == c && o.len == len));
            if let Some(k) = found {
                if let Some(opener) = openers.get(k) {
                    for p in opener.start..opener.start + opener.len {
                        set(drop, p);
                    }
                }
                for p in i..i + len {
                    set(drop, p);
                }
                openers.truncate(k);
                closed = true;
            }
        }
        if !closed && can_open && len <= 3 {
            openers.push(Delimiter { c, start: i, len });
        }
        i += len.max(1);
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
    fn yaml_nested_map_is_an_error() {
        let e = error("---\ntitle: x\nissuer:\n  name: MFA\n---\n");
        assert_eq!((e.line, e.column), (4, 3));
        assert!(e.message.contains("nested maps"), "{}", e.message);
        let e = error("---\nissuer: {name: MFA}\n---\n");
        assert_eq!((e.line, e.column), (2, 9));
        assert!(e.message.contains("nested maps"), "{}", e.message);
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
        assert!(e.message.contains("unclosed double quote"), "{}", e.message);
        let e = error("---\ntitle: 'a' b\n---\n");
        assert_eq!((e.line, e.column), (2, 12));
        assert!(e.message.contains("after the value"), "{}", e.message);
        let e = error("---\ntags: [a, b\n---\n");
        assert_eq!((e.line, e.column), (2, 7));
        assert!(e.message.contains("expected `]`"), "{}", e.message);
        let e = error("---\ntext: |\n  long\n---\n");
        assert_eq!((e.line, e.column), (2, 7));
        assert!(e.message.contains("block scalars"), "{}", e.message);
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
            body("snake_case_name and 2*3*4 and a * b"),
            "snake_case_name and 2*3*4 and a * b"
        );
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
                "See [the *report*](https://ex.org/a_(b)) and [this][ref]. ![Photo](p.jpg)End <https://ex.org/x_y_>"
            ),
            "See the report and this. End https://ex.org/x_y_"
        );
        assert_eq!(body("[not a link] stays"), "[not a link] stays");
    }

    #[test]
    fn reference_definitions_become_empty() {
        assert_eq!(
            body("Text\n[ref]: https://example.org \"Title\"\n[^1]: A footnote"),
            "Text\n\n[^1]: A footnote"
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
