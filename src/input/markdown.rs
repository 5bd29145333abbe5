//! Rendering an article body from Markdown to sanitized HTML, and sanitizing the HTML of feeds read.
//!
//! Markdown (CommonMark with tables, strikethrough and footnotes) becomes HTML, which is then cleaned
//! with an allow-list: no scripts, frames, forms, styles, event handlers or non-http(s) links reach a
//! feed. Relative links are resolved against the site URL, or removed when there is none.

use std::cell::RefCell;

use pulldown_cmark::{Options, Parser, html};

use super::nesting::{MAX_HTML_DEPTH, nests_deeper_than, without_tags};

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

/// Cleans HTML with the allow-list every body goes through; `None` when nothing is left. HTML that
/// nests deeper than [`MAX_HTML_DEPTH`] is taken as one paragraph of its text. Relative links are
/// resolved against the site, as a folder (Jekyll's `absolute_url`).
pub fn sanitize(unsafe_html: &str, site: Option<&str>) -> Option<String> {
    let base = site.map(|s| format!("{}/", s.trim_end_matches('/')));
    sanitize_against(unsafe_html, base.as_deref())
}

/// [`sanitize`], with relative links resolved against `base` as RFC 3986 says (a feed's item: the
/// base is a document's address, `https://a.org/feed.atom`, or a folder's, `https://a.org/`).
pub fn sanitize_against(unsafe_html: &str, base: Option<&str>) -> Option<String> {
    let site = base;
    let flat;
    let unsafe_html = if nests_deeper_than(unsafe_html, MAX_HTML_DEPTH) {
        flat = format!("<p>{}</p>", without_tags(unsafe_html).trim());
        flat.as_str()
    } else {
        unsafe_html
    };
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

/// The allow-list, with relative links resolved against `base` or removed.
fn cleaner(base: Option<&str>) -> ammonia::Builder<'static> {
    let mut cleaner = ammonia::Builder::default();
    cleaner.url_schemes(["http", "https", "mailto"].into_iter().collect());
    let base = base.and_then(|b| url::Url::parse(b).ok());
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
    fn html_nested_too_deeply_is_its_text() {
        let deep = format!(
            "{}deep text{}",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        );
        assert_eq!(sanitize(&deep, None).as_deref(), Some("<p>deep text</p>"));
    }

    #[test]
    fn resolves_relative_links_against_the_site() {
        let html = render("[a](/x/y)", Some("https://s.org/ai")).unwrap();
        assert!(html.contains("href=\"https://s.org/x/y\""), "{html}");
    }
}
