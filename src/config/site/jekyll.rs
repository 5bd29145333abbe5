//! A Jekyll site's `_config.yml`: its title (else `name`), description, `url` + `baseurl` (the home
//! page), `lang` and `author`, as a layer of feed settings; and how its posts are made: `permalink`
//! (and the `posts` collection's), the other collections, `defaults`, `timezone`, `future`,
//! `excerpt_separator` and the people of `_data/authors`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

use super::values::{at, flag, home_page, mapping, site, text, time_zone, tree};
use crate::config::loaded::Loaded;
use crate::error::Error;
use crate::input::post::{jekyll_person, jekyll_style, unknown_jekyll_placeholder};
use crate::input::{JekyllDefaults, JekyllRules, Rules, Site};
use crate::model::{FeedMeta, Person};

/// `_config.yml` (or `_config.yaml`) in `dir`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    ["_config.yml", "_config.yaml"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// Reads the feed settings and the site's rules from `_config.yml`, for the site in `root`.
pub fn parse(loaded: &Loaded, root: &Path) -> Result<(FeedMeta, Site), Error> {
    let config = tree(loaded)?;
    let person = |value: &Value| match value {
        Value::Mapping(map) => jekyll_person(map),
        other => text(other, &[]).map(Person::named),
    };
    let site_author = at(&config, &["author"]).and_then(person);
    let home_url = text(&config, &["url"]).map(|url| {
        let base = text(&config, &["baseurl"]).unwrap_or_default();
        home_page(
            format!("{}/{}", url.trim_end_matches('/'), base.trim_matches('/'))
                .trim_end_matches('/')
                .to_owned(),
        )
    });
    let (authors, authors_text) = authors(root, &config);
    // Posts without an author have the site's, looked up in `_data/authors` as theirs would be.
    let site_author = match at(&config, &["author"]) {
        Some(Value::Mapping(_)) | None => site_author,
        Some(handle) => {
            text(handle, &[]).map(|h| authors.get(&h).cloned().unwrap_or_else(|| Person::named(h)))
        }
    };
    let meta = FeedMeta {
        title: text(&config, &["title"]).or_else(|| text(&config, &["name"])),
        description: text(&config, &["description"]),
        home_url,
        language: text(&config, &["lang"]),
        author: site_author.clone(),
        ..FeedMeta::default()
    };
    let rules = JekyllRules {
        permalink: permalink(loaded, &config)?,
        collections: collections(loaded, &config)?,
        defaults: defaults(loaded, &config)?,
        excerpt_separator: text(&config, &["excerpt_separator"]).unwrap_or_else(|| "\n\n".into()),
        authors,
        site_author,
        collections_dir: text(&config, &["collections_dir"])
            .map(|d| {
                d.split('/')
                    .filter(|p| !p.is_empty() && *p != ".")
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        exclude: match at(&config, &["exclude"]) {
            Some(Value::Sequence(paths)) => paths.iter().filter_map(|p| text(p, &[])).collect(),
            _ => Vec::new(),
        },
    };
    let zone = time_zone(loaded, text(&config, &["timezone"]), "timezone")?;
    let future = flag(&config, &["future"]).unwrap_or(false);
    let sources = [loaded.text.as_str(), authors_text.as_str()];
    let site = site(
        root,
        Rules::Jekyll(Box::new(rules)),
        zone,
        !future,
        &sources,
    );
    Ok((meta, site))
}

/// A URL template, checked: an unknown placeholder is an error at the line that sets `key`.
fn checked(loaded: &Loaded, template: String, key: &str, nth: usize) -> Result<String, Error> {
    match unknown_jekyll_placeholder(&template) {
        None => Ok(template),
        Some(name) => Err(loaded.error_at_key(
            key,
            nth,
            format!("the permalink `{template}` uses `:{name}`, which Jekyll does not know"),
            "use placeholders such as :year, :month, :day, :title, :slug, :categories",
        )),
    }
}

/// The posts' template: the `posts` collection's own, else the site's `permalink` style.
fn permalink(loaded: &Loaded, config: &Value) -> Result<String, Error> {
    let own = text(config, &["collections", "posts", "permalink"]);
    let template = own.clone().unwrap_or_else(|| {
        jekyll_style(&text(config, &["permalink"]).unwrap_or_else(|| "date".into()))
    });
    checked(loaded, template, "permalink", 0)
}

/// The collections other than `posts`, with their templates.
fn collections(loaded: &Loaded, config: &Value) -> Result<BTreeMap<String, Option<String>>, Error> {
    let mut out = BTreeMap::new();
    match at(config, &["collections"]) {
        Some(Value::Mapping(map)) => {
            for (label, settings) in map {
                let Some(label) = text(label, &[]) else {
                    continue;
                };
                if label == "posts" {
                    continue;
                }
                let template = match text(settings, &["permalink"]) {
                    Some(t) => Some(checked(loaded, jekyll_style(&t), "permalink", 0)?),
                    None => None,
                };
                out.insert(label, template);
            }
        }
        Some(Value::Sequence(labels)) => {
            for label in labels.iter().filter_map(|l| text(l, &[])) {
                if label != "posts" {
                    out.insert(label, None);
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

/// `defaults`, in the order written; their permalinks are checked.
fn defaults(loaded: &Loaded, config: &Value) -> Result<Vec<JekyllDefaults>, Error> {
    let Some(Value::Sequence(sets)) = at(config, &["defaults"]) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for set in sets {
        let Some(values) = mapping(set, &["values"]) else {
            continue;
        };
        if let Some(template) = text(set, &["values", "permalink"]) {
            checked(loaded, jekyll_style(&template), "permalink", 0)?;
        }
        out.push(JekyllDefaults {
            path: text(set, &["scope", "path"]).unwrap_or_default(),
            kind: text(set, &["scope", "type"]),
            values: values.clone(),
        });
    }
    Ok(out)
}

/// The people of `_data/authors.yml` (or `.yaml`, `.json`) by handle, and the file's text.
fn authors(root: &Path, config: &Value) -> (BTreeMap<String, Person>, String) {
    let data_dir = text(config, &["data_dir"]).unwrap_or_else(|| "_data".into());
    let found = ["authors.yml", "authors.yaml", "authors.json"]
        .iter()
        .map(|name| root.join(&data_dir).join(name))
        .find(|p| p.is_file());
    let Some(text_read) = found.and_then(|p| std::fs::read_to_string(p).ok()) else {
        return (BTreeMap::new(), String::new());
    };
    let parsed: Option<Value> = serde_yaml_ng::from_str(&text_read).ok();
    let mut people = BTreeMap::new();
    if let Some(Value::Mapping(map)) = parsed {
        for (handle, entry) in map {
            let Some(handle) = text(&handle, &[]) else {
                continue;
            };
            let person = match &entry {
                Value::Mapping(fields) => {
                    jekyll_person(fields).unwrap_or_else(|| Person::named(handle.clone()))
                }
                other => {
                    text(other, &[]).map_or_else(|| Person::named(handle.clone()), Person::named)
                }
            };
            people.insert(handle, person);
        }
    }
    (people, text_read)
}
