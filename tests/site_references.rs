//! The golden cases of generators' sites are proven, not only frozen: each case with a `reference/`
//! folder holds the feed the site's own generator wrote (jekyll-feed, Hugo, Zola; how it was built is
//! in the folder's README), and frontfeed's golden feed of the same format must hold the same entries
//! (matched by link) with the same titles, published and updated dates, categories, authors and
//! summaries, each read with the independent feed-rs parser and compared as a reader would see it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use feed_rs::model::{Entry, Text};

/// An entry as a reader sees it.
#[derive(Debug, PartialEq)]
struct Seen {
    title: String,
    published: Option<String>,
    updated: Option<String>,
    categories: BTreeSet<String>,
    authors: BTreeSet<String>,
    summary: Option<String>,
}

/// HTML (or text holding references) as plain text on one line.
fn plain(html: &str) -> String {
    let text = ammonia::Builder::empty()
        .clean_content_tags(["script", "style"].into_iter().collect())
        .clean(&html.replace("<p>", " <p>").replace("<br", " <br"))
        .to_string()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(text: &Text) -> String {
    if text.content_type.subty() == "html" {
        plain(&text.content)
    } else {
        plain(&frontfeed::model::content::escape_html(&text.content))
    }
}

fn seen(entry: &Entry, with_updated: bool) -> Seen {
    let date = |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| d.to_rfc3339());
    Seen {
        title: entry.title.as_ref().map(text_of).unwrap_or_default(),
        published: date(entry.published),
        updated: if with_updated {
            date(entry.updated)
        } else {
            None
        },
        categories: entry.categories.iter().map(|c| c.term.clone()).collect(),
        authors: entry
            .authors
            .iter()
            .map(|a| a.name.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect(),
        summary: entry
            .summary
            .as_ref()
            .map(text_of)
            .filter(|s| !s.is_empty()),
    }
}

fn entries(path: &Path) -> (BTreeMap<String, Entry>, bool) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let feed = feed_rs::parser::parse(bytes.as_slice())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let atom = feed.feed_type == feed_rs::model::FeedType::Atom;
    let by_link = feed
        .entries
        .into_iter()
        .map(|e| {
            (
                e.links.first().map(|l| l.href.clone()).unwrap_or_default(),
                e,
            )
        })
        .collect();
    (by_link, atom)
}

fn cases() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("reference").is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_site_feed_equals_its_generator_s() {
    let cases = cases();
    assert!(cases.len() >= 3, "the sites' golden cases are there");
    for case in cases {
        let reference = std::fs::read_dir(case.join("reference"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "xml"))
            .expect("a reference feed");
        let (theirs, atom) = entries(&reference);
        let ours_path = case.join(if atom { "atom.xml" } else { "rss.xml" });
        let (ours, _) = entries(&ours_path);
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let links = |m: &BTreeMap<String, Entry>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            links(&ours),
            links(&theirs),
            "{name}: the same entries, by link"
        );
        for (link, entry) in &theirs {
            assert_eq!(
                seen(&ours[link], atom),
                seen(entry, atom),
                "{name}: {link} (ours, then the generator's)"
            );
        }
    }
}
