//! Settings that change how a file becomes an article.

use std::sync::Arc;

use super::site::Site;

/// The largest file read by default, in bytes: far above any article (the largest real one seen is
/// 17 KB), low enough that a stray dump or disk image is refused before it is read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Settings that change how a file becomes an article.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Base for root-relative and relative URLs (`url` + `baseurl`), absolute http(s), no trailing `/`.
    pub site_url: Option<String>,
    /// Files larger than this many bytes are refused without being read.
    pub max_file_size: u64,
    /// The generator's site the files belong to, whose posts are read by its rules; `None` for the
    /// article format alone.
    pub site: Option<Arc<Site>>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            site_url: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            site: None,
        }
    }
}
