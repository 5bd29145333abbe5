//! Diagnostics (errors and warnings about one file, with a location) and the fatal errors that stop a
//! run, with their exit codes.
//!
//! A diagnostic prints as `path:line:col: error: what is wrong`, then, when known, the source line with
//! a caret under the problem, then a `help:` line saying what to do. This module only formats; deciding
//! what is wrong belongs to `input` and `config`.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// The file is still converted.
    Warning,
    /// The file is rejected (or the run stops, for configuration errors).
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A line and column in a file, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Location {
    /// The line and column of byte `offset` of `text` (an offset inside a character counts as that
    /// character's start; one past the end is the end).
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { line, column }
    }
}

/// One problem found in one file (or in the run, when `path` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// The file, as the user named it.
    pub path: Option<String>,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What is wrong, one line.
    pub message: String,
    /// The source line the location points into.
    pub source_line: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error about `path`.
    pub fn error(path: Option<&str>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, message)
    }

    /// A warning about `path`.
    pub fn warning(path: Option<&str>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, message)
    }

    fn new(severity: Severity, path: Option<&str>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.map(str::to_owned),
            location: None,
            message: message.into(),
            source_line: None,
            help: None,
        }
    }

    /// Points the diagnostic at `line:column` of `text` (the whole file), keeping that line to show.
    pub fn at(mut self, location: Location, text: &str) -> Self {
        self.source_line = text
            .lines()
            .nth(location.line.saturating_sub(1))
            .map(str::to_owned);
        self.location = Some(location);
        self
    }

    /// Adds what the user can do about it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `text` with its control characters (a file name holding an escape sequence or a line break)
/// written as escapes, so a message is always one line of plain text.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Longest stretch of a source line shown under a diagnostic, in characters.
const SHOWN_WIDTH: usize = 100;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.location) {
            (Some(path), Some(loc)) => {
                write!(f, "{}:{}:{}: ", escape_controls(path), loc.line, loc.column)?;
            }
            (Some(path), None) => write!(f, "{}: ", escape_controls(path))?,
            (None, _) => write!(f, "frontfeed: ")?,
        }
        write!(f, "{}: {}", self.severity, escape_controls(&self.message))?;
        if let (Some(line), Some(loc)) = (&self.source_line, self.location) {
            let (shown, caret) = window(line, loc.column);
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            write!(
                f,
                "\n {pad} |\n {number} | {shown}\n {pad} | {}^",
                " ".repeat(caret)
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Cuts a long line to a window around `column`; returns the text and the caret's offset in it.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .trim_end()
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let caret = column.saturating_sub(1).min(chars.len());
    if chars.len() <= SHOWN_WIDTH {
        return (chars.into_iter().collect(), caret);
    }
    let start = caret.saturating_sub(SHOWN_WIDTH / 2);
    let end = (start + SHOWN_WIDTH).min(chars.len());
    let mut shown = String::new();
    let mut offset = caret - start;
    if start > 0 {
        shown.push('…');
        offset += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, offset)
}

/// A problem that stops the run before any output is written (exit code 2).
#[derive(Debug)]
pub enum Error {
    /// The command line or the configuration is wrong.
    Config(Box<Diagnostic>),
    /// A file could not be read or written.
    Io {
        /// What was being done, e.g. `cannot write feed.xml`.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `--strict` and a problem was found; the diagnostic has already been reported.
    Strict,
    /// Standard output was closed by its reader (`frontfeed ... | head`): the run ends quietly.
    OutputClosed,
}

impl Error {
    /// A configuration or usage error.
    pub fn config(diagnostic: Diagnostic) -> Self {
        Error::Config(Box::new(diagnostic))
    }

    /// An error writing to standard output: its reader went away, or a real write error.
    pub fn stdout(source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::BrokenPipe {
            Error::OutputClosed
        } else {
            Error::Io {
                context: "cannot write to standard output".into(),
                source,
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(d) => d.fmt(f),
            Error::Io { context, source } => write!(f, "frontfeed: error: {context}: {source}"),
            Error::Strict => f.write_str(
                "frontfeed: error: stopped at the first problem (--strict); nothing written",
            ),
            Error::OutputClosed => f.write_str("frontfeed: standard output was closed"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Config(_) | Error::Strict | Error::OutputClosed => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_source_caret_and_help() {
        let text = "---\ntitle: x\npublishedDateTime: someday\n---\n";
        let d = Diagnostic::error(Some("a.md"), "bad date")
            .at(
                Location {
                    line: 3,
                    column: 20,
                },
                text,
            )
            .help("write 2023-12-21T18:43:00Z");
        assert_eq!(
            d.to_string(),
            "a.md:3:20: error: bad date\n   |\n 3 | publishedDateTime: someday\n   |                    ^\n  = help: write 2023-12-21T18:43:00Z"
        );
    }

    #[test]
    fn offsets_become_lines_and_columns_in_characters() {
        let text = "ab\nçd\n";
        let at = |o| {
            let l = Location::of_offset(text, o);
            (l.line, l.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(3), (2, 1));
        assert_eq!(at(5), (2, 2), "after the two bytes of ç");
        assert_eq!(at(4), (2, 1), "inside ç is at ç");
        assert_eq!(at(99), (3, 1));
    }

    #[test]
    fn io_errors_give_their_source() {
        use std::error::Error as _;
        let err = Error::Io {
            context: "cannot write x".into(),
            source: std::io::Error::other("disk full"),
        };
        assert_eq!(
            err.source().map(ToString::to_string).as_deref(),
            Some("disk full")
        );
    }

    #[test]
    fn control_characters_in_names_are_escaped() {
        let d = Diagnostic::error(Some("a\x1b[31mb\n.md"), "bad");
        assert_eq!(d.to_string(), "a\\u{1b}[31mb\\n.md: error: bad");
    }

    #[test]
    fn long_lines_are_windowed_around_the_caret() {
        let line = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let (shown, caret) = window(&line, 301);
        assert_eq!(shown.chars().nth(caret), Some('X'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
    }
}
