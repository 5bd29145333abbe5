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
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_graphic() && !ENCODED.contains(&(c as u8)) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
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
    match url::Url::parse(&absolute) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Ok(absolute),
        Ok(_) => Err(LinkProblem::Invalid("no host".into())),
        Err(e) => Err(LinkProblem::Invalid(e.to_string())),
    }
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
}
