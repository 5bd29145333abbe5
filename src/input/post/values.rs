//! What each generator's reader makes of a post, before it is an article: the URL as the generator
//! computes it, the fields as it reads them, the body still to render. One place turns that into an
//! [`Article`]: the URL made absolute and encoded, the body rendered and its links resolved against
//! the post's own URL.

use chrono::{DateTime, Utc};

use super::fields::PostFile;
use crate::input::link::{self, LinkProblem};
use crate::input::markdown::{self, Typography};
use crate::input::rules::{add_topics, clean};
use crate::model::{Article, Author, Image, Person, Topic};

/// The body of a post, as its generator renders it.
#[derive(Debug, Clone)]
pub enum Body {
    /// Markdown.
    Markdown {
        /// The text, templates already removed.
        text: String,
        /// How the generator's renderer sets type.
        typography: Typography,
    },
    /// HTML, as written.
    Html(String),
}

/// A post as its generator reads it.
#[derive(Debug, Clone)]
pub struct PostValues {
    /// The URL, as the generator makes it: site-relative (`/2024/01/02/post/`) or absolute.
    pub url: String,
    /// The front-matter key a bad URL is blamed on.
    pub url_key: &'static str,
    /// Plain-text title (may be empty, as generators allow).
    pub title: String,
    /// Plain-text summary.
    pub summary: Option<String>,
    /// Publication date.
    pub published: DateTime<Utc>,
    /// Last change.
    pub updated: Option<DateTime<Utc>>,
    /// Authors.
    pub authors: Vec<Person>,
    /// Categories and tags the feed shows.
    pub topics: Vec<String>,
    /// Terms the feed does not show (filters and splits still see them).
    pub terms: Vec<String>,
    /// The section `--split-by category` and `--category` use.
    pub section: Option<String>,
    /// The lead image, as written.
    pub image: Option<String>,
    /// Language.
    pub locale: Option<String>,
    /// A draft (`draft: true`, `published: false`, `_drafts/`).
    pub draft: bool,
    /// Held back before this time (future posts).
    pub visible_from: Option<DateTime<Utc>>,
    /// Held back from this time on (expired posts).
    pub visible_until: Option<DateTime<Utc>>,
    /// The body.
    pub body: Body,
}

impl PostValues {
    /// The article, or `None` (with an error in `file`) when its URL cannot be made absolute.
    pub fn into_article(self, file: &mut PostFile<'_>, site: Option<&str>) -> Option<Article> {
        let id = match link::resolve(&self.url, site) {
            Ok(id) => id,
            Err(LinkProblem::Relative) => {
                file.error(
                    self.url_key,
                    format!(
                        "the post's URL `{}` is relative, and the site has no URL to make it absolute",
                        self.url
                    ),
                    "set the site's URL (`url` in _config.yml, `baseURL` in hugo.toml, `base_url` \
                     in config.toml), or pass --home-url",
                );
                return None;
            }
            Err(problem) => {
                file.error(
                    self.url_key,
                    format!("the post's URL `{}` {problem}", self.url),
                    "fix the permalink, or the site's URL",
                );
                return None;
            }
        };
        let base = url::Url::parse(&id).ok()?;
        let body_html = match self.body {
            Body::Markdown { text, typography } if !text.trim().is_empty() => {
                markdown::sanitize_post(&markdown::to_html(&text, typography), &base)
            }
            Body::Html(html) if !html.trim().is_empty() => markdown::sanitize_post(&html, &base),
            _ => None,
        };
        let images = self
            .image
            .and_then(|raw| image(&raw, site, file))
            .into_iter()
            .collect();
        let mut topics = Vec::new();
        add_topics(&mut topics, self.topics.into_iter().map(Topic::named));
        let mut terms = Vec::new();
        add_topics(&mut terms, self.terms.into_iter().map(Topic::named));
        let terms = terms.into_iter().map(|t| t.term).collect();
        Some(Article {
            source: file.path.to_owned(),
            link: Some(id.clone()),
            id,
            title: crate::input::rules::clean_line(&self.title),
            excerpt: clean(self.summary.as_deref()),
            published: Some(self.published),
            updated: self.updated,
            original_url: None,
            amp_url: None,
            provider: None,
            authors: self.authors.into_iter().map(Author::from).collect(),
            images,
            attachments: Vec::new(),
            topics,
            terms,
            section: clean(self.section.as_deref()),
            related: Vec::new(),
            is_published: !self.draft,
            visible_from: self.visible_from,
            visible_until: self.visible_until,
            quality: None,
            heat: None,
            locale: clean(self.locale.as_deref()),
            body_html,
            content_block: true,
        })
    }
}

/// The lead image, absolute; one that cannot be made so is left out with a warning.
fn image(raw: &str, site: Option<&str>, file: &mut PostFile<'_>) -> Option<Image> {
    match link::resolve(raw, site) {
        Ok(url) => Some(Image {
            url,
            width: None,
            height: None,
            title: None,
            attribution: None,
        }),
        Err(problem) => {
            file.warn(
                "image",
                format!("the image `{}` {problem}; it is left out", raw.trim()),
                crate::input::rules::link_help(&problem),
            );
            None
        }
    }
}
