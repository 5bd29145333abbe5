//! A Hugo site's configuration: the root file (`hugo.toml`, `.yaml` or `.json`, or `config.*` with
//! `baseURL`) merged with the files of `config/_default/` and `config/production/` (Hugo's default
//! environment), keys in any case. Its title, `baseURL`, `languageCode` and author are a layer of
//! feed settings; its content folders, languages, `[permalinks]`, `uglyURLs`, `timeZone`,
//! `summaryLength`, taxonomies and `buildFuture` are how its pages are made.

use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::values::{at, flag, home_page, mapping, site, text, time_zone, tree};
use crate::config::loaded::Loaded;
use crate::error::Error;
use crate::input::post::unknown_hugo_attribute;
use crate::input::{HugoRules, Rules, Site};
use crate::model::{FeedMeta, Person};

const EXTENSIONS: [&str; 4] = ["toml", "yaml", "yml", "json"];

/// Hugo's configuration in `dir`: `hugo.*`, else a `config.*` that sets `baseURL`, else the
/// `config/_default/` folder's `hugo.*` or `config.*`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let named = |folder: &Path, stem: &str| {
        EXTENSIONS
            .iter()
            .map(|ext| folder.join(format!("{stem}.{ext}")))
            .find(|p| p.is_file())
    };
    if let Some(file) = named(dir, "hugo") {
        return Some(file);
    }
    if let Some(file) = named(dir, "config")
        && std::fs::read_to_string(&file).is_ok_and(|t| sets_key(&t, "baseurl"))
    {
        return Some(file);
    }
    let defaults = dir.join("config").join("_default");
    named(&defaults, "hugo").or_else(|| named(&defaults, "config"))
}

/// Whether a configuration text sets the top-level `key` (any case), in TOML, YAML or JSON.
pub fn sets_key(text: &str, key: &str) -> bool {
    for line in text.lines() {
        if line.starts_with('[') {
            break;
        }
        let line = line.trim_start_matches(['"', '\'', ' ']);
        let Some(head) = line.get(..key.len()) else {
            continue;
        };
        let rest = line[key.len()..].trim_start_matches(['"', '\'', ' ', '\t']);
        if head.eq_ignore_ascii_case(key) && (rest.starts_with('=') || rest.starts_with(':')) {
            return true;
        }
    }
    false
}

/// Reads the merged configuration of the site in `root`, whose first file is `loaded`.
pub fn parse(loaded: &Loaded, root: &Path) -> Result<(FeedMeta, Site), Error> {
    let mut config = Mapping::new();
    let mut sources = vec![loaded.text.clone()];
    let in_config_dir = loaded
        .path
        .contains(&format!("config{}_default", std::path::MAIN_SEPARATOR));
    if !in_config_dir {
        merge(&mut config, lower(tree(loaded)?));
    }
    for environment in ["_default", "production"] {
        let folder = root.join("config").join(environment);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        for file in files {
            let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some((stem, ext)) = name.rsplit_once('.') else {
                continue;
            };
            if !EXTENSIONS.contains(&ext) {
                continue;
            }
            let part = Loaded::read(&file)?;
            let value = lower(tree(&part)?);
            sources.push(part.text);
            merge(&mut config, placed(stem, Value::Mapping(value)));
        }
    }
    let config = Value::Mapping(config);
    let meta = FeedMeta {
        title: text(&config, &["title"]),
        description: text(&config, &["params", "description"]).filter(|d| !d.contains('<')),
        home_url: text(&config, &["baseurl"]).map(home_page),
        language: text(&config, &["languagecode"]).or_else(|| {
            let default = text(&config, &["defaultcontentlanguage"])?;
            text(&config, &["languages", &default, "languagecode"])
        }),
        author: author(&config),
        ..FeedMeta::default()
    };
    let rules = rules(loaded, &config)?;
    let zone = time_zone(loaded, text(&config, &["timezone"]), "timeZone")?;
    let hide_future = !flag(&config, &["buildfuture"]).unwrap_or(false);
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    Ok((
        meta,
        site(
            root,
            Rules::Hugo(Box::new(rules)),
            zone,
            hide_future,
            &sources,
        ),
    ))
}

/// Where the settings of `config/<env>/<stem>.*` go: `hugo` and `config` at the top,
/// `languages.fr` under `languages.fr`, `menus.fr` under `languages.fr.menus`, others under their
/// name.
fn placed(stem: &str, value: Value) -> Mapping {
    let wrap =
        |key: &str, value: Value| Mapping::from_iter([(Value::String(key.to_owned()), value)]);
    let stem = stem.to_lowercase();
    match stem.split_once('.') {
        None if stem == "hugo" || stem == "config" => match value {
            Value::Mapping(map) => map,
            _ => Mapping::new(),
        },
        None => wrap(&stem, value),
        Some(("languages", lang)) => wrap("languages", Value::Mapping(wrap(lang, value))),
        Some((key, lang)) => wrap(
            "languages",
            Value::Mapping(wrap(lang, Value::Mapping(wrap(key, value)))),
        ),
    }
}

/// `value` with every key lower-cased, as Hugo reads them.
fn lower(value: Value) -> Mapping {
    fn go(value: Value) -> Value {
        match value {
            Value::Mapping(map) => Value::Mapping(
                map.into_iter()
                    .map(|(k, v)| {
                        let k = match k {
                            Value::String(s) => Value::String(s.to_lowercase()),
                            other => other,
                        };
                        (k, go(v))
                    })
                    .collect(),
            ),
            Value::Sequence(items) => Value::Sequence(items.into_iter().map(go).collect()),
            other => other,
        }
    }
    match go(value) {
        Value::Mapping(map) => map,
        _ => Mapping::new(),
    }
}

/// Merges `over` into `base`, mapping by mapping; `over` wins.
fn merge(base: &mut Mapping, over: Mapping) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Mapping(old)), Value::Mapping(new)) => merge(old, new),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// `params.author` (a name, or a mapping with `name`), else `author.name`.
fn author(config: &Value) -> Option<Person> {
    let from = |value: &Value| match value {
        Value::Mapping(_) => text(value, &["name"]).map(|name| Person {
            name,
            email: text(value, &["email"]),
            uri: None,
        }),
        other => text(other, &[]).map(Person::named),
    };
    at(config, &["params", "author"])
        .and_then(from)
        .or_else(|| at(config, &["author"]).and_then(from))
}

/// How pages are made.
fn rules(loaded: &Loaded, config: &Value) -> Result<HugoRules, Error> {
    let default_language = text(config, &["defaultcontentlanguage"]).unwrap_or_else(|| "en".into());
    let mut content_dirs = vec![(
        split(&text(config, &["contentdir"]).unwrap_or_else(|| "content".into())),
        None,
    )];
    let mut languages = Vec::new();
    for (lang, settings) in mapping(config, &["languages"]).into_iter().flatten() {
        let Some(lang) = text(lang, &[]) else {
            continue;
        };
        if let Some(dir) = text(settings, &["contentdir"]) {
            content_dirs.push((split(&dir), Some(lang.clone())));
        }
        languages.push(lang);
    }
    let mut permalinks = std::collections::BTreeMap::new();
    for (section, pattern) in mapping(config, &["permalinks"]).into_iter().flatten() {
        let (Some(section), Some(pattern)) = (
            text(section, &[]),
            text(pattern, &[]).or_else(|| text(pattern, &["page"])),
        ) else {
            continue;
        };
        if let Some(attribute) = unknown_hugo_attribute(&pattern) {
            return Err(loaded.error_at_key(
                &section,
                0,
                format!("the permalink `{pattern}` uses `:{attribute}`, which Hugo does not know"),
                "use :year, :month, :day, :section, :title, :slug or :filename",
            ));
        }
        permalinks.insert(section, pattern);
    }
    let (ugly_urls, ugly_sections) = match at(config, &["uglyurls"]) {
        Some(Value::Mapping(map)) => (
            false,
            map.iter()
                .filter_map(|(k, v)| Some((text(k, &[])?, flag(v, &[])?)))
                .collect(),
        ),
        Some(value) => (flag(value, &[]).unwrap_or(false), Default::default()),
        None => (false, Default::default()),
    };
    let taxonomies = match mapping(config, &["taxonomies"]) {
        Some(map) => map.values().filter_map(|v| text(v, &[])).collect(),
        None => vec!["tags".to_owned(), "categories".to_owned()],
    };
    Ok(HugoRules {
        content_dirs,
        default_language_in_subdir: flag(config, &["defaultcontentlanguageinsubdir"])
            .unwrap_or(false),
        default_language,
        languages,
        permalinks,
        ugly_urls,
        ugly_sections,
        keep_case: flag(config, &["disablepathtolower"]).unwrap_or(false),
        summary_length: text(config, &["summarylength"])
            .and_then(|n| n.parse().ok())
            .unwrap_or(70),
        taxonomies,
        front_matter_dates: mapping(config, &["frontmatter"])
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| {
                let keys = match v {
                    Value::Sequence(items) => items.iter().filter_map(|i| text(i, &[])).collect(),
                    other => text(other, &[]).into_iter().collect(),
                };
                Some((text(k, &[])?.to_lowercase(), keys))
            })
            .collect(),
    })
}

/// A `/`-separated folder as its components.
fn split(dir: &str) -> Vec<String> {
    dir.split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .map(str::to_owned)
        .collect()
}
