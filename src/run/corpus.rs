//! What a run keeps of what it read, as one [`Corpus`]: the sources, a candidate per article (a file's
//! article or a feed's item, told apart by its [`ItemRef`]), the articles kept whole, the metadata of
//! the feeds read, and the counts. It reports each file's diagnostics in path order as they come, and
//! hands out the articles the feeds show, reading again inside those it did not keep.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::records::{Records, What};
use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::input::cache::{
    Cache, FileKey, Saved, SavedEntry, SavedFeed, SavedOutcome, SavedReading, path_hash,
};
use crate::input::feed::{FeedDocument, FeedFormat};
use crate::input::{self, Entry, Outcome, ReadOptions, Reading, Retain, Source, Sources};
use crate::model::interner::Interner;
use crate::model::{Article, Candidate, FeedMeta, ItemRef};
use crate::report::{Progress, Reporter, Summary};
use crate::select::{self, Pick};

/// What a run keeps of what it read.
pub(crate) struct Corpus {
    sources: Sources,
    options: ReadOptions,
    /// Files' articles first, in path order, then feeds' items in the order read.
    candidates: Vec<Candidate>,
    articles: HashMap<ItemRef, Article>,
    /// Each feed read: its format, what it says of itself, its own date, how many items it has.
    feeds: Vec<(FeedFormat, FeedMeta, Option<DateTime<Utc>>, usize)>,
    /// Whether every input was a feed.
    only_feeds: bool,
    /// The cache, saved when the run is over, and what it needs of each file.
    cache: Option<Cache>,
    records: Option<Records>,
    cache_stale: bool,
    /// Files that changed while the run read them, whose candidates were made anew: not cached.
    changed: std::collections::HashSet<ItemRef>,
    /// The inputs as the system names them (symbolic links followed).
    roots: Vec<PathBuf>,
    /// The counts so far.
    pub summary: Summary,
    /// While reading: the feeds' items (numbered after every file), the shared strings of facets,
    /// and what to keep.
    feed_candidates: Vec<Candidate>,
    interner: Interner,
    retain: Retain,
}

impl Corpus {
    /// Reads every input of `config`, reporting each file's diagnostics in path order. Whole
    /// articles are kept as `retain` says (always for standard input, which cannot be read twice).
    pub fn read(
        config: &Config,
        retain: Retain,
        reporter: &mut Reporter<'_>,
        progress: &dyn Progress,
    ) -> Result<Corpus, Error> {
        for path in &config.files_read {
            reporter.note(format_args!("configuration: {path}"));
        }
        // Standard input, FIFOs and process substitution can be read only once: their articles
        // are kept whole.
        let read_once = config.inputs.iter().any(|p| {
            input::is_stdin(p) || fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir())
        });
        let retain = Retain {
            articles: retain.articles || read_once,
            ..retain
        };
        // The walk runs on one core; the cache is loaded on the other meanwhile.
        let (walked, cache) = rayon::join(
            || input::discover(&config.inputs),
            || {
                config
                    .cache_dir
                    .as_deref()
                    .map(|dir| input::cache::Cache::open(dir, &config.inputs, &config.read, retain))
            },
        );
        let (sources, walk_problems) = walked?;
        // Room for what the cache needs of every file, asked for now: where there is none, the
        // run goes on without the cache rather than running out of memory later.
        let records = cache
            .as_ref()
            .and_then(|_| Records::with_room(sources.len()));
        let mut cache = cache.filter(|_| records.is_some());
        let mut corpus = Corpus {
            candidates: Vec::with_capacity(sources.len()),
            sources: Sources::default(),
            options: config.read.clone(),
            articles: HashMap::new(),
            feeds: Vec::new(),
            only_feeds: false,
            cache: None,
            records: None,
            cache_stale: false,
            changed: std::collections::HashSet::new(),
            roots: config
                .inputs
                .iter()
                .filter_map(|p| fs::canonicalize(p).ok())
                .collect(),
            summary: Summary::default(),
            feed_candidates: Vec::new(),
            interner: Interner::default(),
            retain,
        };
        corpus.records = records;
        for problem in &walk_problems {
            corpus.summary.rejected += 1;
            reporter.report(problem)?;
        }
        progress.begin(sources.len());
        let mut failure = None;
        let stale = input::read_all(
            &sources,
            &config.read,
            progress,
            cache.as_mut(),
            retain,
            |file, key, reading| {
                if failure.is_none()
                    && let Err(err) = corpus.take(&sources, file, key, reading, reporter)
                {
                    failure = Some(err);
                }
            },
        );
        progress.end();
        if let Some(err) = failure {
            return Err(err);
        }
        if let Some(cache) = cache.as_mut() {
            cache.done_reading();
        }
        corpus.cache = cache;
        corpus.cache_stale = stale;
        corpus.finish_reading(sources);
        Ok(corpus)
    }

    /// Takes what was kept of file number `file`: reports its diagnostics, counts it, and keeps its
    /// candidate (with shared strings), its article when kept, a feed's items, and, when `caching`,
    /// what the cache will need of it.
    fn take(
        &mut self,
        sources: &Sources,
        file: usize,
        key: Option<FileKey>,
        reading: Reading<Entry>,
        reporter: &mut Reporter<'_>,
    ) -> Result<(), Error> {
        for diagnostic in &reading.diagnostics {
            reporter.report(diagnostic)?;
        }
        let errors = reading.diagnostics.iter().filter(|d| d.is_error()).count();
        if let Some(records) = self.records.as_mut() {
            records.push(key, &reading.outcome, reading.diagnostics);
        }
        let path = || sources.get(file).display_name();
        match reading.outcome {
            Outcome::Article(Entry { candidate, article }) => {
                let candidate = self.slim(candidate);
                if let Some(article) = article {
                    self.articles.insert(candidate.item, *article);
                }
                self.candidates.push(candidate);
            }
            Outcome::Feed(feed) => {
                reporter.note(format_args!(
                    "{}: {} feed, {} items",
                    path(),
                    feed.format.label(),
                    feed.articles.len()
                ));
                self.summary.items_rejected += errors;
                self.take_feed(*feed);
            }
            Outcome::NotArticle => {
                self.summary.not_articles += 1;
                reporter.note(format_args!(
                    "{}: skipped: front matter without a title and a URL",
                    path()
                ));
            }
            Outcome::NotPost => {
                self.summary.not_articles += 1;
                reporter.note(format_args!(
                    "{}: skipped: not one of the site's posts",
                    path()
                ));
            }
            Outcome::NoFrontMatter => {
                self.summary.no_front_matter += 1;
                reporter.note(format_args!("{}: skipped: no front matter", path()));
            }
            Outcome::Rejected => self.summary.rejected += 1,
        }
        Ok(())
    }

    /// Keeps a feed's items, numbered as its items, and what it says of itself.
    fn take_feed(&mut self, feed: FeedDocument) {
        let number = self.feeds.len();
        let count = feed.articles.len();
        self.summary.feeds_read += 1;
        self.summary.feed_items += count;
        for (i, article) in feed.articles.into_iter().enumerate() {
            let item = ItemRef::feed_item(number, i);
            let candidate = self.slim(Candidate::of(item, &article));
            self.feed_candidates.push(candidate);
            self.articles.insert(item, article);
        }
        self.feeds
            .push((feed.format, feed.meta, feed.updated, count));
    }

    /// A candidate as the run keeps it: without facets when nothing filters or splits, else with
    /// its repeated strings shared.
    fn slim(&mut self, mut candidate: Candidate) -> Candidate {
        if self.retain.facets {
            self.interner.intern(&mut candidate);
        } else {
            candidate.facets = None;
        }
        candidate
    }

    fn finish_reading(&mut self, sources: Sources) {
        // Only when every input was a feed does a feed's metadata count.
        self.only_feeds = self.candidates.is_empty();
        self.candidates.append(&mut self.feed_candidates);
        self.summary.articles = self.candidates.len();
        self.interner = Interner::default();
        self.sources = sources;
    }

    /// Every article read, as selection sees it.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// The first feed's metadata, when every input was a feed: the last layer of feed settings.
    pub fn feed_layer(&self) -> FeedMeta {
        match self.feeds.first() {
            Some((_, meta, _, _)) if self.only_feeds => meta.clone(),
            _ => FeedMeta::default(),
        }
    }

    /// The newest date the feeds read give themselves, when every input was a feed: the date of a
    /// feed whose items have none.
    pub fn feed_date(&self) -> Option<DateTime<Utc>> {
        if !self.only_feeds {
            return None;
        }
        self.feeds.iter().filter_map(|(_, _, date, _)| *date).max()
    }

    /// Saves the cache, when there is one and it no longer matches the files: once the feeds are
    /// written, so it never takes the room or the time they need. A cache that cannot be saved
    /// only costs speed next time (`--verbose` says so).
    pub fn save_cache(&mut self, reporter: &mut Reporter<'_>) {
        let Some(mut cache) = self.cache.take() else {
            return;
        };
        if !self.cache_stale {
            return;
        }
        let Some(records) = self.records.take() else {
            return;
        };
        let mut feeds = 0..;
        let files = (0..records.len()).filter_map(|file| {
            let (key, what, diagnostics) = records.get(file);
            let feed = (what == What::Feed).then(|| feeds.next().unwrap_or_default());
            self.saved(file, key, what, feed, diagnostics)
        });
        if let Err(err) = cache.save(files) {
            reporter.note(format_args!("cache: not saved: {err}"));
        }
    }

    /// What the cache keeps of file number `file` (the `feed`-th feed read, when one): nothing for
    /// a file without a key, or whose article changed during the run.
    fn saved<'a>(
        &'a self,
        file: usize,
        key: FileKey,
        what: What,
        feed: Option<usize>,
        diagnostics: &'a [Diagnostic],
    ) -> Option<Saved<'a>> {
        let mut fingerprint = 0;
        let outcome = match what {
            What::NoKey => return None,
            What::Article => {
                let item = ItemRef::file(file);
                if self.changed.contains(&item) {
                    return None;
                }
                let at = self
                    .candidates
                    .binary_search_by_key(&item, |c| c.item)
                    .ok()?;
                let candidate = &self.candidates[at];
                fingerprint = candidate.fingerprint;
                let article = match self.retain.articles {
                    true => Some(self.articles.get(&item)?),
                    false => None,
                };
                SavedOutcome::Article(SavedEntry { candidate, article })
            }
            What::Feed => {
                let number = feed?;
                let (format, meta, updated, count) = self.feeds.get(number)?;
                let articles = (0..*count)
                    .filter_map(|i| self.articles.get(&ItemRef::feed_item(number, i)))
                    .collect();
                SavedOutcome::Feed(SavedFeed {
                    format: *format,
                    meta,
                    updated: *updated,
                    articles,
                })
            }
            What::NotArticle => SavedOutcome::NotArticle,
            What::NotPost => SavedOutcome::NotPost,
            What::NoFrontMatter => SavedOutcome::NoFrontMatter,
            What::Rejected => SavedOutcome::Rejected,
        };
        Some(Saved {
            path: path_hash(&self.sources.get(file).display_name()),
            key,
            kept: SavedReading {
                outcome,
                diagnostics,
                fingerprint,
            },
        })
    }

    /// Makes sure the article of every item in `items` is at hand, reading again the files not
    /// kept. Returns whether every file read again held the bytes it was chosen by. A file that
    /// changed gives its candidate anew (or, no longer an article, none), so the caller can choose
    /// again; on the `last_try`, it is instead reported and left out.
    pub fn complete(
        &mut self,
        items: impl IntoIterator<Item = ItemRef>,
        last_try: bool,
        reporter: &mut Reporter<'_>,
    ) -> Result<bool, Error> {
        // A feed's items are always kept; only article files are read again.
        let mut missing: Vec<usize> = items
            .into_iter()
            .filter(|item| !self.articles.contains_key(item))
            .filter_map(ItemRef::as_file)
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let sources: Vec<Source> = missing.iter().map(|&f| self.sources.get(f)).collect();
        let readings = input::read_again(&sources, &self.options);
        let mut settled = true;
        for ((file, source), reading) in missing.into_iter().zip(&sources).zip(readings) {
            let item = ItemRef::file(file);
            // Candidates are in item order.
            let Ok(at) = self.candidates.binary_search_by_key(&item, |c| c.item) else {
                continue;
            };
            let same = reading.fingerprint == self.candidates[at].fingerprint;
            match reading.outcome {
                Outcome::Article(article) if same => {
                    self.articles.insert(item, *article);
                }
                _ if last_try => {
                    let d = Diagnostic::error(
                        Some(&source.display_name()),
                        "the file changed while it was read; it is left out",
                    )
                    .help("run again to include it");
                    self.candidates.remove(at);
                    self.summary.rejected += 1;
                    reporter.report(&d)?;
                }
                Outcome::Article(article) => {
                    let mut candidate = Candidate::of(item, &article);
                    candidate.fingerprint = reading.fingerprint;
                    if !self.retain.facets {
                        candidate.facets = None;
                    }
                    self.candidates[at] = candidate;
                    self.articles.insert(item, *article);
                    self.changed.insert(item);
                    settled = false;
                }
                _ => {
                    reporter.note(format_args!(
                        "{}: changed while the run read it, and no longer holds an article",
                        source.display_name()
                    ));
                    self.candidates.remove(at);
                    self.summary.articles -= 1;
                    settled = false;
                }
            }
        }
        Ok(settled)
    }

    /// Why the run has nothing to show, when it read no article that a feed could show: no input
    /// files, every file rejected, no file an article, or only drafts.
    pub fn nothing_read(&self, include_unpublished: bool) -> Option<String> {
        let s = &self.summary;
        let files = s.articles + s.rejected + s.no_front_matter + s.not_articles;
        let shown = self
            .candidates
            .iter()
            .any(|c| c.is_published || include_unpublished);
        if shown {
            None
        } else if self.sources.is_empty() && s.rejected == 0 {
            Some("the inputs hold no files".to_owned())
        } else if s.articles == 0 && s.rejected > 0 {
            Some(format!(
                "{} of the {files} files read {} rejected",
                s.rejected,
                if s.rejected == 1 { "was" } else { "were" }
            ))
        } else if s.articles == 0 {
            Some(format!("none of the {files} files read is an article"))
        } else {
            Some("every article read is a draft (`published: false`)".to_owned())
        }
    }

    /// Whether the file at `path` is one of the inputs read: the same file, however it is named.
    pub fn is_input(&self, path: &Path) -> bool {
        let Some(key) = file_id(path) else {
            return false;
        };
        // Only outputs inside an input folder, or named as an input, can be one; only then is
        // every input looked at.
        let Ok(real) = fs::canonicalize(path) else {
            return false;
        };
        let near = self.roots.iter().any(|root| real.starts_with(root));
        near && (0..self.sources.len()).any(|i| match self.sources.get(i) {
            Source::File(p) | Source::Named(p) => file_id(&p) == Some(key),
            Source::Stdin => false,
        })
    }

    /// The items `picks` make, in order; a pick whose article could not be had is left out.
    pub fn items(&self, picks: &[Pick]) -> Vec<Cow<'_, Article>> {
        picks
            .iter()
            .filter_map(|p| self.articles.get(&p.item).map(|a| select::item(p, a)))
            .collect()
    }
}

/// Whether `a` and `b` are the same file, however each is named.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    file_id(a).is_some_and(|id| file_id(b) == Some(id))
}

/// A file's device and inode, which name it whatever path reaches it.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    let real = fs::canonicalize(path).ok()?;
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&real, &mut hasher);
    Some((0, std::hash::Hasher::finish(&hasher)))
}
