//! Fidelity measures: how much of a source a cleaned statement accounts for, titles that
//! run on into the body, paragraphs that look like site furniture. Used by
//! `examples/fidelity.rs` (a measurement over a folder) and by the tests (a property over
//! every sample and generated input). Pure functions: the caller reads the bytes.
//!
//! **Words accounted for**: the decoded source is cut into words (maximal runs of letters and
//! digits, lower-cased; for HTML the page's text as the HTML parser gives it); a source word
//! is accounted for when it is found in the multiset of the words of the paragraphs, the
//! metadata (title, issuer, place, URL) and the removed lines (each found word is used up).
//! Two repairs the cleaning makes count too: two source words joined into one (a word broken
//! across lines, also across a page number), and a source word that is two consecutive words
//! there (glued words split), or three.

use std::collections::HashMap;

use crate::model::statement::{SourceFormat, Statement};

/// Lower-cased words: maximal runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The counts of one statement's word accounting.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WordCounts {
    /// Source words.
    pub total: usize,
    /// Found as they are.
    pub exact: usize,
    /// Found joined with their neighbour (a word broken across lines).
    pub rejoined: usize,
    /// Found as two words (glued words split).
    pub split: usize,
}

impl WordCounts {
    /// Source words accounted for.
    #[must_use]
    pub fn accounted(self) -> usize {
        self.exact + self.rejoined + self.split
    }

    /// Adds another statement's counts.
    pub fn add(&mut self, o: Self) {
        self.total += o.total;
        self.exact += o.exact;
        self.rejoined += o.rejoined;
        self.split += o.split;
    }
}

/// The text whose words the statement must account for: the decoded source (for HTML, the
/// page's text as parsed).
#[must_use]
pub fn source_text(format: SourceFormat, bytes: &[u8]) -> Option<String> {
    let (raw, _) = crate::model::decode::decode(bytes).ok()?;
    Some(match format {
        SourceFormat::Html => crate::model::html::extract(&raw).text,
        _ => raw.into_owned(),
    })
}

/// Accounts for the source's words (see the module's documentation); returns the counts and
/// the 1-based lines of the words not accounted for.
#[must_use]
pub fn account(source: &str, st: &Statement) -> (WordCounts, Vec<(usize, String)>) {
    let mut have: HashMap<String, usize> = HashMap::new();
    let mut target_seq: Vec<String> = Vec::new();
    let m = &st.meta;
    let meta = [&m.title, &m.issuer, &m.place, &m.url];
    let texts = st
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .chain(meta.into_iter().flatten().map(String::as_str))
        .chain(st.removed.iter().map(|r| r.text.as_str()));
    for t in texts {
        for w in words(t) {
            *have.entry(w.clone()).or_default() += 1;
            target_seq.push(w);
        }
    }
    // Glued words split into two or three ("afurtherdeterioration").
    let pairs: std::collections::HashSet<String> = target_seq
        .windows(2)
        .map(|p| format!("{}{}", p[0], p[1]))
        .chain(
            target_seq
                .windows(3)
                .map(|p| format!("{}{}{}", p[0], p[1], p[2])),
        )
        .collect();
    fn take(have: &mut HashMap<String, usize>, w: &str) -> bool {
        match have.get_mut(w) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
    let src: Vec<(usize, String)> = source
        .lines()
        .enumerate()
        .flat_map(|(i, l)| words(l).map(move |w| (i + 1, w)).collect::<Vec<_>>())
        .collect();
    let mut found = vec![false; src.len()];
    let mut counts = WordCounts {
        total: src.len(),
        ..WordCounts::default()
    };
    // First, words broken across a line end and rejoined by the cleaning (`in-` /
    // `ternational` → `international`, also across a page number): a pair of source words
    // at the end of a line and the start of the next line with words, whose joined form
    // the statement has more often than the source has it whole. Done before the exact
    // pass, so that the pieces do not use up words that belong elsewhere.
    let mut whole: HashMap<&str, usize> = HashMap::new();
    for (_, w) in &src {
        *whole.entry(w.as_str()).or_default() += 1;
    }
    let mut surplus: HashMap<String, usize> = HashMap::new();
    let mut starts: Vec<usize> = Vec::new(); // index in `src` of each line's first word
    for k in 0..src.len() {
        if k == 0 || src[k].0 != src[k - 1].0 {
            starts.push(k);
        }
    }
    for pair in starts.windows(2) {
        let (first_next, end_prev) = (pair[1], pair[1] - 1);
        // Lines of digits only between (page numbers) are skipped.
        let mut b = first_next;
        while src
            .get(b)
            .is_some_and(|(_, w)| w.chars().all(|c| c.is_ascii_digit()))
            && src.get(b + 1).is_some()
        {
            b += 1;
        }
        let (a, bw) = (&src[end_prev], &src[b]);
        if bw.0 == a.0 || found[end_prev] || found[b] {
            continue;
        }
        let joined = format!("{}{}", a.1, bw.1);
        let left = surplus.entry(joined.clone()).or_insert_with(|| {
            have.get(&joined)
                .copied()
                .unwrap_or(0)
                .saturating_sub(whole.get(joined.as_str()).copied().unwrap_or(0))
        });
        if *left > 0 && take(&mut have, &joined) {
            *left -= 1;
            found[end_prev] = true;
            found[b] = true;
            counts.rejoined += 2;
        }
    }
    for (k, (_, w)) in src.iter().enumerate() {
        if found[k] {
            continue;
        }
        if take(&mut have, w) {
            found[k] = true;
            counts.exact += 1;
        }
    }
    for k in 0..src.len().saturating_sub(1) {
        if !found[k] && !found[k + 1] && take(&mut have, &format!("{}{}", src[k].1, src[k + 1].1)) {
            found[k] = true;
            found[k + 1] = true;
            counts.rejoined += 2;
        }
    }
    for (k, (_, w)) in src.iter().enumerate() {
        if !found[k] && pairs.contains(w) {
            found[k] = true;
            counts.split += 1;
        }
    }
    let lost = src
        .into_iter()
        .zip(found)
        .filter(|(_, f)| !f)
        .map(|(w, _)| w)
        .collect();
    (counts, lost)
}

/// Whether a title ends mid-sentence and the body goes on with it.
#[must_use]
pub fn title_runs_on(st: &Statement) -> bool {
    let Some(title) = &st.meta.title else {
        return false;
    };
    let last = title
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
        .chars()
        .next_back();
    let ends = last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '…'));
    let continues = st
        .paragraphs
        .first()
        .and_then(|p| p.text.chars().next())
        .is_some_and(char::is_lowercase);
    !ends && continues
}

/// Whether a paragraph looks like site furniture left in the text (see the module's docs).
#[must_use]
pub fn chrome_like(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "share",
        "print",
        "email",
        "e-mail",
        "comment",
        "comments",
        "reply",
        "menu",
        "home",
        "login",
        "log in",
        "sign in",
        "subscribe",
        "newsletter",
        "cookie",
        "cookies",
        "tags",
        "related",
        "next",
        "previous",
        "back to top",
        "read more",
        "all rights reserved",
        "©",
        "facebook",
        "twitter",
        "telegram",
        "views",
        "likes",
    ];
    let t = text.trim();
    let n = t.split_whitespace().count();
    if n == 0 || n > 6 {
        return false;
    }
    let sentence = t
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | ';' | '"' | '”' | '»'));
    if sentence {
        return false;
    }
    let lower = t.to_lowercase();
    let word_hit = WORDS.iter().any(|w| {
        if w.contains(' ') || !w.chars().all(char::is_alphabetic) {
            lower.contains(w)
        } else {
            words(&lower).any(|x| x == *w)
        }
    });
    let counter = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' '))
        || (n <= 3 && t.starts_with(|c: char| c.is_ascii_digit()) && word_hit);
    // Items side by side (a menu, a breadcrumb); a leading bullet is a list item, not that.
    let separated = n >= 2
        && ["|", "•", "·", " > "]
            .iter()
            .any(|s| t.trim_start_matches(*s).trim_start().contains(s));
    word_hit || counter || separated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(text: &str) -> Statement {
        crate::model::ingest::ingest_text(text, "t.txt")
    }

    #[test]
    fn words_are_accounted_for_with_repairs_and_losses_counted() {
        let text = "A statement on the agreement\n\nThe Ministry of Foreign Affairs welcomes the in-\nstitutions and the agreement signed today.\n";
        let (w, lost) = account(text, &statement(text));
        assert_eq!(w.total, w.accounted(), "{lost:?}");
        assert_eq!(w.rejoined, 2);
        // Counter-example: a word the statement does not have is lost.
        let (w, lost) = account(&format!("{text}\nzyxwv"), &statement(text));
        assert_eq!(w.total - w.accounted(), 1);
        assert_eq!(lost, vec![(6, "zyxwv".to_owned())]);
    }

    #[test]
    fn chrome_like_paragraphs() {
        for yes in [
            "Share | Print",
            "12 comments",
            "Home > News > Statements",
            "1,234",
            "Read more",
        ] {
            assert!(chrome_like(yes), "{yes}");
        }
        for no in [
            "The Ministry will share its findings.",
            "Statement by the Spokesperson",
            "The Union calls on all sides to respect the ceasefire and to return to talks",
        ] {
            assert!(!chrome_like(no), "{no}");
        }
    }

    #[test]
    fn titles_that_run_on() {
        let mut st = statement("Statement on the talks.\n\nThe Ministry welcomes them.\n");
        assert!(!title_runs_on(&st));
        st.meta.title = Some("Statement on the talks held in".into());
        st.paragraphs[0].text = "the capital this week, which the Ministry welcomes.".into();
        assert!(title_runs_on(&st));
        st.meta.title = Some("Statement on the talks held in the capital.".into());
        assert!(!title_runs_on(&st), "a title that ends a sentence");
    }
}
