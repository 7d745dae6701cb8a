//! Reading the notes folder: each file parsed once, indexed by what identifies a statement.

use std::fs;
use std::path::Path;

use chrono::Utc;

use super::file::not_regular;
use super::format::{NotesFile, VersionOnly, error_message, newer_version_reason};
use super::identify::is_absolute_key;
use super::{Entry, FORMAT_VERSION, NoteStore, Problem, ReadOnlyReason, StoreError};

impl NoteStore {
    /// Loads every `*.json` file of the folder that is not loaded yet.
    pub(super) fn scan(&mut self) -> Result<(), StoreError> {
        let rd = fs::read_dir(&self.dir).map_err(|source| StoreError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let mut names: Vec<String> = rd
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
            .filter(|n| !self.by_name.contains_key(n))
            .collect();
        names.sort();
        for name in names {
            self.load_new(name);
        }
        Ok(())
    }

    fn load_new(&mut self, name: String) {
        let path = self.path_of(&name);
        let (doc, read_only) = self.read_file(&path);
        let idx = self.entries.len();
        self.by_name.insert(name.clone(), idx);
        self.entries.push(Entry {
            name,
            doc,
            read_only,
        });
        self.index(idx);
    }

    /// Reads and parses one file; what makes it unusable or read-only is also a problem.
    fn read_file(&mut self, path: &Path) -> (Option<NotesFile>, Option<ReadOnlyReason>) {
        if let Some(reason) = not_regular(path) {
            self.problem(path, None, reason.clone());
            return (None, Some(ReadOnlyReason::Other(reason)));
        }
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.problem(path, None, e.to_string());
                return (None, Some(ReadOnlyReason::Other(e.to_string())));
            }
        };
        match self.parse(path, &bytes) {
            Ok(doc) => {
                let newer = newer_version_reason(&doc);
                if let Some(reason) = &newer {
                    self.problem(path, None, reason.to_string());
                }
                (Some(doc), newer)
            }
            Err(reason) => (None, Some(reason)),
        }
    }

    /// Parses a file; on failure records the problem, keeps a `.corrupt-` copy (once) and
    /// returns why the file is read-only.
    pub(super) fn parse(&mut self, path: &Path, bytes: &[u8]) -> Result<NotesFile, ReadOnlyReason> {
        let e = match serde_json::from_slice::<NotesFile>(bytes) {
            Ok(mut doc) => {
                doc.fill_keys();
                return Ok(doc);
            }
            Err(e) => e,
        };
        if let Ok(v) = serde_json::from_slice::<VersionOnly>(bytes)
            && v.version > FORMAT_VERSION
        {
            let reason = ReadOnlyReason::Newer { version: v.version };
            self.problem(path, None, reason.to_string());
            return Err(reason);
        }
        let mut message = error_message(&e);
        if let Err(copy_err) = keep_corrupt_copy(path, bytes) {
            message = format!("{message} (could not keep a copy: {copy_err})");
        }
        self.problem(path, Some((e.line(), e.column())), message.clone());
        Err(ReadOnlyReason::Corrupt {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message,
        })
    }

    fn problem(&mut self, path: &Path, position: Option<(usize, usize)>, message: String) {
        self.problems.push(Problem {
            path: path.to_path_buf(),
            position,
            message,
        });
    }

    pub(super) fn index(&mut self, idx: usize) {
        let Some(doc) = self.entries.get(idx).and_then(|e| e.doc.as_ref()) else {
            return;
        };
        let key = &doc.statement;
        if !key.id.is_empty() {
            self.by_digest.entry(key.id.clone()).or_default().push(idx);
        }
        if !key.path.is_empty() {
            self.by_path.entry(key.path.clone()).or_default().push(idx);
            if !is_absolute_key(&key.path) {
                self.relative.push(idx);
            }
        }
        if let Some(td) = key.title_date() {
            self.by_title_date.entry(td).or_default().push(idx);
        }
        for n in &doc.notes {
            self.note_file.insert(n.id.clone(), idx);
        }
        // A deleted note is put back in its own file, also by another process.
        for d in &doc.deleted {
            self.note_file.entry(d.note.id.clone()).or_insert(idx);
        }
    }

    pub(super) fn unindex(&mut self, idx: usize) {
        let Some(doc) = self.entries.get(idx).and_then(|e| e.doc.as_ref()) else {
            return;
        };
        let key = doc.statement.clone();
        let drop_from = |list: Option<&mut Vec<usize>>| {
            if let Some(l) = list {
                l.retain(|&i| i != idx);
            }
        };
        drop_from(self.by_digest.get_mut(&key.id));
        drop_from(self.by_path.get_mut(&key.path));
        self.relative.retain(|&i| i != idx);
        if let Some(td) = key.title_date() {
            drop_from(self.by_title_date.get_mut(&td));
        }
        let ids: Vec<String> = doc
            .notes
            .iter()
            .map(|n| n.id.clone())
            .chain(doc.deleted.iter().map(|d| d.note.id.clone()))
            .collect();
        for id in ids {
            if self.note_file.get(&id) == Some(&idx) {
                self.note_file.remove(&id);
            }
        }
    }
}

/// Copies a corrupt file to `<name>.corrupt-<timestamp>` unless an identical copy exists.
fn keep_corrupt_copy(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Ok(());
    };
    let prefix = format!("{name}.corrupt-");
    for e in fs::read_dir(dir)?.filter_map(Result::ok) {
        let is_copy = e
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix));
        if is_copy && fs::read(e.path()).is_ok_and(|b| b == bytes) {
            return Ok(());
        }
    }
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    fs::write(dir.join(format!("{prefix}{stamp}")), bytes)
}
