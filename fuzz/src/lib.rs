//! Shared pieces of the fuzz targets: an arbitrary feed built from fuzzer bytes, and the independent
//! parsers every output must satisfy.

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Utc};
use frontfeed::model::{
    Article, Attachment, Author, Feed, FeedMeta, Image, Person, Provider, Related, Topic,
};
use frontfeed::output::Format;

fn date(u: &mut Unstructured<'_>) -> arbitrary::Result<DateTime<Utc>> {
    // Years 0001 to 9999: what RFC 3339 and RFC 822 can write.
    let secs = u.int_in_range(-62_135_596_800i64..=253_402_300_799)?;
    Ok(DateTime::from_timestamp(secs, 0).unwrap_or_default())
}

fn image(u: &mut Unstructured<'_>) -> arbitrary::Result<Image> {
    Ok(Image {
        url: String::arbitrary(u)?,
        width: Option::arbitrary(u)?,
        height: Option::arbitrary(u)?,
        title: Option::arbitrary(u)?,
        attribution: Option::arbitrary(u)?,
    })
}

fn article(u: &mut Unstructured<'_>) -> arbitrary::Result<Article> {
    let images = (0..u.int_in_range(0..=3)?).map(|_| image(u)).collect::<Result<_, _>>()?;
    let related = (0..u.int_in_range(0..=3)?)
        .map(|_| {
            Ok(Related {
                title: String::arbitrary(u)?,
                url: String::arbitrary(u)?,
                excerpt: Option::arbitrary(u)?,
                published: if bool::arbitrary(u)? { Some(date(u)?) } else { None },
                provider: Option::arbitrary(u)?,
                image: if bool::arbitrary(u)? { Some(image(u)?) } else { None },
            })
        })
        .collect::<arbitrary::Result<_>>()?;
    let provider = if bool::arbitrary(u)? {
        Some(Provider {
            name: String::arbitrary(u)?,
            domain: Option::arbitrary(u)?,
            logo: if bool::arbitrary(u)? { Some(image(u)?) } else { None },
        })
    } else {
        None
    };
    let authors = (0..u.int_in_range(0..=2)?)
        .map(|_| {
            Ok(Author {
                name: Option::arbitrary(u)?,
                email: Option::arbitrary(u)?,
                uri: Option::arbitrary(u)?,
                avatar: Option::arbitrary(u)?,
            })
        })
        .collect::<arbitrary::Result<_>>()?;
    let topics = (0..u.int_in_range(0..=3)?)
        .map(|_| {
            Ok(Topic {
                term: String::arbitrary(u)?,
                scheme: Option::arbitrary(u)?,
                label: Option::arbitrary(u)?,
            })
        })
        .collect::<arbitrary::Result<_>>()?;
    Ok(Article {
        source: String::arbitrary(u)?,
        id: String::arbitrary(u)?,
        link: Option::arbitrary(u)?,
        title: String::arbitrary(u)?,
        excerpt: Option::arbitrary(u)?,
        published: if bool::arbitrary(u)? { Some(date(u)?) } else { None },
        updated: if bool::arbitrary(u)? { Some(date(u)?) } else { None },
        original_url: Option::arbitrary(u)?,
        amp_url: Option::arbitrary(u)?,
        provider,
        authors,
        images,
        attachments: (0..u.int_in_range(0..=2)?)
            .map(|_| {
                Ok(Attachment {
                    url: String::arbitrary(u)?,
                    mime_type: String::arbitrary(u)?,
                    length: Option::arbitrary(u)?,
                    title: Option::arbitrary(u)?,
                })
            })
            .collect::<arbitrary::Result<_>>()?,
        topics,
        section: Option::arbitrary(u)?,
        related,
        is_published: bool::arbitrary(u)?,
        terms: Vec::new(),
        visible_from: None,
        visible_until: None,
        quality: Option::arbitrary(u)?,
        heat: Option::arbitrary(u)?,
        locale: Option::arbitrary(u)?,
        body_html: Option::arbitrary(u)?,
        content_block: bool::arbitrary(u)?,
    })
}

/// A feed of up to four arbitrary items with arbitrary metadata.
pub fn feed(u: &mut Unstructured<'_>) -> arbitrary::Result<Feed<'static>> {
    let items: Vec<Article> = (0..u.int_in_range(0..=4)?).map(|_| article(u)).collect::<Result<_, _>>()?;
    let meta = FeedMeta {
        title: Option::arbitrary(u)?,
        description: Option::arbitrary(u)?,
        home_url: Option::arbitrary(u)?,
        feed_url: Option::arbitrary(u)?,
        base_url: None,
        language: Option::arbitrary(u)?,
        author: if bool::arbitrary(u)? {
            Some(Person { name: String::arbitrary(u)?, email: Option::arbitrary(u)?, uri: Option::arbitrary(u)? })
        } else {
            None
        },
        icon: Option::arbitrary(u)?,
        logo: Option::arbitrary(u)?,
    };
    Ok(Feed::new(meta, items.into_iter().map(std::borrow::Cow::Owned).collect()))
}

/// Writes `feed` in `format` and checks the bytes with parsers that share no code with the writer:
/// roxmltree for XML well-formedness and namespaces, serde_json for JSON, and feed-rs, a feed reader,
/// which must find every item.
pub fn write_and_parse_back(feed: &Feed<'_>, format: Format) {
    let bytes = format.write(feed);
    let text = std::str::from_utf8(&bytes).expect("output is UTF-8");
    match format {
        Format::Json => {
            let value: serde_json::Value = serde_json::from_str(text).expect("JSON Feed is valid JSON");
            let items = value["items"].as_array().expect("items is an array");
            assert_eq!(items.len(), feed.items.len());
        }
        Format::Rss | Format::Atom => {
            roxmltree::Document::parse(text).expect("the feed is well-formed XML");
        }
    }
    let parsed = feed_rs::parser::parse(bytes.as_slice()).expect("a feed reader parses the feed");
    assert_eq!(parsed.entries.len(), feed.items.len(), "every item is read back");
}
