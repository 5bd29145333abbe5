//! What choosing a feed's items needs to know of an article, and nothing more.
//!
//! A run over hundreds of thousands of articles keeps only these for every article; the full article
//! is kept, or read again, just for the items a feed ends up holding. They are small by construction:
//! the id is a boxed string without spare capacity, and topics, providers and sections, which repeat
//! across articles, are shared strings that the run's interner makes one copy of per distinct value.

use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::article::Article;
use super::item_ref::ItemRef;

/// The identity, dates and (when a run filters or splits) filterable fields of one article read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Which item of the input the article is.
    pub item: ItemRef,
    /// The article's id.
    pub id: Box<str>,
    /// Its publication date, when it has one.
    #[serde(with = "crate::model::dates::compact")]
    pub published: Option<DateTime<Utc>>,
    /// Its last change, when known.
    #[serde(with = "crate::model::dates::compact")]
    pub updated: Option<DateTime<Utc>>,
    /// False for `published: false` drafts.
    pub is_published: bool,
    /// What tells the bytes it was read from (their length and checksum), so a file read again
    /// for its article can be seen to have changed since it was selected; 0 when not from a file.
    pub fingerprint: u64,
    /// Left out before this time unless future posts are asked for.
    #[serde(with = "crate::model::dates::compact")]
    pub visible_from: Option<DateTime<Utc>>,
    /// Left out from this time on unless drafts are asked for.
    #[serde(with = "crate::model::dates::compact")]
    pub visible_until: Option<DateTime<Utc>>,
    /// What filters and splits look at; dropped by runs that have neither.
    pub facets: Option<Box<Facets>>,
}

/// The fields of a candidate that only filters and splits need.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// Topics, tags and categories (and terms feeds do not show).
    pub topics: Box<[Arc<str>]>,
    /// The provider's name (a feed item without one: its first author's).
    pub provider_name: Option<Arc<str>>,
    /// The provider's domain (a feed item without one: its first author's home page's host).
    pub provider_domain: Option<Arc<str>>,
    /// The site section (`category`).
    pub section: Option<Arc<str>>,
    /// Editorial quality score.
    pub quality: Option<i64>,
    /// Popularity score.
    pub heat: Option<i64>,
}

/// The facets of a candidate whose facets were dropped: nothing.
static NO_FACETS: LazyLock<Facets> = LazyLock::new(Facets::default);

impl Candidate {
    /// The candidate for `article`, which is input item `item`.
    pub fn of(item: ItemRef, article: &Article) -> Candidate {
        let author = article.authors.first();
        let provider_name = match &article.provider {
            Some(p) => Some(p.name.as_str()),
            None => author.and_then(|a| a.name.as_deref().or(a.email.as_deref())),
        };
        let provider_domain = match &article.provider {
            Some(p) => p.domain.clone(),
            None => author
                .and_then(|a| a.uri.as_deref())
                .and_then(|u| url::Url::parse(u).ok())
                .and_then(|u| u.host_str().map(str::to_ascii_lowercase)),
        };
        Candidate {
            item,
            id: article.id.as_str().into(),
            published: article.published,
            updated: article.updated,
            is_published: article.is_published,
            fingerprint: 0,
            visible_from: article.visible_from,
            visible_until: article.visible_until,
            facets: Some(Box::new(Facets {
                topics: article
                    .topics
                    .iter()
                    .map(|t| t.term.as_str())
                    .chain(article.terms.iter().map(String::as_str))
                    .map(Arc::from)
                    .collect(),
                provider_name: provider_name.map(Arc::from),
                provider_domain: provider_domain.as_deref().map(Arc::from),
                section: article.section.as_deref().map(Arc::from),
                quality: article.quality,
                heat: article.heat,
            })),
        }
    }

    /// The date of the last change: `updated` when known, else `published`.
    pub fn last_modified(&self) -> Option<DateTime<Utc>> {
        self.updated.or(self.published)
    }

    /// The date it is listed and filtered by: `published`, else `updated`; `None` when undated.
    pub fn date(&self) -> Option<DateTime<Utc>> {
        self.published.or(self.updated)
    }

    /// Whether the item is shown at `now`: before its time only when `future`, after it expired
    /// only when `unpublished`.
    pub fn is_due(&self, now: DateTime<Utc>, future: bool, unpublished: bool) -> bool {
        self.visible_from.is_none_or(|from| future || from <= now)
            && self
                .visible_until
                .is_none_or(|until| unpublished || until > now)
    }

    /// Its filterable fields (all empty when they were dropped).
    pub fn facets(&self) -> &Facets {
        self.facets.as_deref().unwrap_or(&NO_FACETS)
    }
}
