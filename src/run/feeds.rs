//! The feeds mode: read, complete the settings with the feeds read, plan the feeds, choose their
//! items, write each feed to the sink, then the folder's list.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::choose::{Chosen, choose, shown};
use super::corpus::Corpus;
use super::io::Io;
use super::sink::Sink;
use crate::config::{self, Config, Output};
use crate::error::{Diagnostic, Error};
use crate::input::{Retain, check_inputs};
use crate::model::Feed;
use crate::plan::{self, Job, PlannedFeed};
use crate::report::{Reporter, Summary};

/// Converts the inputs into the feeds `jobs` plan, written to `output`.
pub(crate) fn run(
    config: &Config,
    output: &Output,
    jobs: &[Job],
    io: Io<'_>,
) -> Result<Summary, Error> {
    check_inputs(&config.inputs)?;
    let mut reporter = Reporter::new(io.stderr, config.strict, config.verbosity, config.color);
    let mut sink = Sink::new(output, &config.meta, io.stdout);
    if let Some(warning) = sink.self_link_warning(&config.meta) {
        reporter.report(&warning)?;
    }
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
    let subject = |feed: &PlannedFeed| match output {
        Output::Folder(_) => format!("{} has", feed.file_name),
        Output::Stdout | Output::File(_) => "the feed has".to_owned(),
    };
    let chosen = choose(config, &corpus, &planned, subject, &mut reporter)?;
    corpus.complete(shown(&chosen), &mut reporter)?;
    sink.open()?;
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
        for loss in feed.format.losses(&items) {
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
        let mut built = Feed::new(feed.meta.clone(), items);
        built.updated = built.updated.or_else(empty_feed_date);
        let write = |out: &mut dyn Write| feed.format.write_to(&built, out);
        report.unchanged = sink.put(&feed.file_name, report.items, write, &mut reporter)?;
        summary.feeds.push(report);
    }
    free_in_background(corpus);
    summary.folder = sink.finish(&planned, site.title_text())?;
    summary.warnings = reporter.warnings;
    reporter.summary(&summary);
    Ok(summary)
}

/// The feeds to write, each with its self link.
fn plan_feeds(
    config: &Config,
    jobs: &[Job],
    site: &crate::model::FeedMeta,
    corpus: &Corpus,
    sink: &Sink<'_>,
    reporter: &mut Reporter<'_>,
) -> Result<Vec<PlannedFeed>, Error> {
    let (mut planned, notes) = plan::expand(jobs, site, corpus.candidates(), config.selection(0));
    for note in &notes {
        reporter.report(note)?;
    }
    if planned.is_empty() {
        reporter.report(&Diagnostic::warning(
            None,
            "no feed to write: no article has a value to split by",
        ))?;
    }
    for feed in &mut planned {
        feed.meta.feed_url = sink.self_url(&feed.file_name, &feed.meta);
    }
    Ok(planned)
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
