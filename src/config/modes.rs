//! What a `convert` request asks to write, resolved: feeds to standard output, a file or a folder
//! (one per format, per split value, or per `[[feeds]]` entry), or article files; and the filters
//! as typed, made into a [`Filter`].

use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, Utc};

use super::layers::usage;
use super::loaded::Loaded;
use super::request::FilterArgs;
use super::resolved::{Mode, Output};
use super::toml_file::FeedEntry;
use crate::error::Error;
use crate::filter::Filter;
use crate::model::FeedMeta;
use crate::output::Format;
use crate::plan::{INDEX_FILE, Job, SplitBy, default_file_name};

/// Help for a date that cannot be read.
pub const DATE_HELP: &str = "write a date such as 2024-01-31 or 2024-01-31T18:00:00Z";

/// What `convert` was asked for, beyond the shared settings.
pub struct Convert<'a> {
    pub formats: &'a [Format],
    pub output: Option<&'a Path>,
    pub split_by: Option<SplitBy>,
    pub allow_empty: bool,
    pub wait: std::time::Duration,
}

/// The mode of `--to articles`: one selection of all items (or `--limit`), written as article files
/// into the output folder.
pub fn articles(
    convert: &Convert<'_>,
    force: bool,
    filter: Filter,
    limit: Option<usize>,
) -> Result<Mode, Error> {
    if !convert.formats.is_empty() || convert.split_by.is_some() {
        return Err(usage(
            "--to articles writes article files; it cannot be combined with feed formats or --split-by",
            "run frontfeed twice: once for the feeds, once for the articles",
        ));
    }
    let Some(dir) = convert.output else {
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
    Ok(Mode::Articles {
        dir: dir.to_path_buf(),
        force,
        filter,
        limit: limit.unwrap_or(0),
    })
}

/// The mode of a feed run: where the feeds go (`-o -` is standard output; a path ending in `/` or
/// naming an existing folder is a folder; several formats or a split need one), and which feeds: one
/// per format (from `--to`, else the output file's name), or the `[[feeds]]` list of `toml` when
/// `-o` names a folder and neither formats nor a split are given.
pub fn feeds(
    convert: &Convert<'_>,
    entries: Vec<FeedEntry>,
    filter: &Filter,
    limit: usize,
    toml: Option<&Loaded>,
) -> Result<Mode, Error> {
    let path = convert.output.filter(|p| p.as_os_str() != "-");
    let names_folder =
        path.is_some_and(|p| p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/'));
    let use_feed_list = !entries.is_empty()
        && convert.formats.is_empty()
        && convert.split_by.is_none()
        && names_folder;
    let several = convert.formats.len() > 1 || convert.split_by.is_some() || use_feed_list;
    let output = match path {
        Some(dir) if several || names_folder => Output::Folder(dir.to_path_buf()),
        Some(file) => Output::File(file.to_path_buf()),
        None if several => {
            return Err(usage(
                "several feeds need an output folder",
                "pass -o FOLDER; each format and each split value gets its own file there",
            ));
        }
        None => Output::Stdout,
    };
    let jobs = if use_feed_list {
        let toml = toml.ok_or_else(|| {
            usage(
                "the feed list needs its configuration file",
                "pass --config",
            )
        })?;
        feed_list(entries, filter, limit, toml)?
    } else {
        formats(convert.formats, &output)?
            .into_iter()
            .map(|format| Job {
                file_name: default_file_name(format).to_owned(),
                format,
                meta: FeedMeta::default(),
                filter: filter.clone(),
                limit,
                split_by: convert.split_by,
            })
            .collect()
    };
    Ok(Mode::Feeds {
        output,
        jobs,
        allow_empty: convert.allow_empty,
        wait: convert.wait,
    })
}

/// The formats to write: as `--to` says, else as the output file's name says (`.json` is JSON Feed,
/// `.atom` or `.atom.xml` Atom, anything else RSS). A `--to` the file's name contradicts is an error.
fn formats(asked: &[Format], output: &Output) -> Result<Vec<Format>, Error> {
    let Output::File(path) = output else {
        return Ok(if asked.is_empty() {
            vec![Format::Rss]
        } else {
            asked.to_vec()
        });
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match asked {
        [] => Ok(vec![Format::of_file_name(&name)]),
        [format] if Format::name_fits(&name, *format) => Ok(vec![*format]),
        [format] => Err(usage(
            format!(
                "the file name `{name}` says {}, but --to asks for {}",
                Format::of_file_name(&name).label(),
                format.label()
            ),
            "give the file a name that fits the format (.xml or .rss for RSS, .atom or .xml for \
             Atom, .json for JSON Feed), or leave out --to",
        )),
        _ => Ok(asked.to_vec()),
    }
}

/// The `[[feeds]]` of `frontfeed.toml` as jobs; each also passes the command line's filter.
fn feed_list(
    entries: Vec<FeedEntry>,
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
            None => Format::of_file_name(&path),
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
        jobs.push(Job {
            file_name: path,
            format,
            meta: entry.meta,
            filter: filter.and(&own),
            limit: entry.limit.unwrap_or(limit),
            split_by: None,
        });
    }
    Ok(jobs)
}

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

/// The filter `args` describe, or what is wrong with a date in it.
pub fn resolve_filter(args: &FilterArgs) -> Result<Filter, String> {
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

/// The title used when no layer sets one: the name of the first input's folder.
pub fn fallback_title(inputs: &[PathBuf]) -> String {
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
