//! Round trips: article → RSS / Atom / JSON Feed → article keeps every field the README's mapping table
//! says the format carries, for every published article of the real corpus and for arbitrary
//! articles; and feed → article file → feed keeps them too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;
use std::path::Path;

use frontfeed::input::feed::{self, FeedDocument};
use frontfeed::input::{Outcome, ReadOptions, parse_file};
use frontfeed::model::{Article, Author, Feed, FeedMeta, Image, Related, Topic};
use frontfeed::output::{Format, article};
use proptest::prelude::*;

fn read_article(name: &str, bytes: &[u8]) -> Article {
    match parse_file(name, name, bytes, &ReadOptions::default()) {
        (Outcome::Article(a), _) => *a,
        (other, diagnostics) => panic!("{name}: {other:?} {diagnostics:?}"),
    }
}

fn write_feed(format: Format, a: &Article) -> Vec<u8> {
    let meta = FeedMeta {
        title: Some("Round trip".into()),
        home_url: Some("https://example.org/".into()),
        ..FeedMeta::default()
    };
    let mut feed = Feed::new(meta, vec![Cow::Borrowed(a)]);
    feed.fallback_link = None;
    format.write(&feed)
}

fn read_feed(format: Format, bytes: &[u8]) -> FeedDocument {
    let kind = feed::sniff(bytes).expect("a feed");
    let (read, diagnostics) = feed::read(format.name(), bytes, kind, &ReadOptions::default());
    assert!(
        diagnostics.is_empty(),
        "{format}: {diagnostics:?}\n{}",
        String::from_utf8_lossy(bytes)
    );
    read.expect("the feed reads back")
}

/// Images as a format carries them: every URL, size, caption and credit.
fn images(a: &Article) -> Vec<Image> {
    a.images.clone()
}

/// Related stories as RSS and Atom carry them: URL and title.
fn related_links(a: &Article) -> Vec<(String, String)> {
    a.related
        .iter()
        .map(|r| (r.url.clone(), r.title.clone()))
        .collect()
}

/// Related stories as JSON Feed carries them: everything but their image's size.
fn related_full(a: &Article) -> Vec<Related> {
    a.related
        .iter()
        .map(|r| Related {
            image: r.image.as_ref().map(|i| url_only(&i.url)),
            ..r.clone()
        })
        .collect()
}

fn url_only(url: &str) -> Image {
    Image {
        url: url.to_owned(),
        width: None,
        height: None,
        title: None,
        attribution: None,
    }
}

/// Who an article credits, as a format with authors carries it: names, and what else `with` keeps.
fn credited(a: &Article, with: fn(&Author) -> Author) -> Vec<Author> {
    a.credits().iter().map(with).collect()
}

fn name_only(a: &Author) -> Author {
    Author {
        name: a.name.clone(),
        ..Author::default()
    }
}

fn name_and_page(a: &Author) -> Author {
    Author {
        uri: a.uri.clone(),
        ..name_only(a)
    }
}

/// Asserts that `back` keeps what `format` carries of `original`.
fn assert_kept(format: Format, original: &Article, back: &Article) {
    let what = format!("{} via {format}", original.source);
    assert_eq!(back.title, original.title, "{what}: title");
    assert_eq!(back.id, original.id, "{what}: id");
    assert_eq!(back.link, original.link, "{what}: URL");
    assert_eq!(back.published, original.published, "{what}: published");
    assert_eq!(back.excerpt, original.excerpt, "{what}: excerpt");
    assert_eq!(back.topics, original.topics, "{what}: topics");
    assert_eq!(
        credited(back, name_only),
        credited(original, name_only),
        "{what}: author names"
    );
    assert_eq!(images(back), images(original), "{what}: images");
    assert_eq!(back.body_html, original.body_html, "{what}: body");
    match format {
        Format::Rss => {
            assert_eq!(
                related_links(back),
                related_links(original),
                "{what}: related"
            );
        }
        Format::Atom => {
            assert_eq!(back.updated, original.updated, "{what}: updated");
            assert_eq!(
                related_links(back),
                related_links(original),
                "{what}: related"
            );
            assert_eq!(
                credited(back, name_and_page),
                credited(original, name_and_page),
                "{what}: author home pages"
            );
        }
        Format::Json => {
            assert_eq!(back.updated, original.updated, "{what}: updated");
            assert_eq!(
                related_full(back),
                related_full(original),
                "{what}: related"
            );
            assert_eq!(
                back.original_url, original.original_url,
                "{what}: original URL"
            );
            assert_eq!(back.locale, original.locale, "{what}: language");
            assert_eq!(
                credited(back, Author::clone),
                credited(original, Author::clone),
                "{what}: author home pages and pictures"
            );
        }
    }
}

/// article → feed → article → article file → article.
fn round_trip(original: &Article) {
    for format in Format::ALL {
        let bytes = write_feed(format, original);
        let read = read_feed(format, &bytes);
        assert_eq!(read.articles.len(), 1);
        let back = &read.articles[0];
        assert_kept(format, original, back);
        // And on into an article file, which keeps everything the feed gave.
        let file = article::write(back);
        let again = read_article("again.md", &file);
        assert_eq!(again.title, back.title);
        assert_eq!(again.id, back.id);
        assert_eq!(again.published, back.published);
        assert_eq!(again.updated, back.updated);
        assert_eq!(again.excerpt, back.excerpt);
        assert_eq!(again.images, back.images);
        assert_eq!(again.topics, back.topics);
        assert_eq!(again.provider, back.provider);
        assert_eq!(again.authors, back.authors);
        assert_eq!(again.link, back.link);
        assert_eq!(again.related, back.related);
        assert_eq!(again.original_url, back.original_url);
        assert_eq!(again.attachments, back.attachments);
    }
}

#[test]
fn every_published_corpus_article_round_trips_through_every_format() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/everyday-ai");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut checked = 0;
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let (Outcome::Article(a), _) = parse_file(&name, &name, &bytes, &ReadOptions::default())
            && a.is_published
        {
            round_trip(&a);
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} published articles");
}

#[test]
fn an_article_file_round_trips_through_every_format_and_back_to_a_file() {
    let seed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/reference-seed/input/000_f20c2178ff692251.txt"),
    )
    .unwrap();
    let original = read_article("seed.md", &seed);
    round_trip(&original);
    // The article file written from the article reads back as the same article.
    let again = read_article("seed.md", &article::write(&original));
    assert_eq!(
        again,
        Article {
            source: "seed.md".into(),
            ..original
        }
    );
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof!["\\PC{1,30}", "[a-zA-Z0-9 &<>\"'#:;,.!?/-]{1,30}",]
}

fn clean(text: &str) -> String {
    text.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_articles_round_trip(
        title in any_text(),
        excerpt in proptest::option::of(any_text()),
        topics in proptest::collection::vec(any_text(), 0..3),
        provider in any_text(),
        related_title in any_text(),
        width in proptest::option::of(1u32..5000),
        day in 1u32..28,
        updated_days in proptest::option::of(1i64..400),
    ) {
        // Only text that survives cleaning and XML is generated as a value.
        let title = clean(&title.replace(['\u{FFFE}', '\u{FFFF}'], ""));
        let provider = clean(&provider.replace(['\u{FFFE}', '\u{FFFF}'], ""));
        let related_title = clean(&related_title.replace(['\u{FFFE}', '\u{FFFF}'], ""));
        prop_assume!(!title.is_empty() && !provider.is_empty() && !related_title.is_empty());
        prop_assume!(!title.chars().any(char::is_control) && !provider.chars().any(char::is_control));
        prop_assume!(!related_title.chars().any(char::is_control));
        let excerpt = excerpt
            .map(|e| clean(&e.replace(['\u{FFFE}', '\u{FFFF}'], "")))
            .filter(|e| !e.is_empty() && !e.chars().any(char::is_control));
        let mut topic_list: Vec<String> = Vec::new();
        for t in topics {
            let t = clean(&t.replace(['\u{FFFE}', '\u{FFFF}'], ""));
            if !t.is_empty() && !t.chars().any(char::is_control) && !topic_list.contains(&t) {
                topic_list.push(t);
            }
        }
        let published = chrono::DateTime::parse_from_rfc3339(&format!("2024-03-{day:02}T10:20:30Z"))
            .unwrap()
            .to_utc();
        let original = Article {
            source: "prop.md".into(),
            id: format!("https://example.com/story/{day}"),
            link: Some(format!("https://example.com/story/{day}")),
            title,
            excerpt,
            published: Some(published),
            updated: updated_days.map(|d| published + chrono::Duration::days(d)),
            original_url: None,
            amp_url: None,
            provider: Some(frontfeed::model::Provider {
                name: provider,
                domain: Some("example.com".into()),
                logo: None,
            }),
            images: vec![Image {
                url: "https://example.com/lead.jpg".into(),
                width,
                height: width.map(|w| w / 2 + 1),
                title: None,
                attribution: None,
            }],
            authors: Vec::new(),
            attachments: Vec::new(),
            topics: topic_list.into_iter().map(Topic::named).collect(),
            section: None,
            related: vec![Related {
                title: related_title,
                url: "https://example.com/related".into(),
                excerpt: None,
                published: None,
                provider: None,
                image: None,
            }],
            is_published: true,
            terms: Vec::new(),
            visible_from: None,
            visible_until: None,
            quality: None,
            heat: None,
            locale: None,
            body_html: None,
            content_block: true,
        };
        round_trip(&original);
    }
}

#[test]
fn feed_items_round_trip_through_article_files_and_every_format() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/feed-in-rss/input/partner.rss");
    let bytes = std::fs::read(path).unwrap();
    let (read, _) = feed::read(
        "partner.rss",
        &bytes,
        feed::Kind::Xml,
        &ReadOptions::default(),
    );
    let articles = read.unwrap().articles;
    assert!(articles.iter().any(|a| !a.attachments.is_empty()));
    assert!(articles.iter().any(|a| !a.id_is_link()));
    for item in &articles {
        // Written as an article file, an item is one: its body is given the content block.
        let again = read_article("item.md", &article::write(item));
        assert_eq!(
            again,
            Article {
                source: "item.md".into(),
                content_block: true,
                ..item.clone()
            }
        );
        for format in Format::ALL {
            let back = &read_feed_lenient(format, &write_feed(format, item)).articles[0];
            if format == Format::Rss && item.attachments.len() > 1 {
                // RSS has one enclosure: the other files go as Media RSS content, where a picture
                // reads back as one of the item's images.
                assert_eq!(back.attachments[0], item.attachments[0], "rss: enclosure");
                for file in &item.attachments[1..] {
                    let kept = back.attachments.iter().any(|a| a.url == file.url)
                        || back.images.iter().any(|i| i.url == file.url);
                    assert!(kept, "rss: {} kept", file.url);
                }
                continue;
            }
            assert_eq!(back.attachments, item.attachments, "{format}: attachments");
            assert_eq!(back.images, item.images, "{format}: images");
            assert_eq!(back.id, item.id, "{format}: id");
            assert_eq!(back.link, item.link, "{format}: link");
        }
    }
}

/// Reads a feed back, allowing warnings (items from other feeds may lack what this one needs).
fn read_feed_lenient(format: Format, bytes: &[u8]) -> FeedDocument {
    let kind = feed::sniff(bytes).expect("a feed");
    let (read, diagnostics) = feed::read(format.name(), bytes, kind, &ReadOptions::default());
    assert!(!diagnostics.iter().any(|d| d.is_error()), "{diagnostics:?}");
    read.expect("the feed reads back")
}
