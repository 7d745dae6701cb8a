//! Statement identity: which stored notes file belongs to the statement just read.
//!
//! The rules, strongest first (README, "Which statement a note belongs to"):
//! 1. **Same path**: the file the notes were last bound to is this file. Its text may have
//!    changed (a re-scrape); the notes re-anchor.
//! 2. **Same content, old path gone**: the digest matches and the file the notes were bound
//!    to no longer exists: a rename or a move.
//! 3. **Same title and date, old path gone**: a weak hint, used only when nothing else
//!    matches, and reported as such.
//!
//! Two files that both exist are never the same statement, whatever they share: a copy
//! starts with no notes (`move-notes` moves them on purpose).
//!
//! This module does no I/O: the caller says whether a stored path still exists.

use crate::model::notes::StatementKey;

/// How a stored notes file was matched to a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identified {
    /// The notes were bound to this very path.
    SamePath,
    /// Same content; the file the notes were bound to (`from`) is gone.
    Moved { from: String },
    /// Same title and date; the file the notes were bound to (`from`) is gone. Weak.
    TitleDate { from: String },
}

impl Identified {
    /// Whether the match is the weak title + date fallback, which users must be told about.
    #[must_use]
    pub fn is_weak(&self) -> bool {
        matches!(self, Self::TitleDate { .. })
    }

    /// A short explanation for `notes`, `check` and the reader's status; `None` for the
    /// ordinary same-path case.
    #[must_use]
    pub fn describe(&self) -> Option<String> {
        match self {
            Self::SamePath => None,
            Self::Moved { from } => Some(format!("notes moved with the file from {from}")),
            Self::TitleDate { from } => Some(format!(
                "re-identified by title and date (the original file {from} is gone)"
            )),
        }
    }
}

/// Picks the stored file for `current` among `candidates` (index, stored key), following
/// the rules above. `same_path` says whether a stored path names the current file (it may
/// resolve a path stored relative to a library folder); `exists` whether a stored path
/// still exists. Among equally good candidates the first wins.
pub fn identify<'k>(
    current: &StatementKey,
    candidates: impl IntoIterator<Item = (usize, &'k StatementKey)>,
    same_path: impl Fn(&str) -> bool,
    exists: impl Fn(&str) -> bool,
) -> Option<(usize, Identified)> {
    let mut moved = None;
    let mut title_date = None;
    for (idx, stored) in candidates {
        if !stored.path.is_empty() && same_path(&stored.path) {
            return Some((idx, Identified::SamePath));
        }
        let content = !stored.id.is_empty() && stored.id == current.id;
        let titled = stored.title_date().is_some() && stored.title_date() == current.title_date();
        let wanted = if content {
            moved.is_none()
        } else {
            titled && title_date.is_none()
        };
        // The original still exists: this is another file (a copy), never the same statement.
        if !wanted || stored.path.is_empty() || exists(&stored.path) {
            continue;
        }
        let from = stored.path.clone();
        if content {
            moved = Some((idx, Identified::Moved { from }));
        } else {
            title_date = Some((idx, Identified::TitleDate { from }));
        }
    }
    moved.or(title_date)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn key(id: &str, path: &str, title: &str, date: Option<(i32, u32, u32)>) -> StatementKey {
        StatementKey {
            id: id.into(),
            path: path.into(),
            title: Some(title.into()).filter(|t: &String| !t.is_empty()),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        }
    }

    const JULY: Option<(i32, u32, u32)> = Some((2022, 7, 4));

    fn run(current: &StatementKey, stored: &[StatementKey], gone: &[&str]) -> Option<Identified> {
        identify(
            current,
            stored.iter().enumerate(),
            |p| p == current.path,
            |p| !gone.contains(&p),
        )
        .map(|(_, how)| how)
    }

    #[test]
    fn same_path_wins_even_when_the_text_changed() {
        let stored = [key("old", "/s/a.txt", "Statement", JULY)];
        let now = key("new", "/s/a.txt", "Statement", JULY);
        assert_eq!(run(&now, &stored, &[]), Some(Identified::SamePath));
    }

    #[test]
    fn same_content_at_a_new_path_is_a_move_only_when_the_old_path_is_gone() {
        let stored = [key("d1", "/s/a.txt", "Statement", JULY)];
        let moved = key("d1", "/t/a.txt", "Statement", JULY);
        assert_eq!(
            run(&moved, &stored, &["/s/a.txt"]),
            Some(Identified::Moved {
                from: "/s/a.txt".into()
            })
        );
        // Counter-example: the original still exists, so this is a copy.
        assert_eq!(run(&moved, &stored, &[]), None);
    }

    #[test]
    fn two_existing_files_sharing_title_and_date_are_different_statements() {
        let stored = [key("d1", "/s/a.txt", "Statement by the Spokesperson", JULY)];
        let other = key("d2", "/s/b.txt", "Statement by the Spokesperson", JULY);
        assert_eq!(run(&other, &stored, &[]), None);
    }

    #[test]
    fn title_and_date_is_a_flagged_fallback_when_the_original_is_gone() {
        let stored = [key("d1", "/s/a.txt", "Statement", JULY)];
        let rescraped_elsewhere = key("d2", "/t/a.txt", "statement", JULY);
        let how = run(&rescraped_elsewhere, &stored, &["/s/a.txt"]);
        assert!(how.as_ref().is_some_and(Identified::is_weak), "{how:?}");
        assert!(
            how.and_then(|h| h.describe())
                .is_some_and(|d| d.contains("re-identified by title and date"))
        );
        // Without a date there is no fallback at all.
        let undated = key("d2", "/t/a.txt", "Statement", None);
        assert_eq!(run(&undated, &stored, &["/s/a.txt"]), None);
    }

    #[test]
    fn content_beats_title_and_date_and_same_path_beats_both() {
        let stored = [
            key("x", "/gone/1.txt", "Statement", JULY),
            key("d1", "/gone/2.txt", "Other", None),
            key("y", "/s/here.txt", "Third", None),
        ];
        let current = key("d1", "/s/new.txt", "Statement", JULY);
        assert_eq!(
            run(&current, &stored, &["/gone/1.txt", "/gone/2.txt"]),
            Some(Identified::Moved {
                from: "/gone/2.txt".into()
            })
        );
        let at_here = key("d1", "/s/here.txt", "Statement", JULY);
        assert_eq!(
            run(&at_here, &stored, &["/gone/1.txt", "/gone/2.txt"]),
            Some(Identified::SamePath)
        );
    }
}
