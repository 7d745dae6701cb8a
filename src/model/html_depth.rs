//! A flattening pre-pass for pathologically nested HTML.
//!
//! Why: the HTML parser checks element scopes by walking the stack of open elements, so
//! each tag costs time proportional to the nesting depth; `<div>` repeated 100,000 times takes
//! seconds. Real pages nest a few dozen levels. Start tags deeper than [`MAX_DEPTH`] are
//! dropped (with their end tags); every piece of text is kept, so nothing is lost but the
//! structure of the absurd part.

use std::borrow::Cow;

/// Deepest element nesting passed to the parser.
pub const MAX_DEPTH: usize = 256;

/// Elements that never have content (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// How far down the stack of open elements an end tag or an optional-end start tag looks
/// for its match: enough for real pages, and bounded so that the scan stays linear.
const MATCH_WINDOW: usize = 64;

/// Elements whose end tag is optional: a new one closes the open one (`<p>a<p>b` are
/// siblings, not nested).
const AUTO_CLOSE: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];

/// Elements whose content is raw text, where `<` starts no tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// The HTML with start tags beyond [`MAX_DEPTH`] (and their end tags) removed, and how many
/// tags were removed. Borrowed, untouched, when nothing is that deep.
#[must_use]
pub fn flatten(html: &str) -> (Cow<'_, str>, usize) {
    let tags = scan(html);
    if tags.iter().all(|t| !t.drop) {
        return (Cow::Borrowed(html), 0);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut dropped = 0;
    for t in tags.iter().filter(|t| t.drop) {
        out.push_str(html.get(last..t.start).unwrap_or_default());
        last = t.end;
        dropped += 1;
    }
    out.push_str(html.get(last..).unwrap_or_default());
    (Cow::Owned(out), dropped)
}

/// One tag found by the scan: its byte span and whether it goes.
struct Tag {
    start: usize,
    end: usize,
    drop: bool,
}

/// Finds the tags, tracking depth with a stack of "kept?" flags so that the end tag of a
/// dropped start tag is dropped too.
fn scan(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut open: Vec<(String, bool)> = Vec::new();
    // How many entries of `open` are kept, maintained as it changes (counting it per tag
    // would make the scan quadratic in the depth, the very thing this module is against).
    let mut kept_open = 0usize;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', b.get(i..).unwrap_or_default()) {
        let start = i + off;
        let rest = html.get(start..).unwrap_or_default();
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(b.len(), |e| start + e + 3);
            continue;
        }
        let Some(close) = memchr::memchr(b'>', b.get(start..).unwrap_or_default()) else {
            break;
        };
        let end = start + close + 1;
        let inner = html.get(start + 1..end - 1).unwrap_or_default();
        i = end;
        let (closing, name) = tag_name(inner);
        if name.is_empty() {
            continue;
        }
        if closing {
            if let Some(pos) = find_open(&open, &name) {
                let kept = open.get(pos).is_some_and(|(_, k)| *k);
                close_to(&mut open, &mut kept_open, pos);
                tags.push(Tag {
                    start,
                    end,
                    drop: !kept,
                });
            }
            continue;
        }
        if VOID.contains(&name.as_str()) || inner.ends_with('/') {
            continue;
        }
        if AUTO_CLOSE.contains(&name.as_str())
            && let Some(pos) = find_open(&open, &name)
        {
            close_to(&mut open, &mut kept_open, pos);
        }
        let kept = kept_open < MAX_DEPTH;
        kept_open += usize::from(kept);
        if RAW_TEXT.contains(&name.as_str()) {
            let close_tag = format!("</{name}");
            let body = html.get(end..).unwrap_or_default().to_ascii_lowercase();
            i = body.find(&close_tag).map_or(b.len(), |e| end + e);
        }
        open.push((name, kept));
        tags.push(Tag {
            start,
            end,
            drop: !kept,
        });
    }
    tags
}

/// The innermost open element named `name`, looked for near the top of the stack only.
fn find_open(open: &[(String, bool)], name: &str) -> Option<usize> {
    let from = open.len().saturating_sub(MATCH_WINDOW);
    open.get(from..)?
        .iter()
        .rposition(|(n, _)| n == name)
        .map(|i| from + i)
}

/// Closes every open element from `pos` up, keeping the count of kept ones.
fn close_to(open: &mut Vec<(String, bool)>, kept_open: &mut usize, pos: usize) {
    let closed = open
        .get(pos..)
        .map_or(0, |c| c.iter().filter(|(_, k)| *k).count());
    *kept_open -= closed;
    open.truncate(pos);
}

/// Whether a tag's inside (between `<` and `>`) closes, and its lower-cased name.
fn tag_name(inner: &str) -> (bool, String) {
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return (closing, String::new());
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (closing, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_untouched() {
        let page = "<html><body><div class=a><p>One <b>two</b><br>three</p><!-- <div> --><script>if (a<b) {}</script></div></body></html>";
        let (out, dropped) = flatten(page);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(dropped, 0);
    }

    #[test]
    fn absurd_nesting_is_flattened_and_keeps_every_word() {
        let depth = 5_000;
        let page = format!(
            "<body>{}<p>deep words</p>{}<p>after</p></body>",
            "<div>x ".repeat(depth),
            "</div>".repeat(depth)
        );
        let (out, dropped) = flatten(&page);
        // Everything past the cap goes, start and end tags alike.
        assert_eq!(dropped, 2 * (depth + 2 - MAX_DEPTH));
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH - 1);
        assert_eq!(out.matches("x ").count(), depth);
        assert!(out.contains("deep words") && out.contains("<p>after</p>"));
    }

    #[test]
    fn unclosed_paragraphs_and_stray_end_tags_are_not_depth() {
        // Counter-example: an old page with a thousand `<p>` and no end tags is flat.
        let page = "<body>".to_owned() + &"<p>a".repeat(1000) + &"</span>".repeat(10);
        let (out, dropped) = flatten(&page);
        assert_eq!(dropped, 0);
        assert!(matches!(out, Cow::Borrowed(_)));
    }
}
