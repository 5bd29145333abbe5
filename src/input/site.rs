//! The site a run reads, when its articles are a static-site generator's posts: which generator
//! (Jekyll, Hugo, Zola), where the site is, and the rules that generator follows to make each post's
//! URL, dates and fields (permalinks, time zone, front-matter defaults, authors ...).
//!
//! `config` builds a [`Site`] from the site's own configuration files; `post` reads posts by its
//! rules. Nothing here reads files: it is the description both sides share.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use chrono_tz::Tz;
use serde_yaml_ng::Mapping;

use crate::model::Person;

/// Which generator keeps the site's posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteKind {
    /// The article format: every file carries its own URL. No site rules.
    Articles,
    /// Jekyll (`_config.yml`), with jekyll-feed.
    Jekyll,
    /// Hugo (`hugo.toml`, or `config.toml` with `baseURL`).
    Hugo,
    /// Zola (`config.toml` with `base_url`).
    Zola,
}

impl SiteKind {
    /// Every kind, as `--site` names them.
    pub const ALL: [SiteKind; 4] = [
        SiteKind::Jekyll,
        SiteKind::Hugo,
        SiteKind::Zola,
        SiteKind::Articles,
    ];

    /// The name `--site` takes.
    pub fn name(self) -> &'static str {
        match self {
            SiteKind::Articles => "articles",
            SiteKind::Jekyll => "jekyll",
            SiteKind::Hugo => "hugo",
            SiteKind::Zola => "zola",
        }
    }
}

impl std::str::FromStr for SiteKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SiteKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| format!("unknown site kind `{s}`"))
    }
}

/// A generator's site: where it is and how it makes its posts.
#[derive(Debug, Clone)]
pub struct Site {
    /// The folder that holds the site's configuration, as an absolute path.
    pub root: PathBuf,
    /// The same folder with symbolic links resolved, to place files named through them.
    pub root_resolved: PathBuf,
    /// The zone of dates written without an offset (and of file-name dates).
    pub time_zone: Tz,
    /// Whether posts dated after the run's time are left out (unless `--future`).
    pub hide_future: bool,
    /// A digest of everything the rules were made from, so cached readings follow the site's files.
    pub fingerprint: u32,
    /// The generator's rules.
    pub rules: Rules,
    /// The folders the run reads, as absolute paths: a section's folder makes a section's feed,
    /// which holds that section's pages and not its subsections' (Hugo's `.RegularPages`, Zola's
    /// section pages).
    pub inputs: Vec<PathBuf>,
    /// The folder the run started in, which relative paths are below.
    pub cwd: PathBuf,
}

/// The rules of each generator.
#[derive(Debug, Clone)]
pub enum Rules {
    /// Jekyll's.
    Jekyll(Box<JekyllRules>),
    /// Hugo's.
    Hugo(Box<HugoRules>),
    /// Zola's.
    Zola(Box<ZolaRules>),
}

impl Site {
    /// The kind of site.
    pub fn kind(&self) -> SiteKind {
        match self.rules {
            Rules::Jekyll(_) => SiteKind::Jekyll,
            Rules::Hugo(_) => SiteKind::Hugo,
            Rules::Zola(_) => SiteKind::Zola,
        }
    }

    /// `path` as an absolute path, against the folder the run started in.
    fn absolute(&self, path: &Path) -> PathBuf {
        lexical(&self.cwd.join(path))
    }

    /// Whether the page at `path` (its bundle folder `bundle`, when it is one) is in a section nested
    /// below the section folder the run reads: a folder between them holds an `_index.md`. Pages of
    /// the content folder itself (a site's feed) are never nested.
    pub fn in_nested_section(&self, path: &Path, bundle: bool, content_roots: &[PathBuf]) -> bool {
        let absolute = self.absolute(path);
        let mut folder = absolute.parent();
        if bundle {
            folder = folder.and_then(Path::parent);
        }
        let Some(input) = self
            .inputs
            .iter()
            .filter(|input| absolute.starts_with(input))
            .max_by_key(|input| input.as_os_str().len())
        else {
            return false;
        };
        if content_roots.iter().any(|root| root.starts_with(input)) {
            return false;
        }
        while let Some(dir) = folder {
            if dir == input.as_path() || !dir.starts_with(input) {
                break;
            }
            let section = ["_index.md", "_index.markdown", "_index.html"]
                .iter()
                .any(|name| dir.join(name).is_file());
            if section {
                return true;
            }
            folder = dir.parent();
        }
        false
    }

    /// Where `path` (as named in the run) is inside the site, as its components; `None` outside it.
    pub fn relative(&self, path: &Path) -> Option<Vec<String>> {
        let absolute = self.absolute(path);
        let inside = absolute
            .strip_prefix(&self.root)
            .or_else(|_| absolute.strip_prefix(&self.root_resolved))
            .ok()
            .map(Path::to_path_buf)
            .or_else(|| {
                let resolved = std::fs::canonicalize(&absolute).ok()?;
                Some(
                    resolved
                        .strip_prefix(&self.root_resolved)
                        .ok()?
                        .to_path_buf(),
                )
            })?;
        let mut parts = Vec::new();
        for component in inside.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
                Component::ParentDir => {
                    parts.pop();
                }
                _ => {}
            }
        }
        Some(parts)
    }
}

/// `path` made absolute, with `.` and `..` taken out (lexically: links are not followed).
pub fn absolute(path: &Path) -> Option<PathBuf> {
    Some(lexical(&std::path::absolute(path).ok()?))
}

/// `path` with `.` and `..` taken out.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// How Jekyll makes posts (Jekyll 4.3 with jekyll-feed 0.17).
#[derive(Debug, Clone, Default)]
pub struct JekyllRules {
    /// The posts' URL template (`permalink`, a style already expanded into its placeholders), or the
    /// `posts` collection's own.
    pub permalink: String,
    /// The collections declared besides `posts`, by label: their URL template.
    pub collections: BTreeMap<String, Option<String>>,
    /// `defaults`: front-matter values by scope, in the order written.
    pub defaults: Vec<JekyllDefaults>,
    /// `excerpt_separator` (default a blank line); empty turns excerpts off.
    pub excerpt_separator: String,
    /// `_data/authors`: people by handle.
    pub authors: BTreeMap<String, Person>,
    /// `author` in `_config.yml`: the author of posts that name none.
    pub site_author: Option<Person>,
    /// `collections_dir`: the folder collections (posts too) are kept in, as components.
    pub collections_dir: Vec<String>,
    /// `exclude`: paths and globs (relative to the site) Jekyll does not read.
    pub exclude: Vec<String>,
}

/// One entry of Jekyll's `defaults`.
#[derive(Debug, Clone, Default)]
pub struct JekyllDefaults {
    /// `scope.path`, relative to the site (empty: everywhere); may hold `*`.
    pub path: String,
    /// `scope.type` (`posts`, `drafts`, `pages` or a collection), when given.
    pub kind: Option<String>,
    /// `values`.
    pub values: Mapping,
}

/// How Hugo makes pages (Hugo 0.111).
#[derive(Debug, Clone, Default)]
pub struct HugoRules {
    /// The content folders, relative to the site, each with its language (`None`: the default
    /// language); the longest that holds a file is its own.
    pub content_dirs: Vec<(Vec<String>, Option<String>)>,
    /// `defaultContentLanguage`.
    pub default_language: String,
    /// `defaultContentLanguageInSubdir`.
    pub default_language_in_subdir: bool,
    /// The languages the site declares, to tell `post.fr.md` translations apart.
    pub languages: Vec<String>,
    /// `[permalinks]`: URL patterns by section.
    pub permalinks: BTreeMap<String, String>,
    /// `uglyURLs` for every section.
    pub ugly_urls: bool,
    /// `uglyURLs` by section.
    pub ugly_sections: BTreeMap<String, bool>,
    /// `disablePathToLower`.
    pub keep_case: bool,
    /// `summaryLength`, in words.
    pub summary_length: usize,
    /// The taxonomies (plural names, e.g. `tags`, `categories`).
    pub taxonomies: Vec<String>,
    /// `[frontmatter]`: where each date (`date`, `publishdate`, `lastmod`, `expirydate`) comes
    /// from, when the site says (`:default`, `:filename` and front-matter keys).
    pub front_matter_dates: BTreeMap<String, Vec<String>>,
}

/// How Zola makes pages (Zola 0.22).
#[derive(Debug, Clone, Default)]
pub struct ZolaRules {
    /// `slugify.paths`.
    pub slugify: ZolaSlugify,
    /// `default_language`.
    pub default_language: String,
    /// The other languages (`[languages.xx]`).
    pub languages: Vec<String>,
    /// `ignored_content` globs.
    pub ignored: Vec<String>,
    /// `author`: the author of pages that name none.
    pub author: Option<String>,
}

/// Zola's `slugify.paths` strategies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ZolaSlugify {
    /// ASCII, lower case, `-` between words.
    #[default]
    On,
    /// Only characters unsafe in paths replaced.
    Safe,
    /// As written.
    Off,
}
