//! One cached file: its path, its key, and what the run kept of it. Read back as owned values;
//! written from borrowed views of what a run holds, so saving copies nothing. The views serialise
//! exactly as the owned values do (same fields, same order), which a test checks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::key::FileKey;
use crate::error::Diagnostic;
use crate::input::feed::{FeedDocument, FeedFormat};
use crate::input::outcome::{Entry, Reading};
use crate::model::{Article, Candidate, FeedMeta};

/// One cached file, as read back.
#[derive(Debug, Deserialize)]
pub struct Record {
    pub path: u64,
    pub key: FileKey,
    pub kept: Reading<Entry>,
}

/// One file to cache, borrowed from what a run holds.
#[derive(Debug, Serialize)]
pub struct Saved<'a> {
    /// The hash of the path as the run names it ([`path_hash`]).
    pub path: u64,
    /// Its key when it was read.
    pub key: FileKey,
    /// What the run kept of it.
    pub kept: SavedReading<'a>,
}

/// A [`Reading`] of an [`Entry`], borrowed.
#[derive(Debug, Serialize)]
pub struct SavedReading<'a> {
    pub outcome: SavedOutcome<'a>,
    pub diagnostics: &'a [Diagnostic],
    pub fingerprint: u64,
}

/// An [`Outcome`](crate::input::Outcome) of an [`Entry`], borrowed; variants in the same order.
#[derive(Debug, Serialize)]
pub enum SavedOutcome<'a> {
    Article(SavedEntry<'a>),
    Feed(SavedFeed<'a>),
    NotArticle,
    NotPost,
    NoFrontMatter,
    Rejected,
}

/// An [`Entry`], borrowed.
#[derive(Debug, Serialize)]
pub struct SavedEntry<'a> {
    pub candidate: &'a Candidate,
    pub article: Option<&'a Article>,
}

/// A [`FeedDocument`], borrowed.
#[derive(Debug, Serialize)]
pub struct SavedFeed<'a> {
    pub format: FeedFormat,
    pub meta: &'a FeedMeta,
    #[serde(with = "crate::model::dates::compact")]
    pub updated: Option<DateTime<Utc>>,
    pub articles: Vec<&'a Article>,
}

/// The hash that stands for a path in the cache: a word, where the path would take a hundred bytes
/// per file held in memory. The cache is one build's, so the hash need only be stable within it.
pub fn path_hash(path: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(path.as_bytes());
    hasher.write_usize(path.len());
    hasher.finish()
}

/// The owned types a view stands for, named here so a change to them shows up in this file.
#[allow(dead_code)]
type Owned = (Reading<Entry>, FeedDocument);
