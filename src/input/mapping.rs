//! From raw front matter to a validated [`Article`]: the rules of what an article is.
//!
//! A file with a title and a URL (`webUrl`, else `originalUrl`) is an article; one with neither is some
//! other page and is skipped; one with only one of the two is an error. A file written from a feed's
//! item keeps that item's id as `guid`: it is the article's identity, and such a file may lack a URL
//! and a date, as its item did. A missing or unreadable `publishedDateTime` falls back to the date in
//! a Jekyll-style file name, with a warning. Optional values that cannot be used (a bad image URL, a
//! related story without a title) are dropped with a warning; the article is still converted.

use chrono::{DateTime, Utc};

use super::front_matter::Split;
use super::options::ReadOptions;
use super::outcome::Outcome;
use super::raw::{RawArticle, RawAttachment, RawAuthor, RawImage, RawProvider, RawRelated, Text};
use super::rules::{add_topics, is_host_name, link_help};
use super::{dates, link, markdown};
use crate::error::{Diagnostic, Location};
use crate::model::language::bcp47;
use crate::model::{Article, Attachment, Author, Image, Provider, Related, Topic};

/// The file being mapped, for locating diagnostics.
pub struct SourceFile<'a> {
    pub path: &'a str,
    pub file_name: &'a str,
    pub text: &'a str,
    pub split: &'a Split<'a>,
}

impl SourceFile<'_> {
    fn diagnostic(&self, d: Diagnostic, key: &str, value: Option<&str>) -> Diagnostic {
        let location = match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(value) => self.split.value_location(key, value),
            None => self.split.key_location(key),
        };
        match location {
            Some(loc) => d.at(loc, self.text),
            None => d.at(Location { line: 1, column: 1 }, self.text),
        }
    }

    fn error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Diagnostic::error(Some(self.path), message), key, None)
    }

    fn warning(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Diagnostic::warning(Some(self.path), message), key, None)
    }

    /// A warning pointing at `value` as written under `key`.
    fn warning_at(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(
            Diagnostic::warning(Some(self.path), message),
            key,
            Some(value),
        )
    }
}

/// Collects the diagnostics of one file while it is mapped.
struct Mapper<'a> {
    file: &'a SourceFile<'a>,
    site: Option<&'a str>,
    diagnostics: Vec<Diagnostic>,
}

/// Maps raw front matter to an article, or says why it is not one.
pub fn to_article(
    raw: RawArticle,
    file: &SourceFile<'_>,
    options: &ReadOptions,
) -> (Outcome, Vec<Diagnostic>) {
    let mut m = Mapper {
        file,
        site: options.site_url.as_deref(),
        diagnostics: Vec::new(),
    };
    let outcome = match m.article(raw) {
        Some(article) => Outcome::Article(Box::new(article)),
        None if m.diagnostics.iter().any(Diagnostic::is_error) => Outcome::Rejected,
        None => Outcome::NotArticle,
    };
    m.diagnostics
        .sort_by_key(|d| d.location.map(|l| (l.line, l.column)));
    (outcome, m.diagnostics)
}

/// A URL as written, trimmed; what it may not contain is percent-encoded later, never rewritten.
fn url_text(text: Option<Text>) -> Option<String> {
    text.map(|t| t.0.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn clean(text: Option<Text>) -> Option<String> {
    super::rules::clean(text.as_ref().map(|t| t.0.as_str()))
}

impl Mapper<'_> {
    fn article(&mut self, raw: RawArticle) -> Option<Article> {
        let title = clean(raw.title);
        let guid = clean(raw.guid.clone());
        let (url_key, raw_url) = match (url_text(raw.web_url), url_text(raw.original_url.clone())) {
            (Some(u), _) => ("webUrl", Some(u)),
            (None, Some(u)) => ("originalUrl", Some(u)),
            (None, None) => ("webUrl", None),
        };
        let title = match (title, raw_url.is_some() || guid.is_some()) {
            (None, false) => return None,
            (Some(_), false) => {
                let d = self
                    .file
                    .error("title", "the article has a title but no URL");
                self.diagnostics.push(
                    d.help("add `webUrl: \"https://...\"` (or `originalUrl`) to the front matter"),
                );
                return None;
            }
            (None, true) => {
                let key = if raw_url.is_some() { url_key } else { "guid" };
                let what = if raw_url.is_some() {
                    "a URL"
                } else {
                    "a `guid`"
                };
                let d = self
                    .file
                    .error(key, format!("the article has {what} but no title"));
                self.diagnostics
                    .push(d.help("add `title: \"...\"` to the front matter"));
                return None;
            }
            (Some(t), true) => t,
        };
        let link = match raw_url.as_deref().map(|u| link::resolve(u, self.site)) {
            None => None,
            Some(Ok(link)) => Some(link),
            Some(Err(problem)) => {
                let d = self.file.error(url_key, format!("`{url_key}` {problem}"));
                self.diagnostics.push(d.help(link_help(&problem)));
                return None;
            }
        };
        // A feed item's own id, kept by articles written from feeds, is the identity.
        let id = guid.or_else(|| link.clone())?;
        let published = self.published(raw.published_date_time, raw.guid.is_some())?;
        let updated = raw
            .updated_date_time
            .and_then(|t| self.date(&t, "updatedDateTime", "`updatedDateTime`"));
        let original_url = url_text(raw.original_url)
            .and_then(|u| self.optional_url(&u, "originalUrl"))
            .filter(|u| Some(u) != link.as_ref());
        let amp_url = url_text(raw.amp_web_url).and_then(|u| self.optional_url(&u, "ampWebUrl"));
        let provider = raw.provider.and_then(|p| self.provider(p));
        let images = self.images(raw.images, "images");
        let mut topics = Vec::new();
        for list in [raw.topics, raw.tags, raw.categories] {
            add_topics(&mut topics, list.into_iter().map(Topic::named));
        }
        let related = self.related(raw.related);
        Some(Article {
            source: self.file.path.to_owned(),
            id,
            link,
            title,
            excerpt: clean(raw.excerpt),
            published,
            updated,
            original_url,
            amp_url,
            provider,
            authors: self.authors(raw.authors),
            images,
            attachments: self.attachments(raw.attachments),
            topics,
            section: clean(raw.category),
            related,
            is_published: raw.published.unwrap_or(true),
            terms: Vec::new(),
            visible_from: None,
            visible_until: None,
            quality: raw.quality,
            heat: raw.heat,
            locale: self.locale(raw.locale),
            body_html: markdown::render(self.file.split.body, self.site),
            content_block: true,
        })
    }

    /// `publishedDateTime`, else the date in the file name (with a warning). Without either, an
    /// article is an error, but an item written from a feed (with a `guid`) is undated, as its feed's
    /// item was: `Some(None)`.
    fn published(&mut self, raw: Option<Text>, from_feed: bool) -> Option<Option<DateTime<Utc>>> {
        let written = raw.map(|t| t.0).filter(|t| !t.trim().is_empty());
        if let Some(date) = written.as_deref().and_then(dates::parse) {
            return Some(Some(date));
        }
        if written.is_none() && from_feed {
            return Some(None);
        }
        let from_name = dates::from_file_name(self.file.file_name);
        let key = "publishedDateTime";
        let problem = match &written {
            Some(text) => format!("`{key}` is not a date: `{}`", text.trim()),
            None => format!("the article has no `{key}`"),
        };
        match from_name {
            Some(date) => {
                let note = format!(
                    "{problem}; using the date in the file name, {}",
                    date.format("%Y-%m-%d")
                );
                let d = self.file.warning(key, note);
                self.diagnostics
                    .push(d.help("write the date as RFC 3339, e.g. `2023-12-21T18:43:00Z`"));
                Some(Some(date))
            }
            None => {
                let d = self.file.error(key, problem);
                self.diagnostics.push(d.help(
                    "write the date as RFC 3339, e.g. `publishedDateTime: 2023-12-21T18:43:00Z`, \
                     or name the file `YYYY-MM-DD-slug.md`",
                ));
                None
            }
        }
    }

    /// `locale` as a BCP 47 tag (`en_US` is `en-US`); anything else is left out with a warning.
    fn locale(&mut self, raw: Option<Text>) -> Option<String> {
        let raw = clean(raw)?;
        let tag = bcp47(&raw);
        if tag.is_none() {
            let message = format!("`locale` `{raw}` is not a language tag; it is left out");
            let d = self.file.warning_at("locale", &raw, message);
            self.diagnostics
                .push(d.help("write a BCP 47 language tag, e.g. `en` or `en-US`"));
        }
        tag
    }

    /// The people credited, each with what the file gives (a URL that cannot be used is dropped).
    fn authors(&mut self, raw: Vec<RawAuthor>) -> Vec<Author> {
        raw.into_iter()
            .filter_map(|a| {
                let author = Author {
                    name: clean(a.name),
                    email: clean(a.email),
                    uri: url_text(a.url).and_then(|u| self.optional_url(&u, "authors")),
                    avatar: url_text(a.avatar).and_then(|u| self.optional_url(&u, "authors")),
                };
                (author != Author::default()).then_some(author)
            })
            .collect()
    }

    fn date(&mut self, text: &Text, key: &str, what: &str) -> Option<DateTime<Utc>> {
        if text.0.trim().is_empty() {
            return None;
        }
        let parsed = dates::parse(&text.0);
        if parsed.is_none() {
            let message = format!("{what} is not a date: `{}`; it is left out", text.0.trim());
            let d = self.file.warning_at(key, &text.0, message);
            self.diagnostics
                .push(d.help("write the date as RFC 3339, e.g. `2023-12-21T18:43:00Z`"));
        }
        parsed
    }

    fn optional_url(&mut self, raw: &str, key: &str) -> Option<String> {
        match link::resolve(raw, self.site) {
            Ok(url) => Some(url),
            Err(problem) => {
                let message = format!("a URL in `{key}` {problem}; it is left out");
                let d = self.file.warning_at(key, raw, message);
                self.diagnostics.push(d.help(link_help(&problem)));
                None
            }
        }
    }

    fn images(&mut self, raw: Vec<RawImage>, key: &str) -> Vec<Image> {
        raw.into_iter()
            .filter_map(|image| self.image(image, key))
            .collect()
    }

    fn image(&mut self, raw: RawImage, key: &str) -> Option<Image> {
        let url = url_text(raw.url)?;
        Some(Image {
            url: self.optional_url(&url, key)?,
            width: raw
                .width
                .and_then(|w| u32::try_from(w).ok())
                .filter(|w| *w > 0),
            height: raw
                .height
                .and_then(|h| u32::try_from(h).ok())
                .filter(|h| *h > 0),
            title: clean(raw.title),
            attribution: clean(raw.attribution),
        })
    }

    fn attachments(&mut self, raw: Vec<RawAttachment>) -> Vec<Attachment> {
        let mut out = Vec::new();
        for (index, entry) in raw.into_iter().enumerate() {
            let url = url_text(entry.url);
            let mime = clean(entry.mime_type).filter(|m| m.contains('/'));
            let (Some(url), Some(mime_type)) = (url, mime) else {
                let message = format!(
                    "attachment #{} needs a url and a mimeType; it is left out",
                    index + 1
                );
                let d = self.file.warning("attachments", message);
                self.diagnostics.push(
                    d.help("give every attachment a `url` and a `mimeType`, e.g. `audio/mpeg`"),
                );
                continue;
            };
            let Some(url) = self.optional_url(&url, "attachments") else {
                continue;
            };
            out.push(Attachment {
                url,
                mime_type: mime_type.to_ascii_lowercase(),
                length: entry
                    .length
                    .and_then(|l| u64::try_from(l).ok())
                    .filter(|l| *l > 0),
                title: clean(entry.title),
            });
        }
        out
    }

    fn provider(&mut self, raw: RawProvider) -> Option<Provider> {
        let domain = clean(raw.domain).map(|d| d.trim_end_matches('/').to_ascii_lowercase());
        let domain = match domain {
            Some(d) if is_host_name(&d) => Some(d),
            Some(d) => {
                let d = self.file.warning(
                    "provider",
                    format!("provider domain `{d}` is not a host name; it is left out"),
                );
                self.diagnostics
                    .push(d.help("write the bare domain, e.g. `domain: techcrunch.com`"));
                None
            }
            None => None,
        };
        let name = clean(raw.name).or_else(|| domain.clone())?;
        let logo = self.images(raw.images, "provider").into_iter().next();
        Some(Provider { name, domain, logo })
    }

    fn related(&mut self, raw: Vec<RawRelated>) -> Vec<Related> {
        let mut related = Vec::new();
        for (index, entry) in raw.into_iter().enumerate() {
            let title = clean(entry.title);
            let url = url_text(entry.web_url).or_else(|| url_text(entry.original_url));
            let (Some(title), Some(url)) = (title.clone(), url) else {
                let message = format!(
                    "related story #{} needs a title and a webUrl; it is left out",
                    index + 1
                );
                let d = match &title {
                    Some(title) => self.file.warning_at("related", title, message),
                    None => self.file.warning("related", message),
                };
                self.diagnostics
                    .push(d.help("give every related story a `title` and a `webUrl`"));
                continue;
            };
            let Some(url) = self.optional_url(&url, "related") else {
                continue;
            };
            let published = entry
                .published_date_time
                .as_ref()
                .and_then(|t| self.date(t, "related", "a related story's `publishedDateTime`"));
            let image = self.images(entry.images, "related").into_iter().next();
            let provider = entry
                .provider
                .and_then(|p| clean(p.name).or_else(|| clean(p.domain)));
            related.push(Related {
                title,
                url,
                excerpt: clean(entry.excerpt),
                published,
                provider,
                image,
            });
        }
        related
    }
}
