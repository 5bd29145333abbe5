//! Reading files: every source of a run on all cores, in order, reduced as soon as each is read and
//! taken from the cache when unchanged; and one file's bytes into a [`Reading`].

use std::io::Read;
use std::path::PathBuf;

use rayon::prelude::*;

use super::cache::{Cache, FileKey};
use super::discover::{Source, Sources};
use super::feed;
use super::options::ReadOptions;
use super::outcome::{Entry, Outcome, Reading, Retain};
use super::{front_matter, mapping, post, raw};
use crate::error::{Diagnostic, Error};
use crate::report::Progress;

/// Files read in parallel before what was kept of them is handed on, in order: enough to keep both
/// cores busy, few enough that the per-file records of a chunk take little memory.
const CHUNK: usize = 4096;

/// Reads every source, in parallel, and hands `sink` what [`Reading::retain`] keeps of each, in
/// source order, taking unchanged files from `cache` when given (and rewriting it when anything
/// changed). Each file is reduced as soon as it is read; without a cache, files are read a chunk at
/// a time, so the records of only one chunk are ever held beside what `sink` keeps.
pub fn read_all(
    sources: &Sources,
    options: &ReadOptions,
    progress: &dyn Progress,
    cache: Option<Cache>,
    retain: Retain,
    mut sink: impl FnMut(usize, Reading<Entry>),
) {
    match cache {
        Some(mut cache) => {
            let kept = read_with_cache(sources, options, progress, &mut cache, retain);
            for (i, reading) in kept.into_iter().enumerate() {
                sink(i, reading);
            }
        }
        None => {
            for first in (0..sources.len()).step_by(CHUNK) {
                let files = sources.slice(first..(first + CHUNK).min(sources.len()));
                let kept: Vec<Reading<Entry>> = files
                    .par_iter()
                    .enumerate()
                    .map(|(j, source)| {
                        let reading = read_one(source, options).retain(first + j, retain);
                        progress.step();
                        reading
                    })
                    .collect();
                for (j, reading) in kept.into_iter().enumerate() {
                    sink(first + j, reading);
                }
            }
        }
    }
}

/// Reads the files the cache does not hold as they are now, and saves the cache when anything
/// changed. Sources are made one at a time where needed, so a rerun holds no list of 50,000 paths.
fn read_with_cache(
    sources: &Sources,
    options: &ReadOptions,
    progress: &dyn Progress,
    cache: &mut Cache,
    retain: Retain,
) -> Vec<Reading<Entry>> {
    let count = sources.len();
    // Keys are taken before reading, so a file changed while it is read is read again next time.
    let keys: Vec<Option<FileKey>> = (0..count)
        .into_par_iter()
        .map(|i| match sources.get(i) {
            Source::File(path) | Source::Named(path) => FileKey::of(&path),
            Source::Stdin => None,
        })
        .collect();
    let known = cache.len();
    let cached: Vec<Option<Reading<Entry>>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let source = sources.get(i);
            let mut reading = cache.take(&source.display_name(), key.as_ref()?)?;
            match &mut reading.outcome {
                // A cache made without whole articles cannot serve a run that needs them.
                Outcome::Article(Entry { article: None, .. }) if retain.articles => return None,
                Outcome::Article(entry) => entry.candidate.item = crate::model::ItemRef::file(i),
                _ => {}
            }
            Some(reading)
        })
        .collect();
    let hits = cached.iter().filter(|c| c.is_some()).count();
    let kept: Vec<Reading<Entry>> = cached
        .into_par_iter()
        .enumerate()
        .map(|(i, hit)| {
            let reading =
                hit.unwrap_or_else(|| read_one(&sources.get(i), options).retain(i, retain));
            progress.step();
            reading
        })
        .collect();
    if hits != kept.len() || known != hits {
        // A cache that cannot be written only costs speed next time.
        let _ = cache.save(&sources.slice(0..count), &keys, &kept);
    }
    kept
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
    let bytes = match load(source, options.max_file_size) {
        Ok(bytes) => bytes,
        Err(d) => {
            return Reading {
                outcome: Outcome::Rejected,
                diagnostics: vec![d.into_diagnostic(&path, options.max_file_size)],
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
        };
    }
    let (outcome, diagnostics) = parse_file(&path, &source.file_name(), &bytes, options);
    Reading {
        outcome,
        diagnostics,
    }
}

/// Why a file could not be loaded.
enum LoadError {
    Io(std::io::Error),
    TooLarge(u64),
}

impl LoadError {
    fn into_diagnostic(self, path: &str, limit: u64) -> Diagnostic {
        match self {
            LoadError::Io(err) => {
                Diagnostic::error(Some(path), format!("cannot read the file: {err}"))
                    .help("check that the file exists and is readable")
            }
            LoadError::TooLarge(size) => Diagnostic::error(
                Some(path),
                format!(
                    "the file is {} bytes, over the limit of {limit} bytes; it is not read",
                    size
                ),
            )
            .help("raise the limit with --max-file-size if this really is an article"),
        }
    }
}

/// Reads a source, refusing files over `limit` bytes before reading them (standard input is read
/// up to the limit).
fn load(source: &Source, limit: u64) -> Result<Vec<u8>, LoadError> {
    match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(LoadError::Io)?;
            if bytes.len() as u64 > limit {
                return Err(LoadError::TooLarge(bytes.len() as u64));
            }
            Ok(bytes)
        }
        Source::File(path) | Source::Named(path) => {
            let file = std::fs::File::open(path).map_err(LoadError::Io)?;
            let size = file.metadata().map_err(LoadError::Io)?.len();
            if size > limit {
                return Err(LoadError::TooLarge(size));
            }
            let mut bytes = Vec::with_capacity(size as usize);
            file.take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(LoadError::Io)?;
            if bytes.len() as u64 > limit {
                return Err(LoadError::TooLarge(bytes.len() as u64));
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
    if bytes.iter().take(8192).any(|&b| b == 0) {
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

/// Rejects input paths that do not exist before anything is read (exit code 2, nothing written).
pub fn check_inputs(inputs: &[PathBuf]) -> Result<(), Error> {
    for input in inputs {
        if input.as_os_str() != "-" && std::fs::metadata(input).is_err() {
            return Err(Error::config(
                Diagnostic::error(Some(&input.display().to_string()), "no such file or folder")
                    .help("check the path; nothing was written"),
            ));
        }
    }
    Ok(())
}
