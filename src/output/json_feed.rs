//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>), built with serde so escaping is never hand-made.
//!
//! Related stories, and every image with its size and caption, go in the `_frontfeed` extension
//! object, which readers that do not know it ignore.
//! Keys are written in a fixed order and the output is pretty-printed, so it diffs well and is stable.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::content::content_html;
use crate::model::dates::rfc3339;
use crate::model::{Article, Feed, Image, Person, Provider};

/// The version URL every JSON Feed 1.1 document starts with.
const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    home_page_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    favicon: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avatar: Option<&'a str>,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<JsonAttachment<'a>>,
    #[serde(rename = "_frontfeed", skip_serializing_if = "Option::is_none")]
    extension: Option<Extension<'a>>,
}

#[derive(Serialize)]
struct JsonAttachment<'a> {
    url: &'a str,
    mime_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size_in_bytes: Option<u64>,
}

/// frontfeed's extension object: what JSON Feed has no field for.
#[derive(Serialize)]
struct Extension<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedStory<'a>>,
    /// Every image with its size, caption and credit, when there is more to say than `image`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    images: Vec<ImageObject<'a>>,
}

/// One image in the extension.
#[derive(Serialize)]
struct ImageObject<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<&'a str>,
}

#[derive(Serialize)]
struct RelatedStory<'a> {
    title: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
}

fn person(who: &Person) -> Author<'_> {
    Author {
        name: &who.name,
        url: who.uri.clone(),
        avatar: None,
    }
}

fn provider(p: &Provider) -> Author<'_> {
    Author {
        name: &p.name,
        url: p.home_url(),
        avatar: p.logo.as_ref().map(|l| l.url.as_str()),
    }
}

fn item(article: &Article) -> Item<'_> {
    // With a body the item carries the HTML content block; without one, the excerpt is the content.
    let (content_html, content_text) = match (&article.body_html, &article.excerpt) {
        (None, Some(excerpt)) => (None, Some(excerpt.as_str())),
        _ => (Some(self::content_html(article)), None),
    };
    let related: Vec<RelatedStory<'_>> = article
        .related
        .iter()
        .map(|r| RelatedStory {
            title: &r.title,
            url: &r.url,
            summary: r.excerpt.as_deref(),
            date_published: r.published.map(rfc3339),
            provider: r.provider.as_deref(),
            image: r.image.as_ref().map(|i| i.url.as_str()),
        })
        .collect();
    // `image` holds the lead image's URL; the extension lists them all when that is not everything.
    let bare_lead = |i: &Image| {
        i.width.is_none() && i.height.is_none() && i.title.is_none() && i.attribution.is_none()
    };
    let images: Vec<ImageObject<'_>> = match article.images.as_slice() {
        [] => Vec::new(),
        [lead] if bare_lead(lead) => Vec::new(),
        all => all
            .iter()
            .map(|i| ImageObject {
                url: &i.url,
                width: i.width,
                height: i.height,
                title: i.title.as_deref(),
                credit: i.attribution.as_deref(),
            })
            .collect(),
    };
    let attachments = article
        .attachments
        .iter()
        .map(|a| JsonAttachment {
            url: &a.url,
            mime_type: &a.mime_type,
            title: a.title.as_deref(),
            size_in_bytes: a.length,
        })
        .collect();
    let extension =
        (!related.is_empty() || !images.is_empty()).then_some(Extension { related, images });
    Item {
        id: article.item_id(),
        url: &article.id,
        external_url: article.original_url.as_deref(),
        title: &article.title,
        content_html,
        content_text,
        // The excerpt is the summary, unless it already is the content.
        summary: content_text
            .is_none()
            .then_some(article.excerpt.as_deref())
            .flatten(),
        image: article.lead_image().map(|i| i.url.as_str()),
        date_published: rfc3339(article.published),
        date_modified: article.updated.map(rfc3339),
        authors: match &article.provider {
            Some(p) => vec![provider(p)],
            None => article.authors.iter().map(person).collect(),
        },
        tags: &article.topics,
        language: article.locale.as_deref(),
        attachments,
        extension,
    }
}

/// Items written in parallel at a time.
const ITEMS_AT_ONCE: usize = 256;

/// Writes `feed` as JSON Feed 1.1. The items are written on all cores, a batch at a time, each as a
/// pretty-printed object indented to its place, and handed on in order: the bytes are those of
/// pretty-printing the whole document at once, without ever holding it whole.
pub fn write(feed: &Feed, out: &mut dyn Write) -> io::Result<()> {
    let document = document(feed);
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    // `items` is the last member: the document without items ends with its empty list.
    let head = serde_json::to_vec_pretty(&document)?;
    let Some(head) = head
        .strip_suffix(b"[]\n}".as_slice())
        .filter(|_| !feed.items.is_empty())
    else {
        out.write_all(&head)?;
        out.write_all(b"\n")?;
        return out.flush();
    };
    out.write_all(head)?;
    out.write_all(b"[")?;
    for (n, batch) in feed.items.chunks(ITEMS_AT_ONCE).enumerate() {
        let written: Vec<io::Result<Vec<u8>>> = batch
            .par_iter()
            .map(|article| {
                let object = serde_json::to_vec_pretty(&item(article))?;
                Ok(indent_item(&object))
            })
            .collect();
        for (j, object) in written.into_iter().enumerate() {
            if n > 0 || j > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"\n    ")?;
            out.write_all(&object?)?;
        }
    }
    out.write_all(b"\n  ]\n}\n")?;
    out.flush()
}

/// The feed's members, without its items.
fn document<'a>(feed: &'a Feed) -> JsonFeed<'a> {
    let meta = &feed.meta;
    JsonFeed {
        version: VERSION,
        title: meta.title_text(),
        home_page_url: feed.link(),
        feed_url: meta.feed_url.as_deref(),
        description: meta.description.as_deref(),
        icon: meta.logo.as_deref().or(meta.icon.as_deref()),
        favicon: meta.icon.as_deref(),
        authors: meta.author.iter().map(person).collect(),
        language: meta.language.as_deref(),
        items: Vec::new(),
    }
}

/// A pretty-printed object moved to an item's depth (two levels): four more spaces after each line
/// break. JSON strings hold no raw line breaks, so every one is between tokens.
fn indent_item(object: &[u8]) -> Vec<u8> {
    let breaks = memchr::memchr_iter(b'\n', object).count();
    let mut indented = Vec::with_capacity(object.len() + 4 * breaks);
    let mut done = 0;
    for at in memchr::memchr_iter(b'\n', object) {
        indented.extend_from_slice(&object[done..=at]);
        indented.extend_from_slice(b"    ");
        done = at + 1;
    }
    indented.extend_from_slice(&object[done..]);
    indented
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Outcome, ReadOptions, parse_file};
    use crate::model::FeedMeta;
    use std::borrow::Cow;

    /// The document pretty-printed at once, as the writer's parallel batches must reproduce it.
    fn at_once(feed: &Feed) -> Vec<u8> {
        let document = JsonFeed {
            items: feed.items.iter().map(|a| item(a)).collect(),
            ..document(feed)
        };
        let mut bytes = serde_json::to_vec_pretty(&document).unwrap();
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn items_written_in_batches_are_the_document_written_at_once() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut articles = Vec::new();
        for entry in std::fs::read_dir(seeds).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            if let (Outcome::Article(a), _) =
                parse_file(&name, &name, &bytes, &ReadOptions::default())
            {
                articles.push(*a);
            }
        }
        assert!(articles.len() >= 5);
        // Enough items for several batches.
        let items: Vec<Cow<'_, Article>> = articles
            .iter()
            .cycle()
            .take(3 * ITEMS_AT_ONCE + 7)
            .map(Cow::Borrowed)
            .collect();
        for count in [0, 1, items.len()] {
            let feed = Feed {
                meta: FeedMeta {
                    title: Some("T".into()),
                    description: Some("D".into()),
                    feed_url: Some("https://example.org/feed.json".into()),
                    language: Some("en".into()),
                    ..FeedMeta::default()
                },
                updated: None,
                fallback_link: None,
                items: items[..count].to_vec(),
            };
            let mut written = Vec::new();
            write(&feed, &mut written).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(at_once(&feed)).unwrap(),
                "{count} items"
            );
        }
    }
}
