//! frontfeed turns folders of news articles (Markdown files with YAML front matter) into feeds.
//!
//! The pipeline runs one way:
//!
//! ```text
//! discover ──▶ read ──────────▶ plan ──────────▶ select ─────────▶ write ────────▶ publish
//! (input)      (input: split,   (one feed, or     (filter, drafts,  (output: RSS,   (stdout, a file, or
//!              YAML, validate)   one per format    merge, order,     Atom, JSON      a folder with
//!                                or split value)   limit)            Feed, OPML)     index.opml)
//! ```
//!
//! Reading reduces every article to a `Candidate` (id, dates, filterable fields) as soon as it is
//! parsed; planning and selection work on candidates, and only the articles the feeds show are kept
//! (or read again) in full.
//!
//! `input` and `output` never import each other; they meet in `model`. [`run`] drives one conversion
//! and [`check`] only reads, both from a resolved [`config::Config`]; nothing in the library sees the
//! command-line parser, the clock or the process exit code.

pub mod config;
pub mod error;
pub mod filter;
pub mod input;
pub mod model;
pub mod output;
pub mod plan;
pub mod publish;
pub mod report;
pub mod select;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use chrono::{DateTime, Utc};

use crate::config::{Config, MetaGap};
use crate::error::{Diagnostic, Error};
use crate::input::feed::FeedRead;
use crate::input::{Keep, Kept, Outcome, ReadOptions, Source, Sources};
use crate::model::{Article, Candidate, Feed, FeedMeta, Interner};
use crate::output::opml;
use crate::plan::{Destination, INDEX_FILE, PlannedFeed};
use crate::report::{FeedReport, Progress, Reporter, Summary};

/// What a run keeps of the files it read: a candidate per article, the full articles only when the
/// feeds need most of them (an all-items feed, or standard input, which cannot be read twice), and
/// the counts of the files that were not articles.
struct Read {
    sources: Sources,
    options: ReadOptions,
    candidates: Vec<Candidate>,
    articles: HashMap<usize, Article>,
    /// The feeds read (their metadata; their items are in `articles`), when every input was a feed.
    only_feeds: Vec<FeedRead>,
    summary: Summary,
}

/// What reading keeps, file by file, in path order.
#[derive(Default)]
struct Collected {
    candidates: Vec<Candidate>,
    articles: HashMap<usize, Article>,
    /// A feed's items get numbers after the files', so candidates stay in number order.
    feed_candidates: Vec<Candidate>,
    feeds: Vec<FeedRead>,
    next_item: usize,
    interner: Interner,
    /// Whether candidates keep their facets (some feed filters or splits).
    keep_facets: bool,
}

impl Collected {
    /// A candidate as the run keeps it: without facets when nothing filters or splits, else with
    /// its repeated strings shared.
    fn slim(&mut self, mut candidate: Candidate) -> Candidate {
        if self.keep_facets {
            self.interner.intern(&mut candidate);
        } else {
            candidate.facets = None;
        }
        candidate
    }

    /// Takes what was kept of file number `file`: reports its diagnostics, counts it, keeps its
    /// candidate (with shared strings), its article when kept, and a feed's items.
    fn take(
        &mut self,
        sources: &Sources,
        file: usize,
        kept: Kept,
        summary: &mut Summary,
        reporter: &mut Reporter<'_>,
    ) -> Result<(), Error> {
        for diagnostic in &kept.diagnostics {
            reporter.report(diagnostic)?;
        }
        if let Some(mut feed) = kept.feed {
            let path = sources.get(file).display_name();
            reporter.note(format_args!(
                "{path}: {} feed, {} items",
                feed.format.label(),
                feed.articles.len()
            ));
            summary.feeds_read += 1;
            summary.items_rejected += kept.diagnostics.iter().filter(|d| d.is_error()).count();
            summary.feed_items += feed.articles.len();
            let first = sources.len() + self.next_item;
            for (i, article) in std::mem::take(&mut feed.articles).into_iter().enumerate() {
                let candidate = self.slim(Candidate::of(first + i, &article));
                self.feed_candidates.push(candidate);
                self.articles.insert(first + i, article);
                self.next_item += 1;
            }
            self.feeds.push(*feed);
        }
        match kept.skipped {
            None | Some(Outcome::Article(_) | Outcome::Feed(_)) => {}
            Some(Outcome::NotArticle) => {
                summary.not_articles += 1;
                let path = sources.get(file).display_name();
                reporter.note(format_args!(
                    "{path}: skipped: front matter without a title and a URL"
                ));
            }
            Some(Outcome::NoFrontMatter) => {
                summary.no_front_matter += 1;
                let path = sources.get(file).display_name();
                reporter.note(format_args!("{path}: skipped: no front matter"));
            }
            Some(Outcome::Rejected) => summary.rejected += 1,
        }
        if let Some(candidate) = kept.candidate {
            let candidate = self.slim(candidate);
            self.candidates.push(candidate);
        }
        if let Some(article) = kept.article {
            self.articles.insert(file, *article);
        }
        Ok(())
    }
}

/// Reads every input, reporting each file's diagnostics in path order. Full articles are kept when
/// `keep_articles`; otherwise only candidates, and [`Read::complete`] reads the chosen files again.
fn read(
    config: &Config,
    reporter: &mut Reporter<'_>,
    progress: &dyn Progress,
    keep_articles: bool,
) -> Result<Read, Error> {
    for path in &config.files_read {
        reporter.note(format_args!("configuration: {path}"));
    }
    let mut summary = Summary::default();
    let options = ReadOptions {
        max_file_size: config.max_file_size,
        site_url: config.meta.home_url.clone(),
    };
    // Standard input is read whole, so it is always kept.
    let keep_articles = keep_articles || config.inputs.iter().any(|p| input::is_stdin(p));
    let keep = Keep {
        articles: keep_articles,
        facets: config
            .jobs
            .iter()
            .any(|job| job.split_by.is_some() || job.filter.needs_facets()),
    };
    // The walk runs on one core; the cache is loaded on the other meanwhile.
    let ((sources, walk_problems), cache) = rayon::join(
        || input::discover(&config.inputs),
        || {
            config
                .cache_dir
                .as_deref()
                .map(|dir| input::cache::Cache::open(dir, &config.inputs, &options, keep))
        },
    );
    for problem in &walk_problems {
        summary.rejected += 1;
        reporter.report(problem)?;
    }
    progress.begin(sources.len());
    let mut collected = Collected {
        candidates: Vec::with_capacity(sources.len()),
        keep_facets: keep.facets,
        ..Collected::default()
    };
    let mut failure = None;
    input::read_all_kept(&sources, &options, progress, cache, keep, |file, kept| {
        if failure.is_none()
            && let Err(err) = collected.take(&sources, file, kept, &mut summary, reporter)
        {
            failure = Some(err);
        }
    });
    progress.end();
    if let Some(err) = failure {
        return Err(err);
    }
    let Collected {
        mut candidates,
        articles,
        mut feed_candidates,
        feeds,
        ..
    } = collected;
    let only_feeds = if candidates.is_empty() {
        feeds
    } else {
        Vec::new()
    };
    candidates.append(&mut feed_candidates);
    summary.articles = candidates.len();
    Ok(Read {
        sources,
        options,
        candidates,
        articles,
        only_feeds,
        summary,
    })
}

impl Read {
    /// Makes sure the article of every file in `files` is at hand, reading again those not kept. A
    /// file that changed in between so that it no longer holds the same article is reported and left
    /// out.
    fn complete(
        &mut self,
        files: &BTreeSet<usize>,
        reporter: &mut Reporter<'_>,
    ) -> Result<(), Error> {
        // A feed's items are always kept; only article files are read again.
        let missing: Vec<usize> = files
            .iter()
            .copied()
            .filter(|f| !self.articles.contains_key(f) && *f < self.sources.len())
            .collect();
        let sources: Vec<Source> = missing.iter().map(|&f| self.sources.get(f)).collect();
        let reports = input::read_all(&sources, &self.options, &report::NoProgress);
        for (file, report) in missing.into_iter().zip(reports) {
            // Candidates are in file order.
            let expected = self
                .candidates
                .binary_search_by_key(&file, |c| c.file)
                .ok()
                .map(|i| &*self.candidates[i].id);
            match report.outcome {
                Outcome::Article(article) if Some(article.id.as_str()) == expected => {
                    self.articles.insert(file, *article);
                }
                _ => {
                    let d = Diagnostic::error(
                        Some(&report.path),
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
}

/// Reads and validates the inputs without writing anything (`frontfeed check`).
pub fn check(
    config: &Config,
    stderr: &mut dyn Write,
    progress: &dyn Progress,
) -> Result<(Summary, Vec<Diagnostic>), Error> {
    input::check_inputs(&config.inputs)?;
    let mut reporter = Reporter::new(stderr, config.strict, config.verbosity, config.color);
    let mut read = read(config, &mut reporter, progress, false)?;
    read.summary.warnings = reporter.warnings;
    reporter.summary(&read.summary);
    Ok((read.summary, reporter.collected))
}

/// Converts the configured inputs into feeds and publishes them. Diagnostics and the summary go to
/// `stderr`; a single feed goes to `stdout` unless the configuration names a file or a folder.
pub fn run(
    config: &Config,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    progress: &dyn Progress,
) -> Result<Summary, Error> {
    input::check_inputs(&config.inputs)?;
    let mut reporter = Reporter::new(stderr, config.strict, config.verbosity, config.color);
    for warning in &config.warnings {
        reporter.report(warning)?;
    }
    let keep_articles = config.jobs.iter().any(|job| job.limit == 0);
    let mut read = read(config, &mut reporter, progress, keep_articles)?;
    // Converting feeds: what the user did not set comes from the first feed named.
    let mut jobs = config.jobs.clone();
    let mut gaps: Vec<&(MetaGap, Diagnostic)> = config.meta_gaps.iter().collect();
    if let Some(first) = read.only_feeds.first() {
        let title_set = !gaps.iter().any(|(gap, _)| *gap == MetaGap::Title);
        for job in &mut jobs {
            first.fill(&mut job.meta, title_set);
        }
        gaps.retain(|(gap, _)| match gap {
            MetaGap::Title => first.title.is_none(),
            MetaGap::HomePage => first.home_url.is_none(),
        });
    }
    for (_, warning) in gaps {
        reporter.report(warning)?;
    }
    // Only a folder's files take their self links from the folder's URL; one feed keeps `feed_url`.
    let folder_url = match config.destination {
        Destination::Folder(_) => config.base_url.as_deref(),
        Destination::Stdout | Destination::File(_) | Destination::Articles { .. } => None,
    };
    let (planned, notes) = plan::expand(
        &jobs,
        &read.candidates,
        config.include_unpublished,
        folder_url,
    );
    for note in &notes {
        reporter.report(note)?;
    }
    if planned.is_empty() {
        reporter.report(&Diagnostic::warning(
            None,
            "no feed to write: no article has a value to split by",
        ))?;
    }
    // Select every feed first, so every warning (and --strict) comes before anything is written.
    let mut selected = Vec::with_capacity(planned.len());
    for feed in &planned {
        let (picks, stats) =
            select::select(&read.candidates, &feed.filter, config.selection(feed.limit));
        if picks.is_empty() {
            let subject = match config.destination {
                Destination::Folder(_) => format!("{} has", feed.file_name),
                Destination::Stdout | Destination::File(_) => "the feed has".to_owned(),
                Destination::Articles { .. } => "the selection has".to_owned(),
            };
            let help = "check the paths, the filters, and that the articles have `title` and `webUrl` and are not drafts";
            reporter
                .report(&Diagnostic::warning(None, format!("{subject} no items")).help(help))?;
        }
        let report = FeedReport {
            name: feed.file_name.clone(),
            items: picks.len(),
            unpublished: stats.unpublished,
            merged: stats.merged,
            over_limit: stats.over_limit,
            unchanged: false,
        };
        selected.push((feed, picks, report));
    }
    let chosen: BTreeSet<usize> = selected
        .iter()
        .flat_map(|(_, picks, _)| picks.iter().map(|p| p.file))
        .collect();
    read.complete(&chosen, &mut reporter)?;
    let mut summary = std::mem::take(&mut read.summary);
    if let Destination::Articles { dir, force } = &config.destination {
        let items: Vec<Cow<'_, Article>> = selected
            .iter()
            .flat_map(|(_, picks, _)| picks.iter())
            .filter_map(|p| read.articles.get(&p.file).map(|a| select::item(p, a)))
            .collect();
        let items: Vec<&Article> = items.iter().map(AsRef::as_ref).collect();
        let (done, paths) = publish::articles(dir, &items, *force)?;
        for path in &paths {
            reporter.note(format_args!("{path}: written"));
        }
        summary.articles_written = Some(done);
        summary.folder = Some(dir.display().to_string());
        summary.warnings = reporter.warnings;
        reporter.summary(&summary);
        return Ok(summary);
    }
    // Then write and publish one feed at a time, so only one feed's bytes are in memory.
    let mut publisher = Publisher::new(config, stdout)?;
    for (feed, picks, mut report) in selected {
        let items: Vec<Cow<'_, Article>> = picks
            .iter()
            .filter_map(|p| read.articles.get(&p.file).map(|a| select::item(p, a)))
            .collect();
        report.items = items.len();
        for loss in feed.format.losses(&items) {
            reporter.note(format_args!(
                "{}: {} cannot carry the {} of {}",
                feed.file_name,
                feed.format.label(),
                loss.what,
                if loss.items == 1 {
                    "1 item".to_owned()
                } else {
                    format!("{} items", loss.items)
                }
            ));
        }
        let built = build_feed(&feed.meta, items);
        let write = |out: &mut dyn Write| feed.format.write_to(&built, out);
        summary
            .feeds
            .push(publisher.put(report, write, &mut reporter)?);
    }
    free_in_background(read);
    publisher.finish(&planned)?;
    if let Destination::Folder(dir) = &config.destination {
        summary.folder = Some(dir.display().to_string());
    }
    summary.warnings = reporter.warnings;
    reporter.summary(&summary);
    Ok(summary)
}

/// Frees what was read (every article of an all-items feed: hundreds of thousands of allocations) on
/// another thread, so the run ends without waiting for it; when the process exits first, the system
/// takes the memory back at once.
fn free_in_background(read: Read) {
    let spawned = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(read));
    // Without a thread, the memory is freed here instead (the closure and `read` with it).
    drop(spawned);
}

/// Puts written feeds where the configuration says, with `index.opml` beside a folder's feeds.
struct Publisher<'a> {
    config: &'a Config,
    stdout: &'a mut dyn Write,
}

impl<'a> Publisher<'a> {
    fn new(config: &'a Config, stdout: &'a mut dyn Write) -> Result<Self, Error> {
        if let Destination::Folder(dir) = &config.destination {
            publish::ensure_folder(dir)?;
        }
        Ok(Publisher { config, stdout })
    }

    /// Publishes one feed as `write` writes it; the report says whether its file was left unchanged.
    fn put(
        &mut self,
        mut report: FeedReport,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
        reporter: &mut Reporter<'_>,
    ) -> Result<FeedReport, Error> {
        match &self.config.destination {
            Destination::Stdout => {
                write(&mut *self.stdout)
                    .and_then(|()| self.stdout.flush())
                    .map_err(|source| Error::Io {
                        context: "cannot write to standard output".into(),
                        source,
                    })?;
            }
            Destination::File(path) => report.unchanged = !publish::to_file_with(path, write)?,
            // Article files are written by `publish::articles`, never as one feed.
            Destination::Articles { .. } => {}
            Destination::Folder(dir) => {
                let path = dir.join(&report.name);
                if let Some(parent) = path.parent() {
                    publish::ensure_folder(parent)?;
                }
                report.unchanged = !publish::to_file_with(&path, write)?;
                let state = if report.unchanged {
                    "unchanged"
                } else {
                    "written"
                };
                reporter.note(format_args!(
                    "{}: {} items, {state}",
                    path.display(),
                    report.items
                ));
            }
        }
        Ok(report)
    }

    /// Writes a folder's `index.opml`, listing every feed planned.
    fn finish(self, planned: &[PlannedFeed]) -> Result<(), Error> {
        let Destination::Folder(dir) = &self.config.destination else {
            return Ok(());
        };
        let outlines: Vec<opml::Outline> = planned
            .iter()
            .map(|p| opml::Outline {
                title: p.meta.title.clone(),
                format: p.format,
                xml_url: p
                    .meta
                    .feed_url
                    .clone()
                    .unwrap_or_else(|| p.file_name.clone()),
                html_url: p.meta.home_url.clone(),
            })
            .collect();
        publish::to_file(
            &dir.join(INDEX_FILE),
            &opml::write(&self.config.meta.title, &outlines),
        )?;
        Ok(())
    }
}

/// The feed's date when it has no items: `SOURCE_DATE_EPOCH` when set. Never the clock, so an empty
/// feed is as reproducible as a full one.
fn empty_feed_date() -> Option<DateTime<Utc>> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
}

fn build_feed<'a>(meta: &FeedMeta, items: Vec<Cow<'a, Article>>) -> Feed<'a> {
    let updated = items
        .iter()
        .map(|a| a.last_modified())
        .max()
        .or_else(empty_feed_date);
    Feed {
        meta: meta.clone(),
        updated,
        fallback_link: items.first().map(|a| a.id.clone()),
        items,
    }
}
