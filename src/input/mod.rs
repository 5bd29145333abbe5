//! Reading the input: finding files, splitting front matter from body, parsing the YAML and turning it
//! into validated [`Article`]s with diagnostics.
//!
//! This module owns everything about files on disk and their syntax. It never writes output and knows
//! nothing of feed formats; its product is a [`FileReport`] per file, in path order, or what a run
//! [`Kept`] of it (diagnostics, the article's candidate, the article when needed), cached across runs.

pub mod block_yaml;
pub mod cache;
pub mod dates;
mod discover;
pub mod feed;
mod front_matter;
pub mod link;
mod mapping;
mod markdown;
mod raw;

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error};
use crate::model::{Article, Candidate};
use crate::report::Progress;

pub use discover::{Source, Sources, discover, is_stdin};

/// The largest file read by default, in bytes: far above any article (the largest real one seen is
/// 17 KB), low enough that a stray dump or disk image is refused before it is read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Settings that change how a file becomes an article.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Base for root-relative and relative URLs (`url` + `baseurl`), absolute http(s), no trailing `/`.
    pub site_url: Option<String>,
    /// Files larger than this many bytes are refused without being read.
    pub max_file_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            site_url: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// What became of one input file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// A valid article.
    Article(Box<Article>),
    /// Front matter without a title and a URL (a profile, a data file): skipped, not an error.
    NotArticle,
    /// No front matter at all (or not text: an image, a PDF): skipped.
    NoFrontMatter,
    /// The file broke a rule; its errors are in the diagnostics.
    Rejected,
    /// A feed named on the command line, with its items as articles.
    Feed(Box<feed::FeedRead>),
}

/// One file's outcome and everything worth telling about it.
#[derive(Debug)]
pub struct FileReport {
    /// The file, as the user named it.
    pub path: String,
    /// What became of it.
    pub outcome: Outcome,
    /// Errors and warnings, in line order.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a run keeps of one file: its diagnostics, why it is not an article (when it is not), the
/// candidate of its article, and the article itself when the run keeps full articles.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Kept {
    /// Errors and warnings, in line order.
    pub diagnostics: Vec<Diagnostic>,
    /// The outcome, for files that are not articles.
    pub skipped: Option<Outcome>,
    /// What selection needs of the article.
    pub candidate: Option<Candidate>,
    /// The article, when kept.
    pub article: Option<Box<Article>>,
    /// A feed named on the command line, kept whole: its items are few and cannot be read one by one.
    pub feed: Option<Box<feed::FeedRead>>,
}

/// What a run keeps of each article beyond its candidate's identity and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Keep {
    /// The whole article (all-items feeds, standard input).
    pub articles: bool,
    /// The candidate's facets (some feed filters or splits).
    pub facets: bool,
}

impl Kept {
    /// Keeps the candidate of file number `file`'s article, its facets when `keep.facets`, and the
    /// article itself when `keep.articles`.
    pub fn of(file: usize, report: FileReport, keep: Keep) -> Kept {
        let FileReport {
            outcome,
            diagnostics,
            ..
        } = report;
        match outcome {
            Outcome::Article(full) => {
                let mut candidate = Candidate::of(file, &full);
                if !keep.facets {
                    candidate.facets = None;
                }
                Kept {
                    diagnostics,
                    skipped: None,
                    candidate: Some(candidate),
                    article: keep.articles.then_some(full),
                    feed: None,
                }
            }
            Outcome::Feed(read) => Kept {
                diagnostics,
                skipped: None,
                candidate: None,
                article: None,
                feed: Some(read),
            },
            other => Kept {
                diagnostics,
                skipped: Some(other),
                candidate: None,
                article: None,
                feed: None,
            },
        }
    }
}

/// Files read in parallel before what was kept of them is handed on, in order: enough to keep both
/// cores busy, few enough that the per-file records of a chunk take little memory.
const CHUNK: usize = 4096;

/// Reads every source, in parallel, and hands `sink` what [`Kept::of`] keeps of each, in source
/// order, taking unchanged files from `cache` when given (and rewriting it when anything changed).
/// Each file is reduced as soon as it is read; without a cache, files are read a chunk at a time, so
/// the records of only one chunk are ever held beside what `sink` keeps.
pub fn read_all_kept(
    sources: &Sources,
    options: &ReadOptions,
    progress: &dyn Progress,
    mut cache: Option<cache::Cache>,
    keep: Keep,
    mut sink: impl FnMut(usize, Kept),
) {
    let Some(cache) = cache.as_mut() else {
        for first in (0..sources.len()).step_by(CHUNK) {
            let files = sources.slice(first..(first + CHUNK).min(sources.len()));
            let kept: Vec<Kept> = files
                .par_iter()
                .enumerate()
                .map(|(j, source)| {
                    let kept = Kept::of(first + j, read_one(source, options), keep);
                    progress.step();
                    kept
                })
                .collect();
            for (j, kept) in kept.into_iter().enumerate() {
                sink(first + j, kept);
            }
        }
        return;
    };
    // Sources are made one at a time where needed, so a rerun holds no list of 50,000 paths.
    let count = sources.len();
    // Keys are taken before reading, so a file changed while it is read is read again next time.
    let keys: Vec<Option<cache::FileKey>> = (0..count)
        .into_par_iter()
        .map(|i| match sources.get(i) {
            Source::File(path) | Source::Named(path) => cache::FileKey::of(&path),
            Source::Stdin => None,
        })
        .collect();
    let known = cache.len();
    let cached: Vec<Option<Kept>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let key = key.as_ref()?;
            let mut kept = match sources.get(i) {
                Source::File(path) | Source::Named(path) => match path.to_str() {
                    Some(name) => cache.take(name, key),
                    None => cache.take(&path.display().to_string(), key),
                },
                Source::Stdin => None,
            }?;
            if keep.articles && kept.candidate.is_some() && kept.article.is_none() {
                return None;
            }
            if let Some(candidate) = kept.candidate.as_mut() {
                candidate.file = i;
            }
            Some(kept)
        })
        .collect();
    let hits = cached.iter().filter(|c| c.is_some()).count();
    let kept: Vec<Kept> = cached
        .into_par_iter()
        .enumerate()
        .map(|(i, hit)| {
            let kept = hit.unwrap_or_else(|| Kept::of(i, read_one(&sources.get(i), options), keep));
            progress.step();
            kept
        })
        .collect();
    if hits != kept.len() || known != hits {
        // A cache that cannot be written only costs speed next time.
        let _ = cache.save(&sources.slice(0..count), &keys, &kept);
    }
    for (i, kept) in kept.into_iter().enumerate() {
        sink(i, kept);
    }
}

/// Reads every source, in parallel, and returns one report per source in the same order.
pub fn read_all(
    sources: &[Source],
    options: &ReadOptions,
    progress: &dyn Progress,
) -> Vec<FileReport> {
    read_all_mapped(sources, options, progress, |_, report| report)
}

/// Reads every source, in parallel, and returns `f(i, report)` for source number `i`, in order. `f`
/// runs as soon as a file is read, so what it drops is never held for the whole run.
pub fn read_all_mapped<T: Send>(
    sources: &[Source],
    options: &ReadOptions,
    progress: &dyn Progress,
    f: impl Fn(usize, FileReport) -> T + Sync,
) -> Vec<T> {
    sources
        .par_iter()
        .enumerate()
        .map(|(i, source)| {
            let report = read_one(source, options);
            progress.step();
            f(i, report)
        })
        .collect()
}

fn read_one(source: &Source, options: &ReadOptions) -> FileReport {
    let path = source.display_name();
    let bytes = match load(source, options.max_file_size) {
        Ok(bytes) => bytes,
        Err(d) => {
            let d = d.into_diagnostic(&path, options.max_file_size);
            return FileReport {
                path,
                outcome: Outcome::Rejected,
                diagnostics: vec![d],
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
        return FileReport {
            path,
            outcome,
            diagnostics,
        };
    }
    let file_name = source.file_name();
    let (outcome, diagnostics) = parse_file(&path, &file_name, &bytes, options);
    FileReport {
        path,
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

/// Turns the bytes of one file into an outcome. `file_name` is used for Jekyll-style dates.
pub fn parse_file(
    path: &str,
    file_name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> (Outcome, Vec<Diagnostic>) {
    if bytes.iter().all(u8::is_ascii_whitespace) {
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

/// The folder where configuration discovery starts for these inputs: the first input folder, the
/// folder of the first input file, or the current folder for standard input.
pub fn start_folder(inputs: &[PathBuf]) -> PathBuf {
    match inputs.first() {
        Some(p) if is_stdin(p) => PathBuf::from("."),
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        None => PathBuf::from("."),
    }
}
