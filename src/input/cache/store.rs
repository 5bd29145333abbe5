//! The cache of one set of inputs and settings: opened and read at the start of a run (a missing,
//! foreign or damaged cache is an empty one), handing out what was kept of each unchanged file, and
//! saved when the run is over, replacing the file atomically. The file is read and decoded a few
//! chunks ahead of the run on a thread of its own (a chunk per core at a time), while the run looks
//! up its files.

use std::collections::VecDeque;
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
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
    /// The chunks of the cache file still to come, while there are more of them.
    reader: Option<Ahead>,
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
            .and_then(|f| Reader::open(BufReader::with_capacity(1 << 16, f), &description))
            .map(Ahead::start);
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
            match reader.next() {
                Some((chunks, ended)) => {
                    self.window.extend(chunks.into_iter().flatten());
                    if ended {
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

/// Decoded chunks of records and whether they were the last; `None` where the file is damaged.
type Chunks = Option<(Vec<Vec<Record>>, bool)>;

/// How many chunks are read and decoded ahead of the run at most. Few: what is read ahead is
/// held beside what the run holds, and a run under an address-space limit that fits without the
/// cache must fit with it. Reading 256 chunks ahead (decoding while the folder is walked) made the
/// all-items rerun of 50,000 articles about 3% faster, and made the newest-50 rerun over 200,000
/// articles abort under address-space limits of 152 and 160 MiB, where it runs in 144.
const AHEAD: usize = 8;

/// Chunks decoded together: one per core.
fn per_batch() -> usize {
    rayon::current_num_threads().clamp(1, 4)
}

/// Where the chunks of a cache file come from.
enum Ahead {
    /// Read and decoded on a thread of its own (a chunk per core at a time, on all cores), about
    /// [`AHEAD`] chunks ahead of the run (and the batch being decoded), so a cache read ahead
    /// costs a few chunks' memory beyond what the run keeps, not the file's. The thread ends at
    /// the last chunk, or at the next batch once the run lets go of the cache.
    Thread(mpsc::Receiver<Chunks>),
    /// Read here, as the run asks for them: where no thread can be started (a process limit, or
    /// no memory for its stack), the run reads the cache itself.
    Here(Reader<BufReader<fs::File>>),
}

impl Ahead {
    /// Starts reading `reader` ahead, or else here.
    fn start(reader: Reader<BufReader<fs::File>>) -> Ahead {
        // Handed to the thread through a slot, so it is still here if the thread is refused.
        let slot = Arc::new(Mutex::new(Some(reader)));
        let theirs = Arc::clone(&slot);
        let (send, receive) = mpsc::sync_channel(AHEAD / per_batch());
        let spawned = std::thread::Builder::new()
            .name("cache".into())
            // It reads and waits; decoding runs on the thread pool.
            .stack_size(256 << 10)
            .spawn(move || {
                let Some(mut reader) = theirs.lock().ok().and_then(|mut r| r.take()) else {
                    return;
                };
                loop {
                    let chunks = next_chunks(&mut reader);
                    let last = !matches!(chunks, Some((_, false)));
                    if send.send(chunks).is_err() || last {
                        return;
                    }
                }
            });
        let left = || slot.lock().ok().and_then(|mut r| r.take());
        match spawned.ok().map_or_else(left, |_| None) {
            Some(reader) => Ahead::Here(reader),
            None => Ahead::Thread(receive),
        }
    }

    /// The next chunks; `None` where the file is damaged from there on.
    fn next(&mut self) -> Chunks {
        match self {
            // A thread that ended without a word (it panicked) left the rest unread: damaged.
            Ahead::Thread(receive) => receive.recv().ok().flatten(),
            Ahead::Here(reader) => next_chunks(reader),
        }
    }
}

/// The next chunks of `reader`, one per core, and whether they were the last.
fn next_chunks(reader: &mut Reader<BufReader<fs::File>>) -> Chunks {
    let chunks = reader.next_chunks(per_batch())?;
    Some((chunks, reader.ended()))
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

    /// Saves a cache of files `f0` to `f{count-1}` in `dir`; returns the path of its file.
    fn save_numbered(dir: &Path, count: u64) -> PathBuf {
        let diagnostics: Vec<Diagnostic> = Vec::new();
        let saved = (0..count).map(|i| super::super::record::Saved {
            path: path_hash(&format!("f{i}")),
            key: FileKey::test(1),
            kept: super::super::record::SavedReading {
                outcome: super::super::record::SavedOutcome::NotArticle,
                diagnostics: &diagnostics,
                fingerprint: i,
            },
        });
        let mut c = Cache::open(dir, &[], &ReadOptions::default(), Retain::default());
        c.save(saved).unwrap();
        c.file
    }

    /// The fingerprints `cache` gives for files `f0` to `f{count-1}`, asked for in order.
    fn taken(c: &mut Cache, count: u64) -> Vec<Option<u64>> {
        (0..count)
            .map(|i| {
                c.take(&format!("f{i}"), &FileKey::test(1))
                    .map(|r| r.fingerprint)
            })
            .collect()
    }

    #[test]
    fn a_cache_damaged_in_its_middle_gives_what_came_before_and_nothing_after() {
        let dir = tempfile::tempdir().unwrap();
        let file = save_numbered(dir.path(), 6000);
        let mut bytes = fs::read(&file).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0xff;
        fs::write(&file, &bytes).unwrap();
        let mut c = Cache::open(dir.path(), &[], &ReadOptions::default(), Retain::default());
        let got = taken(&mut c, 6000);
        let hits = got.iter().take_while(|g| g.is_some()).count();
        assert!(hits >= 1024, "the first chunk stands: {hits}");
        assert!(hits < 3000, "the damaged chunk does not: {hits}");
        assert!(
            got[hits..].iter().all(Option::is_none),
            "nothing after the damage"
        );
        assert!(
            got[..hits]
                .iter()
                .enumerate()
                .all(|(i, g)| *g == Some(i as u64))
        );
        assert!(c.has_leftovers(), "a damaged cache is saved again");
    }

    #[test]
    fn a_cache_read_here_gives_what_one_read_ahead_gives() {
        let dir = tempfile::tempdir().unwrap();
        save_numbered(dir.path(), 5000);
        let mut ahead = Cache::open(dir.path(), &[], &ReadOptions::default(), Retain::default());
        assert!(matches!(ahead.reader, Some(Ahead::Thread(_))));
        let mut here = Cache::open(dir.path(), &[], &ReadOptions::default(), Retain::default());
        // As where no thread can be started.
        let file = BufReader::new(open_regular(&here.file).unwrap());
        here.reader = Some(Ahead::Here(Reader::open(file, &here.description).unwrap()));
        let expected: Vec<Option<u64>> = (0..5000).map(Some).collect();
        assert_eq!(taken(&mut ahead, 5000), expected);
        assert_eq!(taken(&mut here, 5000), expected);
        assert!(!ahead.has_leftovers() && !here.has_leftovers());
    }

    #[test]
    fn a_run_that_lets_go_of_the_cache_early_saves_it() {
        let dir = tempfile::tempdir().unwrap();
        save_numbered(dir.path(), 50_000);
        let mut c = Cache::open(dir.path(), &[], &ReadOptions::default(), Retain::default());
        assert_eq!(taken(&mut c, 10), (0..10).map(Some).collect::<Vec<_>>());
        // The reading thread is still ahead (or blocked); saving must neither wait nor fail.
        let file = save_numbered(dir.path(), 3);
        assert!(fs::metadata(file).unwrap().len() < 1000);
        let mut c = Cache::open(dir.path(), &[], &ReadOptions::default(), Retain::default());
        assert_eq!(taken(&mut c, 4), vec![Some(0), Some(1), Some(2), None]);
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
