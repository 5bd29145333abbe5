//! What a feed's item says, as each format's reader collects it, before the rules of an article are
//! applied: text that may be HTML, people, media, related stories.

use crate::input::html_text::html_to_text;
use crate::input::rules::{clean, clean_line};
use crate::model::{Image, Person, Topic};

/// Text as a feed gives it: plain, or HTML to be read as text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Text {
    pub value: String,
    pub html: bool,
}

impl Text {
    pub fn plain(value: impl Into<String>) -> Self {
        Text {
            value: value.into(),
            html: false,
        }
    }

    pub fn html(value: impl Into<String>) -> Self {
        Text {
            value: value.into(),
            html: true,
        }
    }

    /// The plain text, cleaned as every text field is.
    pub fn to_plain(&self) -> Option<String> {
        let text = if self.html {
            html_to_text(&self.value)
        } else {
            self.value.clone()
        };
        let text = clean_line(&text);
        (!text.is_empty()).then_some(text)
    }
}

/// A person as a feed names them.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawPerson {
    pub name: Option<String>,
    pub email: Option<String>,
    pub uri: Option<String>,
    pub avatar: Option<String>,
}

impl RawPerson {
    /// The person as feed metadata: named by their name, else their e-mail address.
    pub fn into_person(self) -> Option<Person> {
        let name = clean(self.name.as_deref()).or_else(|| clean(self.email.as_deref()))?;
        Some(Person {
            name,
            email: clean(self.email.as_deref()),
            uri: clean(self.uri.as_deref()),
        })
    }
}

/// A topic, tag or category as a feed gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawTopic {
    pub term: String,
    pub scheme: Option<String>,
    pub label: Option<String>,
}

impl RawTopic {
    pub fn term(term: impl Into<String>) -> Self {
        RawTopic {
            term: term.into(),
            ..RawTopic::default()
        }
    }

    pub fn into_topic(self) -> Topic {
        Topic {
            term: self.term,
            scheme: self.scheme,
            label: self.label,
        }
    }
}

/// An image or enclosure as a feed gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawMedia {
    pub url: String,
    /// Whether it is an enclosure (RSS `enclosure`, Atom `link rel="enclosure"`, JSON Feed
    /// attachment), rather than Media RSS content or a picture.
    pub enclosure: bool,
    pub mime: Option<String>,
    pub medium: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub length: Option<u64>,
    pub title: Option<String>,
    pub credit: Option<String>,
}

impl RawMedia {
    /// Whether this is an image (by MIME type, Media RSS medium, or file name).
    pub fn is_image(&self) -> bool {
        match (&self.mime, &self.medium) {
            (Some(mime), _) => mime.trim().to_ascii_lowercase().starts_with("image/"),
            (None, Some(medium)) => medium == "image",
            (None, None) => {
                let probe = Image {
                    url: self.url.clone(),
                    width: None,
                    height: None,
                    title: None,
                    attribution: None,
                };
                probe.mime_type().is_some()
            }
        }
    }
}

/// A related story as a feed gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawRelated {
    pub url: String,
    pub title: Option<String>,
    pub excerpt: Option<String>,
    pub published: Option<String>,
    pub provider: Option<String>,
    pub image: Option<String>,
}

/// What one item of a feed says, before the rules of an article are applied.
#[derive(Debug, Clone, Default)]
pub(crate) struct Item {
    /// Where the item starts (a byte offset of the text), for diagnostics.
    pub at: Option<usize>,
    /// Where its link and its dates are written, when known.
    pub link_at: Option<usize>,
    pub published_at: Option<usize>,
    pub updated_at: Option<usize>,
    /// Its number in the feed, from 1.
    pub number: usize,
    pub title: Option<Text>,
    pub link: Option<String>,
    /// The item's own id, and whether it is meant as its link too (an RSS `guid` without
    /// `isPermaLink="false"`).
    pub id: Option<String>,
    pub id_is_link: bool,
    pub published: Option<String>,
    /// Whether `published` comes from an RSS `pubDate`, which must be RFC 822.
    pub published_rfc822: bool,
    pub updated: Option<String>,
    pub summary: Option<Text>,
    /// HTML content.
    pub content: Option<String>,
    pub authors: Vec<RawPerson>,
    /// The feed the item was taken from (RSS and Atom `source`): its provider.
    pub source: Option<RawPerson>,
    pub categories: Vec<RawTopic>,
    pub media: Vec<RawMedia>,
    pub related: Vec<RawRelated>,
    pub original_url: Option<String>,
    pub language: Option<String>,
    /// Base for relative links: the item's or the feed's `xml:base`, else the feed's home page.
    pub base: Option<String>,
}
