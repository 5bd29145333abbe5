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

/// Where each line of a text starts, so byte offsets become lines and columns without reading the
/// text from its start each time: a line is found by binary search, and a column is counted from
/// the line's start, or from the last offset asked about when that is earlier on the same line (a
/// reader asks in document order, so even a feed on one line costs one pass).
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The last offset asked about and its column.
    cursor: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex {
            starts,
            cursor: std::cell::Cell::new((0, 1)),
        }
    }

    /// The line and column of byte `offset` of `text`, the text this index was made of (as
    /// [`Location::of_offset`] gives them).
    pub fn location(&self, text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let (last, last_column) = self.cursor.get();
        let (from, column) = if last >= start && last <= offset {
            (last, last_column)
        } else {
            (start, 1)
        };
        let column = column + text[from..offset].chars().count();
        self.cursor.set((offset, column));
        Location { line, column }
    }

    /// The byte offset of `location` (its line's start plus `column - 1` bytes, as parsers that
    /// count bytes report it).
    pub fn offset(&self, location: Location) -> usize {
        let line = location.line.clamp(1, self.starts.len());
        self.starts[line - 1] + location.column.saturating_sub(1)
    }

    /// Line number `line` (from 1) of `text`, without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        text.get(start..end)
            .unwrap_or_default()
            .trim_end_matches('\r')
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
    /// The source line the location points into (or, for a long line, the part around the
    /// column; see `shown_from`).
    pub source_line: Option<String>,
    /// How many characters of the line were left out before `source_line`.
    pub shown_from: usize,
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
            shown_from: 0,
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

    /// Points the diagnostic at `location`, on `line` (that line's text): only the part of a long
    /// line that is shown is kept, so a diagnostic about a feed written on one line stays small.
    pub fn at_line(mut self, location: Location, line: &str) -> Self {
        let caret = location.column.saturating_sub(1);
        let from = caret.saturating_sub(SHOWN_WIDTH);
        let mut chars = line.char_indices().skip(from);
        let start = chars.next().map_or(line.len(), |(i, _)| i);
        let end = chars.nth(2 * SHOWN_WIDTH).map_or(line.len(), |(i, _)| i);
        self.source_line = Some(line[start..end].to_owned());
        self.shown_from = from;
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
            let (mut shown, mut caret) = window(line, loc.column.saturating_sub(self.shown_from));
            if self.shown_from > 0 && !shown.starts_with('…') {
                shown.insert(0, '…');
                caret += 1;
            }
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
    fn the_line_index_agrees_with_counting_from_the_start() {
        let text = "ab\nçd\r\nxyz";
        let index = LineIndex::new(text);
        for offset in [0, 1, 3, 5, 4, 2, 9, 8, 12, 99] {
            assert_eq!(
                index.location(text, offset),
                Location::of_offset(text, offset),
                "{offset}"
            );
        }
        assert_eq!(index.line(text, 2), "çd");
        assert_eq!(index.line(text, 3), "xyz");
        assert_eq!(index.offset(Location { line: 3, column: 2 }), 9);
    }

    #[test]
    fn a_long_line_keeps_only_what_is_shown() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let at = Location {
            line: 1,
            column: 5001,
        };
        let short = Diagnostic::error(Some("f"), "m").at_line(at, &line);
        let whole = Diagnostic::error(Some("f"), "m").at(at, &line);
        assert!(short.source_line.as_ref().unwrap().len() < 300);
        assert_eq!(short.to_string(), whole.to_string());
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
