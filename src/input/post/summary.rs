//! A post's summary as its generator makes it, as plain text: Jekyll's excerpt (the text up to the
//! `excerpt_separator`, a blank line by default), the text before a "more" marker (Hugo, Zola), and
//! Hugo's automatic summary (the first `summaryLength` words, then on to the end of the sentence).

use crate::input::html_text::html_to_text;
use crate::input::markdown::{self, Typography};
use crate::input::rules::clean_line;

/// HTML (or text with references) as plain text on one line.
pub fn text_of(html: &str) -> String {
    clean_line(&html_to_text(html))
}

/// Markdown rendered as the generator would, as plain text.
pub fn markdown_text(markdown: &str, typography: Typography) -> String {
    text_of(&markdown::to_html(markdown, typography))
}

/// Jekyll's excerpt source: the body up to the first `separator` (the whole body when there is
/// none), with the link reference definitions of the rest added so its links still resolve.
pub fn jekyll_excerpt(body: &str, separator: &str) -> String {
    let Some((head, tail)) = body.split_once(separator) else {
        return body.to_owned();
    };
    if tail.is_empty() {
        return head.to_owned();
    }
    let definitions: Vec<&str> = tail
        .lines()
        .filter(|line| is_link_definition(line))
        .collect();
    if definitions.is_empty() {
        head.to_owned()
    } else {
        format!("{head}\n\n{}", definitions.join("\n"))
    }
}

/// `[label]: url`, indented by at most three spaces (Jekyll's pattern).
fn is_link_definition(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let Some(inner) = rest.strip_prefix('[') else {
        return false;
    };
    match inner.find(']') {
        Some(end) if end > 0 => inner[end + 1..]
            .strip_prefix(':')
            .is_some_and(|url| !url.trim().is_empty()),
        _ => false,
    }
}

/// The text before a "more" marker (`<!--more-->`; Zola allows spaces inside, `<!-- more -->`).
pub fn before_more(body: &str, spaced: bool) -> Option<&str> {
    if !spaced {
        return body.find("<!--more-->").map(|at| &body[..at]);
    }
    let mut from = 0;
    while let Some(at) = body[from..].find("<!--") {
        let start = from + at;
        let rest = body[start + 4..].trim_start();
        if let Some(after) = rest.strip_prefix("more")
            && after.trim_start().starts_with("-->")
        {
            return Some(&body[..start]);
        }
        from = start + 4;
    }
    None
}

/// Hugo's automatic summary of a page whose content (rendered) is `html`: its text as Hugo's
/// `StripHTML` makes it, cut after `words` words at the end of that sentence
/// (`TruncateWordsToWholeSentence`), as plain text.
pub fn hugo_auto(html: &str, words: usize) -> String {
    // Goldmark writes `"` in text as `&quot;`, which ends no sentence; CommonMark's renderer
    // writes it as it is.
    let plain = hugo_strip_html(html).replace('"', "&quot;");
    text_of(truncate_to_sentence(&plain, words))
}

/// Hugo 0.111's `tpl.StripHTML`: line breaks become spaces and the ends of paragraphs and `<br>`
/// line breaks, tags are removed (text and references kept), and each run of white space is kept
/// to its first character.
fn hugo_strip_html(html: &str) -> String {
    if !html.contains(['<', '>']) {
        return html.to_owned();
    }
    const BREAK: &str = "\u{0}";
    let replaced = html
        .replace('\n', " ")
        .replace("</p>", BREAK)
        .replace("<br>", BREAK)
        .replace("<br />", BREAK);
    let text = strip_tags(&replaced).replace(BREAK, "\n");
    let mut out = String::with_capacity(text.len());
    let mut was_space = false;
    for c in text.chars() {
        let is_space = c.is_whitespace();
        if !(is_space && was_space) {
            out.push(c);
        }
        was_space = is_space;
    }
    out
}

/// The text of HTML with its tags and comments removed (quoted attribute values may hold `>`).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let starts_tag = tail[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        if !starts_tag {
            out.push('<');
            rest = &tail[1..];
            continue;
        }
        if let Some(comment) = tail.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let mut quote = None;
        let mut end = tail.len();
        for (i, c) in tail.char_indices().skip(1) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Hugo's `TruncateWordsToWholeSentence`: up to the `words`-th white space, then on to the first
/// end of a sentence (`.`, `?`, `!`, `"` or a line break); the whole text when it has fewer words
/// or no such end.
fn truncate_to_sentence(text: &str, words: usize) -> &str {
    let mut count = 0;
    let mut last = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            count += 1;
            last = Some(i);
            if count >= words {
                break;
            }
        }
    }
    let Some(last) = last else {
        return text;
    };
    let end = text[last..]
        .char_indices()
        .find(|(_, c)| matches!(c, '.' | '?' | '!' | '"' | '\n'))
        .map(|(j, c)| last + j + c.len_utf8());
    match end {
        Some(end) => text[..end].trim(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_excerpts_end_at_the_separator_and_keep_link_definitions() {
        let body = "\nFirst [link][x].\n\nSecond.\n\n[x]: https://e.org/\n";
        assert_eq!(
            jekyll_excerpt(body, "\n\n"),
            "\nFirst [link][x].\n\n[x]: https://e.org/"
        );
        assert_eq!(
            markdown_text(&jekyll_excerpt(body, "\n\n"), Typography::Smart),
            "First link."
        );
        assert_eq!(jekyll_excerpt("one paragraph\n", "\n\n"), "one paragraph\n");
        assert_eq!(jekyll_excerpt("a <!--more--> b", "<!--more-->"), "a ");
    }

    #[test]
    fn more_markers() {
        assert_eq!(before_more("a\n<!--more-->\nb", false), Some("a\n"));
        assert_eq!(before_more("a <!-- more --> b", true), Some("a "));
        assert_eq!(before_more("a <!-- more --> b", false), None);
        assert_eq!(before_more("a <!-- other --> b", true), None);
    }

    #[test]
    fn hugo_summaries_end_at_a_sentence_after_enough_words() {
        let html = "<p>One two three. Four five six seven. Eight</p>\n<p>Nine.</p>\n";
        assert_eq!(hugo_auto(html, 2), "One two three.");
        assert_eq!(hugo_auto(html, 4), "One two three. Four five six seven.");
        assert_eq!(
            hugo_auto(html, 8),
            "One two three. Four five six seven. Eight"
        );
        // White space between tags is one space, whatever the markup around it.
        let nested =
            "<div class=\"a\">\n  <div>Caption</div>\n</div>\n<p>\nOne two. Three four.\n</p>";
        assert_eq!(hugo_auto(nested, 3), "Caption One two.");
        assert_eq!(hugo_auto("<p>Short</p>", 70), "Short");
        assert_eq!(
            hugo_auto("<p>It&rsquo;s &amp; done.</p>", 1),
            "It’s & done."
        );
        assert_eq!(
            hugo_auto("<p>Set \"a\" then b. c</p>", 1),
            "Set \"a\" then b."
        );
    }
}
