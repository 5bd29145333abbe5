//! Atom 1.0 (RFC 4287), with Media RSS images (`media:content`, `media:thumbnail`).
//!
//! The feed's `updated` is the newest item's change, never the clock. Every entry has an author (its
//! provider, else its authors, else the feed's author, which is then always written), plain-text
//! title and summary, and the HTML content block.

use std::io::{self, Write};

use super::generator::{GENERATOR, GENERATOR_VERSION};
use super::media;
use super::xml::{TextStyle, Xml};
use crate::model::content::{content_html, escape_html};
use crate::model::dates::rfc3339;
use crate::model::{Article, Feed, Person};

/// Writes `feed` as Atom 1.0.
pub fn write(feed: &Feed, out: &mut dyn Write) -> io::Result<()> {
    let meta = &feed.meta;
    let mut x = Xml::streaming(TextStyle::Entities, out);
    let mut root = vec![
        ("xmlns", "http://www.w3.org/2005/Atom"),
        ("xmlns:media", "http://search.yahoo.com/mrss/"),
    ];
    if let Some(language) = &meta.language {
        root.push(("xml:lang", language));
    }
    x.open("feed", &root);
    let id = meta.id();
    x.text("id", &[], &id);
    x.text("title", &[("type", "text")], meta.title_text());
    if let Some(description) = &meta.description {
        x.text("subtitle", &[("type", "text")], description);
    }
    x.text(
        "updated",
        &[],
        &rfc3339(feed.updated.unwrap_or(chrono::DateTime::UNIX_EPOCH)),
    );
    if let Some(self_url) = &meta.feed_url {
        x.empty(
            "link",
            &[
                ("rel", "self"),
                ("type", "application/atom+xml"),
                ("href", self_url),
            ],
        );
    }
    if let Some(link) = feed.link() {
        x.empty(
            "link",
            &[("rel", "alternate"), ("type", "text/html"), ("href", link)],
        );
    }
    x.text("generator", &[("version", GENERATOR_VERSION)], GENERATOR);
    // An entry without a provider inherits the feed's author; the feed needs one then.
    let fallback_author = Person {
        name: meta.title_text().to_owned(),
        email: None,
        uri: meta.home_url.clone(),
    };
    let needs_author = feed
        .items
        .iter()
        .any(|a| a.provider.is_none() && a.authors.is_empty());
    match &meta.author {
        Some(author) => person(&mut x, "author", author),
        None if needs_author || feed.items.is_empty() => person(&mut x, "author", &fallback_author),
        None => {}
    }
    if let Some(icon) = &meta.icon {
        x.text("icon", &[], icon);
    }
    if let Some(logo) = &meta.logo {
        x.text("logo", &[], logo);
    }
    x.items(&feed.items, |x, article| entry(x, article));
    x.close("feed");
    x.finish()
}

/// A plain-text construct. Text with `<` in it is written as escaped HTML, which means the same and
/// keeps validators and readers from taking tag-like text for markup.
fn text_construct(x: &mut Xml, name: &str, text: &str) {
    if text.contains('<') {
        x.html(name, &[("type", "html")], &escape_html(text));
    } else {
        x.text(name, &[("type", "text")], text);
    }
}

fn person(x: &mut Xml, tag: &str, who: &Person) {
    x.open(tag, &[]);
    x.text("name", &[], &who.name);
    if let Some(uri) = &who.uri {
        x.text("uri", &[], uri);
    }
    if let Some(email) = &who.email {
        x.text("email", &[], email);
    }
    x.close(tag);
}

/// The entry's id: its feed id when that is a URI (`urn:`, `tag:`, `https:` ...), as Atom requires,
/// else its link.
pub fn atom_id(article: &Article) -> &str {
    match &article.guid {
        Some(guid) if url::Url::parse(guid).is_ok() => guid,
        _ => &article.id,
    }
}

fn entry(x: &mut Xml, article: &Article) {
    x.open("entry", &[]);
    x.text("id", &[], atom_id(article));
    text_construct(x, "title", &article.title);
    x.text("published", &[], &rfc3339(article.published));
    x.text("updated", &[], &rfc3339(article.last_modified()));
    x.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &article.id),
        ],
    );
    for file in &article.attachments {
        let length = file.length.map(|l| l.to_string());
        let mut attrs = vec![
            ("rel", "enclosure"),
            ("type", file.mime_type.as_str()),
            ("href", file.url.as_str()),
        ];
        if let Some(length) = &length {
            attrs.push(("length", length));
        }
        if let Some(title) = &file.title {
            attrs.push(("title", title));
        }
        x.empty("link", &attrs);
    }
    for image in &article.images {
        if let Some(mime) = image.mime_type() {
            x.empty(
                "link",
                &[("rel", "enclosure"), ("type", mime), ("href", &image.url)],
            );
        }
    }
    for related in &article.related {
        x.empty(
            "link",
            &[
                ("rel", "related"),
                ("type", "text/html"),
                ("href", &related.url),
                ("title", &related.title),
            ],
        );
    }
    if let Some(provider) = &article.provider {
        let who = Person {
            name: provider.name.clone(),
            email: None,
            uri: provider.home_url(),
        };
        person(x, "author", &who);
    } else {
        for who in &article.authors {
            person(x, "author", who);
        }
    }
    for topic in &article.topics {
        x.empty("category", &[("term", topic)]);
    }
    if let Some(excerpt) = &article.excerpt {
        text_construct(x, "summary", excerpt);
    }
    x.html("content", &[("type", "html")], &content_html(article));
    for image in &article.images {
        media::content(x, image);
    }
    if let Some(image) = article.lead_image() {
        media::thumbnail(x, image);
    }
    x.close("entry");
}
