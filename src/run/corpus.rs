//! What a run keeps of what it read, as one [`Corpus`]: the sources, a candidate per article (a file's
//! article or a feed's item, told apart by its [`ItemRef`]), the articles kept whole, the metadata of
//! the feeds read, and the counts. It reports each file's diagnostics in path order as they come, and
//! hands out the articles the feeds show, reading again inside those it did not keep.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::input::feed::FeedDocument;
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
    /// What each feed read says of itself.
    feeds: Vec<FeedMeta>,
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
        let retain = Retain {
            articles: retain.articles || config.inputs.iter().any(|p| input::is_stdin(p)),
            ..retain
        };
        // The walk runs on one core; the cache is loaded on the other meanwhile.
        let ((sources, walk_problems), cache) = rayon::join(
            || input::discover(&config.inputs),
            || {
                config
                    .cache_dir
                    .as_deref()
                    .map(|dir| input::cache::Cache::open(dir, &config.inputs, &config.read, retain))
            },
        );
        let mut corpus = Corpus {
            candidates: Vec::with_capacity(sources.len()),
            sources: Sources::default(),
            options: config.read.clone(),
            articles: HashMap::new(),
            feeds: Vec::new(),
            summary: Summary::default(),
            feed_candidates: Vec::new(),
            interner: Interner::default(),
            retain,
        };
        for problem in &walk_problems {
            corpus.summary.rejected += 1;
            reporter.report(problem)?;
        }
        progress.begin(sources.len());
        let mut failure = None;
        input::read_all(
            &sources,
            &config.read,
            progress,
            cache,
            retain,
            |file, reading| {
                if failure.is_none()
                    && let Err(err) = corpus.take(&sources, file, reading, reporter)
                {
                    failure = Some(err);
                }
            },
        );
        progress.end();
        if let Some(err) = failure {
            return Err(err);
        }
        corpus.finish_reading(sources);
        Ok(corpus)
    }

    /// Takes what was kept of file number `file`: reports its diagnostics, counts it, and keeps its
    /// candidate (with shared strings), its article when kept, and a feed's items.
    fn take(
        &mut self,
        sources: &Sources,
        file: usize,
        reading: Reading<Entry>,
        reporter: &mut Reporter<'_>,
    ) -> Result<(), Error> {
        for diagnostic in &reading.diagnostics {
            reporter.report(diagnostic)?;
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
                let errors = reading.diagnostics.iter().filter(|d| d.is_error()).count();
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
        self.summary.feeds_read += 1;
        self.summary.feed_items += feed.articles.len();
        for (i, article) in feed.articles.into_iter().enumerate() {
            let item = ItemRef::feed_item(number, i);
            let candidate = self.slim(Candidate::of(item, &article));
            self.feed_candidates.push(candidate);
            self.articles.insert(item, article);
        }
        self.feeds.push(feed.meta);
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
        if !self.candidates.is_empty() {
            self.feeds.clear();
        }
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
        self.feeds.first().cloned().unwrap_or_default()
    }

    /// Makes sure the article of every item in `items` is at hand, reading again the files not kept.
    /// A file that changed in between so that it no longer holds the same article is reported and
    /// left out.
    pub fn complete(
        &mut self,
        items: impl IntoIterator<Item = ItemRef>,
        reporter: &mut Reporter<'_>,
    ) -> Result<(), Error> {
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
        for ((file, source), reading) in missing.into_iter().zip(&sources).zip(readings) {
            let item = ItemRef::file(file);
            // Candidates are in item order.
            let expected = self
                .candidates
                .binary_search_by_key(&item, |c| c.item)
                .ok()
                .map(|i| &*self.candidates[i].id);
            match reading.outcome {
                Outcome::Article(article) if Some(article.id.as_str()) == expected => {
                    self.articles.insert(item, *article);
                }
                _ => {
                    let d = Diagnostic::error(
                        Some(&source.display_name()),
                        "the file changed while it was read; it is left out",
                    )
                    .help("run again to include it");
                    self.summary.rejected += 1;
                    reporter.report(&d)?;
                }
            }
        }
        Ok(())
    }

    /// The items `picks` make, in order; a pick whose article could not be had is left out.
    pub fn items(&self, picks: &[Pick]) -> Vec<Cow<'_, Article>> {
        picks
            .iter()
            .filter_map(|p| self.articles.get(&p.item).map(|a| select::item(p, a)))
            .collect()
    }
}
