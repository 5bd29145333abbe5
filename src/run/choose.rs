//! Choosing every planned feed's items before anything is written, so every warning (and
//! `--strict`) comes first; and the articles the chosen items need, read again until what is shown
//! is what was chosen.

use super::corpus::Corpus;
use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::model::ItemRef;
use crate::output::Format;
use crate::plan::PlannedFeed;
use crate::report::{FeedReport, Reporter};
use crate::select::{self, Pick};

/// One planned feed with its items chosen, and what choosing did.
pub(crate) struct Chosen<'p> {
    pub feed: &'p PlannedFeed,
    pub picks: Vec<Pick>,
    pub report: FeedReport,
}

/// How many times items are chosen again when files change under the run.
const TRIES: usize = 3;

/// Chooses the items of every feed in `planned` and makes sure their articles are at hand. A file
/// that changed since it was first read is read again and the items chosen again with what it says
/// now, so an item never shows bytes other than those it was chosen by; after a few tries, a file
/// that keeps changing is left out with an error. A feed without items is worth a warning, about
/// `subject(feed)` ("the feed", or the file's name).
pub(crate) fn choose<'p>(
    config: &Config,
    corpus: &mut Corpus,
    planned: &'p [PlannedFeed],
    subject: impl Fn(&PlannedFeed) -> String,
    reporter: &mut Reporter<'_>,
) -> Result<Vec<Chosen<'p>>, Error> {
    let mut tries = 0;
    let chosen = loop {
        tries += 1;
        let chosen = choose_once(config, corpus, planned);
        let items: Vec<ItemRef> = chosen
            .iter()
            .flat_map(|c| c.picks.iter().map(|p| p.item))
            .collect();
        if corpus.complete(items, tries == TRIES, reporter)? {
            break chosen;
        }
    };
    for c in chosen.iter().filter(|c| c.picks.is_empty()) {
        let check = "check the paths, the filters, and that the articles have `title` and `webUrl` and are not drafts";
        let meta = &c.feed.meta;
        // An empty channel links to its newest item, else to itself: this one has neither.
        let diagnostic = if c.feed.format == Format::Rss
            && meta.home_url.is_none()
            && meta.feed_url.is_none()
        {
            let message = format!(
                "{} no items, and neither a home page nor a feed URL for the channel's link, which RSS requires",
                subject(c.feed)
            );
            Diagnostic::warning(None, message).help(format!(
                "{check}; set `home_url` in frontfeed.toml, or pass --home-url"
            ))
        } else {
            Diagnostic::warning(None, format!("{} no items", subject(c.feed))).help(check)
        };
        reporter.report(&diagnostic)?;
    }
    Ok(chosen)
}

fn choose_once<'p>(
    config: &Config,
    corpus: &Corpus,
    planned: &'p [PlannedFeed],
) -> Vec<Chosen<'p>> {
    planned
        .iter()
        .map(|feed| {
            let (picks, stats) = select::select(
                corpus.candidates(),
                &feed.filter,
                config.selection(feed.limit),
            );
            let report = FeedReport {
                name: feed.file_name.clone(),
                items: picks.len(),
                unpublished: stats.unpublished,
                merged: stats.merged,
                over_limit: stats.over_limit,
                unchanged: false,
            };
            Chosen {
                feed,
                picks,
                report,
            }
        })
        .collect()
}
