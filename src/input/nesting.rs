//! How deeply HTML nests, told in one pass without parsing it, and its text without the tags.
//!
//! HTML parsers take time that grows with the square of the nesting (each start tag looks through
//! the elements open above it), and deep trees are freed and serialised recursively. Feeds and
//! articles hold HTML nested a few dozen levels at most, so HTML nested deeper than
//! [`MAX_HTML_DEPTH`] is taken as text instead of being parsed: its tags are removed in one pass.

/// The deepest nesting of HTML elements parsed as markup.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements that never hold content, or whose end tag HTML lets the next element imply: they do not
/// deepen the tree the count follows.
const NOT_NESTING: [&str; 26] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "rt", "rp",
    "colgroup",
];

/// Whether elements in `html` nest more than `limit` levels deep, counting start and end tags (a
/// good enough measure of the tree an HTML parser builds: it never nests deeper than the count).
pub fn nests_deeper_than(html: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found + 1;
        let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        let tag = &html[start..end];
        at = end.min(bytes.len());
        if let Some(closing) = tag.strip_prefix('/') {
            if !not_nesting(closing) {
                depth = depth.saturating_sub(1);
            }
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic())
            && !tag.ends_with('/')
            && !not_nesting(tag)
        {
            depth += 1;
            if depth > limit {
                return true;
            }
        }
    }
    false
}

/// Whether the tag `tag` (what follows `<` or `</`) names an element that does not deepen the tree.
fn not_nesting(tag: &str) -> bool {
    let name_end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    NOT_NESTING.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// `html` without its tags (and comments), one space where any were between words; references are
/// left as written.
pub fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
        rest = rest[start..]
            .find('>')
            .map_or("", |end| &rest[start + end + 1..]);
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_but_not_void_or_implied_elements() {
        assert!(!nests_deeper_than("<div><p>a<p>b<br><img src=x></div>", 1));
        assert!(nests_deeper_than("<div><div>a</div></div>", 1));
        assert!(!nests_deeper_than(&"<div></div>".repeat(10_000), 1));
        assert!(nests_deeper_than(&"<div>".repeat(300), MAX_HTML_DEPTH));
        assert!(!nests_deeper_than(&"<li>x".repeat(10_000), 3));
        assert!(!nests_deeper_than("a < b and <c/> d", 0));
    }

    #[test]
    fn tags_are_removed_and_text_kept() {
        assert_eq!(without_tags("<p>a &amp; <b>b</b></p>c"), "a &amp; b c");
        assert_eq!(without_tags("x <unclosed"), "x ");
    }
}
