//! frontfeed turns folders of news articles (Markdown files with YAML front matter) into feeds, reads
//! Jekyll, Hugo and Zola sites' posts as their generators do, and converts any RSS, Atom or JSON Feed
//! into any of them.
//!
//! The pipeline runs one way:
//!
//! ```text
//! discover ──▶ read ──────────▶ plan ──────────▶ select ─────────▶ write ────────▶ publish
//! (input)      (input: split,   (one feed, or     (filter, drafts,  (output: RSS,   (the run's sink:
//!              YAML, validate)   one per format    merge, order,     Atom, JSON      stdout, a file, or
//!                                or split value)   limit)            Feed, OPML)     a folder + index.opml)
//! ```
//!
//! A [`config::Request`] (what was asked, as plain values) is resolved by [`config::resolve`] into
//! a [`config::Config`]: the mode (feeds, article files, check) and every setting, complete before
//! the run. [`run`] then runs that mode (`run/`), one short function each. Reading reduces every
//! article to a [`model::Candidate`] (id, dates, filterable fields) as soon as it is parsed;
//! planning and selection work on candidates, and only the articles the feeds show are kept (or read
//! again) in full. `input` and `output` never import each other; they meet in [`model`]. Nothing in
//! the library sees the command-line parser, the clock or the process exit code.
//!
//! The pieces can be used on their own: read an article file, build a [`model::Feed`], write it.
//!
//! ```
//! use std::borrow::Cow;
//!
//! use frontfeed::input::{Outcome, ReadOptions, parse_file};
//! use frontfeed::model::{Feed, FeedMeta};
//! use frontfeed::output::Format;
//!
//! let text = "---\ntitle: Hello\nwebUrl: https://example.org/hello\n\
//!             publishedDateTime: 2024-01-02T03:04:05Z\n---\nThe *body*.\n";
//! let (outcome, diagnostics) =
//!     parse_file("hello.md", "hello.md", text.as_bytes(), &ReadOptions::default());
//! assert!(diagnostics.is_empty());
//! let Outcome::Article(article) = outcome else {
//!     panic!("not an article")
//! };
//! let meta = FeedMeta {
//!     title: Some("Example".into()),
//!     home_url: Some("https://example.org/".into()),
//!     ..FeedMeta::default()
//! };
//! let feed = Feed::new(meta, vec![Cow::Owned(*article)]);
//! let rss = String::from_utf8(Format::Rss.write(&feed)).unwrap();
//! assert!(rss.contains("<link>https://example.org/hello</link>"));
//! assert!(rss.contains("<pubDate>Tue, 02 Jan 2024 03:04:05 +0000</pubDate>"));
//! ```
//!
//! The library's API has no stability promise yet: it is shaped by the command line it serves, and
//! may change in any release.

pub mod config;
pub mod error;
pub mod filter;
pub mod input;
pub mod model;
pub mod output;
pub mod plan;
pub mod publish;
pub mod report;
mod run;
pub mod select;

pub use run::{Finished, Io, run};
