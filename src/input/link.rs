//! Turning the URLs written in articles into absolute, encoded http(s) URLs, or saying why not.
//!
//! The written URL is trimmed, spaces, non-ASCII and other characters URLs may not hold are
//! percent-encoded, the scheme is lower-cased, and nothing else changes, so an item's id stays the URL
//! its author wrote. Relative URLs are resolved the way Jekyll's `absolute_url` does: the site URL
//! (`url` + `baseurl`) followed by the path, so `/assets/x.jpg` on `https://example.org/ai` is `https://example.org/ai/assets/x.jpg`.

use std::fmt;

/// Why a URL cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// Nothing but white space.
    Empty,
    /// Relative, and no site URL is configured.
    Relative,
    /// A scheme other than http or https (`javascript:`, `data:`, ...).
    Scheme(String),
    /// Not a URL at all.
    Invalid(String),
}

impl fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkProblem::Empty => f.write_str("is empty"),
            LinkProblem::Relative => {
                f.write_str("is relative and no site URL is set to resolve it against")
            }
            LinkProblem::Scheme(s) => write!(
                f,
                "uses the scheme `{s}:`; only http and https are published"
            ),
            LinkProblem::Invalid(why) => write!(f, "is not a valid URL ({why})"),
        }
    }
}

/// Characters that are percent-encoded wherever they appear, besides controls, space and non-ASCII.
const ENCODED: &[u8] = b"\"<>\\^`{|}";

/// Percent-encodes what a URL may not contain, leaving every other character (and existing `%XX`) as is.
pub fn encode(raw: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let keep = |b: u8| b.is_ascii_graphic() && !ENCODED.contains(&b);
    if raw.bytes().all(keep) {
        return raw.to_owned();
    }
    // Byte by byte: a character outside printable ASCII is its UTF-8 bytes, each encoded.
    let mut out = String::with_capacity(raw.len() + raw.len() / 2);
    for b in raw.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Resolves `raw` to an absolute http(s) URL. `site` is the absolute base for relative URLs.
pub fn resolve(raw: &str, site: Option<&str>) -> Result<String, LinkProblem> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(LinkProblem::Empty);
    }
    let encoded = encode(trimmed);
    let absolute = if let Some(rest) = encoded.strip_prefix("//") {
        format!("https://{rest}")
    } else if let Some(scheme) = scheme_of(&encoded) {
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(LinkProblem::Scheme(scheme));
        }
        if !encoded[scheme.len() + 1..].starts_with("//") {
            return Err(LinkProblem::Invalid(format!(
                "`{scheme}:` must be followed by `//`"
            )));
        }
        // The scheme is case-insensitive; written in lower case, as readers and tools expect.
        format!("{scheme}{}", &encoded[scheme.len()..])
    } else {
        let site = site.ok_or(LinkProblem::Relative)?;
        format!(
            "{}/{}",
            site.trim_end_matches('/'),
            encoded.trim_start_matches('/')
        )
    };
    if plainly_valid(&absolute) {
        return Ok(absolute);
    }
    match url::Url::parse(&absolute) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Ok(absolute),
        Ok(_) => Err(LinkProblem::Invalid("no host".into())),
        Err(e) => Err(LinkProblem::Invalid(e.to_string())),
    }
}

/// True for the common shape of an http(s) URL that the full URL parser always accepts: a lower-case
/// scheme, a host of ASCII letter, digit and `-` labels (none of them punycode, the last one not a
/// number, so no IPv4 or IDNA rules apply), an optional port, then anything (the parser never
/// rejects a path, query or fragment, and `encode` has run). Anything else goes to the parser.
pub fn plainly_valid(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, port) = match rest[..end].split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (&rest[..end], None),
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= 65535)
    });
    let labels_ok = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label
                    .get(..4)
                    .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
        });
    let last = host.rsplit('.').next().unwrap_or_default();
    let last_ok = last.bytes().any(|b| b.is_ascii_alphabetic())
        && !last.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x"));
    port_ok && labels_ok && last_ok
}

/// The scheme of an absolute URL (`https` in `https://...`), if it has one.
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Encoding byte by byte gives what encoding each character's UTF-8 bytes gives.
        #[test]
        fn encode_is_per_character(raw in "[ -~\t\u{0}-\u{1f}\u{7f}-\u{a0}é€😀\u{2028}]{0,24}") {
            let mut expected = String::new();
            for c in raw.chars() {
                if c.is_ascii_graphic() && !ENCODED.contains(&(c as u8)) {
                    expected.push(c);
                } else {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        expected.push_str(&format!("%{b:02X}"));
                    }
                }
            }
            proptest::prop_assert_eq!(encode(&raw), expected);
        }
    }

    #[test]
    fn keeps_the_written_url_but_encodes_what_must_be() {
        assert_eq!(
            resolve(" https://a.com/x?q=1&b=%2F ", None).unwrap(),
            "https://a.com/x?q=1&b=%2F"
        );
        assert_eq!(
            resolve("https://apnews.com/Wired Release/20e8", None).unwrap(),
            "https://apnews.com/Wired%20Release/20e8"
        );
        assert_eq!(
            resolve("https://a.com/café|x", None).unwrap(),
            "https://a.com/caf%C3%A9%7Cx"
        );
        assert_eq!(
            resolve("//cdn.a.com/x.png", None).unwrap(),
            "https://cdn.a.com/x.png"
        );
    }

    #[test]
    fn resolves_relative_urls_like_jekyll() {
        let site = Some("https://everyday-cc.github.io/ai");
        assert_eq!(
            resolve("/assets/a.jpg", site).unwrap(),
            "https://everyday-cc.github.io/ai/assets/a.jpg"
        );
        assert_eq!(
            resolve("assets/a.jpg", Some("https://x.org/")).unwrap(),
            "https://x.org/assets/a.jpg"
        );
        assert_eq!(resolve("/assets/a.jpg", None), Err(LinkProblem::Relative));
    }

    #[test]
    fn refuses_other_schemes_and_non_urls() {
        assert_eq!(
            resolve("javascript:alert(1)", None),
            Err(LinkProblem::Scheme("javascript".into()))
        );
        assert_eq!(
            resolve("DATA:text/html,x", None),
            Err(LinkProblem::Scheme("data".into()))
        );
        assert_eq!(resolve("   ", None), Err(LinkProblem::Empty));
        assert!(matches!(
            resolve("https://", None),
            Err(LinkProblem::Invalid(_))
        ));
        assert!(matches!(
            resolve("http:s://www.tmcnet.com/x", None),
            Err(LinkProblem::Invalid(_))
        ));
        assert!(matches!(
            resolve("https:example.com", None),
            Err(LinkProblem::Invalid(_))
        ));
        assert_eq!(
            resolve("HTTPS://Example.com/A", None).unwrap(),
            "https://Example.com/A"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(5000))]

        /// The shortcut never accepts a URL the full parser refuses or finds no host in.
        #[test]
        fn plainly_valid_urls_are_valid(
            url in "https?://([a-zA-Z0-9_-]{0,6}[.]){0,3}(0x|xn--)?[a-zA-Z0-9_-]{0,6}(:[0-9]{0,6})?([/?#][ -~]{0,10})?",
        ) {
            if plainly_valid(&url) {
                let parsed = url::Url::parse(&url);
                proptest::prop_assert!(parsed.is_ok(), "{url}: {parsed:?}");
                proptest::prop_assert!(parsed.unwrap().host_str().is_some_and(|h| !h.is_empty()), "{url}");
            }
        }
    }

    #[test]
    fn the_shortcut_takes_common_urls_and_leaves_odd_ones() {
        for url in [
            "https://a.com/x?q=1",
            "http://news.example.org:8080",
            "https://a-b.c0m#f",
        ] {
            assert!(plainly_valid(url), "{url}");
        }
        for url in [
            "https://1.2.3.4/",
            "https://a.0x1f/",
            "https://xn--caf-dma.com/",
            "https://user@a.com/",
            "https://a.com:99999/",
            "https://a..com/",
            "https:///x",
            "ftp://a.com/",
        ] {
            assert!(!plainly_valid(url), "{url}");
        }
    }
}
