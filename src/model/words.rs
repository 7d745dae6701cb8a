//! The vocabulary used to repair words broken across lines and glued by lost line breaks:
//! the document's own words plus a bundled English word list.

use std::collections::HashSet;
use std::sync::OnceLock;

static BUNDLED: &str = include_str!("../../assets/words/en.txt");

/// The bundled word list (lower case), loaded once.
pub fn bundled() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| BUNDLED.lines().collect())
}
