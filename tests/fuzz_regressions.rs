//! Replays every input the fuzzers once crashed on (`tests/fuzz-regressions/<target>/`), so a fixed
//! bug stays fixed. For `parse_file`: no panic, and an accepted article's link, when it has one, is an
//! absolute http(s) URL, and it writes as feeds that parse back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use frontfeed::input::{Outcome, ReadOptions, parse_file};
use frontfeed::model::{Feed, FeedMeta};
use frontfeed::output::Format;

#[test]
fn parse_file_crashers_stay_fixed() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/parse_file");
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let options = ReadOptions {
            site_url: Some("https://example.org/site".into()),
            ..ReadOptions::default()
        };
        let (outcome, diagnostics) = parse_file("fuzz.md", "2024-01-02-fuzz.md", &bytes, &options);
        for d in &diagnostics {
            let _ = d.to_string();
        }
        if let Outcome::Article(article) = outcome {
            let link = article.link.as_deref();
            assert!(
                link.is_none_or(|l| l.starts_with("http://") || l.starts_with("https://")),
                "{}: {link:?}",
                path.display(),
            );
            let meta = FeedMeta {
                title: Some("Fuzz".into()),
                ..FeedMeta::default()
            };
            let mut feed = Feed::new(meta, vec![std::borrow::Cow::Owned(*article)]);
            feed.fallback_link = None;
            for format in Format::ALL {
                let bytes = format.write(&feed);
                feed_rs::parser::parse(bytes.as_slice())
                    .unwrap_or_else(|e| panic!("{}: {format}: {e}", path.display()));
            }
        }
        replayed += 1;
    }
    assert!(replayed > 0);
}
