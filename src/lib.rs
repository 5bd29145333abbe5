//! frontfeed turns folders of news articles (Markdown files with YAML front matter) into feeds.
//!
//! The pipeline runs one way:
//!
//! ```text
//! discover ──▶ read ──────────▶ select ──────────▶ write ──────────▶ publish
//! (input)      (input: split,   (drafts out,       (output: RSS,     (stdout, or a file
//!              YAML, validate)   merge, order,      Atom)             replaced atomically)
//!                                limit)
//! ```
//!
//! `input` and `output` never import each other; they meet in `model`. [`run`] drives one conversion
//! from a resolved [`config::Config`]; nothing in the library sees the command-line parser, the clock or
//! the process exit code.

pub mod config;
pub mod error;
pub mod filter;
pub mod input;
pub mod model;
pub mod output;
pub mod publish;
pub mod select;

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::input::{Outcome, ReadOptions};
use crate::model::{Article, Feed};

/// Counts for the one-line summary, and what decides the exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Valid articles read.
    pub articles: usize,
    /// Items written.
    pub items: usize,
    /// Files without front matter.
    pub no_front_matter: usize,
    /// Files with front matter that are not articles.
    pub not_articles: usize,
    /// Files rejected with an error.
    pub rejected: usize,
    /// Warnings reported.
    pub warnings: usize,
    /// Drafts left out.
    pub unpublished: usize,
    /// Copies merged into another item.
    pub merged: usize,
    /// Items cut by the limit.
    pub over_limit: usize,
    /// The output file was already up to date and was left untouched.
    pub unchanged: bool,
}

/// `1 item`, `2 items`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "frontfeed: {} from {} ({} left out, {} merged, {} over the limit); \
             {} skipped ({} without front matter, {} not {}); {} rejected; {}",
            count(self.items, "item", "items"),
            count(self.articles, "article", "articles"),
            count(self.unpublished, "unpublished", "unpublished"),
            count(self.merged, "duplicate", "duplicates"),
            self.over_limit,
            count(self.no_front_matter + self.not_articles, "file", "files"),
            self.no_front_matter,
            self.not_articles,
            if self.not_articles == 1 {
                "an article"
            } else {
                "articles"
            },
            count(self.rejected, "file", "files"),
            count(self.warnings, "warning", "warnings"),
        )?;
        if self.unchanged {
            f.write_str("; output unchanged")?;
        }
        Ok(())
    }
}

/// Reports diagnostics to `stderr`, and stops at the first one under `--strict`.
struct Reporter<'a> {
    stderr: &'a mut dyn Write,
    strict: bool,
    summary: Summary,
}

impl Reporter<'_> {
    fn report(&mut self, diagnostic: &Diagnostic) -> Result<(), Error> {
        if !diagnostic.is_error() {
            self.summary.warnings += 1;
        }
        let _ = writeln!(self.stderr, "{diagnostic}");
        if self.strict {
            Err(Error::Strict)
        } else {
            Ok(())
        }
    }
}

/// Converts the configured inputs into one feed and publishes it. Diagnostics and the summary go to
/// `stderr`; the feed goes to `stdout` unless the configuration names an output file.
pub fn run(
    config: &Config,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<Summary, Error> {
    input::check_inputs(&config.inputs)?;
    let mut reporter = Reporter {
        stderr,
        strict: config.strict,
        summary: Summary::default(),
    };
    for warning in &config.warnings {
        reporter.report(warning)?;
    }
    let (sources, walk_problems) = input::discover(&config.inputs);
    for problem in &walk_problems {
        reporter.summary.rejected += 1;
        reporter.report(problem)?;
    }
    let options = ReadOptions {
        site_url: config.meta.home_url.clone(),
    };
    let mut articles = Vec::new();
    for file in input::read_all(&sources, &options) {
        for diagnostic in &file.diagnostics {
            reporter.report(diagnostic)?;
        }
        match file.outcome {
            Outcome::Article(article) => articles.push(*article),
            Outcome::NotArticle => reporter.summary.not_articles += 1,
            Outcome::NoFrontMatter => reporter.summary.no_front_matter += 1,
            Outcome::Rejected => reporter.summary.rejected += 1,
        }
    }
    let articles_read = articles.len();
    let (items, stats) = select::select(&articles, &filter::Filter::default(), config.selection);
    if items.is_empty() {
        let d = Diagnostic::warning(None, "the feed has no items")
            .help("check the paths, and that the articles have `title`, `webUrl` and are not `published: false`");
        reporter.report(&d)?;
    }
    let mut summary = reporter.summary;
    summary.articles = articles_read;
    summary.items = items.len();
    summary.unpublished = stats.unpublished;
    summary.merged = stats.merged;
    summary.over_limit = stats.over_limit;
    let feed = build_feed(config, items);
    let bytes = config.format.write(&feed);
    summary.unchanged = match &config.output {
        Some(path) => !publish::to_file(path, &bytes)?,
        None => {
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .map_err(|source| Error::Io {
                    context: "cannot write to standard output".into(),
                    source,
                })?;
            false
        }
    };
    Ok(summary)
}

/// The feed's date when it has no items: `SOURCE_DATE_EPOCH` when set. Never the clock, so an empty
/// feed is as reproducible as a full one.
fn empty_feed_date() -> Option<DateTime<Utc>> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
}

fn build_feed(config: &Config, items: Vec<Article>) -> Feed {
    let updated = items
        .iter()
        .map(Article::last_modified)
        .max()
        .or_else(empty_feed_date);
    Feed {
        meta: config.meta.clone(),
        updated,
        fallback_link: items.first().map(|a| a.id.clone()),
        items,
    }
}
