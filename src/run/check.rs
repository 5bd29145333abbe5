//! The check mode (`frontfeed check`): read every input and report, writing nothing; with `--format
//! json`, one document on standard output instead of text on standard error.

use std::io::Write;

use super::corpus::Corpus;
use super::io::Io;
use crate::config::Config;
use crate::error::Error;
use crate::input::{Retain, check_inputs};
use crate::report::{Reporter, Summary, to_json};

/// Reads and validates the inputs without writing anything.
pub(crate) fn run(config: &Config, json: bool, io: Io<'_>) -> Result<Summary, Error> {
    check_inputs(&config.inputs)?;
    // With --format json every finding is in the document, so standard error stays quiet.
    let mut quiet = std::io::sink();
    let stderr: &mut dyn Write = if json { &mut quiet } else { io.stderr };
    let mut reporter = Reporter::new(stderr, config.style(json));
    let mut corpus = Corpus::read(config, Retain::default(), &mut reporter, io.progress)?;
    corpus.save_cache(&mut reporter);
    let mut summary = std::mem::take(&mut corpus.summary);
    summary.warnings = reporter.warnings;
    reporter.summary(&summary);
    if json {
        writeln!(io.stdout, "{}", to_json(&summary, &reporter.collected))
            .and_then(|()| io.stdout.flush())
            .map_err(Error::stdout)?;
    }
    Ok(summary)
}
