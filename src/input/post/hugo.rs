//! A Hugo page as Hugo 0.111 reads it: which content files are pages (not `_index.md` list pages,
//! not the other files of a page bundle), front-matter keys in any case, `.Date` (from `date`,
//! `publishDate`, `lastmod`, in the site's time zone when written without an offset), `draft`,
//! `publishDate` and `expiryDate`, the URL, the summary (the text before `<!--more-->`, else
//! `summary`, else the first `summaryLength` words to the end of a sentence), the taxonomies and
//! `images`.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde_yaml_ng::Mapping;

use super::fields::{PostFile, lower_keys};
use super::hugo_url::{self, PageParts};
use super::summary::{before_more, hugo_auto, markdown_text};
use super::templates::strip_hugo;
use super::values::{Body, PostValues};
use crate::input::dates;
use crate::input::markdown::{self, Typography};
use crate::input::site::HugoRules;

/// Extensions of content files Hugo renders and frontfeed reads.
const MARKDOWN: [&str; 5] = ["md", "markdown", "mdown", "mkdn", "mkd"];
const HTML: [&str; 2] = ["html", "htm"];

/// Where a content file is: its page's folders and name, its language.
pub struct Place {
    /// Folders below the content folder, above the page (a bundle's own folder not included).
    pub dirs: Vec<String>,
    /// The page's name: the file's stem, or a bundle's folder name.
    pub name: String,
    /// The page's language, when it is not the default one.
    pub language: Option<String>,
    /// Written in HTML rather than Markdown.
    pub html: bool,
    /// A page bundle's `index` file.
    pub bundle: bool,
}

/// What a file inside a Hugo site is.
pub enum Found {
    /// A page.
    Page(Place),
    /// A list page (`_index.md`) or a file of a page bundle: not a post.
    NotAPage,
}

/// What `parts` (a path inside the site, named as `path`) is, when it is in a content folder.
pub fn place(parts: &[String], rules: &HugoRules, path: &Path) -> Option<Found> {
    let (dir, language) = rules
        .content_dirs
        .iter()
        .filter(|(dir, _)| parts.len() > dir.len() && parts.starts_with(dir))
        .max_by_key(|(dir, _)| dir.len())?;
    let inside = &parts[dir.len()..];
    let file = inside.last()?;
    let (stem, ext) = file.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    let html = HTML.contains(&ext.as_str());
    if !(html || MARKDOWN.contains(&ext.as_str())) || stem.starts_with("_index") {
        return Some(Found::NotAPage);
    }
    // `name.fr.md` is the French translation of `name.md`.
    let (stem, file_language) = match stem.rsplit_once('.') {
        Some((base, lang)) if rules.languages.iter().any(|l| l == lang) => (base, Some(lang)),
        _ => (stem, None),
    };
    let mut dirs: Vec<String> = inside[..inside.len() - 1].to_vec();
    let name = if stem == "index" {
        dirs.pop()?
    } else {
        let folder = path.parent().unwrap_or(Path::new("."));
        let in_bundle = ["index.md", "index.markdown", "index.html"]
            .iter()
            .any(|index| folder.join(index).is_file());
        if in_bundle {
            return Some(Found::NotAPage);
        }
        stem.to_owned()
    };
    let language = file_language
        .map(str::to_owned)
        .or_else(|| language.clone())
        .filter(|l| *l != rules.default_language || rules.default_language_in_subdir);
    Some(Found::Page(Place {
        dirs,
        name,
        language,
        html,
        bundle: stem == "index",
    }))
}

/// A page's dates, by the site's `[frontmatter]` lists (Hugo's defaults when it has none), and the
/// slug a `:filename` date leaves.
struct Dates {
    date: Option<DateTime<FixedOffset>>,
    publish: Option<DateTime<FixedOffset>>,
    lastmod: Option<DateTime<FixedOffset>>,
    expiry: Option<DateTime<FixedOffset>>,
    slug_from_name: Option<String>,
}

/// Hugo's default lists of where each date comes from.
const DEFAULT_DATES: [(&str, &[&str]); 4] = [
    (
        "date",
        &[
            "date",
            "publishdate",
            "pubdate",
            "published",
            "lastmod",
            "modified",
        ],
    ),
    (
        "publishdate",
        &["publishdate", "pubdate", "published", "date"],
    ),
    (
        "lastmod",
        &[
            "lastmod",
            "modified",
            "date",
            "publishdate",
            "pubdate",
            "published",
        ],
    ),
    ("expirydate", &["expirydate", "unpublishdate"]),
];

fn dates(
    file: &mut PostFile<'_>,
    data: &Mapping,
    place: &Place,
    rules: &HugoRules,
    zone: &Tz,
) -> Dates {
    // `2024-01-02-title.md`: the date at midnight in the site's zone, the rest a slug.
    let from_name = dated_name(&place.name).map(|(day, rest)| {
        (
            dates::in_zone(day.and_time(NaiveTime::MIN), zone),
            rest.to_owned(),
        )
    });
    let mut slug_from_name = None;
    let mut found = [None; 4];
    for (slot, (target, defaults)) in found.iter_mut().zip(DEFAULT_DATES) {
        let listed: Vec<String> = match rules.front_matter_dates.get(target) {
            Some(list) => list.clone(),
            None => vec![":default".to_owned()],
        };
        *slot = listed
            .iter()
            .find_map(|key| match key.to_lowercase().as_str() {
                ":default" => defaults
                    .iter()
                    .find_map(|k| file.date(data, k, zone, false)),
                ":filename" => from_name.as_ref().map(|(date, rest)| {
                    slug_from_name = Some(rest.clone());
                    *date
                }),
                key if key.starts_with(':') => None,
                key => file.date(data, key, zone, false),
            });
    }
    let [date, publish, lastmod, expiry] = found;
    Dates {
        date,
        publish,
        lastmod,
        expiry,
        slug_from_name,
    }
}

/// `YYYY-MM-DD-rest`: the date, and the rest.
fn dated_name(name: &str) -> Option<(NaiveDate, &str)> {
    let day = NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = name[10..].strip_prefix(['-', '_'])?;
    Some((day, rest))
}

/// The page's URL: `url` as written, else its section's pattern or its folders and name; with its
/// language first.
fn url(
    file: &mut PostFile<'_>,
    data: &Mapping,
    place: &Place,
    rules: &HugoRules,
    title: &str,
    dates: &Dates,
) -> Option<String> {
    let slug = file
        .text(data, "slug")
        .or_else(|| dates.slug_from_name.clone())
        .map(|s| s.trim_matches('-').to_owned())
        .filter(|s| !s.is_empty());
    let date = dates.date;
    let section = place.dirs.first().cloned().unwrap_or_default();
    let url = match file.text(data, "url") {
        Some(url) => format!("/{}", url.trim_start_matches('/')),
        None => {
            let parts = PageParts {
                dirs: &place.dirs,
                name: &place.name,
                slug: slug.as_deref(),
                title,
                date,
                pattern: rules.permalinks.get(&section).map(String::as_str),
                ugly: rules
                    .ugly_sections
                    .get(&section)
                    .copied()
                    .unwrap_or(rules.ugly_urls),
                keep_case: rules.keep_case,
            };
            match hugo_url::page_url(&parts) {
                Ok(url) => url,
                Err(attribute) => {
                    file.file_error(
                        format!(
                            "the permalink of section `{section}` uses `:{attribute}`, which Hugo \
                             does not know"
                        ),
                        "use :year, :month, :day, :section, :title, :slug or :filename",
                    );
                    return None;
                }
            }
        }
    };
    Some(match &place.language {
        Some(lang) => format!("/{lang}{url}"),
        None => url,
    })
}

/// Reads the page at `place` whose front matter is `front`.
pub fn read(
    file: &mut PostFile<'_>,
    front: &Mapping,
    place: &Place,
    rules: &HugoRules,
    zone: &Tz,
    hide_future: bool,
) -> Option<PostValues> {
    let data = lower_keys(front);
    let dates = dates(file, &data, place, rules, zone);
    let title = file.text(&data, "title").unwrap_or_default();
    let url = url(file, &data, place, rules, &title, &dates)?;
    if dates.date.is_none() {
        file.warn(
            "date",
            "the page has no date; Hugo dates it 0001-01-01, and so does its feed",
            "add `date: YYYY-MM-DD` to the front matter",
        );
    }
    let published = dates.date.map_or_else(year_one, |d| d.with_timezone(&Utc));
    let body = strip_hugo(file.front.body);
    let summary = summary(file, &data, &body, place.html, rules.summary_length);
    let mut terms = Vec::new();
    for taxonomy in &rules.taxonomies {
        terms.extend(file.list(&data, taxonomy, false));
    }
    let categories = file.list(&data, "categories", false);
    let image = file.list(&data, "images", false).into_iter().next();
    Some(PostValues {
        url,
        url_key: "url",
        title,
        summary,
        published,
        updated: dates.lastmod.map(|d| d.with_timezone(&Utc)),
        authors: Vec::new(),
        topics: Vec::new(),
        terms,
        section: categories.into_iter().next(),
        image,
        locale: place.language.clone(),
        draft: file.flag(&data, "draft") == Some(true),
        visible_from: dates
            .publish
            .filter(|_| hide_future)
            .map(|d| d.with_timezone(&Utc)),
        visible_until: dates.expiry.map(|d| d.with_timezone(&Utc)),
        body: if place.html {
            Body::Html(body)
        } else {
            Body::Markdown {
                text: body,
                typography: Typography::Smart,
            }
        },
    })
}

/// The date Hugo gives a page without one: the zero time, 0001-01-01.
fn year_one() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("0001-01-01T00:00:00Z")
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// `.Summary`: the content before `<!--more-->`, else `summary`, else the automatic summary.
fn summary(
    file: &mut PostFile<'_>,
    data: &Mapping,
    body: &str,
    html: bool,
    words: usize,
) -> Option<String> {
    let render = |text: &str| {
        if html {
            super::summary::text_of(text)
        } else {
            markdown_text(text, Typography::Smart)
        }
    };
    if let Some(head) = before_more(body, false) {
        return Some(render(head)).filter(|s| !s.is_empty());
    }
    if let Some(summary) = file.text(data, "summary") {
        return Some(markdown_text(&summary, Typography::Smart)).filter(|s| !s.is_empty());
    }
    let content = if html {
        body.to_owned()
    } else {
        markdown::to_html(body, Typography::Smart)
    };
    Some(hugo_auto(&content, words)).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_start_with_a_date() {
        let (day, rest) = dated_name("2023-05-06-named-by-date").unwrap();
        assert_eq!(
            (day.to_string().as_str(), rest),
            ("2023-05-06", "named-by-date")
        );
        assert!(dated_name("plain").is_none());
        assert!(dated_name("2023-05-06").is_none());
    }
}
