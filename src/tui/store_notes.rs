//! [`NotesSource`] backed by the [`NoteStore`]: the store is loaded at start, and swapped
//! for a fresh one when another process changes the notes (see [`crate::tui::watch`]). List
//! counts read the stored notes by key (hash lookups), without ingesting any statement, and
//! with keys whose paths were resolved when the statements were indexed.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::model::notes::{Note, StatementKey};
use crate::model::statement::Statement;
use crate::store::{NoteStore, source_key_path};
use crate::tui::notes_source::{NoteView, NotesSource, WriteResult};

/// Notes from `<data_dir>/notes/`.
#[derive(Debug)]
pub struct StoreNotes {
    store: NoteStore,
    /// Library folders, for paths that older builds stored relative to them.
    roots: Vec<PathBuf>,
    data_dir: PathBuf,
    /// Key paths by statement source, since `key_path` touches the filesystem.
    rel_paths: RefCell<HashMap<String, String>>,
}

impl StoreNotes {
    /// Opens (creating the folder if missing) the store under `data_dir`. `roots` (the
    /// config's library folders) resolve paths that older builds stored relative to them.
    pub fn open(data_dir: &Path, roots: Vec<PathBuf>) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("{}: cannot create the data directory", data_dir.display()))?;
        let store = NoteStore::open(data_dir)
            .with_context(|| format!("{}: cannot open the notes", data_dir.display()))?
            .with_roots(&roots);
        Ok(Self {
            store,
            roots,
            data_dir: data_dir.to_path_buf(),
            rel_paths: RefCell::new(HashMap::new()),
        })
    }

    /// The store, for tests and tools.
    #[must_use]
    pub fn store(&self) -> &NoteStore {
        &self.store
    }

    /// The key path of an open statement, resolved on first use (when it is opened, never
    /// while drawing: the list passes keys resolved by the indexer).
    fn rel_path(&self, source: &str) -> String {
        if let Some(r) = self.rel_paths.borrow().get(source) {
            return r.clone();
        }
        let rel = source_key_path(source);
        self.rel_paths
            .borrow_mut()
            .insert(source.to_owned(), rel.clone());
        rel
    }

    fn key(&self, st: &Statement) -> StatementKey {
        StatementKey::of(st, &self.rel_path(&st.source))
    }
}

impl NotesSource for StoreNotes {
    fn notes_for(&self, st: &Statement) -> Vec<NoteView> {
        self.store
            .notes_for(st, &self.rel_path(&st.source))
            .into_iter()
            .map(|a| NoteView {
                id: a.note.id.clone(),
                paragraph: a.anchoring.paragraph,
                text: a.note.text.clone(),
                tags: a.note.tags.clone(),
                anchor: a.anchoring.status,
                quote: a.note.anchor.quote.exact.clone(),
            })
            .collect()
    }

    fn reviewed_for(&self, st: &Statement) -> Vec<usize> {
        self.store.reviewed_for(st, &self.rel_path(&st.source))
    }

    fn counts(&self, key: &StatementKey, paragraphs: usize) -> (usize, usize) {
        self.store
            .stored_for(key)
            .map_or((0, 0), |(notes, reviewed)| {
                // Marks on paragraphs that no longer exist do not count past the end.
                (notes.len(), reviewed.len().min(paragraphs))
            })
    }

    fn tags(&self, key: &StatementKey) -> Vec<String> {
        self.store
            .stored_for(key)
            .map(|(notes, _)| {
                let set: BTreeSet<&String> = notes.iter().flat_map(|n| &n.tags).collect();
                set.into_iter().cloned().collect()
            })
            .unwrap_or_default()
    }

    fn all_tags(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self
            .store
            .all_notes()
            .into_iter()
            .flat_map(|n| &n.tags)
            .collect();
        set.into_iter().cloned().collect()
    }

    fn read_only(&self, st: &Statement) -> Option<String> {
        self.store
            .is_read_only(&self.key(st))
            .then(|| "notes of this statement are read-only (see the problem at start)".into())
    }

    fn identity_warning(&self, st: &Statement) -> Option<String> {
        let how = self.store.identification(&self.key(st))?;
        how.is_weak()
            .then(|| how.describe().map(|d| format!("notes {d}")))
            .flatten()
    }

    fn problems(&self) -> Vec<String> {
        self.store
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn scratch_dir(&self) -> Option<PathBuf> {
        Some(self.data_dir.clone())
    }

    fn add(&mut self, st: &Statement, paragraph: usize, text: &str) -> WriteResult<String> {
        let rel = self.rel_path(&st.source);
        self.store.add(st, &rel, paragraph, text).map(|n| n.id)
    }

    fn edit(&mut self, id: &str, text: &str) -> WriteResult<()> {
        self.store.edit(id, text).map(drop)
    }

    fn delete(&mut self, id: &str) -> WriteResult<Note> {
        self.store.delete(id)
    }

    fn note(&self, id: &str) -> Option<Note> {
        self.store.note(id).cloned()
    }

    fn restore(&mut self, note: Note) -> WriteResult<()> {
        self.store.restore(note)
    }

    fn replace_store(&mut self, store: NoteStore) -> bool {
        // Key paths are canonical paths, so their cache stays valid.
        self.store = store.with_roots(&self.roots);
        true
    }

    fn set_reviewed(
        &mut self,
        st: &Statement,
        paragraph: usize,
        reviewed: bool,
    ) -> WriteResult<()> {
        let rel = self.rel_path(&st.source);
        self.store.set_reviewed(st, &rel, paragraph, reviewed)
    }

    fn corrections(&self) -> Option<crate::model::corrections::CorrectionTable> {
        Some(self.store.corrections())
    }

    fn set_correction(
        &mut self,
        st: &Statement,
        correction: Option<crate::model::corrections::Correction>,
    ) -> WriteResult<()> {
        let rel = self.rel_path(&st.source);
        self.store.set_correction(st, &rel, correction).map(drop)
    }

    fn reattach(&mut self, id: &str, st: &Statement, paragraph: usize) -> WriteResult<()> {
        let rel = self.rel_path(&st.source);
        self.store.reattach(id, st, &rel, paragraph).map(drop)
    }
}
