//! `frontfeed.toml`: site-wide feed settings, and optionally a list of feeds to write in one run.

use serde::Deserialize;

use super::loaded::Loaded;
use crate::error::Error;
use crate::model::Person;

/// The keys of `frontfeed.toml` (and what a Jekyll `_config.yml` provides, mapped onto them).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub title: Option<String>,
    pub description: Option<String>,
    pub home_url: Option<String>,
    pub feed_url: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub author: Option<AuthorSpec>,
    pub icon: Option<String>,
    pub logo: Option<String>,
    pub limit: Option<usize>,
    #[serde(default)]
    pub feeds: Vec<FeedEntry>,
}

/// `author = "Name"` or `author = { name = "...", email = "...", uri = "..." }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AuthorSpec {
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
            AuthorSpec::Name(name) => Person {
                name,
                email: None,
                uri: None,
            },
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedEntry {
    /// File name inside the output folder, e.g. `ai.xml` or `topics/ai.json`.
    pub path: String,
    /// `rss`, `atom` or `json`; from the file name when absent.
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub topic: Option<OneOrMany>,
    pub provider: Option<OneOrMany>,
    pub category: Option<OneOrMany>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub min_quality: Option<i64>,
    pub min_heat: Option<i64>,
    pub limit: Option<usize>,
}

/// The keys `frontfeed.toml` knows, for help texts.
pub const KNOWN_KEYS: &str = "title, description, home_url, feed_url, base_url, language, author, icon, logo, limit, \
                              [[feeds]] (path, format, title, description, topic, provider, category, since, until, \
                              min_quality, min_heat, limit)";

/// Parses `frontfeed.toml`.
pub fn parse(loaded: &Loaded) -> Result<FileSettings, Error> {
    toml::from_str(&loaded.text).map_err(|err| {
        let message = format!("invalid configuration: {}", err.message().trim_end());
        let help = format!("check the spelling and the value; known keys: {KNOWN_KEYS}");
        loaded.error_at_offset(err.span().map(|s| s.start), message, &help)
    })
}
