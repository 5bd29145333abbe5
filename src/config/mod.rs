//! Resolved settings for one run: command-line values over `frontfeed.toml` over Jekyll's
//! `_config.yml` over defaults, validated, and the list of feeds to write.
//!
//! Configuration files are found by walking up from the first input folder to the first folder that
//! holds `.git` (or the file-system root); `--config` names one instead. This module never sees the
//! argument parser: it takes plain values in a [`Request`].

mod jekyll;
mod loaded;
mod toml_file;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, Utc};

use self::loaded::{Loaded, find_up};
use self::toml_file::FeedEntry;
use crate::error::{Diagnostic, Error};
use crate::filter::Filter;
use crate::input::{DEFAULT_MAX_FILE_SIZE, link};
use crate::model::{FeedMeta, Person};
use crate::output::Format;
use crate::plan::{Destination, INDEX_FILE, Job, SplitBy, default_file_name};
use crate::select::Selection;

/// The feed size used when nothing sets one: polling readers only need the newest items.
pub const DEFAULT_LIMIT: usize = 50;

/// Feed settings as the user typed them on the command line; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Feed title.
    pub title: Option<String>,
    /// Feed description.
    pub description: Option<String>,
    /// The site's home page, also the base for relative URLs.
    pub home_url: Option<String>,
    /// The feed's own public URL.
    pub feed_url: Option<String>,
    /// The public URL of the output folder; each file's self link is this plus its name.
    pub base_url: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// Author name.
    pub author: Option<String>,
    /// Icon URL.
    pub icon: Option<String>,
    /// Logo URL.
    pub logo: Option<String>,
    /// Item limit; 0 means all.
    pub limit: Option<usize>,
}

/// Filters as typed; dates are text until resolved.
#[derive(Debug, Clone, Default)]
pub struct FilterArgs {
    /// `--topic`, any of.
    pub topics: Vec<String>,
    /// `--provider`, any of.
    pub providers: Vec<String>,
    /// `--category`, any of.
    pub categories: Vec<String>,
    /// `--since`.
    pub since: Option<String>,
    /// `--until`.
    pub until: Option<String>,
    /// `--min-quality`.
    pub min_quality: Option<i64>,
    /// `--min-heat`.
    pub min_heat: Option<i64>,
}

/// How much to say on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, warnings and the summary.
    #[default]
    Normal,
    /// Also what was skipped, merged and written.
    Verbose,
}

/// Everything a run was asked to do, before resolution.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Files and folders to read; `-` is standard input.
    pub inputs: Vec<PathBuf>,
    /// Output formats; empty when not given.
    pub formats: Vec<Format>,
    /// Output file or folder; standard output when `None`.
    pub output: Option<PathBuf>,
    /// Write article files into the output folder instead of feeds.
    pub to_articles: bool,
    /// Rewrite article files that already hold an item.
    pub force: bool,
    /// An explicit configuration file.
    pub config_path: Option<PathBuf>,
    /// Feed settings from the command line.
    pub settings: Settings,
    /// Filters from the command line.
    pub filter: FilterArgs,
    /// One feed per value of this field.
    pub split_by: Option<SplitBy>,
    /// Keep `published: false` articles.
    pub unpublished: bool,
    /// Stop at the first problem.
    pub strict: bool,
    /// How much to report.
    pub verbosity: Verbosity,
    /// Colour diagnostics.
    pub color: bool,
    /// Refuse files larger than this many bytes (default [`DEFAULT_MAX_FILE_SIZE`]).
    pub max_file_size: Option<u64>,
    /// Do not use the cache of parsed files.
    pub no_cache: bool,
    /// The cache folder; the user's cache folder when `None`.
    pub cache_dir: Option<PathBuf>,
}

/// A validated configuration for one run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// Site-wide feed metadata (also the base for relative URLs).
    pub meta: FeedMeta,
    /// The public URL of the output folder, when known.
    pub base_url: Option<String>,
    /// Where the feeds go.
    pub destination: Destination,
    /// The feeds to write.
    pub jobs: Vec<Job>,
    /// Whether drafts are kept.
    pub include_unpublished: bool,
    /// Stop at the first problem.
    pub strict: bool,
    /// How much to report.
    pub verbosity: Verbosity,
    /// Colour diagnostics.
    pub color: bool,
    /// Warnings about the configuration itself.
    pub warnings: Vec<Diagnostic>,
    /// Feed metadata the user did not set, with the warning to give when no feed read supplies it.
    pub meta_gaps: Vec<(MetaGap, Diagnostic)>,
    /// The configuration files read, for `--verbose`.
    pub files_read: Vec<String>,
    /// Refuse files larger than this many bytes.
    pub max_file_size: u64,
    /// Where parsed files are cached; `None` reads every file.
    pub cache_dir: Option<PathBuf>,
}

impl Config {
    /// The item selection of a job.
    pub fn selection(&self, limit: usize) -> Selection {
        Selection {
            include_unpublished: self.include_unpublished,
            limit,
        }
    }
}

/// Feed metadata that may be missing from the configuration, and that feeds read as input can supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaGap {
    /// No title was set; a fallback is used.
    Title,
    /// No home page was set.
    HomePage,
}

/// The configuration of `--to articles`: one selection of all items (or `--limit`), written as
/// article files into the output folder.
fn articles_config(
    request: Request,
    meta: FeedMeta,
    filter: Filter,
    warnings: Vec<Diagnostic>,
    files_read: Vec<String>,
    limit: Option<usize>,
) -> Result<Config, Error> {
    if !request.formats.is_empty() || request.split_by.is_some() {
        return Err(usage(
            "--to articles writes article files; it cannot be combined with feed formats or --split-by",
            "run frontfeed twice: once for the feeds, once for the articles",
        ));
    }
    let Some(dir) = request.output.clone() else {
        return Err(usage(
            "--to articles needs an output folder",
            "pass -o FOLDER; each item becomes FOLDER/YYYY-MM-DD-slug.md",
        ));
    };
    if dir.is_file() {
        return Err(usage(
            format!(
                "{} is a file; --to articles writes into a folder",
                dir.display()
            ),
            "pass -o FOLDER",
        ));
    }
    let cache_dir = cache_dir(&request);
    let job = Job {
        file_name: String::new(),
        format: Format::Rss,
        meta: meta.clone(),
        filter,
        limit: limit.unwrap_or(0),
        split_by: None,
    };
    Ok(Config {
        inputs: request.inputs,
        meta,
        base_url: None,
        destination: Destination::Articles {
            dir,
            force: request.force,
        },
        jobs: vec![job],
        include_unpublished: request.unpublished,
        strict: request.strict,
        verbosity: request.verbosity,
        color: request.color,
        warnings,
        meta_gaps: Vec::new(),
        files_read,
        max_file_size: request.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        cache_dir,
    })
}

fn usage(message: impl Into<String>, help: &str) -> Error {
    Error::config(Diagnostic::error(None, message).help(help))
}

/// Help for a date that cannot be read.
const DATE_HELP: &str = "write a date such as 2024-01-31 or 2024-01-31T18:00:00Z";

/// Parses a `since`/`until` value; a date alone means the start of that day.
fn parse_date(text: &str, key: &str) -> Result<DateTime<Utc>, String> {
    crate::input::dates::parse(text).ok_or_else(|| format!("`{key}` is not a date: `{text}`"))
}

/// Resolves the filter typed for `until`: a date alone includes that whole day.
fn until_bound(text: &str, key: &str) -> Result<DateTime<Utc>, String> {
    let at = parse_date(text, key)?;
    let date_only = text.trim().len() == 10;
    Ok(if date_only {
        at.checked_add_days(Days::new(1)).unwrap_or(at)
    } else {
        at
    })
}

fn resolve_filter(args: &FilterArgs) -> Result<Filter, String> {
    Ok(Filter {
        topics: args.topics.clone(),
        providers: args.providers.clone(),
        categories: args.categories.clone(),
        since: args
            .since
            .as_deref()
            .map(|s| parse_date(s, "since"))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|s| until_bound(s, "until"))
            .transpose()?,
        min_quality: args.min_quality,
        min_heat: args.min_heat,
    })
}

/// The first non-blank value, trimmed.
fn pick(values: [Option<String>; 3]) -> Option<String> {
    values
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_owned())
        .find(|s| !s.is_empty())
}

/// Where each setting came from, so a bad value is reported where it was written.
struct Sources<'a> {
    toml: Option<&'a Loaded>,
    jekyll: Option<&'a Loaded>,
}

impl Sources<'_> {
    /// Validates an absolute http(s) URL set on the command line (`cli`), in `frontfeed.toml`
    /// (`file`) or in `_config.yml` (`jk`).
    fn url(
        &self,
        key: &str,
        cli: Option<String>,
        file: Option<String>,
        jk: Option<String>,
    ) -> Result<Option<String>, Error> {
        let from = if cli.is_some() {
            None
        } else if file.is_some() {
            self.toml
        } else {
            self.jekyll
        };
        let Some(value) = pick([cli, file, jk]) else {
            return Ok(None);
        };
        link::resolve(&value, None).map(Some).map_err(|problem| {
            let message = format!("`{key}` {problem}");
            let help = "write an absolute http(s) URL, e.g. `https://example.org/`";
            match from {
                Some(loaded) => loaded.error_at_key(key, 0, message, help),
                None => usage(message, help),
            }
        })
    }
}

/// Resolves a request into a configuration, reading configuration files.
pub fn resolve(request: Request, start: &Path) -> Result<Config, Error> {
    let toml_path = request
        .config_path
        .clone()
        .or_else(|| find_up(start, "frontfeed.toml"));
    let toml = toml_path.as_deref().map(Loaded::read).transpose()?;
    let file = toml
        .as_ref()
        .map(toml_file::parse)
        .transpose()?
        .unwrap_or_default();
    let jekyll = find_up(start, "_config.yml")
        .as_deref()
        .map(Loaded::read)
        .transpose()?;
    let jk = jekyll
        .as_ref()
        .map(jekyll::parse)
        .transpose()?
        .unwrap_or_default();
    let sources = Sources {
        toml: toml.as_ref(),
        jekyll: jekyll.as_ref(),
    };
    let files_read = toml
        .iter()
        .chain(jekyll.iter())
        .map(|l| l.path.clone())
        .collect();
    let cli = request.settings.clone();
    let cache = cache_dir(&request);
    let mut warnings = Vec::new();

    let home_url = sources.url("home_url", cli.home_url, file.home_url, jk.home_url)?;
    let feed_url = sources.url("feed_url", cli.feed_url, file.feed_url, None)?;
    let base_url = sources.url("base_url", cli.base_url, file.base_url, None)?;
    let icon = sources.url("icon", cli.icon, file.icon, None)?;
    let logo = sources.url("logo", cli.logo, file.logo, None)?;

    let language = pick([cli.language, file.language, jk.language]);
    if let Some(lang) = &language {
        let valid = lang.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !valid {
            return Err(usage(
                format!("`language` is not a language tag: `{lang}`"),
                "use a tag such as `en` or `en-US`",
            ));
        }
    }
    let mut meta_gaps = Vec::new();
    let title = pick([cli.title, file.title, jk.title]).unwrap_or_else(|| {
        let fallback = fallback_title(&request.inputs);
        meta_gaps.push((
            MetaGap::Title,
            Diagnostic::warning(None, format!("no feed title is set; using `{fallback}`"))
                .help("set `title` in frontfeed.toml, or pass --title"),
        ));
        fallback
    });
    if home_url.is_none() {
        meta_gaps.push((
            MetaGap::HomePage,
            Diagnostic::warning(
                None,
                "no home page is set; the feed links to its newest item instead",
            )
            .help("set `home_url` in frontfeed.toml (or `url` in _config.yml), or pass --home-url"),
        ));
    }
    let author = match cli.author {
        Some(name) => Some(Person {
            name,
            email: None,
            uri: None,
        }),
        None => file.author.or(jk.author).map(Person::from),
    }
    .filter(|p| !p.name.trim().is_empty());
    let meta = FeedMeta {
        title,
        description: pick([cli.description, file.description, jk.description]),
        home_url,
        feed_url,
        language,
        author,
        icon,
        logo,
    };
    let limit = cli.limit.or(file.limit).unwrap_or(DEFAULT_LIMIT);
    let filter = resolve_filter(&request.filter).map_err(|m| usage(m, DATE_HELP))?;
    // The folder's public URL: as set, else the folder of the configured feed URL.
    let base_url = base_url.or_else(|| {
        meta.feed_url
            .as_deref()
            .and_then(|u| u.rsplit_once('/'))
            .map(|(d, _)| d.to_owned())
    });

    if request.to_articles {
        return articles_config(request, meta, filter, warnings, files_read, cli.limit);
    }
    let output_is_folder = request
        .output
        .as_deref()
        .is_some_and(|p| p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/'));
    let use_feed_list = !file.feeds.is_empty()
        && request.formats.is_empty()
        && request.split_by.is_none()
        && request.output.is_some();
    let several = request.formats.len() > 1 || request.split_by.is_some() || use_feed_list;
    let destination = match request.output.clone() {
        Some(dir) if several || output_is_folder => Destination::Folder(dir),
        Some(file) => Destination::File(file),
        None if several => {
            return Err(usage(
                "several feeds need an output folder",
                "pass -o FOLDER; each format and each split value gets its own file there",
            ));
        }
        None => Destination::Stdout,
    };
    let formats = if request.formats.is_empty() {
        vec![Format::Rss]
    } else {
        request.formats.clone()
    };
    let jobs = if use_feed_list {
        let toml = toml.as_ref().ok_or_else(|| {
            usage(
                "the feed list needs its configuration file",
                "pass --config",
            )
        })?;
        feed_list(file.feeds, &meta, &filter, limit, toml)?
    } else {
        formats
            .iter()
            .map(|&format| Job {
                file_name: default_file_name(format).to_owned(),
                format,
                meta: meta.clone(),
                filter: filter.clone(),
                limit,
                split_by: request.split_by,
            })
            .collect()
    };
    let self_link_known = match &destination {
        Destination::Articles { .. } => true,
        Destination::Folder(_) => base_url.is_some(),
        Destination::Stdout | Destination::File(_) => meta.feed_url.is_some(),
    };
    if !self_link_known {
        let help = match &destination {
            Destination::Folder(_) => {
                "set `base_url` (the folder's public URL) in frontfeed.toml, or pass --base-url"
            }
            _ => {
                "set `feed_url` in frontfeed.toml, or pass --feed-url, so readers can find the feed again"
            }
        };
        warnings.push(
            Diagnostic::warning(None, "no feed URL is set, so the feed has no self link")
                .help(help),
        );
    }
    Ok(Config {
        inputs: request.inputs,
        meta,
        base_url,
        destination,
        jobs,
        include_unpublished: request.unpublished,
        strict: request.strict,
        verbosity: request.verbosity,
        color: request.color,
        warnings,
        meta_gaps,
        files_read,
        max_file_size: request.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        cache_dir: cache,
    })
}

/// The cache folder a request asks for: none with `--no-cache`.
fn cache_dir(request: &Request) -> Option<PathBuf> {
    if request.no_cache {
        None
    } else {
        request
            .cache_dir
            .clone()
            .or_else(crate::input::cache::default_folder)
    }
}

/// The `[[feeds]]` of `frontfeed.toml` as jobs; each also passes the command line's filter.
fn feed_list(
    entries: Vec<FeedEntry>,
    meta: &FeedMeta,
    filter: &Filter,
    limit: usize,
    toml: &Loaded,
) -> Result<Vec<Job>, Error> {
    let mut jobs: Vec<Job> = Vec::new();
    for (nth, entry) in entries.into_iter().enumerate() {
        let at = |message: String, help: &str| toml.error_at_key("path", nth, message, help);
        let path = entry.path.trim().to_owned();
        let safe = !path.is_empty()
            && !Path::new(&path).is_absolute()
            && Path::new(&path)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !safe {
            return Err(at(
                format!("feed path `{path}` is not a file name inside the output folder"),
                "write a relative path such as `ai.xml` or `topics/ai.json`",
            ));
        }
        if path == INDEX_FILE {
            return Err(at(
                format!("`{INDEX_FILE}` is the list of feeds frontfeed writes"),
                "choose another path",
            ));
        }
        if jobs.iter().any(|j| j.file_name == path) {
            return Err(at(
                format!("two feeds are written to `{path}`"),
                "give every [[feeds]] entry its own path",
            ));
        }
        let format = match &entry.format {
            Some(name) => name
                .parse::<Format>()
                .map_err(|e| at(e, "use rss, atom or json"))?,
            None if path.ends_with(".json") => Format::Json,
            None if path.ends_with(".atom") || path.ends_with(".atom.xml") => Format::Atom,
            None => Format::Rss,
        };
        let args = FilterArgs {
            topics: entry.topic.map(|t| t.into_vec()).unwrap_or_default(),
            providers: entry.provider.map(|t| t.into_vec()).unwrap_or_default(),
            categories: entry.category.map(|t| t.into_vec()).unwrap_or_default(),
            since: entry.since,
            until: entry.until,
            min_quality: entry.min_quality,
            min_heat: entry.min_heat,
        };
        let own = resolve_filter(&args).map_err(|m| at(m, DATE_HELP))?;
        let mut meta = meta.clone();
        meta.title = entry.title.unwrap_or(meta.title);
        meta.description = entry.description.or(meta.description);
        jobs.push(Job {
            file_name: path,
            format,
            meta,
            filter: filter.and(&own),
            limit: entry.limit.unwrap_or(limit),
            split_by: None,
        });
    }
    Ok(jobs)
}

fn fallback_title(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .find_map(|p| {
            let p = std::fs::canonicalize(p).ok()?;
            let dir = if p.is_dir() {
                p
            } else {
                p.parent()?.to_path_buf()
            };
            dir.file_name().map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "frontfeed".to_owned())
}
