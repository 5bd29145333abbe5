//! Telling a feed from an article by its first characters, and decoding a feed's bytes into text.
//!
//! The encoding is found as XML 1.0 (Appendix F) says: a byte order mark, else the pattern the first
//! character makes (`<` is `00 00 00 3C` in UTF-32BE, `3C 00` in UTF-16LE, ...), else the encoding
//! the XML declaration names, else UTF-8. UTF-16 is decoded by encoding_rs, UTF-32 (which it does
//! not know) here. Two mistakes real feeds make are read with a warning: a document that declares a
//! single-byte encoding but is UTF-8, and one that is not UTF-8 though it declares nothing else
//! (read as Windows-1252, as browsers and feedparser read it).

use std::borrow::Cow;

use crate::error::{Diagnostic, Location};

/// What kind of document a named file holds, told from its first characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// XML: RSS, RDF or Atom.
    Xml,
    /// JSON: JSON Feed.
    Json,
}

/// The Unicode encodings told apart by a document's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// UTF-8, or an encoding that writes ASCII as ASCII (named by the declaration).
    Ascii,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

/// The family of `bytes` and the length of its byte order mark.
fn family(bytes: &[u8]) -> (Family, usize) {
    match bytes {
        [0x00, 0x00, 0xFE, 0xFF, ..] => (Family::Utf32Be, 4),
        [0xFF, 0xFE, 0x00, 0x00, ..] => (Family::Utf32Le, 4),
        [0xFE, 0xFF, ..] => (Family::Utf16Be, 2),
        [0xFF, 0xFE, ..] => (Family::Utf16Le, 2),
        [0xEF, 0xBB, 0xBF, ..] => (Family::Ascii, 3),
        // Without a mark, the first character is ASCII (`<`, `{` or white space).
        [0x00, 0x00, 0x00, a, ..] if a.is_ascii() => (Family::Utf32Be, 0),
        [a, 0x00, 0x00, 0x00, ..] if a.is_ascii() && *a != 0 => (Family::Utf32Le, 0),
        [0x00, a, 0x00, b, ..] if a.is_ascii() && b.is_ascii() => (Family::Utf16Be, 0),
        [a, 0x00, b, 0x00, ..] if a.is_ascii() && b.is_ascii() && *a != 0 => (Family::Utf16Le, 0),
        _ => (Family::Ascii, 0),
    }
}

/// Tells a feed from an article by its first character (after a byte order mark and white space, in
/// any of the Unicode encodings): `<` is XML, `{` is JSON, anything else (an article starts with
/// `---`) is not a feed.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let (family, mark) = family(bytes);
    let head = &bytes[mark..bytes.len().min(mark + 256)];
    let width = match family {
        Family::Ascii => 1,
        Family::Utf16Le | Family::Utf16Be => 2,
        Family::Utf32Le | Family::Utf32Be => 4,
    };
    // The ASCII byte of each character: the last of a big-endian one, the first of a little-endian.
    let at = match family {
        Family::Utf16Be => 1,
        Family::Utf32Be => 3,
        _ => 0,
    };
    let first = head
        .chunks_exact(width)
        .map(|c| c[at])
        .find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'<') => Some(Kind::Xml),
        Some(b'{') => Some(Kind::Json),
        _ => None,
    }
}

/// A feed's text, and what decoding it had to guess.
#[derive(Debug)]
pub struct Decoded {
    /// The text, line ends normalised to `\n` as XML requires.
    pub text: String,
    /// Warnings about the encoding.
    pub warnings: Vec<Diagnostic>,
}

/// Decodes a feed's bytes: XML in the encoding it shows or declares (UTF-8 by default), JSON in
/// UTF-8 (or UTF-16 or UTF-32 with a byte order mark).
pub fn decode(path: &str, bytes: &[u8], kind: Kind) -> Result<Decoded, Box<Diagnostic>> {
    let (family, mark) = family(bytes);
    let body = &bytes[mark..];
    let mut warnings = Vec::new();
    let text = match family {
        Family::Utf16Le | Family::Utf16Be => {
            let encoding = if family == Family::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            if had_errors {
                return Err(not_valid(path, encoding.name()));
            }
            text.into_owned()
        }
        Family::Utf32Le | Family::Utf32Be => {
            let name = if family == Family::Utf32Le {
                "UTF-32LE"
            } else {
                "UTF-32BE"
            };
            utf32(body, family == Family::Utf32Le).ok_or_else(|| not_valid(path, name))?
        }
        Family::Ascii => {
            let declared = match kind {
                Kind::Xml => declared_encoding(body),
                Kind::Json => None,
            };
            ascii_family(path, body, declared, &mut warnings)?
        }
    };
    let text = match text.contains('\r') {
        true => text.replace("\r\n", "\n").replace('\r', "\n"),
        false => text,
    };
    Ok(Decoded { text, warnings })
}

fn not_valid(path: &str, encoding: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(Some(path), format!("the file is not valid {encoding} text"))
            .help("save the feed in the encoding its XML declaration names, or as UTF-8"),
    )
}

/// UTF-32 text, little- or big-endian; `None` when a unit is not a character or bytes are left over.
fn utf32(bytes: &[u8], little: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    bytes
        .chunks_exact(4)
        .map(|c| {
            let unit = [c[0], c[1], c[2], c[3]];
            char::from_u32(match little {
                true => u32::from_le_bytes(unit),
                false => u32::from_be_bytes(unit),
            })
        })
        .collect()
}

/// Text in UTF-8 or in the ASCII-compatible encoding the declaration names.
fn ascii_family(
    path: &str,
    bytes: &[u8],
    declared: Option<(&'static encoding_rs::Encoding, String)>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<String, Box<Diagnostic>> {
    let utf8 = std::str::from_utf8(bytes);
    match (declared, utf8) {
        (Some((encoding, label)), utf8) if encoding != encoding_rs::UTF_8 => {
            // Real single-byte text with letters beyond ASCII is practically never valid UTF-8.
            if let Ok(text) = utf8
                && encoding.is_single_byte()
                && !text.is_ascii()
            {
                warnings.push(
                    Diagnostic::warning(
                        Some(path),
                        format!("the feed declares the encoding `{label}`, but it is UTF-8 text; it is read as UTF-8"),
                    )
                    .help("declare encoding=\"UTF-8\" in the XML declaration"),
                );
                return Ok(text.to_owned());
            }
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(not_valid(path, encoding.name()));
            }
            Ok(text.into_owned())
        }
        (_, Ok(text)) => Ok(text.to_owned()),
        (_, Err(err)) => {
            let valid = &bytes[..err.valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let at = Location::of_offset(&text, text.len());
            let (latin, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let line = latin.lines().nth(at.line - 1).unwrap_or_default();
            let message = format!(
                "the file is not UTF-8 text (byte 0x{:02X}) and declares no other encoding; it is read as Windows-1252",
                bytes[err.valid_up_to()]
            );
            warnings.push(
                Diagnostic::warning(Some(path), message)
                    .at_line(at, line)
                    .help("save the feed as UTF-8, or name its encoding in the XML declaration"),
            );
            Ok(match latin {
                Cow::Borrowed(text) => text.to_owned(),
                Cow::Owned(text) => text,
            })
        }
    }
}

/// The encoding an XML declaration names, with the label as written, if any.
fn declared_encoding(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, String)> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start();
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
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    Some((encoding, label.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<?xml version=\"1.0\"?>\r\n<rss>Grüße 😀</rss>";

    fn utf16(text: &str, little: bool, mark: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = mark
            .then_some(0xFEFF)
            .into_iter()
            .chain(text.encode_utf16());
        for unit in units {
            out.extend(match little {
                true => unit.to_le_bytes(),
                false => unit.to_be_bytes(),
            });
        }
        out
    }

    fn utf32(text: &str, little: bool, mark: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let chars = mark.then_some('\u{FEFF}').into_iter().chain(text.chars());
        for c in chars {
            out.extend(match little {
                true => u32::from(c).to_le_bytes(),
                false => u32::from(c).to_be_bytes(),
            });
        }
        out
    }

    #[test]
    fn sniffs_feeds_and_articles() {
        assert_eq!(sniff(b"\xEF\xBB\xBF  <?xml"), Some(Kind::Xml));
        assert_eq!(sniff(b"\n{\"version\""), Some(Kind::Json));
        assert_eq!(sniff(b"---\ntitle: x\n---\n"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(&utf16(" <rss/>", true, false)), Some(Kind::Xml));
        assert_eq!(sniff(&utf32("<rss/>", false, true)), Some(Kind::Xml));
        assert_eq!(sniff(&utf16("---\n", false, true)), None);
    }

    #[test]
    fn every_unicode_encoding_with_and_without_a_mark() {
        let want = "<?xml version=\"1.0\"?>\n<rss>Grüße 😀</rss>";
        for little in [true, false] {
            for mark in [true, false] {
                for bytes in [utf16(DOC, little, mark), utf32(DOC, little, mark)] {
                    let decoded = decode("f", &bytes, Kind::Xml).unwrap();
                    assert_eq!(decoded.text, want, "little {little}, mark {mark}");
                    assert!(decoded.warnings.is_empty());
                }
            }
        }
        let mut with_mark = b"\xEF\xBB\xBF".to_vec();
        with_mark.extend(DOC.as_bytes());
        assert_eq!(decode("f", &with_mark, Kind::Xml).unwrap().text, want);
    }

    #[test]
    fn broken_utf32_is_an_error() {
        let mut bytes = utf32("<rss/>", true, true);
        bytes.extend([0x00, 0xD8, 0x00, 0x00]); // a surrogate is not a character
        assert!(decode("f", &bytes, Kind::Xml).is_err());
        assert!(decode("f", &bytes[..bytes.len() - 1], Kind::Xml).is_err());
    }

    #[test]
    fn reads_the_declared_encoding() {
        let (e, label) =
            declared_encoding(b"<?xml version=\"1.0\" encoding='ISO-8859-1'?><rss/>").unwrap();
        assert_eq!(
            (e, label.as_str()),
            (encoding_rs::WINDOWS_1252, "ISO-8859-1")
        );
        assert_eq!(declared_encoding(b"<rss/>"), None);
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>Gr\xFC\xDFe</rss>";
        let decoded = decode("f", latin, Kind::Xml).unwrap();
        assert!(decoded.text.ends_with("<rss>Grüße</rss>") && decoded.warnings.is_empty());
    }

    #[test]
    fn the_two_common_mistakes_are_read_with_a_warning() {
        let mislabelled =
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>Grüße</rss>".as_bytes();
        let decoded = decode("f", mislabelled, Kind::Xml).unwrap();
        assert!(decoded.text.ends_with("<rss>Grüße</rss>"));
        assert!(decoded.warnings[0].message.contains("it is UTF-8 text"));
        let undeclared = b"<rss>\n<title>Gr\xFC\xDFe</title></rss>";
        let decoded = decode("f", undeclared, Kind::Xml).unwrap();
        assert!(decoded.text.contains("<title>Grüße</title>"));
        let warning = decoded.warnings[0].to_string();
        assert!(
            warning.starts_with("f:2:10: warning: the file is not UTF-8"),
            "{warning}"
        );
    }
}
