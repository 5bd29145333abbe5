//! Article files in the reference format: YAML front matter with the keys and types of the articles
//! frontfeed reads, then the body as sanitized HTML (which Markdown keeps as it is).
//!
//! The front matter is serialized with serde, so quoting and escaping are never hand-made, and keys
//! come in a fixed order. File names are `YYYY-MM-DD-<slug>.md` (an undated item's `<slug>.md`):
//! lower-case letters, digits and hyphens from the title, short enough for every file system. An item
//! from a feed keeps its own id as `guid` when that is not its link, and its authors as `authors`.

use serde::Serialize;

use crate::model::dates::rfc3339 as date;
use crate::model::slug::slug;
use crate::model::{Article, Image};

/// The longest slug, in bytes, so names stay far below every file system's limit.
const MAX_SLUG_BYTES: usize = 80;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    excerpt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    web_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amp_web_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    guid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quality: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    heat: Option<i64>,
    published: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<ProviderOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<AuthorOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    topics: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    images: Vec<ImageOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<AttachmentOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttachmentOut<'a> {
    url: &'a str,
    mime_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct AuthorOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avatar: Option<&'a str>,
}

#[derive(Serialize)]
struct ProviderOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    domain: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    images: Vec<ImageOut<'a>>,
}

#[derive(Serialize)]
struct ImageOut<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedOut<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    excerpt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_date_time: Option<String>,
    web_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<NameOnly<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    images: Vec<ImageOut<'a>>,
}

#[derive(Serialize)]
struct NameOnly<'a> {
    name: &'a str,
}

fn image(i: &Image) -> ImageOut<'_> {
    ImageOut {
        url: &i.url,
        width: i.width,
        height: i.height,
        title: i.title.as_deref(),
        attribution: i.attribution.as_deref(),
    }
}

/// The article file of `article`.
pub fn write(article: &Article) -> Vec<u8> {
    let front = FrontMatter {
        title: &article.title,
        excerpt: article.excerpt.as_deref(),
        published_date_time: article.published.map(date),
        updated_date_time: article.updated.map(date),
        web_url: article.link.as_deref(),
        original_url: article.original_url.as_deref(),
        amp_web_url: article.amp_url.as_deref(),
        // The item's own id, when it is not its link; an undated item always keeps it, which
        // tells readers of the file that it came from a feed and may have no date.
        guid: (!article.id_is_link() || article.published.is_none()).then_some(article.id.as_str()),
        category: article.section.as_deref(),
        locale: article.locale.as_deref(),
        quality: article.quality,
        heat: article.heat,
        published: article.is_published,
        provider: article.provider.as_ref().map(|p| ProviderOut {
            name: &p.name,
            domain: p.domain.as_deref(),
            images: p.logo.iter().map(image).collect(),
        }),
        authors: article
            .authors
            .iter()
            .map(|a| AuthorOut {
                name: a.name.as_deref(),
                email: a.email.as_deref(),
                url: a.uri.as_deref(),
                avatar: a.avatar.as_deref(),
            })
            .collect(),
        topics: article.topics.iter().map(|t| t.term.as_str()).collect(),
        images: article.images.iter().map(image).collect(),
        attachments: article
            .attachments
            .iter()
            .map(|a| AttachmentOut {
                url: &a.url,
                mime_type: &a.mime_type,
                length: a.length,
                title: a.title.as_deref(),
            })
            .collect(),
        related: article
            .related
            .iter()
            .map(|r| RelatedOut {
                title: &r.title,
                excerpt: r.excerpt.as_deref(),
                published_date_time: r.published.map(date),
                web_url: &r.url,
                provider: r.provider.as_deref().map(|name| NameOnly { name }),
                images: r.image.iter().map(image).collect(),
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers to YAML cannot fail.
    let yaml = serde_yaml_ng::to_string(&front).unwrap_or_default();
    let mut out = String::with_capacity(yaml.len() + 64);
    out.push_str("---\n");
    out.push_str(&yaml);
    out.push_str("---\n");
    if let Some(body) = &article.body_html {
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    out.into_bytes()
}

/// `YYYY-MM-DD-<slug>.md` for `article` (`<slug>.md` for an undated item); `n` > 1 adds `-n` to
/// make a taken name unique.
pub fn file_name(article: &Article, n: usize) -> String {
    let slug = slug(&article.title, true, MAX_SLUG_BYTES);
    let slug = if slug.is_empty() { "article" } else { &slug };
    let name = match article.date() {
        Some(date) => format!("{}-{slug}", date.format("%Y-%m-%d")),
        None => slug.to_owned(),
    };
    match n {
        0 | 1 => format!("{name}.md"),
        n => format!("{name}-{n}.md"),
    }
}
