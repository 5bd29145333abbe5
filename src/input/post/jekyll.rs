//! A Jekyll post as Jekyll 4.3 and jekyll-feed 0.17 read it: which files are posts, front-matter
//! `defaults` under the post's own values, the date (front matter over file name, in the site's
//! time zone), the URL from the permalink, the title jekyll-feed writes (smartified, or made from
//! the file name), `category` over `categories` plus `tags`, the author looked up in
//! `_data/authors`, `description` else the excerpt as the summary, and `image`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde_yaml_ng::{Mapping, Value};

use super::fields::{PostFile, get, scalar};
use super::front::Syntax;
use super::jekyll_url::{self, UrlParts};
use super::kramdown;
use super::ruby_time;
use super::smartify::{kramdown_text, smartify, titleize};
use super::summary::{jekyll_excerpt, markdown_text, text_of};
use super::templates::strip_liquid;
use super::values::{Body, PostValues};
use crate::input::dates;
use crate::input::markdown::Typography;
use crate::input::raw::untag;
use crate::input::site::{JekyllDefaults, JekyllRules};
use crate::model::Person;

/// kramdown's typography: its symbols in text, and its quotes where `kramdown::prepare` has not
/// set them already (in the source, where their context is).
const KRAMDOWN: Typography = Typography::Filter(kramdown_text);

/// Where a file is in a Jekyll site, when it is one of its documents.
pub struct Place {
    /// The collection: `posts` (also for drafts) or another declared collection.
    pub collection: String,
    /// In `_drafts/`.
    pub draft: bool,
    /// The folders above the collection's folder (`blog/_posts/`: `blog`), which are categories.
    pub folders: Vec<String>,
    /// The path from the site, `/`-separated.
    pub relative: String,
    /// The path inside the collection's folder, without extension.
    pub inner_path: String,
    /// The file name.
    pub file_name: String,
}

/// What a file inside a Jekyll site is.
pub enum Found {
    /// A post, draft or collection document.
    Post(Place),
    /// In a folder of posts, but excluded by `exclude`: not read.
    Excluded,
}

/// Where `parts` (a path inside the site) is, when it is a post, a draft or a document of a
/// declared collection.
pub fn place(parts: &[String], rules: &JekyllRules) -> Option<Found> {
    let relative = parts.join("/");
    // Paths are the collections folder's, as Jekyll's documents see them.
    let parts = parts
        .strip_prefix(rules.collections_dir.as_slice())
        .unwrap_or(parts);
    let (index, collection, draft) = parts.iter().enumerate().find_map(|(i, part)| {
        let label = part.strip_prefix('_')?;
        match label {
            "posts" => Some((i, "posts".to_owned(), false)),
            "drafts" => Some((i, "posts".to_owned(), true)),
            _ if rules.collections.contains_key(label) => Some((i, label.to_owned(), false)),
            _ => None,
        }
    })?;
    let file_name = parts.last()?.clone();
    if index + 1 >= parts.len() {
        return None;
    }
    let inner = parts[index + 1..].join("/");
    let inner_path = match inner.rfind('.') {
        Some(dot) if dot > inner.rfind('/').map_or(0, |s| s + 1) => inner[..dot].to_owned(),
        _ => inner,
    };
    if rules
        .exclude
        .iter()
        .any(|pattern| excluded(pattern, &relative))
    {
        return Some(Found::Excluded);
    }
    Some(Found::Post(Place {
        collection,
        draft,
        folders: parts[..index].to_vec(),
        relative: parts.join("/"),
        inner_path,
        file_name,
    }))
}

/// Jekyll's `exclude` test: the pattern matches the path as a glob, or is a folder above it.
fn excluded(pattern: &str, relative: &str) -> bool {
    let pattern = pattern.trim_start_matches("./").trim_start_matches('/');
    !pattern.is_empty()
        && (relative.starts_with(pattern) || glob(pattern.trim_end_matches('/'), relative))
}

/// A post's file name taken apart: `YYYY-MM-DD-slug.ext`.
struct FileName {
    date: Option<NaiveDate>,
    slug: String,
    ext: String,
}

/// Jekyll's `DATE_FILENAME_MATCHER` (`\d{2,4}-\d{1,2}-\d{1,2}-slug.ext`), or, for drafts and other
/// collections, the name and extension alone.
fn file_name(name: &str, dated: bool) -> Option<FileName> {
    let (stem, ext) = match name.rfind('.') {
        Some(dot) if dot > 0 => (&name[..dot], &name[dot..]),
        _ => return None,
    };
    let parse_dated = || {
        let mut pieces = stem.splitn(4, '-');
        let (y, m, d) = (pieces.next()?, pieces.next()?, pieces.next()?);
        let slug = pieces.next()?;
        let digits = |s: &str, min: usize, max: usize| {
            (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !(digits(y, 2, 4) && digits(m, 1, 2) && digits(d, 1, 2)) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
        Some((Some(date), slug))
    };
    let (date, slug) = if dated {
        parse_dated()?
    } else {
        parse_dated().unwrap_or((None, stem))
    };
    Some(FileName {
        date,
        slug: slug.trim_end_matches('.').to_owned(),
        ext: ext.to_owned(),
    })
}

/// Reads the post at `place` whose front matter is `front`, by `rules`.
pub fn read(
    file: &mut PostFile<'_>,
    front: &Mapping,
    place: &Place,
    rules: &JekyllRules,
    zone: &Tz,
    hide_future: bool,
) -> Option<PostValues> {
    let dated = place.collection == "posts" && !place.draft;
    let Some(name) = file_name(&place.file_name, dated) else {
        file.file_warning(
            "the file is in `_posts` but its name does not start with a date; Jekyll leaves it out",
            "name it `YYYY-MM-DD-slug.md`",
        );
        return None;
    };
    let data = with_defaults(front, place, &rules.defaults);
    let date = post_date(file, &data, name.date, zone)?;
    let slug = file
        .text(&data, "slug")
        .unwrap_or_else(|| name.slug.clone());
    let categories = categories(file, &data, &place.folders);
    let url = url(file, &data, place, rules, &name, &slug, &categories, date)?;
    let title = match file.text(&data, "title") {
        Some(title) => smartify(&title),
        None => smartify(&titleize(&name.slug)),
    };
    let mut topics = match file.text(&data, "category") {
        Some(category) => vec![category],
        None => categories.clone(),
    };
    let section = topics.first().cloned();
    let tags = match get(&data, "tag") {
        Some(_) => file.list(&data, "tag", false),
        None => file.list(&data, "tags", true),
    };
    topics.extend(tags);
    let body = kramdown::prepare(&strip_liquid(file.front.body));
    let published = date.with_timezone(&Utc);
    Some(PostValues {
        url,
        url_key: "permalink",
        title,
        summary: summary(file, &data, &body, rules),
        published,
        updated: modified(file, &data, zone),
        authors: authors(&data, rules),
        section,
        topics,
        terms: Vec::new(),
        image: image(&data),
        locale: file.text(&data, "lang"),
        draft: place.draft || file.flag(&data, "published") == Some(false),
        visible_from: hide_future.then_some(published),
        visible_until: None,
        body: match name.ext.as_str() {
            ".html" | ".htm" => Body::Html(body),
            _ => Body::Markdown {
                text: body,
                typography: KRAMDOWN,
            },
        },
    })
}

/// The front matter over the `defaults` that apply to the post, as Jekyll merges them: the more
/// specific scope wins, mappings merge, and `categories` add up.
fn with_defaults(front: &Mapping, place: &Place, defaults: &[JekyllDefaults]) -> Mapping {
    let mut merged = Mapping::new();
    let mut winner: Option<&JekyllDefaults> = None;
    for set in defaults.iter().filter(|d| applies(d, place)) {
        let precedes = winner.is_none_or(|old| {
            let (new_len, old_len) = (scope_len(&set.path), scope_len(&old.path));
            if new_len != old_len {
                new_len >= old_len
            } else {
                set.kind.is_some() || old.kind.is_none()
            }
        });
        if precedes {
            merged = deep_merge(merged, &set.values);
            winner = Some(set);
        } else {
            merged = deep_merge(set.values.clone(), &merged);
        }
    }
    let mut front = front.clone();
    if let (Some(Value::Sequence(base)), Some(own)) = (
        merged.get("categories").map(untag),
        front.get_mut("categories"),
    ) {
        let own_list: Vec<Value> = match untag(own) {
            Value::String(s) => s
                .split_whitespace()
                .map(|w| Value::String(w.into()))
                .collect(),
            Value::Sequence(items) => items.clone(),
            _ => Vec::new(),
        };
        let mut union = base.clone();
        union.extend(own_list.into_iter().filter(|v| !base.contains(v)));
        *own = Value::Sequence(union);
    }
    deep_merge(merged, &front)
}

fn scope_len(path: &str) -> usize {
    path.trim_matches('/').len()
}

/// Whether a `defaults` entry applies to the post.
fn applies(set: &JekyllDefaults, place: &Place) -> bool {
    let type_ok = set
        .kind
        .as_deref()
        .is_none_or(|kind| kind == place.collection || (kind == "drafts" && place.draft));
    let scope = set.path.trim_start_matches("./").trim_start_matches('/');
    let path_ok = scope.is_empty()
        || if scope.contains('*') {
            glob(scope, &place.relative)
        } else {
            place.relative.starts_with(scope)
        };
    type_ok && path_ok
}

/// A glob over `/`-separated paths: `*` within a component, `**` across them; the scope matches
/// the path or a folder above it.
fn glob(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    fn component(p: &str, s: &str) -> bool {
        match p.split_once('*') {
            None => p == s,
            Some((head, tail)) => {
                s.starts_with(head)
                    && (0..=s.len() - head.len()).any(|i| {
                        s.is_char_boundary(head.len() + i) && component(tail, &s[head.len() + i..])
                    })
            }
        }
    }
    fn walk(p: &[&str], s: &[&str]) -> bool {
        match p.first() {
            None => true,
            Some(&"**") => (0..=s.len()).any(|i| walk(&p[1..], &s[i..])),
            Some(first) => s.first().is_some_and(|c| component(first, c)) && walk(&p[1..], &s[1..]),
        }
    }
    walk(&pattern, &path)
}

/// `over` merged into `base`: mappings merge key by key, anything else is replaced.
fn deep_merge(mut base: Mapping, over: &Mapping) -> Mapping {
    for (key, value) in over {
        let merged = match (base.get(key).map(untag), untag(value)) {
            (Some(Value::Mapping(old)), Value::Mapping(new)) => {
                Value::Mapping(deep_merge(old.clone(), new))
            }
            _ => value.clone(),
        };
        base.insert(key.clone(), merged);
    }
    base
}

/// The post's date: the front matter's, else the file name's at midnight, in the site's zone.
fn post_date(
    file: &mut PostFile<'_>,
    data: &Mapping,
    from_name: Option<NaiveDate>,
    zone: &Tz,
) -> Option<DateTime<FixedOffset>> {
    let midnight = from_name.map(|d| dates::in_zone(d.and_time(NaiveTime::MIN), zone));
    let Some(written) = file.text(data, "date") else {
        if midnight.is_none() {
            file.error(
                "date",
                "the post has no date",
                "add `date: YYYY-MM-DD` to the front matter, or name the file `YYYY-MM-DD-slug.md`",
            );
        }
        return midnight;
    };
    let parsed =
        yaml_timestamp_utc(file, "date", &written).or_else(|| ruby_time::parse(&written, zone));
    if let Some(date) = parsed {
        // Jekyll shows every date in the site's zone (`Time#localtime`): URLs use that day.
        return Some(date.with_timezone(zone).fixed_offset());
    }
    let help =
        "write the date as `2023-12-21`, `2023-12-21 18:43:00` or `2023-12-21 18:43:00 +0100`";
    match midnight {
        Some(date) => {
            let message = format!(
                "`date` is not a date: `{}`; using the date in the file name, {}",
                written.trim(),
                date.format("%Y-%m-%d")
            );
            file.warn("date", message, help);
            Some(date)
        }
        None => {
            file.error(
                "date",
                format!("`date` is not a date: `{}`", written.trim()),
                help,
            );
            None
        }
    }
}

/// `last_modified_at`, read as Jekyll reads dates.
fn modified(file: &mut PostFile<'_>, data: &Mapping, zone: &Tz) -> Option<DateTime<Utc>> {
    let written = file.text(data, "last_modified_at")?;
    let parsed = yaml_timestamp_utc(file, "last_modified_at", &written)
        .or_else(|| ruby_time::parse(&written, zone));
    if parsed.is_none() {
        let message = format!(
            "`last_modified_at` is not a date: `{}`; it is left out",
            written.trim()
        );
        file.warn(
            "last_modified_at",
            message,
            "write the date as `2023-12-21 18:43:00 +0100`",
        );
    }
    parsed.map(|d| d.with_timezone(&Utc))
}

/// A YAML timestamp with seconds and no offset (`2021-01-02 10:00:00`, unquoted): Ruby's YAML
/// reads it as UTC, whatever the site's zone.
fn yaml_timestamp_utc(file: &PostFile<'_>, key: &str, text: &str) -> Option<DateTime<FixedOffset>> {
    if file.front.syntax != Syntax::Yaml {
        return None;
    }
    let t = text.trim();
    let (date, time) = t.split_once([' ', 'T', 't'])?;
    let time = time.trim_start();
    let is_date = date.len() == 10 && NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok();
    let is_time = time.split(':').count() == 3
        && time
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.');
    let quoted = file.front.key_location(key).is_some_and(|loc| {
        file.text
            .lines()
            .nth(loc.line - 1)
            .and_then(|line| line.chars().nth(loc.column - 1))
            .is_some_and(|c| c == '"' || c == '\'')
    });
    if !(is_date && is_time) || quoted {
        return None;
    }
    dates::parse(t).map(|d| d.fixed_offset())
}

/// The post's categories: the folders above `_posts`, then the front matter's (`categories`, a
/// string split on white space), then `category`; each once.
fn categories(file: &mut PostFile<'_>, data: &Mapping, folders: &[String]) -> Vec<String> {
    let mut list: Vec<String> = folders.to_vec();
    let mut add = |more: Vec<String>| {
        for c in more {
            if !list.contains(&c) {
                list.push(c);
            }
        }
    };
    add(file.list(data, "categories", true));
    if get(data, "category").is_some() {
        add(file.list(data, "category", false));
    }
    list
}

/// The post's URL, site-relative.
#[allow(clippy::too_many_arguments)]
fn url(
    file: &mut PostFile<'_>,
    data: &Mapping,
    place: &Place,
    rules: &JekyllRules,
    name: &FileName,
    slug: &str,
    categories: &[String],
    date: DateTime<FixedOffset>,
) -> Option<String> {
    let own = file.text(data, "permalink");
    let template = match &own {
        Some(permalink) => jekyll_url::style(permalink),
        None if place.collection == "posts" => rules.permalink.clone(),
        None => rules
            .collections
            .get(&place.collection)
            .cloned()
            .flatten()
            .unwrap_or_else(|| "/:collection/:path:output_ext".to_owned()),
    };
    let output_ext = match name.ext.to_ascii_lowercase().as_str() {
        ".md" | ".markdown" | ".mkdown" | ".mkdn" | ".mkd" | ".html" | ".htm" => ".html".to_owned(),
        other => other.to_owned(),
    };
    let parts = UrlParts {
        collection: &place.collection,
        path: &place.inner_path,
        name: place
            .file_name
            .rsplit_once('.')
            .map_or(place.file_name.as_str(), |(stem, _)| stem),
        slug,
        categories,
        date,
        output_ext: &output_ext,
    };
    match jekyll_url::fill(&template, &parts) {
        Ok(url) => Some(url),
        Err(placeholder) => {
            let message = format!(
                "the permalink `{template}` uses `:{placeholder}`, which Jekyll does not know"
            );
            let help = "use placeholders such as :year, :month, :day, :title, :slug, :categories";
            if own.is_some() {
                file.error("permalink", message, help);
            } else {
                file.file_error(message, help);
            }
            None
        }
    }
}

/// The author as jekyll-feed finds one: `author`, else the first of `authors`, else the site's;
/// a handle is looked up in `_data/authors`. An `author` list is every author named (where
/// jekyll-feed would print the list as one name).
fn authors(data: &Mapping, rules: &JekyllRules) -> Vec<Person> {
    let written = get(data, "author").or_else(|| match get(data, "authors") {
        Some(Value::Sequence(items)) => items.first(),
        other => other,
    });
    let Some(written) = written else {
        return rules.site_author.iter().cloned().collect();
    };
    let look_up = |handle: String| {
        rules
            .authors
            .get(&handle)
            .cloned()
            .unwrap_or_else(|| Person::named(handle))
    };
    match untag(written) {
        Value::Mapping(map) => person(map).into_iter().collect(),
        Value::Sequence(items) => items.iter().filter_map(scalar).map(look_up).collect(),
        value => scalar(value).map(look_up).into_iter().collect(),
    }
}

/// A person written as a mapping (`name`, `email`, `uri`).
pub fn person(map: &Mapping) -> Option<Person> {
    let field = |k: &str| get(map, k).and_then(scalar);
    Some(Person {
        name: field("name")?,
        email: field("email"),
        uri: field("uri").or_else(|| field("url")),
    })
}

/// The summary: `description`, else `excerpt` as written, else the excerpt of the body; as text.
fn summary(
    file: &mut PostFile<'_>,
    data: &Mapping,
    body: &str,
    rules: &JekyllRules,
) -> Option<String> {
    if let Some(description) = file.text(data, "description") {
        return Some(text_of(&description));
    }
    if let Some(excerpt) = file.text(data, "excerpt") {
        return Some(text_of(&excerpt));
    }
    let separator = file
        .text(data, "excerpt_separator")
        .unwrap_or_else(|| rules.excerpt_separator.clone());
    if separator.is_empty() {
        return None;
    }
    Some(markdown_text(&jekyll_excerpt(body, &separator), KRAMDOWN)).filter(|s| !s.is_empty())
}

/// `image`: a URL, or a mapping with its `path`.
fn image(data: &Mapping) -> Option<String> {
    match get(data, "image")? {
        Value::Mapping(map) => get(map, "path").and_then(scalar),
        value => scalar(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_of_posts() {
        let n = file_name("2015-10-8-isoc-sponsors.markdown", true).unwrap();
        assert_eq!(
            (n.date.unwrap().to_string(), n.slug, n.ext),
            (
                "2015-10-08".into(),
                "isoc-sponsors".into(),
                ".markdown".into()
            )
        );
        assert!(file_name("06-06-os-community.md", true).is_none());
        assert_eq!(
            file_name("draft.idea.md", false).unwrap().slug,
            "draft.idea"
        );
        assert_eq!(
            file_name("2020-01-01-dots...md", true).unwrap().slug,
            "dots"
        );
    }

    #[test]
    fn places_in_the_collections_folder_and_excluded_ones() {
        let parts = |p: &str| p.split('/').map(str::to_owned).collect::<Vec<_>>();
        let rules = JekyllRules {
            collections_dir: vec!["stuff".into()],
            exclude: vec!["stuff/_posts/old".into(), "*.txt".into()],
            ..JekyllRules::default()
        };
        let Some(Found::Post(post)) = place(&parts("stuff/blog/_posts/2023-01-02-a.md"), &rules)
        else {
            panic!("a post")
        };
        assert_eq!(
            (post.folders, post.relative),
            (
                vec!["blog".to_owned()],
                "blog/_posts/2023-01-02-a.md".to_owned()
            )
        );
        assert!(matches!(
            place(&parts("stuff/_posts/old/2023-01-03-b.md"), &rules),
            Some(Found::Excluded)
        ));
        assert!(place(&parts("about.md"), &rules).is_none());
    }

    #[test]
    fn scopes_of_defaults() {
        assert!(glob("_posts/*/x", "_posts/2020/x"));
        assert!(glob("**/drafts", "a/b/drafts/y.md"));
        assert!(!glob("_posts/*/x", "_posts/x"));
    }
}
