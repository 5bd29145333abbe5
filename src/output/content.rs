//! The HTML block every item carries: the lead image, the body (or the excerpt and a link to the full
//! story), the related stories.
//!
//! Readers that show only an item's content still show its picture and its links. Plain-text values are
//! HTML-escaped here; the body is already sanitized HTML.

use std::fmt::Write as _;

use crate::model::Article;

/// Escapes text for HTML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The excerpt as HTML (escaped text), for formats whose summary field is HTML.
pub fn excerpt_html(article: &Article) -> Option<String> {
    article.excerpt.as_deref().map(escape_html)
}

/// The content block of `article`.
pub fn content_html(article: &Article) -> String {
    let mut html = String::with_capacity(1024);
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
    match &article.body_html {
        Some(body) => html.push_str(body),
        None => {
            // Without a body the item is a teaser: the excerpt, then where to read the story.
            if let Some(excerpt) = &article.excerpt {
                let _ = writeln!(html, "<p>{}</p>", escape_html(excerpt));
            }
            let _ = write!(
                html,
                "<p><a href=\"{}\">Read the full story",
                escape_html(&article.id)
            );
            if let Some(provider) = &article.provider {
                let _ = write!(html, " at {}", escape_html(&provider.name));
            }
            html.push_str("</a></p>");
        }
    }
    if !article.related.is_empty() {
        html.push_str("\n<p>Related:</p>\n<ul>");
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
        html.push_str("\n</ul>");
    }
    html
}
