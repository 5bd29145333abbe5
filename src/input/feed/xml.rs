//! A feed's XML as a small tree of elements, with namespaces resolved and every element's position
//! kept for diagnostics.
//!
//! Built on quick-xml's namespace-aware reader. Nothing is fetched or expanded: a DOCTYPE is skipped,
//! its DTD never read, and only XML's five predefined entities and character references are resolved;
//! any other entity is an error at its line and column. Text and CDATA are joined; line ends are
//! normalized as XML requires. Nesting and the number of elements are bounded, so no input can
//! exhaust the stack or grow the tree far beyond its own size.

use std::ops::Range;

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;

/// The deepest element nesting read. Feeds nest a handful of levels; XHTML content a few dozen.
pub const MAX_DEPTH: usize = 256;

/// The fewest elements a document may always hold. Beyond it, a document may hold one element per
/// [`BYTES_PER_ELEMENT`] bytes: real feeds average well over a hundred bytes per element, while a
/// document of nothing but `<a/>` would otherwise build a tree forty times its size.
pub const MAX_ELEMENTS: usize = 200_000;

/// See [`MAX_ELEMENTS`].
pub const BYTES_PER_ELEMENT: usize = 20;

/// Namespaces feeds use.
pub mod ns {
    /// Atom 1.0.
    pub const ATOM: &str = "http://www.w3.org/2005/Atom";
    /// RDF, the root of RSS 0.90 and 1.0.
    pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    /// The RSS content module (`content:encoded`).
    pub const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
    /// Dublin Core elements.
    pub const DC: &str = "http://purl.org/dc/elements/1.1/";
    /// XHTML, inside Atom `type="xhtml"` constructs.
    pub const XHTML: &str = "http://www.w3.org/1999/xhtml";
    /// The XML namespace (`xml:base`, `xml:lang`).
    pub const XML: &str = "http://www.w3.org/XML/1998/namespace";

    /// Media RSS, with and without the trailing slash that feeds disagree on.
    pub fn is_media(uri: &str) -> bool {
        uri.trim_end_matches('/') == "http://search.yahoo.com/mrss"
    }
}

/// One attribute.
#[derive(Debug, Clone)]
pub struct Attr {
    /// Namespace URI, for prefixed attributes.
    pub ns: Option<String>,
    /// Local name.
    pub name: String,
    /// Unescaped value.
    pub value: String,
}

/// One element.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Namespace URI, if any.
    pub ns: Option<String>,
    /// Local name.
    pub name: String,
    /// Attributes, in document order.
    pub attrs: Vec<Attr>,
    /// Child elements, in document order.
    pub children: Vec<Element>,
    /// The text directly inside, CDATA and references included.
    pub text: String,
    /// Byte offset of the start tag in the document.
    pub start: usize,
    /// Byte range of everything between the start and end tags (empty for `<x/>`).
    pub inner: Range<usize>,
}

impl Element {
    /// Whether this element is `name` in namespace `ns` (`None`: no namespace).
    pub fn is(&self, ns: Option<&str>, name: &str) -> bool {
        self.name == name && self.ns.as_deref() == ns
    }

    /// An attribute without namespace.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_none() && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// An attribute in namespace `ns`.
    pub fn attr_ns(&self, ns: &str, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.as_deref() == Some(ns) && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// Child elements in namespace `ns` named `name`.
    pub fn all<'a>(
        &'a self,
        ns: Option<&'a str>,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.is(ns, name))
    }

    /// The first child element in namespace `ns` named `name`.
    pub fn first(&self, ns: Option<&str>, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, name))
    }

    /// Its `xml:base`, when set.
    pub fn xml_base(&self) -> Option<String> {
        self.attr_ns(ns::XML, "base").map(str::to_owned)
    }

    /// The trimmed text of the first such child, when not blank.
    pub fn child_text(&self, ns: Option<&str>, name: &str) -> Option<String> {
        self.first(ns, name).and_then(Element::trimmed)
    }

    /// This element's trimmed text, when not blank.
    pub fn trimmed(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }
}

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses `text` into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut elements = 0usize;
    let max_elements = MAX_ELEMENTS.max(text.len() / BYTES_PER_ELEMENT);
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let (element_ns, event) = match reader.read_resolved_event() {
            Ok((resolved, event)) => (namespace(&resolved), event),
            Err(err) => {
                return Err(XmlError {
                    offset: usize::try_from(reader.error_position()).unwrap_or(before),
                    message: format!("the XML is not well-formed: {err}"),
                });
            }
        };
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let fail = |message: String| XmlError {
            offset: before,
            message,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if root.is_some() {
                    return Err(fail("content after the root element".into()));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(fail(format!(
                        "elements are nested more than {MAX_DEPTH} levels deep"
                    )));
                }
                elements += 1;
                if elements > max_elements {
                    return Err(fail(format!(
                        "the document has more than {max_elements} elements, far more than its \
                         size suggests; it is not read"
                    )));
                }
                let element = element(&reader, e, element_ns, before, after)?;
                if matches!(event, Event::Empty(_)) {
                    attach(&mut stack, &mut root, element);
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                if let Some(mut element) = stack.pop() {
                    element.inner.end = before;
                    attach(&mut stack, &mut root, element);
                }
            }
            Event::Text(t) => {
                let decoded = t
                    .xml_content()
                    .map_err(|err| fail(format!("bad text: {err}")))?;
                push_text(&mut stack, &decoded, before, &root)?;
            }
            Event::CData(t) => {
                let decoded = t
                    .xml_content()
                    .map_err(|err| fail(format!("bad CDATA section: {err}")))?;
                push_text(&mut stack, &decoded, before, &root)?;
            }
            Event::GeneralRef(r) => {
                let resolved = reference(&r).map_err(fail)?;
                push_text(&mut stack, &resolved, before, &root)?;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(XmlError {
            offset: open.start,
            message: format!("the element <{}> is never closed", open.name),
        });
    }
    root.ok_or(XmlError {
        offset: 0,
        message: "the document has no root element".into(),
    })
}

/// The element a start tag opens, with its attributes resolved and unescaped.
fn element(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    ns: Option<String>,
    before: usize,
    after: usize,
) -> Result<Element, XmlError> {
    let fail = |message: String| XmlError {
        offset: before,
        message,
    };
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| fail(format!("bad attribute: {err}")))?;
        let key = attr.key;
        if key.as_namespace_binding().is_some() {
            continue;
        }
        let (attr_ns, local) = reader.resolve_attribute(key);
        let value = attr
            .unescape_value()
            .map_err(|err| fail(format!("bad attribute value: {err}")))?;
        attrs.push(Attr {
            ns: namespace(&attr_ns),
            name: String::from_utf8_lossy(local.as_ref()).into_owned(),
            value: value.into_owned(),
        });
    }
    Ok(Element {
        ns,
        name,
        attrs,
        children: Vec::new(),
        text: String::new(),
        start: before,
        inner: after..after,
    })
}

/// The text a reference stands for: a character reference, or one of XML's five entities.
fn reference(r: &BytesRef<'_>) -> Result<String, String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Ok(c.to_string()),
        Ok(None) => {
            let name = String::from_utf8_lossy(r.as_ref()).into_owned();
            quick_xml::escape::resolve_predefined_entity(&name)
                .map(str::to_owned)
                .ok_or_else(|| {
                    format!(
                        "the entity `&{name};` is not defined in XML; write the character \
                         itself, or a reference such as `&#160;`"
                    )
                })
        }
        Err(err) => Err(format!("bad character reference: {err}")),
    }
}

fn namespace(resolved: &ResolveResult<'_>) -> Option<String> {
    match resolved {
        ResolveResult::Bound(ns) => Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => None,
    }
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn push_text(
    stack: &mut [Element],
    text: &str,
    offset: usize,
    root: &Option<Element>,
) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(parent) => {
            parent.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(XmlError {
            offset,
            message: if root.is_some() {
                "text after the root element".into()
            } else {
                "text before the root element".into()
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_namespaces_text_and_references() {
        let doc = r#"<?xml version="1.0"?>
<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><title>A &amp; B &#x263A;<![CDATA[ <c> ]]></title>
<media:content url="x?a=1&amp;b=2"/></channel></rss>"#;
        let root = parse(doc).unwrap();
        assert!(root.is(None, "rss"));
        let channel = root.first(None, "channel").unwrap();
        assert_eq!(channel.text.trim(), "");
        assert_eq!(
            channel.child_text(None, "title").unwrap(),
            "A & B \u{263A} <c>"
        );
        let media = &channel.children[1];
        assert!(ns::is_media(media.ns.as_deref().unwrap()));
        assert_eq!(media.attr("url"), Some("x?a=1&b=2"));
    }

    #[test]
    fn refuses_undefined_entities_and_never_reads_a_dtd() {
        let doc = "<!DOCTYPE rss SYSTEM \"file:///etc/passwd\" [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<rss>&x;</rss>";
        let err = parse(doc).unwrap_err();
        assert!(err.message.contains("`&x;`"), "{err:?}");
        assert_eq!(&doc[err.offset..err.offset + 3], "&x;");
    }

    #[test]
    fn reports_where_the_document_breaks() {
        let err = parse("<rss>\n<channel>\n</rss>").unwrap_err();
        assert!(err.message.contains("not well-formed"), "{err:?}");
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        let wide = format!("<r>{}</r>", "<a/>".repeat(MAX_ELEMENTS + 1));
        assert!(parse(&wide).unwrap_err().message.contains("elements"));
    }
}
