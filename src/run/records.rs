//! What the cache needs of each file a run read, kept small because a run keeps it for every file:
//! its key and what it was (a byte), and, for the few files that have them, its diagnostics. The
//! room for all files is asked for at once and without aborting: where memory is short, the run
//! goes on without a cache.

use std::collections::HashMap;

use crate::error::Diagnostic;
use crate::input::Outcome;
use crate::input::cache::FileKey;

/// What a file was, for the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum What {
    Article,
    Feed,
    NotArticle,
    NotPost,
    NoFrontMatter,
    Rejected,
    /// Not cached: standard input, a FIFO, a file that could not be looked at.
    NoKey,
}

/// What the cache needs of every file read, in file order.
#[derive(Debug, Default)]
pub(crate) struct Records {
    keys: Vec<FileKey>,
    whats: Vec<What>,
    diagnostics: HashMap<usize, Box<[Diagnostic]>>,
}

impl Records {
    /// Room for `files` files, or `None` when memory for it cannot be had.
    pub fn with_room(files: usize) -> Option<Records> {
        let mut records = Records::default();
        records.keys.try_reserve_exact(files).ok()?;
        records.whats.try_reserve_exact(files).ok()?;
        Some(records)
    }

    /// Records the next file: its key, what it was, its diagnostics.
    pub fn push<A>(
        &mut self,
        key: Option<FileKey>,
        outcome: &Outcome<A>,
        diagnostics: Vec<Diagnostic>,
    ) {
        let what = match (key, outcome) {
            (None, _) => What::NoKey,
            (Some(_), Outcome::Article(_)) => What::Article,
            (Some(_), Outcome::Feed(_)) => What::Feed,
            (Some(_), Outcome::NotArticle) => What::NotArticle,
            (Some(_), Outcome::NotPost) => What::NotPost,
            (Some(_), Outcome::NoFrontMatter) => What::NoFrontMatter,
            (Some(_), Outcome::Rejected) => What::Rejected,
        };
        if !diagnostics.is_empty() {
            self.diagnostics
                .insert(self.keys.len(), diagnostics.into_boxed_slice());
        }
        self.keys.push(key.unwrap_or_else(FileKey::none));
        self.whats.push(what);
    }

    /// File number `file`: its key, what it was, and its diagnostics.
    pub fn get(&self, file: usize) -> (FileKey, What, &[Diagnostic]) {
        let diagnostics = self.diagnostics.get(&file).map_or(&[][..], |d| &d[..]);
        (self.keys[file], self.whats[file], diagnostics)
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.keys.len()
    }
}
