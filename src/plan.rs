//! Which feeds a run writes: one per job, or one per value of a split (topic, section or provider),
//! each with its settings, its filter and a safe, unique, readable file name. Where the files go, and
//! their public URLs, is the run's sink.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

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

    fn filter(self, spellings: &[&str]) -> Filter {
        let values: Vec<String> = spellings.iter().map(|s| (*s).to_owned()).collect();
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

/// Longest stem, in characters, so names stay well under file-system limits; a longer one is cut
/// and told apart by a hash.
const MAX_STEM: usize = 60;

/// The symbols that tell values apart (C, C#, C++), spelled as words.
const SPELLED: [(char, &str); 4] = [('+', "plus"), ('#', "sharp"), ('&', "and"), ('@', "at")];

/// What separates words; dropped without losing anything a reader would miss.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/' | ',' | ':' | ';' | '|')
}

/// The file-name stem of a split value: its letters and digits (of any script) lower-cased, `+`,
/// `#`, `&` and `@` spelled out, words joined by `-` (`C#` is `c-sharp`, `C++` `c-plus-plus`, `AI
/// Ethics` `ai-ethics`). It depends on the value alone, never on which other values exist. When
/// the value holds something else that had to be dropped (an emoji, brackets), is too long, or
/// would be a name no file system takes, a short hash of the value follows, so values that differ
/// only there still get names of their own. Values with the same stem are one feed.
pub fn file_stem(value: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut lossy = false;
    for c in value.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        // An apostrophe joins: `Women's` is one word.
        if matches!(c, '\'' | '’') {
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if let Some((_, spelled)) = SPELLED.iter().find(|(symbol, _)| *symbol == c) {
            words.push((*spelled).to_owned());
        } else if !is_separator(c) {
            lossy = true;
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut stem = words.join("-");
    if stem.chars().count() > MAX_STEM {
        stem = slug(&stem, false, MAX_STEM - 10);
        lossy = true;
    }
    if stem.is_empty() {
        stem = "feed".to_owned();
        lossy = true;
    }
    if lossy || RESERVED.contains(&stem.as_str()) {
        let hash = crc32fast::hash(value.to_lowercase().as_bytes());
        stem = format!("{stem}-{hash:08x}");
    }
    stem
}

/// Expands split jobs into one feed per value (values of the articles each job would include), each
/// job's settings over `site`'s. Values with the same file name (`AI`, `ai`, `AI-ML` and `AI ML`)
/// are one feed, titled by the first spelling in sort order, holding the articles of every spelling.
pub fn expand(
    jobs: &[Job],
    site: &FeedMeta,
    articles: &[Candidate],
    selection: Selection,
) -> Vec<PlannedFeed> {
    let mut planned = Vec::new();
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
        let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for article in articles
            .iter()
            .filter(|a| selection.shows(a) && job.filter.accepts(a))
        {
            for value in by.values(article) {
                let spellings = groups.entry(file_stem(value)).or_default();
                if !spellings.contains(&value) {
                    spellings.push(value);
                }
            }
        }
        for (stem, mut spellings) in groups {
            spellings.sort_unstable();
            let mut split_meta = meta.clone();
            split_meta.title = Some(format!("{}: {}", meta.title_text(), spellings[0]));
            planned.push(PlannedFeed {
                file_name: split_file_name(&stem, job.format),
                format: job.format,
                meta: split_meta,
                filter: job.filter.and(&by.filter(&spellings)),
                limit: job.limit,
            });
        }
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_readable_safe_and_depend_on_the_value_alone() {
        assert_eq!(file_stem("AI in Healthcare"), "ai-in-healthcare");
        assert_eq!(file_stem("C"), "c");
        assert_eq!(file_stem("C#"), "c-sharp");
        assert_eq!(file_stem("C++"), "c-plus-plus");
        assert_eq!(file_stem("C++ / Rust"), "c-plus-plus-rust");
        assert_eq!(file_stem("R&D"), "r-and-d");
        assert_eq!(file_stem("Women's Health"), "womens-health");
        assert_eq!(file_stem("AI-ML"), file_stem("ai ml"));
        assert_eq!(file_stem("中国日报网"), "中国日报网");
        assert_eq!(file_stem("아크로팬"), "아크로팬");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        let con = file_stem("CON");
        assert!(con.starts_with("con-") && con.len() == 12, "{con}");
        let rocket = file_stem("🚀 Launch");
        assert!(rocket.starts_with("launch-"), "{rocket}");
        assert_ne!(file_stem("🚀 Launch"), file_stem("🛸 Launch"));
        assert!(file_stem("!!!").starts_with("feed-"));
        let long = file_stem(&"x".repeat(500));
        assert!(long.chars().count() <= MAX_STEM, "{long}");
        assert_ne!(long, file_stem(&"x".repeat(501)));
    }
}
