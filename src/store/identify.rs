//! Which file holds a statement's notes (see [`crate::model::identity`] for the rules).

use std::path::Path;

use super::NoteStore;
use super::format::NotesFile;
use crate::model::identity::{Identified, identify};
use crate::model::notes::StatementKey;

impl NoteStore {
    pub(super) fn doc_for(&self, key: &StatementKey) -> Option<&NotesFile> {
        self.entries.get(self.locate(key)?)?.doc.as_ref()
    }

    /// The file holding a statement's notes (see [`crate::model::identity`]).
    pub(super) fn locate(&self, key: &StatementKey) -> Option<usize> {
        self.identify(key).map(|(idx, _)| idx)
    }

    /// The file holding a statement's notes and how it was matched.
    pub(super) fn identify(&self, key: &StatementKey) -> Option<(usize, Identified)> {
        let mut seen = Vec::new();
        let lists = [
            self.by_path.get(&key.path),
            self.by_digest.get(&key.id),
            key.title_date().and_then(|td| self.by_title_date.get(&td)),
            (!self.roots.is_empty()).then_some(&self.relative),
        ];
        for &idx in lists.into_iter().flatten().flatten() {
            if !seen.contains(&idx) {
                seen.push(idx);
            }
        }
        let candidates = seen.into_iter().filter_map(|idx| {
            let doc = self.entries.get(idx)?.doc.as_ref()?;
            Some((idx, &doc.statement))
        });
        identify(
            key,
            candidates,
            |stored| {
                stored == key.path || self.resolve_relative(stored).as_deref() == Some(&key.path)
            },
            |stored| self.path_exists(stored),
        )
    }

    /// How the stored notes of a statement were matched to it; `None` when it has none.
    #[must_use]
    pub fn identification(&self, key: &StatementKey) -> Option<Identified> {
        self.identify(key).map(|(_, how)| how)
    }

    /// A path stored relative to a library folder, made absolute, if it exists there.
    fn resolve_relative(&self, stored: &str) -> Option<String> {
        if self.roots.is_empty() || is_absolute_key(stored) {
            return None;
        }
        self.roots
            .iter()
            .map(|r| r.join(stored))
            .find(|p| p.exists())
            .map(|p| p.to_string_lossy().into_owned())
    }

    /// Whether the file a stored path names still exists (bundled samples always do). A
    /// relative path from an older build counts when it exists under a library folder.
    fn path_exists(&self, stored: &str) -> bool {
        if stored.starts_with("bundled:") {
            return true;
        }
        if let Some(&known) = self.exists_cache.borrow().get(stored) {
            return known;
        }
        let exists = if is_absolute_key(stored) {
            Path::new(stored).exists()
        } else {
            self.resolve_relative(stored).is_some()
        };
        self.exists_cache
            .borrow_mut()
            .insert(stored.to_owned(), exists);
        exists
    }
}

/// Whether a stored path is absolute (or a bundled sample's label), not relative to a
/// library folder.
pub(super) fn is_absolute_key(stored: &str) -> bool {
    stored.starts_with("bundled:") || Path::new(stored).is_absolute()
}
