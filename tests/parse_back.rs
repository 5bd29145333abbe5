//! Reads the feeds frontfeed writes back with independent parsers and checks the values a reader
//! shows. For a real corpus, every published article's title, link, id, dates, enclosure URL and
//! type, categories and author, read with feed-rs (every format) and with the `rss` and
//! `atom_syndication` crates (the readers most Rust programs use), against values taken straight from
//! each file's YAML, not from frontfeed's own model. For every golden feed, the `rss` and
//! `atom_syndication` crates must read what feed-rs reads: the same items, ids, titles, links, dates,
//! categories, authors and enclosures.

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

fn convert_bytes(format: &str) -> Vec<u8> {
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
    out.stdout
}

fn convert(format: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(convert_bytes(format).as_slice()).unwrap()
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

/// The corpus's RSS, read with the `rss` crate.
#[test]
fn rss_reads_back_with_the_rss_crate() {
    let expected = expected_items();
    let channel = rss::Channel::read_from(convert_bytes("rss").as_slice()).unwrap();
    assert_eq!(channel.items().len(), expected.len());
    for item in channel.items() {
        let guid = item.guid().expect("every item has a guid");
        assert!(
            guid.is_permalink(),
            "{}: ids of articles are their links",
            guid.value()
        );
        let want = &expected[guid.value()];
        let ctx = guid.value();
        assert_eq!(item.title(), Some(want.title.as_str()), "{ctx}: title");
        assert_eq!(item.link(), Some(want.link.as_str()), "{ctx}: link");
        let date = DateTime::parse_from_rfc2822(item.pub_date().unwrap()).unwrap();
        assert_eq!(date.to_utc(), want.published, "{ctx}: pubDate");
        let terms: Vec<&str> = item.categories().iter().map(|c| c.name()).collect();
        assert_eq!(terms, want.topics, "{ctx}: categories");
        let creators = item
            .dublin_core_ext()
            .map(|dc| dc.creators().to_vec())
            .unwrap_or_default();
        assert_eq!(
            creators,
            want.author.iter().cloned().collect::<Vec<_>>(),
            "{ctx}: dc:creator"
        );
        let enclosure = item
            .enclosure()
            .map(|e| (e.url().to_owned(), e.mime_type().to_owned()));
        let want_enclosure = want
            .enclosure
            .as_ref()
            .map(|(u, m)| (u.clone(), m.to_string()));
        assert_eq!(enclosure, want_enclosure, "{ctx}: enclosure");
    }
}

/// The corpus's Atom, read with the `atom_syndication` crate.
#[test]
fn atom_reads_back_with_the_atom_syndication_crate() {
    let expected = expected_items();
    let feed = atom_syndication::Feed::read_from(convert_bytes("atom").as_slice()).unwrap();
    assert_eq!(feed.entries().len(), expected.len());
    for entry in feed.entries() {
        let want = &expected[entry.id()];
        let ctx = entry.id();
        assert_eq!(entry.title().value, want.title, "{ctx}: title");
        let link = |rel: &str| entry.links().iter().find(|l| l.rel() == rel);
        assert_eq!(
            link("alternate").map(|l| l.href()),
            Some(want.link.as_str()),
            "{ctx}: link"
        );
        assert_eq!(
            entry.published().map(|d| d.to_utc()),
            Some(want.published),
            "{ctx}: published"
        );
        assert_eq!(entry.updated().to_utc(), want.published, "{ctx}: updated");
        let terms: Vec<&str> = entry.categories().iter().map(|c| c.term()).collect();
        assert_eq!(terms, want.topics, "{ctx}: categories");
        let authors: Vec<(&str, Option<&str>)> = entry
            .authors()
            .iter()
            .map(|a| (a.name(), a.uri()))
            .collect();
        let want_authors: Vec<(&str, Option<&str>)> = want
            .author
            .iter()
            .map(|n| (n.as_str(), want.author_uri.as_deref()))
            .collect();
        assert_eq!(authors, want_authors, "{ctx}: authors");
        let enclosure =
            link("enclosure").map(|l| (l.href().to_owned(), l.mime_type().map(str::to_owned)));
        let want_enclosure = want
            .enclosure
            .as_ref()
            .map(|(u, m)| (u.clone(), Some(m.to_string())));
        assert_eq!(enclosure, want_enclosure, "{ctx}: enclosure");
    }
}

/// One item as a reader shows it, for comparing readers.
#[derive(Debug, PartialEq)]
struct Shown {
    id: String,
    title: String,
    link: Option<String>,
    date: Option<DateTime<Utc>>,
    terms: Vec<String>,
    authors: Vec<String>,
    enclosures: Vec<String>,
}

fn golden_feeds(file_name: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && path.file_name().is_some_and(|n| n != "input") {
                folders.push(path);
            } else if path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with(file_name)
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// What feed-rs shows of a feed, for the fields RSS and Atom both have.
fn shown_by_feed_rs(bytes: &[u8], rss: bool) -> Vec<Shown> {
    let feed = feed_rs::parser::parse(bytes).unwrap();
    feed.entries
        .iter()
        .map(|e| Shown {
            id: e.id.clone(),
            title: e
                .title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default(),
            link: e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .map(|l| l.href.clone()),
            date: if rss {
                e.published
            } else {
                Some(e.updated.unwrap())
            },
            terms: e.categories.iter().map(|c| c.term.clone()).collect(),
            authors: e.authors.iter().map(|a| a.name.clone()).collect(),
            // feed-rs reads RSS enclosures as media objects, with every media:content.
            enclosures: if rss {
                e.media
                    .iter()
                    .flat_map(|m| &m.content)
                    .filter_map(|c| c.url.as_ref().map(|u| u.to_string()))
                    .collect()
            } else {
                e.links
                    .iter()
                    .filter(|l| l.rel.as_deref() == Some("enclosure"))
                    .map(|l| l.href.clone())
                    .collect()
            },
        })
        .collect()
}

/// A URL as the url crate writes it (feed-rs normalises what it reads).
fn norm(url: &str) -> String {
    url::Url::parse(url).map_or_else(|_| url.to_owned(), String::from)
}

/// Every golden RSS feed: the `rss` crate reads what feed-rs reads.
#[test]
fn every_golden_rss_feed_reads_the_same_with_the_rss_crate() {
    let files = golden_feeds(".xml");
    let mut checked = 0;
    for path in files.iter().filter(|p| {
        let text = std::fs::read_to_string(p).unwrap();
        text.contains("<rss version=\"2.0\"")
    }) {
        let bytes = std::fs::read(path).unwrap();
        let channel = rss::Channel::read_from(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let by_feed_rs = shown_by_feed_rs(&bytes, true);
        let by_rss: Vec<Shown> = channel
            .items()
            .iter()
            .map(|item| Shown {
                id: item
                    .guid()
                    .map(|g| g.value().to_owned())
                    .unwrap_or_default(),
                title: item.title().unwrap_or_default().to_owned(),
                link: item.link().map(str::to_owned),
                date: item
                    .pub_date()
                    .map(|d| DateTime::parse_from_rfc2822(d).unwrap().to_utc()),
                terms: item
                    .categories()
                    .iter()
                    .map(|c| c.name().to_owned())
                    .collect(),
                authors: match (item.author(), item.dublin_core_ext()) {
                    (Some(author), _) => vec![author.to_owned()],
                    (None, Some(dc)) => dc.creators().to_vec(),
                    (None, None) => Vec::new(),
                },
                enclosures: item
                    .enclosure()
                    .map(|e| e.url().to_owned())
                    .into_iter()
                    .collect(),
            })
            .collect();
        assert_eq!(
            channel.items().len(),
            by_feed_rs.len(),
            "{}",
            path.display()
        );
        for (a, b) in by_rss.iter().zip(&by_feed_rs) {
            let ctx = format!("{}: {}", path.display(), a.id);
            // feed-rs makes an id of a guid-less item; both name its link the same.
            assert_eq!(a.title, b.title, "{ctx}: title");
            assert_eq!(a.link, b.link, "{ctx}: link");
            assert_eq!(a.date, b.date, "{ctx}: date");
            assert_eq!(a.terms, b.terms, "{ctx}: categories");
            for url in &a.enclosures {
                let media: Vec<String> = b.enclosures.iter().map(|u| norm(u)).collect();
                assert!(
                    media.contains(&norm(url)),
                    "{ctx}: enclosure {url} in {media:?}"
                );
            }
            if !a.authors.is_empty() {
                assert_eq!(a.authors.len(), b.authors.len(), "{ctx}: authors");
            }
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} golden RSS feeds");
}

/// Every golden Atom feed: the `atom_syndication` crate reads what feed-rs reads.
#[test]
fn every_golden_atom_feed_reads_the_same_with_the_atom_syndication_crate() {
    let files: Vec<_> = golden_feeds(".xml")
        .into_iter()
        .chain(golden_feeds(".atom"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
        })
        .collect();
    let mut checked = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let feed = atom_syndication::Feed::read_from(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let by_atom: Vec<Shown> = feed
            .entries()
            .iter()
            .map(|e| Shown {
                id: e.id().to_owned(),
                title: e.title().value.clone(),
                link: e
                    .links()
                    .iter()
                    .find(|l| l.rel() == "alternate")
                    .map(|l| l.href().to_owned()),
                date: Some(e.updated().to_utc()),
                terms: e.categories().iter().map(|c| c.term().to_owned()).collect(),
                authors: e.authors().iter().map(|a| a.name().to_owned()).collect(),
                enclosures: e
                    .links()
                    .iter()
                    .filter(|l| l.rel() == "enclosure")
                    .map(|l| l.href().to_owned())
                    .collect(),
            })
            .collect();
        let by_feed_rs = shown_by_feed_rs(&bytes, false);
        assert_eq!(by_atom.len(), by_feed_rs.len(), "{}", path.display());
        for (a, b) in by_atom.iter().zip(&by_feed_rs) {
            let ctx = format!("{}: {}", path.display(), a.id);
            assert_eq!(a.id, b.id, "{ctx}: id");
            assert_eq!(a.link, b.link, "{ctx}: link");
            assert_eq!(a.date, b.date, "{ctx}: updated");
            assert_eq!(a.terms, b.terms, "{ctx}: categories");
            assert_eq!(a.authors, b.authors, "{ctx}: authors");
            assert_eq!(a.enclosures, b.enclosures, "{ctx}: enclosures");
            // feed-rs reads an html title as the HTML it is; the crate as written too.
            assert_eq!(a.title, b.title, "{ctx}: title");
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} golden Atom feeds");
}
