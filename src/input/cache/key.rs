//! What identifies one version of a file on disk: its size, modification and change times in
//! nanoseconds, inode and device. Any edit, rename over, `touch` or copy changes one of them. They
//! are kept as one word, a SipHash of them all, since a run keeps a key for every file: two
//! versions of a file share a key only by a chance of one in 2^64.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey(u64);

impl FileKey {
    /// A key no file has: a stand-in where a file has none (it is never cached).
    pub fn none() -> FileKey {
        FileKey(0)
    }

    /// The key of `path` now, or `None` when it cannot be read or is not a regular file (such
    /// files, a FIFO among them, are never cached).
    pub fn of(path: &Path) -> Option<FileKey> {
        let meta = fs::metadata(path).ok().filter(fs::Metadata::is_file)?;
        let mut hasher = DefaultHasher::new();
        identity(&meta).hash(&mut hasher);
        // Never the stand-in.
        Some(FileKey(hasher.finish().max(1)))
    }
}

/// Size, modification and change times in nanoseconds, inode and device.
#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> (u64, i64, i64, i64, i64, u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (
        meta.size(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec(),
        meta.ino(),
        meta.dev(),
    )
}

#[cfg(not(unix))]
fn identity(meta: &fs::Metadata) -> (u64, i64, i64, i64, i64, u64, u64) {
    let since = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    let seconds = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
    (
        meta.len(),
        seconds,
        i64::from(since.subsec_nanos()),
        0,
        0,
        0,
        0,
    )
}

#[cfg(test)]
impl FileKey {
    /// A key for tests.
    pub fn test(n: u64) -> FileKey {
        FileKey(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_touched_file_has_another_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "x").unwrap();
        let before = FileKey::of(&path).unwrap();
        assert_eq!(FileKey::of(&path), Some(before));
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_ne!(FileKey::of(&path), Some(before));
        assert_eq!(FileKey::of(dir.path()), None, "a folder has no key");
    }
}
