//! The counts a run ends with: what was read, what was written, and what decides the exit code; and
//! the one-line summary they print as.

/// What writing article files did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticlesWritten {
    /// New files.
    pub written: usize,
    /// Files that held an item already and were rewritten (`--force`).
    pub rewritten: usize,
    /// Items already in the folder, left alone.
    pub kept: usize,
}

/// One feed written, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedReport {
    /// File name (empty for standard output).
    pub name: String,
    /// Items written.
    pub items: usize,
    /// Drafts left out.
    pub unpublished: usize,
    /// Copies merged into another item.
    pub merged: usize,
    /// Items cut by the limit.
    pub over_limit: usize,
    /// The file already held these bytes and was left alone.
    pub unchanged: bool,
}

/// Counts for the one-line summary, and what decides the exit code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Valid articles read (items of feeds included).
    pub articles: usize,
    /// Feeds read as input.
    pub feeds_read: usize,
    /// Articles that were items of those feeds.
    pub feed_items: usize,
    /// Items of those feeds left out with an error.
    pub items_rejected: usize,
    /// Files without front matter.
    pub no_front_matter: usize,
    /// Files with front matter that are not articles.
    pub not_articles: usize,
    /// Files rejected with an error.
    pub rejected: usize,
    /// Warnings reported.
    pub warnings: usize,
    /// Feeds written (none for `check`).
    pub feeds: Vec<FeedReport>,
    /// The folder the feeds went to, when several.
    pub folder: Option<String>,
    /// What `--to articles` wrote.
    pub articles_written: Option<ArticlesWritten>,
}

/// `1 item`, `2 items`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Summary {
    /// Whether anything was rejected: a file, or an item of a feed. The run then exits with 1.
    pub fn has_errors(&self) -> bool {
        self.rejected > 0 || self.items_rejected > 0
    }

    /// `12 articles`, or `12 articles, 10 of them from 2 feeds`.
    fn articles_read(&self) -> String {
        let articles = count(self.articles, "article", "articles");
        if self.feeds_read == 0 {
            return articles;
        }
        format!(
            "{articles}, {} of them from {}",
            self.feed_items,
            count(self.feeds_read, "feed", "feeds")
        )
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("frontfeed: ")?;
        if let (Some(done), Some(folder)) = (&self.articles_written, &self.folder) {
            write!(
                f,
                "{} written in {folder} ({} rewritten, {} already there and left alone) from {}",
                count(
                    done.written + done.rewritten,
                    "article file",
                    "article files"
                ),
                done.rewritten,
                done.kept,
                self.articles_read(),
            )?;
        } else {
            match (&self.folder, self.feeds.as_slice()) {
                (None, [feed]) => write!(
                    f,
                    "{} from {} ({} left out, {} merged, {} over the limit)",
                    count(feed.items, "item", "items"),
                    self.articles_read(),
                    count(feed.unpublished, "unpublished", "unpublished"),
                    count(feed.merged, "duplicate", "duplicates"),
                    feed.over_limit,
                )?,
                (Some(folder), feeds) => {
                    let unchanged = feeds.iter().filter(|r| r.unchanged).count();
                    write!(
                        f,
                        "{} in {folder} ({unchanged} unchanged) from {}",
                        count(feeds.len(), "feed", "feeds"),
                        self.articles_read(),
                    )?;
                }
                (None, _) => write!(f, "checked {}", self.articles_read())?,
            }
        }
        write!(
            f,
            "; {} skipped ({} without front matter, {} not {}); {} rejected; {}",
            count(self.no_front_matter + self.not_articles, "file", "files"),
            self.no_front_matter,
            self.not_articles,
            if self.not_articles == 1 {
                "an article"
            } else {
                "articles"
            },
            count(self.rejected, "file", "files"),
            count(self.warnings, "warning", "warnings"),
        )?;
        if self.items_rejected > 0 {
            write!(
                f,
                "; {} of feeds rejected",
                count(self.items_rejected, "item", "items")
            )?;
        }
        if self.folder.is_none() && self.feeds.first().is_some_and(|r| r.unchanged) {
            f.write_str("; output unchanged")?;
        }
        Ok(())
    }
}
