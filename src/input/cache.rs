//! A cache of parsed files, so a cron job that reruns on an unchanged folder does not parse it again.
//!
//! One file per set of inputs, in the user's cache folder (never inside the input folders). Each entry
//! is keyed on the file's path, size, modification time in nanoseconds, change time, inode and device:
//! any edit, rename over, `touch` or copy changes one of them. What such a key can still miss: a file
//! rewritten with the same size within the file system's timestamp granularity and with its change time
//! restored (which needs the system clock set back), or a file system that reports no inode or change
//! time. `--no-cache` ignores the cache for such cases.
//!
//! What is cached of a file is what a run keeps of it (a [`Reading`] of an [`Entry`]): its
//! diagnostics and the candidate of its article, and the full article only for runs that keep full
//! articles (an all-items feed); those runs have a cache of their own. Other runs read the few files
//! their feeds show again.
//!
//! The cache can never make output wrong: a file that is truncated, corrupt (checksum), from another
//! frontfeed version or cache format, or made for other inputs or settings is ignored whole; a file is
//! replaced atomically, so concurrent runs each see a whole cache. A cached file keeps its diagnostics,
//! so errors in unchanged broken files are reported on every run.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::discover::Source;
use super::options::ReadOptions;
use super::outcome::{Entry, Reading, Retain};

/// Bumped whenever the cached data's shape changes.
const FORMAT: u32 = 6;
/// Entries per independently encoded chunk, so chunks encode and decode on all cores.
const CHUNK: usize = 1024;
const MAGIC: &[u8; 16] = b"frontfeed-cache\0";

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
    /// The key of `path` now, or `None` when it cannot be read (such files are never cached).
    pub fn of(path: &Path) -> Option<FileKey> {
        let meta = fs::metadata(path).ok()?;
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

/// One cached file, as read back.
#[derive(Deserialize)]
struct Record {
    path: String,
    key: FileKey,
    kept: Reading<Entry>,
}

/// One cached file, as written: the same fields, borrowed.
#[derive(Serialize)]
struct RecordRef<'a> {
    path: String,
    key: FileKey,
    kept: &'a Reading<Entry>,
}

/// The cache of one set of inputs and settings.
pub struct Cache {
    file: PathBuf,
    description: String,
    /// In the order they were saved, which is the order of the inputs then; taken entries are `None`.
    entries: Vec<Option<Record>>,
    /// Entries still cached.
    remaining: usize,
    /// The entry the next file is expected at: files come in the saved order unless files were
    /// added, removed or renamed.
    next: usize,
    /// Where each path's entry is, built only when a file is not where the order puts it.
    index: Option<FxHashMap<String, usize>>,
}

/// The size and modification time of the running program, so a rebuilt or upgraded frontfeed never
/// takes what an older build read (its rules or messages may have changed) from the cache.
fn build_identity() -> String {
    std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", m.len())
        })
        .unwrap_or_default()
}

/// The default cache folder: `$XDG_CACHE_HOME/frontfeed`, else `~/.cache/frontfeed`.
pub fn default_folder() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let home = std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|h| PathBuf::from(h).join(".cache"));
    xdg.or(home).map(|d| d.join("frontfeed"))
}

impl Cache {
    /// Opens the cache for `inputs` read with `options` in `folder`; a missing, unreadable or
    /// invalid cache is an empty one.
    /// `retain` says whether the run keeps full articles and facets; each kind of run has a cache
    /// of its own, since only some hold the articles, and only some the facets.
    pub fn open(folder: &Path, inputs: &[PathBuf], options: &ReadOptions, retain: Retain) -> Cache {
        let canonical: Vec<String> = inputs
            .iter()
            .map(|p| {
                fs::canonicalize(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string()
            })
            .collect();
        let description = format!(
            "inputs={:?} site={:?} rules={:?} max_file_size={} articles={} facets={} version={} build={}",
            canonical,
            options.site_url,
            options.site.as_ref().map(|s| (s.kind(), s.fingerprint)),
            options.max_file_size,
            retain.articles,
            retain.facets,
            env!("CARGO_PKG_VERSION"),
            build_identity()
        );
        let name = format!("{:08x}.cache", crc32fast::hash(description.as_bytes()));
        let file = folder.join(name);
        let entries = fs::read(&file)
            .ok()
            .and_then(|bytes| decode(&bytes, &description))
            .unwrap_or_default();
        Cache {
            file,
            description,
            remaining: entries.len(),
            entries,
            next: 0,
            index: None,
        }
    }

    /// How many files the cache knows.
    pub fn len(&self) -> usize {
        self.remaining
    }

    /// True when the cache knows no file.
    pub fn is_empty(&self) -> bool {
        self.remaining == 0
    }

    /// Takes what was kept of `path` when its key still matches. Files asked for in the order they
    /// were saved are found without a lookup.
    pub fn take(&mut self, path: &str, key: &FileKey) -> Option<Reading<Entry>> {
        let expected = self
            .entries
            .get(self.next)
            .and_then(Option::as_ref)
            .is_some_and(|e| e.path == path);
        let at = if expected {
            self.next
        } else {
            let entries = &self.entries;
            let index = self.index.get_or_insert_with(|| {
                entries
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| Some((e.as_ref()?.path.clone(), i)))
                    .collect()
            });
            index.remove(path)?
        };
        let entry = self.entries.get_mut(at)?.take()?;
        self.remaining -= 1;
        self.next = at + 1;
        (entry.key == *key).then_some(entry.kept)
    }

    /// Replaces the cache with what was kept of these files (files without a key are left out),
    /// atomically.
    pub fn save(
        &self,
        sources: &[Source],
        keys: &[Option<FileKey>],
        kept: &[Reading<Entry>],
    ) -> std::io::Result<()> {
        let entries: Vec<RecordRef<'_>> = sources
            .iter()
            .zip(keys)
            .zip(kept)
            .filter_map(|((source, key), kept)| match (source, key) {
                (Source::File(_) | Source::Named(_), Some(key)) => Some(RecordRef {
                    path: source.display_name(),
                    key: *key,
                    kept,
                }),
                _ => None,
            })
            .collect();
        let chunks: Vec<Vec<u8>> = entries
            .par_chunks(CHUNK)
            .map(postcard::to_stdvec)
            .collect::<Result<_, _>>()
            .map_err(std::io::Error::other)?;
        // Written straight from the encoded chunks (no second copy of a cache that can reach
        // hundreds of megabytes); the CRC covers the payload, each chunk after its length.
        let payload_len: usize = chunks.iter().map(|c| c.len() + 8).sum();
        let mut crc = crc32fast::Hasher::new();
        for chunk in &chunks {
            crc.update(&(chunk.len() as u64).to_le_bytes());
            crc.update(chunk);
        }
        let crc = crc.finalize();
        let folder = self.file.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(folder)?;
        let temp = folder.join(format!(".{}.{crc}.tmp", std::process::id()));
        let written = fs::File::create(&temp)
            .and_then(|file| {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
                out.write_all(MAGIC)?;
                out.write_all(&FORMAT.to_le_bytes())?;
                out.write_all(&(self.description.len() as u64).to_le_bytes())?;
                out.write_all(self.description.as_bytes())?;
                out.write_all(&(payload_len as u64).to_le_bytes())?;
                out.write_all(&crc.to_le_bytes())?;
                for chunk in &chunks {
                    out.write_all(&(chunk.len() as u64).to_le_bytes())?;
                    out.write_all(chunk)?;
                }
                out.flush()
            })
            .and_then(|()| fs::rename(&temp, &self.file));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written
    }
}

/// The entries of a cache file, or `None` when it is not a whole, valid cache for `description`.
fn decode(bytes: &[u8], description: &str) -> Option<Vec<Option<Record>>> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (format, rest) = rest.split_at_checked(4)?;
    if u32::from_le_bytes(format.try_into().ok()?) != FORMAT {
        return None;
    }
    let (len, rest) = rest.split_at_checked(8)?;
    let (stored, rest) =
        rest.split_at_checked(usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?)?;
    if stored != description.as_bytes() {
        return None;
    }
    let (len, rest) = rest.split_at_checked(8)?;
    let (crc, payload) = rest.split_at_checked(4)?;
    if usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()? != payload.len()
        || u32::from_le_bytes(crc.try_into().ok()?) != crc32fast::hash(payload)
    {
        return None;
    }
    let mut chunks = Vec::new();
    let mut rest = payload;
    while !rest.is_empty() {
        let (len, after) = rest.split_at_checked(8)?;
        let (chunk, after) = after
            .split_at_checked(usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?)?;
        chunks.push(chunk);
        rest = after;
    }
    let decoded: Option<Vec<Vec<Record>>> = chunks
        .par_iter()
        .map(|c| postcard::from_bytes(c).ok())
        .collect();
    Some(decoded?.into_iter().flatten().map(Some).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(note: &str) -> Reading<Entry> {
        Reading {
            outcome: crate::input::outcome::Outcome::NotArticle,
            diagnostics: vec![crate::error::Diagnostic::warning(None, note)],
        }
    }

    fn cache(paths: &[&str]) -> (Cache, FileKey) {
        let key = FileKey {
            size: 1,
            mtime_ns: 2,
            ctime_ns: 3,
            inode: 4,
            device: 5,
        };
        let entries: Vec<Option<Record>> = paths
            .iter()
            .map(|p| {
                Some(Record {
                    path: (*p).to_owned(),
                    key,
                    kept: kept(p),
                })
            })
            .collect();
        let cache = Cache {
            file: PathBuf::new(),
            description: String::new(),
            remaining: entries.len(),
            entries,
            next: 0,
            index: None,
        };
        (cache, key)
    }

    fn note(kept: Option<Reading<Entry>>) -> Option<String> {
        Some(kept?.diagnostics[0].message.clone())
    }

    #[test]
    fn files_in_saved_order_or_not_find_their_entries_once() {
        let (mut c, key) = cache(&["a", "b", "c", "d"]);
        assert_eq!(note(c.take("a", &key)).as_deref(), Some("a"));
        // "b" was removed and "x" added: the order is lost and found again.
        assert_eq!(note(c.take("x", &key)), None);
        assert_eq!(note(c.take("c", &key)).as_deref(), Some("c"));
        assert_eq!(note(c.take("d", &key)).as_deref(), Some("d"));
        assert_eq!(note(c.take("d", &key)), None, "an entry is taken once");
        assert_eq!(note(c.take("b", &key)).as_deref(), Some("b"));
        assert!(c.is_empty());
    }

    #[test]
    fn a_changed_key_takes_the_entry_but_gives_nothing() {
        let (mut c, key) = cache(&["a", "b"]);
        let changed = FileKey { size: 9, ..key };
        assert_eq!(note(c.take("a", &changed)), None);
        assert_eq!(c.len(), 1);
        assert_eq!(note(c.take("b", &key)).as_deref(), Some("b"));
    }
}
