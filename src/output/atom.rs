//! Atom 1.0 (RFC 4287), with Media RSS images (`media:content`, `media:thumbnail`).
//!
//! The feed's `updated` is the newest item's change, never the clock; an undated item's `updated` is
//! the feed's. Every entry has an author (its own authors, else its provider, else the feed's author,
//! which is then always written), a plain-text title and summary, and its content: the HTML content
//! block of an article file, a feed item's own content. Ids that are not URIs are written as URNs
//! (see `model::ids`).

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{DateTime, Utc};

use super::generator::{GENERATOR, GENERATOR_VERSION};
use super::media;
use super::xml::{TextStyle, Xml};
use crate::model::content::{content_html, escape_html};
use crate::model::dates::rfc3339;
use crate::model::{Article, Author, Feed, Person, ids};

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
    x.text("id", &[], &feed.id);
    text_construct(&mut x, "title", meta.title_text());
    if let Some(description) = &meta.description {
        text_construct(&mut x, "subtitle", description);
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
    // An entry without an author inherits the feed's; the feed needs one then.
    let fallback_author = Person {
        name: meta.title_text().to_owned(),
        email: None,
        uri: meta.home_url.clone(),
    };
    let needs_author = feed.items.iter().any(|a| a.credits().is_empty());
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
    let feed_date = feed.updated.unwrap_or(chrono::DateTime::UNIX_EPOCH);
    x.items(&feed.items, |x, article| entry(x, article, feed_date));
    x.close("feed");
    x.finish()
}

/// A plain-text construct. Text that looks like markup (with `<` in it, or what reads as an HTML
/// reference: `&` before a character reference, an entity's name or other word characters) is
/// written as escaped HTML, which means the same and keeps validators and readers from taking it for
/// markup.
fn text_construct(x: &mut Xml, name: &str, text: &str) {
    if text.contains('<') || has_reference_like(text) {
        x.html(name, &[("type", "html")], &escape_html(text));
    } else {
        x.text(name, &[("type", "text")], text);
    }
}

/// Whether `text` holds `&` followed by `#`, or by a word that is an HTML entity's name or holds
/// digits or `_` (what the W3C validator takes for undeclared HTML in text).
fn has_reference_like(text: &str) -> bool {
    text.match_indices('&').any(|(at, _)| {
        let rest = &text[at + 1..];
        let word: &str = &rest[..rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())];
        rest.starts_with('#')
            || (!word.is_empty()
                && (!word.chars().all(char::is_alphabetic) || is_entity_name(word)))
    })
}

/// Whether `word` names one of HTML's entities (`amp`, `eacute` ...).
fn is_entity_name(word: &str) -> bool {
    markup5ever::data::NAMED_ENTITIES.contains_key(format!("{word};").as_str())
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

/// The entry's id: the item's id when it is a URI (`urn:`, `tag:`, `https:` ...), as Atom requires,
/// else the URN that stands for it (see [`ids`]).
pub fn atom_id(article: &Article) -> Cow<'_, str> {
    ids::as_uri(&article.id)
}

fn entry(x: &mut Xml, article: &Article, feed_date: DateTime<Utc>) {
    x.open("entry", &[]);
    x.text("id", &[], &atom_id(article));
    text_construct(x, "title", &article.title);
    if let Some(published) = article.published {
        x.text("published", &[], &rfc3339(published));
    }
    // Atom requires `updated`: an undated item is given the feed's.
    let updated = article.last_modified().unwrap_or(feed_date);
    x.text("updated", &[], &rfc3339(updated));
    if let Some(link) = &article.link {
        x.empty(
            "link",
            &[("rel", "alternate"), ("type", "text/html"), ("href", link)],
        );
    }
    links(x, article);
    for who in article.credits() {
        author(x, &who);
    }
    for topic in &article.topics {
        let mut attrs = vec![("term", topic.term.as_str())];
        if let Some(scheme) = &topic.scheme {
            attrs.push(("scheme", scheme));
        }
        if let Some(label) = &topic.label {
            attrs.push(("label", label));
        }
        x.empty("category", &attrs);
    }
    let content = content_html(article);
    match (&content, &article.link) {
        (Some(content), _) => {
            if let Some(excerpt) = &article.excerpt {
                text_construct(x, "summary", excerpt);
            }
            x.html("content", &[("type", "html")], content);
        }
        (None, Some(_)) => {
            if let Some(excerpt) = &article.excerpt {
                text_construct(x, "summary", excerpt);
            }
        }
        // An entry without content needs a link; without both, its text (or title) is its content.
        (None, None) => {
            let text = article.excerpt.as_deref().unwrap_or(&article.title);
            text_construct(x, "content", text);
        }
    }
    for image in &article.images {
        media::content(x, image);
    }
    if let Some(image) = article.lead_image() {
        media::thumbnail(x, image);
    }
    x.close("entry");
}

/// An entry's enclosure and related links: its files, the images of an article file (whose type is
/// known), its related stories.
fn links(x: &mut Xml, article: &Article) {
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
    for image in article.images.iter().filter(|_| article.content_block) {
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
}

/// An entry's `author`: Atom needs a name, so one known only by address or home page is named so.
fn author(x: &mut Xml, who: &Author) {
    x.open("author", &[]);
    x.text("name", &[], who.label());
    if let Some(uri) = &who.uri {
        x.text("uri", &[], uri);
    }
    if let Some(email) = &who.email {
        x.text("email", &[], email);
    }
    x.close("author");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_reads_as_a_reference_is_written_as_html() {
        for html in ["a&amp;b", "watch?v=1&ab_channel=x", "&#38;", "Caf&eacute"] {
            assert!(has_reference_like(html), "{html}");
        }
        for text in ["R&D", "Q&A", "AT&T", "fish & chips", "a&"] {
            assert!(!has_reference_like(text), "{text}");
        }
    }
}
