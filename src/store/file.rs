//! Writing files so that a crash leaves the old or the new one, never a part of either.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;

use super::StoreError;

/// Marks temp files (`<name>.tmp-<pid>-<nanos>`); leftovers of killed writers are removed
/// by the next save, which holds the lock and so knows no writer is using them.
const TMP_MARK: &str = ".tmp-";

/// Folder of the store's temp files, inside the notes folder (same filesystem, so the
/// rename is atomic). A folder of its own so that cleaning up leftovers lists a handful of
/// entries, not the whole store.
pub const TMP_DIR: &str = ".tmp";

/// How one atomic write goes beyond where: whether the old file is kept as `.bak`, and a
/// pause before the rename (see [`super::Options::save_delay`]).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Save {
    pub(super) backup: bool,
    pub(super) pause: Duration,
}

/// Removes temp files left by killed writers. Only called with the lock held.
pub(super) fn remove_stale_temps(dir: &Path) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.filter_map(Result::ok) {
        if e.file_name().to_str().is_some_and(|n| n.contains(TMP_MARK)) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes `bytes` to `path` atomically (see [`write_atomic`]), without a backup; for exports.
///
/// Only a regular file (or a new one) is written: a rename over a device, a FIFO, a link or a
/// folder would replace that thing with a file, so those are refused with what to do.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    refuse_special(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    write_atomic(&dir, &dir, path, bytes, Save::default())
}

/// Why a notes file is not used: a link (a save would replace the link, not its target, and
/// a link may point out of the data dir) or anything but a regular file.
pub(super) fn not_regular(path: &Path) -> Option<String> {
    let m = fs::symlink_metadata(path).ok()?;
    if m.file_type().is_symlink() {
        Some("is a symbolic link; demarche does not follow links in its notes folder: put the file itself there".into())
    } else if !m.is_file() {
        Some("is not a regular file; move it out of the notes folder".into())
    } else {
        None
    }
}

/// Refuses a path that exists and is not a regular file (links are not followed).
fn refuse_special(path: &Path) -> Result<(), StoreError> {
    let refuse = |what: &str| StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!(
            "{what}; demarche writes only regular files: give a file name, or `-` for standard output"
        )),
    };
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
        Ok(m) if m.file_type().is_symlink() => Err(refuse("is a symbolic link, not replaced")),
        Ok(m) if m.is_dir() => Err(refuse("is a folder")),
        Ok(m) if !m.is_file() => Err(refuse("is a device, FIFO or socket, not replaced")),
        Ok(_) => Ok(()),
    }
}

/// Writes `bytes` to `path` so that a crash leaves either the old or the new file:
/// temp file in `tmp_dir` (on the same filesystem), fsync, keep `.bak` (if asked), rename,
/// fsync the folder `dir` that holds `path`.
pub(super) fn write_atomic(
    tmp_dir: &Path,
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    save: Save,
) -> Result<(), StoreError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| StoreError::Io { path: p, source }
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("notes.json");
    let pause = save.pause;
    let nanos = Utc::now().timestamp_subsec_nanos();
    let tmp = tmp_dir.join(format!("{name}{TMP_MARK}{}-{nanos}", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io(&tmp))?;
        f.write_all(bytes).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
        drop(f);
        if !pause.is_zero() {
            std::thread::sleep(pause);
        }
        if save.backup && path.exists() {
            keep_backup(dir, path, name)?;
        }
        fs::rename(&tmp, path).map_err(io(path))?;
        File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Keeps the current file as `<name>.bak` (hard link, else copy) before it is replaced.
fn keep_backup(dir: &Path, path: &Path, name: &str) -> Result<(), StoreError> {
    let bak = dir.join(format!("{name}.bak"));
    match fs::remove_file(&bak) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(StoreError::Io { path: bak, source }),
    }
    if fs::hard_link(path, &bak).is_err() {
        fs::copy(path, &bak).map_err(|source| StoreError::Io { path: bak, source })?;
    }
    Ok(())
}

/// The path stored in a statement's key: the file's canonical absolute path, so that the
/// same file reached by different routes is one statement, and whether the file still exists
/// can be asked later (see [`crate::model::identity`]).
#[must_use]
pub fn key_path(file: &Path) -> String {
    // A path that cannot be resolved (no such file: a test's hand-made statement) is kept
    // as given.
    let abs = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    abs.to_string_lossy().into_owned()
}

/// The key path of a statement's `source`: a file's canonical path, a bundled sample's
/// label as it is. It asks the filesystem: resolve it once, where files are read, and keep it.
#[must_use]
pub fn source_key_path(source: &str) -> String {
    if source.starts_with("bundled:") {
        source.to_owned()
    } else {
        key_path(Path::new(source))
    }
}
