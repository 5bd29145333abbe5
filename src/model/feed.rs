//! A feed: its metadata and its items, ready to be written in any format.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::article::Article;
use super::meta::FeedMeta;

/// The name written into every feed's generator field.
pub const GENERATOR: &str = "frontfeed";
/// The version written beside it.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a writer turns into bytes. Items borrow the articles read, unless merging copies made new ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed<'a> {
    /// Feed-level metadata.
    pub meta: FeedMeta,
    /// The feed's permanent id (Atom's `<id>`): by default [`FeedMeta::id`]; a feed that is one of
    /// several in a folder and has no URL of its own tells itself apart with its file name.
    pub id: String,
    /// The newest change among the items (from the data, never the clock); for a feed without items,
    /// whatever date the caller gives (frontfeed's runs use `SOURCE_DATE_EPOCH` when set).
    pub updated: Option<DateTime<Utc>>,
    /// The link used when the feed has no home page: the newest item's that has one.
    pub fallback_link: Option<String>,
    /// Items, newest first.
    pub items: Vec<Cow<'a, Article>>,
}

impl<'a> Feed<'a> {
    /// A feed of `items` (newest first), dated by its newest change and linked, when `meta` names
    /// no home page, to its newest item with a link.
    pub fn new(meta: FeedMeta, items: Vec<Cow<'a, Article>>) -> Feed<'a> {
        Feed {
            id: meta.id(),
            meta,
            updated: items.iter().filter_map(|a| a.last_modified()).max(),
            fallback_link: items.iter().find_map(|a| a.link.clone()),
            items,
        }
    }
}

impl Feed<'_> {
    /// The feed's home link: the configured home page, else the newest item's link, else (for
    /// items without links) the feed's own URL, since RSS requires a channel link.
    pub fn link(&self) -> Option<&str> {
        self.meta
            .home_url
            .as_deref()
            .or(self.fallback_link.as_deref())
            .or(self.meta.feed_url.as_deref())
    }
}
