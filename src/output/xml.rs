//! An XML writer that produces well-formed output whatever text it is given.
//!
//! Text is escaped by quick-xml (`&`, `<`, `>`; quotes stay readable), attribute values fully; characters XML 1.0 forbids (most C0 controls,
//! U+FFFE, U+FFFF) are dropped first. Output is indented by two spaces and ends with a newline.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// Removes the characters XML 1.0 does not allow.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

/// A document being written.
pub struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// Starts a document with its XML declaration.
    pub fn new() -> Self {
        let mut xml = Xml {
            writer: Writer::new_with_indent(Vec::with_capacity(64 * 1024), b' ', 2),
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml
    }

    // Writing into a Vec cannot fail: the only error quick-xml reports is the sink's.
    fn event(&mut self, event: Event<'_>) {
        let _infallible = self.writer.write_event(event);
    }

    fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (key, value) in attrs {
            start.push_attribute((*key, xml_safe(value).as_ref()));
        }
        start
    }

    /// Opens `<name attrs...>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(Self::start(name, attrs)));
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// Writes `<name attrs...>text</name>`.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.event(Event::Start(Self::start(name, attrs)));
        let safe = xml_safe(text);
        self.event(Event::Text(BytesText::from_escaped(partial_escape(
            safe.as_ref(),
        ))));
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// Writes `<name attrs.../>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(Self::start(name, attrs)));
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

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        let mut xml = Xml::new();
        xml.text(
            "t",
            &[("a", "x\"<&\u{1}")],
            "a & b <c> ]]> \u{0}\u{B}\u{FFFE}\"ok'",
        );
        let out = String::from_utf8(xml.into_bytes()).unwrap();
        assert!(
            out.ends_with("<t a=\"x&quot;&lt;&amp;\">a &amp; b &lt;c&gt; ]]&gt; \"ok'</t>\n"),
            "{out}"
        );
    }
}
