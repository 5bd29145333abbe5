//! Telling a feed from an article by its first bytes, and decoding a feed's bytes into text.

use crate::error::Diagnostic;

/// What kind of document a named file holds, told from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// XML: RSS, RDF or Atom.
    Xml,
    /// JSON: JSON Feed.
    Json,
}

/// Tells a feed from an article by its first character: `<` is XML, `{` is JSON, anything else
/// (an article starts with `---`) is not a feed.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Some(Kind::Xml),
        Some(b'{') => Some(Kind::Json),
        _ => None,
    }
}

/// Decodes a feed's bytes: XML in the encoding its declaration names (UTF-8 by default), JSON as UTF-8.
pub fn decode(path: &str, bytes: &[u8], kind: Kind) -> Result<String, Box<Diagnostic>> {
    let encoding = match kind {
        Kind::Xml => declared_encoding(bytes),
        Kind::Json => None,
    };
    match encoding {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors {
                let message = format!("the file is not valid {} text", encoding.name());
                return Err(Box::new(
                    Diagnostic::error(Some(path), message)
                        .help("save the feed in the encoding its XML declaration names"),
                ));
            }
            Ok(text.replace("\r\n", "\n"))
        }
        _ => crate::input::front_matter::decode(path, bytes),
    }
}

/// The encoding an XML declaration names, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start_matches('\u{feff}').trim_start();
    let decl = &decl[..decl.find("?>")?];
    if !decl.starts_with("<?xml") {
        return None;
    }
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = rest[1..].split(quote).next()?;
    encoding_rs::Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_feeds_and_articles() {
        assert_eq!(sniff(b"\xEF\xBB\xBF  <?xml"), Some(Kind::Xml));
        assert_eq!(sniff(b"\n{\"version\""), Some(Kind::Json));
        assert_eq!(sniff(b"---\ntitle: x\n---\n"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn reads_the_declared_encoding() {
        let e = declared_encoding(b"<?xml version=\"1.0\" encoding='ISO-8859-1'?><rss/>");
        assert_eq!(e, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(declared_encoding(b"<rss/>"), None);
    }
}
