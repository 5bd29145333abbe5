//! Writing a [`Feed`] as bytes: one file per format, each a pure function of the feed.
//!
//! Writers never read files, the clock or the environment, so the same feed always gives the same
//! bytes. Shared pieces: `xml` (a writer that cannot produce ill-formed XML) and `content` (the HTML
//! block every item carries).

mod atom;
mod content;
mod json_feed;
mod media;
pub mod opml;
mod rss;
mod xml;

use std::fmt;
use std::str::FromStr;

use crate::model::Feed;

/// The name written into every feed's generator field.
pub const GENERATOR: &str = "frontfeed";
/// The version written beside it.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");

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

    /// Writes `feed` in this format.
    pub fn write(self, feed: &Feed) -> Vec<u8> {
        match self {
            Format::Rss => rss::write(feed),
            Format::Atom => atom::write(feed),
            Format::Json => json_feed::write(feed),
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
