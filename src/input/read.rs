//! Reading files: every source of a run on all cores, in order, reduced as soon as each is read and
//! taken from the cache when unchanged; and one file's bytes into a [`Reading`].

use std::io::{Read, Seek};
use std::path::PathBuf;

use rayon::prelude::*;

use super::cache::{Cache, FileKey};
use super::discover::{Source, Sources, is_stdin};
use super::feed;
use super::options::ReadOptions;
use super::outcome::{Entry, Outcome, Reading, Retain, fingerprint};
use super::{front_matter, mapping, post, raw};
use crate::error::{Diagnostic, Error};
use crate::report::Progress;

/// Files read in parallel before what was kept of them is handed on, in order: enough to keep both
/// cores busy, few enough that the per-file records of a chunk take little memory.
const CHUNK: usize = 4096;

/// Reads every source, in parallel, and hands `sink` what [`Reading::retain`] keeps of each (and
/// its cache key, when there is a cache), in source order, taking unchanged files from `cache`.
/// Files are read a chunk at a time and each is reduced as soon as it is read, so the records of
/// only one chunk are ever held beside what `sink` keeps. Returns whether the cache no longer
/// matches the files (and should be saved).
pub fn read_all(
    sources: &Sources,
    options: &ReadOptions,
    progress: &dyn Progress,
    mut cache: Option<&mut Cache>,
    retain: Retain,
    mut sink: impl FnMut(usize, Option<FileKey>, Reading<Entry>),
) -> bool {
    let mut hits = 0;
    for first in (0..sources.len()).step_by(CHUNK) {
        let files = sources.slice(first..(first + CHUNK).min(sources.len()));
        // Keys are taken before reading, so a file changed while it is read is read again next time.
        let keys: Vec<Option<FileKey>> = match cache {
            Some(_) => files.par_iter().map(key_of).collect(),
            None => vec![None; files.len()],
        };
        let cached: Vec<Option<Reading<Entry>>> = match cache.as_deref_mut() {
            Some(cache) => files
                .iter()
                .zip(&keys)
                .enumerate()
                .map(|(j, (source, key))| cached(cache, source, key.as_ref(), first + j, retain))
                .collect(),
            None => (0..files.len()).map(|_| None).collect(),
        };
        hits += cached.iter().filter(|c| c.is_some()).count();
        let kept: Vec<Reading<Entry>> = files
            .par_iter()
            .zip(cached)
            .enumerate()
            .map(|(j, (source, hit))| {
                let reading =
                    hit.unwrap_or_else(|| read_one(source, options).retain(first + j, retain));
                progress.step();
                reading
            })
            .collect();
        for (j, (key, reading)) in keys.into_iter().zip(kept).enumerate() {
            sink(first + j, key, reading);
        }
    }
    cache.is_some_and(|c| hits != sources.len() || c.has_leftovers())
}

/// The cache key of a file (none for standard input).
fn key_of(source: &Source) -> Option<FileKey> {
    match source {
        Source::File(path) | Source::Named(path) => FileKey::of(path),
        Source::Stdin => None,
    }
}

/// What the cache kept of `source`, input file number `file`, when its key still matches and the
/// cache holds what the run needs of it.
fn cached(
    cache: &mut Cache,
    source: &Source,
    key: Option<&FileKey>,
    file: usize,
    retain: Retain,
) -> Option<Reading<Entry>> {
    let mut reading = cache.take(&source.display_name(), key?)?;
    match &mut reading.outcome {
        // A cache made without whole articles cannot serve a run that needs them.
        Outcome::Article(Entry { article: None, .. }) if retain.articles => return None,
        Outcome::Article(entry) => entry.candidate.item = crate::model::ItemRef::file(file),
        _ => {}
    }
    Some(reading)
}

/// Reads `sources` again, in parallel, whole: the few files a feed shows that a run did not keep.
pub fn read_again(sources: &[Source], options: &ReadOptions) -> Vec<Reading> {
    sources
        .par_iter()
        .map(|source| read_one(source, options))
        .collect()
}

/// Reads one source: a feed when it is one a feed may be (named, or standard input), else an
/// article file.
fn read_one(source: &Source, options: &ReadOptions) -> Reading {
    let path = source.display_name();
    let bytes = match load(source, options) {
        Ok(bytes) => bytes,
        Err(d) => {
            return Reading {
                outcome: Outcome::Rejected,
                diagnostics: vec![d.into_diagnostic(&path)],
                fingerprint: 0,
            };
        }
    };
    // Only files named on the command line (and standard input) may be feeds.
    let may_be_feed = matches!(source, Source::Named(_) | Source::Stdin);
    if let Some(kind) = feed::sniff(&bytes).filter(|_| may_be_feed) {
        let (read, diagnostics) = feed::read(&path, &bytes, kind, options);
        let outcome = match read {
            Some(read) => Outcome::Feed(Box::new(read)),
            None => Outcome::Rejected,
        };
        return Reading {
            outcome,
            diagnostics,
            fingerprint: 0,
        };
    }
    let (outcome, diagnostics) = parse_file(&path, &source.file_name(), &bytes, options);
    Reading {
        outcome,
        diagnostics,
        fingerprint: fingerprint(&bytes),
    }
}

/// Why a file could not be loaded.
enum LoadError {
    Io(std::io::Error),
    /// The file's size, the limit it is over, and whether that is a feed's limit.
    TooLarge(u64, u64, bool),
}

impl LoadError {
    fn into_diagnostic(self, path: &str) -> Diagnostic {
        match self {
            LoadError::Io(err) => {
                Diagnostic::error(Some(path), format!("cannot read the file: {err}"))
                    .help("check that the file exists and is readable")
            }
            LoadError::TooLarge(size, limit, feed) => Diagnostic::error(
                Some(path),
                format!(
                    "the file is {} bytes, over the limit of {limit} bytes; it is not read",
                    size
                ),
            )
            .help(match feed {
                true => "raise the limit with --max-file-size if this really is a feed",
                false => "raise the limit with --max-file-size if this really is an article",
            }),
        }
    }
}

/// Reads a source, refusing files over `limit` bytes before reading them (standard input is read
/// up to the limit).
fn load(source: &Source, options: &ReadOptions) -> Result<Vec<u8>, LoadError> {
    let (articles, feeds) = (options.max_file_size, options.max_feed_size);
    // A feed may be larger than an article; only named files and standard input may be feeds.
    let too_large = |bytes: &[u8], size: u64| match feed::sniff(bytes) {
        Some(_) if size <= feeds => None,
        Some(_) => Some(LoadError::TooLarge(size, feeds, true)),
        None => (size > articles).then_some(LoadError::TooLarge(size, articles, false)),
    };
    match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(articles.max(feeds) + 1)
                .read_to_end(&mut bytes)
                .map_err(LoadError::Io)?;
            match too_large(&bytes, bytes.len() as u64) {
                Some(err) => Err(err),
                None => Ok(bytes),
            }
        }
        Source::File(path) | Source::Named(path) => {
            let mut file = std::fs::File::open(path).map_err(LoadError::Io)?;
            let size = file.metadata().map_err(LoadError::Io)?.len();
            let limit = match source {
                Source::Named(_) if size > articles => {
                    // Over an article's limit: read no more than the first bytes unless it is a feed.
                    let mut head = Vec::with_capacity(1024);
                    (&mut file)
                        .take(1024)
                        .read_to_end(&mut head)
                        .map_err(LoadError::Io)?;
                    if let Some(err) = too_large(&head, size) {
                        return Err(err);
                    }
                    file.seek(std::io::SeekFrom::Start(0))
                        .map_err(LoadError::Io)?;
                    feeds
                }
                _ if size > articles => return Err(LoadError::TooLarge(size, articles, false)),
                _ => articles,
            };
            let mut bytes = Vec::with_capacity(size as usize);
            file.take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(LoadError::Io)?;
            if bytes.len() as u64 > limit {
                return Err(LoadError::TooLarge(
                    bytes.len() as u64,
                    limit,
                    limit != articles,
                ));
            }
            Ok(bytes)
        }
    }
}

/// Turns the bytes of one article file into an outcome. `file_name` is used for Jekyll-style dates.
pub fn parse_file(
    path: &str,
    file_name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> (Outcome, Vec<Diagnostic>) {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        // An empty file where a generator keeps its posts is not a post, as the generator sees it.
        if let Some(site) = options.site.as_deref()
            && let Some(read) = post::read_post(path, "", site, options)
        {
            return read;
        }
        let d = Diagnostic::error(Some(path), "the file is empty")
            .help("write the article's front matter between two `---` lines, or delete the file");
        return (Outcome::Rejected, vec![d]);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let d =
            Diagnostic::error(Some(path), "the file is UTF-16 text").help("save the file as UTF-8");
        return (Outcome::Rejected, vec![d]);
    }
    // Images, PDFs and other binary files beside the articles are not articles, nor errors.
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return (Outcome::NoFrontMatter, Vec::new());
    }
    let text = match front_matter::decode(path, bytes) {
        Ok(text) => text,
        Err(d) => return (Outcome::Rejected, vec![*d]),
    };
    if let Some(site) = options.site.as_deref()
        && let Some(read) = post::read_post(path, &text, site, options)
    {
        return read;
    }
    let split = match front_matter::split(&text) {
        Ok(Some(split)) => split,
        Ok(None) => return (Outcome::NoFrontMatter, Vec::new()),
        Err(problem) => {
            return (
                Outcome::Rejected,
                vec![problem.into_diagnostic(path, &text)],
            );
        }
    };
    let (raw, mut diagnostics) = match raw::parse(&split, &text, path) {
        Ok(parsed) => parsed,
        Err(d) => return (Outcome::Rejected, vec![*d]),
    };
    let file = mapping::SourceFile {
        path,
        file_name,
        text: &text,
        split: &split,
    };
    let (outcome, more) = mapping::to_article(raw, &file, options);
    diagnostics.extend(more);
    diagnostics.sort_by_key(|d| d.location.map(|l| (l.line, l.column)));
    (outcome, diagnostics)
}

/// Rejects, before anything is read, input paths that do not exist (exit code 2, nothing
/// written), and those that cannot be read: an unreadable input is an I/O error, not an empty one.
pub fn check_inputs(inputs: &[PathBuf]) -> Result<(), Error> {
    for input in inputs.iter().filter(|p| !is_stdin(p)) {
        let Ok(meta) = std::fs::metadata(input) else {
            return Err(Error::config(
                Diagnostic::error(Some(&input.display().to_string()), "no such file or folder")
                    .help("check the path; nothing was written"),
            ));
        };
        // A FIFO is not opened here: it can be read only once.
        let readable = if meta.is_dir() {
            std::fs::read_dir(input).map(drop)
        } else if meta.is_file() {
            std::fs::File::open(input).map(drop)
        } else {
            Ok(())
        };
        readable.map_err(|source| Error::Io {
            context: format!("cannot read {}; nothing was written", input.display()),
            source,
        })?;
    }
    Ok(())
}
