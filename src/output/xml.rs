//! An XML writer that produces well-formed output whatever text it is given.
//!
//! Characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped. Plain text and attribute
//! values are escaped in the document's [`TextStyle`]; escaped HTML (`description`, `content`) always
//! uses the named entities. Output is indented by two spaces and ends with a newline.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

/// Removes the characters XML 1.0 does not allow.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

/// How `&`, `<` and `>` in plain text are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStyle {
    /// `&amp;`, `&lt;`, `&gt;`.
    Entities,
    /// `&#x26;`, `&#x3C;`, `&#x3E;`: what the RSS Best Practices Profile recommends for plain text,
    /// because RSS readers disagree on whether text elements hold HTML.
    HexReferences,
}

impl TextStyle {
    fn escape(self, text: &str, in_attribute: bool) -> String {
        let safe = xml_safe(text);
        let mut out = String::with_capacity(safe.len() + 8);
        for c in safe.chars() {
            match (self, c) {
                (TextStyle::Entities, '&') => out.push_str("&amp;"),
                (TextStyle::Entities, '<') => out.push_str("&lt;"),
                (TextStyle::Entities, '>') => out.push_str("&gt;"),
                (TextStyle::HexReferences, '&') => out.push_str("&#x26;"),
                (TextStyle::HexReferences, '<') => out.push_str("&#x3C;"),
                (TextStyle::HexReferences, '>') => out.push_str("&#x3E;"),
                (_, '"') if in_attribute => out.push_str("&quot;"),
                (_, '\n' | '\r' | '\t') if in_attribute => {
                    out.push_str(&format!("&#x{:X};", c as u32))
                }
                _ => out.push(c),
            }
        }
        out
    }
}

/// A document being written.
pub struct Xml {
    writer: Writer<Vec<u8>>,
    style: TextStyle,
}

impl Xml {
    /// Starts a document with its XML declaration, reserving `capacity` bytes (growing a large
    /// buffer by doubling would briefly need three times its size).
    pub fn new(style: TextStyle, capacity: usize) -> Self {
        let writer = Writer::new_with_indent(Vec::with_capacity(capacity), b' ', 2);
        let mut xml = Xml { writer, style };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml
    }

    // Writing into a Vec cannot fail: the only error quick-xml reports is the sink's.
    fn event(&mut self, event: Event<'_>) {
        let _infallible = self.writer.write_event(event);
    }

    fn start<'a>(&self, name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (key, value) in attrs {
            let value = self.style.escape(value, true);
            start.push_attribute(Attribute {
                key: QName(key.as_bytes()),
                value: Cow::Owned(value.into_bytes()),
            });
        }
        start
    }

    /// Opens `<name attrs...>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(self.start(name, attrs)));
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// Writes `<name attrs...>text</name>` for plain text.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        let escaped = self.style.escape(text, false);
        self.element(name, attrs, Cow::Owned(escaped));
    }

    /// Writes `<name attrs...>html</name>`, the HTML escaped as text.
    pub fn html(&mut self, name: &str, attrs: &[(&str, &str)], html: &str) {
        let safe = xml_safe(html);
        let escaped = partial_escape(safe.as_ref()).into_owned();
        self.element(name, attrs, Cow::Owned(escaped));
    }

    fn element(&mut self, name: &str, attrs: &[(&str, &str)], escaped: Cow<'_, str>) {
        self.event(Event::Start(self.start(name, attrs)));
        self.event(Event::Text(BytesText::from_escaped(escaped)));
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// Writes `<name attrs.../>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(self.start(name, attrs)));
    }

    /// The finished document.
    pub fn into_bytes(self) -> Vec<u8> {
        let mut bytes = self.writer.into_inner();
        bytes.push(b'\n');
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(style: TextStyle, write: impl FnOnce(&mut Xml)) -> String {
        let mut xml = Xml::new(style, 256);
        write(&mut xml);
        let out = String::from_utf8(xml.into_bytes()).unwrap();
        out.lines().nth(1).unwrap().to_owned()
    }

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        let out = one(TextStyle::Entities, |x| {
            x.text(
                "t",
                &[("a", "x\"<&\n\u{1}")],
                "a & b <c> ]]> \u{0}\u{B}\u{FFFE}\"ok'",
            )
        });
        assert_eq!(
            out,
            "<t a=\"x&quot;&lt;&amp;&#xA;\">a &amp; b &lt;c&gt; ]]&gt; \"ok'</t>"
        );
    }

    #[test]
    fn hex_references_for_rss_plain_text_but_entities_for_html() {
        assert_eq!(
            one(TextStyle::HexReferences, |x| x.text(
                "t",
                &[("a", "<&>")],
                "Q&A <b>"
            )),
            "<t a=\"&#x3C;&#x26;&#x3E;\">Q&#x26;A &#x3C;b&#x3E;</t>"
        );
        assert_eq!(
            one(TextStyle::HexReferences, |x| x.html(
                "d",
                &[],
                "<p>a &amp; b</p>"
            )),
            "<d>&lt;p&gt;a &amp;amp; b&lt;/p&gt;</d>"
        );
    }
}
