//! Rendering an article body from Markdown to sanitized HTML, and sanitizing the HTML of feeds read.
//!
//! Markdown (CommonMark with tables, strikethrough and footnotes) becomes HTML, which is then cleaned
//! with an allow-list: no scripts, frames, forms, styles, event handlers or non-http(s) links reach a
//! feed. Relative links are resolved against the site URL, or removed when there is none; a site's
//! posts resolve them against the post's own URL instead ([`render_post`]), as a browser would.

use std::borrow::Cow;
use std::cell::RefCell;

use pulldown_cmark::{Options, Parser, html};

/// Renders `body` to safe HTML; `None` when the body is blank.
pub fn render(body: &str, site: Option<&str>) -> Option<String> {
    if body.trim().is_empty() {
        return None;
    }
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(body, options));
    sanitize(&unsafe_html, site)
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

/// Cleans a post's HTML with the same allow-list as every body, resolving relative links and
/// images against `base` (the post's own URL); `None` when nothing is left.
pub fn sanitize_post(unsafe_html: &str, base: &url::Url) -> Option<String> {
    thread_local! {
        static POST_CLEANER: ammonia::Builder<'static> = post_cleaner();
    }
    BASE.with_borrow_mut(|current| *current = Some(base.clone()));
    let clean = POST_CLEANER.with(|cleaner| cleaner.clean(unsafe_html).to_string());
    BASE.with_borrow_mut(|current| *current = None);
    let clean = clean.trim_end();
    (!clean.is_empty()).then(|| clean.to_owned())
}

thread_local! {
    /// The URL relative links of the post being cleaned are resolved against: the allow-list is built
    /// once per thread, and this is all that changes from one post to the next.
    static BASE: RefCell<Option<url::Url>> = const { RefCell::new(None) };
}

/// Resolves a relative URL against [`BASE`], as `UrlRelative::RewriteWithBase` would.
struct AgainstPost;

impl ammonia::UrlRelativeEvaluate<'static> for AgainstPost {
    fn evaluate<'a>(&self, url: &'a str) -> Option<Cow<'a, str>> {
        BASE.with_borrow(|base| {
            let joined = base.as_ref()?.join(url).ok()?;
            Some(Cow::Owned(String::from(joined)))
        })
    }
}

fn post_cleaner() -> ammonia::Builder<'static> {
    let mut cleaner = ammonia::Builder::default();
    cleaner.url_schemes(["http", "https", "mailto"].into_iter().collect());
    cleaner.url_relative(ammonia::UrlRelative::Custom(Box::new(AgainstPost)));
    cleaner
}

/// Cleans HTML with the allow-list every body goes through; `None` when nothing is left.
pub fn sanitize(unsafe_html: &str, site: Option<&str>) -> Option<String> {
    thread_local! {
        // Building the allow-list costs more than cleaning a short body: one per thread and site.
        static CLEANER: RefCell<Option<(Option<String>, ammonia::Builder<'static>)>> =
            const { RefCell::new(None) };
    }
    CLEANER.with_borrow_mut(|cached| {
        if cached
            .as_ref()
            .is_none_or(|(for_site, _)| for_site.as_deref() != site)
        {
            *cached = Some((site.map(str::to_owned), cleaner(site)));
        }
        let (_, cleaner) = cached.as_ref()?;
        let clean = cleaner.clean(unsafe_html).to_string();
        let clean = clean.trim_end();
        (!clean.is_empty()).then(|| clean.to_owned())
    })
}

/// The allow-list, with relative links resolved against `site` or removed.
fn cleaner(site: Option<&str>) -> ammonia::Builder<'static> {
    let mut cleaner = ammonia::Builder::default();
    cleaner.url_schemes(["http", "https", "mailto"].into_iter().collect());
    let base = site.and_then(|s| url::Url::parse(&format!("{}/", s.trim_end_matches('/'))).ok());
    match base {
        Some(base) => cleaner.url_relative(ammonia::UrlRelative::RewriteWithBase(base)),
        None => cleaner.url_relative(ammonia::UrlRelative::Deny),
    };
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
