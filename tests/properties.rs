//! Property tests: arbitrary Unicode in every text field of an article gives well-formed feeds in
//! every format, whose values read back (with the independent feed-rs parser) equal what was written,
//! modulo the documented cleaning: control characters removed, runs of white space made one space,
//! characters XML 1.0 forbids dropped from XML.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use frontfeed::input::{Outcome, ReadOptions, parse_file};
use frontfeed::model::{Feed, FeedMeta};
use frontfeed::output::Format;
use proptest::prelude::*;
use serde_yaml_ng::{Mapping, Value};

/// The documented cleaning of a plain-text field.
/// Text as every format carries it: white space and controls made single spaces, and the two
/// characters XML forbids that are not controls dropped.
fn cleaned(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .filter(|&c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
                .collect()
        })
        .collect();
    words.join(" ").trim().to_owned()
}

fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Text with every kind of character: letters of many scripts, emoji, markup, quotes, controls.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,40}",
        "[a-zA-Z0-9 &<>\"'\\]\\[{}#:;,.!?/\\\\-]{1,40}",
        proptest::collection::vec(any::<char>(), 1..30).prop_map(|v| v.into_iter().collect()),
    ]
}

fn front_matter(title: &str, excerpt: &str, topic: &str, provider: &str, path: &str) -> Vec<u8> {
    let mut map = Mapping::new();
    map.insert("title".into(), title.into());
    map.insert("excerpt".into(), excerpt.into());
    map.insert(
        "webUrl".into(),
        format!("https://example.com/{path}").into(),
    );
    map.insert("publishedDateTime".into(), "2024-01-02T03:04:05Z".into());
    map.insert("topics".into(), Value::Sequence(vec![topic.into()]));
    let mut p = Mapping::new();
    p.insert("name".into(), provider.into());
    p.insert("domain".into(), "example.com".into());
    map.insert("provider".into(), Value::Mapping(p));
    let yaml = serde_yaml_ng::to_string(&Value::Mapping(map)).unwrap();
    format!("---\n{yaml}---\n").into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_round_trips_through_every_format(
        title in any_text(),
        excerpt in any_text(),
        topic in any_text(),
        provider in any_text(),
        path in "\\PC{0,20}",
    ) {
        let bytes = front_matter(&title, &excerpt, &topic, &provider, &path);
        let (outcome, _) = parse_file("p.md", "p.md", &bytes, &ReadOptions::default());
        let Outcome::Article(article) = outcome else {
            // Only a title that cleans down to nothing is not an article.
            prop_assert!(cleaned(&title).is_empty(), "rejected: {title:?}");
            return Ok(());
        };
        let expected_link = frontfeed::input::link::encode(format!("https://example.com/{path}").trim());
        prop_assert_eq!(&article.id, &expected_link);
        let meta = FeedMeta { title: Some("Properties".into()), ..FeedMeta::default() };
        let mut feed = Feed::new(meta, vec![std::borrow::Cow::Owned((*article).clone())]);
        feed.fallback_link = None;
        for format in Format::ALL {
            let out = format.write(&feed);
            let parsed = feed_rs::parser::parse(out.as_slice());
            prop_assert!(parsed.is_ok(), "{format}: {:?}\n{}", parsed.err(), String::from_utf8_lossy(&out));
            let parsed = parsed.unwrap();
            prop_assert_eq!(parsed.entries.len(), 1);
            let entry = &parsed.entries[0];
            let t = entry.title.as_ref().unwrap();
            let got_title = if t.content_type.to_string().starts_with("text/html") { unescape_html(&t.content) } else { t.content.clone() };
            prop_assert_eq!(got_title.trim(), cleaned(&title), "{} title", format);
            // feed-rs normalises links with the url crate; compare both sides normalised.
            let norm = |u: &str| url::Url::parse(u).map(|u| u.to_string()).unwrap_or_else(|_| u.to_owned());
            prop_assert_eq!(norm(&entry.links[0].href), norm(&expected_link));
            let topics: Vec<String> = entry.categories.iter().map(|c| c.term.clone()).collect();
            let want_topic = cleaned(&topic);
            if !want_topic.is_empty() {
                prop_assert_eq!(topics.iter().map(|t| t.trim().to_owned()).collect::<Vec<_>>(), vec![want_topic], "{} topics", format);
            }
            let want_provider = cleaned(&provider);
            if !want_provider.is_empty() {
                prop_assert_eq!(entry.authors[0].name.trim(), want_provider, "{} author", format);
            }
        }
    }
}
