//! The cache of one set of inputs and settings: opened and read at the start of a run (a missing,
//! foreign or damaged cache is an empty one), handing out what was kept of each unchanged file, and
//! saved when the run is over, replacing the file atomically.

use std::collections::VecDeque;
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::format::{self, Reader};
use super::key::FileKey;
use super::place::{build_key, file_name, prune};
use super::record::{Record, Saved, path_hash};
use crate::input::options::ReadOptions;
use crate::input::outcome::{Entry, Reading, Retain};
use crate::publish::{TempFile, remove_stale};

/// The cache of one set of inputs and settings.
pub struct Cache {
    file: PathBuf,
    description: String,
    /// The cache file being read, while there is more of it.
    reader: Option<Reader<BufReader<fs::File>>>,
    /// Whether the whole file was read (and its records counted).
    ended: bool,
    /// Records read and not yet passed, in the order they were saved, which is the order of the
    /// inputs then: a run in that order holds only these beside what it took.
    window: VecDeque<Record>,
    /// Records passed over without a file asking for them: files gone since.
    skipped: usize,
}

/// How many records ahead a file that is not where the saved order puts it is looked for; one
/// that is not there is read again.
const LOOKAHEAD: usize = 1024;

impl Cache {
    /// Opens the cache for `inputs` read with `options` in `folder`; a missing, unreadable or
    /// invalid cache is an empty one. Records are read as the run asks for them.
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
            "inputs={:?} site={:?} rules={:?} feed_base={:?} max_file_size={} max_feed_size={} articles={} facets={}",
            canonical,
            options.site_url,
            options.site.as_ref().map(|s| (s.kind(), s.fingerprint)),
            options.feed_base,
            options.max_file_size,
            options.max_feed_size,
            retain.articles,
            retain.facets,
        );
        let file = folder.join(file_name(crc32fast::hash(what.as_bytes())));
        let description = format!("{what} build={}", build_key());
        let reader = open_regular(&file)
            .and_then(|f| Reader::open(BufReader::with_capacity(1 << 16, f), &description));
        if reader.is_some() {
            // Used now: pruning goes by when a cache was last used.
            let _ = fs::File::options()
                .write(true)
                .open(&file)
                .and_then(|f| f.set_modified(SystemTime::now()));
        }
        Cache {
            file,
            description,
            reader,
            ended: false,
            window: VecDeque::new(),
            skipped: 0,
        }
    }

    /// Reads records until `want` are at hand or the file ends.
    fn fill(&mut self, want: usize) {
        while self.window.len() < want {
            let Some(reader) = self.reader.as_mut() else {
                return;
            };
            match reader.next_chunk() {
                Some(records) => {
                    self.window.extend(records);
                    if reader.ended() {
                        self.ended = true;
                        self.reader = None;
                    }
                }
                // Damaged from here on: what was read stands, the rest is not used.
                None => self.reader = None,
            }
        }
    }

    /// Takes what was kept of `path` when its key still matches. Files asked for in the order they
    /// were saved are found at once; the records of files gone since are passed over.
    pub fn take(&mut self, path: &str, key: &FileKey) -> Option<Reading<Entry>> {
        let hash = path_hash(path);
        self.fill(LOOKAHEAD);
        let at = self
            .window
            .iter()
            .take(LOOKAHEAD)
            .position(|r| r.path == hash)?;
        self.skipped += at;
        self.window.drain(..at);
        let record = self.window.pop_front()?;
        (record.key == *key).then_some(record.kept)
    }

    /// Whether, every file having been asked for, the cache holds records no file asked for: files
    /// gone since (or the rest of a damaged cache).
    pub fn has_leftovers(&mut self) -> bool {
        self.fill(1);
        self.skipped > 0 || !self.window.is_empty() || !self.ended
    }

    /// Lets go of what no file took, once every file was read.
    pub fn done_reading(&mut self) {
        self.reader = None;
        self.window = VecDeque::new();
    }

    /// Replaces the cache with `files`, written a chunk at a time into a temporary file that then
    /// takes the cache's place; then prunes the cache folder. What was left of the old entries is
    /// dropped first.
    pub fn save<'a>(&mut self, files: impl Iterator<Item = Saved<'a>>) -> std::io::Result<()> {
        self.done_reading();
        let folder = self.file.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(folder)?;
        remove_stale(folder);
        let (temp, file) = TempFile::beside(&self.file)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        format::write(&mut out, &self.description, files)?;
        drop(out);
        temp.persist(&self.file)?;
        prune(&self.file);
        Ok(())
    }
}

/// The cache file at `path`, if it is a regular file. A FIFO or device put in its place is never
/// opened for reading.
fn open_regular(path: &Path) -> Option<fs::File> {
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
    file.metadata().ok()?.is_file().then_some(file)
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

    /// A cache of `paths`, as a run reading it sees it.
    fn cache(paths: &[&str]) -> (Cache, FileKey) {
        let key = FileKey::test(1);
        let window: VecDeque<Record> = paths
            .iter()
            .map(|p| Record {
                path: path_hash(p),
                key,
                kept: kept(p),
            })
            .collect();
        let cache = Cache {
            file: PathBuf::new(),
            description: String::new(),
            reader: None,
            ended: true,
            window,
            skipped: 0,
        };
        (cache, key)
    }

    fn note(kept: Option<Reading<Entry>>) -> Option<String> {
        Some(kept?.diagnostics[0].message.clone())
    }

    #[test]
    fn files_in_saved_order_find_their_entries_and_gone_files_are_passed_over() {
        let (mut c, key) = cache(&["a", "b", "c", "d"]);
        assert_eq!(note(c.take("a", &key)).as_deref(), Some("a"));
        // "b" was removed and "x" added.
        assert_eq!(note(c.take("x", &key)), None);
        assert_eq!(note(c.take("c", &key)).as_deref(), Some("c"));
        assert_eq!(note(c.take("d", &key)).as_deref(), Some("d"));
        assert_eq!(note(c.take("d", &key)), None, "an entry is taken once");
        assert!(c.has_leftovers(), "b was passed over");
        let (mut c, key) = cache(&["a", "b"]);
        c.take("a", &key);
        assert!(c.has_leftovers(), "b is left");
        c.take("b", &key);
        assert!(!c.has_leftovers());
    }

    #[test]
    fn a_saved_cache_is_read_as_the_run_asks_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let options = ReadOptions::default();
        let mut c = Cache::open(dir.path(), &[], &options, Retain::default());
        let key = FileKey::test(1);
        let diagnostics: Vec<Diagnostic> = Vec::new();
        let saved = (0..5000).map(|i| super::super::record::Saved {
            path: path_hash(&format!("f{i}")),
            key,
            kept: super::super::record::SavedReading {
                outcome: super::super::record::SavedOutcome::NotArticle,
                diagnostics: &diagnostics,
                fingerprint: i,
            },
        });
        c.save(saved).unwrap();
        let mut c = Cache::open(dir.path(), &[], &options, Retain::default());
        for i in (0..5000).filter(|i| i % 7 != 0) {
            let got = c.take(&format!("f{i}"), &key).map(|r| r.fingerprint);
            assert_eq!(got, Some(i));
        }
        assert!(c.has_leftovers(), "the files gone were passed over");
    }

    #[test]
    fn a_changed_key_takes_the_entry_but_gives_nothing() {
        let (mut c, key) = cache(&["a", "b"]);
        let changed = FileKey::test(9);
        assert_eq!(note(c.take("a", &changed)), None);
        assert_eq!(note(c.take("a", &key)), None, "taken");
        assert_eq!(note(c.take("b", &key)).as_deref(), Some("b"));
    }

    #[test]
    fn a_fifo_or_device_in_the_cache_s_place_is_not_read() {
        assert!(open_regular(Path::new("/dev/zero")).is_none());
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.cache");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(open_regular(&fifo).is_none(), "a FIFO is never opened");
        }
    }
}
