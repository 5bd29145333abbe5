//! Resolving a [`Request`] into a [`Config`]: finding and reading the configuration files, combining
//! the layers of feed settings, and deciding the mode, all before anything is read.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::layers::{self, Layer, usage};
use super::loaded::{Loaded, find_up, start_folder};
use super::modes::{self, Convert, DATE_HELP};
use super::request::{Request, Task};
use super::resolved::{Config, Mode};
use super::{site, toml_file};
use crate::error::Error;
use crate::input::{DEFAULT_MAX_FEED_SIZE, DEFAULT_MAX_FILE_SIZE, ReadOptions, Site};
use crate::model::FeedMeta;

/// The feed size used when nothing sets one: polling readers only need the newest items.
pub const DEFAULT_LIMIT: usize = 50;

/// How long a run waits for another run writing the same output, in seconds, by default: long
/// enough for a run over a large folder to finish, short against a cron interval.
pub const DEFAULT_WAIT: u64 = 60;

/// Resolves a request into a configuration. Configuration files are found by walking up from the
/// folder of the first input (standard input: the current folder); `--config` names
/// `frontfeed.toml` instead.
pub fn resolve(request: Request) -> Result<Config, Error> {
    let start = start_folder(&request.inputs);
    let toml_path = request
        .config_path
        .clone()
        .or_else(|| find_up(&start, "frontfeed.toml"));
    let toml = toml_path.as_deref().map(Loaded::read).transpose()?;
    let file = toml
        .as_ref()
        .map(toml_file::parse)
        .transpose()?
        .unwrap_or_default();
    let site_layer = site::layer(&start, request.site)?;
    let (site_file, site_meta, site_rules) = match site_layer {
        Some(layer) => (layer.loaded, Some(layer.meta), layer.site),
        None => (None, None, None),
    };
    let files_read = toml
        .iter()
        .chain(site_file.iter())
        .map(|l| l.path.clone())
        .collect();
    let meta = layers::combine(vec![
        Layer {
            meta: request.settings.clone(),
            from: None,
        },
        Layer {
            meta: file.meta,
            from: toml.as_ref(),
        },
        Layer {
            meta: site_meta.unwrap_or_default(),
            from: site_file.as_ref(),
        },
    ])?;
    let limit = request.limit.or(file.limit).unwrap_or(DEFAULT_LIMIT);
    let filter = modes::resolve_filter(&request.filter).map_err(|m| usage(m, DATE_HELP))?;
    let mode = match &request.task {
        Task::Check {
            json,
            deny_warnings,
        } => Mode::Check {
            json: *json,
            deny_warnings: *deny_warnings,
        },
        Task::Convert {
            formats,
            to_articles,
            force,
            output,
            split_by,
            allow_empty,
            wait,
        } => {
            let convert = Convert {
                formats,
                output: output.as_deref(),
                split_by: *split_by,
                allow_empty: *allow_empty,
                wait: Duration::from_secs(wait.unwrap_or(DEFAULT_WAIT)),
            };
            if *to_articles {
                modes::articles(&convert, *force, filter, request.limit)?
            } else {
                modes::feeds(&convert, file.feeds, &filter, limit, toml.as_ref())?
            }
        }
    };
    Ok(Config {
        fallback_title: modes::fallback_title(&request.inputs),
        read: read_options(&request, &meta, site_rules),
        cache_dir: cache_dir(&request),
        inputs: request.inputs,
        mode,
        meta,
        include_unpublished: request.unpublished,
        include_future: request.future,
        now: request.now,
        strict: request.strict,
        verbosity: request.verbosity,
        color: request.color,
        terminal: request.terminal,
        files_read,
    })
}

/// How files are read: the site's URL and rules, the size limits.
fn read_options(request: &Request, meta: &FeedMeta, site_rules: Option<Site>) -> ReadOptions {
    ReadOptions {
        site_url: meta.home_url.clone(),
        feed_base: meta.base_url.clone(),
        max_file_size: request.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        // An explicit --max-file-size holds for feeds too.
        max_feed_size: request.max_file_size.unwrap_or(DEFAULT_MAX_FEED_SIZE),
        // The generator's rules, for the folders read (posts are told by their place in them).
        site: site_rules
            .map(|site| Site {
                inputs: request
                    .inputs
                    .iter()
                    .filter(|p| p.is_dir())
                    .filter_map(|p| crate::input::absolute(p))
                    .collect(),
                ..site
            })
            .map(Arc::new),
    }
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
