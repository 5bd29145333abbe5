//! Any bytes as an article file: front-matter splitting, YAML, validation and Markdown must never
//! panic or hang, and whatever article comes out must write as feeds that parse back.
#![no_main]

use frontfeed::input::{Outcome, ReadOptions, parse_file};
use frontfeed::model::Feed;
use frontfeed::model::FeedMeta;
use frontfeed::output::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions { site_url: Some("https://example.org/site".into()), ..ReadOptions::default() };
    let (outcome, diagnostics) = parse_file("fuzz.md", "2024-01-02-fuzz.md", data, &options);
    for d in &diagnostics {
        let _ = d.to_string();
    }
    if let Outcome::Article(article) = outcome {
        let link = article.link.as_deref();
        assert!(link.is_none_or(|l| l.starts_with("http://") || l.starts_with("https://")));
        let meta = FeedMeta { title: Some("Fuzz".into()), ..FeedMeta::default() };
        let feed = Feed::new(meta, vec![std::borrow::Cow::Owned(*article)]);
        for format in Format::ALL {
            frontfeed_fuzz::write_and_parse_back(&feed, format);
        }
    }
});
