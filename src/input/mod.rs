//! Reading the input: finding files, splitting front matter from body, parsing the YAML and turning it
//! into validated [`Article`](crate::model::Article)s with diagnostics.
//!
//! This module owns everything about files on disk and their syntax. It never writes output and knows
//! nothing of feed formats it writes; its product is a [`Reading`] per file, in path order (what the
//! file is, and its diagnostics), reduced to what a run keeps ([`Entry`]) and cached across runs.
//!
//! `discover` finds the files, `read` reads them (`front_matter`, `raw` and `block_yaml` for the
//! YAML, `mapping` for the rules of an article file, `post` for a Jekyll, Hugo or Zola site's posts
//! by the rules of its generator (`site`), `feed` for feeds named on the command line), `rules`
//! holds what all kinds of input share, and `existing` finds the article files already in a
//! folder.

#[doc(hidden)]
pub mod block_yaml;
pub(crate) mod cache;
pub mod dates;
mod discover;
mod existing;
pub mod feed;
mod front_matter;
mod html_text;
pub mod link;
mod mapping;
mod markdown;
pub(crate) mod nesting;
mod options;
mod outcome;
pub(crate) mod post;
mod raw;
mod read;
pub(crate) mod rules;
mod site;

pub use discover::{Source, Sources, discover, is_stdin};
pub use existing::{ExistingArticles, existing_articles};
pub use options::{DEFAULT_MAX_FEED_SIZE, DEFAULT_MAX_FILE_SIZE, ReadOptions};
pub use outcome::{Entry, Outcome, Reading, Retain};
pub use read::{check_inputs, parse_file, read_again, read_all};
pub use site::{
    HugoRules, JekyllDefaults, JekyllRules, Rules, Site, SiteKind, ZolaRules, ZolaSlugify, absolute,
};
