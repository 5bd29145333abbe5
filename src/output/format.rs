//! The output formats and writing a [`Feed`] in one of them, as it goes or into memory.

use std::fmt;
use std::str::FromStr;

use super::{atom, json_feed, rss};
use crate::model::Feed;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// RSS 2.0 with the Atom, content, Dublin Core and Media RSS extensions.
    #[default]
    Rss,
    /// Atom 1.0 (RFC 4287) with Media RSS thumbnails.
    Atom,
    /// JSON Feed 1.1.
    Json,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 3] = [Format::Rss, Format::Atom, Format::Json];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Json => "json",
        }
    }

    /// The name people know the format by.
    pub fn label(self) -> &'static str {
        match self {
            Format::Rss => "RSS",
            Format::Atom => "Atom",
            Format::Json => "JSON Feed",
        }
    }

    /// A generous guess of the bytes `feed` takes in any format, to size output buffers once.
    pub fn size_hint(feed: &Feed<'_>) -> usize {
        4096 + feed.items.len() * 4096
    }

    /// Writes `feed` in this format, into memory.
    pub fn write(self, feed: &Feed) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(Format::size_hint(feed));
        // Writing into a Vec cannot fail.
        let _infallible = self.write_to(feed, &mut bytes);
        bytes
    }

    /// Writes `feed` in this format to `out` as it goes, so a large feed is never held whole; fails
    /// only when `out` does.
    pub fn write_to(self, feed: &Feed, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match self {
            Format::Rss => rss::write(feed, out),
            Format::Atom => atom::write(feed, out),
            Format::Json => json_feed::write(feed, out),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown format `{s}`; choose one of: rss, atom, json"))
    }
}

impl Format {
    /// Whether a file named `name` may hold this format: a `.json` file only JSON Feed, an `.atom`
    /// (or `.atom.xml`) file only Atom, an `.rss` file only RSS, any other (`.xml`) RSS or Atom.
    pub fn name_fits(name: &str, format: Format) -> bool {
        let atom = name.ends_with(".atom") || name.ends_with(".atom.xml");
        match format {
            Format::Json => name.ends_with(".json"),
            Format::Atom => !name.ends_with(".json") && !name.ends_with(".rss"),
            Format::Rss => !name.ends_with(".json") && !atom,
        }
    }

    /// The format a file name implies: `.json` is JSON Feed, `.atom` or `.atom.xml` Atom, anything
    /// else RSS.
    pub fn of_file_name(name: &str) -> Format {
        if name.ends_with(".json") {
            Format::Json
        } else if name.ends_with(".atom") || name.ends_with(".atom.xml") {
            Format::Atom
        } else {
            Format::Rss
        }
    }
}
