//! A feed: its metadata and its items, ready to be written in any format.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Article;

/// A person or organisation credited with the feed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Person {
    /// Display name.
    pub name: String,
    /// E-mail address, if public.
    pub email: Option<String>,
    /// Home page, if any.
    pub uri: Option<String>,
}

/// Feed-level metadata, resolved from flags, `frontfeed.toml` and Jekyll's `_config.yml`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedMeta {
    /// Feed title.
    pub title: String,
    /// One-line description.
    pub description: Option<String>,
    /// The site's home page; also the base for relative URLs in articles.
    pub home_url: Option<String>,
    /// Where the feed itself is published (the `self` link).
    pub feed_url: Option<String>,
    /// Language tag, e.g. `en` or `en-US`.
    pub language: Option<String>,
    /// The feed's author.
    pub author: Option<Person>,
    /// A small square icon URL.
    pub icon: Option<String>,
    /// A larger logo URL.
    pub logo: Option<String>,
}

impl FeedMeta {
    /// The feed's permanent id: its own URL, else the home page, else a URN built from the title.
    pub fn id(&self) -> String {
        self.feed_url
            .clone()
            .or_else(|| self.home_url.clone())
            .unwrap_or_else(|| {
                let slug: String = self
                    .title
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '-'
                        }
                    })
                    .collect();
                format!("urn:frontfeed:{}", slug.trim_matches('-'))
            })
    }
}

/// What a writer turns into bytes. Items borrow the articles read, unless merging copies made new ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed<'a> {
    /// Feed-level metadata.
    pub meta: FeedMeta,
    /// The newest change among the items (from the data, never the clock); for a feed without items,
    /// `SOURCE_DATE_EPOCH` when set.
    pub updated: Option<DateTime<Utc>>,
    /// The link used when the feed has no home page: the newest item's.
    pub fallback_link: Option<String>,
    /// Items, newest first.
    pub items: Vec<Cow<'a, Article>>,
}

impl Feed<'_> {
    /// The feed's home link: the configured home page, else the newest item's link.
    pub fn link(&self) -> Option<&str> {
        self.meta
            .home_url
            .as_deref()
            .or(self.fallback_link.as_deref())
    }
}
