//! Settings that change how a file becomes an article.

use std::sync::Arc;

use super::site::Site;

/// The largest file read by default, in bytes: far above any article (the largest real one seen is
/// 17 KB), low enough that a stray dump or disk image is refused before it is read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The largest feed read by default (a file named on the command line, or standard input, that is
/// a feed): feeds that keep every episode of a long-running podcast pass 10 MiB, and reading a feed
/// takes time and memory in proportion to it.
pub const DEFAULT_MAX_FEED_SIZE: u64 = 256 * 1024 * 1024;

/// Settings that change how a file becomes an article.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Base for root-relative and relative URLs (`url` + `baseurl`), absolute http(s), no trailing `/`.
    pub site_url: Option<String>,
    /// Where a feed read as input lives (`--base-url`): the base for its relative URLs when it names
    /// neither an `xml:base`, nor its own URL, nor an absolute home page.
    pub feed_base: Option<String>,
    /// Files larger than this many bytes are refused without being read.
    pub max_file_size: u64,
    /// Feeds larger than this many bytes are refused (a larger file named on the command line is
    /// refused unless its first bytes show a feed).
    pub max_feed_size: u64,
    /// The generator's site the files belong to, whose posts are read by its rules; `None` for the
    /// article format alone.
    pub site: Option<Arc<Site>>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            site_url: None,
            feed_base: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_feed_size: DEFAULT_MAX_FEED_SIZE,
            site: None,
        }
    }
}
