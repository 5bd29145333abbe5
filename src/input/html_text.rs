//! Reading HTML as plain text: a feed's titles and excerpts, a post's summary.

use crate::input::nesting::{MAX_HTML_DEPTH, nests_deeper_than, without_tags};

/// Reads HTML as plain text: tags removed (scripts and styles with their content), references
/// decoded, a space where block elements and line breaks separate words.
pub fn html_to_text(html: &str) -> String {
    if nests_deeper_than(html, MAX_HTML_DEPTH) {
        return html_to_text(&without_tags(html));
    }
    const BLOCKS: [&str; 14] = [
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "blockquote",
        "hr",
    ];
    let mut spaced = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        spaced.push_str(&rest[..i]);
        let tag = rest[i + 1..].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) {
            spaced.push(' ');
        }
        spaced.push('<');
        rest = &rest[i + 1..];
    }
    spaced.push_str(rest);
    let text = ammonia::Builder::empty()
        .clean_content_tags(["script", "style"].into_iter().collect())
        .clean(&spaced)
        .to_string();
    // The serializer escapes exactly these in text.
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Whether HTML has any markup at all, rather than being escaped text.
pub fn has_markup(html: &str) -> bool {
    html.contains('<')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::rules::clean_line;

    #[test]
    fn html_reads_as_text() {
        assert_eq!(html_to_text("a &lt;b&gt; &amp; c"), "a <b> & c");
        assert_eq!(
            clean_line(&html_to_text(
                "<p>One</p><p>Two <b>bold</b></p><script>x()</script>"
            )),
            "One Two bold"
        );
    }
}
