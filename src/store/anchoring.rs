//! Re-attaching stored notes and review marks to a statement's current paragraphs.

use super::{AnchoredNote, NoteStore, StoreError};
use crate::model::anchor::ParagraphIndex;
use crate::model::notes::{Anchor, StatementKey};
use crate::model::statement::Statement;

impl NoteStore {
    /// The notes of a statement, each anchored against its current paragraphs (orphans too).
    #[must_use]
    pub fn notes_for(&self, st: &Statement, rel_path: &str) -> Vec<AnchoredNote> {
        let Some(doc) = self.doc_for(&StatementKey::of(st, rel_path)) else {
            return Vec::new();
        };
        let index = ParagraphIndex::new(st);
        doc.notes
            .iter()
            .map(|n| AnchoredNote {
                anchoring: index.anchor(&n.anchor, n.paragraph),
                note: n.clone(),
            })
            .collect()
    }

    /// The reviewed paragraphs of a statement (1-based, sorted), re-anchored like notes.
    #[must_use]
    pub fn reviewed_for(&self, st: &Statement, rel_path: &str) -> Vec<usize> {
        let Some(doc) = self.doc_for(&StatementKey::of(st, rel_path)) else {
            return Vec::new();
        };
        let index = ParagraphIndex::new(st);
        let mut out: Vec<usize> = doc
            .reviewed
            .iter()
            .filter_map(|r| index.anchor(&r.anchor, r.paragraph).paragraph)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The anchor of 1-based `paragraph` of `st`, or why there is none.
    pub(super) fn describe(
        &self,
        st: &Statement,
        rel_path: &str,
        paragraph: usize,
    ) -> Result<Anchor, StoreError> {
        Anchor::describe(&st.paragraphs, paragraph).ok_or_else(|| StoreError::ParagraphOutOfRange {
            source_path: rel_path.to_owned(),
            paragraph,
            count: st.paragraphs.len(),
        })
    }
}
