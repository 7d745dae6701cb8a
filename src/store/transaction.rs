//! One change, durably: lock, re-read the file, apply the change on top, save atomically.

use std::fs;
use std::path::Path;

use super::file::{Save, TMP_DIR, not_regular, remove_stale_temps, write_atomic};
use super::format::{NotesFile, default_name};
use super::lock::DirLock;
use super::{Entry, FORMAT_VERSION, NoteStore, ReadOnlyReason, StoreError};
use crate::model::identity::Identified;
use crate::model::notes::{Note, StatementKey};

/// Where a change goes.
pub(super) enum Target {
    Statement(StatementKey),
    Entry(usize),
}

impl NoteStore {
    /// A file's document as on disk now (the caller holds the lock).
    pub(super) fn current_doc(&mut self, idx: usize) -> Result<NotesFile, StoreError> {
        let path = self
            .entries
            .get(idx)
            .map(|e| self.path_of(&e.name))
            .unwrap_or_else(|| self.dir.clone());
        match fs::read(&path) {
            Ok(bytes) => self.reparse(idx, &path, &bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(self
                .entries
                .get(idx)
                .and_then(|e| e.doc.clone())
                .unwrap_or_else(|| NotesFile::new(StatementKey::default()))),
            Err(source) => Err(StoreError::Io { path, source }),
        }
    }

    pub(super) fn find_note(&self, id: &str) -> Result<(usize, Note), StoreError> {
        let note = self.note(id).ok_or_else(|| StoreError::NotFound {
            path: self.dir.clone(),
            id: id.to_owned(),
        })?;
        let idx = self.note_file.get(id).copied().unwrap_or_default();
        Ok((idx, note.clone()))
    }

    /// Applies one change durably: lock, re-read, apply on top of the disk version, write
    /// atomically, unlock. On error nothing in memory changes and the old file stays. A
    /// change aimed at a statement binds its file to the statement's current path.
    pub(super) fn update<R>(
        &mut self,
        target: Target,
        change: impl FnOnce(&mut NotesFile) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let _lock = self.lock()?;
        match target {
            Target::Entry(idx) => self.apply(idx, change),
            Target::Statement(key) => {
                let (idx, how) = self.entry_for_write(&key)?;
                self.apply(idx, move |doc| {
                    doc.bind(&key, how);
                    change(doc)
                })
            }
        }
    }

    /// Takes the store's lock (creating the folders) and clears leftovers of killed writers.
    pub(super) fn lock(&self) -> Result<DirLock, StoreError> {
        fs::create_dir_all(&self.dir).map_err(|source| StoreError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let lock = DirLock::acquire(&self.dir, self.options.lock_wait)?;
        let tmp_dir = self.dir.join(TMP_DIR);
        fs::create_dir_all(&tmp_dir).map_err(|source| StoreError::Io {
            path: tmp_dir.clone(),
            source,
        })?;
        remove_stale_temps(&tmp_dir);
        Ok(lock)
    }

    /// Read-modify-write of one file; the caller holds the lock.
    pub(super) fn apply<R>(
        &mut self,
        idx: usize,
        change: impl FnOnce(&mut NotesFile) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let entry = self.entries.get(idx).ok_or_else(|| StoreError::Io {
            path: self.dir.clone(),
            source: std::io::Error::other("internal: unknown notes file"),
        })?;
        let path = self.path_of(&entry.name);
        if let Some(reason) = not_regular(&path) {
            return Err(StoreError::ReadOnly {
                path,
                reason: ReadOnlyReason::Other(reason),
            });
        }
        if let Some(reason) = &entry.read_only {
            return Err(StoreError::ReadOnly {
                path,
                reason: reason.clone(),
            });
        }
        // Deleted behind our back (or not created yet): start again from what we know.
        let mut doc = self.current_doc(idx)?;
        doc.fill_keys();
        let result = change(&mut doc)?;
        doc.version = FORMAT_VERSION;
        let bytes = serde_json::to_vec_pretty(&doc).map_err(|source| StoreError::Encode {
            path: path.clone(),
            source,
        })?;
        let save = Save {
            backup: true,
            pause: self.options.save_delay,
        };
        write_atomic(&self.dir.join(TMP_DIR), &self.dir, &path, &bytes, save)?;
        doc.fill_keys();
        self.unindex(idx);
        if let Some(e) = self.entries.get_mut(idx) {
            e.doc = Some(doc);
        }
        self.index(idx);
        Ok(result)
    }

    /// Re-reads the target file under the lock; a file that stopped parsing becomes read-only.
    fn reparse(&mut self, idx: usize, path: &Path, bytes: &[u8]) -> Result<NotesFile, StoreError> {
        let reason = match serde_json::from_slice::<NotesFile>(bytes) {
            Ok(doc) if doc.version <= FORMAT_VERSION => return Ok(doc),
            Ok(doc) => ReadOnlyReason::Newer {
                version: doc.version,
            },
            Err(_) => match self.parse(path, bytes) {
                Ok(doc) => return Ok(doc),
                Err(reason) => reason,
            },
        };
        if let Some(e) = self.entries.get_mut(idx) {
            e.read_only = Some(reason.clone());
        }
        Err(match reason {
            ReadOnlyReason::Corrupt {
                path,
                line,
                column,
                message,
            } => StoreError::Corrupt {
                path,
                line,
                column,
                message,
            },
            reason => StoreError::ReadOnly {
                path: path.to_path_buf(),
                reason,
            },
        })
    }

    /// The entry a statement's change goes to, creating it (in memory) if needed, and why
    /// it was chosen (recorded with the binding). Called under the lock: files created
    /// meanwhile by other processes are loaded first.
    pub(super) fn entry_for_write(
        &mut self,
        key: &StatementKey,
    ) -> Result<(usize, &'static str), StoreError> {
        if let Some(found) = self.identify(key) {
            return Ok(with_reason(found));
        }
        self.scan()?;
        if let Some(found) = self.identify(key) {
            return Ok(with_reason(found));
        }
        let mut name = default_name(key);
        if let Some(&i) = self.by_name.get(&name) {
            let reason = self
                .entries
                .get(i)
                .and_then(|e| e.read_only.clone())
                .unwrap_or_else(|| ReadOnlyReason::Other("file name taken".into()));
            if self.entries.get(i).is_some_and(|e| e.doc.is_none()) {
                // Most likely this statement's own file, which no longer parses.
                return Err(StoreError::ReadOnly {
                    path: self.path_of(&name),
                    reason,
                });
            }
            name = format!("{}.json", uuid::Uuid::new_v4().simple());
        }
        let idx = self.entries.len();
        self.by_name.insert(name.clone(), idx);
        self.entries.push(Entry {
            name,
            doc: Some(NotesFile::new(key.clone())),
            read_only: None,
        });
        self.index(idx);
        Ok((idx, "first saved"))
    }
}

/// The binding reason recorded for a match.
fn with_reason((idx, how): (usize, Identified)) -> (usize, &'static str) {
    let reason = match how {
        Identified::SamePath => "same path",
        Identified::Moved { .. } => "moved",
        Identified::TitleDate { .. } => "title and date",
    };
    (idx, reason)
}
