//! What identifies one version of a file on disk: its size, modification and change times in
//! nanoseconds, inode and device. Any edit, rename over, `touch` or copy changes one of them.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey {
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    inode: u64,
    device: u64,
}

impl FileKey {
    /// The key of `path` now, or `None` when it cannot be read or is not a regular file (such
    /// files, a FIFO among them, are never cached).
    pub fn of(path: &Path) -> Option<FileKey> {
        let meta = fs::metadata(path).ok().filter(fs::Metadata::is_file)?;
        Some(key_of_metadata(&meta))
    }
}

#[cfg(unix)]
fn key_of_metadata(meta: &fs::Metadata) -> FileKey {
    use std::os::unix::fs::MetadataExt;
    FileKey {
        size: meta.size(),
        mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
        ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        inode: meta.ino(),
        device: meta.dev(),
    }
}

#[cfg(not(unix))]
fn key_of_metadata(meta: &fs::Metadata) -> FileKey {
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    FileKey {
        size: meta.len(),
        mtime_ns,
        ctime_ns: 0,
        inode: 0,
        device: 0,
    }
}

#[cfg(test)]
impl FileKey {
    /// A key for tests.
    pub fn test(size: u64) -> FileKey {
        FileKey {
            size,
            mtime_ns: 2,
            ctime_ns: 3,
            inode: 4,
            device: 5,
        }
    }
}
