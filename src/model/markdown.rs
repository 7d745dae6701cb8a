//! Markdown input: optional TOML (`+++`) or YAML (`---`) front matter, and markup stripped
//! line by line so that line numbers still point into the source. (Filled in by the Markdown task.)

use std::collections::BTreeMap;

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

/// Splits front matter off and strips Markdown markup.
pub fn parse(text: &str) -> Result<MarkdownDoc, FrontMatterError> {
    Ok(MarkdownDoc {
        front: None,
        front_lines: 0,
        body: text.to_owned(),
    })
}
