//! Jekyll's titles as jekyll-feed writes them: `smartify` (kramdown's SmartyPants parser: curly
//! quotes, dashes, ellipses, guillemets), then `strip_html` and `normalize_whitespace`, read back as
//! plain text; and `titleize_slug`, the title of a post that has none.
//!
//! The quote rules are kramdown 2.4's (`parser/kramdown/smart_quotes.rb`), applied where its span
//! parser would: at the character before a quote when that character is not yet taken, else at the
//! quote itself.

use crate::input::html_text::html_to_text;
use crate::input::rules::clean_line;

/// A title as jekyll-feed shows it: smartified, tags removed, references decoded, white space
/// collapsed.
pub fn smartify(title: &str) -> String {
    clean_line(&html_to_text(&smart(title, true)))
}

/// Text of a post's Markdown set as kramdown sets it: its quotes and symbols, in text that holds
/// no markup (Markdown's own parser has taken that out).
pub fn kramdown_text(text: &str) -> String {
    smart(text, false)
}

/// kramdown's smart quotes at `p` of `s` (a quote, or the character before one): the text they
/// make, and where the text goes on.
pub fn quote_at(s: &[char], p: usize) -> (String, usize) {
    let mut out = Out {
        text: String::new(),
        escape: false,
    };
    let next = smart_quote(s, p, &mut out);
    (out.text, next)
}

/// Whether `c` is a quote kramdown makes curly.
pub fn is_straight_quote(c: Option<char>) -> bool {
    is_quote(c)
}

/// Jekyll's `Utils.titleize_slug`: the slug's words, split on `-`, each capitalized (first letter
/// up, the rest down, as Ruby's `capitalize`).
pub fn titleize(slug: &str) -> String {
    let mut words: Vec<&str> = slug.split('-').collect();
    // Ruby's `split` drops trailing empty fields.
    while words.last().is_some_and(|w| w.is_empty()) {
        words.pop();
    }
    words
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// What kramdown's SmartyPants parser makes of `text`, quotes and typographic symbols as
/// characters. With `markup`, `text` may hold references and tags, kept as written, and its text
/// is escaped: the result is HTML. Without, it is plain text in and out.
fn smart(text: &str, markup: bool) -> String {
    let s: Vec<char> = text.chars().collect();
    let mut out = Out {
        text: String::with_capacity(text.len() + 8),
        escape: markup,
    };
    let mut i = 0;
    while i < s.len() {
        let Some(j) = (i..s.len()).find(|&j| starts_span(&s, j, markup)) else {
            out.push(&s[i..]);
            break;
        };
        out.push(&s[i..j]);
        i = j;
        if quote_start(&s, i) {
            i = smart_quote(&s, i, &mut out);
        } else if let Some(len) = entity(&s, i).filter(|_| markup) {
            out.text.extend(&s[i..i + len]);
            i += len;
        } else if let Some((len, symbol)) = typographic(&s, i) {
            match symbol {
                "&lt;&lt;" if !markup => out.text.push_str("<<"),
                "&gt;&gt;" if !markup => out.text.push_str(">>"),
                symbol => out.text.push_str(symbol),
            }
            i += len;
        } else if let Some(len) = tag(&s, i).filter(|_| markup) {
            out.text.extend(&s[i..i + len]);
            i += len;
        } else {
            out.push(&s[i..=i]);
            i += 1;
        }
    }
    out.text
}

/// What `smart` writes, escaped when it writes HTML.
struct Out {
    text: String,
    escape: bool,
}

impl Out {
    fn push(&mut self, chars: &[char]) {
        for &c in chars {
            match c {
                '&' if self.escape => self.text.push_str("&amp;"),
                '<' if self.escape => self.text.push_str("&lt;"),
                '>' if self.escape => self.text.push_str("&gt;"),
                c => self.text.push(c),
            }
        }
    }

    fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
    }
}

fn at(s: &[char], i: usize) -> Option<char> {
    s.get(i).copied()
}

fn is_quote(c: Option<char>) -> bool {
    matches!(c, Some('"' | '\''))
}

/// Ruby's `\s`: ASCII white space.
fn is_space(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\r' | '\n' | '\x0c' | '\x0b'))
}

/// Ruby's `\w`: ASCII letters, digits and `_`.
fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Where any span parser could start: `[^\\]?["']`, `&`, `--|\.\.\.|(?:\\| )?(?:<<|>>)`, `<`
/// (references and tags only in `markup`).
fn starts_span(s: &[char], j: usize, markup: bool) -> bool {
    quote_start(s, j)
        || (markup && at(s, j) == Some('&'))
        || matches_any(
            s,
            j,
            &["--", "...", "\\<<", "\\>>", " <<", " >>", "<<", ">>"],
        )
        || (markup && at(s, j) == Some('<'))
}

/// kramdown's smart-quote start, `[^\\]?["']`, at `j`.
fn quote_start(s: &[char], j: usize) -> bool {
    is_quote(at(s, j)) || (at(s, j).is_some_and(|c| c != '\\') && is_quote(at(s, j + 1)))
}

fn matches_any(s: &[char], j: usize, words: &[&str]) -> bool {
    words.iter().any(|w| matches(s, j, w))
}

fn matches(s: &[char], j: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, c)| at(s, j + k) == Some(c))
}

/// An HTML reference (`&amp;`, `&#39;`, `&#x2019;`) at `j`: its length.
fn entity(s: &[char], j: usize) -> Option<usize> {
    if at(s, j) != Some('&') {
        return None;
    }
    let rest = &s[j + 1..];
    let body_len = if rest.first() == Some(&'#') {
        let hex = matches!(rest.get(1), Some('x' | 'X'));
        let digits = rest[if hex { 2 } else { 1 }..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        (digits > 0).then_some(digits + if hex { 2 } else { 1 })?
    } else {
        let first_ok = rest
            .first()
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':');
        if !first_ok {
            return None;
        }
        rest.iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
            .count()
    };
    (rest.get(body_len) == Some(&';')).then_some(body_len + 2)
}

/// A typographic symbol at `j`: its length and what it becomes.
fn typographic(s: &[char], j: usize) -> Option<(usize, &'static str)> {
    const SYMBOLS: [(&str, &str); 9] = [
        ("---", "\u{2014}"),
        ("--", "\u{2013}"),
        ("...", "\u{2026}"),
        ("\\<<", "&lt;&lt;"),
        ("\\>>", "&gt;&gt;"),
        ("<< ", "\u{ab}\u{a0}"),
        (" >>", "\u{a0}\u{bb}"),
        ("<<", "\u{ab}"),
        (">>", "\u{bb}"),
    ];
    SYMBOLS
        .iter()
        .find(|(from, _)| matches(s, j, from))
        .map(|(from, to)| (from.chars().count(), *to))
}

/// An HTML tag or comment at `j`: its length.
fn tag(s: &[char], j: usize) -> Option<usize> {
    if at(s, j) != Some('<') {
        return None;
    }
    if matches(s, j, "<!--") {
        let end = (j + 4..s.len()).find(|&k| matches(s, k, "-->"))?;
        return Some(end + 3 - j);
    }
    let next = at(s, j + 1)?;
    if !(next.is_ascii_alphabetic() || next == '/' || next == '?') {
        return None;
    }
    let end = (j + 1..s.len()).find(|&k| s[k] == '>')?;
    Some(end + 1 - j)
}

/// Opening and closing quotes, single and double.
const LSQUO: &str = "\u{2018}";
const RSQUO: &str = "\u{2019}";
const LDQUO: &str = "\u{201c}";
const RDQUO: &str = "\u{201d}";

fn left(quote: char) -> &'static str {
    if quote == '"' { LDQUO } else { LSQUO }
}

fn right(quote: char) -> &'static str {
    if quote == '"' { RDQUO } else { RSQUO }
}

/// kramdown's `SQ_PUNCT`.
fn is_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| "!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~".contains(c))
}

/// kramdown's `SQ_CLOSE`: anything but white space, `\`, `[`, `{`, `(` and `-`.
fn closes(c: Option<char>) -> bool {
    c.is_some_and(|c| !matches!(c, ' ' | '\\' | '\t' | '\r' | '\n' | '[' | '{' | '(' | '-'))
}

/// Applies the first of kramdown's smart-quote rules that matches at `p`; returns where the text
/// goes on.
fn smart_quote(s: &[char], p: usize, out: &mut Out) -> usize {
    let c = at(s, p);
    let quote_here = is_quote(c);
    // 1. ("|')(?=[_*]{1,2}\S)
    if quote_here
        && matches!(at(s, p + 1), Some('_' | '*'))
        && at(s, p + 2).is_some_and(|c| !is_space(Some(c)))
    {
        out.push_str(left(s[p]));
        return p + 1;
    }
    // 2. ("|')(?=SQ_PUNCT(?!\.\.\.)\B)
    if quote_here
        && is_punct(at(s, p + 1))
        && !matches(s, p + 2, "...")
        && is_word(at(s, p + 1)) == is_word(at(s, p + 2))
    {
        out.push_str(right(s[p]));
        return p + 1;
    }
    // 3., 4. (\s?)"'(?=\w) and (\s?)'"(?=\w); 5. (\s?)'(?=\d\ds)
    // (With white space at `p`, `\s?` takes it; without, the quotes must start at `p`.)
    let start = p + usize::from(is_space(c));
    if matches(s, start, "\"'") && is_word(at(s, start + 2)) {
        out.push(&s[p..start]);
        out.push_str(LDQUO);
        out.push_str(LSQUO);
        return start + 2;
    }
    if matches(s, start, "'\"") && is_word(at(s, start + 2)) {
        out.push(&s[p..start]);
        out.push_str(LSQUO);
        out.push_str(LDQUO);
        return start + 2;
    }
    if at(s, start) == Some('\'')
        && at(s, start + 1).is_some_and(|c| c.is_ascii_digit())
        && at(s, start + 2).is_some_and(|c| c.is_ascii_digit())
        && at(s, start + 3) == Some('s')
    {
        out.push(&s[p..start]);
        out.push_str(RSQUO);
        return start + 1;
    }
    // 6. (\s)('|")(?=\w)
    if is_space(c) && is_quote(at(s, p + 1)) && is_word(at(s, p + 2)) {
        out.push(&s[p..=p]);
        out.push_str(left(s[p + 1]));
        return p + 2;
    }
    // 7. (SQ_CLOSE)('|")
    if closes(c) && is_quote(at(s, p + 1)) {
        out.push(&s[p..=p]);
        out.push_str(right(s[p + 1]));
        return p + 2;
    }
    // 8. ("|')(?=\s|s\b|$)
    if quote_here {
        let next = at(s, p + 1);
        let ends = next.is_none() || next == Some('\n') || is_space(next);
        if ends || (next == Some('s') && !is_word(at(s, p + 2))) {
            out.push_str(right(s[p]));
            return p + 1;
        }
    }
    // 9., 10. (.?)' and (.?)": the character before, then an opening quote.
    for quote in ['\'', '"'] {
        if at(s, p + 1) == Some(quote) {
            out.push(&s[p..=p]);
            out.push_str(left(quote));
            return p + 2;
        }
        if c == Some(quote) {
            out.push_str(left(quote));
            return p + 1;
        }
    }
    out.push(&s[p..=p]);
    p + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_as_jekyll_feed_writes_them() {
        // Each pair: a front-matter title, and the title jekyll-feed 0.17 wrote for it.
        for (title, fed) in [
            ("Jekyll's new features", "Jekyll\u{2019}s new features"),
            ("\"Quoted\" words", "\u{201c}Quoted\u{201d} words"),
            ("A 'single' quote", "A \u{2018}single\u{2019} quote"),
            (
                "Up -- and --- down...",
                "Up \u{2013} and \u{2014} down\u{2026}",
            ),
            ("Tom & Jerry", "Tom & Jerry"),
            ("Tom &amp; Jerry", "Tom & Jerry"),
            ("It&#39;s", "It's"),
            ("<code>jekyll serve</code> is fast", "jekyll serve is fast"),
            ("The '90s", "The \u{2019}90s"),
            (
                "He said, \"'Quoted' words\"",
                "He said, \u{201c}\u{2018}Quoted\u{2019} words\u{201d}",
            ),
            ("  Folded\ntitle \n", "Folded title"),
            ("a < b", "a < b"),
            ("<< quoted >>", "\u{ab} quoted \u{bb}"),
        ] {
            assert_eq!(smartify(title), fed, "{title}");
        }
    }

    #[test]
    fn text_is_set_as_kramdown_sets_it() {
        let s: Vec<char> = "id=\"x\" 'em".chars().collect();
        assert_eq!(quote_at(&s, 2), ("=\u{201d}".to_owned(), 4));
        assert_eq!(quote_at(&s, 6), (" \u{2018}".to_owned(), 8));
        assert_eq!(
            kramdown_text("a -- b... <<c>>"),
            "a \u{2013} b\u{2026} \u{ab}c\u{bb}"
        );
    }

    #[test]
    fn titles_made_from_slugs() {
        assert_eq!(titleize("welcome-to-jekyll"), "Welcome To Jekyll");
        assert_eq!(titleize("my-URL-slug"), "My Url Slug");
        assert_eq!(titleize("trailing-"), "Trailing");
    }
}
