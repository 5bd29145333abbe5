//! Which articles a feed wants: by topic, provider, section, date range and minimum scores.
//!
//! Filters apply to articles before copies merge and before the limit. Text matches ignore case. An
//! article without a score, or with the source's "unknown" sentinel (a negative value such as
//! `heat: -1`), never passes a minimum; likewise an undated item never passes `since` or `until`.

use chrono::{DateTime, Utc};

use crate::model::Candidate;

/// A conjunction of conditions; an empty list or `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The article has one of these topics.
    pub topics: Vec<String>,
    /// The provider's name or domain is one of these.
    pub providers: Vec<String>,
    /// The article's section (`category`) is one of these.
    pub categories: Vec<String>,
    /// Dated (published, else updated) at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Dated before this instant.
    pub until: Option<DateTime<Utc>>,
    /// `quality` at least this.
    pub min_quality: Option<i64>,
    /// `heat` at least this.
    pub min_heat: Option<i64>,
}

fn any_eq(wanted: &[String], value: &str) -> bool {
    wanted
        .iter()
        .any(|w| w.eq_ignore_ascii_case(value) || w.to_lowercase() == value.to_lowercase())
}

fn at_least(minimum: Option<i64>, value: Option<i64>) -> bool {
    match minimum {
        None => true,
        Some(min) => value.is_some_and(|v| v >= 0 && v >= min),
    }
}

impl Filter {
    /// Combines two filters: an article must pass both.
    pub fn and(&self, other: &Filter) -> Filter {
        let join = |a: &[String], b: &[String]| if a.is_empty() { b.to_vec() } else { a.to_vec() };
        Filter {
            topics: join(&other.topics, &self.topics),
            providers: join(&other.providers, &self.providers),
            categories: join(&other.categories, &self.categories),
            since: self.since.max(other.since),
            until: match (self.until, other.until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            min_quality: self.min_quality.max(other.min_quality),
            min_heat: self.min_heat.max(other.min_heat),
        }
    }

    /// True when `article` passes every condition.
    pub fn accepts(&self, article: &Candidate) -> bool {
        let facets = article.facets();
        let provider_matches = || {
            facets
                .provider_name
                .as_deref()
                .is_some_and(|n| any_eq(&self.providers, n))
                || facets.provider_domain.as_deref().is_some_and(|d| {
                    any_eq(&self.providers, d)
                        || any_eq(&self.providers, d.trim_start_matches("www."))
                })
        };
        (self.topics.is_empty() || facets.topics.iter().any(|t| any_eq(&self.topics, t)))
            && (self.providers.is_empty() || provider_matches())
            && (self.categories.is_empty()
                || facets
                    .section
                    .as_deref()
                    .is_some_and(|s| any_eq(&self.categories, s)))
            && self
                .since
                .is_none_or(|since| article.date().is_some_and(|d| d >= since))
            && self
                .until
                .is_none_or(|until| article.date().is_some_and(|d| d < until))
            && at_least(self.min_quality, facets.quality)
            && at_least(self.min_heat, facets.heat)
    }

    /// Whether this filter looks at a candidate's facets (topics, provider, section, scores); runs
    /// whose filters do not, and that do not split, drop them to save memory.
    pub fn needs_facets(&self) -> bool {
        !self.topics.is_empty()
            || !self.providers.is_empty()
            || !self.categories.is_empty()
            || self.min_quality.is_some()
            || self.min_heat.is_some()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::model::{Article, Provider, Topic};

    fn article() -> Candidate {
        Candidate::of(crate::model::ItemRef::file(0), &full_article())
    }

    fn full_article() -> Article {
        Article {
            source: "a.md".into(),
            id: "https://a.com/x".into(),
            title: "x".into(),
            excerpt: None,
            link: Some("https://a.com/x".into()),
            published: Some(Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap()),
            updated: None,
            original_url: None,
            amp_url: None,
            provider: Some(Provider {
                name: "TechCrunch".into(),
                domain: Some("www.techcrunch.com".into()),
                logo: None,
            }),
            images: vec![],
            attachments: vec![],
            authors: vec![],
            topics: vec![Topic::named("AI"), Topic::named("Robots")],
            section: Some("news".into()),
            related: vec![],
            is_published: true,
            terms: Vec::new(),
            visible_from: None,
            visible_until: None,
            quality: Some(60),
            heat: Some(-1),
            locale: None,
            body_html: None,
            content_block: true,
        }
    }

    #[test]
    fn matches_topics_providers_and_sections_ignoring_case() {
        let a = article();
        assert!(
            Filter {
                topics: vec!["robots".into()],
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            !Filter {
                topics: vec!["Climate".into()],
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            Filter {
                providers: vec!["techcrunch.com".into()],
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            Filter {
                providers: vec!["TECHCRUNCH".into()],
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            Filter {
                categories: vec!["News".into()],
                ..Filter::default()
            }
            .accepts(&a)
        );
    }

    #[test]
    fn dates_are_a_half_open_range() {
        let a = article();
        let at = |d: u32| Some(Utc.with_ymd_and_hms(2024, 3, d, 12, 0, 0).unwrap());
        assert!(
            Filter {
                since: at(10),
                until: at(11),
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            !Filter {
                until: at(10),
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            !Filter {
                since: at(11),
                ..Filter::default()
            }
            .accepts(&a)
        );
    }

    #[test]
    fn missing_or_sentinel_scores_never_pass_a_minimum() {
        let a = article();
        assert!(
            Filter {
                min_quality: Some(60),
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            !Filter {
                min_quality: Some(61),
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            !Filter {
                min_heat: Some(-5),
                ..Filter::default()
            }
            .accepts(&a)
        );
        assert!(
            !Filter {
                min_heat: Some(0),
                ..Filter::default()
            }
            .accepts(&Candidate {
                fingerprint: 0,
                facets: Some(Box::new(crate::model::Facets {
                    heat: None,
                    ..a.facets().clone()
                })),
                ..a
            })
        );
    }

    #[test]
    fn combined_filters_need_both() {
        let a = Filter {
            topics: vec!["AI".into()],
            min_heat: Some(5),
            ..Filter::default()
        };
        let b = Filter {
            providers: vec!["x".into()],
            min_heat: Some(9),
            ..Filter::default()
        };
        let both = a.and(&b);
        assert_eq!(both.topics, ["AI"]);
        assert_eq!(both.providers, ["x"]);
        assert_eq!(both.min_heat, Some(9));
    }
}
