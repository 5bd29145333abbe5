//! The format-neutral article and feed: the contract between `input` and `output`.
//!
//! Everything here is already validated and cleaned: URLs are absolute http(s) and encoded, dates are
//! UTC instants, text is plain text. Input builds these values; output only reads them. Nothing here
//! knows about YAML, files on disk, XML or JSON.

mod article;
mod candidate;
pub mod content;
pub mod dates;
mod feed;
pub mod ids;
pub(crate) mod interner;
mod item_ref;
pub mod language;
mod meta;
pub mod slug;

pub use article::{Article, Attachment, Author, Image, Provider, Related, Topic, mime_of_url};
pub use candidate::{Candidate, Facets};
pub use feed::{Feed, GENERATOR, GENERATOR_VERSION};
pub use item_ref::ItemRef;
pub use meta::{FeedMeta, FieldMut, MetaField, Person};
