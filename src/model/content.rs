//! The HTML block every item carries: the lead image, the body (or the excerpt and a link to the full
//! story), the related stories; and taking such a block apart again.
//!
//! Readers that show only an item's content still show its picture and its links. The block is made
//! for article files only: a feed's item carries its own content as it came. Plain-text values are
//! HTML-escaped here; the body is already sanitized HTML. Writers build the block with
//! [`content_html`]; when a feed frontfeed wrote is read back, [`body_of`] recognises the block and
//! recovers the body by removing exactly the parts [`content_html`] would add for the same article,
//! so converting a feed again neither doubles the picture and the related list nor loses them.

use std::fmt::Write as _;

use super::article::Article;

/// Escapes text for HTML text and (double-quoted) attribute values: `&`, `<`, `>` and `"`; an
/// apostrophe needs no escape in either.
pub fn escape_html(text: &str) -> String {
    escape_bytes(text, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        _ => None,
    })
}

/// `text` with each ASCII byte for which `entity` gives a replacement replaced. Runs of 32 bytes
/// without one are checked at once (a test the compiler vectorizes) and copied whole.
pub fn escape_bytes(text: &str, entity: impl Fn(u8) -> Option<&'static str>) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut done = 0;
    for (n, chunk) in bytes.chunks(32).enumerate() {
        if !chunk
            .iter()
            .fold(false, |found, &b| found | entity(b).is_some())
        {
            continue;
        }
        for (j, &b) in chunk.iter().enumerate() {
            if let Some(replacement) = entity(b) {
                let at = n * 32 + j;
                // Replaced bytes are ASCII, so `at` is a character boundary.
                out.push_str(&text[done..at]);
                out.push_str(replacement);
                done = at + 1;
            }
        }
    }
    out.push_str(&text[done..]);
    out
}

/// The excerpt as HTML (escaped text), for formats whose summary field is HTML.
pub fn excerpt_html(article: &Article) -> Option<String> {
    article.excerpt.as_deref().map(escape_html)
}

/// The lead image (and its credit) that opens the block; empty without images.
fn lead_block(article: &Article) -> String {
    let mut html = String::new();
    if let Some(image) = article.lead_image() {
        let alt = image.title.as_deref().unwrap_or(&article.title);
        let _ = write!(html, "<p><img src=\"{}\"", escape_html(&image.url));
        if let (Some(w), Some(h)) = (image.width, image.height) {
            let _ = write!(html, " width=\"{w}\" height=\"{h}\"");
        }
        let _ = write!(html, " alt=\"{}\"></p>", escape_html(alt));
        if let Some(credit) = &image.attribution {
            let _ = write!(html, "\n<p><small>{}</small></p>", escape_html(credit));
        }
        html.push('\n');
    }
    html
}

/// What stands for the body of an article without one: the excerpt, then where to read the story.
fn teaser(article: &Article) -> String {
    let mut html = String::new();
    if let Some(excerpt) = &article.excerpt {
        let _ = write!(html, "<p>{}</p>", escape_html(excerpt));
    }
    if let Some(link) = &article.link {
        if !html.is_empty() {
            html.push('\n');
        }
        let _ = write!(
            html,
            "<p><a href=\"{}\">Read the full story",
            escape_html(link)
        );
        // The publisher, else (an item of a feed frontfeed wrote, read back) the first author.
        let by = article
            .provider
            .as_ref()
            .map(|p| p.name.clone())
            .or_else(|| article.authors.first().and_then(|a| a.name.clone()));
        if let Some(by) = by {
            let _ = write!(html, " at {}", escape_html(&by));
        }
        html.push_str("</a></p>");
    }
    html
}

/// The list of related stories that closes the block; empty without any.
fn related_block(article: &Article) -> String {
    let mut html = String::new();
    if !article.related.is_empty() {
        html.push_str(RELATED_START);
        for related in &article.related {
            let _ = write!(
                html,
                "\n<li><a href=\"{}\">{}</a>",
                escape_html(&related.url),
                escape_html(&related.title)
            );
            if let Some(provider) = &related.provider {
                let _ = write!(html, " ({})", escape_html(provider));
            }
            html.push_str("</li>");
        }
        html.push_str(RELATED_END);
    }
    html
}

const RELATED_START: &str = "\n<p>Related:</p>\n<ul>";
const RELATED_END: &str = "\n</ul>";

/// The content block of `article`, for an article whose writers add it
/// ([`Article::content_block`]); otherwise its body as it is.
pub fn content_html(article: &Article) -> Option<String> {
    if !article.content_block {
        return article.body_html.clone();
    }
    let mut html = lead_block(article);
    match &article.body_html {
        Some(body) => html.push_str(body),
        None => html.push_str(&teaser(article)),
    }
    html.push_str(&related_block(article));
    Some(html).filter(|h| !h.is_empty())
}

/// What an item's content turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// The block [`content_html`] makes, which frontfeed wrote: the body inside it (`None` for a
    /// teaser). The item is then given the block again when it is written.
    Own(Option<String>),
    /// Someone else's content, to pass through as it came.
    Foreign(String),
}

/// The body inside `html`, for an `article` whose other fields are already read: when `html` is the
/// block [`content_html`] makes of such an article, its body; otherwise all of `html`, which is then
/// someone else's content. `None` for blank HTML.
pub fn body_of(html: &str, article: &Article) -> Option<Body> {
    if html.trim().is_empty() {
        return None;
    }
    // The related list is matched by its shape, since not every format carries what it shows (the
    // related stories' providers).
    let (without_related, had_related) = match html.rfind(RELATED_START) {
        Some(at) if html.ends_with(RELATED_END) && !article.related.is_empty() => {
            (&html[..at], true)
        }
        _ => (html, false),
    };
    let lead = lead_block(article);
    let (inner, had_lead) = match without_related.strip_prefix(lead.as_str()) {
        Some(inner) if !lead.is_empty() => (inner, true),
        _ => (without_related, false),
    };
    let teaser = teaser(article);
    if !teaser.is_empty() && inner == teaser {
        return Some(Body::Own(None));
    }
    match (had_lead || had_related) && !inner.trim().is_empty() {
        true => Some(Body::Own(Some(inner.to_owned()))),
        false => Some(Body::Foreign(html.to_owned())),
    }
}
