//! Feed-level metadata, declared once: one type, [`FeedMeta`], with every field optional. Each source
//! of settings gives one layer of it (the command line, `frontfeed.toml`, the site's own
//! configuration, the first feed read), layers combine with [`FeedMeta::or`], and what the writers
//! see is the combination.
//!
//! The fields are listed once, in the `feed_meta!` invocation below, which also gives the table
//! ([`FeedMeta::FIELDS`]) that the command line and configuration files build their keys from.

use serde::{Deserialize, Serialize};

use super::slug::slug;

/// A person or organisation credited with the feed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Person {
    /// Display name.
    pub name: String,
    /// E-mail address, if public.
    pub email: Option<String>,
    /// Home page, if any.
    pub uri: Option<String>,
}

impl Person {
    /// A person known only by name.
    pub fn named(name: impl Into<String>) -> Person {
        Person {
            name: name.into(),
            email: None,
            uri: None,
        }
    }
}

/// One field of [`FeedMeta`], for help texts and the keys of configuration files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetaField {
    /// The key in configuration files, e.g. `home_url`.
    pub key: &'static str,
    /// The command-line flag, without `--`, e.g. `home-url`.
    pub flag: &'static str,
    /// What the value is, one line.
    pub help: &'static str,
    /// The placeholder shown for the value, e.g. `URL`.
    pub value_name: &'static str,
}

/// A field of one layer, to be set by a source of settings.
#[derive(Debug, PartialEq)]
pub enum FieldMut<'a> {
    /// A text or URL field.
    Text(&'a mut Option<String>),
    /// A person (the author).
    Person(&'a mut Option<Person>),
}

/// The kinds of values a field holds.
trait MetaValue: Sized {
    fn field(slot: &mut Option<Self>) -> FieldMut<'_>;
}

impl MetaValue for String {
    fn field(slot: &mut Option<Self>) -> FieldMut<'_> {
        FieldMut::Text(slot)
    }
}

impl MetaValue for Person {
    fn field(slot: &mut Option<Self>) -> FieldMut<'_> {
        FieldMut::Person(slot)
    }
}

macro_rules! feed_meta {
    ($( #[doc = $doc:literal] $field:ident ($flag:literal, $value_name:literal, $help:literal): $ty:ty, )*) => {
        /// Feed-level metadata: one layer of settings, or (when combined) what a feed says about
        /// itself. Every field is optional; a resolved feed always has a title.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        pub struct FeedMeta {
            $( #[doc = $doc] pub $field: Option<$ty>, )*
        }

        impl FeedMeta {
            /// Every field, in the order help texts list them.
            pub const FIELDS: &'static [MetaField] = &[
                $( MetaField { key: stringify!($field), flag: $flag, help: $help, value_name: $value_name }, )*
            ];

            /// This layer over `lower`: each field from here when set, else from `lower`.
            pub fn or(self, lower: FeedMeta) -> FeedMeta {
                FeedMeta { $( $field: self.$field.or(lower.$field), )* }
            }

            /// The field named `key` (as in [`FeedMeta::FIELDS`]), to be set by a source of settings.
            pub fn field_mut(&mut self, key: &str) -> Option<FieldMut<'_>> {
                match key {
                    $( stringify!($field) => Some(<$ty as MetaValue>::field(&mut self.$field)), )*
                    _ => None,
                }
            }
        }
    };
}

feed_meta! {
    /// Feed title.
    title("title", "TITLE", "Feed title"): String,
    /// One-line description.
    description("description", "DESCRIPTION", "Feed description"): String,
    /// The site's home page; also the base for relative URLs in articles.
    home_url("home-url", "URL", "The site's home page; relative URLs in articles are resolved against it"): String,
    /// Where the feed itself is published (the `self` link).
    feed_url("feed-url", "URL", "Where the feed itself is published (its self link)"): String,
    /// The public URL of the output folder: each file's self link is this plus its name.
    base_url("base-url", "URL", "The public URL of the output folder; each file's self link is this plus its name"): String,
    /// Language tag, e.g. `en` or `en-US`.
    language("language", "TAG", "Language tag, e.g. en or en-US"): String,
    /// The feed's author.
    author("author", "NAME", "The feed's author"): Person,
    /// A small square icon URL.
    icon("icon", "URL", "Small square icon URL"): String,
    /// A larger logo URL.
    logo("logo", "URL", "Larger logo URL"): String,
}

impl FeedMeta {
    /// The layer as a source should give it: text trimmed, and blank values (and authors without a
    /// name) treated as not set.
    pub fn tidy(mut self) -> FeedMeta {
        for field in FeedMeta::FIELDS {
            match self.field_mut(field.key) {
                Some(FieldMut::Text(slot)) => {
                    *slot = slot
                        .take()
                        .map(|t| t.trim().to_owned())
                        .filter(|t| !t.is_empty());
                }
                Some(FieldMut::Person(slot)) => {
                    *slot = slot.take().filter(|p| !p.name.trim().is_empty());
                }
                None => {}
            }
        }
        self
    }

    /// The title, or nothing for a layer without one.
    pub fn title_text(&self) -> &str {
        self.title.as_deref().unwrap_or_default()
    }

    /// The feed's permanent id: its own URL, else the home page, else a URN built from the title.
    pub fn id(&self) -> String {
        self.feed_url
            .clone()
            .or_else(|| self.home_url.clone())
            .unwrap_or_else(|| {
                format!(
                    "urn:frontfeed:{}",
                    slug(self.title_text(), true, usize::MAX)
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_layers_win_field_by_field() {
        let flags = FeedMeta {
            title: Some("Flags".into()),
            ..FeedMeta::default()
        };
        let file = FeedMeta {
            title: Some("File".into()),
            language: Some("en".into()),
            ..FeedMeta::default()
        };
        let both = flags.or(file);
        assert_eq!(both.title.as_deref(), Some("Flags"));
        assert_eq!(both.language.as_deref(), Some("en"));
    }

    #[test]
    fn every_field_is_in_the_table_and_can_be_set() {
        let mut meta = FeedMeta::default();
        for field in FeedMeta::FIELDS {
            match meta.field_mut(field.key) {
                Some(FieldMut::Text(slot)) => *slot = Some(format!(" {} ", field.key)),
                Some(FieldMut::Person(slot)) => *slot = Some(Person::named(field.key)),
                None => panic!("{} is listed but not a field", field.key),
            }
        }
        let meta = meta.tidy();
        assert_eq!(meta.home_url.as_deref(), Some("home_url"));
        assert_eq!(meta.author.map(|a| a.name).as_deref(), Some("author"));
        assert_eq!(FeedMeta::FIELDS.len(), 9);
        assert!(FeedMeta::default().field_mut("limit").is_none());
    }

    #[test]
    fn blank_values_are_not_set() {
        let meta = FeedMeta {
            title: Some("  ".into()),
            author: Some(Person::named(" ")),
            ..FeedMeta::default()
        }
        .tidy();
        assert_eq!(meta, FeedMeta::default());
    }

    #[test]
    fn a_feed_without_urls_is_named_by_its_title() {
        let meta = FeedMeta {
            title: Some("Everyday AI: news".into()),
            ..FeedMeta::default()
        };
        assert_eq!(meta.id(), "urn:frontfeed:everyday-ai-news");
    }
}
