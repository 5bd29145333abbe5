//! Reading feeds as input: RSS 0.9x, 1.0 and 2.0, Atom 1.0 and JSON Feed 1.0 and 1.1, named on the
//! command line, turned into the same [`Article`](crate::model::Article)s as article files.
//!
//! The format is told from the content, never the file name (`sniff`). Each format's reader
//! (`rss`, `atom`, `json`) only collects what an item says into an `Item` (`item`); the rules of
//! what makes an article are in `to_article`, shared by all three. Nothing is fetched from the
//! network and no DTD or external entity is read.

mod atom;
mod document;
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
    let mut reader = Reader {
        path,
        text: String::new(),
        site: options.site_url.as_deref(),
        diagnostics: Vec::new(),
    };
    let feed = match sniff::decode(path, bytes, kind) {
        Ok(text) => {
            reader.text = text;
            match kind {
                Kind::Xml => read_xml(&mut reader),
                Kind::Json => json::read(&mut reader),
            }
        }
        Err(d) => {
            reader.diagnostics.push(*d);
            None
        }
    };
    (feed, reader.diagnostics)
}

/// Parses an XML feed and reads it by its root element.
fn read_xml(r: &mut Reader<'_>) -> Option<FeedDocument> {
    let root = match xml::parse(&r.text) {
        Ok(root) => root,
        Err(err) => {
            let at = r.location(err.offset);
            let help = if err.message.contains("entity") {
                "escape a bare `&` as `&amp;`"
            } else {
                "fix the XML at this place; every element must be closed and every `&` and `<` in text escaped"
            };
            r.error(Some(at), err.message, help);
            return None;
        }
    };
    let at = Some(r.location(root.start));
    let ns = root.ns.as_deref();
    match (ns, root.name.as_str()) {
        (None, "rss") => rss::read(r, &root, FeedFormat::Rss),
        (Some(xml::ns::RDF), "RDF") => rss::read(r, &root, FeedFormat::Rdf),
        (Some(xml::ns::ATOM), "feed") => atom::read(r, &root),
        (Some(other), "feed") if other.eq_ignore_ascii_case(xml::ns::ATOM) => {
            r.warning(
                at,
                format!(
                    "the feed's namespace is `{other}`, not Atom's `{}`; it is read as Atom",
                    xml::ns::ATOM
                ),
                "namespace names are case-sensitive: write xmlns=\"http://www.w3.org/2005/Atom\"",
            );
            atom::read(r, &root)
        }
        _ => {
            let name = match ns {
                Some(ns) => format!("<{}> in the namespace `{ns}`", root.name),
                None => format!("<{}>", root.name),
            };
            r.error(
                at,
                format!("not a feed: the document's root element is {name}"),
                "name RSS (<rss>, <rdf:RDF>), Atom (<feed>) or JSON Feed files, or articles",
            );
            None
        }
    }
}
