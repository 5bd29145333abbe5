//! Where a run's feeds go: standard output, one file, or a folder of files with its `index.opml`. The
//! sink owns the self-link policy (which public URL each feed names as its own) and hands the bytes
//! to `publish`, which puts them on disk.

use std::io::Write;
use std::path::PathBuf;

use crate::config::Output;
use crate::error::{Diagnostic, Error};
use crate::input::link;
use crate::model::FeedMeta;
use crate::output::opml;
use crate::plan::{INDEX_FILE, PlannedFeed};
use crate::publish;
use crate::report::Reporter;

/// Where a run's feeds go.
pub(crate) enum Sink<'o> {
    /// Standard output: one feed.
    Stdout(&'o mut dyn Write),
    /// One file.
    File(PathBuf),
    /// A folder of feeds, whose public URL is `base_url` when known.
    Folder {
        dir: PathBuf,
        base_url: Option<String>,
    },
}

impl<'o> Sink<'o> {
    /// The sink for `output`; `meta` are the run's feed settings (the folder's public URL is
    /// `base_url`, else the folder of `feed_url`). Nothing is touched on disk yet.
    pub fn new(output: &Output, meta: &FeedMeta, stdout: &'o mut dyn Write) -> Sink<'o> {
        match output {
            Output::Stdout => Sink::Stdout(stdout),
            Output::File(path) => Sink::File(path.clone()),
            Output::Folder(dir) => Sink::Folder {
                dir: dir.clone(),
                base_url: meta.base_url.clone().or_else(|| {
                    meta.feed_url
                        .as_deref()
                        .and_then(|u| u.rsplit_once('/'))
                        .map(|(d, _)| d.to_owned())
                }),
            },
        }
    }

    /// The warning to give when the feeds can have no self link, and what to set.
    pub fn self_link_warning(&self, meta: &FeedMeta) -> Option<Diagnostic> {
        let (known, help) = match self {
            Sink::Folder { base_url, .. } => (
                base_url.is_some(),
                "set `base_url` (the folder's public URL) in frontfeed.toml, or pass --base-url",
            ),
            Sink::Stdout(_) | Sink::File(_) => (
                meta.feed_url.is_some(),
                "set `feed_url` in frontfeed.toml, or pass --feed-url, so readers can find the feed again",
            ),
        };
        (!known).then(|| {
            Diagnostic::warning(None, "no feed URL is set, so the feed has no self link").help(help)
        })
    }

    /// The public URL of the feed written as `file_name` with `meta`: in a folder, the folder's URL
    /// and the file's name; otherwise the configured `feed_url`.
    pub fn self_url(&self, file_name: &str, meta: &FeedMeta) -> Option<String> {
        match self {
            Sink::Folder {
                base_url: Some(base),
                ..
            } => Some(format!(
                "{}/{}",
                base.trim_end_matches('/'),
                link::encode(file_name)
            )),
            Sink::Folder { base_url: None, .. } | Sink::Stdout(_) | Sink::File(_) => {
                meta.feed_url.clone()
            }
        }
    }

    /// Makes ready to write: creates the output folder when missing.
    pub fn open(&self) -> Result<(), Error> {
        match self {
            Sink::Folder { dir, .. } => publish::ensure_folder(dir),
            Sink::Stdout(_) | Sink::File(_) => Ok(()),
        }
    }

    /// Publishes one feed, `file_name` in a folder, as `write` writes it. Returns whether its file
    /// already held these bytes and was left alone.
    pub fn put(
        &mut self,
        file_name: &str,
        items: usize,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
        reporter: &mut Reporter<'_>,
    ) -> Result<bool, Error> {
        match self {
            Sink::Stdout(stdout) => {
                write(&mut **stdout)
                    .and_then(|()| stdout.flush())
                    .map_err(|source| Error::Io {
                        context: "cannot write to standard output".into(),
                        source,
                    })?;
                Ok(false)
            }
            Sink::File(path) => Ok(!publish::to_file_with(path, write)?),
            Sink::Folder { dir, .. } => {
                let path = dir.join(file_name);
                if let Some(parent) = path.parent() {
                    publish::ensure_folder(parent)?;
                }
                let unchanged = !publish::to_file_with(&path, write)?;
                let state = if unchanged { "unchanged" } else { "written" };
                reporter.note(format_args!("{}: {items} items, {state}", path.display()));
                Ok(unchanged)
            }
        }
    }

    /// Ends the run's writing: a folder gets its `index.opml`, titled `title`, listing every feed
    /// planned. Returns the folder, for the summary.
    pub fn finish(self, planned: &[PlannedFeed], title: &str) -> Result<Option<String>, Error> {
        let Sink::Folder { dir, .. } = self else {
            return Ok(None);
        };
        let outlines: Vec<opml::Outline> = planned
            .iter()
            .map(|p| opml::Outline {
                title: p.meta.title_text().to_owned(),
                format: p.format,
                xml_url: p
                    .meta
                    .feed_url
                    .clone()
                    .unwrap_or_else(|| p.file_name.clone()),
                html_url: p.meta.home_url.clone(),
            })
            .collect();
        publish::to_file(&dir.join(INDEX_FILE), &opml::write(title, &outlines))?;
        Ok(Some(dir.display().to_string()))
    }
}
