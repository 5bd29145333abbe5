//! Printing diagnostics as they come (coloured on a terminal), `--verbose` notes and the summary, and
//! stopping at the first problem under `--strict`.

use std::collections::HashMap;
use std::io::Write;

use super::summary::Summary;
use super::verbosity::Verbosity;
use crate::error::{Diagnostic, Error, Severity, escape_controls};

/// How a run reports: what the user asked for, and where standard error goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Stop at the first problem.
    pub strict: bool,
    /// How much to say.
    pub verbosity: Verbosity,
    /// Colour the severity words.
    pub color: bool,
    /// Standard error is a terminal: the summary is shown even for a clean run.
    pub terminal: bool,
    /// Keep every diagnostic, for `check --format json`.
    pub collect: bool,
}

/// A kind of problem: its severity and the shape of its message.
type Kind = (Severity, String);

/// How many problems of one kind are shown before the rest are only counted.
const SHOWN_OF_A_KIND: usize = 10;

/// Prints diagnostics to standard error, counting them, and stops at the first one under `--strict`.
/// A flood of one kind (a folder of 100,000 empty files) shows a few, then says how many more there
/// were; a clean run says nothing unless asked (`--verbose`) or on a terminal.
pub struct Reporter<'a> {
    stderr: &'a mut dyn Write,
    style: Style,
    /// Warnings reported so far.
    pub warnings: usize,
    /// Errors reported so far.
    pub errors: usize,
    /// Every diagnostic, when collecting.
    pub collected: Vec<Diagnostic>,
    /// For each kind of problem: how many were reported, and the first one's message.
    kinds: HashMap<Kind, (usize, String)>,
}

impl<'a> Reporter<'a> {
    /// A reporter writing to `stderr`.
    pub fn new(stderr: &'a mut dyn Write, style: Style) -> Self {
        Reporter {
            stderr,
            style,
            warnings: 0,
            errors: 0,
            collected: Vec::new(),
            kinds: HashMap::new(),
        }
    }

    /// Reports one diagnostic; under `--strict` every diagnostic ends the run.
    pub fn report(&mut self, diagnostic: &Diagnostic) -> Result<(), Error> {
        if diagnostic.is_error() {
            self.errors += 1;
        } else {
            self.warnings += 1;
        }
        if self.style.collect {
            self.collected.push(diagnostic.clone());
        }
        let shown = diagnostic.is_error() || self.style.verbosity >= Verbosity::Normal;
        if shown && self.first_of_its_kind(diagnostic) {
            let text = diagnostic.to_string();
            let text = if self.style.color {
                paint(&text, diagnostic.severity)
            } else {
                text
            };
            let _ = writeln!(self.stderr, "{text}");
        }
        if self.style.strict {
            Err(Error::Strict)
        } else {
            Ok(())
        }
    }

    /// Counts `diagnostic` among those of its kind; true while few enough of them were shown.
    fn first_of_its_kind(&mut self, diagnostic: &Diagnostic) -> bool {
        if self.style.verbosity >= Verbosity::Verbose {
            return true;
        }
        let key = (diagnostic.severity, shape(&diagnostic.message));
        let entry = self
            .kinds
            .entry(key)
            .or_insert_with(|| (0, diagnostic.message.clone()));
        entry.0 += 1;
        entry.0 <= SHOWN_OF_A_KIND
    }

    /// A `--verbose` note.
    pub fn note(&mut self, text: impl std::fmt::Display) {
        if self.style.verbosity >= Verbosity::Verbose {
            let text = escape_controls(&text.to_string()).into_owned();
            let _ = writeln!(self.stderr, "frontfeed: {text}");
        }
    }

    /// The end of the run's report: how many problems of each flooded kind were not shown, then the
    /// closing summary, which a clean run shows only with `--verbose` or on a terminal.
    pub fn summary(&mut self, summary: &Summary) {
        let mut hidden: Vec<(&Kind, &(usize, String))> = self
            .kinds
            .iter()
            .filter(|(_, (n, _))| *n > SHOWN_OF_A_KIND)
            .collect();
        hidden.sort();
        for ((severity, _), (n, first)) in hidden {
            let more = n - SHOWN_OF_A_KIND;
            let plural = if more == 1 { "" } else { "s" };
            let _ = writeln!(
                self.stderr,
                "frontfeed: and {} more {severity}{plural} like \"{}\" (--verbose shows every one)",
                thousands(more),
                escape_controls(first)
            );
        }
        let clean = self.warnings == 0 && self.errors == 0;
        let wanted = match self.style.verbosity {
            Verbosity::Quiet => false,
            Verbosity::Normal => !clean || self.style.terminal,
            Verbosity::Verbose => true,
        };
        if wanted {
            let _ = writeln!(self.stderr, "{summary}");
        }
    }
}

/// A message with what varies from one file to the next (quoted values, numbers) taken out, so
/// problems of one kind have one shape.
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    let mut in_number = false;
    for c in message.chars() {
        if c == '`' {
            if !quoted {
                out.push_str("`…`");
            }
            quoted = !quoted;
            continue;
        }
        if quoted {
            continue;
        }
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
            continue;
        }
        in_number = false;
        out.push(c);
    }
    out
}

/// `99990` as `99,990`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_of_one_kind_shows_a_few_and_counts_the_rest() {
        let mut out = Vec::new();
        let mut reporter = Reporter::new(&mut out, Style::default());
        for i in 0..17 {
            let d = Diagnostic::error(Some(&format!("f{i}.md")), "the file is empty");
            reporter.report(&d).unwrap();
        }
        reporter
            .report(&Diagnostic::warning(
                Some("x.md"),
                "`date` is not a date: `1`",
            ))
            .unwrap();
        reporter.summary(&Summary::default());
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("the file is empty").count(), 11, "{text}");
        assert!(
            text.contains("and 7 more errors like \"the file is empty\""),
            "{text}"
        );
        assert!(text.contains("x.md: warning"));
    }

    #[test]
    fn a_clean_run_is_silent_unless_asked() {
        let mut out = Vec::new();
        Reporter::new(&mut out, Style::default()).summary(&Summary::default());
        assert!(out.is_empty());
        let terminal = Style {
            terminal: true,
            ..Style::default()
        };
        Reporter::new(&mut out, terminal).summary(&Summary::default());
        assert!(!out.is_empty());
    }

    #[test]
    fn shapes_and_numbers() {
        assert_eq!(shape("item #12 has `x` and `y`"), "item #N has `…` and `…`");
        assert_eq!(thousands(99_990), "99,990");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
