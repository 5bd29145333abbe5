//! What the user is told on standard error: diagnostics (coloured when asked), progress, `--verbose`
//! notes and the one-line summary. Nothing here decides what is wrong.

use std::io::Write;

use crate::config::Verbosity;
use crate::error::{Diagnostic, Error, Severity};

/// Progress of reading files; the command line shows a bar, tests and pipes show nothing.
pub trait Progress: Sync {
    /// Reading `total` files starts.
    fn begin(&self, _total: usize) {}
    /// One more file was read.
    fn step(&self) {}
    /// Reading is over.
    fn end(&self) {}
}

/// Progress that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {}

/// One feed written, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedReport {
    /// File name (empty for standard output).
    pub name: String,
    /// Items written.
    pub items: usize,
    /// Drafts left out.
    pub unpublished: usize,
    /// Copies merged into another item.
    pub merged: usize,
    /// Items cut by the limit.
    pub over_limit: usize,
    /// The file already held these bytes and was left alone.
    pub unchanged: bool,
}

/// Counts for the one-line summary, and what decides the exit code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Valid articles read (items of feeds included).
    pub articles: usize,
    /// Feeds read as input.
    pub feeds_read: usize,
    /// Articles that were items of those feeds.
    pub feed_items: usize,
    /// Items of those feeds left out with an error.
    pub items_rejected: usize,
    /// Files without front matter.
    pub no_front_matter: usize,
    /// Files with front matter that are not articles.
    pub not_articles: usize,
    /// Files rejected with an error.
    pub rejected: usize,
    /// Warnings reported.
    pub warnings: usize,
    /// Feeds written (none for `check`).
    pub feeds: Vec<FeedReport>,
    /// The folder the feeds went to, when several.
    pub folder: Option<String>,
    /// What `--to articles` wrote.
    pub articles_written: Option<crate::publish::ArticlesWritten>,
}

/// `1 item`, `2 items`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Summary {
    /// Whether anything was rejected: a file, or an item of a feed. The run then exits with 1.
    pub fn has_errors(&self) -> bool {
        self.rejected > 0 || self.items_rejected > 0
    }

    /// `12 articles`, or `12 articles, 10 of them from 2 feeds`.
    fn articles_read(&self) -> String {
        let articles = count(self.articles, "article", "articles");
        if self.feeds_read == 0 {
            return articles;
        }
        format!(
            "{articles}, {} of them from {}",
            self.feed_items,
            count(self.feeds_read, "feed", "feeds")
        )
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("frontfeed: ")?;
        if let (Some(done), Some(folder)) = (&self.articles_written, &self.folder) {
            write!(
                f,
                "{} written in {folder} ({} rewritten, {} already there and left alone) from {}",
                count(
                    done.written + done.rewritten,
                    "article file",
                    "article files"
                ),
                done.rewritten,
                done.kept,
                self.articles_read(),
            )?;
        } else {
            match (&self.folder, self.feeds.as_slice()) {
                (None, [feed]) => write!(
                    f,
                    "{} from {} ({} left out, {} merged, {} over the limit)",
                    count(feed.items, "item", "items"),
                    self.articles_read(),
                    count(feed.unpublished, "unpublished", "unpublished"),
                    count(feed.merged, "duplicate", "duplicates"),
                    feed.over_limit,
                )?,
                (Some(folder), feeds) => {
                    let unchanged = feeds.iter().filter(|r| r.unchanged).count();
                    write!(
                        f,
                        "{} in {folder} ({unchanged} unchanged) from {}",
                        count(feeds.len(), "feed", "feeds"),
                        self.articles_read(),
                    )?;
                }
                (None, _) => write!(f, "checked {}", self.articles_read())?,
            }
        }
        write!(
            f,
            "; {} skipped ({} without front matter, {} not {}); {} rejected; {}",
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
        if self.items_rejected > 0 {
            write!(
                f,
                "; {} of feeds rejected",
                count(self.items_rejected, "item", "items")
            )?;
        }
        if self.folder.is_none() && self.feeds.first().is_some_and(|r| r.unchanged) {
            f.write_str("; output unchanged")?;
        }
        Ok(())
    }
}

/// Prints diagnostics to standard error, counting them, and stops at the first one under `--strict`.
pub struct Reporter<'a> {
    stderr: &'a mut dyn Write,
    strict: bool,
    verbosity: Verbosity,
    color: bool,
    /// Warnings printed so far.
    pub warnings: usize,
    /// Every diagnostic, for machine-readable output.
    pub collected: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    /// A reporter writing to `stderr`.
    pub fn new(stderr: &'a mut dyn Write, strict: bool, verbosity: Verbosity, color: bool) -> Self {
        Reporter {
            stderr,
            strict,
            verbosity,
            color,
            warnings: 0,
            collected: Vec::new(),
        }
    }

    /// Reports one diagnostic; under `--strict` every diagnostic ends the run.
    pub fn report(&mut self, diagnostic: &Diagnostic) -> Result<(), Error> {
        if !diagnostic.is_error() {
            self.warnings += 1;
        }
        self.collected.push(diagnostic.clone());
        if diagnostic.is_error() || self.verbosity >= Verbosity::Normal {
            let text = diagnostic.to_string();
            let _ = writeln!(
                self.stderr,
                "{}",
                if self.color {
                    paint(&text, diagnostic.severity)
                } else {
                    text
                }
            );
        }
        if self.strict {
            Err(Error::Strict)
        } else {
            Ok(())
        }
    }

    /// A `--verbose` note.
    pub fn note(&mut self, text: impl std::fmt::Display) {
        if self.verbosity >= Verbosity::Verbose {
            let _ = writeln!(self.stderr, "frontfeed: {text}");
        }
    }

    /// The closing summary, unless quiet.
    pub fn summary(&mut self, summary: &Summary) {
        if self.verbosity >= Verbosity::Normal {
            let _ = writeln!(self.stderr, "{summary}");
        }
    }
}

/// Colours the severity word of the first line (bold red `error`, bold yellow `warning`).
fn paint(text: &str, severity: Severity) -> String {
    let (word, code) = match severity {
        Severity::Error => (": error: ", "1;31"),
        Severity::Warning => (": warning: ", "1;33"),
    };
    match text.find(word) {
        Some(i) => {
            let (name, rest) = (&word[2..word.len() - 2], &text[i + word.len()..]);
            format!("{}: \x1b[{code}m{name}\x1b[0m: {rest}", &text[..i])
        }
        None => text.to_owned(),
    }
}

/// `check --format json`: the summary and every diagnostic, for programs.
pub fn to_json(summary: &Summary, diagnostics: &[Diagnostic]) -> String {
    let diagnostics: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "path": d.path,
                "line": d.location.map(|l| l.line),
                "column": d.location.map(|l| l.column),
                "severity": d.severity.to_string(),
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    let document = serde_json::json!({
        "summary": {
            "articles": summary.articles,
            "feeds_read": summary.feeds_read,
            "feed_items": summary.feed_items,
            "feed_items_rejected": summary.items_rejected,
            "skipped_without_front_matter": summary.no_front_matter,
            "skipped_not_articles": summary.not_articles,
            "rejected": summary.rejected,
            "warnings": summary.warnings,
        },
        "diagnostics": diagnostics,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}
