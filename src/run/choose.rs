//! Choosing every planned feed's items before anything is written, so every warning (and
//! `--strict`) comes first.

use super::corpus::Corpus;
use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::model::ItemRef;
use crate::plan::PlannedFeed;
use crate::report::{FeedReport, Reporter};
use crate::select::{self, Pick};

/// One planned feed with its items chosen, and what choosing did.
pub(crate) struct Chosen<'p> {
    pub feed: &'p PlannedFeed,
    pub picks: Vec<Pick>,
    pub report: FeedReport,
}

/// Chooses the items of every feed in `planned`. A feed without items is worth a warning, about
/// `subject(feed)` ("the feed", or the file's name).
pub(crate) fn choose<'p>(
    config: &Config,
    corpus: &Corpus,
    planned: &'p [PlannedFeed],
    subject: impl Fn(&PlannedFeed) -> String,
    reporter: &mut Reporter<'_>,
) -> Result<Vec<Chosen<'p>>, Error> {
    let mut chosen = Vec::with_capacity(planned.len());
    for feed in planned {
        let (picks, stats) = select::select(
            corpus.candidates(),
            &feed.filter,
            config.selection(feed.limit),
        );
        if picks.is_empty() {
            let help = "check the paths, the filters, and that the articles have `title` and `webUrl` and are not drafts";
            let message = format!("{} no items", subject(feed));
            reporter.report(&Diagnostic::warning(None, message).help(help))?;
        }
        let report = FeedReport {
            name: feed.file_name.clone(),
            items: picks.len(),
            unpublished: stats.unpublished,
            merged: stats.merged,
            over_limit: stats.over_limit,
            unchanged: false,
        };
        chosen.push(Chosen {
            feed,
            picks,
            report,
        });
    }
    Ok(chosen)
}

/// Every item any of `chosen` shows.
pub(crate) fn shown<'a>(chosen: &'a [Chosen<'_>]) -> impl Iterator<Item = ItemRef> + 'a {
    chosen.iter().flat_map(|c| c.picks.iter().map(|p| p.item))
}
