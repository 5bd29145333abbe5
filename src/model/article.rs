//! One news article as every output format sees it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::meta::Person;

/// A validated article: one file of the input, one item of a feed read, or several merged copies of
/// one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The file the article came from (the newest copy's file when copies were merged).
    pub source: String,
    /// Stable identity, what feeds write as the item's id: for an article file its encoded `webUrl`
    /// (else `originalUrl`), or the `guid` it keeps when it was written from a feed's item; for a
    /// feed's item its own id (RSS `guid`, Atom `id`, JSON Feed `id`), else its link, else a hash of
    /// its content. Two articles are copies of one story exactly when their ids are equal.
    pub id: String,
    /// The page the item links to, when it has one (an article file's is its id).
    pub link: Option<String>,
    /// Plain-text title.
    pub title: String,
    /// Plain-text summary (`excerpt`), if any.
    pub excerpt: Option<String>,
    /// When the story was first published (the earliest copy's date after merging); a feed's item
    /// may have no date.
    #[serde(with = "crate::model::dates::compact")]
    pub published: Option<DateTime<Utc>>,
    /// When the story last changed (`updatedDateTime`, or the latest copy's date after merging).
    #[serde(with = "crate::model::dates::compact")]
    pub updated: Option<DateTime<Utc>>,
    /// The publisher's own URL when it differs from the link.
    pub original_url: Option<String>,
    /// The AMP version of the page, if any.
    pub amp_url: Option<String>,
    /// Who published the story (an article file's `provider`; a feed item's `source`).
    pub provider: Option<Provider>,
    /// The people the item credits, in order: a feed item's authors as the feed gives them, a
    /// site post's authors by name. Feeds show them, else the provider.
    pub authors: Vec<Author>,
    /// Images, lead image first.
    pub images: Vec<Image>,
    /// Files: a feed's enclosures (podcast audio, video, documents, images) and other Media RSS
    /// files.
    pub attachments: Vec<Attachment>,
    /// Topics, tags and categories, in file order, without duplicates.
    pub topics: Vec<Topic>,
    /// Terms a site's generator files the post under but does not publish in its feeds (Hugo's and
    /// Zola's taxonomies): filters and splits see them beside `topics`; feeds never show them.
    pub terms: Vec<String>,
    /// The site section (`category`, e.g. `news`).
    pub section: Option<String>,
    /// Related stories, in file order.
    pub related: Vec<Related>,
    /// `published: false` marks a draft.
    pub is_published: bool,
    /// Left out of feeds before this time unless future posts are asked for (a post dated ahead,
    /// on a site that does not publish those).
    #[serde(with = "crate::model::dates::compact")]
    pub visible_from: Option<DateTime<Utc>>,
    /// Left out of feeds from this time on, unless drafts are asked for (Hugo's `expiryDate`).
    #[serde(with = "crate::model::dates::compact")]
    pub visible_until: Option<DateTime<Utc>>,
    /// Editorial quality score, if given.
    pub quality: Option<i64>,
    /// Popularity score, if given (`-1` is the source's "unknown").
    pub heat: Option<i64>,
    /// Language of the article (`locale`), if given.
    pub locale: Option<String>,
    /// The body, already rendered from Markdown (or read from a feed) as sanitized HTML.
    pub body_html: Option<String>,
    /// Whether writers wrap the body in the content block (lead image, "read the full story", related
    /// list; see [`content`](crate::model::content)): true for article files, and for items of feeds
    /// frontfeed wrote, whose block was recognised and taken off; false for other feeds' items, whose
    /// content passes through as it came.
    pub content_block: bool,
}

impl Article {
    /// The date of the last change: `updated` when known, else `published`.
    pub fn last_modified(&self) -> Option<DateTime<Utc>> {
        self.updated.or(self.published)
    }

    /// The date the item is listed by: `published`, else `updated`; `None` for an undated item.
    pub fn date(&self) -> Option<DateTime<Utc>> {
        self.published.or(self.updated)
    }

    /// The lead image, if any.
    pub fn lead_image(&self) -> Option<&Image> {
        self.images.first()
    }

    /// Whether the id is the item's link (an article file's, an RSS permalink `guid`): RSS writes it
    /// with `isPermaLink="true"`.
    pub fn id_is_link(&self) -> bool {
        self.link.as_deref() == Some(self.id.as_str())
    }

    /// The people feeds credit the item to: its authors, else its provider as the one author.
    pub fn credits(&self) -> Vec<Author> {
        if !self.authors.is_empty() {
            return self.authors.clone();
        }
        self.provider
            .iter()
            .map(|p| Author {
                name: Some(p.name.clone()),
                email: None,
                uri: p.home_url(),
                avatar: p.logo.as_ref().map(|l| l.url.clone()),
            })
            .collect()
    }
}

/// A person a feed's item credits: whatever of name, e-mail address, home page and picture the feed
/// gives (at least one of them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// Display name.
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Home page (an absolute http(s) URL).
    pub uri: Option<String>,
    /// Picture (an absolute http(s) URL).
    pub avatar: Option<String>,
}

impl Author {
    /// What to call the person: the name, else the e-mail address, else the home page.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .or(self.email.as_deref())
            .or(self.uri.as_deref())
            .unwrap_or_default()
    }
}

impl From<Person> for Author {
    /// A person a site names (a post's author), as an item credits them.
    fn from(person: Person) -> Author {
        Author {
            name: Some(person.name),
            email: person.email,
            uri: person.uri,
            avatar: None,
        }
    }
}

/// A topic, tag or category, with the scheme (RSS `domain`, Atom `scheme`) and label formats give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    /// The topic itself.
    pub term: String,
    /// The vocabulary it comes from, when given (a URI, as feeds write it).
    pub scheme: Option<String>,
    /// A human-readable label, when it differs from the term (Atom `label`).
    pub label: Option<String>,
}

impl Topic {
    /// A topic known only by its term.
    pub fn named(term: impl Into<String>) -> Topic {
        Topic {
            term: term.into(),
            scheme: None,
            label: None,
        }
    }
}

/// The publisher of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    /// Display name (falls back to the domain when the file has none).
    pub name: String,
    /// Bare domain, e.g. `techcrunch.com`, when it is a valid host name.
    pub domain: Option<String>,
    /// The publisher's logo, if any.
    pub logo: Option<Image>,
}

impl Provider {
    /// The publisher's home page, built from its domain.
    pub fn home_url(&self) -> Option<String> {
        self.domain.as_ref().map(|d| format!("https://{d}"))
    }
}

/// An image with its known size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Absolute, encoded http(s) URL.
    pub url: String,
    /// Width in pixels, if known.
    pub width: Option<u32>,
    /// Height in pixels, if known.
    pub height: Option<u32>,
    /// Caption, if any.
    pub title: Option<String>,
    /// Credit line, if any.
    pub attribution: Option<String>,
}

impl Image {
    /// The MIME type implied by the URL's file extension, when it names an image format.
    pub fn mime_type(&self) -> Option<&'static str> {
        mime_of_url(&self.url).filter(|m| m.starts_with("image/"))
    }
}

/// The MIME type a URL's file extension implies, for the kinds of files feeds carry: images, audio,
/// video and documents.
pub fn mime_of_url(url: &str) -> Option<&'static str> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    let (_, ext) = name.rsplit_once('.')?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" | "jpe" | "jfif" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "mp3" => "audio/mpeg",
        "m4a" | "m4b" => "audio/mp4",
        "aac" => "audio/aac",
        "ogg" | "oga" => "audio/ogg",
        "opus" => "audio/opus",
        "flac" => "audio/flac",
        "wav" => "audio/wav",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mkv" => "video/x-matroska",
        "pdf" => "application/pdf",
        "epub" => "application/epub+zip",
        "zip" => "application/zip",
        _ => return None,
    })
}

/// A file an item links to: an enclosure (podcast audio, video, a document, a picture).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// Absolute, encoded http(s) URL.
    pub url: String,
    /// MIME type, e.g. `audio/mpeg`.
    pub mime_type: String,
    /// Size in bytes, if known.
    pub length: Option<u64>,
    /// Plain-text title, if any.
    pub title: Option<String>,
}

/// A related story, linked from an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    /// Plain-text title.
    pub title: String,
    /// Absolute, encoded http(s) URL.
    pub url: String,
    /// Plain-text summary, if any.
    pub excerpt: Option<String>,
    /// Publication date, if known.
    #[serde(with = "crate::model::dates::compact")]
    pub published: Option<DateTime<Utc>>,
    /// Publisher name, if known.
    pub provider: Option<String>,
    /// Lead image, if any.
    pub image: Option<Image>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(url: &str) -> Image {
        Image {
            url: url.into(),
            width: None,
            height: None,
            title: None,
            attribution: None,
        }
    }

    #[test]
    fn mime_type_comes_from_the_path_not_the_query() {
        assert_eq!(
            image("https://a.b/x/dp.png?w=1080").mime_type(),
            Some("image/png")
        );
        assert_eq!(image("https://a.b/x.JPG").mime_type(), Some("image/jpeg"));
        assert_eq!(image("https://a.b/x.php?f=a.jpg").mime_type(), None);
        assert_eq!(image("https://a.b/image").mime_type(), None);
        assert_eq!(image("https://a.b.com/").mime_type(), None);
        assert_eq!(image("https://a.b/x.mp3").mime_type(), None);
        assert_eq!(mime_of_url("https://a.b/e/12.MP3?dl=1"), Some("audio/mpeg"));
    }
}
