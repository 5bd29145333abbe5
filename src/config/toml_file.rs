//! `frontfeed.toml`: a layer of feed settings (every field of [`FeedMeta`]), the item limit, and
//! optionally a list of feeds to write in one run, each of which may set its own feed settings.
//!
//! Tables are read key by key, so an unknown key is an error at its own line and column, and a value
//! of the wrong type an error at the value.

use std::fmt;
use std::sync::LazyLock;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::loaded::Loaded;
use crate::error::Error;
use crate::model::{FeedMeta, FieldMut, Person};

/// The keys of `frontfeed.toml`.
#[derive(Debug, Default)]
pub struct FileSettings {
    /// The site-wide feed settings.
    pub meta: FeedMeta,
    /// Item limit; 0 means all.
    pub limit: Option<usize>,
    /// The `[[feeds]]` list.
    pub feeds: Vec<FeedEntry>,
}

/// `author = "Name"` or `author = { name = "...", email = "...", uri = "..." }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AuthorSpec {
    Name(String),
    Full {
        name: String,
        email: Option<String>,
        uri: Option<String>,
    },
}

impl From<AuthorSpec> for Person {
    fn from(spec: AuthorSpec) -> Self {
        match spec {
            AuthorSpec::Name(name) => Person::named(name),
            AuthorSpec::Full { name, email, uri } => Person { name, email, uri },
        }
    }
}

/// A text value or a list of them (`topic = "AI"` or `topic = ["AI", "Robots"]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values as a list.
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// One `[[feeds]]` table: a feed written into the output folder.
#[derive(Debug, Default)]
pub struct FeedEntry {
    /// File name inside the output folder, e.g. `ai.xml` or `topics/ai.json`.
    pub path: String,
    /// `rss`, `atom` or `json`; from the file name when absent.
    pub format: Option<String>,
    /// This feed's own title and description, over the site-wide settings.
    pub meta: FeedMeta,
    pub topic: Option<OneOrMany>,
    pub provider: Option<OneOrMany>,
    pub category: Option<OneOrMany>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub min_quality: Option<i64>,
    pub min_heat: Option<i64>,
    pub limit: Option<usize>,
}

/// The top-level keys: every feed-metadata field, then the limit and the feed list.
static TOP_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let meta = FeedMeta::FIELDS.iter().map(|f| f.key);
    meta.chain(["limit", "feeds"]).collect()
});

/// The keys of a `[[feeds]]` table: its file, its own title and description, its filters and limit.
const FEED_KEYS: &[&str] = &[
    "path",
    "format",
    "title",
    "description",
    "topic",
    "provider",
    "category",
    "since",
    "until",
    "min_quality",
    "min_heat",
    "limit",
];

/// The keys of `frontfeed.toml` known, for help texts.
pub fn known_keys() -> String {
    let top: Vec<&str> = TOP_KEYS.iter().copied().filter(|k| *k != "feeds").collect();
    format!("{}, [[feeds]] ({})", top.join(", "), FEED_KEYS.join(", "))
}

/// A key that must be one of `keys`; any other is an error at the key.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let key = String::deserialize(deserializer)?;
        self.0
            .iter()
            .copied()
            .find(|k| *k == key)
            .ok_or_else(|| de::Error::unknown_field(&key, self.0))
    }
}

/// Reads a value into the feed-metadata field `key`; false when `key` is not one.
fn meta_value<'de, A: MapAccess<'de>>(
    meta: &mut FeedMeta,
    key: &str,
    map: &mut A,
) -> Result<bool, A::Error> {
    match meta.field_mut(key) {
        Some(FieldMut::Text(slot)) => *slot = Some(map.next_value()?),
        Some(FieldMut::Person(slot)) => *slot = Some(map.next_value::<AuthorSpec>()?.into()),
        None => return Ok(false),
    }
    Ok(true)
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = FileSettings;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the settings of frontfeed.toml")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileSettings, A::Error> {
        let mut settings = FileSettings::default();
        while let Some(key) = map.next_key_seed(Key(TOP_KEYS.as_slice()))? {
            match key {
                "limit" => settings.limit = Some(map.next_value()?),
                "feeds" => settings.feeds = map.next_value()?,
                _ => {
                    meta_value(&mut settings.meta, key, &mut map)?;
                }
            }
        }
        Ok(settings)
    }
}

impl<'de> Deserialize<'de> for FileSettings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TopVisitor)
    }
}

struct FeedVisitor;

impl<'de> Visitor<'de> for FeedVisitor {
    type Value = FeedEntry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a [[feeds]] table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FeedEntry, A::Error> {
        let mut entry = FeedEntry::default();
        let mut path = None;
        while let Some(key) = map.next_key_seed(Key(FEED_KEYS))? {
            match key {
                "path" => path = Some(map.next_value()?),
                "format" => entry.format = Some(map.next_value()?),
                "topic" => entry.topic = Some(map.next_value()?),
                "provider" => entry.provider = Some(map.next_value()?),
                "category" => entry.category = Some(map.next_value()?),
                "since" => entry.since = Some(map.next_value()?),
                "until" => entry.until = Some(map.next_value()?),
                "min_quality" => entry.min_quality = Some(map.next_value()?),
                "min_heat" => entry.min_heat = Some(map.next_value()?),
                "limit" => entry.limit = Some(map.next_value()?),
                _ => {
                    meta_value(&mut entry.meta, key, &mut map)?;
                }
            }
        }
        entry.path = path.ok_or_else(|| de::Error::missing_field("path"))?;
        Ok(entry)
    }
}

impl<'de> Deserialize<'de> for FeedEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FeedVisitor)
    }
}

/// Parses `frontfeed.toml`.
pub fn parse(loaded: &Loaded) -> Result<FileSettings, Error> {
    toml::from_str(&loaded.text).map_err(|err| {
        let message = format!("invalid configuration: {}", err.message().trim_end());
        let help = format!(
            "check the spelling and the value; known keys: {}",
            known_keys()
        );
        loaded.error_at_offset(err.span().map(|s| s.start), message, &help)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FileSettings, String> {
        toml::from_str(text).map_err(|e| e.message().to_owned())
    }

    #[test]
    fn every_feed_setting_and_the_list_are_read() {
        let s = parse_text(
            "title = \"T\"\nauthor = { name = \"A\", email = \"a@b.org\" }\nlimit = 3\n\
             [[feeds]]\npath = \"x.xml\"\ndescription = \"D\"\nmin_heat = 5\n",
        )
        .unwrap();
        assert_eq!(s.meta.title.as_deref(), Some("T"));
        assert_eq!(s.meta.author.unwrap().email.as_deref(), Some("a@b.org"));
        assert_eq!(s.limit, Some(3));
        assert_eq!(s.feeds[0].path, "x.xml");
        assert_eq!(s.feeds[0].meta.description.as_deref(), Some("D"));
        assert!(parse_text("[[feeds]]\npath = \"a\"\nlanguage = \"de\"").is_err());
        assert_eq!(s.feeds[0].min_heat, Some(5));
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_errors() {
        let err = parse_text("home_ur = \"x\"").unwrap_err();
        assert!(
            err.starts_with("unknown field `home_ur`, expected one of `title`,"),
            "{err}"
        );
        assert!(parse_text("title = 5").is_err());
        assert!(parse_text("[[feeds]]\ntitle = \"no path\"").is_err());
        assert!(parse_text("[[feeds]]\npath = \"a\"\npaht = \"b\"").is_err());
    }

    #[test]
    fn the_help_lists_every_key() {
        assert_eq!(
            known_keys(),
            "title, description, home_url, feed_url, base_url, language, author, icon, logo, limit, \
             [[feeds]] (path, format, title, description, topic, provider, category, since, until, \
             min_quality, min_heat, limit)"
        );
    }
}
