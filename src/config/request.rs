//! What a run was asked to do, as plain values: the command line's words, before any file is read or
//! any value checked. The library takes this, never the argument parser's types.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::input::SiteKind;
use crate::model::FeedMeta;
use crate::output::Format;
use crate::plan::SplitBy;
use crate::report::Verbosity;

/// Everything a run was asked to do, before resolution.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Files and folders to read; `-` is standard input.
    pub inputs: Vec<PathBuf>,
    /// What to do with them.
    pub task: Task,
    /// An explicit configuration file.
    pub config_path: Option<PathBuf>,
    /// Feed settings from the command line: the top layer.
    pub settings: FeedMeta,
    /// Item limit; 0 means all.
    pub limit: Option<usize>,
    /// Filters from the command line.
    pub filter: FilterArgs,
    /// Keep `published: false` articles.
    pub unpublished: bool,
    /// Keep posts dated after `now` on sites that hold them back.
    pub future: bool,
    /// The time of the run, which future and expired posts are measured against; `None` holds
    /// none back. The library never reads the clock: the caller says what time it is.
    pub now: Option<DateTime<Utc>>,
    /// The kind of site, when the user names it (`--site`); otherwise it is told from the site's
    /// configuration.
    pub site: Option<SiteKind>,
    /// Stop at the first problem.
    pub strict: bool,
    /// How much to report.
    pub verbosity: Verbosity,
    /// Colour diagnostics.
    pub color: bool,
    /// Standard error is a terminal (the summary of a clean run is shown only there, or with
    /// `--verbose`).
    pub terminal: bool,
    /// Refuse files larger than this many bytes (default
    /// [`DEFAULT_MAX_FILE_SIZE`](crate::input::DEFAULT_MAX_FILE_SIZE)).
    pub max_file_size: Option<u64>,
    /// Do not use the cache of parsed files.
    pub no_cache: bool,
    /// The cache folder; the user's cache folder when `None`.
    pub cache_dir: Option<PathBuf>,
}

/// What to do with the inputs.
#[derive(Debug, Clone)]
pub enum Task {
    /// `frontfeed convert`: write feeds, or article files.
    Convert {
        /// Output formats; empty when not given.
        formats: Vec<Format>,
        /// Write article files into the output folder instead of feeds.
        to_articles: bool,
        /// Rewrite article files that already hold an item.
        force: bool,
        /// Output file or folder; standard output when `None`.
        output: Option<PathBuf>,
        /// One feed per value of this field.
        split_by: Option<SplitBy>,
        /// Replace a feed that has items with one that has none.
        allow_empty: bool,
        /// How long to wait for another run writing the same output, in seconds.
        wait: Option<u64>,
    },
    /// `frontfeed check`: read everything, write nothing.
    Check {
        /// Print one JSON document on standard output instead of text on standard error.
        json: bool,
        /// Exit with 1 on warnings too.
        deny_warnings: bool,
    },
}

impl Default for Task {
    fn default() -> Self {
        Task::Convert {
            formats: Vec::new(),
            to_articles: false,
            force: false,
            output: None,
            split_by: None,
            allow_empty: false,
            wait: None,
        }
    }
}

/// Filters as typed; dates are text until resolved.
#[derive(Debug, Clone, Default)]
pub struct FilterArgs {
    /// `--topic`, any of.
    pub topics: Vec<String>,
    /// `--provider`, any of.
    pub providers: Vec<String>,
    /// `--category`, any of.
    pub categories: Vec<String>,
    /// `--since`.
    pub since: Option<String>,
    /// `--until`.
    pub until: Option<String>,
    /// `--min-quality`.
    pub min_quality: Option<i64>,
    /// `--min-heat`.
    pub min_heat: Option<i64>,
}
