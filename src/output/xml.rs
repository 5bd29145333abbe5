//! An XML writer that produces well-formed output whatever text it is given.
//!
//! Characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped. Plain text and attribute
//! values are escaped in the document's [`TextStyle`]; escaped HTML (`description`, `content`) always
//! uses the named entities. Output is indented by two spaces and ends with a newline.
//!
//! A feed's items are written on all cores ([`Xml::items`]), each into a fragment that starts at the
//! item's depth, and joined in order: the bytes are those of writing them one after another.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use rayon::prelude::*;

use crate::model::content::escape_bytes;

/// Items rendered in parallel at a time: enough to keep every core busy, few enough that the
/// fragments waiting to be joined stay small beside the document.
const ITEMS_AT_ONCE: usize = 256;

/// Removes the characters XML 1.0 does not allow.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    // Checked on bytes: C0 controls other than tab and line ends (a pass without branches, which
    // the compiler vectorizes), and U+FFFE and U+FFFF (EF BF BE/BF).
    let bytes = text.as_bytes();
    let control = bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
    });
    let noncharacter = memchr::memchr_iter(0xEF, bytes)
        .any(|i| matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])));
    if !control && !noncharacter {
        return Cow::Borrowed(text);
    }
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
}

/// The entities of `&`, `<` and `>`.
const ENTITIES: [&str; 3] = ["&amp;", "&lt;", "&gt;"];
/// Their hexadecimal character references.
const HEX_REFERENCES: [&str; 3] = ["&#x26;", "&#x3C;", "&#x3E;"];

/// `text` with `&`, `<` and `>` written as `with` gives them: markup carried as text.
fn escape_markup(text: &str, with: [&str; 3]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut done = 0;
    for at in memchr::memchr3_iter(b'&', b'<', b'>', text.as_bytes()) {
        out.push_str(&text[done..at]);
        out.push_str(match text.as_bytes()[at] {
            b'&' => with[0],
            b'<' => with[1],
            _ => with[2],
        });
        done = at + 1;
    }
    out.push_str(&text[done..]);
    out
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
        if !in_attribute {
            return escape_markup(
                &safe,
                match self {
                    TextStyle::Entities => ENTITIES,
                    TextStyle::HexReferences => HEX_REFERENCES,
                },
            );
        }
        escape_bytes(&safe, |b| match (self, b) {
            (TextStyle::Entities, b'&') => Some("&amp;"),
            (TextStyle::Entities, b'<') => Some("&lt;"),
            (TextStyle::Entities, b'>') => Some("&gt;"),
            (TextStyle::HexReferences, b'&') => Some("&#x26;"),
            (TextStyle::HexReferences, b'<') => Some("&#x3C;"),
            (TextStyle::HexReferences, b'>') => Some("&#x3E;"),
            (_, b'"') => Some("&quot;"),
            (_, b'\n') => Some("&#xA;"),
            (_, b'\r') => Some("&#xD;"),
            (_, b'\t') => Some("&#x9;"),
            _ => None,
        })
    }
}

/// A document being written: into memory, or through to a sink (see [`Xml::streaming`]).
pub struct Xml<'o> {
    writer: Writer<Vec<u8>>,
    style: TextStyle,
    /// Elements open now.
    depth: usize,
    /// Where the document goes as it is written; `None` keeps it in memory.
    out: Option<&'o mut dyn Write>,
    /// The first error of `out`; nothing more is written after it.
    error: Option<io::Error>,
}

/// How many bytes a streaming document gathers before handing them on.
const HAND_ON_AT: usize = 1 << 20;

impl<'o> Xml<'o> {
    /// Starts a document kept in memory with its XML declaration, reserving `capacity` bytes.
    pub fn new(style: TextStyle, capacity: usize) -> Self {
        Self::start_document(style, capacity, None)
    }

    /// Starts a document that is handed to `out` a batch of items at a time, so a large feed is
    /// never held whole; [`Xml::finish`] hands on the rest and says whether `out` took it all.
    pub fn streaming(style: TextStyle, out: &'o mut dyn Write) -> Self {
        Self::start_document(style, HAND_ON_AT + HAND_ON_AT / 4, Some(out))
    }

    fn start_document(style: TextStyle, capacity: usize, out: Option<&'o mut dyn Write>) -> Self {
        let writer = Writer::new_with_indent(Vec::with_capacity(capacity), b' ', 2);
        let mut xml = Xml {
            writer,
            style,
            depth: 0,
            out,
            error: None,
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml
    }

    /// Hands what is written so far to `out`, when streaming.
    fn hand_on(&mut self) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        let buffer = self.writer.get_mut();
        if self.error.is_none()
            && let Err(err) = out.write_all(buffer)
        {
            self.error = Some(err);
        }
        buffer.clear();
    }

    /// Ends a streaming document: hands on the rest and returns the first error of `out`.
    pub fn finish(mut self) -> io::Result<()> {
        self.writer.get_mut().push(b'\n');
        self.hand_on();
        match self.error.take() {
            Some(err) => Err(err),
            None => self.out.as_mut().map_or(Ok(()), |out| out.flush()),
        }
    }

    /// Writes each of `items` with `write_one`, on all cores, exactly as writing them here one after
    /// another would. `write_one` must close every element it opens.
    pub fn items<T: Sync>(&mut self, items: &[T], write_one: impl Fn(&mut Xml<'_>, &T) + Sync) {
        for batch in items.chunks(ITEMS_AT_ONCE) {
            let fragments: Vec<Vec<u8>> = batch
                .par_iter()
                .map(|item| {
                    // Open as many (unwritten) elements as are open here, so indentation matches.
                    let mut x = Xml {
                        writer: Writer::new_with_indent(Vec::with_capacity(4096), b' ', 2),
                        style: self.style,
                        depth: 0,
                        out: None,
                        error: None,
                    };
                    for _ in 0..self.depth {
                        x.open("x", &[]);
                    }
                    let start = x.writer.get_ref().len();
                    write_one(&mut x, item);
                    x.writer.into_inner().split_off(start)
                })
                .collect();
            for fragment in fragments {
                self.writer.get_mut().extend_from_slice(&fragment);
            }
            if self.writer.get_ref().len() >= HAND_ON_AT {
                self.hand_on();
            }
        }
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
        self.depth += 1;
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
        self.depth = self.depth.saturating_sub(1);
    }

    /// Writes `<name attrs...>text</name>` for plain text.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        let escaped = self.style.escape(text, false);
        self.element(name, attrs, Cow::Owned(escaped));
    }

    /// Writes `<name attrs...>html</name>`, the HTML escaped as text.
    pub fn html(&mut self, name: &str, attrs: &[(&str, &str)], html: &str) {
        let escaped = escape_markup(&xml_safe(html), ENTITIES);
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

    /// The finished document, when kept in memory.
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
    fn items_written_in_parallel_are_the_bytes_of_writing_them_in_turn() {
        let items: Vec<String> = (0..1000).map(|i| format!("item {i} & <b>\n</b>")).collect();
        let write_one = |x: &mut Xml, text: &String| {
            x.open("item", &[("n", text)]);
            x.text("title", &[], text);
            x.html("content", &[], text);
            x.empty("link", &[("href", "https://example.org/")]);
            x.close("item");
        };
        let document = |parallel: bool| {
            let mut x = Xml::new(TextStyle::HexReferences, 0);
            x.open("rss", &[]);
            x.open("channel", &[]);
            x.text("title", &[], "t");
            if parallel {
                x.items(&items, write_one);
            } else {
                items.iter().for_each(|item| write_one(&mut x, item));
            }
            x.close("channel");
            x.close("rss");
            x.into_bytes()
        };
        assert_eq!(
            String::from_utf8(document(true)).unwrap(),
            String::from_utf8(document(false)).unwrap()
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
