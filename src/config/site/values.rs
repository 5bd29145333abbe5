//! What the readers of site configurations share: files read into one tree whatever their syntax,
//! values taken from it by path, the time zone checked, and the [`Site`] made with its folder and
//! the digest its cached readings are kept under.

use std::path::Path;

use chrono_tz::Tz;
use serde_yaml_ng::{Mapping, Value};

use crate::config::loaded::Loaded;
use crate::error::Error;
use crate::input::post::{json_value, last_of_each_key, toml_to_yaml};
use crate::input::{HugoRules, JekyllRules, Rules, Site, SiteKind, ZolaRules};

/// A configuration file's tree, by its extension: TOML, JSON or YAML.
pub fn tree(loaded: &Loaded) -> Result<Value, Error> {
    let help = "fix the file, or pass --site articles to read the folder as article files";
    if loaded.path.ends_with(".toml") {
        return loaded
            .text
            .parse::<toml::Table>()
            .map(|t| toml_to_yaml(toml::Value::Table(t)))
            .map_err(|err| {
                let offset = err.span().map(|s| s.start);
                let message = format!("invalid site configuration: {}", err.message().trim_end());
                loaded.error_at_offset(offset, message, help)
            });
    }
    if loaded.path.ends_with(".json") {
        return serde_json::from_str::<serde_json::Value>(&loaded.text)
            .map(json_value)
            .map_err(|err| {
                let offset = offset_of(&loaded.text, err.line(), err.column());
                let message = format!("invalid site configuration: {err}");
                loaded.error_at_offset(Some(offset), message, help)
            });
    }
    let parsed: Result<Value, _> = serde_yaml_ng::from_str(&loaded.text);
    // Ruby's and Go's YAML readers take the last of a key set twice, and so do sites' builds.
    let parsed = match parsed {
        Err(err) if err.to_string().contains("duplicate entry") => {
            serde_yaml_ng::from_str(&last_of_each_key(&loaded.text).0).map_err(|_| err)
        }
        other => other,
    };
    parsed.map_err(|err| {
        let full = err.to_string();
        let message = full
            .rfind(" at line ")
            .map_or(full.as_str(), |i| &full[..i]);
        let offset = err.location().map(|l| l.index());
        loaded.error_at_offset(
            offset,
            format!("invalid site configuration: {message}"),
            help,
        )
    })
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    start + column.saturating_sub(1)
}

/// The value at `path` (keys below keys), when there is one that is not null.
pub fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    let mut here = value;
    for key in path {
        here = match here {
            Value::Mapping(map) => map.get(*key)?,
            Value::Tagged(tagged) => match &tagged.value {
                Value::Mapping(map) => map.get(*key)?,
                _ => return None,
            },
            _ => return None,
        };
    }
    (!here.is_null()).then_some(here)
}

/// The text of a scalar at `path`.
pub fn text(value: &Value, path: &[&str]) -> Option<String> {
    match at(value, path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A flag at `path`.
pub fn flag(value: &Value, path: &[&str]) -> Option<bool> {
    match at(value, path)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The mapping at `path`.
pub fn mapping<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Mapping> {
    match at(value, path)? {
        Value::Mapping(map) => Some(map),
        _ => None,
    }
}

/// A home page as the site writes it, with the `/` of the root path when it has no path
/// (`https://example.org/`), the URL's canonical form.
pub fn home_page(url: String) -> String {
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    if after_scheme.is_empty() || after_scheme.contains('/') {
        url
    } else {
        format!("{url}/")
    }
}

/// The time zone named at `key`, checked; UTC when none is named.
pub fn time_zone(loaded: &Loaded, name: Option<String>, key: &str) -> Result<Tz, Error> {
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return Ok(Tz::UTC);
    };
    name.trim().parse::<Tz>().map_err(|_| {
        let message = format!("`{key}` is not a time zone: `{name}`");
        let help = "name an IANA time zone, e.g. `Europe/Oslo` or `America/Los_Angeles`";
        loaded.error_at_key(key, 0, message, help)
    })
}

/// The site at `root`, with its rules, and a digest of `sources` (every text it was made from).
pub fn site(root: &Path, rules: Rules, time_zone: Tz, hide_future: bool, sources: &[&str]) -> Site {
    let absolute = crate::input::absolute(root).unwrap_or_else(|| root.to_path_buf());
    let resolved = std::fs::canonicalize(root).unwrap_or_else(|_| absolute.clone());
    let mut digest = crc32fast::Hasher::new();
    for source in sources {
        digest.update(source.as_bytes());
        digest.update(&[0]);
    }
    digest.update(time_zone.name().as_bytes());
    Site {
        root: absolute,
        root_resolved: resolved,
        time_zone,
        hide_future,
        fingerprint: digest.finalize(),
        rules,
        inputs: Vec::new(),
        cwd: std::env::current_dir().unwrap_or_default(),
    }
}

/// The site a `--site` run has when the site has no configuration file: the generator's defaults.
pub fn default_site(kind: SiteKind, root: &Path) -> Site {
    let rules = match kind {
        SiteKind::Hugo => Rules::Hugo(Box::new(HugoRules {
            content_dirs: vec![(vec!["content".to_owned()], None)],
            default_language: "en".to_owned(),
            summary_length: 70,
            taxonomies: vec!["tags".to_owned(), "categories".to_owned()],
            ..HugoRules::default()
        })),
        SiteKind::Zola => Rules::Zola(Box::new(ZolaRules {
            default_language: "en".to_owned(),
            ..ZolaRules::default()
        })),
        SiteKind::Jekyll | SiteKind::Articles => Rules::Jekyll(Box::new(JekyllRules {
            permalink: crate::input::post::jekyll_style("date"),
            excerpt_separator: "\n\n".to_owned(),
            ..JekyllRules::default()
        })),
    };
    let hide_future = kind != SiteKind::Zola;
    site(root, rules, Tz::UTC, hide_future, &[kind.name()])
}
