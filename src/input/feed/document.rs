//! A feed read as input: its format, its own metadata (a layer of settings for the feed it becomes)
//! and its items as articles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Article, FeedMeta};

/// The feed formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedFormat {
    /// RSS 0.9x or 2.0.
    Rss,
    /// RSS 0.90 or 1.0 (RDF).
    Rdf,
    /// RSS 1.1, RSS 1.0's little-used successor.
    Rss11,
    /// Atom 1.0.
    Atom,
    /// JSON Feed 1.0 or 1.1.
    Json,
}

impl FeedFormat {
    /// The name people know the format by.
    pub fn label(self) -> &'static str {
        match self {
            FeedFormat::Rss => "RSS",
            FeedFormat::Rdf => "RSS 1.0",
            FeedFormat::Rss11 => "RSS 1.1",
            FeedFormat::Atom => "Atom",
            FeedFormat::Json => "JSON Feed",
        }
    }
}

/// A feed read: its format, what it says of itself, and its items as articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedDocument {
    /// The format read.
    pub format: FeedFormat,
    /// Title, description, home page, language, author, icon and logo as the feed gives them: the
    /// last layer of settings when every input is a feed.
    pub meta: FeedMeta,
    /// The date the feed gives itself (RSS `lastBuildDate`, else `pubDate`; Atom `updated`).
    #[serde(with = "crate::model::dates::compact")]
    pub updated: Option<DateTime<Utc>>,
    /// The items, in feed order.
    pub articles: Vec<Article>,
}
