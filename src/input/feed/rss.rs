//! What the items of an RSS feed say: RSS 0.91, 0.92 and 2.0 (`<rss>`), and RSS 0.90 and 1.0
//! (`<rdf:RDF>`), with the content, Dublin Core, Media RSS and Atom extensions.
//!
//! `description` is HTML: it is the excerpt when `content:encoded` carries the content, and both when
//! it is the only text an item has and holds markup. A `guid` is the item's link unless
//! `isPermaLink="false"`. An `atom:link rel="related"` is a related story.

use super::document::{FeedDocument, FeedFormat};
use super::item::{Item, RawMedia, RawPerson, RawRelated, Text};
use super::reader::Reader;
use super::to_article::articles;
use super::xml::{Element, ns};
use crate::input::html_text::{has_markup, html_to_text};
use crate::input::rules::clean_line;
use crate::model::FeedMeta;

/// Reads an `<rss>` or `<rdf:RDF>` root.
pub(super) fn read(r: &mut Reader<'_>, root: &Element, format: FeedFormat) -> Option<FeedDocument> {
    // RSS 2.0 has no namespace; RSS 1.0 and 0.90 each have their own.
    let rss_ns = match format {
        FeedFormat::Rdf => root
            .children
            .iter()
            .find(|c| c.name == "channel")
            .and_then(|c| c.ns.clone()),
        _ => None,
    };
    let rss_ns = rss_ns.as_deref();
    let Some(channel) = root.first(rss_ns, "channel") else {
        let at = Some(r.location(root.start));
        r.error(
            at,
            "the feed has no <channel>",
            "an RSS feed keeps its title, link and items in one <channel> element",
        );
        return None;
    };
    // RSS 2.0 items sit inside the channel, RSS 1.0 items beside it.
    let item_parent = match format {
        FeedFormat::Rdf => root,
        _ => channel,
    };
    let home = channel.child_text(rss_ns, "link");
    let base = channel.xml_base().or_else(|| home.clone());
    let date = channel
        .child_text(rss_ns, "lastBuildDate")
        .or_else(|| channel.child_text(rss_ns, "pubDate"))
        .or_else(|| channel.child_text(Some(ns::DC), "date"));
    let items: Vec<Item> = item_parent
        .all(rss_ns, "item")
        .enumerate()
        .map(|(i, e)| item(r, e, rss_ns, i + 1, base.as_deref()))
        .map(|mut item| {
            item.published_rfc822 &= format == FeedFormat::Rss;
            item
        })
        .collect();
    let articles = articles(r, items, date.as_deref());
    let author = channel
        .child_text(rss_ns, "managingEditor")
        .or_else(|| channel.child_text(Some(ns::DC), "creator"))
        .and_then(|a| contact(&a).into_person());
    let meta = FeedMeta {
        title: channel.child_text(rss_ns, "title"),
        description: channel
            .child_text(rss_ns, "description")
            .map(|d| clean_line(&html_to_text(&d)))
            .filter(|d| !d.is_empty()),
        home_url: home.and_then(|h| r.link(&h, None).ok()),
        language: channel
            .child_text(rss_ns, "language")
            .or_else(|| channel.child_text(Some(ns::DC), "language")),
        author,
        logo: channel
            .first(rss_ns, "image")
            .and_then(|i| i.child_text(rss_ns, "url"))
            .and_then(|u| r.link(&u, base.as_deref()).ok()),
        ..FeedMeta::default()
    };
    Some(FeedDocument {
        format,
        meta,
        articles,
    })
}

/// `jane@example.com (Jane Doe)`, `Jane Doe`, or a bare address.
fn contact(text: &str) -> RawPerson {
    let text = text.trim();
    if let Some((email, rest)) = text.split_once('(')
        && let Some(name) = rest.strip_suffix(')')
    {
        return RawPerson {
            name: Some(name.trim().to_owned()),
            email: Some(email.trim().to_owned()).filter(|e| e.contains('@')),
            ..RawPerson::default()
        };
    }
    if text.contains('@') && !text.contains(' ') {
        return RawPerson {
            email: Some(text.to_owned()),
            ..RawPerson::default()
        };
    }
    RawPerson {
        name: Some(text.to_owned()),
        ..RawPerson::default()
    }
}

fn num_attr<T: std::str::FromStr>(e: &Element, name: &str) -> Option<T> {
    e.attr(name).and_then(|v| v.trim().parse().ok())
}

/// A `media:content` or `media:thumbnail`, with the title and credit inside it or its group.
fn media(e: &Element, group: Option<&Element>) -> Option<RawMedia> {
    let url = e.attr("url")?.to_owned();
    let inner = |name: &str| {
        e.children
            .iter()
            .chain(group.map(|g| g.children.iter()).into_iter().flatten())
            .find(|c| c.name == name && c.ns.as_deref().is_some_and(ns::is_media))
            .and_then(Element::trimmed)
    };
    Some(RawMedia {
        url,
        mime: e.attr("type").map(str::to_owned),
        medium: e.attr("medium").map(str::to_owned),
        width: num_attr(e, "width"),
        height: num_attr(e, "height"),
        length: num_attr(e, "fileSize"),
        title: inner("title"),
        credit: inner("credit"),
    })
}

/// The Media RSS images and files of an item (or an Atom entry): contents, groups, thumbnails.
pub(super) fn media_of(e: &Element, out: &mut Vec<RawMedia>) {
    let is_media = |c: &Element| c.ns.as_deref().is_some_and(ns::is_media);
    for child in e.children.iter().filter(|c| is_media(c)) {
        match child.name.as_str() {
            "content" => out.extend(media(child, None)),
            "group" => {
                for content in child
                    .children
                    .iter()
                    .filter(|c| is_media(c) && c.name == "content")
                {
                    out.extend(media(content, Some(child)));
                }
                for thumb in child
                    .children
                    .iter()
                    .filter(|c| is_media(c) && c.name == "thumbnail")
                {
                    out.extend(media(thumb, None).map(|m| RawMedia {
                        medium: Some("image".into()),
                        ..m
                    }));
                }
            }
            "thumbnail" => out.extend(media(child, None).map(|m| RawMedia {
                medium: Some("image".into()),
                ..m
            })),
            _ => {}
        }
    }
}

fn item(
    r: &Reader<'_>,
    e: &Element,
    rss_ns: Option<&str>,
    number: usize,
    base: Option<&str>,
) -> Item {
    let base = e.xml_base().or_else(|| base.map(str::to_owned));
    let guid = e.first(rss_ns, "guid");
    let (id, id_is_link) = match guid {
        Some(g) => (
            g.trimmed(),
            !g.attr("isPermaLink")
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("false")),
        ),
        None => (e.attr_ns(ns::RDF, "about").map(str::to_owned), false),
    };
    let description = e.first(rss_ns, "description").map(|d| d.text.clone());
    let encoded = e
        .first(Some(ns::CONTENT), "encoded")
        .map(|c| c.text.clone())
        .filter(|c| !c.trim().is_empty());
    let (summary, content) = match (description, encoded) {
        (Some(d), Some(c)) if d.trim() == c.trim() => (None, Some(c)),
        (d, Some(c)) => (d, Some(c)),
        (Some(d), None) if has_markup(&d) => (Some(d.clone()), Some(d)),
        (d, None) => (d, None),
    };
    let authors = authors(e, rss_ns);
    let source = e.first(rss_ns, "source").map(|s| RawPerson {
        name: s.trimmed(),
        uri: s.attr("url").map(str::to_owned),
        ..RawPerson::default()
    });
    let mut categories: Vec<String> = e
        .all(rss_ns, "category")
        .filter_map(Element::trimmed)
        .collect();
    categories.extend(e.all(Some(ns::DC), "subject").filter_map(Element::trimmed));
    let media = enclosures_and_media(e, rss_ns);
    let related = e
        .all(Some(ns::ATOM), "link")
        .filter(|l| l.attr("rel") == Some("related"))
        .filter_map(|l| {
            Some(RawRelated {
                url: l.attr("href")?.to_owned(),
                title: l.attr("title").map(str::to_owned),
                ..RawRelated::default()
            })
        })
        .collect();
    let pub_date = e.child_text(rss_ns, "pubDate");
    let at = |ns: Option<&str>, name: &str| e.first(ns, name).map(|c| r.location(c.start));
    Item {
        at: Some(r.location(e.start)),
        link_at: at(rss_ns, "link"),
        published_at: at(rss_ns, "pubDate").or_else(|| at(Some(ns::DC), "date")),
        updated_at: at(Some(ns::ATOM), "updated"),
        number,
        title: e
            .first(rss_ns, "title")
            .map(|t| Text::plain(t.text.clone())),
        link: e.child_text(rss_ns, "link"),
        id,
        id_is_link,
        published: pub_date
            .clone()
            .or_else(|| e.child_text(Some(ns::DC), "date")),
        published_rfc822: pub_date.is_some(),
        updated: e.child_text(Some(ns::ATOM), "updated"),
        summary: summary.map(Text::html),
        content,
        authors,
        source,
        categories,
        media,
        related,
        original_url: None,
        language: e.child_text(Some(ns::DC), "language"),
        base,
    }
}

/// An item's people: every `dc:creator`, then its `author`.
fn authors(e: &Element, rss_ns: Option<&str>) -> Vec<RawPerson> {
    let mut authors: Vec<RawPerson> = e
        .all(Some(ns::DC), "creator")
        .filter_map(Element::trimmed)
        .map(|name| RawPerson {
            name: Some(name),
            ..RawPerson::default()
        })
        .collect();
    authors.extend(e.child_text(rss_ns, "author").map(|a| contact(&a)));
    authors
}

/// An item's enclosures, then its Media RSS images and files.
fn enclosures_and_media(e: &Element, rss_ns: Option<&str>) -> Vec<RawMedia> {
    let mut media = Vec::new();
    for enclosure in e.all(rss_ns, "enclosure") {
        if let Some(url) = enclosure.attr("url") {
            media.push(RawMedia {
                url: url.to_owned(),
                mime: enclosure.attr("type").map(str::to_owned),
                length: num_attr(enclosure, "length"),
                ..RawMedia::default()
            });
        }
    }
    media_of(e, &mut media);
    media
}
