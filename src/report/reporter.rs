//! Printing diagnostics as they come (coloured on a terminal), `--verbose` notes and the summary, and
//! stopping at the first problem under `--strict`.

use std::io::Write;

use super::summary::Summary;
use super::verbosity::Verbosity;
use crate::error::{Diagnostic, Error, Severity};

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
