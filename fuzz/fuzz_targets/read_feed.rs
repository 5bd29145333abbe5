//! Any bytes as a feed named on the command line: XML and JSON parsing, each format's reader and the
//! article rules must never panic or hang, and every item read must write as feeds that parse back.
#![no_main]

use frontfeed::input::ReadOptions;
use frontfeed::input::feed;
use frontfeed::model::{Feed, FeedMeta};
use frontfeed::output::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(kind) = feed::sniff(data) else {
        return;
    };
    let options = ReadOptions { site_url: Some("https://example.org/site".into()), ..ReadOptions::default() };
    let (read, diagnostics) = feed::read("fuzz.xml", data, kind, &options);
    for d in &diagnostics {
        let _ = d.to_string();
    }
    let Some(read) = read else {
        return;
    };
    for article in read.articles {
        let link = article.link.as_deref();
        assert!(link.is_none_or(|l| l.starts_with("http://") || l.starts_with("https://")));
        assert!(!article.id.is_empty());
        let meta = FeedMeta { title: Some("Fuzz".into()), ..FeedMeta::default() };
        let feed = Feed::new(meta, vec![std::borrow::Cow::Owned(article)]);
        for format in Format::ALL {
            frontfeed_fuzz::write_and_parse_back(&feed, format);
        }
    }
});
