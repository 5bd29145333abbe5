//! A Jekyll site's `_config.yml`: its title, description, `url` + `baseurl` (the home page), `lang`
//! and `author`, as a layer of feed settings.

use serde::Deserialize;

use crate::config::loaded::Loaded;
use crate::error::Error;
use crate::model::{FeedMeta, Person};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JekyllConfig {
    title: Option<String>,
    description: Option<String>,
    url: Option<String>,
    baseurl: Option<String>,
    lang: Option<String>,
    author: Option<JekyllAuthor>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum JekyllAuthor {
    Name(String),
    Full {
        name: String,
        email: Option<String>,
        uri: Option<String>,
        url: Option<String>,
    },
}

/// Reads the keys frontfeed uses from `_config.yml`, as a layer of feed settings.
pub fn parse(loaded: &Loaded) -> Result<FeedMeta, Error> {
    let parsed: Option<JekyllConfig> = serde_yaml_ng::from_str(&loaded.text).map_err(|err| {
        let full = err.to_string();
        let message = full
            .rfind(" at line ")
            .map_or(full.as_str(), |i| &full[..i]);
        let offset = err.location().map(|l| l.index());
        let help = "fix the YAML, or pass --config with a frontfeed.toml";
        loaded.error_at_offset(
            offset,
            format!("invalid Jekyll configuration: {message}"),
            help,
        )
    })?;
    let jk = parsed.unwrap_or_default();
    let home_url = jk.url.map(|url| {
        let base = jk.baseurl.unwrap_or_default();
        format!("{}/{}", url.trim_end_matches('/'), base.trim_matches('/'))
            .trim_end_matches('/')
            .to_owned()
    });
    Ok(FeedMeta {
        title: jk.title,
        description: jk.description,
        home_url,
        language: jk.lang,
        author: jk.author.map(|a| match a {
            JekyllAuthor::Name(name) => Person::named(name),
            JekyllAuthor::Full {
                name,
                email,
                uri,
                url,
            } => Person {
                name,
                email,
                uri: uri.or(url),
            },
        }),
        ..FeedMeta::default()
    })
}
