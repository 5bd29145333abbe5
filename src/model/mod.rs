//! The format-neutral article and feed: the contract between `input` and `output`.
//!
//! Everything here is already validated and cleaned: URLs are absolute http(s) and encoded, dates are
//! UTC instants, text is plain text. Input builds these values; output only reads them. Nothing here
//! knows about YAML, files on disk, XML or JSON.

mod article;
mod candidate;
pub mod content;
mod feed;

pub use article::{Article, Attachment, Image, Provider, Related};
pub use candidate::{Candidate, Facets, Interner};
pub use feed::{Feed, FeedMeta, Person};
