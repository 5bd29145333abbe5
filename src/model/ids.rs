//! Item ids as Atom must write them. Atom ids are IRIs; many feeds' ids are not (`1002`, a UUID, a
//! hash), and writing their link instead would change them, and make different items that share a
//! link one. Such an id is written as `urn:frontfeed:guid:` and the id percent-encoded, which frontfeed
//! reads back as the id it was.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The prefix of the URN a non-URI id is written as.
pub const GUID_URN: &str = "urn:frontfeed:guid:";

/// `id` as a URI: itself when it is an absolute URI (`https:`, `urn:`, `tag:` ...; an IRI with
/// characters beyond ASCII is written with them percent-encoded, as RFC 3987 maps IRIs to URIs and
/// validators want), else the URN.
pub fn as_uri(id: &str) -> Cow<'_, str> {
    if is_uri(id) && id.is_ascii() {
        return Cow::Borrowed(id);
    }
    if is_uri(id) {
        let mut uri = String::with_capacity(id.len() + 16);
        for c in id.chars() {
            match c.is_ascii() {
                true => uri.push(c),
                false => {
                    for b in c.encode_utf8(&mut [0; 4]).bytes() {
                        let _ = write!(uri, "%{b:02X}");
                    }
                }
            }
        }
        return Cow::Owned(uri);
    }
    let mut urn = String::with_capacity(GUID_URN.len() + id.len());
    urn.push_str(GUID_URN);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:@!$'()*+,;=".contains(&b) {
            urn.push(char::from(b));
        } else {
            let _ = write!(urn, "%{b:02X}");
        }
    }
    Cow::Owned(urn)
}

/// The id an IRI written by [`as_uri`] stands for.
pub fn from_uri(uri: &str) -> Cow<'_, str> {
    let Some(encoded) = uri.strip_prefix(GUID_URN) else {
        return Cow::Borrowed(uri);
    };
    match percent_encoding::percent_decode_str(encoded).decode_utf8() {
        Ok(id) => Cow::Owned(id.into_owned()),
        Err(_) => Cow::Borrowed(uri),
    }
}

/// Whether `id` is an absolute URI: a scheme (a letter, then letters, digits, `+`, `-`, `.`), a
/// colon and something after it, without white space.
pub fn is_uri(id: &str) -> bool {
    let Some((scheme, rest)) = id.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !id.contains(|c: char| c.is_whitespace() || c.is_control())
        && url::Url::parse(id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_stay_and_other_ids_round_trip_through_the_urn() {
        for id in [
            "https://a.org/x?y=1",
            "urn:uuid:60a76c80-d399",
            "tag:a.org,2005:1",
        ] {
            assert_eq!(as_uri(id), id);
        }
        for id in [
            "1002",
            "c7e3cca2-665e",
            "/t3_42tizy",
            "a b/ü%",
            "513abd:513abd:5c52",
        ] {
            let uri = as_uri(id);
            assert!(
                uri.starts_with(GUID_URN) && url::Url::parse(&uri).is_ok(),
                "{uri}"
            );
            assert_eq!(from_uri(&uri), id);
        }
        assert_eq!(as_uri("1002"), "urn:frontfeed:guid:1002");
        assert_eq!(
            as_uri("https://a.org/münchen"),
            "https://a.org/m%C3%BCnchen"
        );
        assert_eq!(from_uri("https://a.org/"), "https://a.org/");
    }
}
