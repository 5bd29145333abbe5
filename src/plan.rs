//! Which feeds a run writes: one per job, or one per value of a split (topic, section or provider),
//! each with its settings, its filter and a safe, unique, readable file name. Where the files go, and
//! their public URLs, is the run's sink.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::error::Diagnostic;
use crate::filter::Filter;
use crate::model::slug::slug;
use crate::model::{Candidate, FeedMeta};
use crate::output::Format;
use crate::select::Selection;

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
    /// The job's own settings (a `[[feeds]]` entry's title and description), over the run's.
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
    /// Feed metadata (the self URL is the sink's to give).
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

/// The file name of a split feed: `<stem>.xml`, `<stem>.atom.xml` or `<stem>.json`.
fn split_file_name(stem: &str, format: Format) -> String {
    match format {
        Format::Rss => format!("{stem}.xml"),
        Format::Atom => format!("{stem}.atom.xml"),
        Format::Json => format!("{stem}.json"),
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
pub fn file_stem(value: &str) -> String {
    match slug(value, false, MAX_SLUG) {
        s if s.is_empty() => "feed".to_owned(),
        s if RESERVED.contains(&s.as_str()) => format!("{s}-feed"),
        s => s,
    }
}

/// Expands split jobs into one feed per value (values of the articles each job would include), each
/// job's settings over `site`'s, and reports file names that had to change to stay unique.
pub fn expand(
    jobs: &[Job],
    site: &FeedMeta,
    articles: &[Candidate],
    selection: Selection,
) -> (Vec<PlannedFeed>, Vec<Diagnostic>) {
    let mut planned = Vec::new();
    let mut notes = Vec::new();
    for job in jobs {
        let meta = job.meta.clone().or(site.clone());
        let Some(by) = job.split_by else {
            planned.push(PlannedFeed {
                file_name: job.file_name.clone(),
                format: job.format,
                meta,
                filter: job.filter.clone(),
                limit: job.limit,
            });
            continue;
        };
        // Values that differ only in case are one feed, named after the first spelling in sort order.
        let mut values: BTreeMap<String, &str> = BTreeMap::new();
        for article in articles
            .iter()
            .filter(|a| selection.shows(a) && job.filter.accepts(a))
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
            let base = file_stem(value);
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
            let mut split_meta = meta.clone();
            split_meta.title = Some(format!("{}: {value}", meta.title_text()));
            planned.push(PlannedFeed {
                file_name: split_file_name(&name, job.format),
                format: job.format,
                meta: split_meta,
                filter: job.filter.and(&by.filter(value)),
                limit: job.limit,
            });
        }
    }
    (planned, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_safe() {
        assert_eq!(file_stem("AI in Healthcare"), "ai-in-healthcare");
        assert_eq!(file_stem("C++ / Rust"), "c-rust");
        assert_eq!(file_stem("中国日报网"), "中国日报网");
        assert_eq!(file_stem("아크로팬"), "아크로팬");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("CON"), "con-feed");
        assert_eq!(file_stem("!!!"), "feed");
        assert_eq!(file_stem(&"x".repeat(500)).len(), MAX_SLUG);
    }
}
