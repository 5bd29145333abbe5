//! A Zola page as Zola 0.22 reads it: the pages of `content/` (not `_index.md` sections), `date`
//! (else the date its file or folder name starts with; a date without an offset is UTC), `updated`,
//! `draft`, the URL (`path`, else the section folders and the `slug`, else the name after its
//! date), `authors`, the taxonomies, and a summary only when the page has a `<!-- more -->` marker.
//! A page without any date is not in Zola's feeds; frontfeed also takes the date its `path` holds
//! (`2024/01/02/...`), as sites that keep dates only there do in their own feed templates.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde_yaml_ng::{Mapping, Value};

use super::fields::{PostFile, get};
use super::summary::{before_more, markdown_text};
use super::templates::strip_zola;
use super::values::{Body, PostValues};
use crate::input::markdown::Typography;
use crate::input::site::{ZolaRules, ZolaSlugify};
use crate::model::Person;

/// Where a content file is.
pub struct Place {
    /// Section folders below `content/` (a bundle's own folder not included).
    pub dirs: Vec<String>,
    /// The file's name without extension (a bundle's: its folder's name).
    pub name: String,
    /// The page's language, when it is not the default one.
    pub language: Option<String>,
    /// A page bundle's `index.md`.
    pub bundle: bool,
}

/// What a file inside a Zola site is.
pub enum Found {
    /// A page.
    Page(Place),
    /// A section (`_index.md`), an ignored file or not Markdown: not a post.
    NotAPage,
}

/// What `parts` (a path inside the site) is, when it is in `content/`.
pub fn place(parts: &[String], rules: &ZolaRules) -> Option<Found> {
    let inside = parts.strip_prefix(&["content".to_owned()])?;
    let file = inside.last()?;
    let relative = inside.join("/");
    let ignored = rules
        .ignored
        .iter()
        .any(|glob| matches_glob(glob, &relative));
    let Some(stem) = file.strip_suffix(".md") else {
        return Some(Found::NotAPage);
    };
    if ignored || stem.starts_with("_index") {
        return Some(Found::NotAPage);
    }
    let (stem, language) = match stem.rsplit_once('.') {
        Some((base, lang)) if rules.languages.iter().any(|l| l == lang) => {
            (base, Some(lang.to_owned()))
        }
        _ => (stem, None),
    };
    let mut dirs = inside[..inside.len() - 1].to_vec();
    let name = if stem == "index" {
        dirs.pop()?
    } else {
        stem.to_owned()
    };
    Some(Found::Page(Place {
        dirs,
        name,
        language: language.filter(|l| *l != rules.default_language),
        bundle: stem == "index",
    }))
}

/// A glob of `ignored_content`: `*` matches within a path component, and a pattern without `/`
/// matches the file name anywhere.
fn matches_glob(glob: &str, path: &str) -> bool {
    fn wild(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| wild(rest, &s[i..])),
            Some((c, rest)) => s.first() == Some(c) && wild(rest, &s[1..]),
        }
    }
    let target = if glob.contains('/') {
        path
    } else {
        path.rsplit('/').next().unwrap_or(path)
    };
    wild(glob.as_bytes(), target.as_bytes())
        || glob.strip_prefix("*/").is_some_and(|g| {
            wild(
                g.as_bytes(),
                path.rsplit('/').next().unwrap_or(path).as_bytes(),
            )
        })
}

/// `YYYY-MM-DD` (and an optional RFC 3339 time) at the start of a name, followed by `_` or `-`: the
/// date and the rest.
fn dated_name(name: &str) -> Option<(DateTime<FixedOffset>, &str)> {
    let date = NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = &name[10..];
    if let Some(slug) = rest.strip_prefix(['_', '-']) {
        let midnight = date.and_time(NaiveTime::MIN).and_utc().fixed_offset();
        return Some((midnight, slug));
    }
    let time_end = rest.find(['_', '-']).filter(|_| rest.starts_with('T'))?;
    let stamp = format!("{}{}", &name[..10], &rest[..time_end]);
    let at = DateTime::parse_from_rfc3339(&stamp).ok()?;
    Some((at, &rest[time_end + 1..]))
}

/// A date in a page's `path`: `YYYY/MM/DD` or `YYYY-MM-DD`, at 00:00 UTC.
fn date_in_path(path: &str) -> Option<DateTime<FixedOffset>> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    parts
        .windows(3)
        .find_map(|w| {
            let all_digits =
                |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
            if !(all_digits(w[0], 4) && all_digits(w[1], 2) && all_digits(w[2], 2)) {
                return None;
            }
            let date = NaiveDate::from_ymd_opt(
                w[0].parse().ok()?,
                w[1].parse().ok()?,
                w[2].parse().ok()?,
            )?;
            Some(date.and_time(NaiveTime::MIN).and_utc().fixed_offset())
        })
        .or_else(|| {
            parts
                .iter()
                .find_map(|p| dated_name(&format!("{p}-")).map(|(d, _)| d))
        })
}

/// Zola's `slugify.paths`.
fn slugify(text: &str, strategy: ZolaSlugify) -> String {
    match strategy {
        ZolaSlugify::On => slug::slugify(text),
        ZolaSlugify::Safe => text
            .chars()
            .filter(|c| !"<>:/|?*#\\\"\n\r\t".contains(*c))
            .collect(),
        ZolaSlugify::Off => text.to_owned(),
    }
}

/// Reads the page at `place` whose front matter is `front`; `None` for a page without a date,
/// which Zola's feeds leave out.
pub fn read(
    file: &mut PostFile<'_>,
    front: &Mapping,
    place: &Place,
    rules: &ZolaRules,
    zone: &Tz,
) -> Option<PostValues> {
    let from_name = dated_name(&place.name);
    let written_path = file.text(front, "path");
    let slug = match file.text(front, "slug") {
        Some(slug) => slugify(&slug, rules.slugify),
        None => slugify(
            from_name.map_or(place.name.as_str(), |(_, rest)| rest),
            rules.slugify,
        ),
    };
    let url = match &written_path {
        Some(path) => {
            let path = path.trim();
            let path = format!("/{}", path.trim_start_matches('/'));
            if path.ends_with('/') {
                path
            } else {
                format!("{path}/")
            }
        }
        None => {
            let mut url = String::from("/");
            if let Some(lang) = &place.language {
                url.push_str(lang);
                url.push('/');
            }
            for dir in &place.dirs {
                url.push_str(dir);
                url.push('/');
            }
            url.push_str(&slug);
            url.push('/');
            url
        }
    };
    let date = file
        .date(front, "date", zone, true)
        .or(from_name.map(|(d, _)| d))
        .or_else(|| written_path.as_deref().and_then(date_in_path));
    let date = date?;
    let body = strip_zola(file.front.body);
    let summary = before_more(&body, true)
        .map(|head| markdown_text(head, Typography::Plain))
        .filter(|s| !s.is_empty());
    let mut authors: Vec<Person> = file
        .list(front, "authors", false)
        .into_iter()
        .map(Person::named)
        .collect();
    if authors.is_empty() {
        authors.extend(rules.author.clone().map(Person::named));
    }
    let (terms, section) = taxonomies(front);
    let published = date.with_timezone(&Utc);
    Some(PostValues {
        url,
        url_key: if written_path.is_some() {
            "path"
        } else {
            "slug"
        },
        title: file.text(front, "title").unwrap_or_default(),
        summary,
        published,
        updated: file
            .date(front, "updated", zone, false)
            .map(|d| d.with_timezone(&Utc)),
        authors,
        topics: Vec::new(),
        terms,
        section,
        image: None,
        locale: place.language.clone(),
        draft: file.flag(front, "draft") == Some(true),
        visible_from: None,
        visible_until: None,
        body: Body::Markdown {
            text: body,
            typography: Typography::Plain,
        },
    })
}

/// The terms of `[taxonomies]`, and the first category.
fn taxonomies(front: &Mapping) -> (Vec<String>, Option<String>) {
    let Some(Value::Mapping(table)) = get(front, "taxonomies") else {
        return (Vec::new(), None);
    };
    let mut terms = Vec::new();
    for (_, values) in table {
        if let Value::Sequence(items) = values {
            terms.extend(items.iter().filter_map(super::fields::scalar));
        }
    }
    let section = get(table, "categories").and_then(|v| match v {
        Value::Sequence(items) => items.first().and_then(super::fields::scalar),
        other => super::fields::scalar(other),
    });
    (terms, section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_names_and_paths() {
        let (date, slug) = dated_name("2016-10-08_a-post-with-dates").unwrap();
        assert_eq!(
            (date.to_rfc3339().as_str(), slug),
            ("2016-10-08T00:00:00+00:00", "a-post-with-dates")
        );
        assert!(dated_name("hello").is_none());
        assert_eq!(
            date_in_path("2024/01/02/slug")
                .map(|d| d.date_naive().to_string())
                .as_deref(),
            Some("2024-01-02")
        );
        assert!(date_in_path("about").is_none());
    }

    #[test]
    fn ignored_content_globs() {
        assert!(matches_glob("*/ignored.md", "posts/ignored.md"));
        assert!(matches_glob("*.xlsx", "a/b/data.xlsx"));
        assert!(!matches_glob("*/ignored.md", "posts/kept.md"));
    }
}
