//! What the items of an RSS feed say: RSS 0.91, 0.92 and 2.0 (`<rss>`), and RSS 0.90 and 1.0
//! (`<rdf:RDF>`), with the content, Dublin Core, Media RSS and Atom extensions.
//!
//! `description` is HTML: it is the excerpt when `content:encoded` carries the content, and both when
//! it is the only text an item has and holds markup. A `guid` is the item's link unless
//! `isPermaLink="false"`. An `atom:link rel="related"` is a related story.

use super::document::{FeedDocument, FeedFormat};
use super::item::{Item, RawMedia, RawPerson, RawRelated, RawTopic, Text};
use super::reader::Reader;
use super::to_article::articles;
use super::xml::{Element, ns};
use crate::input::html_text::{has_markup, html_to_text};
use crate::input::rules::clean_line;
use crate::model::content::escape_html;
use crate::model::{FeedMeta, GENERATOR};

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
    // RSS 1.1's root is its channel, its items in an <items> list.
    let channel = match root.first(rss_ns, "channel") {
        _ if format == FeedFormat::Rss11 => root,
        Some(channel) => channel,
        // Some feeds put their items in <rss> itself.
        None if root.first(rss_ns, "item").is_some() => {
            r.warning(
                Some(root.start),
                "the feed has no <channel>; the items in <rss> are read",
                "an RSS feed keeps its title, link and items in one <channel> element",
            );
            root
        }
        None => {
            r.error(
                Some(root.start),
                "the feed has no <channel>",
                "an RSS feed keeps its title, link and items in one <channel> element",
            );
            return None;
        }
    };
    // RSS 2.0 items sit inside the channel, RSS 1.0 items beside it.
    let item_parent = match format {
        FeedFormat::Rdf => root,
        FeedFormat::Rss11 => root.first(rss_ns, "items").unwrap_or(root),
        _ => channel,
    };
    let self_url = channel
        .all(Some(ns::ATOM), "link")
        .find(|l| l.attr("rel").map(str::trim) == Some("self"))
        .and_then(|l| l.attr("href"));
    let home = channel
        .child_text(rss_ns, "link")
        .or_else(|| atom_alternate(channel));
    let (base, home) = r.feed_base(&[root, channel], self_url, home.as_deref());
    let date = channel
        .child_text(rss_ns, "lastBuildDate")
        .or_else(|| channel.child_text(rss_ns, "pubDate"))
        .or_else(|| channel.child_text(Some(ns::DC), "date"))
        .and_then(|d| crate::input::dates::parse(&d));
    // frontfeed writes RSS titles as plain text (references for `&`, `<`, `>`), however they look.
    let plain_titles = channel
        .child_text(rss_ns, "generator")
        .is_some_and(|g| g.split_whitespace().next() == Some(GENERATOR));
    let items: Vec<Item> = item_parent
        .all(rss_ns, "item")
        .enumerate()
        .map(|(i, e)| item(r, e, rss_ns, i + 1, base.as_deref(), plain_titles))
        .map(|mut item| {
            item.published_rfc822 &= format == FeedFormat::Rss;
            item
        })
        .collect();
    let articles = articles(r, items);
    let meta = channel_meta(r, channel, rss_ns, base.as_deref(), home);
    Some(FeedDocument {
        format,
        meta,
        updated: date,
        articles,
    })
}

/// What a channel says of itself: title, description, home page, language, author, logo.
fn channel_meta(
    r: &mut Reader<'_>,
    channel: &Element,
    rss_ns: Option<&str>,
    base: Option<&str>,
    home: Option<String>,
) -> FeedMeta {
    let author = channel
        .child_text(rss_ns, "managingEditor")
        .or_else(|| channel.child_text(Some(ns::DC), "creator"))
        .and_then(|a| contact(&a).into_person());
    FeedMeta {
        title: channel
            .first(rss_ns, "title")
            .and_then(|t| title(r, t).to_plain()),
        description: channel
            .child_text(rss_ns, "description")
            .map(|d| clean_line(&html_to_text(&d)))
            .filter(|d| !d.is_empty()),
        home_url: home.and_then(|h| r.link(&h, None).ok()),
        language: r.language(
            channel
                .child_text(rss_ns, "language")
                .or_else(|| channel.child_text(Some(ns::DC), "language"))
                .as_deref(),
            channel.first(rss_ns, "language").map(|l| l.start),
            "the feed's language",
        ),
        author,
        logo: channel
            .first(rss_ns, "image")
            .and_then(|i| i.child_text(rss_ns, "url"))
            .and_then(|u| r.link(&u, base).ok()),
        ..FeedMeta::default()
    }
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

fn item(
    r: &Reader<'_>,
    e: &Element,
    rss_ns: Option<&str>,
    number: usize,
    base: Option<&str>,
    plain_titles: bool,
) -> Item {
    let base = e.base_within(base);
    let guid = e.first(rss_ns, "guid");
    let (id, id_is_link) = match guid {
        Some(g) => (
            g.trimmed(),
            !g.attr("isPermaLink")
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("false")),
        ),
        None => (e.attr_ns(ns::RDF, "about").map(str::to_owned), false),
    };
    let (summary, content) = texts(r, e, rss_ns);
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
        // Dublin Core's and Media RSS's titles stand in for a missing one.
        title: e
            .first(rss_ns, "title")
            .map(|t| match plain_titles {
                true => Text::plain(t.text.clone()),
                false => title(r, t),
            })
            .or_else(|| e.child_text(Some(ns::DC), "title").map(Text::plain))
            .or_else(|| media_title(e).map(Text::plain)),
        link: e.child_text(rss_ns, "link").or_else(|| atom_alternate(e)),
        id,
        id_is_link,
        published: pub_date
            .clone()
            .or_else(|| e.child_text(Some(ns::DC), "date"))
            .or_else(|| e.child_text(Some(ns::DCTERMS), "issued")),
        published_rfc822: pub_date.is_some(),
        updated: e
            .child_text(Some(ns::ATOM), "updated")
            .or_else(|| e.child_text(Some(ns::DCTERMS), "modified"))
            .or_else(|| e.child_text(rss_ns, "modified")),
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

/// An item's summary and content as HTML: `description` is the summary when `content:encoded`
/// (or another content element) carries the content, and both when it is the only text and holds
/// markup.
fn texts(r: &Reader<'_>, e: &Element, rss_ns: Option<&str>) -> (Option<String>, Option<String>) {
    // Without a description, podcasts' itunes:summary and Media RSS descriptions are the text.
    let description = e
        .first(rss_ns, "description")
        .map(|d| markup(r, d))
        .filter(|d| !d.trim().is_empty())
        .or_else(|| e.child_text(Some(ns::DC), "description"))
        .or_else(|| e.child_text(Some(ns::ITUNES), "summary"))
        .or_else(|| media_description(e));
    // The content module's, else an XHTML <body> or a <fullitem>, as early feeds wrote content.
    let encoded = e
        .first(Some(ns::CONTENT), "encoded")
        .map(|c| markup(r, c))
        .or_else(|| e.first(Some(ns::XHTML), "body").map(|b| markup(r, b)))
        .or_else(|| e.first(rss_ns, "fullitem").map(|f| f.text.clone()))
        .filter(|c| !c.trim().is_empty());
    // A podcast's itunes:summary, when it says more than the description, is its content.
    let summary_text = e
        .child_text(Some(ns::ITUNES), "summary")
        .filter(|s| description.as_deref().is_none_or(|d| d.trim() != s));
    let encoded = encoded.or_else(|| {
        summary_text.map(|s| format!("<p>{}</p>", escape_html(&s).replace("\n\n", "</p>\n<p>")))
    });
    match (description, encoded) {
        (Some(d), Some(c)) if d.trim() == c.trim() => (None, Some(c)),
        (d, Some(c)) => (d, Some(c)),
        (Some(d), None) if has_markup(&d) => (Some(d.clone()), Some(d)),
        (d, None) => (d, None),
    }
}

/// An RSS title: plain text, unless it holds what only HTML does (an element's end tag, a line
/// break, an entity or character reference left after XML's own were read), as many feeds write
/// titles and as readers take them then.
fn title(r: &Reader<'_>, e: &Element) -> Text {
    let text = markup(r, e);
    let is_html = !e.children.is_empty() || looks_like_html(&text);
    match is_html {
        true => Text::html(text),
        false => Text::plain(text),
    }
}

/// Whether text holds an HTML end tag, `<br>`, or an entity or character reference.
pub(super) fn looks_like_html(text: &str) -> bool {
    let end_tag = text.match_indices("</").any(|(at, _)| {
        let rest = &text[at + 2..];
        let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        name_len > 0 && rest[name_len..].trim_start().starts_with('>')
    });
    let br = text.to_ascii_lowercase().contains("<br");
    let reference = text.match_indices('&').any(|(at, _)| {
        let rest = &text[at + 1..];
        let name = rest.trim_start_matches('#');
        let len = name.bytes().take_while(u8::is_ascii_alphanumeric).count();
        len > 0 && name[len..].starts_with(';')
    });
    end_tag || br || reference
}

/// The HTML an element holds: its text, or, when it holds elements (HTML written unescaped, as
/// some feeds do), everything inside it as written.
fn markup(r: &Reader<'_>, e: &Element) -> String {
    match e.children.is_empty() {
        true => e.text.clone(),
        false => r.text.get(e.inner.clone()).unwrap_or_default().to_owned(),
    }
}

/// An item's people: its `author`, every `dc:creator`, `itunes:author`, then `atom:author`. An
/// element holding `name` (and `email`, `uri`) elements, as Atom writes a person, is read so.
fn authors(e: &Element, rss_ns: Option<&str>) -> Vec<RawPerson> {
    e.all(rss_ns, "author")
        .chain(e.all(Some(ns::DC), "creator"))
        .chain(e.all(Some(ns::ITUNES), "author"))
        .chain(e.all(Some(ns::ATOM), "author"))
        .filter_map(|a| match a.children.is_empty() {
            true => a.trimmed().map(|text| contact(&text)),
            false => Some(RawPerson {
                name: a
                    .children
                    .iter()
                    .find(|c| c.name == "name")
                    .and_then(Element::trimmed),
                email: a
                    .children
                    .iter()
                    .find(|c| c.name == "email")
                    .and_then(Element::trimmed),
                uri: a
                    .children
                    .iter()
                    .find(|c| c.name == "uri")
                    .and_then(Element::trimmed),
                avatar: None,
            }),
        })
        .collect()
}

/// The page an `atom:link` (without `rel`, or `rel="alternate"`) names, for an item without `link`.
fn atom_alternate(e: &Element) -> Option<String> {
    e.all(Some(ns::ATOM), "link")
        .find(|l| matches!(l.attr("rel").map(str::trim), None | Some("alternate")))
        .and_then(|l| l.attr("href"))
        .map(str::to_owned)
}

/// The Media RSS children of `e`, then those of its Media RSS children named in `containers`
/// (`media:group`, `media:content`), in that order.
fn media_children<'e>(
    e: &'e Element,
    containers: &'static [&'static str],
) -> impl Iterator<Item = &'e Element> {
    let is_media = |c: &&Element| c.ns.as_deref().is_some_and(ns::is_media);
    let nested = e
        .children
        .iter()
        .filter(is_media)
        .filter(|c| containers.contains(&c.name.as_str()));
    std::iter::once(e)
        .chain(nested)
        .flat_map(move |parent| parent.children.iter().filter(is_media))
}

/// A Media RSS title (of the item or its group).
fn media_title(e: &Element) -> Option<String> {
    media_children(e, &["group"])
        .find(|c| c.name == "title")
        .and_then(Element::trimmed)
}

/// A Media RSS description (of the item, its group or its content), as HTML.
pub(super) fn media_description(e: &Element) -> Option<String> {
    media_children(e, &["group", "content"])
        .find(|c| c.name == "description")
        .and_then(|d| {
            let text = d.trimmed()?;
            Some(match d.attr("type") {
                Some("html") => text,
                _ => escape_html(&text),
            })
        })
}

/// An item's topics: `category` (with its `domain`), `dc:subject`, Media RSS categories and
/// keywords (also in a `media:group`), iTunes categories (with their subcategories) and keywords.
pub(super) fn categories(e: &Element, rss_ns: Option<&str>) -> Vec<RawTopic> {
    // Some feeds wrap their categories in a <categories> element.
    let wrapped = e
        .all(rss_ns, "categories")
        .flat_map(|c| c.all(rss_ns, "category"));
    let mut topics: Vec<RawTopic> = e
        .all(rss_ns, "category")
        .chain(wrapped)
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
    for child in media_children(e, &["group"]) {
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
    fn titles_are_html_only_when_they_look_like_it() {
        for html in [
            "A &#x0024;4 flat",
            "ft<sup>2</sup>",
            "One<br/>Two",
            "Caf&eacute;",
        ] {
            assert!(looks_like_html(html), "{html}");
        }
        for plain in ["Q&A: <b> or not", "AT&T", "a < b > c", "x & y;"] {
            assert!(!looks_like_html(plain), "{plain}");
        }
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
