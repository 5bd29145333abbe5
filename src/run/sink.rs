//! Where a run's feeds go: standard output, one file, or a folder of files with its `index.opml`. The
//! sink owns the self-link policy (each feed names the public URL of the file it is written to, or
//! none), the lock that makes overlapping runs take turns, and the transaction of a run's files:
//! every file is written to a temporary file first, and only when all are written are they renamed
//! into place and the files of earlier runs that this run no longer produces removed, so a failed
//! run changes nothing.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::config::Output;
use crate::error::{Diagnostic, Error};
use crate::input::link;
use crate::model::FeedMeta;
use crate::output::opml;
use crate::plan::{INDEX_FILE, PlannedFeed};
use crate::publish::{self, Lock, Pending, Target, Written};
use crate::report::Reporter;

/// Where a run's feeds go, and what it has written so far.
pub(crate) struct Sink<'o> {
    place: Place<'o>,
    /// The configured URL of the feed, and of the output folder.
    feed_url: Option<String>,
    base_url: Option<String>,
    /// New bytes waiting to replace their files.
    pending: Vec<Pending>,
    /// Every file this run produces in a folder, changed or not.
    produced: BTreeSet<String>,
    lock: Option<Lock>,
}

enum Place<'o> {
    Stdout(&'o mut dyn Write),
    /// A FIFO, a device or `/dev/stdout`: written as a stream, like standard output.
    Stream(PathBuf),
    File(PathBuf),
    Folder(PathBuf),
}

impl<'o> Sink<'o> {
    /// The sink for `output`, with the run's `feed_url` and `base_url`. Nothing is touched yet.
    pub fn new(output: &Output, meta: &FeedMeta, stdout: &'o mut dyn Write) -> Sink<'o> {
        let place = match output {
            Output::Stdout => Place::Stdout(stdout),
            Output::File(path) => match publish::target(path) {
                Ok(Target::Stream(stream)) => Place::Stream(stream),
                _ => Place::File(path.clone()),
            },
            Output::Folder(dir) => Place::Folder(dir.clone()),
        };
        Sink {
            place,
            feed_url: meta.feed_url.clone(),
            base_url: meta.base_url.clone(),
            pending: Vec::new(),
            produced: BTreeSet::new(),
            lock: None,
        }
    }

    /// Makes ready to write, before anything is read: creates the output folder, takes the
    /// output's lock (waiting at most `wait` for another run) and removes what killed runs left.
    pub fn prepare(&mut self, wait: Duration) -> Result<(), Error> {
        let (path, is_folder) = match &self.place {
            Place::Stdout(_) | Place::Stream(_) => return Ok(()),
            Place::File(path) => match publish::target(path) {
                Ok(Target::Replace(real)) => (real, false),
                Ok(Target::Stream(_)) => return Ok(()),
                Err(source) => return Err(cannot_write(path, source)),
            },
            Place::Folder(dir) => {
                publish::ensure_folder(dir)?;
                (dir.clone(), true)
            }
        };
        let folder = if is_folder {
            path.clone()
        } else {
            parent(&path).to_path_buf()
        };
        if !folder.is_dir() {
            let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
            return Err(cannot_write(&path, missing));
        }
        self.lock = Some(Lock::acquire(&path, is_folder, wait)?);
        publish::remove_stale(&folder);
        Ok(())
    }

    /// The public URL of the feed written as `file_name`: the configured `feed_url` when its file
    /// name is this file's (standard output: always), else the output folder's URL (`base_url`) and
    /// the file's path in it; `None` when neither tells.
    pub fn self_url(&self, file_name: &str) -> Option<String> {
        let name = match &self.place {
            Place::Stdout(_) | Place::Stream(_) => return self.feed_url.clone(),
            Place::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Place::Folder(_) => file_name.to_owned(),
        };
        let base_name = name.rsplit('/').next().unwrap_or_default();
        let last = |url: &str| url.rsplit('/').next().map(str::to_owned);
        let fits = self
            .feed_url
            .as_deref()
            .is_some_and(|u| last(u).as_deref() == Some(link::encode(base_name).as_str()));
        if fits {
            return self.feed_url.clone();
        }
        self.base_url
            .as_deref()
            .map(|base| format!("{}/{}", base.trim_end_matches('/'), link::encode(&name)))
    }

    /// The warning to give when some feeds can have no self link, and what to set.
    pub fn self_link_warning(&self, planned: &[PlannedFeed]) -> Option<Diagnostic> {
        let without: Vec<&str> = planned
            .iter()
            .filter(|p| p.meta.feed_url.is_none())
            .map(|p| p.file_name.as_str())
            .collect();
        if without.is_empty() {
            return None;
        }
        let (message, help) = match &self.place {
            Place::Stdout(_) | Place::Stream(_) => (
                "no feed URL is set, so the feed has no self link".to_owned(),
                "set `feed_url` in frontfeed.toml, or pass --feed-url, so readers can find the feed again",
            ),
            Place::File(path) => (
                match &self.feed_url {
                    None => "no feed URL is set, so the feed has no self link".to_owned(),
                    Some(url) => format!(
                        "`feed_url` {url} names another file than {}, so the feed has no self link",
                        path.display()
                    ),
                },
                "set `feed_url` to this file's public URL, or `base_url` to its folder's, in frontfeed.toml or with --feed-url / --base-url",
            ),
            Place::Folder(dir) => (
                format!(
                    "the public URL of {} is not set, so {} of its feeds {} no self link",
                    dir.display(),
                    without.len(),
                    if without.len() == 1 { "has" } else { "have" }
                ),
                "set `base_url` (the folder's public URL) in frontfeed.toml, or pass --base-url",
            ),
        };
        Some(Diagnostic::warning(None, message).help(help))
    }

    /// The file a feed named `file_name` replaces, when it holds items now.
    pub fn holds_items(&self, file_name: &str) -> Option<PathBuf> {
        self.file_of(file_name).filter(|path| holds_items(path))
    }

    /// The file a feed named `file_name` goes to, when it goes to one.
    fn file_of(&self, file_name: &str) -> Option<PathBuf> {
        match &self.place {
            Place::Stdout(_) | Place::Stream(_) => None,
            Place::File(path) => Some(path.clone()),
            Place::Folder(dir) => Some(dir.join(file_name)),
        }
    }

    /// The files this run may write, for a check against its inputs.
    pub fn files(&self, planned: &[PlannedFeed]) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = planned
            .iter()
            .filter_map(|p| self.file_of(&p.file_name))
            .collect();
        if let Place::Folder(dir) = &self.place {
            files.push(dir.join(INDEX_FILE));
        }
        files
    }

    /// Writes one feed as `write` writes it, `file_name` in a folder: to standard output at once,
    /// else into a temporary file that [`Sink::commit`] puts in place. Returns whether its file
    /// already held these bytes and is left alone.
    pub fn put(
        &mut self,
        file_name: &str,
        items: usize,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
        reporter: &mut Reporter<'_>,
    ) -> Result<bool, Error> {
        let path = match &mut self.place {
            Place::Stdout(stdout) => {
                write(&mut **stdout)
                    .and_then(|()| stdout.flush())
                    .map_err(Error::stdout)?;
                return Ok(false);
            }
            Place::File(path) | Place::Stream(path) => path.clone(),
            Place::Folder(dir) => {
                let path = dir.join(file_name);
                publish::ensure_folder(parent(&path))?;
                self.produced.insert(file_name.to_owned());
                path
            }
        };
        let unchanged = self.stage(&path, write)?;
        if matches!(self.place, Place::Folder(_)) {
            let state = if unchanged { "unchanged" } else { "written" };
            reporter.note(format_args!("{}: {items} items, {state}", path.display()));
        }
        Ok(unchanged)
    }

    /// Writes `path`'s new bytes, keeping them pending; returns whether they are its bytes already.
    fn stage(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<bool, Error> {
        match publish::prepare(path, write)? {
            Written::Unchanged => Ok(true),
            Written::Streamed => Ok(false),
            Written::Pending(pending) => {
                self.pending.push(pending);
                Ok(false)
            }
        }
    }

    /// Ends the run's writing. A folder also gets its `index.opml` (titled `title`, listing every
    /// feed planned). Then every new file replaces its old one, the files of earlier runs that this
    /// one no longer produces are removed, and the folder's record of its files is updated. Unless
    /// `may_remove_items`, a run that would remove a file holding items writes nothing and fails.
    /// Returns the folder, for the summary.
    pub fn commit(
        mut self,
        planned: &[PlannedFeed],
        title: &str,
        may_remove_items: bool,
        reporter: &mut Reporter<'_>,
    ) -> Result<Option<String>, Error> {
        let Place::Folder(dir) = &self.place else {
            for pending in std::mem::take(&mut self.pending) {
                pending.commit()?;
            }
            return Ok(None);
        };
        let dir = dir.clone();
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
        let index = opml::write(title, &outlines);
        self.stage(&dir.join(INDEX_FILE), |out| out.write_all(&index))?;
        self.produced.insert(INDEX_FILE.to_owned());
        let before = publish::files_written(&dir);
        let gone: BTreeSet<String> = before.difference(&self.produced).cloned().collect();
        if !may_remove_items && let Some(full) = gone.iter().find(|g| holds_items(&dir.join(g))) {
            return Err(Error::config(
                Diagnostic::error(
                    None,
                    format!(
                        "{} holds items and this run would remove it, but it read no article; nothing written",
                        dir.join(full).display()
                    ),
                )
                .help("check the inputs, or pass --allow-empty to remove it anyway"),
            ));
        }
        for pending in std::mem::take(&mut self.pending) {
            pending.commit()?;
        }
        for removed in publish::remove_gone(&dir, &before, &self.produced) {
            reporter.note(format_args!(
                "{}: removed: no longer produced",
                dir.join(removed).display()
            ));
        }
        if before != self.produced {
            publish::record(&dir, &self.produced)?;
        }
        Ok(Some(dir.display().to_string()))
    }
}

/// The folder of `path` (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn cannot_write(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        context: format!("cannot write {}", path.display()),
        source,
    }
}

/// Whether the regular file at `path` holds a feed with items (an RSS `<item`, an Atom `<entry`,
/// or a JSON Feed whose `items` list is not empty). Anything else, or no file, holds none.
fn holds_items(path: &Path) -> bool {
    let is_file = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let Some(bytes) = is_file.then(|| std::fs::read(path).ok()).flatten() else {
        return false;
    };
    let find = |needle: &[u8]| memchr::memmem::find(&bytes, needle).is_some();
    if find(b"<item") || find(b"<entry") {
        return true;
    }
    memchr::memmem::find(&bytes, b"\"items\"").is_some_and(|at| {
        let rest = &bytes[at + 7..];
        let mut rest = rest
            .iter()
            .skip_while(|b| b.is_ascii_whitespace() || **b == b':')
            .skip_while(|b| **b == b'[')
            .skip_while(|b| b.is_ascii_whitespace());
        rest.next().is_some_and(|b| *b != b']')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_with_items_are_told_from_empty_ones() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            holds_items(&path)
        };
        assert!(at(
            "a.xml",
            "<rss><channel><item><title>x</title></item></channel></rss>"
        ));
        assert!(at("b.xml", "<feed><entry/></feed>"));
        assert!(at("c.json", "{\"items\": [\n {\"id\": \"1\"}]}"));
        assert!(!at("d.json", "{\"items\": [\n  ]}"));
        assert!(!at(
            "e.xml",
            "<rss><channel><title>x</title></channel></rss>"
        ));
        assert!(!holds_items(&dir.path().join("none.xml")));
    }
}
