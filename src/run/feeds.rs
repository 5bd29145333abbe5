//! The feeds mode: take the output's lock, read, complete the settings with the feeds read, plan the
//! feeds, choose their items, write each feed to the sink, then put every file in place at once.

use std::io::Write;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::choose::{Chosen, choose};
use super::corpus::Corpus;
use super::io::Io;
use super::sink::Sink;
use crate::config::{self, Config, Output};
use crate::error::{Diagnostic, Error};
use crate::input::{Retain, check_inputs};
use crate::model::{Feed, FeedMeta};
use crate::plan::{self, Job, PlannedFeed};
use crate::report::{Reporter, Summary};

/// What a feeds run was asked to do.
pub(crate) struct FeedsRun<'a> {
    pub output: &'a Output,
    pub jobs: &'a [Job],
    pub allow_empty: bool,
    pub wait: Duration,
}

/// Converts the inputs into the feeds the jobs plan, written to the output.
pub(crate) fn run(config: &Config, asked: &FeedsRun<'_>, io: Io<'_>) -> Result<Summary, Error> {
    check_inputs(&config.inputs)?;
    let mut reporter = Reporter::new(io.stderr, config.style(false));
    let mut sink = Sink::new(asked.output, &config.meta, io.stdout);
    sink.prepare(asked.wait)?;
    let jobs = asked.jobs;
    let retain = Retain {
        articles: jobs.iter().any(|job| job.limit == 0),
        facets: jobs
            .iter()
            .any(|job| job.split_by.is_some() || job.filter.needs_facets()),
    };
    let mut corpus = Corpus::read(config, retain, &mut reporter, io.progress)?;
    // Converting feeds: what no setting gives comes from the first feed read.
    let site = config.meta.clone().or(corpus.feed_layer());
    let (site, warnings) = config::complete(site, &config.fallback_title);
    for warning in &warnings {
        reporter.report(warning)?;
    }
    let planned = plan_feeds(config, jobs, &site, &corpus, &sink, &mut reporter)?;
    refuse_to_overwrite_inputs(config, &sink, &planned, &corpus)?;
    let subject = |feed: &PlannedFeed| match asked.output {
        Output::Folder(_) => format!("{} has", feed.file_name),
        Output::Stdout | Output::File(_) => "the feed has".to_owned(),
    };
    let chosen = choose(config, &mut corpus, &planned, subject, &mut reporter)?;
    let nothing_read = corpus.nothing_read(config.include_unpublished);
    let mut summary = std::mem::take(&mut corpus.summary);
    // One feed at a time, so only one feed's bytes are in memory.
    for Chosen {
        feed,
        picks,
        mut report,
    } in chosen
    {
        let items = corpus.items(&picks);
        report.items = items.len();
        if items.is_empty()
            && !asked.allow_empty
            && let Some(path) = sink.holds_items(&feed.file_name)
        {
            return Err(emptied(&path, nothing_read.as_deref()));
        }
        note_losses(feed, &items, &mut reporter);
        let mut built = Feed::new(feed.meta.clone(), items);
        built.updated = built
            .updated
            .or_else(|| corpus.feed_date())
            .or_else(empty_feed_date);
        if feed.meta.feed_url.is_none() && matches!(asked.output, Output::Folder(_)) {
            // One of several feeds without a URL of its own: its name tells it from the others.
            built.id = format!("{}#{}", built.id, feed.file_name);
        }
        let write = |out: &mut dyn Write| feed.format.write_to(&built, out);
        report.unchanged = sink.put(&feed.file_name, report.items, write, &mut reporter)?;
        summary.feeds.push(report);
    }
    let may_remove = asked.allow_empty || nothing_read.is_none();
    summary.folder = sink.commit(&planned, site.title_text(), may_remove, &mut reporter)?;
    corpus.save_cache(&mut reporter);
    free_in_background(corpus);
    summary.warnings = reporter.warnings;
    reporter.summary(&summary);
    Ok(summary)
}

/// The feeds to write, each with its self link.
fn plan_feeds(
    config: &Config,
    jobs: &[Job],
    site: &FeedMeta,
    corpus: &Corpus,
    sink: &Sink<'_>,
    reporter: &mut Reporter<'_>,
) -> Result<Vec<PlannedFeed>, Error> {
    let mut planned = plan::expand(jobs, site, corpus.candidates(), config.selection(0));
    if planned.is_empty() {
        reporter.report(&Diagnostic::warning(
            None,
            "no feed to write: no article has a value to split by",
        ))?;
    }
    for feed in &mut planned {
        feed.meta.feed_url = sink.self_url(&feed.file_name);
    }
    if let Some(warning) = sink.self_link_warning(&planned) {
        reporter.report(&warning)?;
    }
    Ok(planned)
}

/// `-o` that names one of the inputs, or a configuration file the run read, is refused: the feed
/// would replace it.
fn refuse_to_overwrite_inputs(
    config: &Config,
    sink: &Sink<'_>,
    planned: &[PlannedFeed],
    corpus: &Corpus,
) -> Result<(), Error> {
    let is_config = |f: &std::path::Path| {
        config
            .files_read
            .iter()
            .any(|c| super::corpus::same_file(std::path::Path::new(c), f))
    };
    let mut files = sink.files(planned).into_iter();
    match files.find(|f| corpus.is_input(f) || is_config(f)) {
        Some(file) => Err(Error::config(
            Diagnostic::error(
                None,
                format!(
                    "{} is one of the inputs; writing the feed there would replace it, so nothing is written",
                    file.display()
                ),
            )
            .help("write the feed outside the input files, e.g. -o public/feed.xml"),
        )),
        None => Ok(()),
    }
}

/// The error of a run that would replace the feed at `path`, which holds items, with one holding
/// none.
fn emptied(path: &std::path::Path, nothing_read: Option<&str>) -> Error {
    let reason =
        nothing_read.map_or_else(|| "no article passes its filters".to_owned(), str::to_owned);
    Error::config(
        Diagnostic::error(
            None,
            format!(
                "{} holds items and would be replaced by a feed with none: {reason}; nothing written",
                path.display()
            ),
        )
        .help("check the inputs, or pass --allow-empty to publish an empty feed"),
    )
}

/// Says, with `--verbose`, what the feed's format cannot carry of its items.
fn note_losses(
    feed: &PlannedFeed,
    items: &[std::borrow::Cow<'_, crate::model::Article>],
    reporter: &mut Reporter<'_>,
) {
    for loss in feed.format.losses(items) {
        let items = match loss.items {
            1 => "1 item".to_owned(),
            n => format!("{n} items"),
        };
        reporter.note(format_args!(
            "{}: {} cannot carry the {} of {items}",
            feed.file_name,
            feed.format.label(),
            loss.what,
        ));
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

/// Frees what was read (every article of an all-items feed: hundreds of thousands of allocations) on
/// another thread, so the run ends without waiting for it; when the process exits first, the system
/// takes the memory back at once.
fn free_in_background<T: Send + 'static>(read: T) {
    let spawned = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(read));
    // Without a thread, the memory is freed here instead (the closure and `read` with it).
    drop(spawned);
}
