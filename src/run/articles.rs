//! The article-files mode (`--to articles`): read, choose the items, and write each as an article
//! file into the folder, leaving alone those already there (unless `--force`).

use std::path::Path;

use super::choose::choose;
use super::corpus::Corpus;
use super::io::Io;
use crate::config::Config;
use crate::error::Error;
use crate::filter::Filter;
use crate::input::{Retain, check_inputs, existing_articles};
use crate::model::Article;
use crate::output::{self, Format};
use crate::plan::PlannedFeed;
use crate::publish;
use crate::report::{ArticlesWritten, Reporter, Summary};

/// Writes the items that pass `filter` (at most `limit`, 0 for all) as article files into `dir`.
pub(crate) fn run(
    config: &Config,
    dir: &Path,
    force: bool,
    filter: &Filter,
    limit: usize,
    io: Io<'_>,
) -> Result<Summary, Error> {
    check_inputs(&config.inputs)?;
    let mut reporter = Reporter::new(io.stderr, config.style(false));
    let retain = Retain {
        articles: limit == 0,
        facets: filter.needs_facets(),
    };
    let mut corpus = Corpus::read(config, retain, &mut reporter, io.progress)?;
    let selection = [PlannedFeed {
        file_name: String::new(),
        format: Format::Rss,
        meta: config.meta.clone(),
        filter: filter.clone(),
        limit,
    }];
    let subject = |_: &PlannedFeed| "the selection has".to_owned();
    let chosen = choose(config, &mut corpus, &selection, subject, &mut reporter)?;
    let mut summary = std::mem::take(&mut corpus.summary);
    let items = chosen
        .iter()
        .flat_map(|c| corpus.items(&c.picks))
        .collect::<Vec<_>>();
    let items: Vec<&Article> = items.iter().map(AsRef::as_ref).collect();
    let (done, paths) = write_articles(dir, &items, force)?;
    for path in &paths {
        reporter.note(format_args!("{path}: written"));
    }
    corpus.save_cache(&mut reporter);
    summary.articles_written = Some(done);
    summary.folder = Some(dir.display().to_string());
    summary.warnings = reporter.warnings;
    reporter.summary(&summary);
    Ok(summary)
}

/// Writes one article file per item into `dir`. An item already there (a file with the same id) is
/// left alone, or rewritten in place when `force`; a new item gets
/// `YYYY-MM-DD-<slug>.md`, numbered when that name is taken. Returns what was done, and the files
/// written, for `--verbose`.
fn write_articles(
    dir: &Path,
    items: &[&Article],
    force: bool,
) -> Result<(ArticlesWritten, Vec<String>), Error> {
    publish::create_folder(dir)?;
    let existing = existing_articles(dir)?;
    let mut taken = existing.names.clone();
    let mut done = ArticlesWritten::default();
    let mut paths = Vec::new();
    for article in items {
        let name = match existing.holding(&article.id) {
            Some(_) if !force => {
                done.kept += 1;
                continue;
            }
            Some(name) => {
                done.rewritten += 1;
                name.clone()
            }
            None => {
                let name = (1..)
                    .map(|n| output::article::file_name(article, n))
                    .find(|name| !taken.contains(name))
                    .unwrap_or_default();
                done.written += 1;
                name
            }
        };
        taken.insert(name.clone());
        let path = dir.join(&name);
        publish::to_file(&path, &output::article::write(article))?;
        paths.push(path.display().to_string());
    }
    Ok((done, paths))
}
