//! What the entries of an Atom 1.0 feed (RFC 4287) say, with Media RSS images.
//!
//! Text constructs are read by their `type`: `text` as is, `html` and `xhtml` as HTML read as text.
//! Links by `rel`: `alternate` (or none) is the entry's page, `enclosure` a file, `related` a related
//! story. An entry's authors are its own, else its `source` feed's, else the feed's (RFC 4287,
//! 4.2.1); its `source` is its provider.

use super::document::{FeedDocument, FeedFormat};
use super::item::{Item, RawMedia, RawPerson, RawRelated, RawTopic, Text};
use super::reader::Reader;
use super::rss::{media_of, media_topics};
use super::to_article::articles;
use super::xml::{Element, ns};
use crate::model::content::escape_html;
use crate::model::{FeedMeta, ids};

/// Reads a `<feed>` root (in the Atom namespace, or one that differs from it only in case).
pub(super) fn read(r: &mut Reader<'_>, root: &Element) -> Option<FeedDocument> {
    let atom = root.ns.clone();
    let atom = atom.as_deref();
    let base = root.xml_base();
    let home = alternate(root, atom);
    let base = base.or_else(|| home.clone());
    let lang = root.attr_ns(ns::XML, "lang").map(str::to_owned);
    let feed_date = root
        .child_text(atom, "updated")
        .and_then(|d| crate::input::dates::parse(&d));
    let feed_authors: Vec<RawPerson> = root.all(atom, "author").map(|a| person(a, atom)).collect();
    let items: Vec<Item> = root
        .all(atom, "entry")
        .enumerate()
        .map(|(i, e)| entry(r, e, atom, i + 1, base.as_deref(), lang.as_deref()))
        .map(|mut item| {
            // An entry without an author has its source's, else the feed's (RFC 4287, 4.2.1).
            if item.authors.is_empty() {
                item.authors.clone_from(&feed_authors);
            }
            item
        })
        .collect();
    for item in items.iter().filter(|i| i.id.is_none()) {
        r.warning(
            item.at,
            format!("entry #{} has no <id>; its link is its id", item.number),
            "give every entry a permanent <id>",
        );
    }
    let articles = articles(r, items);
    let author = root
        .first(atom, "author")
        .and_then(|a| person(a, atom).into_person());
    let link = |r: &Reader<'_>, u: Option<String>| u.and_then(|u| r.link(&u, base.as_deref()).ok());
    let meta = FeedMeta {
        title: root
            .first(atom, "title")
            .and_then(|t| text_construct(r, t).to_plain()),
        description: root
            .first(atom, "subtitle")
            .and_then(|t| text_construct(r, t).to_plain()),
        home_url: link(r, home),
        language: lang,
        author,
        icon: link(r, root.child_text(atom, "icon")),
        logo: link(r, root.child_text(atom, "logo")),
        ..FeedMeta::default()
    };
    Some(FeedDocument {
        format: FeedFormat::Atom,
        meta,
        updated: feed_date,
        articles,
    })
}

/// The `alternate` link (a link without `rel` is one).
fn alternate(e: &Element, atom: Option<&str>) -> Option<String> {
    e.all(atom, "link")
        .find(|l| matches!(l.attr("rel").map(str::trim), None | Some("alternate")))
        .and_then(|l| l.attr("href"))
        .map(str::to_owned)
}

fn person(e: &Element, atom: Option<&str>) -> RawPerson {
    RawPerson {
        name: e.child_text(atom, "name"),
        email: e.child_text(atom, "email"),
        uri: e.child_text(atom, "uri"),
        avatar: None,
    }
}

/// The markup inside an `xhtml` construct's wrapping `<div>`, as written.
fn xhtml(r: &Reader<'_>, e: &Element) -> String {
    let div = e
        .children
        .iter()
        .find(|c| c.name == "div" && c.ns.as_deref() == Some(ns::XHTML));
    let range = div.map_or(e.inner.clone(), |d| d.inner.clone());
    r.text.get(range).unwrap_or_default().to_owned()
}

fn text_construct(r: &Reader<'_>, e: &Element) -> Text {
    match e.attr("type").map(str::trim) {
        Some("html") => Text::html(e.text.clone()),
        Some("xhtml") => Text::html(xhtml(r, e)),
        _ => Text::plain(e.text.clone()),
    }
}

/// An entry's content as HTML; out-of-line (`src`) and non-text content is not read.
fn content(r: &Reader<'_>, e: &Element) -> Option<String> {
    if e.attr("src").is_some() {
        return None;
    }
    let html = match e.attr("type").map(str::trim) {
        None | Some("text") | Some("text/plain") => escape_html(e.text.trim()),
        Some("html") | Some("text/html") => e.text.clone(),
        Some("xhtml") | Some("application/xhtml+xml") => xhtml(r, e),
        Some(_) => return None,
    };
    (!html.trim().is_empty()).then_some(html)
}

fn entry(
    r: &Reader<'_>,
    e: &Element,
    atom: Option<&str>,
    number: usize,
    base: Option<&str>,
    lang: Option<&str>,
) -> Item {
    let base = e.xml_base().or_else(|| base.map(str::to_owned));
    let mut media = Vec::new();
    let mut related = Vec::new();
    for link in e.all(atom, "link") {
        let Some(href) = link.attr("href") else {
            continue;
        };
        match link.attr("rel").map(str::trim) {
            Some("enclosure") => media.push(RawMedia {
                url: href.to_owned(),
                enclosure: true,
                mime: link.attr("type").map(str::to_owned),
                length: link.attr("length").and_then(|l| l.trim().parse().ok()),
                title: link.attr("title").map(str::to_owned),
                ..RawMedia::default()
            }),
            Some("related") => related.push(RawRelated {
                url: href.to_owned(),
                title: link.attr("title").map(str::to_owned),
                ..RawRelated::default()
            }),
            _ => {}
        }
    }
    media_of(e, &mut media);
    let source = e.first(atom, "source").map(|s| RawPerson {
        name: s
            .first(atom, "title")
            .and_then(|t| text_construct(r, t).to_plain()),
        uri: alternate(s, atom),
        ..RawPerson::default()
    });
    let mut authors: Vec<RawPerson> = e.all(atom, "author").map(|a| person(a, atom)).collect();
    if authors.is_empty()
        && let Some(source) = e.first(atom, "source")
    {
        authors = source
            .all(atom, "author")
            .map(|a| person(a, atom))
            .collect();
    }
    let mut categories: Vec<RawTopic> = e
        .all(atom, "category")
        .filter_map(|c| {
            Some(RawTopic {
                scheme: c.attr("scheme").map(str::to_owned),
                label: c.attr("label").map(str::to_owned),
                ..RawTopic::term(c.attr("term")?)
            })
        })
        .collect();
    media_topics(e, &mut categories);
    let at = |name: &str| e.first(atom, name).map(|c| c.start);
    Item {
        at: Some(e.start),
        link_at: None,
        published_at: at("published"),
        updated_at: at("updated"),
        number,
        title: e.first(atom, "title").map(|t| text_construct(r, t)),
        link: alternate(e, atom),
        // An id frontfeed wrote as a URN (it was no URI) is read back as the id it stands for.
        id: e
            .child_text(atom, "id")
            .map(|id| ids::from_uri(&id).into_owned()),
        id_is_link: false,
        published: e.child_text(atom, "published"),
        published_rfc822: false,
        updated: e.child_text(atom, "updated"),
        summary: e.first(atom, "summary").map(|t| text_construct(r, t)),
        content: e.first(atom, "content").and_then(|c| content(r, c)),
        authors,
        source,
        categories,
        media,
        related,
        original_url: None,
        language: e.attr_ns(ns::XML, "lang").or(lang).map(str::to_owned),
        base,
    }
}
