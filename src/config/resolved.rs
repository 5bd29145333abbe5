//! A validated configuration for one run: what to read, what to do (the [`Mode`]), and every
//! setting, complete before the run starts.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::filter::Filter;
use crate::input::ReadOptions;
use crate::model::FeedMeta;
use crate::plan::Job;
use crate::report::{Style, Verbosity};
use crate::select::Selection;

/// A validated configuration for one run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// What the run does.
    pub mode: Mode,
    /// Site-wide feed metadata: the command line over `frontfeed.toml` over the site's own
    /// configuration. When every input is a feed, the first feed's metadata is a last layer under
    /// these, added by the run once the feeds are read.
    pub meta: FeedMeta,
    /// The title used when no layer sets one: the input folder's name.
    pub fallback_title: String,
    /// How files become articles.
    pub read: ReadOptions,
    /// Where parsed files are cached; `None` reads every file.
    pub cache_dir: Option<PathBuf>,
    /// Whether drafts are kept.
    pub include_unpublished: bool,
    /// Whether posts dated after `now` are kept on sites that hold them back.
    pub include_future: bool,
    /// The time of the run, for future and expired posts (`None`: no post is either).
    pub now: Option<DateTime<Utc>>,
    /// Stop at the first problem.
    pub strict: bool,
    /// How much to report.
    pub verbosity: Verbosity,
    /// Colour diagnostics.
    pub color: bool,
    /// Standard error is a terminal.
    pub terminal: bool,
    /// The configuration files read, for `--verbose`.
    pub files_read: Vec<String>,
}

/// What a run does.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Write feeds.
    Feeds {
        /// Where they go.
        output: Output,
        /// The feeds to write (a split job stands for many).
        jobs: Vec<Job>,
        /// Replace a feed that has items with one that has none.
        allow_empty: bool,
        /// How long to wait for another run writing the same output.
        wait: Duration,
    },
    /// Write one article file per item into a folder (`--to articles`).
    Articles {
        /// The folder.
        dir: PathBuf,
        /// Rewrite files that already hold an item.
        force: bool,
        /// Which articles.
        filter: Filter,
        /// At most this many items; 0 means all.
        limit: usize,
    },
    /// Read and report, write nothing (`frontfeed check`).
    Check {
        /// One JSON document on standard output instead of text on standard error.
        json: bool,
        /// Warnings count as problems.
        deny_warnings: bool,
    },
}

/// Where feeds go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output (one feed).
    Stdout,
    /// One file, replaced atomically.
    File(PathBuf),
    /// A folder of feeds plus `index.opml`.
    Folder(PathBuf),
}

impl Config {
    /// How the run reports; `collect` keeps every diagnostic (for `check --format json`).
    pub fn style(&self, collect: bool) -> Style {
        Style {
            strict: self.strict,
            verbosity: self.verbosity,
            color: self.color,
            terminal: self.terminal,
            collect,
        }
    }

    /// The item selection of a feed with this limit.
    pub fn selection(&self, limit: usize) -> Selection {
        Selection {
            include_unpublished: self.include_unpublished,
            include_future: self.include_future,
            now: self.now,
            limit,
        }
    }
}
