//! What reading one file gives: its [`Outcome`] (an article, a feed, something skipped, or rejected)
//! with its diagnostics, as a [`Reading`]; and what a run keeps of an article ([`Entry`]) when it
//! keeps less than the whole of it ([`Retain`]).

use serde::{Deserialize, Serialize};

use super::feed::FeedDocument;
use crate::error::Diagnostic;
use crate::model::{Article, Candidate, ItemRef};

/// What one input file turned out to be. `A` is how its article is held: whole when just read, as
/// an [`Entry`] once a run has kept what it needs of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Outcome<A = Box<Article>> {
    /// A valid article.
    Article(A),
    /// A feed named on the command line, with its items as articles.
    Feed(Box<FeedDocument>),
    /// Front matter without a title and a URL (a profile, a data file): skipped, not an error.
    NotArticle,
    /// A file of a generator's site that is not one of its posts (a list page, a page bundle's other
    /// file, a page the section's feed leaves out, a page without a date in Zola): skipped.
    NotPost,
    /// No front matter at all (or not text: an image, a PDF): skipped.
    NoFrontMatter,
    /// The file broke a rule; its errors are in the diagnostics.
    Rejected,
}

/// One file read: what it is, and everything worth telling about it, in line order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reading<A = Box<Article>> {
    /// What the file is.
    pub outcome: Outcome<A>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The length and checksum of the bytes read (0 for what was not read from a file).
    pub fingerprint: u64,
}

/// The fingerprint of `bytes`: their length and CRC-32, one word.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    ((bytes.len() as u64) << 32) | u64::from(crc32fast::hash(bytes))
}

/// What a run keeps of an article: the candidate selection works on, and the article itself when
/// the run keeps whole articles.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// What selection needs of the article.
    pub candidate: Candidate,
    /// The article, when kept.
    pub article: Option<Box<Article>>,
}

/// What a run keeps of each article beyond its candidate's identity and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retain {
    /// The whole article (all-items feeds, standard input).
    pub articles: bool,
    /// The candidate's facets (some feed filters or splits).
    pub facets: bool,
}

impl Reading {
    /// Keeps of input file number `file` what `retain` asks for: the candidate of its article, with
    /// its facets when asked, and the article itself when asked.
    pub fn retain(self, file: usize, retain: Retain) -> Reading<Entry> {
        let outcome = match self.outcome {
            Outcome::Article(article) => {
                let mut candidate = Candidate::of(ItemRef::file(file), &article);
                candidate.fingerprint = self.fingerprint;
                if !retain.facets {
                    candidate.facets = None;
                }
                Outcome::Article(Entry {
                    candidate,
                    article: retain.articles.then_some(article),
                })
            }
            Outcome::Feed(feed) => Outcome::Feed(feed),
            Outcome::NotArticle => Outcome::NotArticle,
            Outcome::NotPost => Outcome::NotPost,
            Outcome::NoFrontMatter => Outcome::NoFrontMatter,
            Outcome::Rejected => Outcome::Rejected,
        };
        Reading {
            outcome,
            diagnostics: self.diagnostics,
            fingerprint: self.fingerprint,
        }
    }
}
