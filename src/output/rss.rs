//! RSS 2.0, with the Atom (self and related links), content (`content:encoded`), Dublin Core
//! (`dc:creator`) and Media RSS (`media:content`, `media:thumbnail`) extensions.
//!
//! Follows the RSS Advisory Board's Best Practices Profile: namespaces declared once on the root,
//! RFC 822 dates with four-digit years, one enclosure per item (the first file, else an article
//! file's lead image when its type is known, with `length="0"` for an unknown size; further files
//! as `media:content`), one `author` or a `dc:creator` per person, `guid isPermaLink="true"` when the
//! id is the link. An undated item has no `pubDate`.

use std::io::{self, Write};

use super::generator::{GENERATOR, GENERATOR_VERSION};
use super::media;
use super::xml::{TextStyle, Xml};
use crate::model::content::{content_html, excerpt_html};
use crate::model::dates::rfc822;
use crate::model::{Article, Author, Feed};

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
    // RSS channel images are GIF, JPEG or PNG: an icon in another format (favicon.ico) is left out.
    let picture = |url: &&String| {
        matches!(
            crate::model::mime_of_url(url),
            Some("image/gif" | "image/jpeg" | "image/png")
        )
    };
    let image = meta.logo.iter().chain(meta.icon.iter()).find(picture);
    if let (Some(image), Some(link)) = (image, feed.link()) {
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
    if let Some(link) = &article.link {
        x.text("link", &[], link);
    }
    let content = content_html(article);
    // The RSS profile wants a description before content:encoded; without an excerpt it is the content.
    if let Some(description) = excerpt_html(article).or_else(|| content.clone()) {
        x.html("description", &[], &description);
    }
    let permalink = if article.id_is_link() {
        "true"
    } else {
        "false"
    };
    x.text("guid", &[("isPermaLink", permalink)], &article.id);
    if let Some(date) = article.date() {
        x.text("pubDate", &[], &rfc822(date));
    }
    for topic in &article.topics {
        match &topic.scheme {
            Some(domain) => x.text("category", &[("domain", domain)], &topic.term),
            None => x.text("category", &[], &topic.term),
        }
    }
    authors(x, &article.credits());
    enclosure(x, article);
    for image in &article.images {
        media::content(x, image);
    }
    let is_image = |url: &str| article.images.iter().any(|i| i.url == url);
    for file in article.attachments.iter().filter(|f| !is_image(&f.url)) {
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
    if let Some(content) = &content {
        x.html("content:encoded", &[], content);
    }
    x.close("item");
}

/// The people an item credits. RSS's own `author` holds one e-mail address (`jane@example.org (Jane
/// Doe)`) and an item may have one, which validators also want apart from `dc:creator`: one author
/// with an address is written so, anyone else as a `dc:creator` each (with the address in RSS's form
/// when known).
fn authors(x: &mut Xml, authors: &[Author]) {
    let with_address = |a: &Author| {
        a.email.as_ref().map(|email| match &a.name {
            Some(name) => format!("{email} ({name})"),
            None => email.clone(),
        })
    };
    if let [one] = authors
        && let Some(author) = with_address(one)
    {
        x.text("author", &[], &author);
        return;
    }
    for author in authors {
        let text = with_address(author).unwrap_or_else(|| author.label().to_owned());
        x.text("dc:creator", &[], &text);
    }
}

/// One enclosure per item, as the RSS profile advises: the first file (a podcast's audio), else an
/// article file's lead image when its type is known (with `length="0"` for an unknown size).
fn enclosure(x: &mut Xml, article: &Article) {
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
    } else if let Some((image, mime)) = article
        .lead_image()
        .filter(|_| article.content_block)
        .and_then(|i| Some((i, i.mime_type()?)))
    {
        x.empty(
            "enclosure",
            &[("url", &image.url), ("length", "0"), ("type", mime)],
        );
    }
}
