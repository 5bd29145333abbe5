//! One feed file as it is read: its text, and the diagnostics collected about it, with the helpers
//! every format's reader shares (locations, links, dates).

use chrono::{DateTime, Utc};

use super::item::RawPerson;
use super::xml::Element;
use crate::error::{Diagnostic, LineIndex, Location};
use crate::input::dates;
use crate::input::link::LinkProblem;
use crate::input::options::ReadOptions;
use crate::input::rules::{join_url, link_help, resolve_link};
use crate::model::Person;
use crate::model::dates::rfc3339;
use crate::model::language::bcp47;

/// Collects one feed file's diagnostics while it is read. Places in the file are byte offsets of
/// its text; they become lines and columns only for a diagnostic.
pub(crate) struct Reader<'a> {
    pub path: &'a str,
    pub text: String,
    pub lines: LineIndex,
    pub site: Option<&'a str>,
    /// Where the feed lives, when it says nothing of it (`--base-url`).
    pub feed_base: Option<&'a str>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    /// A reader of `text`, the decoded file `path`.
    pub fn new(path: &'a str, text: String, options: &'a ReadOptions) -> Reader<'a> {
        Reader {
            path,
            lines: LineIndex::new(&text),
            text,
            site: options.site_url.as_deref(),
            feed_base: options.feed_base.as_deref(),
            diagnostics: Vec::new(),
        }
    }

    /// The base for a feed's relative URLs, and its home page resolved: its `xml:base` (on
    /// `elements`, outermost first), else its own URL (`self_url`), else its home page (`home`),
    /// else where it lives (`--base-url`), whichever is absolute first. A relative `xml:base` or home
    /// page is resolved against what comes after it.
    pub fn feed_base(
        &self,
        elements: &[&Element],
        self_url: Option<&str>,
        home: Option<&str>,
    ) -> (Option<String>, Option<String>) {
        let self_url = self_url.and_then(|u| join_url(self.feed_base, u));
        let anchor = self_url.as_deref().or(self.feed_base);
        let own = elements
            .iter()
            .fold(None::<String>, |base, e| match e.xml_base() {
                Some(b) => join_url(base.as_deref().or(anchor), &b).or(base),
                None => base,
            });
        let home = home.and_then(|h| join_url(own.as_deref().or(anchor), h));
        let base = own
            .or(self_url)
            .or_else(|| home.clone())
            .or_else(|| self.feed_base.map(str::to_owned));
        (base, home)
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
                let help = match problem {
                    LinkProblem::Relative => {
                        "the feed names no absolute URL to resolve it against (an xml:base, its own \
                         URL or its home page): pass --base-url with the URL the feed is published at"
                    }
                    _ => link_help(&problem),
                };
                self.warning(
                    at,
                    format!("{what} `{}` {problem}; it is left out", raw.trim()),
                    help,
                );
                None
            }
        }
    }

    /// The feed's author as feed metadata, its home page resolved against `base` (and left out
    /// when it cannot be used, as no reader could follow it).
    pub fn person(&self, raw: RawPerson, base: Option<&str>) -> Option<Person> {
        let uri = raw.uri.as_deref().and_then(|u| self.link(u, base).ok());
        let person = RawPerson { uri, ..raw }.into_person()?;
        Some(person)
    }

    /// A language as written, as a BCP 47 tag (`en_US` is `en-US`); blank is none, and anything
    /// else is left out with a warning.
    pub fn language(&mut self, raw: Option<&str>, at: Option<usize>, what: &str) -> Option<String> {
        let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
        let tag = bcp47(raw);
        if tag.is_none() {
            self.warning(
                at,
                format!("{what} `{raw}` is not a language tag; it is left out"),
                "write a BCP 47 language tag, e.g. `en` or `en-US`",
            );
        }
        tag
    }

    /// A date as written: RFC 822 (RSS) or RFC 3339 (Atom, JSON Feed) and their common variants as
    /// they are, other forms real feeds use read loosely with a warning that says how, anything else
    /// left out with a warning. Never replaced by another date.
    pub fn date(
        &mut self,
        raw: &str,
        at: Option<usize>,
        what: &str,
        rfc822: bool,
    ) -> Option<DateTime<Utc>> {
        let raw = raw.trim();
        let (form, help) = if rfc822 {
            (
                "an RFC 822",
                "write RSS dates as RFC 822, e.g. `Mon, 06 Jan 2025 09:30:00 +0000`",
            )
        } else {
            (
                "an RFC 3339",
                "write the date as RFC 3339, e.g. `2025-01-06T09:30:00Z`",
            )
        };
        let strict =
            dates::parse(raw).filter(|_| !rfc822 || DateTime::parse_from_rfc2822(raw).is_ok());
        if strict.is_some() {
            return strict;
        }
        match dates::parse(raw).or_else(|| dates::parse_loose(raw)) {
            Some(date) => {
                let message = format!(
                    "{what} `{raw}` is not {form} date; read as {}",
                    rfc3339(date)
                );
                self.warning(at, message, help);
                Some(date)
            }
            None => {
                self.warning(
                    at,
                    format!("{what} is not a date: `{raw}`; it is left out"),
                    help,
                );
                None
            }
        }
    }
}
