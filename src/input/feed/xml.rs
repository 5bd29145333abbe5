//! A feed's XML as a small tree of elements, with namespaces resolved and every element's position
//! kept for diagnostics.
//!
//! Built on quick-xml's namespace-aware reader. Nothing is fetched: an external DTD is never read;
//! entities are those of XML, of the DOCTYPE's internal subset (expanded within limits) and, with a
//! warning, HTML's (see `entities`). Text and CDATA are joined; line ends are normalized as XML
//! requires. Nesting and the number of elements are bounded, so no input can exhaust the stack or
//! grow the tree far beyond its own size.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::entities::{Entities, Resolved, char_ref};

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
    /// Atom 0.3, Atom's draft, which feeds of the mid-2000s still use.
    pub const ATOM_03: &str = "http://purl.org/atom/ns#";
    /// RSS 1.1.
    pub const RSS11: &str = "http://purl.org/net/rss1.1#";
    /// RDF, the root of RSS 0.90 and 1.0.
    pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    /// The namespace Userland's RSS 2.0 once had (its `<rss>` and everything in it).
    pub const USERLAND_2: &str = "http://backend.userland.com/rss2";
    /// The same, as some feeds write it.
    pub const USERLAND: &str = "http://backend.userland.com/rss";
    /// The RSS content module (`content:encoded`).
    pub const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
    /// Dublin Core terms (`dcterms:modified`, `dcterms:issued`).
    pub const DCTERMS: &str = "http://purl.org/dc/terms/";
    /// Apple's podcast extension (`itunes:author`, `itunes:category`, `itunes:keywords`).
    pub const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    /// The scheme feedparser and others give iTunes categories and keywords.
    pub const ITUNES_SCHEME: &str = "http://www.itunes.com/";
    /// Dublin Core elements.
    pub const DC: &str = "http://purl.org/dc/elements/1.1/";
    /// XHTML, inside Atom `type="xhtml"` constructs.
    pub const XHTML: &str = "http://www.w3.org/1999/xhtml";
    /// The XML namespace (`xml:base`, `xml:lang`).
    pub const XML: &str = "http://www.w3.org/XML/1998/namespace";

    /// The extensions feeds write with their namespace spelled loosely (Apple's in another case,
    /// Dublin Core and the content module without the last slash, https for http), which readers
    /// accept: their namespaces are read as if spelled right. (Atom's is warned about instead.)
    const LOOSE: [&str; 4] = [DC, DCTERMS, CONTENT, ITUNES];

    /// The namespace `uri` stands for, when it is one of [`LOOSE`] spelled loosely.
    pub fn canonical(uri: &str) -> Option<&'static str> {
        let bare = |u: &str| {
            u.trim()
                .trim_end_matches('/')
                .trim_start_matches("http://")
                .trim_start_matches("https://")
                .to_ascii_lowercase()
        };
        // Most documents spell them right, or use others (Atom, Media RSS).
        if LOOSE.contains(&uri) || uri == ATOM || is_media(uri) {
            return None;
        }
        let wanted = bare(uri);
        LOOSE
            .into_iter()
            .find(|known| *known != uri && bare(known) == wanted)
    }

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

    /// The base URL inside this element: its `xml:base` resolved against `parent` (the base around
    /// it), else `parent`.
    pub fn base_within(&self, parent: Option<&str>) -> Option<String> {
        let own = self
            .xml_base()
            .and_then(|b| crate::input::rules::join_url(parent, &b));
        own.or_else(|| parent.map(str::to_owned))
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

/// Something read that a document should not have written so: the document is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlWarning {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What was read, and how.
    pub message: String,
}

/// A document read: its root element, and the warnings about how it is written.
#[derive(Debug)]
pub struct Document {
    /// The root element.
    pub root: Element,
    /// What was read with a warning.
    pub warnings: Vec<XmlWarning>,
}

/// The state of a parse: the elements open, the root once closed, what was counted.
struct Parser {
    stack: Vec<Element>,
    root: Option<Element>,
    elements: usize,
    max_elements: usize,
    entities: Entities,
    warnings: Vec<XmlWarning>,
}

/// Parses `text` into its root element.
pub fn parse(text: &str) -> Result<Document, XmlError> {
    let mut warnings = Vec::new();
    let text = declaration_at_start(text, &mut warnings);
    let mut reader = NsReader::from_str(&text);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let mut parser = Parser {
        stack: Vec::new(),
        root: None,
        elements: 0,
        max_elements: MAX_ELEMENTS.max(text.len() / BYTES_PER_ELEMENT),
        entities: Entities::default(),
        warnings,
    };
    parser.entities =
        Entities::new(None, text.len()).map_err(|message| XmlError { offset: 0, message })?;
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
        if matches!(event, Event::Eof) {
            break;
        }
        parser
            .event(&reader, event, element_ns, before..after, text.len())
            .map_err(|message| XmlError {
                offset: before,
                message,
            })?;
    }
    if let Some(open) = parser.stack.last() {
        return Err(XmlError {
            offset: open.start,
            message: format!("the element <{}> is never closed", open.name),
        });
    }
    let root = parser.root.ok_or(XmlError {
        offset: 0,
        message: "the document has no root element".into(),
    })?;
    Ok(Document {
        root,
        warnings: parser.warnings,
    })
}

/// `text`, or, when white space comes before its XML declaration (which must open the document),
/// `text` with that declaration blanked out, so places in it stay where they are.
fn declaration_at_start<'t>(text: &'t str, warnings: &mut Vec<XmlWarning>) -> Cow<'t, str> {
    let trimmed = text.trim_start();
    let offset = text.len() - trimmed.len();
    if offset == 0 || !trimmed.starts_with("<?xml") {
        return Cow::Borrowed(text);
    }
    let Some(end) = trimmed.find("?>") else {
        return Cow::Borrowed(text);
    };
    warnings.push(XmlWarning {
        offset,
        message: "the XML declaration is not at the very start of the file; it is read anyway"
            .into(),
    });
    let mut blanked = String::with_capacity(text.len());
    blanked.push_str(&text[..offset]);
    blanked.extend(std::iter::repeat_n(' ', end + 2));
    blanked.push_str(&trimmed[end + 2..]);
    Cow::Owned(blanked)
}

impl Parser {
    /// Takes one event, at `place` in the document.
    fn event(
        &mut self,
        reader: &NsReader<&[u8]>,
        event: Event<'_>,
        element_ns: Option<String>,
        place: Range<usize>,
        size: usize,
    ) -> Result<(), String> {
        let before = place.start;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if self.root.is_some() {
                    return Err("content after the root element".into());
                }
                if self.stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "elements are nested more than {MAX_DEPTH} levels deep"
                    ));
                }
                self.elements += 1;
                if self.elements > self.max_elements {
                    return Err(format!(
                        "the document has more than {} elements, far more than its size \
                         suggests; it is not read",
                        self.max_elements
                    ));
                }
                let element = self.element(reader, e, element_ns, place)?;
                if matches!(event, Event::Empty(_)) {
                    self.attach(element);
                } else {
                    self.stack.push(element);
                }
            }
            Event::End(_) => {
                if let Some(mut element) = self.stack.pop() {
                    element.inner.end = before;
                    self.attach(element);
                }
            }
            Event::Text(t) => {
                let decoded = t.xml_content().map_err(|err| format!("bad text: {err}"))?;
                self.push_text(&decoded)?;
            }
            Event::CData(t) => {
                let decoded = t
                    .xml_content()
                    .map_err(|err| format!("bad CDATA section: {err}"))?;
                self.push_text(&decoded)?;
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                let resolved = self.reference(&name, before)?;
                self.push_text(&resolved)?;
            }
            Event::DocType(d) => {
                let doctype = String::from_utf8_lossy(d.as_ref()).into_owned();
                self.entities = Entities::new(Some(&doctype), size)?;
            }
            Event::Eof | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
        Ok(())
    }

    /// The element a start tag opens, with its attributes resolved and unescaped.
    fn element(
        &mut self,
        reader: &NsReader<&[u8]>,
        e: &BytesStart<'_>,
        ns: Option<String>,
        place: Range<usize>,
    ) -> Result<Element, String> {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|err| format!("bad attribute: {err}"))?;
            let key = attr.key;
            if key.as_namespace_binding().is_some() {
                continue;
            }
            let (attr_ns, local) = reader.resolve_attribute(key);
            let raw = String::from_utf8_lossy(&attr.value).into_owned();
            let value = self.unescape(&raw, place.start)?;
            attrs.push(Attr {
                ns: namespace(&attr_ns),
                name: String::from_utf8_lossy(local.as_ref()).into_owned(),
                value,
            });
        }
        Ok(Element {
            ns,
            name,
            attrs,
            children: Vec::new(),
            text: String::new(),
            start: place.start,
            inner: place.end..place.end,
        })
    }

    /// An attribute value with its references resolved.
    fn unescape(&mut self, raw: &str, offset: usize) -> Result<String, String> {
        let mut value = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(at) = rest.find('&') {
            value.push_str(&rest[..at]);
            let end = rest[at..]
                .find(';')
                .ok_or("bad attribute value: a `&` without `;`; write it as `&amp;`")?;
            value.push_str(&self.reference(&rest[at + 1..at + end], offset)?);
            rest = &rest[at + end + 1..];
        }
        value.push_str(rest);
        Ok(value)
    }

    /// The text a reference (`name` between `&` and `;`) stands for.
    fn reference(&mut self, name: &str, offset: usize) -> Result<String, String> {
        if let Some(number) = name.strip_prefix('#') {
            return char_ref(number)
                .map(String::from)
                .ok_or_else(|| format!("bad character reference `&{name};`"));
        }
        match self.entities.resolve(name)? {
            Resolved::Text(text) => Ok(text),
            Resolved::Html(text, warning) | Resolved::Unknown(text, warning) => {
                if !warning.is_empty() {
                    self.warnings.push(XmlWarning {
                        offset,
                        message: warning,
                    });
                }
                Ok(text)
            }
        }
    }

    fn attach(&mut self, element: Element) {
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(element),
            None => self.root = Some(element),
        }
    }

    fn push_text(&mut self, text: &str) -> Result<(), String> {
        match self.stack.last_mut() {
            Some(parent) => {
                parent.text.push_str(text);
                Ok(())
            }
            None if text.trim().is_empty() => Ok(()),
            None if self.root.is_some() => Err("text after the root element".into()),
            None => Err("text before the root element".into()),
        }
    }
}

fn namespace(resolved: &ResolveResult<'_>) -> Option<String> {
    match resolved {
        ResolveResult::Bound(ns) => {
            let uri = String::from_utf8_lossy(ns.as_ref());
            Some(ns::canonical(&uri).map_or_else(|| uri.into_owned(), str::to_owned))
        }
        ResolveResult::Unbound | ResolveResult::Unknown(_) => None,
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
        let root = parse(doc).unwrap().root;
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
    fn loosely_spelled_namespaces_of_extensions_are_read() {
        let doc = r#"<rss xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd" xmlns:dc="http://purl.org/dc/elements/1.1"><itunes:author>A</itunes:author><dc:creator>B</dc:creator></rss>"#;
        let root = parse(doc).unwrap().root;
        assert_eq!(
            root.child_text(Some(ns::ITUNES), "author").as_deref(),
            Some("A")
        );
        assert_eq!(
            root.child_text(Some(ns::DC), "creator").as_deref(),
            Some("B")
        );
        assert_eq!(ns::canonical("http://www.w3.org/2005/atom"), None);
    }

    #[test]
    fn never_reads_an_external_entity() {
        let doc = "<!DOCTYPE rss SYSTEM \"file:///etc/passwd\" [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<rss>&x;</rss>";
        let err = parse(doc).unwrap_err();
        assert!(err.message.contains("`&x;` is external"), "{err:?}");
        assert_eq!(&doc[err.offset..err.offset + 3], "&x;");
    }

    #[test]
    fn declared_html_and_unknown_entities_in_text_and_attributes() {
        let doc = "<!DOCTYPE rss [<!ENTITY sp \"SPIEGEL\">]>\n<rss a=\"&sp;&nbsp;\">&sp; &eacute; &gtgt; &eacute;</rss>";
        let read = parse(doc).unwrap();
        assert_eq!(read.root.text, "SPIEGEL é &gtgt; é");
        assert_eq!(read.root.attr("a"), Some("SPIEGEL\u{a0}"));
        let messages: Vec<_> = read.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[2].contains("`&gtgt;` is not defined"));
    }

    #[test]
    fn a_declaration_after_white_space_is_read_with_a_warning() {
        let read = parse("\n  <?xml version=\"1.0\"?>\n<rss>x</rss>").unwrap();
        assert_eq!(read.root.text, "x");
        assert_eq!(read.warnings[0].offset, 3);
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
