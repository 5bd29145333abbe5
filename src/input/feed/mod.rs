//! Reading feeds as input: RSS 0.9x, 1.0 and 2.0, Atom 1.0 and JSON Feed 1.0 and 1.1, named on the
//! command line, turned into the same [`Article`](crate::model::Article)s as article files.
//!
//! The format is told from the content, never the file name (`sniff`). Each format's reader
//! (`rss`, `atom`, `json`) only collects what an item says into an `Item` (`item`); the rules of
//! what makes an article are in `to_article`, shared by all three. Nothing is fetched from the
//! network and no DTD or external entity is read.

mod atom;
mod document;
mod entities;
mod item;
mod json;
mod reader;
mod rss;
mod sniff;
mod to_article;
mod xml;

pub use document::{FeedDocument, FeedFormat};
pub use sniff::{Kind, sniff};

use self::reader::Reader;
use crate::error::Diagnostic;
use crate::input::options::ReadOptions;

/// Reads one feed file. Errors in the document reject the file; errors in one item leave that item
/// out; everything else becomes a warning.
pub fn read(
    path: &str,
    bytes: &[u8],
    kind: Kind,
    options: &ReadOptions,
) -> (Option<FeedDocument>, Vec<Diagnostic>) {
    let decoded = match sniff::decode(path, bytes, kind) {
        Ok(decoded) => decoded,
        Err(d) => return (None, vec![*d]),
    };
    let mut reader = Reader::new(path, decoded.text, options);
    reader.diagnostics = decoded.warnings;
    let feed = match kind {
        Kind::Xml => read_xml(&mut reader),
        Kind::Json => json::read(&mut reader),
    };
    (feed, reader.diagnostics)
}

/// Parses an XML feed and reads it by its root element.
fn read_xml(r: &mut Reader<'_>) -> Option<FeedDocument> {
    let root = match xml::parse(&r.text) {
        Ok(document) => {
            for warning in &document.warnings {
                let help = if warning.message.contains("declaration") {
                    "start the file with `<?xml`"
                } else {
                    "write the character itself, or a character reference such as `&#160;`"
                };
                r.warning(Some(warning.offset), warning.message.clone(), help);
            }
            document.root
        }
        Err(err) => {
            let at = err.offset;
            let message = err.message.as_str();
            let help = if message.contains("reference not closed")
                || message.contains("without `;`")
            {
                "escape a bare `&` as `&amp;`"
            } else if message.contains("is external") {
                "write the text in the document itself; frontfeed never fetches or reads a DTD"
            } else if message.contains("entit") {
                "fix or remove the entity declarations in the DOCTYPE"
            } else {
                "fix the XML at this place; every element must be closed and every `&` and `<` in text escaped"
            };
            r.error(Some(at), err.message, help);
            return None;
        }
    };
    read_root(r, &root, true)
}

/// Reads a feed by its root element; `outermost` when it is the document's root, which, when it is
/// no feed (an HTML page holding one), may hold one.
fn read_root(r: &mut Reader<'_>, root: &xml::Element, outermost: bool) -> Option<FeedDocument> {
    let at = Some(root.start);
    let ns = root.ns.as_deref();
    match (ns, root.name.as_str()) {
        (None | Some(xml::ns::USERLAND | xml::ns::USERLAND_2), "rss") => {
            rss::read(r, root, FeedFormat::Rss)
        }
        (Some(other), "rss") => {
            r.warning(
                at,
                format!("the <rss> element is in the namespace `{other}`; it is read as RSS"),
                "RSS 2.0 has no namespace: write <rss version=\"2.0\">",
            );
            rss::read(r, root, FeedFormat::Rss)
        }
        (Some(xml::ns::RDF), "RDF") => rss::read(r, root, FeedFormat::Rdf),
        (Some(xml::ns::RSS11), "Channel") => rss::read(r, root, FeedFormat::Rss11),
        (Some(xml::ns::ATOM), "feed") => atom::read(r, root, atom::Version::Atom10),
        (Some(xml::ns::ATOM_03), "feed") => atom::read(r, root, atom::Version::Atom03),
        (None, "feed") => {
            r.warning(
                at,
                "the <feed> element has no namespace; it is read as Atom",
                "write <feed xmlns=\"http://www.w3.org/2005/Atom\">",
            );
            atom::read(r, root, atom::Version::Atom10)
        }
        (Some(other), "feed") if other.eq_ignore_ascii_case(xml::ns::ATOM) => {
            r.warning(
                at,
                format!(
                    "the feed's namespace is `{other}`, not Atom's `{}`; it is read as Atom",
                    xml::ns::ATOM
                ),
                "namespace names are case-sensitive: write xmlns=\"http://www.w3.org/2005/Atom\"",
            );
            atom::read(r, root, atom::Version::Atom10)
        }
        _ => {
            let name = match ns {
                Some(ns) => format!("<{}> in the namespace `{ns}`", root.name),
                None => format!("<{}>", root.name),
            };
            if let Some(inner) = outermost.then(|| feed_inside(root)).flatten() {
                r.warning(
                    at,
                    format!("the document's root element is {name}; the feed inside it is read"),
                    "publish the feed as a document of its own",
                );
                return read_root(r, inner, false);
            }
            r.error(
                at,
                format!("not a feed: the document's root element is {name}"),
                "name RSS (<rss>, <rdf:RDF>), Atom (<feed>) or JSON Feed files, or articles",
            );
            None
        }
    }
}

/// The first feed element inside `root` (in document order), as an HTML page may hold one.
fn feed_inside(root: &xml::Element) -> Option<&xml::Element> {
    let is_feed = |e: &xml::Element| {
        matches!(
            (e.ns.as_deref(), e.name.as_str()),
            (None, "rss")
                | (Some(xml::ns::RDF), "RDF")
                | (Some(xml::ns::ATOM | xml::ns::ATOM_03), "feed")
        )
    };
    let mut stack: Vec<&xml::Element> = root.children.iter().rev().collect();
    while let Some(e) = stack.pop() {
        if is_feed(e) {
            return Some(e);
        }
        stack.extend(e.children.iter().rev());
    }
    None
}
