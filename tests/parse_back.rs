//! Reads the feeds frontfeed writes for a real corpus back with an independent parser (feed-rs) and
//! checks, for every published article, the values a reader shows: title, link, id, dates, enclosure
//! URL and type, categories and author. Expected values come straight from each file's YAML, not from
//! frontfeed's own model.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};
use serde_yaml_ng::Value;

const CORPUS: &str = "tests/corpus/everyday-ai";
const SITE: &str = "https://everyday-cc.github.io/ai";

/// What a reader should see for one story, computed from the YAML alone.
#[derive(Debug)]
struct Expected {
    title: String,
    link: String,
    published: DateTime<Utc>,
    enclosure: Option<(String, &'static str)>,
    topics: Vec<String>,
    author: Option<String>,
    author_uri: Option<String>,
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn mime_of(url: &str) -> Option<&'static str> {
    let path = url.split('?').next().unwrap();
    match path
        .rsplit('.')
        .next()
        .unwrap()
        .to_ascii_lowercase()
        .as_str()
    {
        "jpg" | "jpeg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// Published articles of the corpus by id; copies of one story keep the earliest date.
fn expected_items() -> BTreeMap<String, Expected> {
    let mut items: BTreeMap<String, Expected> = BTreeMap::new();
    let mut paths: Vec<_> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml = text
            .strip_prefix("---\n")
            .unwrap()
            .split("\n---")
            .next()
            .unwrap();
        let v: Value = serde_yaml_ng::from_str(yaml).unwrap();
        let (Some(title), Some(url)) = (
            str_of(&v, "title"),
            str_of(&v, "webUrl").or(str_of(&v, "originalUrl")),
        ) else {
            continue;
        };
        if v.get("published").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let link = url.replace(' ', "%20");
        let published = DateTime::parse_from_rfc3339(str_of(&v, "publishedDateTime").unwrap())
            .unwrap()
            .to_utc();
        let first_image = v
            .get("images")
            .and_then(|i| i.get(0))
            .and_then(|i| str_of(i, "url"));
        let enclosure = first_image.and_then(|u| Some((u.to_owned(), mime_of(u)?)));
        let topics = v
            .get("topics")
            .and_then(Value::as_sequence)
            .map_or_else(Vec::new, |s| {
                s.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
        let provider = v.get("provider");
        let author = provider.and_then(|p| str_of(p, "name")).map(str::to_owned);
        let author_uri = provider
            .and_then(|p| str_of(p, "domain"))
            .map(|d| format!("https://{d}"));
        let item = Expected {
            title: title.to_owned(),
            link: link.clone(),
            published,
            enclosure,
            topics,
            author,
            author_uri,
        };
        match items.get_mut(&link) {
            Some(existing) if existing.published <= published => {}
            _ => {
                items.insert(link, item);
            }
        }
    }
    items
}

fn convert(format: &str) -> feed_rs::model::Feed {
    let out = Command::new(env!("CARGO_BIN_EXE_frontfeed"))
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .args([
            "convert",
            "--to",
            format,
            "--limit",
            "0",
            "--title",
            "Everyday AI",
            "--home-url",
            SITE,
        ])
        .args(["--feed-url", &format!("{SITE}/feed.{format}"), CORPUS])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    feed_rs::parser::parse(out.stdout.as_slice()).unwrap()
}

fn check(format: &str) {
    assert!(Path::new(CORPUS).is_dir());
    let expected = expected_items();
    assert!(
        expected.len() > 50,
        "the corpus sample should hold many published articles"
    );
    let feed = convert(format);
    assert_eq!(
        feed.entries.len(),
        expected.len(),
        "one item per published, distinct article"
    );
    let mut previous: Option<DateTime<Utc>> = None;
    for entry in &feed.entries {
        let want = expected
            .get(&entry.id)
            .unwrap_or_else(|| panic!("unexpected id {}", entry.id));
        let ctx = &entry.id;
        assert_eq!(
            entry.title.as_ref().unwrap().content,
            want.title,
            "{ctx}: title"
        );
        assert_eq!(entry.links[0].href, want.link, "{ctx}: link");
        assert_eq!(entry.published, Some(want.published), "{ctx}: published");
        let topics: Vec<_> = entry.categories.iter().map(|c| c.term.clone()).collect();
        assert_eq!(topics, want.topics, "{ctx}: categories");
        let authors: Vec<_> = entry.authors.iter().map(|a| a.name.clone()).collect();
        assert_eq!(
            authors,
            want.author.iter().cloned().collect::<Vec<_>>(),
            "{ctx}: author"
        );
        if format == "atom" {
            assert_eq!(entry.updated, Some(want.published), "{ctx}: updated");
            assert_eq!(
                entry.authors.first().and_then(|a| a.uri.clone()),
                want.author_uri,
                "{ctx}: author uri"
            );
        }
        let media: Vec<(String, String)> = entry
            .media
            .iter()
            .flat_map(|m| &m.content)
            .filter_map(|c| {
                Some((
                    c.url.as_ref()?.to_string(),
                    c.content_type.as_ref()?.to_string(),
                ))
            })
            .collect();
        let enclosure_links: Vec<_> = entry
            .links
            .iter()
            .filter(|l| l.rel.as_deref() == Some("enclosure"))
            .collect();
        match (&want.enclosure, format) {
            (_, "json") => {}
            (Some((url, mime)), "rss") => {
                assert!(
                    media.contains(&(url.clone(), mime.to_string())),
                    "{ctx}: enclosure {url} {mime} in {media:?}"
                )
            }
            (Some((url, mime)), _) => assert!(
                enclosure_links
                    .iter()
                    .any(|l| l.href == *url && l.media_type.as_deref() == Some(*mime)),
                "{ctx}: enclosure link {url}"
            ),
            (None, "atom") => assert!(enclosure_links.is_empty(), "{ctx}: no enclosure expected"),
            (None, _) => {}
        }
        if let Some(previous) = previous {
            assert!(previous >= want.published, "{ctx}: items are newest first");
        }
        previous = Some(want.published);
    }
}

#[test]
fn rss_reads_back_with_every_articles_values() {
    check("rss");
}

#[test]
fn atom_reads_back_with_every_articles_values() {
    check("atom");
}

#[test]
fn json_feed_reads_back_with_every_articles_values() {
    check("json");
}
