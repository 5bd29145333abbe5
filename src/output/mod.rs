//! Writing a [`Feed`] as bytes: one file per format, each a pure function of the feed.
//!
//! Writers never read files, the clock or the environment, so the same feed always gives the same
//! bytes. Shared pieces: `xml` (a writer that cannot produce ill-formed XML) and `media` (Media RSS);
//! the HTML block every item carries is `model::content`. A feed is written to any `io::Write` as it
//! goes ([`Format::write_to`], items on all cores), or into memory ([`Format::write`]).

pub mod article;
mod atom;
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

/// One kind of value a format cannot carry, and how many items of a feed hold one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// What is not carried, e.g. `update dates`.
    pub what: &'static str,
    /// Items that hold such a value.
    pub items: usize,
}

impl Format {
    /// What of `items` this format has no place for (see the README's mapping table), for
    /// `--verbose`: nothing is dropped silently.
    pub fn losses(self, items: &[std::borrow::Cow<'_, crate::model::Article>]) -> Vec<Loss> {
        use crate::model::Article;
        type Check = (&'static str, fn(&Article) -> bool);
        let common: [Check; 5] = [
            ("AMP URLs", |a| a.amp_url.is_some()),
            ("categories (site sections)", |a| a.section.is_some()),
            ("quality scores", |a| a.quality.is_some()),
            ("heat scores", |a| a.heat.is_some()),
            ("drafts' published: false", |a| !a.is_published),
        ];
        let related_details: Check = (
            "related stories' summaries, dates, providers and images",
            |a| {
                a.related.iter().any(|r| {
                    r.excerpt.is_some()
                        || r.published.is_some()
                        || r.provider.is_some()
                        || r.image.is_some()
                })
            },
        );
        let specific: Vec<Check> = match self {
            Format::Rss => vec![
                ("update dates", |a| a.updated.is_some()),
                ("external (original) URLs", |a| a.original_url.is_some()),
                ("provider domains and logos", |a| {
                    a.provider
                        .as_ref()
                        .is_some_and(|p| p.domain.is_some() || p.logo.is_some())
                }),
                ("item languages", |a| a.locale.is_some()),
                related_details,
            ],
            Format::Atom => vec![
                ("ids that are not URIs", |a| atom::atom_id(a) != a.item_id()),
                ("external (original) URLs", |a| a.original_url.is_some()),
                ("provider logos", |a| {
                    a.provider.as_ref().is_some_and(|p| p.logo.is_some())
                }),
                ("item languages", |a| a.locale.is_some()),
                related_details,
            ],
            Format::Json => vec![],
        };
        common
            .iter()
            .chain(specific.iter())
            .filter_map(|(what, holds)| {
                let items = items.iter().filter(|a| holds(a)).count();
                (items > 0).then_some(Loss { what, items })
            })
            .collect()
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
