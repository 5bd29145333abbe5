//! A Zola site's `config.toml` (one that sets `base_url`): its title, description, `base_url`,
//! `default_language` and `author` as a layer of feed settings; its languages, `slugify.paths` and
//! `ignored_content` for how pages are made.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::values::{home_page, mapping, site, text, tree};
use crate::config::loaded::Loaded;
use crate::error::Error;
use crate::input::{Rules, Site, ZolaRules, ZolaSlugify};
use crate::model::{FeedMeta, Person};

/// `config.toml` in `dir`, when it sets `base_url` (Hugo's sets `baseURL`).
pub fn find(dir: &Path) -> Option<PathBuf> {
    let file = dir.join("config.toml");
    let text = std::fs::read_to_string(&file).ok()?;
    let sets_base_url = text
        .lines()
        .take_while(|l| !l.starts_with('['))
        .any(|line| {
            line.trim_start()
                .strip_prefix("base_url")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
    sets_base_url.then_some(file)
}

/// Reads the feed settings and the site's rules from `config.toml`, for the site in `root`.
pub fn parse(loaded: &Loaded, root: &Path) -> Result<(FeedMeta, Site), Error> {
    let config = tree(loaded)?;
    let default_language = text(&config, &["default_language"]).unwrap_or_else(|| "en".into());
    let author = text(&config, &["author"]);
    let meta = FeedMeta {
        title: text(&config, &["title"]),
        description: text(&config, &["description"]),
        home_url: text(&config, &["base_url"]).map(home_page),
        language: Some(default_language.clone()),
        author: author.clone().map(Person::named),
        ..FeedMeta::default()
    };
    let slugify = match text(&config, &["slugify", "paths"]).as_deref() {
        Some("safe") => ZolaSlugify::Safe,
        Some("off") => ZolaSlugify::Off,
        _ => ZolaSlugify::On,
    };
    let ignored = match super::values::at(&config, &["ignored_content"]) {
        Some(serde_yaml_ng::Value::Sequence(globs)) => {
            globs.iter().filter_map(|g| text(g, &[])).collect()
        }
        _ => Vec::new(),
    };
    let rules = ZolaRules {
        slugify,
        languages: mapping(&config, &["languages"])
            .into_iter()
            .flatten()
            .filter_map(|(k, _)| text(k, &[]))
            .collect(),
        default_language,
        ignored,
        author,
    };
    // Zola has no time zone: dates without an offset are UTC. It holds no future page back.
    let sources = [loaded.text.as_str()];
    Ok((
        meta,
        site(root, Rules::Zola(Box::new(rules)), Tz::UTC, false, &sources),
    ))
}
