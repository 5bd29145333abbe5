//! RSS 2.0, with the Atom (self and related links), content (`content:encoded`), Dublin Core
//! (`dc:creator`) and Media RSS (`media:content`, `media:thumbnail`) extensions.
//!
//! Follows the RSS Advisory Board's Best Practices Profile: namespaces declared once on the root,
//! RFC 822 dates with four-digit years, one enclosure per item (the first attachment, else the lead image when its type is
//! known, with `length="0"` for an unknown size), `guid isPermaLink="true"` since ids are URLs.

use std::io::{self, Write};

use super::generator::{GENERATOR, GENERATOR_VERSION};
use super::media;
use super::xml::{TextStyle, Xml};
use crate::model::content::{content_html, excerpt_html};
use crate::model::dates::rfc822;
use crate::model::{Article, Feed};

/// Writes `feed` as RSS 2.0.
pub fn write(feed: &Feed, out: &mut dyn Write) -> io::Result<()> {
    let mut x = Xml::streaming(TextStyle::HexReferences, out);
    x.open(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:media", "http://search.yahoo.com/mrss/"),
        ],
    );
    x.open("channel", &[]);
    channel(&mut x, feed);
    x.items(&feed.items, |x, article| item(x, article));
    x.close("channel");
    x.close("rss");
    x.finish()
}

fn channel(x: &mut Xml, feed: &Feed) {
    let meta = &feed.meta;
    x.text("title", &[], meta.title_text());
    if let Some(link) = feed.link() {
        x.text("link", &[], link);
    }
    x.text(
        "description",
        &[],
        meta.description.as_deref().unwrap_or(meta.title_text()),
    );
    if let Some(self_url) = &meta.feed_url {
        x.empty(
            "atom:link",
            &[
                ("href", self_url),
                ("rel", "self"),
                ("type", "application/rss+xml"),
            ],
        );
    }
    if let Some(language) = &meta.language {
        x.text("language", &[], language);
    }
    if let Some((author, email)) = meta
        .author
        .as_ref()
        .and_then(|a| Some((a, a.email.as_ref()?)))
    {
        x.text("managingEditor", &[], &format!("{email} ({})", author.name));
    }
    if let Some(updated) = feed.updated {
        x.text("lastBuildDate", &[], &rfc822(updated));
    }
    x.text(
        "generator",
        &[],
        &format!("{GENERATOR} {GENERATOR_VERSION}"),
    );
    x.text("docs", &[], "https://www.rssboard.org/rss-specification");
    if let (Some(image), Some(link)) = (meta.logo.as_ref().or(meta.icon.as_ref()), feed.link()) {
        x.open("image", &[]);
        x.text("url", &[], image);
        x.text("title", &[], meta.title_text());
        x.text("link", &[], link);
        x.close("image");
    }
}

fn item(x: &mut Xml, article: &Article) {
    x.open("item", &[]);
    x.text("title", &[], &article.title);
    x.text("link", &[], &article.id);
    let content = content_html(article);
    // The RSS profile wants a description before content:encoded; without an excerpt it is the content.
    x.html(
        "description",
        &[],
        excerpt_html(article).as_deref().unwrap_or(&content),
    );
    match &article.guid {
        Some(guid) => x.text("guid", &[("isPermaLink", "false")], guid),
        None => x.text("guid", &[("isPermaLink", "true")], &article.id),
    }
    x.text("pubDate", &[], &rfc822(article.published));
    for topic in &article.topics {
        x.text("category", &[], topic);
    }
    match &article.provider {
        Some(provider) => x.text("dc:creator", &[], &provider.name),
        None => {
            for who in &article.authors {
                x.text("dc:creator", &[], &who.name);
            }
        }
    }
    // One enclosure per item: the first attachment (a podcast's audio), else the lead image.
    if let Some(file) = article.attachments.first() {
        let length = file.length.unwrap_or(0).to_string();
        x.empty(
            "enclosure",
            &[
                ("url", &file.url),
                ("length", &length),
                ("type", &file.mime_type),
            ],
        );
    } else if let Some((image, mime)) = article.lead_image().and_then(|i| Some((i, i.mime_type()?)))
    {
        x.empty(
            "enclosure",
            &[("url", &image.url), ("length", "0"), ("type", mime)],
        );
    }
    for image in &article.images {
        media::content(x, image);
    }
    for file in &article.attachments {
        media::attachment(x, file);
    }
    if let Some(image) = article.lead_image() {
        media::thumbnail(x, image);
    }
    for related in &article.related {
        x.empty(
            "atom:link",
            &[
                ("rel", "related"),
                ("href", &related.url),
                ("title", &related.title),
            ],
        );
    }
    x.html("content:encoded", &[], &content);
    x.close("item");
}
