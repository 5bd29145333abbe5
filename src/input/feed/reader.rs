//! One feed file as it is read: its text, and the diagnostics collected about it, with the helpers
//! every format's reader shares (locations, links, dates).

use chrono::{DateTime, Utc};

use crate::error::{Diagnostic, LineIndex, Location};
use crate::input::dates;
use crate::input::link::LinkProblem;
use crate::input::rules::{link_help, resolve_link};
use crate::model::dates::rfc3339;

/// Collects one feed file's diagnostics while it is read. Places in the file are byte offsets of
/// its text; they become lines and columns only for a diagnostic.
pub(crate) struct Reader<'a> {
    pub path: &'a str,
    pub text: String,
    pub lines: LineIndex,
    pub site: Option<&'a str>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    /// A reader of `text`, the decoded file `path`.
    pub fn new(path: &'a str, text: String, site: Option<&'a str>) -> Reader<'a> {
        Reader {
            path,
            lines: LineIndex::new(&text),
            text,
            site,
            diagnostics: Vec::new(),
        }
    }

    /// The line and column of byte `offset` of the text.
    pub fn location(&self, offset: usize) -> Location {
        self.lines.location(&self.text, offset)
    }

    /// The byte offset of a line and column counted in bytes (as serde_json reports them).
    pub fn offset_of(&self, location: Location) -> usize {
        self.lines.offset(location)
    }

    fn diagnostic(&self, d: Diagnostic, at: Option<usize>) -> Diagnostic {
        match at {
            Some(at) => {
                let location = self.location(at);
                d.at_line(location, self.lines.line(&self.text, location.line))
            }
            None => d,
        }
    }

    /// An error that rejects the file (or, about an item, leaves that item out).
    pub fn error(&mut self, at: Option<usize>, message: impl Into<String>, help: &str) {
        let d = Diagnostic::error(Some(self.path), message).help(help);
        let d = self.diagnostic(d, at);
        self.diagnostics.push(d);
    }

    /// A warning.
    pub fn warning(&mut self, at: Option<usize>, message: impl Into<String>, help: &str) {
        let d = Diagnostic::warning(Some(self.path), message).help(help);
        let d = self.diagnostic(d, at);
        self.diagnostics.push(d);
    }

    /// Resolves a link of an item against its base, or says why it cannot be used.
    pub fn link(&self, raw: &str, base: Option<&str>) -> Result<String, LinkProblem> {
        resolve_link(raw, base, self.site)
    }

    /// An optional link: dropped with a warning when it cannot be used.
    pub fn optional_link(
        &mut self,
        raw: &str,
        base: Option<&str>,
        at: Option<usize>,
        what: &str,
    ) -> Option<String> {
        match self.link(raw, base) {
            Ok(url) => Some(url),
            Err(problem) => {
                self.warning(
                    at,
                    format!("{what} `{}` {problem}; it is left out", raw.trim()),
                    link_help(&problem),
                );
                None
            }
        }
    }

    /// A date as written, with a warning when it cannot be read (or, for RSS, is not RFC 822).
    pub fn date(
        &mut self,
        raw: &str,
        at: Option<usize>,
        what: &str,
        rfc822: bool,
    ) -> Option<DateTime<Utc>> {
        let parsed = dates::parse(raw);
        match parsed {
            None => self.warning(
                at,
                format!("{what} is not a date: `{}`; it is left out", raw.trim()),
                if rfc822 {
                    "write RSS dates as RFC 822, e.g. `Mon, 06 Jan 2025 09:30:00 +0000`"
                } else {
                    "write the date as RFC 3339, e.g. `2025-01-06T09:30:00Z`"
                },
            ),
            Some(date) if rfc822 && DateTime::parse_from_rfc2822(raw.trim()).is_err() => self
                .warning(
                    at,
                    format!(
                        "{what} `{}` is not an RFC 822 date; read as {}",
                        raw.trim(),
                        rfc3339(date)
                    ),
                    "write RSS dates as RFC 822, e.g. `Mon, 06 Jan 2025 09:30:00 +0000`",
                ),
            Some(_) => {}
        }
        parsed
    }
}
