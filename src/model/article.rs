//! One news article as every output format sees it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::meta::Person;

/// A validated article: one file of the input, or several merged copies of one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The file the article came from (the newest copy's file when copies were merged).
    pub source: String,
    /// Stable identity: the encoded `webUrl` (else `originalUrl`). Also the item's link.
    pub id: String,
    /// The item's own id in the feed it was read from, when that is not its link (an RSS `guid` that
    /// is not a permalink, an Atom `urn:` id). Feeds written from it keep that id, so readers do not
    /// see the items as new.
    #[serde(default)]
    pub guid: Option<String>,
    /// Plain-text title.
    pub title: String,
    /// Plain-text summary (`excerpt`), if any.
    pub excerpt: Option<String>,
    /// When the story was first published (the earliest copy's date after merging).
    pub published: DateTime<Utc>,
    /// When the story last changed (`updatedDateTime`, or the latest copy's date after merging).
    pub updated: Option<DateTime<Utc>>,
    /// The publisher's own URL when it differs from the link.
    pub original_url: Option<String>,
    /// The AMP version of the page, if any.
    pub amp_url: Option<String>,
    /// Who published the story.
    pub provider: Option<Provider>,
    /// Who wrote it, when known by name (a site's post authors); feeds show them instead of the
    /// provider when there is no provider.
    #[serde(default)]
    pub authors: Vec<Person>,
    /// Images, lead image first.
    pub images: Vec<Image>,
    /// Files that are not images (podcast audio, video, documents), read from a feed's enclosures.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// Topics, tags and categories, in file order, without duplicates.
    pub topics: Vec<String>,
    /// Terms a site's generator files the post under but does not publish in its feeds (Hugo's and
    /// Zola's taxonomies): filters and splits see them beside `topics`; feeds never show them.
    #[serde(default)]
    pub terms: Vec<String>,
    /// The site section (`category`, e.g. `news`).
    pub section: Option<String>,
    /// Related stories, in file order.
    pub related: Vec<Related>,
    /// `published: false` marks a draft.
    pub is_published: bool,
    /// Left out of feeds before this time unless future posts are asked for (a post dated ahead,
    /// on a site that does not publish those).
    #[serde(default)]
    pub visible_from: Option<DateTime<Utc>>,
    /// Left out of feeds from this time on, unless drafts are asked for (Hugo's `expiryDate`).
    #[serde(default)]
    pub visible_until: Option<DateTime<Utc>>,
    /// Editorial quality score, if given.
    pub quality: Option<i64>,
    /// Popularity score, if given (`-1` is the source's "unknown").
    pub heat: Option<i64>,
    /// Language of the article (`locale`), if given.
    pub locale: Option<String>,
    /// The body, already rendered from Markdown to sanitized HTML.
    pub body_html: Option<String>,
}

impl Article {
    /// The date of the last change: `updated` when known, else `published`.
    pub fn last_modified(&self) -> DateTime<Utc> {
        self.updated.unwrap_or(self.published)
    }

    /// The lead image, if any.
    pub fn lead_image(&self) -> Option<&Image> {
        self.images.first()
    }

    /// The id feeds give the item: its own feed id when it came with one, else its link.
    pub fn item_id(&self) -> &str {
        self.guid.as_deref().unwrap_or(&self.id)
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
        let path = self.url.split(['?', '#']).next().unwrap_or_default();
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
            _ => return None,
        })
    }
}

/// A file an article links to that is not an image: an enclosure (podcast audio, video, a document).
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
    }
}
