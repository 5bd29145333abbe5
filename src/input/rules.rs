//! The rules an article's values follow, whether they come from front matter or from a feed's item:
//! plain text cleaned one way, topics without duplicates, links resolved and made safe (or dropped
//! with the same help), host names checked.

use std::collections::HashSet;

use super::link::{self, LinkProblem};
use crate::model::Topic;

/// Plain text: control characters removed, runs of white space (line breaks too) made one space,
/// and U+FFFE and U+FFFF (which XML forbids) dropped, so every format carries the same text.
pub fn clean_line(text: &str) -> String {
    let noncharacter = |c: char| matches!(c, '\u{FFFE}' | '\u{FFFF}');
    // Printable ASCII is checked on bytes, in a pass without branches; other text by character.
    let printable_ascii = text
        .bytes()
        .fold(true, |all, b| all & (0x20..0x7F).contains(&b));
    let tidy = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && (printable_ascii
            || text
                .chars()
                .all(|c| c == ' ' || !(c.is_whitespace() || c.is_control() || noncharacter(c))));
    if tidy {
        return text.to_owned();
    }
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .map(|w| w.chars().filter(|&c| !noncharacter(c)).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// Cleaned plain text, or nothing when nothing is left.
pub fn clean(text: Option<&str>) -> Option<String> {
    text.map(clean_line).filter(|t| !t.is_empty())
}

/// Adds each cleaned topic of `more` to `topics` unless its term is blank or it is already there
/// (the same term in the same scheme), keeping the order they were written in.
pub fn add_topics(topics: &mut Vec<Topic>, more: impl IntoIterator<Item = Topic>) {
    let mut seen: HashSet<(String, Option<String>)> = topics
        .iter()
        .map(|t| (t.term.clone(), t.scheme.clone()))
        .collect();
    for topic in more {
        let term = clean_line(&topic.term);
        if term.is_empty() {
            continue;
        }
        let scheme = clean(topic.scheme.as_deref());
        let label = clean(topic.label.as_deref()).filter(|l| *l != term);
        if seen.insert((term.clone(), scheme.clone())) {
            topics.push(Topic {
                term,
                scheme,
                label,
            });
        }
    }
}

/// Resolves a link as written: against `base` (the item's own base, as a browser would) when it is
/// relative and a base is known, else against the site (as Jekyll's `absolute_url` does); it must
/// then be an absolute http(s) URL.
pub fn resolve_link(
    raw: &str,
    base: Option<&str>,
    site: Option<&str>,
) -> Result<String, LinkProblem> {
    let raw = raw.trim();
    let joined = base
        .and_then(|b| url::Url::parse(b).ok())
        .filter(|_| url::Url::parse(raw).is_err())
        .and_then(|b| b.join(raw).ok())
        .map(String::from);
    link::resolve(joined.as_deref().unwrap_or(raw), site)
}

/// `raw` resolved against `base` as RFC 3986 says (itself when it is absolute); `None` when it is
/// relative and there is no absolute base.
pub fn join_url(base: Option<&str>, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Ok(absolute) = url::Url::parse(raw) {
        return Some(absolute.into());
    }
    let base = url::Url::parse(base?.trim()).ok()?;
    base.join(raw).ok().map(String::from)
}

/// Whether `domain` is a bare host name (`techcrunch.com`).
pub fn is_host_name(domain: &str) -> bool {
    !domain.is_empty()
        && domain.contains('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// What to do about a link that cannot be used.
pub fn link_help(problem: &LinkProblem) -> &'static str {
    match problem {
        LinkProblem::Relative => {
            "set `home_url` in frontfeed.toml (or `url` in _config.yml), or pass --home-url"
        }
        LinkProblem::Scheme(_) => "link to an http:// or https:// page",
        LinkProblem::Empty | LinkProblem::Invalid(_) => {
            "write an absolute URL, e.g. `https://example.com/story`"
        }
    }
}

/// At most `max` characters of `text`, cut at a word, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcut for text that needs no cleaning gives what cleaning gives.
        #[test]
        fn clean_line_is_the_words_joined(text in "[ -~\t\n\r\u{0}-\u{1f}\u{7f}-\u{a0}\u{2028}\u{3000}\u{fffe}\u{ffff}é😀]{0,24}") {
            let words: Vec<String> = text
                .split(|c: char| c.is_whitespace() || c.is_control())
                .map(|w| w.chars().filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}')).collect())
                .filter(|w: &String| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(clean_line(&text), words.join(" "));
        }
    }

    #[test]
    fn topics_are_cleaned_and_kept_once_per_scheme() {
        let mut topics = vec![Topic::named("AI")];
        let more = ["  AI ", "", "Robots\n", "Robots"].map(Topic::named);
        add_topics(&mut topics, more);
        let in_scheme = Topic {
            scheme: Some("https://example.org/tags".into()),
            ..Topic::named("AI")
        };
        add_topics(&mut topics, [in_scheme.clone(), in_scheme]);
        let terms: Vec<_> = topics.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, ["AI", "Robots", "AI"]);
    }

    #[test]
    fn links_resolve_against_their_base_before_the_site() {
        let at = |raw, base| resolve_link(raw, base, Some("https://site.org/blog"));
        assert_eq!(
            at("x/y", Some("https://feed.org/a/")).as_deref(),
            Ok("https://feed.org/a/x/y")
        );
        assert_eq!(at("/x", None).as_deref(), Ok("https://site.org/blog/x"));
        assert!(matches!(
            at("javascript:alert(1)", None),
            Err(LinkProblem::Scheme(_))
        ));
    }

    #[test]
    fn shortens_at_a_word() {
        assert_eq!(shorten("short", 80), "short");
        assert_eq!(shorten("one two three", 9), "one two…");
    }
}
