//! A statement's notes file as stored on disk, and the names such files get.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ReadOnlyReason;
use crate::model::corrections::Correction;
use crate::model::ingest::digest_hex;
use crate::model::notes::{Note, Review, StatementKey};

/// The file format version this build writes and fully understands.
pub const FORMAT_VERSION: u32 = 1;

/// Deleted notes kept per statement file for undo (`delete-note`, the reader's `u`).
pub const DELETED_KEPT: usize = 200;

/// One statement's file as stored on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct NotesFile {
    pub(super) version: u32,
    pub(super) statement: StatementKey,
    #[serde(default)]
    pub(super) notes: Vec<Note>,
    #[serde(default)]
    pub(super) reviewed: Vec<Review>,
    /// Every path the notes have been bound to, oldest first: why they were matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) paths: Vec<Binding>,
    /// Deleted notes, newest last, so that a delete can be undone (the last
    /// [`DELETED_KEPT`] are kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) deleted: Vec<DeletedNote>,
    /// The user's correction of the statement's metadata (title, issuer, date, place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) corrections: Option<Correction>,
    /// Top-level fields this version does not know, kept for the round trip.
    #[serde(flatten)]
    pub(super) extra: Map<String, Value>,
}

impl NotesFile {
    pub(super) fn new(key: StatementKey) -> Self {
        Self {
            version: FORMAT_VERSION,
            statement: key,
            notes: Vec::new(),
            reviewed: Vec::new(),
            paths: Vec::new(),
            deleted: Vec::new(),
            corrections: None,
            extra: Map::new(),
        }
    }

    /// Binds the file to `key` (the statement as read now), recording a new path with the
    /// reason it was matched; legacy files without history get their old path first.
    pub(super) fn bind(&mut self, key: &StatementKey, how: &str) {
        let legacy = self.paths.is_empty()
            && !self.statement.path.is_empty()
            && self.statement.path != key.path;
        if legacy {
            let since = self
                .notes
                .iter()
                .map(|n| n.created)
                .min()
                .unwrap_or_else(Utc::now);
            self.paths.push(Binding {
                path: self.statement.path.clone(),
                since,
                how: "first saved".into(),
            });
        }
        if self.paths.last().is_none_or(|b| b.path != key.path) {
            self.paths.push(Binding {
                path: key.path.clone(),
                since: Utc::now(),
                how: how.to_owned(),
            });
        }
        self.statement = key.clone();
    }

    /// Notes on disk do not repeat the statement key; give each its file's key.
    pub(super) fn fill_keys(&mut self) {
        for n in &mut self.notes {
            n.statement.clone_from(&self.statement);
        }
    }
}

/// A path the notes were bound to, since when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub path: String,
    pub since: DateTime<Utc>,
    /// `first saved`, `same path`, `moved`, `title and date`, `move-notes`.
    pub how: String,
}

/// A deleted note and when it was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct DeletedNote {
    pub(super) deleted_at: DateTime<Utc>,
    pub(super) note: Note,
}

/// Just the version, to tell a newer format from a corrupt file.
#[derive(Deserialize)]
pub(super) struct VersionOnly {
    pub(super) version: u32,
}

/// The file name a statement's notes get when first saved: stable, from the path.
pub(super) fn default_name(key: &StatementKey) -> String {
    let basis = if key.path.is_empty() {
        &key.id
    } else {
        &key.path
    };
    let digest = digest_hex(basis);
    format!("{}.json", digest.get(..16).unwrap_or(&digest))
}

/// Why a file of a newer format is read-only, if it is.
pub(super) fn newer_version_reason(doc: &NotesFile) -> Option<ReadOnlyReason> {
    (doc.version > FORMAT_VERSION).then_some(ReadOnlyReason::Newer {
        version: doc.version,
    })
}

/// serde_json's message without its trailing " at line L column C".
pub(super) fn error_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}
