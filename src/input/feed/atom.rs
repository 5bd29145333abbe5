//! What the entries of an Atom feed say: Atom 1.0 (RFC 4287) and its draft Atom 0.3, which feeds of
//! the mid-2000s still use, with Media RSS images.
//!
//! Text constructs are read by their `type`: `text` as is, `html` and `xhtml` as HTML read as text
//! (Atom 0.3: a MIME type, and a `mode` of `xml`, `escaped` or `base64`). Links by `rel`:
//! `alternate` (or none) is the entry's page, `enclosure` a file, `related` a related story. An
//! entry's authors are its own, else its `source` feed's, else the feed's (RFC 4287, 4.2.1); its
//! `source` is its provider. Atom 0.3's `issued` and `modified` are its published and updated dates.

use super::document::{FeedDocument, FeedFormat};
use super::item::{Item, RawMedia, RawPerson, RawRelated, RawTopic, Text};
use super::reader::Reader;
use super::rss::{media_description, media_of, media_topics};
use super::to_article::articles;
use super::xml::{Element, ns};
use crate::input::html_text::has_markup;
use crate::model::content::escape_html;
use crate::model::{FeedMeta, ids};

/// The Atom versions read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    /// RFC 4287.
    Atom10,
    /// The draft of 2003-2005.
    Atom03,
}

/// The document being read: its Atom namespace (as written, for one that differs only in case)
/// and version.
#[derive(Debug, Clone, Copy)]
struct Atom<'a> {
    ns: Option<&'a str>,
    version: Version,
}

impl Atom<'_> {
    /// The text of the first of `names` that `e` has (a later name is Atom 0.3's for the same).
    fn text(&self, e: &Element, names: &[&str]) -> Option<String> {
        names.iter().find_map(|n| e.child_text(self.ns, n))
    }

    fn first<'e>(&self, e: &'e Element, names: &[&str]) -> Option<&'e Element> {
        names.iter().find_map(|n| e.first(self.ns, n))
    }

    fn person(&self, e: &Element) -> RawPerson {
        RawPerson {
            name: self.text(e, &["name"]),
            email: self.text(e, &["email"]),
            uri: self.text(e, &["uri", "url"]),
            avatar: None,
        }
    }

    /// The `alternate` link (a link without `rel` is one; Atom 0.3 feeds may give its address as
    /// its text).
    fn alternate(&self, e: &Element) -> Option<String> {
        e.all(self.ns, "link")
            .find(|l| matches!(l.attr("rel").map(str::trim), None | Some("alternate")))
            .and_then(|l| l.attr("href").map(str::to_owned).or_else(|| l.trimmed()))
    }
}

/// Reads a `<feed>` root (in an Atom namespace, or one that differs from Atom's only in case).
pub(super) fn read(r: &mut Reader<'_>, root: &Element, version: Version) -> Option<FeedDocument> {
    let ns = root.ns.clone();
    let atom = Atom {
        ns: ns.as_deref(),
        version,
    };
    let self_url = root
        .all(atom.ns, "link")
        .find(|l| l.attr("rel").map(str::trim) == Some("self"))
        .and_then(|l| l.attr("href"));
    let (base, home) = r.feed_base(&[root], self_url, atom.alternate(root).as_deref());
    let lang = root.attr_ns(ns::XML, "lang").map(str::to_owned);
    let feed_date = atom
        .text(root, &["updated", "modified"])
        .and_then(|d| crate::input::dates::parse(&d));
    let feed_authors: Vec<RawPerson> = root
        .all(atom.ns, "author")
        .map(|a| atom.person(a))
        .collect();
    let items: Vec<Item> = root
        .all(atom.ns, "entry")
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
        .first(atom.ns, "author")
        .and_then(|a| r.person(atom.person(a), base.as_deref()));
    let link = |r: &Reader<'_>, u: Option<String>| u.and_then(|u| r.link(&u, base.as_deref()).ok());
    let plain = |r: &Reader<'_>, names: &[&str]| {
        atom.first(root, names)
            .and_then(|t| text_construct(r, t, atom).to_plain())
    };
    let meta = FeedMeta {
        title: plain(r, &["title"]),
        description: plain(r, &["subtitle", "tagline"]),
        home_url: link(r, home),
        language: r.language(lang.as_deref(), Some(root.start), "the feed's language"),
        author,
        icon: link(r, root.child_text(atom.ns, "icon")),
        logo: link(r, root.child_text(atom.ns, "logo")),
        ..FeedMeta::default()
    };
    Some(FeedDocument {
        format: FeedFormat::Atom,
        meta,
        updated: feed_date,
        articles,
    })
}

/// The markup inside an `xhtml` construct's wrapping `<div>` (or, without one, inside the
/// construct), as written.
fn xhtml(r: &Reader<'_>, e: &Element) -> String {
    let div = e
        .children
        .iter()
        .find(|c| c.name == "div" && c.ns.as_deref() == Some(ns::XHTML));
    let range = div.map_or(e.inner.clone(), |d| d.inner.clone());
    r.text.get(range).unwrap_or_default().to_owned()
}

/// How a text or content construct holds its text.
enum Held {
    Plain(String),
    Html(String),
    /// Not text (a picture, base64 data): not read.
    Other,
}

fn held(r: &Reader<'_>, e: &Element, atom: Atom<'_>) -> Held {
    let kind = e.attr("type").map(str::trim).map(str::to_ascii_lowercase);
    match atom.version {
        Version::Atom10 => match kind.as_deref() {
            None | Some("" | "text" | "text/plain") => Held::Plain(e.text.clone()),
            // HTML written unescaped, as some feeds do, is read as written.
            Some("html") | Some("text/html") if !e.children.is_empty() => Held::Html(xhtml(r, e)),
            Some("html") | Some("text/html") => Held::Html(e.text.clone()),
            Some("xhtml") | Some("application/xhtml+xml") => Held::Html(xhtml(r, e)),
            Some(t) if t.starts_with("text/") => Held::Plain(e.text.clone()),
            Some(_) => Held::Other,
        },
        Version::Atom03 => {
            let kind = kind.unwrap_or_else(|| "text/plain".into());
            let mode = e.attr("mode").map(str::trim).unwrap_or("xml");
            match (mode, kind.contains("html")) {
                ("base64", _) => Held::Other,
                ("escaped", true) => Held::Html(e.text.clone()),
                (_, true) if !e.children.is_empty() => Held::Html(xhtml(r, e)),
                (_, true) => Held::Html(e.text.clone()),
                (_, false) if kind.starts_with("text/") => Held::Plain(e.text.clone()),
                (_, false) => Held::Other,
            }
        }
    }
}

fn text_construct(r: &Reader<'_>, e: &Element, atom: Atom<'_>) -> Text {
    match held(r, e, atom) {
        Held::Plain(text) => Text::plain(text),
        Held::Html(html) => Text::html(html),
        Held::Other => Text::plain(String::new()),
    }
}

/// An entry's content as HTML; out-of-line (`src`) and non-text content is not read.
fn content(r: &Reader<'_>, e: &Element, atom: Atom<'_>) -> Option<String> {
    if e.attr("src").is_some() {
        return None;
    }
    let html = match held(r, e, atom) {
        Held::Plain(text) => escape_html(text.trim()),
        Held::Html(html) => html,
        Held::Other => return None,
    };
    (!html.trim().is_empty()).then_some(html)
}

/// An entry's enclosures (with its Media RSS) and related links.
fn links(e: &Element, atom: Atom<'_>) -> (Vec<RawMedia>, Vec<RawRelated>) {
    let mut media = Vec::new();
    let mut related = Vec::new();
    for link in e.all(atom.ns, "link") {
        let text = link.trimmed();
        let Some(href) = link.attr("href").or(text.as_deref()) else {
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
    (media, related)
}

/// An entry's authors: its own, else its source's.
fn authors(e: &Element, atom: Atom<'_>) -> Vec<RawPerson> {
    let own: Vec<RawPerson> = e.all(atom.ns, "author").map(|a| atom.person(a)).collect();
    match (own.is_empty(), e.first(atom.ns, "source")) {
        (true, Some(source)) => source
            .all(atom.ns, "author")
            .map(|a| atom.person(a))
            .collect(),
        _ => own,
    }
}

fn categories(e: &Element, atom: Atom<'_>) -> Vec<RawTopic> {
    let mut categories: Vec<RawTopic> = e
        .all(atom.ns, "category")
        .filter_map(|c| {
            Some(RawTopic {
                scheme: c.attr("scheme").map(str::to_owned),
                label: c.attr("label").map(str::to_owned),
                ..RawTopic::term(c.attr("term")?)
            })
        })
        .collect();
    media_topics(e, &mut categories);
    categories
}

fn entry(
    r: &Reader<'_>,
    e: &Element,
    atom: Atom<'_>,
    number: usize,
    base: Option<&str>,
    lang: Option<&str>,
) -> Item {
    let base = e.base_within(base);
    let (media, related) = links(e, atom);
    let source = e.first(atom.ns, "source").map(|s| RawPerson {
        name: s
            .first(atom.ns, "title")
            .and_then(|t| text_construct(r, t, atom).to_plain()),
        uri: atom.alternate(s),
        ..RawPerson::default()
    });
    let at = |names: &[&str]| atom.first(e, names).map(|c| c.start);
    let (published, updated) = (["published", "issued", "created"], ["updated", "modified"]);
    Item {
        at: Some(e.start),
        link_at: None,
        published_at: at(&published),
        updated_at: at(&updated),
        number,
        title: e
            .first(atom.ns, "title")
            .map(|t| text_construct(r, t, atom)),
        // Without a link, an id that is a web address is the entry's page, as readers take it.
        link: atom.alternate(e).or_else(|| {
            e.child_text(atom.ns, "id")
                .filter(|id| id.starts_with("http://") || id.starts_with("https://"))
        }),
        // An id frontfeed wrote as a URN (it was no URI) is read back as the id it stands for.
        id: e
            .child_text(atom.ns, "id")
            .map(|id| ids::from_uri(&id).into_owned()),
        id_is_link: false,
        published: atom.text(e, &published),
        published_rfc822: false,
        updated: atom.text(e, &updated),
        // Without a summary, a Media RSS description (YouTube writes one) is the entry's summary.
        summary: e
            .first(atom.ns, "summary")
            .map(|t| text_construct(r, t, atom))
            .or_else(|| media_description(e).map(Text::html)),
        // Without content, an HTML summary (pictures, links) is the content too, as RSS reads a
        // description with markup.
        content: e
            .first(atom.ns, "content")
            .and_then(|c| content(r, c, atom))
            .or_else(|| {
                let summary = e.first(atom.ns, "summary")?;
                match held(r, summary, atom) {
                    Held::Html(html) if has_markup(&html) => Some(html),
                    _ => None,
                }
            }),
        authors: authors(e, atom),
        source,
        categories: categories(e, atom),
        media,
        related,
        original_url: None,
        language: e.attr_ns(ns::XML, "lang").or(lang).map(str::to_owned),
        base,
    }
}
