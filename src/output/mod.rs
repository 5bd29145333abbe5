//! Writing a [`Feed`](crate::model::Feed) as bytes: one file per format, each a pure function of the
//! feed.
//!
//! Writers never read files, the clock or the environment, so the same feed always gives the same
//! bytes. Shared pieces: `xml` (a writer that cannot produce ill-formed XML) and `media` (Media RSS);
//! the HTML block every item carries is `model::content`, dates are written by `model::dates`. A feed is written to any
//! `io::Write` as it goes ([`Format::write_to`], items on all cores), or into memory
//! ([`Format::write`]).

pub mod article;
mod atom;
mod format;
mod generator;
mod json_feed;
mod losses;
mod media;
pub mod opml;
mod rss;
mod xml;

pub use format::Format;
pub use generator::{GENERATOR, GENERATOR_VERSION};
pub use losses::Loss;
