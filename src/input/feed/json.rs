//! What the items of a JSON Feed (1.0 or 1.1) say, with frontfeed's `_frontfeed` extension (related
//! stories, every image with its size).
//!
//! The document is read as JSON values, so one item's wrong-typed field is a warning about that field,
//! not the loss of the feed. A number where an id should be text is read as text.

use serde_json::{Map, Value};

use super::document::{FeedDocument, FeedFormat};
use super::item::{Item, RawMedia, RawPerson, RawRelated, RawTopic, Text};
use super::reader::Reader;
use super::rss::looks_like_html;
use super::to_article::articles;
use crate::error::Location;
use crate::model::FeedMeta;
use crate::model::content::escape_html;

const HELP_SPEC: &str = "see https://jsonfeed.org/version/1.1";

pub(super) fn read(r: &mut Reader<'_>) -> Option<FeedDocument> {
    let document: Value = match serde_json::from_str(&r.text) {
        Ok(v) => v,
        Err(err) => {
            let at = r.offset_of(Location {
                line: err.line().max(1),
                column: err.column().max(1),
            });
            let message = format!("the JSON is not valid: {err}");
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.clone(), |(m, _)| m.to_owned());
            r.error(Some(at), message, "fix the JSON at this place");
            return None;
        }
    };
    let Some(feed) = document.as_object() else {
        r.error(
            None,
            "not a JSON Feed: the document is not an object",
            HELP_SPEC,
        );
        return None;
    };
    let version = feed
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or_default();
    // Some feeds write the version URL with http, as early drafts of the specification did.
    if !version.starts_with("https://jsonfeed.org/version/")
        && !version.starts_with("http://jsonfeed.org/version/")
    {
        let message = if version.is_empty() {
            "not a JSON Feed: it has no `version`".to_owned()
        } else {
            format!("not a JSON Feed: `version` is `{version}`")
        };
        r.error(
            Some(0),
            message,
            "a JSON Feed starts with \"version\": \"https://jsonfeed.org/version/1.1\"",
        );
        return None;
    }
    let Some(items) = feed.get("items").and_then(Value::as_array) else {
        r.error(None, "the JSON Feed has no `items` list", HELP_SPEC);
        return None;
    };
    let offsets = item_offsets(&r.text);
    let self_url = string(feed, "feed_url");
    let (base, home) = r.feed_base(
        &[],
        self_url.as_deref(),
        string(feed, "home_page_url").as_deref(),
    );
    let mut read_items = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        let at = offsets.get(i).copied();
        match value.as_object() {
            Some(object) => read_items.push(item(r, object, i + 1, at, base.as_deref())),
            None => r.error(
                at,
                format!("item #{} is not an object; it is left out", i + 1),
                HELP_SPEC,
            ),
        }
    }
    let articles = articles(r, read_items);
    let author = authors(feed)
        .into_iter()
        .next()
        .and_then(|a| r.person(a, base.as_deref()));
    let link = |r: &Reader<'_>, u: Option<String>| u.and_then(|u| r.link(&u, base.as_deref()).ok());
    let meta = FeedMeta {
        title: string(feed, "title"),
        // Plain text, though some feeds write HTML in it.
        description: string(feed, "description").and_then(|d| match looks_like_html(&d) {
            true => Text::html(d).to_plain(),
            false => Some(d),
        }),
        home_url: link(r, home),
        language: r.language(
            string(feed, "language").as_deref(),
            None,
            "the feed's language",
        ),
        author,
        icon: link(r, string(feed, "favicon")),
        logo: link(r, string(feed, "icon")),
        ..FeedMeta::default()
    };
    Some(FeedDocument {
        format: FeedFormat::Json,
        meta,
        updated: None,
        articles,
    })
}

/// Byte offsets of the objects in the top-level `items` array, in order.
fn item_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut string_start = 0;
    let mut last_key = String::new();
    let mut items_depth = None;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    last_key = text[string_start..i].to_owned();
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                string_start = i + 1;
            }
            '{' | '[' => {
                if c == '[' && depth == 1 && last_key == "items" {
                    items_depth = Some(depth + 1);
                }
                if c == '{' && items_depth == Some(depth) {
                    offsets.push(i);
                }
                depth += 1;
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if items_depth.is_some_and(|d| depth < d) {
                    items_depth = None;
                }
            }
            ',' => last_key.clear(),
            _ => {}
        }
    }
    offsets
}

fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    object
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn number<T: TryFrom<u64>>(object: &Map<String, Value>, key: &str) -> Option<T> {
    object
        .get(key)
        .and_then(Value::as_u64)
        .and_then(|n| T::try_from(n).ok())
}

/// An author; a `mailto:` URL is their e-mail address.
fn person(value: &Value) -> Option<RawPerson> {
    let object = value.as_object()?;
    let url = string(object, "url");
    let email = url
        .as_deref()
        .and_then(|u| u.strip_prefix("mailto:"))
        .map(str::to_owned);
    Some(RawPerson {
        name: string(object, "name"),
        uri: url.filter(|_| email.is_none()),
        email,
        avatar: string(object, "avatar"),
    })
}

/// `authors` (1.1), and `author` (1.0; feeds written for both readers may give both).
fn authors(object: &Map<String, Value>) -> Vec<RawPerson> {
    let listed = object.get("authors").and_then(Value::as_array);
    let mut authors: Vec<RawPerson> = listed.into_iter().flatten().filter_map(person).collect();
    if let Some(one) = object.get("author").and_then(person)
        && !authors
            .iter()
            .any(|a| a.name == one.name && a.uri == one.uri)
    {
        authors.push(one);
    }
    authors
}

/// A text field, with a warning when it holds something else.
fn text_field(
    r: &mut Reader<'_>,
    object: &Map<String, Value>,
    key: &str,
    n: usize,
    at: Option<usize>,
) -> Option<String> {
    match object.get(key)? {
        Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Value::Null => None,
        Value::Number(number) if key == "id" => {
            r.warning(
                at,
                format!("item #{n}'s `id` is a number; it is read as the text `{number}`"),
                "write ids as strings",
            );
            Some(number.to_string())
        }
        other => {
            let kind = match other {
                Value::Bool(_) => "true or false",
                Value::Number(_) => "a number",
                Value::Array(_) => "a list",
                _ => "an object",
            };
            r.warning(
                at,
                format!("item #{n}'s `{key}` is {kind}, not text; it is left out"),
                HELP_SPEC,
            );
            None
        }
    }
}

fn item(
    r: &mut Reader<'_>,
    object: &Map<String, Value>,
    n: usize,
    at: Option<usize>,
    base: Option<&str>,
) -> Item {
    let id = text_field(r, object, "id", n, at);
    let title = text_field(r, object, "title", n, at);
    let html = text_field(r, object, "content_html", n, at);
    let text = text_field(r, object, "content_text", n, at);
    let summary = text_field(r, object, "summary", n, at);
    // Without HTML, `content_text` is the content; when it is all the text, it is the excerpt.
    let (summary, content) = match (html, text, summary) {
        (Some(html), _, summary) => (summary, Some(html)),
        (None, Some(text), Some(summary)) if text.trim() != summary.trim() => {
            let paragraphs: Vec<String> = text
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| format!("<p>{}</p>", escape_html(p)))
                .collect();
            (Some(summary), Some(paragraphs.join("\n")))
        }
        (None, Some(text), _) => (Some(text), None),
        (None, None, summary) => (summary, None),
    };
    let extension = object.get("_frontfeed").and_then(Value::as_object);
    let media = media(object, extension);
    let related = related(extension);
    let tags = tags(object);
    Item {
        at,
        link_at: None,
        published_at: None,
        updated_at: None,
        number: n,
        title: title.map(Text::plain),
        // Without a url, an id that is a web address is the item's page, as readers take it.
        link: text_field(r, object, "url", n, at).or_else(|| {
            id.clone()
                .filter(|id| id.starts_with("http://") || id.starts_with("https://"))
        }),
        id,
        id_is_link: false,
        published: text_field(r, object, "date_published", n, at),
        published_rfc822: false,
        updated: text_field(r, object, "date_modified", n, at),
        summary: summary.map(Text::plain),
        content,
        authors: authors(object),
        source: None,
        categories: tags,
        media,
        related,
        original_url: text_field(r, object, "external_url", n, at),
        language: string(object, "language"),
        base: base.map(str::to_owned),
    }
}

/// The images (`_frontfeed.images`, else `image`) and attachments of an item.
fn media(object: &Map<String, Value>, extension: Option<&Map<String, Value>>) -> Vec<RawMedia> {
    let mut media = Vec::new();
    let listed = extension
        .and_then(|e| e.get("images"))
        .and_then(Value::as_array);
    match listed {
        Some(images) => {
            for image in images.iter().filter_map(Value::as_object) {
                if let Some(url) = string(image, "url") {
                    media.push(RawMedia {
                        url,
                        medium: Some("image".into()),
                        width: number(image, "width"),
                        height: number(image, "height"),
                        title: string(image, "title"),
                        credit: string(image, "credit"),
                        ..RawMedia::default()
                    });
                }
            }
        }
        None => media.extend(string(object, "image").map(|url| RawMedia {
            url,
            medium: Some("image".into()),
            ..RawMedia::default()
        })),
    }
    if let Some(attachments) = object.get("attachments").and_then(Value::as_array) {
        for attachment in attachments.iter().filter_map(Value::as_object) {
            let Some(url) = string(attachment, "url") else {
                continue;
            };
            media.push(RawMedia {
                url,
                enclosure: true,
                mime: string(attachment, "mime_type"),
                length: number(attachment, "size_in_bytes"),
                title: string(attachment, "title"),
                ..RawMedia::default()
            });
        }
    }
    media
}

/// The related stories of frontfeed's extension.
fn related(extension: Option<&Map<String, Value>>) -> Vec<RawRelated> {
    extension
        .and_then(|e| e.get("related"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter_map(|story| {
            Some(RawRelated {
                url: string(story, "url")?,
                title: string(story, "title"),
                excerpt: string(story, "summary"),
                published: string(story, "date_published"),
                provider: string(story, "provider"),
                image: string(story, "image"),
            })
        })
        .collect()
}

/// `tags`: a list, or one text.
fn tags(object: &Map<String, Value>) -> Vec<RawTopic> {
    match object.get("tags") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(RawTopic::term)
            .collect(),
        Some(Value::String(one)) => vec![RawTopic::term(one.as_str())],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_item_object() {
        let text = r#"{"title": "{items}", "items": [ {"id": "a", "x": {"items": [{}]}}, {"id": "[b"} ], "z": [{}]}"#;
        let offsets = item_offsets(text);
        assert_eq!(offsets.len(), 2);
        assert!(text[offsets[0]..].starts_with("{\"id\": \"a\""));
        assert!(text[offsets[1]..].starts_with("{\"id\": \"[b\"}"));
    }
}
