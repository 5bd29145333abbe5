//! What choosing a feed's items needs to know of an article, and nothing more.
//!
//! A run over hundreds of thousands of articles keeps only these for every article; the full article
//! is kept, or read again, just for the items a feed ends up holding.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Article;

/// The identity, dates and filterable fields of one article read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Which input file the article came from (its position in the run's sources).
    pub file: usize,
    /// The article's id.
    pub id: String,
    /// Its publication date.
    pub published: DateTime<Utc>,
    /// Its last change, when known.
    pub updated: Option<DateTime<Utc>>,
    /// False for `published: false` drafts.
    pub is_published: bool,
    /// Topics, tags and categories.
    pub topics: Vec<String>,
    /// The provider's name.
    pub provider_name: Option<String>,
    /// The provider's domain.
    pub provider_domain: Option<String>,
    /// The site section (`category`).
    pub section: Option<String>,
    /// Editorial quality score.
    pub quality: Option<i64>,
    /// Popularity score.
    pub heat: Option<i64>,
}

impl Candidate {
    /// The candidate for `article`, read from input file number `file`.
    pub fn of(file: usize, article: &Article) -> Candidate {
        Candidate {
            file,
            id: article.id.clone(),
            published: article.published,
            updated: article.updated,
            is_published: article.is_published,
            topics: article.topics.clone(),
            provider_name: article.provider.as_ref().map(|p| p.name.clone()),
            provider_domain: article.provider.as_ref().and_then(|p| p.domain.clone()),
            section: article.section.clone(),
            quality: article.quality,
            heat: article.heat,
        }
    }

    /// The date of the last change: `updated` when known, else `published`.
    pub fn last_modified(&self) -> DateTime<Utc> {
        self.updated.unwrap_or(self.published)
    }
}
