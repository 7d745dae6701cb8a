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

/// Elements whose end tag is optional: a new one closes the open one (`<p>a<p>b` are
/// siblings, not nested), unless one of the given elements is open inside it: as in the
/// parser, a `<tr>` inside a nested table does not close the outer table's row, and a `<p>`
/// inside a table cell does not close a paragraph outside the table.
///
/// Why this matters: where this pass thinks an element closed and the parser does not, the
/// parser's tree is deeper than counted here; `<table><tr><td>` repeated 60,000 times
/// reached the parser unflattened and took 34 s (found by the fuzzer's `slow_input` target).
fn auto_close_scope(name: &str) -> Option<&'static [&'static str]> {
    const TABLE: &[&str] = &["table", "template", "html"];
    const BUTTON: &[&str] = &[
        "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
    ];
    const LIST: &[&str] = &[
        "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
        "button", "ul", "ol",
    ];
    const DEFINITION: &[&str] = &[
        "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
        "button", "dl",
    ];
    const SELECT: &[&str] = &["select", "datalist", "optgroup"];
    Some(match name {
        "p" => BUTTON,
        "li" => LIST,
        "dt" | "dd" => DEFINITION,
        "option" => SELECT,
        "tr" | "td" | "th" => TABLE,
        _ => return None,
    })
}

/// The elements that shield an open element from an end tag (the parser's "in scope" and
/// "in table scope"): an end tag whose element is shielded is ignored, as the parser does.
fn end_tag_scope(name: &str) -> &'static [&'static str] {
    match name {
        "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" => {
            &["table", "template", "html"]
        }
        _ => &[
            "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
        ],
    }
}

/// Elements whose content is raw text, where `<` starts no tag: the parser's list (with
/// scripting on, as scraper parses, `noscript` too). One missing here is markup to this scan
/// and text to the parser, so end tags inside it closed elements here that stay open there:
/// `<div><iframe></div></iframe>` repeated nests as deep as it is long.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "plaintext",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
];

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
///
/// Linear in the input, whatever the nesting (the fuzzer's `slow_input` target found each of
/// these quadratic): the number of kept open elements is a running count rather than a walk
/// of the stack per tag; the open elements of each name are indexed, so that an end tag (or
/// an auto-closing start tag) finds its element without walking the stack either; and the
/// end of a raw-text element is searched for in place, not in a lower-cased copy of the
/// whole rest of the page made for each such element.
fn scan(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut open = OpenStack::default();
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
            if let Some(pos) = open
                .last_named(&name)
                .filter(|&pos| !open.boundary_above(pos, end_tag_scope(&name)))
            {
                let kept = open.kept_at(pos);
                open.truncate(pos);
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
        if let Some(scope) = auto_close_scope(&name)
            && let Some(pos) = open.last_named(&name)
            && !open.boundary_above(pos, scope)
        {
            open.truncate(pos);
        }
        // A raw-text element is kept at any depth: dropping `<style>` would hand its content
        // to the parser as markup that this scan skipped as text (`<div>` * 300, `<style>`,
        // then 15,000 `<div>`s went to the parser unflattened: 19 s; found by the fuzzer's
        // `slow_input` target), and a dropped `<script>` would show its code as text.
        let kept = open.kept < MAX_DEPTH || RAW_TEXT.contains(&name.as_str());
        if RAW_TEXT.contains(&name.as_str()) {
            i = find_end_tag(b, end, &name).unwrap_or(b.len());
        }
        open.push(name, kept);
        tags.push(Tag {
            start,
            end,
            drop: !kept,
        });
    }
    tags
}

/// The open elements, with the count of kept ones and, per name, their positions (so that
/// every operation is amortised constant time).
#[derive(Default)]
struct OpenStack {
    stack: Vec<(String, bool)>,
    kept: usize,
    by_name: std::collections::HashMap<String, Vec<usize>>,
}

impl OpenStack {
    fn push(&mut self, name: String, kept: bool) {
        self.by_name
            .entry(name.clone())
            .or_default()
            .push(self.stack.len());
        self.kept += usize::from(kept);
        self.stack.push((name, kept));
    }

    /// Position of the innermost open element named `name`.
    fn last_named(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).and_then(|v| v.last().copied())
    }

    /// Whether an element of `scope` is open inside the element at `pos` (it then shields
    /// that element from end tags and auto-closing, as the parser's scopes do).
    fn boundary_above(&self, pos: usize, scope: &[&str]) -> bool {
        scope
            .iter()
            .any(|b| self.last_named(b).is_some_and(|p| p > pos))
    }

    fn kept_at(&self, pos: usize) -> bool {
        self.stack.get(pos).is_some_and(|(_, k)| *k)
    }

    /// Closes the element at `pos` and everything opened inside it.
    fn truncate(&mut self, pos: usize) {
        while self.stack.len() > pos {
            let Some((name, kept)) = self.stack.pop() else {
                break;
            };
            self.kept -= usize::from(kept);
            if let Some(v) = self.by_name.get_mut(&name) {
                v.pop();
            }
        }
    }
}

/// Where the end tag `</name` (any case) of a raw-text element starting at `from` begins.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr::memchr(b'<', b.get(i..)?) {
        let at = i + off;
        let candidate = b.get(at + 2..at + 2 + name.len());
        if b.get(at + 1) == Some(&b'/')
            && candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes()))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
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
