//! What each format has no place for, counted over a feed's items, for `--verbose`: nothing is
//! dropped silently.

use std::borrow::Cow;

use super::format::Format;
use crate::model::Article;

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
    pub fn losses(self, items: &[Cow<'_, Article>]) -> Vec<Loss> {
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
                ("update dates", |a| {
                    a.published.is_some() && a.updated.is_some()
                }),
                ("external (original) URLs", |a| a.original_url.is_some()),
                ("provider domains and logos", |a| {
                    a.provider
                        .as_ref()
                        .is_some_and(|p| p.domain.is_some() || p.logo.is_some())
                }),
                ("authors' home pages and pictures", |a| {
                    a.authors
                        .iter()
                        .any(|p| p.uri.is_some() || p.avatar.is_some())
                }),
                ("item languages", |a| a.locale.is_some()),
                ("category labels", |a| {
                    a.topics.iter().any(|t| t.label.is_some())
                }),
                (
                    "enclosures after the first (written as media:content)",
                    |a| a.attachments.len() > 1,
                ),
                related_details,
            ],
            Format::Atom => vec![
                (
                    "ids that are not ASCII URIs (written as urn:frontfeed:guid: URNs, or percent-encoded)",
                    |a| crate::model::ids::as_uri(&a.id) != a.id.as_str(),
                ),
                ("missing dates (the feed's date is written instead)", |a| {
                    a.last_modified().is_none()
                }),
                ("external (original) URLs", |a| a.original_url.is_some()),
                ("provider logos", |a| {
                    a.provider.as_ref().is_some_and(|p| p.logo.is_some())
                }),
                ("authors' pictures", |a| {
                    a.authors.iter().any(|p| p.avatar.is_some())
                }),
                ("item languages", |a| a.locale.is_some()),
                related_details,
            ],
            Format::Json => vec![
                ("e-mail addresses of authors with a home page", |a| {
                    a.authors
                        .iter()
                        .any(|p| p.email.is_some() && p.uri.is_some())
                }),
                ("category schemes and labels", |a| {
                    a.topics
                        .iter()
                        .any(|t| t.scheme.is_some() || t.label.is_some())
                }),
            ],
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
