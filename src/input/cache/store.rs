//! The cache of one set of inputs and settings: opened and read at the start of a run (a missing,
//! foreign or damaged cache is an empty one), handing out what was kept of each unchanged file, and
//! saved when the run is over, replacing the file atomically.

use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rustc_hash::FxHashMap;

use super::format;
use super::key::FileKey;
use super::place::{build_key, file_name, prune};
use super::record::{Record, Saved};
use crate::input::options::ReadOptions;
use crate::input::outcome::{Entry, Reading, Retain};
use crate::publish::{TempFile, remove_stale};

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

impl Cache {
    /// Opens the cache for `inputs` read with `options` in `folder`; a missing, unreadable or
    /// invalid cache is an empty one, and so is a cache that does not fit in memory.
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
        let what = format!(
            "inputs={:?} site={:?} max_file_size={} articles={} facets={}",
            canonical, options.site_url, options.max_file_size, retain.articles, retain.facets,
        );
        let file = folder.join(file_name(crc32fast::hash(what.as_bytes())));
        let description = format!("{what} build={}", build_key());
        let entries: Vec<Option<Record>> = read_file(&file, &description)
            .unwrap_or_default()
            .into_iter()
            .map(Some)
            .collect();
        if !entries.is_empty() {
            // Used now: pruning goes by when a cache was last used.
            let _ = fs::File::options()
                .write(true)
                .open(&file)
                .and_then(|f| f.set_modified(SystemTime::now()));
        }
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

    /// Lets go of the entries no file took (files gone since), once every file was read.
    pub fn done_reading(&mut self) {
        self.entries = Vec::new();
        self.index = None;
    }

    /// Replaces the cache with `files`, written a chunk at a time into a temporary file that then
    /// takes the cache's place; then prunes the cache folder. What was left of the old entries is
    /// dropped first.
    pub fn save<'a>(&mut self, files: impl Iterator<Item = Saved<'a>>) -> std::io::Result<()> {
        self.entries = Vec::new();
        self.index = None;
        let folder = self.file.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(folder)?;
        remove_stale(folder);
        let name = self
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut temp = TempFile::create(folder, &name)?;
        let file = temp
            .file
            .take()
            .ok_or_else(|| std::io::Error::other("no temporary file"))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        format::write(&mut out, &self.description, files)?;
        drop(out);
        temp.persist(&self.file)?;
        prune(&self.file);
        Ok(())
    }
}

/// The records of the cache file at `path`, if it is a regular file holding a valid cache for
/// `description`. A FIFO or device put in its place is never opened for reading.
fn read_file(path: &Path, description: &str) -> Option<Vec<Record>> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut options = fs::File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    format::read(&mut BufReader::with_capacity(1 << 16, file), description)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Diagnostic;
    use crate::input::outcome::Outcome;

    fn kept(note: &str) -> Reading<Entry> {
        Reading {
            outcome: Outcome::NotArticle,
            diagnostics: vec![Diagnostic::warning(None, note)],
            fingerprint: 0,
        }
    }

    fn cache(paths: &[&str]) -> (Cache, FileKey) {
        let key = FileKey::test(1);
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
        let changed = FileKey::test(9);
        assert_eq!(note(c.take("a", &changed)), None);
        assert_eq!(c.len(), 1);
        assert_eq!(note(c.take("b", &key)).as_deref(), Some("b"));
    }

    #[test]
    fn a_fifo_or_device_in_the_cache_s_place_is_not_read() {
        assert!(read_file(Path::new("/dev/zero"), "d").is_none());
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.cache");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(read_file(&fifo, "d").is_none(), "a FIFO is never opened");
        }
    }
}
