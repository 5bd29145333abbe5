//! What the items of an RSS feed say: RSS 0.91, 0.92 and 2.0 (`<rss>`), and RSS 0.90 and 1.0
//! (`<rdf:RDF>`), with the content, Dublin Core, Media RSS and Atom extensions.
//!
//! `description` is HTML: it is the excerpt when `content:encoded` carries the content, and both when
//! it is the only text an item has and holds markup. A `guid` is the item's link unless
//! `isPermaLink="false"`. An `atom:link rel="related"` is a related story.

use super::document::{FeedDocument, FeedFormat};
use super::html_text::{has_markup, html_to_text};
use super::item::{Item, RawMedia, RawPerson, RawRelated, RawTopic, Text};
use super::reader::Reader;
use super::to_article::articles;
use super::xml::{Element, ns};
use crate::input::rules::clean_line;
use crate::model::FeedMeta;

/// Reads an `<rss>` or `<rdf:RDF>` root.
pub(super) fn read(r: &mut Reader<'_>, root: &Element, format: FeedFormat) -> Option<FeedDocument> {
    // RSS 2.0 has no namespace (but Userland's once had one); RSS 1.0 and 0.90 each have their own.
    let rss_ns = match format {
        FeedFormat::Rdf => root
            .children
            .iter()
            .find(|c| c.name == "channel")
            .and_then(|c| c.ns.clone()),
        _ => root.ns.clone(),
    };
    let rss_ns = rss_ns.as_deref();
    let Some(channel) = root.first(rss_ns, "channel") else {
        let at = Some(root.start);
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
        .or_else(|| channel.child_text(Some(ns::DC), "date"))
        .and_then(|d| crate::input::dates::parse(&d));
    let items: Vec<Item> = item_parent
        .all(rss_ns, "item")
        .enumerate()
        .map(|(i, e)| item(e, rss_ns, i + 1, base.as_deref()))
        .map(|mut item| {
            item.published_rfc822 &= format == FeedFormat::Rss;
            item
        })
        .collect();
    let articles = articles(r, items);
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
        updated: date,
        articles,
    })
}

/// A person as RSS writes one: `jane@example.com (Jane Doe)` (RSS 2.0's own form), `Jane Doe
/// <jane@example.com>`, a bare address, or a name.
pub(super) fn contact(text: &str) -> RawPerson {
    let text = text.trim();
    let person = |name: &str, email: &str| RawPerson {
        name: Some(name.trim().to_owned()).filter(|n| !n.is_empty()),
        email: Some(email.trim().trim_start_matches("mailto:").to_owned()),
        ..RawPerson::default()
    };
    if let Some((email, rest)) = text.split_once('(')
        && let Some(name) = rest.strip_suffix(')')
        && is_address(email)
    {
        return person(name, email);
    }
    if let Some((name, rest)) = text.rsplit_once('<')
        && let Some(email) = rest.strip_suffix('>')
        && is_address(email)
    {
        return person(name.trim().trim_matches('"'), email);
    }
    if is_address(text) {
        return person("", text);
    }
    RawPerson {
        name: Some(text.to_owned()),
        ..RawPerson::default()
    }
}

/// Whether `text` is one e-mail address (`mailto:` allowed): a local part of the characters
/// addresses use, `@`, and a host name with a dot.
fn is_address(text: &str) -> bool {
    let text = text.trim().trim_start_matches("mailto:");
    let Some((user, host)) = text.split_once('@') else {
        return false;
    };
    let user_ok = !user.is_empty()
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let host_ok = host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    user_ok && host_ok
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
        enclosure: false,
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

fn item(e: &Element, rss_ns: Option<&str>, number: usize, base: Option<&str>) -> Item {
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
    let categories = categories(e, rss_ns);
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
    let at = |ns: Option<&str>, name: &str| e.first(ns, name).map(|c| c.start);
    Item {
        at: Some(e.start),
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
            .or_else(|| e.child_text(Some(ns::DC), "date"))
            .or_else(|| e.child_text(Some(ns::DCTERMS), "issued")),
        published_rfc822: pub_date.is_some(),
        updated: e
            .child_text(Some(ns::ATOM), "updated")
            .or_else(|| e.child_text(Some(ns::DCTERMS), "modified")),
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

/// An item's people: its `author`, every `dc:creator`, then `itunes:author`.
fn authors(e: &Element, rss_ns: Option<&str>) -> Vec<RawPerson> {
    e.all(rss_ns, "author")
        .chain(e.all(Some(ns::DC), "creator"))
        .chain(e.all(Some(ns::ITUNES), "author"))
        .filter_map(Element::trimmed)
        .map(|text| contact(&text))
        .collect()
}

/// An item's topics: `category` (with its `domain`), `dc:subject`, Media RSS categories and
/// keywords (also in a `media:group`), iTunes categories (with their subcategories) and keywords.
pub(super) fn categories(e: &Element, rss_ns: Option<&str>) -> Vec<RawTopic> {
    let mut topics: Vec<RawTopic> = e
        .all(rss_ns, "category")
        .filter_map(|c| {
            Some(RawTopic {
                scheme: c.attr("domain").map(str::to_owned),
                ..RawTopic::term(c.trimmed()?)
            })
        })
        .collect();
    topics.extend(
        e.all(Some(ns::DC), "subject")
            .filter_map(Element::trimmed)
            .map(RawTopic::term),
    );
    media_topics(e, &mut topics);
    itunes_topics(e, &mut topics);
    topics
}

/// The Media RSS categories and keywords of an item or entry, and of its groups.
pub(super) fn media_topics(e: &Element, topics: &mut Vec<RawTopic>) {
    let is_media = |c: &&Element| c.ns.as_deref().is_some_and(ns::is_media);
    let groups = e
        .children
        .iter()
        .filter(is_media)
        .filter(|c| c.name == "group");
    for parent in std::iter::once(e).chain(groups) {
        for child in parent.children.iter().filter(is_media) {
            match child.name.as_str() {
                "category" => topics.extend(child.trimmed().map(|term| RawTopic {
                    scheme: child.attr("scheme").map(str::to_owned),
                    label: child.attr("label").map(str::to_owned),
                    ..RawTopic::term(term)
                })),
                "keywords" => topics.extend(keywords(child)),
                _ => {}
            }
        }
    }
}

/// iTunes categories (`text` attributes, nested for subcategories) and keywords.
pub(super) fn itunes_topics(e: &Element, topics: &mut Vec<RawTopic>) {
    let itunes = |t: RawTopic| RawTopic {
        scheme: Some(ns::ITUNES_SCHEME.to_owned()),
        ..t
    };
    let mut stack: Vec<&Element> = e.all(Some(ns::ITUNES), "category").collect();
    stack.reverse();
    while let Some(category) = stack.pop() {
        topics.extend(category.attr("text").map(|t| itunes(RawTopic::term(t))));
        let inner: Vec<&Element> = category.all(Some(ns::ITUNES), "category").collect();
        stack.extend(inner.into_iter().rev());
    }
    for element in e.all(Some(ns::ITUNES), "keywords") {
        topics.extend(keywords(element).map(itunes));
    }
}

/// A comma-separated list of keywords.
fn keywords(e: &Element) -> impl Iterator<Item = RawTopic> + '_ {
    e.text
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(RawTopic::term)
}

/// An item's enclosures, then its Media RSS images and files.
fn enclosures_and_media(e: &Element, rss_ns: Option<&str>) -> Vec<RawMedia> {
    let mut media = Vec::new();
    for enclosure in e.all(rss_ns, "enclosure") {
        if let Some(url) = enclosure.attr("url") {
            media.push(RawMedia {
                url: url.to_owned(),
                enclosure: true,
                mime: enclosure.attr("type").map(str::to_owned),
                length: num_attr(enclosure, "length"),
                ..RawMedia::default()
            });
        }
    }
    media_of(e, &mut media);
    media
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(p: RawPerson) -> (Option<String>, Option<String>) {
        (p.name, p.email)
    }

    #[test]
    fn people_in_every_form_rss_writes_them() {
        let person = |n: &str, e: &str| (Some(n.to_owned()), Some(e.to_owned()));
        assert_eq!(
            both(contact("a@b.org (Ann Example)")),
            person("Ann Example", "a@b.org")
        );
        assert_eq!(
            both(contact("Ann Example <a@b.org>")),
            person("Ann Example", "a@b.org")
        );
        assert_eq!(
            both(contact(" mailto:a@b.org ")),
            (None, Some("a@b.org".into()))
        );
        assert_eq!(
            both(contact("Ann (the editor)")),
            (Some("Ann (the editor)".into()), None)
        );
        assert_eq!(both(contact("&@,x.y")), (Some("&@,x.y".into()), None));
    }

    #[test]
    fn topics_from_every_vocabulary() {
        let doc = r#"<item xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
            <category domain="https://a.org/tags">Tech</category>
            <media:category scheme="http://search.yahoo.com/mrss/category_schema" label="Music">music</media:category>
            <media:group><media:keywords>a, b</media:keywords></media:group>
            <itunes:category text="Society"><itunes:category text="History"/></itunes:category>
            <itunes:keywords>x,y ,</itunes:keywords></item>"#;
        let item = crate::input::feed::xml::parse(doc).unwrap().root;
        let terms: Vec<(String, Option<String>)> = categories(&item, None)
            .into_iter()
            .map(|t| (t.term, t.scheme))
            .collect();
        let itunes = Some(ns::ITUNES_SCHEME.to_owned());
        assert_eq!(
            terms,
            [
                ("Tech".into(), Some("https://a.org/tags".into())),
                (
                    "music".into(),
                    Some("http://search.yahoo.com/mrss/category_schema".into())
                ),
                ("a".into(), None),
                ("b".into(), None),
                ("Society".into(), itunes.clone()),
                ("History".into(), itunes.clone()),
                ("x".into(), itunes.clone()),
                ("y".into(), itunes),
            ]
        );
    }
}
