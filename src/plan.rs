//! Which files a run writes: one feed to standard output or a file, or several feeds into a folder
//! (several formats, a list from `frontfeed.toml`, or one feed per topic, section or provider), with
//! safe, unique, readable file names and their public URLs.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::error::Diagnostic;
use crate::filter::Filter;
use crate::input::link;
use crate::model::{Candidate, FeedMeta};
use crate::output::Format;

/// Where the bytes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (one feed).
    Stdout,
    /// One file, replaced atomically.
    File(PathBuf),
    /// A folder of feeds plus `index.opml`.
    Folder(PathBuf),
    /// A folder of article files, one per item (`--to articles`).
    Articles {
        /// The folder.
        dir: PathBuf,
        /// Rewrite files that already hold an item.
        force: bool,
    },
}

/// One feed per distinct value of an article field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitBy {
    /// `topics` (an article with three topics is in three feeds).
    Topic,
    /// `category`.
    Category,
    /// `provider.name`.
    Provider,
}

impl SplitBy {
    /// Every way to split, for `--help`.
    pub const ALL: [SplitBy; 3] = [SplitBy::Topic, SplitBy::Category, SplitBy::Provider];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SplitBy::Topic => "topic",
            SplitBy::Category => "category",
            SplitBy::Provider => "provider",
        }
    }

    fn values(self, article: &Candidate) -> Vec<&str> {
        match self {
            SplitBy::Topic => article.facets().topics.iter().map(|t| &**t).collect(),
            SplitBy::Category => article.facets().section.iter().map(|s| &**s).collect(),
            SplitBy::Provider => article
                .facets()
                .provider_name
                .iter()
                .map(|p| &**p)
                .collect(),
        }
    }

    fn filter(self, value: &str) -> Filter {
        let values = vec![value.to_owned()];
        match self {
            SplitBy::Topic => Filter {
                topics: values,
                ..Filter::default()
            },
            SplitBy::Category => Filter {
                categories: values,
                ..Filter::default()
            },
            SplitBy::Provider => Filter {
                providers: values,
                ..Filter::default()
            },
        }
    }
}

impl fmt::Display for SplitBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SplitBy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SplitBy::ALL
            .into_iter()
            .find(|b| b.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("cannot split by `{s}`; choose one of: topic, category, provider")
            })
    }
}

/// A feed to write, as configured (a split job stands for many feeds).
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// File name in the output folder (ignored for standard output and a single file).
    pub file_name: String,
    /// Output format.
    pub format: Format,
    /// Feed metadata; the self URL is filled in per file.
    pub meta: FeedMeta,
    /// Which articles the feed wants.
    pub filter: Filter,
    /// At most this many items; 0 means all.
    pub limit: usize,
    /// One feed per value of this field.
    pub split_by: Option<SplitBy>,
}

/// A feed to write, with its final file name and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFeed {
    /// File name in the output folder.
    pub file_name: String,
    /// Output format.
    pub format: Format,
    /// Feed metadata with its self URL.
    pub meta: FeedMeta,
    /// Which articles the feed wants.
    pub filter: Filter,
    /// At most this many items; 0 means all.
    pub limit: usize,
}

/// The OPML list of every feed written into a folder.
pub const INDEX_FILE: &str = "index.opml";

/// The file name of the one feed of `format` in a folder.
pub fn default_file_name(format: Format) -> &'static str {
    match format {
        Format::Rss => "rss.xml",
        Format::Atom => "atom.xml",
        Format::Json => "feed.json",
    }
}

/// The file name of a split feed: `<slug>.xml`, `<slug>.atom.xml` or `<slug>.json`.
fn split_file_name(slug: &str, format: Format) -> String {
    match format {
        Format::Rss => format!("{slug}.xml"),
        Format::Atom => format!("{slug}.atom.xml"),
        Format::Json => format!("{slug}.json"),
    }
}

/// Names no file system takes as a file name, whatever the extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Longest slug, in characters, so names stay well under file-system limits.
const MAX_SLUG: usize = 60;

/// A readable file-name stem for `value`: letters and digits of any script, lower-cased, words joined by
/// `-`. Safe on every file system: no separators, dots, reserved names or control characters.
pub fn slug(value: &str) -> String {
    let mut slug = String::new();
    for c in value.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.chars().take(MAX_SLUG).collect();
    let slug = slug.trim_end_matches('-');
    match slug {
        "" => "feed".to_owned(),
        s if RESERVED.contains(&s) => format!("{s}-feed"),
        s => s.to_owned(),
    }
}

/// The public URL of `file_name` under `base_url`.
pub fn file_url(base_url: &str, file_name: &str) -> String {
    format!(
        "{}/{}",
        base_url.trim_end_matches('/'),
        link::encode(file_name)
    )
}

/// Expands split jobs into one feed per value (values of the articles each job would include), gives
/// every feed its self URL, and reports file names that had to change to stay unique.
pub fn expand(
    jobs: &[Job],
    articles: &[Candidate],
    include_unpublished: bool,
    base_url: Option<&str>,
) -> (Vec<PlannedFeed>, Vec<Diagnostic>) {
    let mut planned = Vec::new();
    let mut notes = Vec::new();
    for job in jobs {
        let Some(by) = job.split_by else {
            planned.push(PlannedFeed {
                file_name: job.file_name.clone(),
                format: job.format,
                meta: job.meta.clone(),
                filter: job.filter.clone(),
                limit: job.limit,
            });
            continue;
        };
        // Values that differ only in case are one feed, named after the first spelling in sort order.
        let mut values: BTreeMap<String, &str> = BTreeMap::new();
        for article in articles
            .iter()
            .filter(|a| (a.is_published || include_unpublished) && job.filter.accepts(a))
        {
            for value in by.values(article) {
                let key = value.to_lowercase();
                let entry = values.entry(key).or_insert(value);
                if value < *entry {
                    *entry = value;
                }
            }
        }
        let mut used: BTreeMap<String, &str> = BTreeMap::new();
        for value in values.into_values() {
            let base = slug(value);
            let mut name = base.clone();
            let mut n = 1;
            while let Some(other) = used.get(&name) {
                n += 1;
                let renamed = format!("{base}-{n}");
                if !used.contains_key(&renamed) {
                    let message = format!(
                        "{by} `{value}` has the same file name as `{other}`; it is written as {}",
                        split_file_name(&renamed, job.format)
                    );
                    notes.push(Diagnostic::warning(None, message));
                }
                name = renamed;
            }
            used.insert(name.clone(), value);
            let mut meta = job.meta.clone();
            meta.title = format!("{}: {value}", job.meta.title);
            planned.push(PlannedFeed {
                file_name: split_file_name(&name, job.format),
                format: job.format,
                meta,
                filter: job.filter.and(&by.filter(value)),
                limit: job.limit,
            });
        }
    }
    if let Some(base) = base_url {
        for feed in &mut planned {
            feed.meta.feed_url = Some(file_url(base, &feed.file_name));
        }
    }
    (planned, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_safe() {
        assert_eq!(slug("AI in Healthcare"), "ai-in-healthcare");
        assert_eq!(slug("C++ / Rust"), "c-rust");
        assert_eq!(slug("中国日报网"), "中国日报网");
        assert_eq!(slug("아크로팬"), "아크로팬");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("CON"), "con-feed");
        assert_eq!(slug("!!!"), "feed");
        assert_eq!(slug(&"x".repeat(500)).len(), MAX_SLUG);
    }

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url("https://a.org/feeds/", "中国.xml"),
            "https://a.org/feeds/%E4%B8%AD%E5%9B%BD.xml"
        );
    }
}
