//! The store's lock: one process saves at a time.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use super::{ReadOnlyReason, StoreError};

/// How often a waiting save tries the lock again.
const RETRY_EVERY: Duration = Duration::from_millis(10);

/// The exclusive lock on `notes/.lock`, held for one save. A separate file, because the
/// rename puts a new inode in place and a lock on the data file would not follow it.
pub(super) struct DirLock {
    _file: File,
}

impl DirLock {
    /// Takes the lock, waiting up to `wait` for another process to release it.
    pub(super) fn acquire(dir: &Path, wait: Duration) -> Result<Self, StoreError> {
        let path = dir.join(".lock");
        // A link would make the lock create or truncate a file elsewhere: refused.
        if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(StoreError::ReadOnly {
                path,
                reason: ReadOnlyReason::Other(
                    "the lock file is a link or not a regular file; remove it (demarche makes a new one)".into(),
                ),
            });
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                // Closing the file (on drop) releases the lock, also when the process dies.
                Ok(()) => return Ok(Self { _file: file }),
                Err(TryLockError::Error(source)) => return Err(StoreError::Io { path, source }),
                Err(TryLockError::WouldBlock) if started.elapsed() >= wait => {
                    return Err(StoreError::Locked {
                        path,
                        waited: started.elapsed(),
                    });
                }
                Err(TryLockError::WouldBlock) => std::thread::sleep(RETRY_EVERY),
            }
        }
    }
}
