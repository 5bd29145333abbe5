//! Rendering an article body from Markdown to sanitized HTML, and sanitizing the HTML of feeds read.
//!
//! Markdown (CommonMark with tables, strikethrough and footnotes) becomes HTML, which is then cleaned
//! with an allow-list: no scripts, frames, forms, styles, event handlers or non-http(s) links reach a
//! feed. Relative links are resolved against the site URL, or removed when there is none; a site's
//! posts resolve them against the post's own URL instead ([`sanitize_post`]), as a browser would.

use std::borrow::Cow;
use std::cell::RefCell;

use pulldown_cmark::{Options, Parser, html};

use super::nesting::{MAX_HTML_DEPTH, nests_deeper_than, without_tags};

/// Renders `body` to safe HTML; `None` when the body is blank.
pub fn render(body: &str, site: Option<&str>) -> Option<String> {
    if body.trim().is_empty() {
        return None;
    }
    sanitize(&to_html(body, Typography::Plain), site)
}

/// How a generator's Markdown renderer sets type.
#[derive(Debug, Clone, Copy)]
pub enum Typography {
    /// Quotes and dashes as written (Zola).
    Plain,
    /// Curly quotes, dashes and ellipses by CommonMark's rules (Goldmark's typographer, Hugo).
    Smart,
    /// Text passed through this function, outside code and raw HTML (kramdown's SmartyPants
    /// rules, Jekyll).
    Filter(fn(&str) -> String),
}

/// The Markdown a site's posts are written in, as HTML, not yet sanitized: CommonMark with tables,
/// strikethrough and footnotes, set in `typography`.
pub fn to_html(body: &str, typography: Typography) -> String {
    let mut options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    if matches!(typography, Typography::Smart) {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut unsafe_html = String::with_capacity(body.len() * 3 / 2);
    let parser = Parser::new_ext(body, options);
    match typography {
        Typography::Filter(text) => html::push_html(&mut unsafe_html, filtered(parser, text)),
        _ => html::push_html(&mut unsafe_html, parser),
    }
    unsafe_html
}

/// The events of `parser` with each run of text outside code blocks passed through `text` whole.
fn filtered<'a>(
    parser: Parser<'a>,
    text: fn(&str) -> String,
) -> impl Iterator<Item = pulldown_cmark::Event<'a>> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut out: Vec<Event<'a>> = Vec::new();
    let mut run = String::new();
    let mut in_code = false;
    for event in parser {
        match event {
            Event::Text(t) if !in_code => run.push_str(&t),
            other => {
                if !run.is_empty() {
                    out.push(Event::Text(text(&run).into()));
                    run.clear();
                }
                match &other {
                    Event::Start(Tag::CodeBlock(_)) => in_code = true,
                    Event::End(TagEnd::CodeBlock) => in_code = false,
                    _ => {}
                }
                out.push(other);
            }
        }
    }
    if !run.is_empty() {
        out.push(Event::Text(text(&run).into()));
    }
    out.into_iter()
}

/// Cleans HTML with the allow-list every body goes through; `None` when nothing is left. HTML that
/// nests deeper than [`MAX_HTML_DEPTH`] is taken as one paragraph of its text. Relative links are
/// resolved against the site, as a folder (Jekyll's `absolute_url`), or removed when there is none.
pub fn sanitize(unsafe_html: &str, site: Option<&str>) -> Option<String> {
    let base = site.map(|s| format!("{}/", s.trim_end_matches('/')));
    sanitize_against(unsafe_html, base.as_deref())
}

/// [`sanitize`], with relative links resolved against `base` as RFC 3986 says (a feed's item: the
/// base is a document's address, `https://a.org/feed.atom`, or a folder's, `https://a.org/`).
pub fn sanitize_against(unsafe_html: &str, base: Option<&str>) -> Option<String> {
    clean_with_base(unsafe_html, base.and_then(|b| url::Url::parse(b).ok()))
}

/// [`sanitize`] for a site's post: relative links and images resolved against `base`, the post's
/// own URL, as a browser reading the post would.
pub fn sanitize_post(unsafe_html: &str, base: &url::Url) -> Option<String> {
    clean_with_base(unsafe_html, Some(base.clone()))
}

thread_local! {
    /// The URL relative links of the HTML being cleaned are resolved against (none: they are
    /// removed). The allow-list is built once per thread; this is all that changes between bodies.
    static BASE: RefCell<Option<url::Url>> = const { RefCell::new(None) };
}

fn clean_with_base(unsafe_html: &str, base: Option<url::Url>) -> Option<String> {
    thread_local! {
        static CLEANER: ammonia::Builder<'static> = cleaner();
    }
    let flat;
    let unsafe_html = if nests_deeper_than(unsafe_html, MAX_HTML_DEPTH) {
        flat = format!("<p>{}</p>", without_tags(unsafe_html).trim());
        flat.as_str()
    } else {
        unsafe_html
    };
    BASE.with_borrow_mut(|current| *current = base);
    let clean = CLEANER.with(|cleaner| cleaner.clean(unsafe_html).to_string());
    BASE.with_borrow_mut(|current| *current = None);
    let clean = clean.trim_end();
    (!clean.is_empty()).then(|| clean.to_owned())
}

/// Resolves a relative URL against [`BASE`], as `UrlRelative::RewriteWithBase` would; without a
/// base the attribute is removed, as `UrlRelative::Deny` would.
struct AgainstBase;

impl ammonia::UrlRelativeEvaluate<'static> for AgainstBase {
    fn evaluate<'a>(&self, url: &'a str) -> Option<Cow<'a, str>> {
        BASE.with_borrow(|base| {
            let joined = base.as_ref()?.join(url).ok()?;
            Some(Cow::Owned(String::from(joined)))
        })
    }
}

/// The allow-list.
fn cleaner() -> ammonia::Builder<'static> {
    let mut cleaner = ammonia::Builder::default();
    cleaner.url_schemes(["http", "https", "mailto"].into_iter().collect());
    cleaner.url_relative(ammonia::UrlRelative::Custom(Box::new(AgainstBase)));
    cleaner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_bodies_have_no_html() {
        assert_eq!(render("\n", None), None);
        assert_eq!(render("", None), None);
    }

    #[test]
    fn renders_markdown() {
        assert_eq!(
            render("Hello *world*", None).unwrap(),
            "<p>Hello <em>world</em></p>"
        );
    }

    #[test]
    fn removes_scripts_handlers_and_bad_links() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [a](javascript:alert(1))",
            None,
        )
        .unwrap();
        assert!(
            !html.contains("script") && !html.contains("onerror") && !html.contains("javascript"),
            "{html}"
        );
    }

    #[test]
    fn html_nested_too_deeply_is_its_text() {
        let deep = format!(
            "{}deep text{}",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        );
        assert_eq!(sanitize(&deep, None).as_deref(), Some("<p>deep text</p>"));
    }

    #[test]
    fn posts_resolve_relative_links_against_their_own_url() {
        let base = url::Url::parse("https://s.org/blog/2024/01/02/post/").unwrap();
        let html = to_html(
            "[a](/x) ![b](pic.png) \"quoted\" -- done",
            Typography::Smart,
        );
        let html = sanitize_post(&html, &base).unwrap();
        assert!(html.contains("href=\"https://s.org/x\""), "{html}");
        assert!(
            html.contains("src=\"https://s.org/blog/2024/01/02/post/pic.png\""),
            "{html}"
        );
        assert!(html.contains("“quoted” – done"), "{html}");
    }

    #[test]
    fn resolves_relative_links_against_the_site() {
        let html = render("[a](/x/y)", Some("https://s.org/ai")).unwrap();
        assert!(html.contains("href=\"https://s.org/x/y\""), "{html}");
    }
}
