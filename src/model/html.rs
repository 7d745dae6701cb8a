//! Main-text extraction from HTML pages: the statement's blocks in reading order, with page
//! chrome (menus, cookie banners, share widgets, captions...) dropped and listed so that
//! nothing disappears silently.
//!
//! The tree is walked with an explicit stack, never recursion, so that absurd nesting in a
//! scraped page cannot overflow the stack.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use crate::model::statement::{RemovalReason, Removed};

/// The readable text of a page and what was dropped from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// One block (heading, paragraph, list item...) per line group, blocks separated by a blank line.
    pub text: String,
    /// Dropped blocks (navigation, cookie banners, share widgets...), `line` = the 1-based line of
    /// `text` where they stood.
    pub removed: Vec<Removed>,
    /// The page's `<h1>` (or `<title>`), a title hint.
    pub title: Option<String>,
    /// Tags dropped because the page nested deeper than
    /// [`crate::model::html_depth::MAX_DEPTH`] (their text is kept).
    pub flattened: usize,
}

/// Removed texts longer than this (in chars) are cut, so a dropped mega-menu stays one short line.
const MAX_REMOVED_CHARS: usize = 200;

/// Only this many main-content candidates are scored; pages with more are not real pages.
const MAX_CANDIDATES: usize = 256;

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Elements that start and end a block of text (everything else is inline).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content a reader never sees: dropped without being listed.
const INVISIBLE_TAGS: &[&str] = &[
    "audio", "canvas", "embed", "head", "iframe", "input", "link", "meta", "noscript", "object",
    "script", "style", "svg", "template", "video",
];

/// Elements inside which a `<header>`/`<footer>` belongs to the content, not to the page.
const SECTIONING_TAGS: &[&str] = &["article", "aside", "main", "nav", "section"];

/// Extracts the main text of an HTML page.
#[must_use]
pub fn extract(html: &str) -> Extracted {
    let (html, flattened) = crate::model::html_depth::flatten(html);
    let doc = Html::parse_document(&html);
    let page = PageFacts::new(&doc);
    let mut walker = Walker::new(page.main_root.is_some());
    walker.run(doc.tree.root(), &page);
    let fallback_title = document_title(&doc);
    let mut ex = walker.finish(fallback_title);
    ex.flattened = flattened;
    ex
}

/// What the walk needs to know about the whole page before it starts.
struct PageFacts {
    /// The chosen `<main>`/`<article>`/role=main element, if any.
    main_root: Option<NodeId>,
    /// The main root and its ancestors: never dropped, whatever their class says.
    root_path: HashSet<NodeId>,
    /// Elements that are or contain an `<h1>`: a class name alone never drops them.
    h1_holders: HashSet<NodeId>,
}

impl PageFacts {
    fn new(doc: &Html) -> Self {
        let main_root = choose_main_root(doc);
        let mut root_path = HashSet::new();
        if let Some(node) = main_root.and_then(|id| doc.tree.get(id)) {
            root_path.insert(node.id());
            root_path.extend(node.ancestors().map(|a| a.id()));
        }
        let mut h1_holders = HashSet::new();
        for node in doc.tree.root().descendants() {
            if element_name(node) != Some("h1") {
                continue;
            }
            // Stop at the first marked ancestor: everything above it is marked already.
            let mut cur = Some(node);
            while let Some(n) = cur {
                if !h1_holders.insert(n.id()) {
                    break;
                }
                cur = n.parent();
            }
        }
        Self {
            main_root,
            root_path,
            h1_holders,
        }
    }
}

/// Text counts of one main-content candidate.
#[derive(Default, Clone, Copy)]
struct Score {
    paragraph_chars: usize,
    all_chars: usize,
}

/// Picks the outermost `<main>`/`<article>`/role=main element with the most paragraph text,
/// provided it holds a fair share of the page's text (a sidebar teaser is not the statement).
fn choose_main_root(doc: &Html) -> Option<NodeId> {
    let mut candidates: Vec<(NodeId, Score)> = Vec::new();
    let mut page = Score::default();
    let mut current: Option<usize> = None;
    let mut candidate_depth = 0usize;
    let mut paragraph_depth = 0usize;
    let mut invisible_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if invisible_depth > 0 {
                    invisible_depth += 1;
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        if INVISIBLE_TAGS.contains(&el.name()) {
                            invisible_depth = 1;
                        } else if el.name() == "p" {
                            paragraph_depth += 1;
                        }
                        if is_main_candidate(el) {
                            if candidate_depth == 0 && candidates.len() < MAX_CANDIDATES {
                                candidates.push((node.id(), Score::default()));
                                current = Some(candidates.len() - 1);
                            }
                            candidate_depth += 1;
                        }
                    }
                    Node::Text(t) => {
                        let chars = t.chars().filter(|c| !is_html_space(*c)).count();
                        let in_p = if paragraph_depth > 0 { chars } else { 0 };
                        page.all_chars += chars;
                        page.paragraph_chars += in_p;
                        if let Some(score) = current.and_then(|i| candidates.get_mut(i)) {
                            score.1.all_chars += chars;
                            score.1.paragraph_chars += in_p;
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if invisible_depth > 0 {
                    invisible_depth -= 1;
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    if el.name() == "p" {
                        paragraph_depth = paragraph_depth.saturating_sub(1);
                    }
                    if is_main_candidate(el) {
                        candidate_depth = candidate_depth.saturating_sub(1);
                        if candidate_depth == 0 {
                            current = None;
                        }
                    }
                }
            }
        }
    }
    let use_paragraphs = page.paragraph_chars > 0;
    let measure = |s: &Score| {
        if use_paragraphs {
            s.paragraph_chars
        } else {
            s.all_chars
        }
    };
    let mut best: Option<(NodeId, usize)> = None;
    for (id, score) in &candidates {
        let m = measure(score);
        if best.is_none_or(|(_, b)| m > b) {
            best = Some((*id, m));
        }
    }
    let (id, best_measure) = best?;
    // A third of the page's text: enough for a statement among site chrome, too much for a teaser.
    (best_measure.saturating_mul(3) >= measure(&page)).then_some(id)
}

fn is_main_candidate(el: &Element) -> bool {
    matches!(el.name(), "main" | "article")
        || el
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
}

/// The local name of an HTML element node (lowercase, as the parser gives it).
fn element_name<'a>(node: NodeRef<'a, Node>) -> Option<&'a str> {
    match node.value() {
        Node::Element(el) => Some(el.name()),
        _ => None,
    }
}

/// The `<title>` element's text, with a trailing ` | Site` kind of suffix removed.
fn document_title(doc: &Html) -> Option<String> {
    let title = doc.tree.root().descendants().find(|n| match n.value() {
        Node::Element(el) => el.name() == "title" && &*el.name.ns == HTML_NS,
        _ => false,
    })?;
    let mut raw = String::new();
    for n in title.descendants() {
        if let Node::Text(t) = n.value() {
            raw.push_str(t);
        }
    }
    let text = collapse_space(&raw);
    let stripped = strip_site_suffix(&text);
    (!stripped.is_empty()).then(|| stripped.to_owned())
}

/// `Statement on X | Ministry` → `Statement on X`: only the last separator is cut.
fn strip_site_suffix(title: &str) -> &str {
    let cut = [" | ", " — ", " – ", " - "]
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max();
    match cut.and_then(|at| title.get(..at)) {
        Some(head) if !head.trim().is_empty() => head.trim_end(),
        _ => title,
    }
}

/// How an element that is not part of the text goes away.
enum Drop {
    /// Invisible anyway (scripts, styles, hidden elements): not listed.
    Silent,
    /// Visible chrome: listed in `removed` with this reason if it had text.
    Listed(RemovalReason),
}

/// Why chrome is recognised from its id, class, role or aria-label.
fn classify_by_name(el: &Element) -> Option<RemovalReason> {
    let role = el.attr("role").unwrap_or("").trim().to_ascii_lowercase();
    match role.as_str() {
        "navigation" | "menu" | "menubar" | "banner" => return Some(RemovalReason::Navigation),
        "contentinfo" | "complementary" => return Some(RemovalReason::Boilerplate),
        _ => {}
    }
    let mut hay = String::new();
    for part in [el.id(), el.attr("class"), el.attr("aria-label")]
        .into_iter()
        .flatten()
    {
        hay.push_str(&part.to_lowercase());
        hay.push(' ');
    }
    if hay.trim().is_empty() {
        return None;
    }
    let tokens: Vec<&str> = hay
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let has = |words: &[&str]| tokens.iter().any(|t| words.contains(t));
    let contains = |parts: &[&str]| parts.iter().any(|p| hay.contains(p));
    if contains(&["cookie", "consent", "gdpr"]) {
        return Some(RemovalReason::Cookie);
    }
    if contains(&["share", "sharing", "social", "addthis"]) {
        return Some(RemovalReason::Share);
    }
    let nav_like = tokens.iter().any(|t| {
        t.starts_with("nav") || t.ends_with("nav") || t.starts_with("menu") || t.ends_with("menu")
    });
    if nav_like || contains(&["breadcrumb", "pagination"]) {
        return Some(RemovalReason::Navigation);
    }
    if contains(&["caption"]) || tokens.iter().any(|t| t.starts_with("credit")) {
        return Some(RemovalReason::Caption);
    }
    let boilerplate_words = [
        "ad",
        "ads",
        "advert",
        "adverts",
        "advertisement",
        "banner",
        "sponsor",
        "sponsored",
        "promo",
        "comment",
        "comments",
        "disqus",
        "related",
        "recommended",
        "newsletter",
        "subscribe",
        "subscription",
        "signup",
    ];
    let more_articles = has(&["more"]) && has(&["articles", "news", "stories", "posts"]);
    if has(&boilerplate_words) || more_articles || contains(&["newsletter", "subscribe"]) {
        return Some(RemovalReason::Boilerplate);
    }
    None
}

/// `hidden`, `aria-hidden="true"`, or an inline `display:none` / `visibility:hidden`.
fn is_hidden(el: &Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    if el
        .attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// The text a reader would have seen in a dropped element, on one line and cut to a sane length.
fn visible_text(node: NodeRef<'_, Node>) -> String {
    let mut raw = String::new();
    let mut skip_depth = 0usize;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip_depth > 0 {
                    skip_depth += 1;
                    continue;
                }
                match n.value() {
                    Node::Element(el) => {
                        if INVISIBLE_TAGS.contains(&el.name()) || is_hidden(el) {
                            skip_depth = 1;
                        } else if el.name() == "br" || BLOCK_TAGS.contains(&el.name()) {
                            raw.push(' ');
                        }
                    }
                    Node::Text(t) => raw.push_str(t),
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                } else if element_name(n).is_some_and(|name| BLOCK_TAGS.contains(&name)) {
                    raw.push(' ');
                }
            }
        }
    }
    one_line(&raw)
}

/// Whitespace collapsed to single spaces and cut at `MAX_REMOVED_CHARS` chars.
fn one_line(text: &str) -> String {
    let collapsed = collapse_space(text);
    if collapsed.chars().count() <= MAX_REMOVED_CHARS {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(MAX_REMOVED_CHARS).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// HTML's own whitespace (not NBSP and friends: those are the sanitiser's business).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

fn collapse_space(text: &str) -> String {
    text.split(is_html_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A removal waiting for line numbers: `at` is the index of the next kept block.
struct PendingRemoval {
    at: usize,
    text: String,
    reason: RemovalReason,
}

/// What to do when the walk leaves an element.
enum Exit {
    /// End the current block.
    Boundary,
    PopList,
    ClearPrefix,
    EndRow,
    EndPre,
    /// The first kept `<h1>` started at this block index.
    EndH1(usize),
    LeaveSection,
    LeaveMain,
}

enum Step<'a> {
    Enter(NodeRef<'a, Node>),
    Exit(Exit),
}

/// A list being walked: `ordered` lists number their items.
struct ListState {
    ordered: bool,
    next: i64,
}

/// Builds blocks of text while walking the tree in document order.
struct Walker {
    blocks: Vec<String>,
    removed: Vec<PendingRemoval>,
    /// Lines of the block being built (`<br>` starts a new one).
    lines: Vec<String>,
    /// `- ` or `N. ` waiting for the list item's first non-empty block.
    pending_prefix: Option<String>,
    lists: Vec<ListState>,
    /// Table rows being built, innermost last; each is a list of cells.
    rows: Vec<Vec<String>>,
    pre_depth: usize,
    section_depth: usize,
    /// With a main root, only blocks inside it are kept.
    has_main_root: bool,
    inside_main: bool,
    title: Option<String>,
}

impl Walker {
    fn new(has_main_root: bool) -> Self {
        Self {
            blocks: Vec::new(),
            removed: Vec::new(),
            lines: vec![String::new()],
            pending_prefix: None,
            lists: Vec::new(),
            rows: Vec::new(),
            pre_depth: 0,
            section_depth: 0,
            has_main_root,
            inside_main: false,
            title: None,
        }
    }

    fn keeps_text(&self) -> bool {
        !self.has_main_root || self.inside_main
    }

    fn run<'a>(&mut self, start: NodeRef<'a, Node>, page: &PageFacts) {
        let mut stack = vec![Step::Enter(start)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Exit(exit) => self.exit(exit),
                Step::Enter(node) => match node.value() {
                    Node::Text(t) => self.text(t),
                    Node::Element(el) => self.enter_element(node, el, page, &mut stack),
                    Node::Document | Node::Fragment => {
                        stack.extend(node.children().rev().map(Step::Enter));
                    }
                    _ => {}
                },
            }
        }
        self.boundary();
    }

    fn enter_element<'a>(
        &mut self,
        node: NodeRef<'a, Node>,
        el: &Element,
        page: &PageFacts,
        stack: &mut Vec<Step<'a>>,
    ) {
        let name = el.name();
        match self.drop_decision(node, el, page) {
            Some(Drop::Silent) => return,
            Some(Drop::Listed(reason)) => {
                let text = visible_text(node);
                if !text.is_empty() {
                    self.removed.push(PendingRemoval {
                        at: self.blocks.len(),
                        text,
                        reason,
                    });
                }
                return;
            }
            None => {}
        }
        match name {
            "br" => return self.line_break(),
            "hr" => return self.boundary(),
            _ => {}
        }
        // Exits run in this order once the children are done.
        let mut exits = Vec::new();
        if BLOCK_TAGS.contains(&name) {
            self.boundary();
            exits.push(Exit::Boundary);
        }
        match name {
            "ul" | "ol" | "menu" | "dir" => {
                let start = el
                    .attr("start")
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .unwrap_or(1);
                self.lists.push(ListState {
                    ordered: name == "ol",
                    next: start,
                });
                exits.push(Exit::PopList);
            }
            "li" => {
                self.pending_prefix = Some(self.list_item_prefix(el));
                exits.push(Exit::ClearPrefix);
            }
            "tr" => {
                self.rows.push(Vec::new());
                exits.push(Exit::EndRow);
            }
            "td" | "th" => {
                if let Some(row) = self.rows.last_mut() {
                    row.push(String::new());
                }
            }
            "pre" => {
                self.pre_depth += 1;
                exits.push(Exit::EndPre);
            }
            "h1" if self.title.is_none() && self.keeps_text() => {
                exits.push(Exit::EndH1(self.blocks.len()));
            }
            _ => {}
        }
        if SECTIONING_TAGS.contains(&name) || is_main_candidate(el) {
            self.section_depth += 1;
            exits.push(Exit::LeaveSection);
        }
        if page.main_root == Some(node.id()) {
            self.inside_main = true;
            exits.push(Exit::LeaveMain);
        }
        stack.extend(exits.into_iter().rev().map(Step::Exit));
        stack.extend(node.children().rev().map(Step::Enter));
    }

    fn drop_decision(
        &self,
        node: NodeRef<'_, Node>,
        el: &Element,
        page: &PageFacts,
    ) -> Option<Drop> {
        let name = el.name();
        if matches!(name, "html" | "body") || page.root_path.contains(&node.id()) {
            return None;
        }
        if INVISIBLE_TAGS.contains(&name) || is_hidden(el) {
            return Some(Drop::Silent);
        }
        let holds_title = page.h1_holders.contains(&node.id());
        if !holds_title && let Some(reason) = classify_by_name(el) {
            return Some(Drop::Listed(reason));
        }
        let by_tag = match name {
            "nav" => RemovalReason::Navigation,
            "aside" | "button" | "select" | "textarea" | "dialog" => RemovalReason::Boilerplate,
            "figcaption" => RemovalReason::Caption,
            // Some sites wrap the whole page in one form (ASP.NET): that one is not chrome.
            "form" if !holds_title && !has_paragraphs(node, 3) => RemovalReason::Boilerplate,
            "header" if self.section_depth == 0 => RemovalReason::Navigation,
            "footer" if self.section_depth == 0 => RemovalReason::Boilerplate,
            _ => return None,
        };
        Some(Drop::Listed(by_tag))
    }

    fn list_item_prefix(&mut self, el: &Element) -> String {
        match self.lists.last_mut() {
            Some(list) if list.ordered => {
                let n = el
                    .attr("value")
                    .and_then(|v| v.trim().parse::<i64>().ok())
                    .unwrap_or(list.next);
                list.next = n.saturating_add(1);
                format!("{n}. ")
            }
            _ => "- ".to_owned(),
        }
    }

    fn exit(&mut self, exit: Exit) {
        match exit {
            Exit::Boundary => self.boundary(),
            Exit::PopList => {
                self.lists.pop();
            }
            Exit::ClearPrefix => self.pending_prefix = None,
            Exit::EndRow => self.end_row(),
            Exit::EndPre => self.pre_depth = self.pre_depth.saturating_sub(1),
            Exit::EndH1(start) => {
                if self.title.is_none()
                    && let Some(block) = self.blocks.get(start)
                {
                    self.title = Some(block.split('\n').collect::<Vec<_>>().join(" "));
                }
            }
            Exit::LeaveSection => self.section_depth = self.section_depth.saturating_sub(1),
            Exit::LeaveMain => self.inside_main = false,
        }
    }

    fn current_cell(&mut self) -> Option<&mut String> {
        let row = self.rows.last_mut()?;
        if row.is_empty() {
            row.push(String::new());
        }
        row.last_mut()
    }

    fn text(&mut self, t: &str) {
        if let Some(cell) = self.current_cell() {
            cell.push_str(t);
            return;
        }
        if self.pre_depth > 0 {
            // Preformatted text keeps its own line breaks.
            let mut parts = t.split('\n');
            if let (Some(first), Some(last)) = (parts.next(), self.lines.last_mut()) {
                last.push_str(first);
            }
            self.lines.extend(parts.map(str::to_owned));
        } else if let Some(last) = self.lines.last_mut() {
            last.push_str(t);
        }
    }

    fn line_break(&mut self) {
        if let Some(cell) = self.current_cell() {
            cell.push(' ');
        } else {
            self.lines.push(String::new());
        }
    }

    /// Ends the block being built (inside a table cell, only separates words).
    fn boundary(&mut self) {
        if let Some(cell) = self.current_cell() {
            cell.push(' ');
            return;
        }
        let lines = std::mem::replace(&mut self.lines, vec![String::new()]);
        let kept: Vec<String> = if self.pre_depth > 0 {
            lines
                .iter()
                .map(|l| l.trim_end_matches(is_html_space).to_owned())
                .filter(|l| !l.trim_matches(is_html_space).is_empty())
                .collect()
        } else {
            lines
                .iter()
                .map(|l| collapse_space(l))
                .filter(|l| !l.is_empty())
                .collect()
        };
        if !kept.is_empty() {
            self.emit(kept.join("\n"));
        }
    }

    fn end_row(&mut self) {
        let Some(cells) = self.rows.pop() else {
            return;
        };
        let row = cells
            .iter()
            .map(|c| collapse_space(c))
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" | ");
        if row.is_empty() {
            return;
        }
        // A table nested in a cell folds into that cell.
        if let Some(cell) = self.current_cell() {
            cell.push(' ');
            cell.push_str(&row);
            cell.push(' ');
        } else {
            self.emit(row);
        }
    }

    fn emit(&mut self, text: String) {
        let prefix = self.pending_prefix.take();
        if !self.keeps_text() {
            self.removed.push(PendingRemoval {
                at: self.blocks.len(),
                text: one_line(&text),
                reason: RemovalReason::Navigation,
            });
            return;
        }
        let block = match prefix {
            Some(p) => p + &text,
            None => text,
        };
        self.blocks.push(block);
    }

    fn finish(self, fallback_title: Option<String>) -> Extracted {
        // The 1-based line each block starts on; the end is one past the last line.
        let mut starts = Vec::with_capacity(self.blocks.len());
        let mut line = 1usize;
        for block in &self.blocks {
            starts.push(line);
            line += block.matches('\n').count() + 2;
        }
        let end_line = if self.blocks.is_empty() { 1 } else { line - 1 };
        let removed = self
            .removed
            .into_iter()
            .map(|r| Removed {
                line: starts.get(r.at).copied().unwrap_or(end_line),
                text: r.text,
                reason: r.reason,
            })
            .collect();
        Extracted {
            text: self.blocks.join("\n\n"),
            removed,
            title: self.title.or(fallback_title),
            flattened: 0,
        }
    }
}

/// Whether an element holds at least `min` paragraphs (real text, not a search box).
fn has_paragraphs(node: NodeRef<'_, Node>, min: usize) -> bool {
    node.descendants()
        .filter(|n| element_name(*n) == Some("p"))
        .take(min)
        .count()
        >= min
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A press release as ministry sites publish it: chrome all around one statement.
    const PRESS_RELEASE: &str = r##"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Statement on the Ombudsperson report | Ministry of Foreign Affairs</title>
<style>body { color: red }</style>
<script>window.dataLayer = []; var x = "<p>not text</p>";</script>
</head>
<body>
<div id="cookie-consent" class="banner"><p>We use cookies to improve your experience.</p><button>Accept all</button></div>
<header class="site-header"><a href="/">Ministry of Foreign Affairs</a></header>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/press">Press</a></li></ul></nav>
<div class="breadcrumbs"><a href="/">Home</a> / <a href="/press">Press releases</a></div>
<main>
  <article>
    <h1>Statement on the  Ombudsperson report</h1>
    <div class="date">21 January</div><div class="year">2024</div>
    <div class="share-block"><span>Поделиться:</span> <a href="#">Share</a> <a href="#">X</a></div>
    <figure><img src="a.jpg" alt="The Minister"><figcaption>The Minister at the press conference</figcaption></figure>
    <span class="photo-credit">Photo: MFA Press Service</span>
    <p>The <b>Minis</b>try welcomes the report of the European&nbsp;Ombudsperson.</p>
    <p>First line<br>Second line<br/><br/>Third line</p>
    <h2>Main points</h2>
    <ol><li>Transparency</li><li><p>Accountability</p></li><li>Dialogue</li></ol>
    <ul><li>Brussels</li><li>Strasbourg</li></ul>
    <table><tr><th>Country</th><th>Votes</th></tr><tr><td>Estonia</td><td>5</td></tr></table>
    <p>The Ministry &amp; its partners will continue the dialogue.</p>
  </article>
  <script>trackPageView();</script>
</main>
<footer><p>© 2024 Ministry of Foreign Affairs. All rights reserved.</p></footer>
</body></html>"##;

    fn reasons_for<'a>(ex: &'a Extracted, needle: &str) -> Vec<&'a Removed> {
        ex.removed
            .iter()
            .filter(|r| r.text.contains(needle))
            .collect()
    }

    fn expect_removed(ex: &Extracted, needle: &str, reason: RemovalReason) -> usize {
        let found = reasons_for(ex, needle);
        assert_eq!(found.len(), 1, "{needle:?} in {:#?}", ex.removed);
        let r = found[0];
        assert_eq!(r.reason, reason, "{needle:?}");
        r.line
    }

    #[test]
    fn press_release_keeps_the_statement_in_order() {
        let ex = extract(PRESS_RELEASE);
        let blocks: Vec<&str> = ex.text.split("\n\n").collect();
        assert_eq!(
            blocks,
            vec![
                "Statement on the Ombudsperson report",
                "21 January",
                "2024",
                "The Ministry welcomes the report of the European\u{a0}Ombudsperson.",
                "First line\nSecond line\nThird line",
                "Main points",
                "1. Transparency",
                "2. Accountability",
                "3. Dialogue",
                "- Brussels",
                "- Strasbourg",
                "Country | Votes",
                "Estonia | 5",
                "The Ministry & its partners will continue the dialogue.",
            ]
        );
        assert!(!ex.text.contains("not text"));
        assert!(!ex.text.contains("dataLayer"));
        assert!(!ex.text.contains("trackPageView"));
    }

    #[test]
    fn press_release_lists_each_kind_of_chrome() {
        let ex = extract(PRESS_RELEASE);
        let cookie = expect_removed(&ex, "We use cookies", RemovalReason::Cookie);
        assert!(
            reasons_for(&ex, "We use cookies")[0]
                .text
                .contains("Accept all")
        );
        let header = reasons_for(&ex, "Ministry of Foreign Affairs");
        assert!(
            header
                .iter()
                .any(|r| r.text == "Ministry of Foreign Affairs"
                    && r.reason == RemovalReason::Navigation)
        );
        let nav = expect_removed(&ex, "Home Press", RemovalReason::Navigation);
        expect_removed(&ex, "Press releases", RemovalReason::Navigation);
        let share = expect_removed(&ex, "Поделиться: Share X", RemovalReason::Share);
        let caption = expect_removed(&ex, "at the press conference", RemovalReason::Caption);
        expect_removed(&ex, "Photo: MFA Press Service", RemovalReason::Caption);
        let footer = expect_removed(&ex, "All rights reserved", RemovalReason::Boilerplate);
        // Chrome before the statement stands at its first line; the footer after the last.
        assert_eq!(cookie, 1);
        assert_eq!(nav, 1);
        let lines: Vec<&str> = ex.text.lines().collect();
        assert_eq!(
            lines.get(share - 1),
            Some(&"The Ministry welcomes the report of the European\u{a0}Ombudsperson.")
        );
        assert_eq!(caption, share);
        assert_eq!(footer, lines.len() + 1);
        // Scripts and styles have no visible text: never listed.
        assert!(ex.removed.iter().all(|r| !r.text.contains("dataLayer")
            && !r.text.contains("trackPageView")
            && !r.text.contains("color")));
    }

    #[test]
    fn title_comes_from_h1_first() {
        let ex = extract(PRESS_RELEASE);
        assert_eq!(
            ex.title.as_deref(),
            Some("Statement on the Ombudsperson report")
        );
    }

    #[test]
    fn title_falls_back_to_title_element_without_site_suffix() {
        for (page, want) in [
            (
                "<title>Joint statement | MFA</title><p>Text</p>",
                "Joint statement",
            ),
            (
                "<title>Joint statement - Part 2 - MFA</title><p>Text</p>",
                "Joint statement - Part 2",
            ),
            (
                "<title>Joint statement — EEAS</title><p>Text</p>",
                "Joint statement",
            ),
            (
                "<title>  Joint   statement </title><p>Text</p>",
                "Joint statement",
            ),
        ] {
            assert_eq!(extract(page).title.as_deref(), Some(want), "{page}");
        }
        assert_eq!(extract("<p>No title at all</p>").title, None);
    }

    #[test]
    fn inline_fragments_join_and_blocks_separate() {
        let ex = extract(
            "<div><b>Minis</b>try of <i>Foreign</i> Affairs</div><div>April</div><div>2024</div>",
        );
        assert_eq!(ex.text, "Ministry of Foreign Affairs\n\nApril\n\n2024");
    }

    #[test]
    fn br_breaks_lines_inside_a_block() {
        let ex = extract("<p>\n  Moscow,<br>\n 21 January 2024 <br><br></p><p>Next</p>");
        assert_eq!(ex.text, "Moscow,\n21 January 2024\n\nNext");
    }

    #[test]
    fn ordered_lists_keep_their_numbers() {
        let ex = extract(
            r#"<ol start="3"><li>Third</li><li>Fourth</li><li value="10">Tenth</li><li>Eleventh</li></ol>"#,
        );
        assert_eq!(
            ex.text,
            "3. Third\n\n4. Fourth\n\n10. Tenth\n\n11. Eleventh"
        );
    }

    #[test]
    fn nested_lists_prefix_each_item() {
        let ex = extract("<ul><li>Outer<ol><li>Inner</li></ol></li><li>Last</li></ul>");
        assert_eq!(ex.text, "- Outer\n\n1. Inner\n\n- Last");
    }

    #[test]
    fn pre_keeps_its_line_breaks() {
        let ex = extract("<pre>  Article 1\n  Article 2\n</pre>");
        assert_eq!(ex.text, "  Article 1\n  Article 2");
    }

    #[test]
    fn headings_and_blockquotes_are_blocks() {
        let ex = extract(
            "<h2>Background</h2><blockquote>We <em>stand</em> ready.</blockquote><h3>Next</h3>",
        );
        assert_eq!(ex.text, "Background\n\nWe stand ready.\n\nNext");
    }

    #[test]
    fn densest_article_wins_and_the_rest_is_reported() {
        let page = "<body><article><p>Short teaser</p></article>\
            <article><h1>Real</h1><p>The long statement text that matters most here.</p>\
            <p>Another long paragraph of the statement itself.</p></article></body>";
        let ex = extract(page);
        assert_eq!(
            ex.text,
            "Real\n\nThe long statement text that matters most here.\n\nAnother long paragraph of the statement itself."
        );
        expect_removed(&ex, "Short teaser", RemovalReason::Navigation);
    }

    #[test]
    fn role_main_is_a_main_root() {
        let ex = extract(r#"<div>Site name</div><div role="main"><p>Body text.</p></div>"#);
        assert_eq!(ex.text, "Body text.");
        assert_eq!(
            expect_removed(&ex, "Site name", RemovalReason::Navigation),
            1
        );
    }

    #[test]
    fn ads_related_and_newsletters_are_boilerplate() {
        let page = r#"<p>Statement.</p><div class="ad slot">Buy now</div>
            <div class="related-articles"><p>Other news</p></div>
            <div id="newsletter-box">Subscribe to our newsletter</div>
            <div class="header">Kept: not an ad token</div>"#;
        let ex = extract(page);
        assert_eq!(ex.text, "Statement.\n\nKept: not an ad token");
        expect_removed(&ex, "Buy now", RemovalReason::Boilerplate);
        expect_removed(&ex, "Other news", RemovalReason::Boilerplate);
        expect_removed(&ex, "Subscribe to", RemovalReason::Boilerplate);
        assert_eq!(ex.removed.len(), 3);
    }

    #[test]
    fn hidden_elements_are_dropped_silently() {
        let ex = extract(
            r#"<p>Seen</p><p hidden>Unseen</p><span style="display: none">Gone</span><span aria-hidden="true">Icon</span>"#,
        );
        assert_eq!(ex.text, "Seen");
        assert!(ex.removed.is_empty());
    }

    #[test]
    fn class_names_never_drop_the_title_or_the_main_root() {
        let ex = extract(r#"<div class="social-enabled"><h1>Title</h1><p>Text.</p></div>"#);
        assert_eq!(ex.text, "Title\n\nText.");
        let ex = extract(r#"<main class="menu-open"><p>Text.</p></main>"#);
        assert_eq!(ex.text, "Text.");
    }

    #[test]
    fn article_header_is_content_page_header_is_chrome() {
        let ex = extract(
            "<header>Site</header><section><header><p>Date line</p></header><p>Text</p></section>",
        );
        assert_eq!(ex.text, "Date line\n\nText");
        expect_removed(&ex, "Site", RemovalReason::Navigation);
    }

    #[test]
    fn long_removed_text_is_cut_at_a_char_boundary() {
        let long = "Навигация ".repeat(60);
        let ex = extract(&format!("<nav>{long}</nav><p>Text</p>"));
        let r = &ex.removed[0];
        assert_eq!(r.text.chars().count(), MAX_REMOVED_CHARS);
        assert!(r.text.ends_with('…'));
    }

    #[test]
    fn control_chars_pass_through_for_the_sanitiser() {
        let ex = extract("<p>a\u{0007}b\u{200b}c</p>");
        assert_eq!(ex.text, "a\u{0007}b\u{200b}c");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = format!(
            "{}deep{}",
            "<div><span>".repeat(4_000),
            "</span></div>".repeat(4_000)
        );
        let ex = extract(&page);
        assert_eq!(ex.text, "deep");
    }

    #[test]
    fn empty_and_truncated_input() {
        assert_eq!(extract(""), Extracted::default());
        let ex = extract("<html><body><p>Cut off in the mid");
        assert_eq!(ex.text, "Cut off in the mid");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = extract(&s);
        }

        #[test]
        fn never_panics_on_tag_soup(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("<p>".to_owned()),
                proptest::strategy::Just("</p>".to_owned()),
                proptest::strategy::Just("<li>".to_owned()),
                proptest::strategy::Just("<ol>".to_owned()),
                proptest::strategy::Just("<tr><td>".to_owned()),
                proptest::strategy::Just("<br>".to_owned()),
                proptest::strategy::Just("<nav>".to_owned()),
                proptest::strategy::Just("<main>".to_owned()),
                proptest::strategy::Just("<pre>".to_owned()),
                proptest::strategy::Just("<h1>".to_owned()),
                "[a-zé \n\u{0}-\u{1f}<>&;/]{0,12}",
            ],
            0..40,
        )) {
            let ex = extract(&parts.concat());
            let lines = ex.text.lines().count();
            for r in &ex.removed {
                proptest::prop_assert!(r.line >= 1 && r.line <= lines + 1);
            }
            proptest::prop_assert!(!ex.text.contains("\n\n\n"));
        }
    }
}
