//! Main-text extraction from HTML pages. (Filled in by the HTML task.)

use crate::model::statement::Removed;

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
}

/// Extracts the main text of an HTML page.
#[must_use]
pub fn extract(html: &str) -> Extracted {
    Extracted {
        text: html.to_owned(),
        ..Extracted::default()
    }
}
