//! Cleaning, reversible and visible: every source line either ends up in a paragraph, or in
//! the metadata, or in `removed` with its reason. Nothing disappears silently.
//!
//! Steps: classify lines (boilerplate, chrome, furniture...), read the header (title, dates,
//! place), then join the remaining lines into paragraphs, repairing broken and glued words.

mod header;
mod inline;
mod paragraphs;
mod rules;

use crate::model::ingest::Context;
use crate::model::statement::{Metadata, RemovalReason, Removed};

pub use header::{is_heading_like, issuer_from_title, place_and_date};
pub use inline::strip_inline;
pub use paragraphs::Vocabulary;

/// One source line after decoding (and extraction for HTML), before cleaning.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based source line number.
    pub no: usize,
    pub text: &'a str,
}

/// What cleaning made of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// (first source line, paragraph text).
    pub paragraphs: Vec<(usize, String)>,
    pub meta: Metadata,
    pub removed: Vec<Removed>,
}

/// Hints from the container format (HTML `<h1>`, Markdown front matter).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub title: Option<String>,
}

/// Cleans a document given as lines.
#[must_use]
pub fn clean(lines: &[Line<'_>], ctx: &Context, hints: &Hints) -> Cleaned {
    let mut removed: Vec<Removed> = Vec::new();
    // Per line: None = kept, Some(reason) = removed.
    let mut verdict: Vec<Option<RemovalReason>> = rules::classify(lines, ctx);
    let meta = header::read_header(lines, &mut verdict, hints);
    let mut pieces: Vec<paragraphs::Piece<'_>> = Vec::with_capacity(lines.len());
    for (l, v) in lines.iter().zip(&verdict) {
        if let Some(reason) = v {
            removed.push(Removed {
                line: l.no,
                text: l.text.trim().to_owned(),
                reason: *reason,
            });
            if !matches!(pieces.last(), Some(paragraphs::Piece::Gap)) {
                pieces.push(paragraphs::Piece::Gap);
            }
            continue;
        }
        if l.text.trim().is_empty() {
            pieces.push(paragraphs::Piece::Blank);
            continue;
        }
        // Leaked markup and embed links inside kept lines are cut out, and listed too.
        let (t, cuts) = inline::strip_inline(l.text);
        // A line that is mostly markup (a speaker tag with a name) goes whole.
        let tagged_line = !cuts.is_empty()
            && l.text.trim_start().starts_with('<')
            && t.chars().count() < 80
            && !t.trim_end().ends_with(['.', '!', '?']);
        if tagged_line {
            removed.push(Removed {
                line: l.no,
                text: l.text.trim().to_owned(),
                reason: RemovalReason::Markup,
            });
            if !matches!(pieces.last(), Some(paragraphs::Piece::Gap)) {
                pieces.push(paragraphs::Piece::Gap);
            }
            continue;
        }
        for (text, reason) in cuts {
            removed.push(Removed {
                line: l.no,
                text,
                reason,
            });
        }
        if t.trim().is_empty() {
            pieces.push(paragraphs::Piece::Gap);
        } else {
            let t = match t {
                std::borrow::Cow::Borrowed(b) => std::borrow::Cow::Borrowed(b.trim_end()),
                std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(o.trim_end().to_owned()),
            };
            pieces.push(paragraphs::Piece::Text(l.no, t));
        }
    }
    removed.sort_by_key(|r| r.line);
    let paragraphs = paragraphs::build(&pieces);
    Cleaned {
        paragraphs,
        meta,
        removed,
    }
}
