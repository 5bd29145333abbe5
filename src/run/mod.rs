//! One short function per mode, each the steps of its run in order: `feeds` (write feeds),
//! `articles` (write article files), `check` (read and report). They share what reading keeps
//! (`corpus`), choosing items (`choose`), and, for feeds, where they go (`sink`).

mod articles;
mod check;
mod choose;
mod corpus;
mod feeds;
mod io;
mod records;
mod sink;

pub use io::Io;

use crate::config::{Config, Mode};
use crate::error::Error;
use crate::report::Summary;

/// How a run ended, when it could run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// What was read and written.
    pub summary: Summary,
    /// Whether something was rejected (or, for `check --deny-warnings`, warned about): exit code 1.
    pub problems: bool,
}

/// Runs `config`'s mode. Diagnostics and the summary go to `io.stderr`; a single feed (and
/// `check --format json`) to `io.stdout`.
pub fn run(config: &Config, io: Io<'_>) -> Result<Finished, Error> {
    match &config.mode {
        Mode::Feeds {
            output,
            jobs,
            allow_empty,
            wait,
        } => {
            let asked = feeds::FeedsRun {
                output,
                jobs,
                allow_empty: *allow_empty,
                wait: *wait,
            };
            let summary = feeds::run(config, &asked, io)?;
            let problems = summary.has_errors();
            Ok(Finished { summary, problems })
        }
        Mode::Articles {
            dir,
            force,
            filter,
            limit,
        } => {
            let summary = articles::run(config, dir, *force, filter, *limit, io)?;
            let problems = summary.has_errors();
            Ok(Finished { summary, problems })
        }
        Mode::Check {
            json,
            deny_warnings,
        } => {
            let summary = check::run(config, *json, io)?;
            let problems = summary.has_errors() || (*deny_warnings && summary.warnings > 0);
            Ok(Finished { summary, problems })
        }
    }
}
