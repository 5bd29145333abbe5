//! Putting the bytes of a feed where they belong: standard output, or a file replaced atomically; and
//! putting article files into a folder without writing any item twice.
//!
//! A file is written to a temporary file in the same folder, flushed to disk and renamed over the old
//! one, so a reader or web server never sees half a feed, and a run that fails leaves the old feed
//! whole. When the new bytes equal the file's current bytes the file is not touched, so its mtime (and
//! the ETag and Last-Modified a web server derives from it) stays. Bytes are compared with the file as
//! they are written ([`to_file_with`]), so a feed is never held whole in memory.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use crate::error::Error;
use crate::input::{self, Outcome, ReadOptions};
use crate::model::Article;
use crate::output;

/// Writes `bytes` to `path` atomically. Returns false when the file already held exactly these bytes
/// and was left alone.
pub fn to_file(path: &Path, bytes: &[u8]) -> Result<bool, Error> {
    to_file_with(path, |out| out.write_all(bytes))
}

/// Writes what `write` writes to `path` atomically, as it is written, so a large feed is never held
/// whole in memory. While the bytes equal the file's, nothing is written; at the first difference
/// the equal part is copied from the old file into a temporary one, which the rest goes to and
/// which then replaces the file. Returns false when the file already held exactly these bytes and
/// was left alone.
pub fn to_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<bool, Error> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut replace = Replace {
        path,
        temp_path: folder.join(format!(".{name}.frontfeed-{}.tmp", std::process::id())),
        old: fs::File::open(path).ok().map(std::io::BufReader::new),
        equal: 0,
        scratch: Vec::new(),
        temp: None,
        started: false,
    };
    let result = write(&mut replace).and_then(|()| replace.finish());
    if result.is_err() && replace.started {
        let _ = fs::remove_file(&replace.temp_path);
    }
    result.map_err(|source| Error::Io {
        context: format!("cannot write {}", path.display()),
        source,
    })
}

/// A file being replaced: compared with what is written until they differ, then written anew.
struct Replace<'a> {
    path: &'a Path,
    temp_path: std::path::PathBuf,
    /// The file as it is, while everything written so far equals its start.
    old: Option<std::io::BufReader<fs::File>>,
    /// Bytes written so far that equal the old file's.
    equal: u64,
    scratch: Vec<u8>,
    temp: Option<std::io::BufWriter<fs::File>>,
    /// Whether the temporary file was created.
    started: bool,
}

impl Replace<'_> {
    /// Whether the old file goes on with exactly `bytes`.
    fn old_continues_with(&mut self, bytes: &[u8]) -> bool {
        use std::io::Read;
        let Some(old) = self.old.as_mut() else {
            return false;
        };
        self.scratch.resize(bytes.len(), 0);
        old.read_exact(&mut self.scratch).is_ok() && self.scratch == bytes
    }

    /// Starts the temporary file with the part of the old file that was equal.
    fn diverge(&mut self) -> std::io::Result<&mut std::io::BufWriter<fs::File>> {
        use std::io::Read;
        let file = fs::File::create(&self.temp_path)?;
        self.started = true;
        let mut temp = std::io::BufWriter::with_capacity(1 << 16, file);
        if self.equal > 0 {
            let mut old = fs::File::open(self.path)?.take(self.equal);
            let copied = std::io::copy(&mut old, &mut temp)?;
            if copied != self.equal {
                return Err(std::io::Error::other(
                    "the file changed while it was compared",
                ));
            }
        }
        self.old = None;
        Ok(self.temp.insert(temp))
    }

    /// Leaves the old file alone when it was written again exactly; else replaces it.
    fn finish(&mut self) -> std::io::Result<bool> {
        use std::io::Read;
        if self.temp.is_none() {
            let old_ends_here = self
                .old
                .as_mut()
                .is_some_and(|old| matches!(old.read(&mut [0u8; 1]), Ok(0)));
            if old_ends_here {
                return Ok(false);
            }
            self.diverge()?;
        }
        let Some(temp) = self.temp.take() else {
            return Err(std::io::Error::other("no temporary file"));
        };
        let file = temp.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        simulate_crash_before_rename();
        fs::rename(&self.temp_path, self.path)?;
        Ok(true)
    }
}

impl Write for Replace<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.temp.is_none() {
            if self.old_continues_with(bytes) {
                self.equal += bytes.len() as u64;
                return Ok(bytes.len());
            }
            self.diverge()?;
        }
        match self.temp.as_mut() {
            Some(temp) => temp.write_all(bytes).map(|()| bytes.len()),
            None => Err(std::io::Error::other("no temporary file")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Creates `dir` and its parents when missing.
pub fn ensure_folder(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        let message = format!(
            "{} is a file, but several feeds need an output folder",
            dir.display()
        );
        let help = "name a folder with -o (it is created when missing)";
        return Err(Error::config(
            crate::error::Diagnostic::error(None, message).help(help),
        ));
    }
    fs::create_dir_all(dir).map_err(|source| Error::Io {
        context: format!("cannot create {}", dir.display()),
        source,
    })
}

/// Test builds only: `FRONTFEED_TEST_CRASH_BEFORE_RENAME=1` kills the process between writing the
/// temporary file and renaming it, so a test can show that a crash leaves the old feed whole.
fn simulate_crash_before_rename() {
    if cfg!(debug_assertions) && std::env::var_os("FRONTFEED_TEST_CRASH_BEFORE_RENAME").is_some() {
        std::process::abort();
    }
}

/// What writing article files did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticlesWritten {
    /// New files.
    pub written: usize,
    /// Files that held an item already and were rewritten (`--force`).
    pub rewritten: usize,
    /// Items already in the folder, left alone.
    pub kept: usize,
}

/// Writes one article file per item into `dir`. An item already there (a file with the same URL, or
/// the same feed id) is left alone, or rewritten in place when `force`; a new item gets
/// `YYYY-MM-DD-<slug>.md`, numbered when that name is taken. Returns what was done, and the files
/// written, for `--verbose`.
pub fn articles(
    dir: &Path,
    items: &[&Article],
    force: bool,
) -> Result<(ArticlesWritten, Vec<String>), Error> {
    fs::create_dir_all(dir).map_err(|source| Error::Io {
        context: format!("cannot create {}", dir.display()),
        source,
    })?;
    let existing = existing_articles(dir)?;
    let mut taken: HashSet<String> = existing.names.clone();
    let mut done = ArticlesWritten::default();
    let mut paths = Vec::new();
    for article in items {
        let known = existing
            .by_id
            .get(&article.id)
            .or_else(|| article.guid.as_ref().and_then(|g| existing.by_guid.get(g)));
        let name = match known {
            Some(_) if !force => {
                done.kept += 1;
                continue;
            }
            Some(name) => {
                done.rewritten += 1;
                name.clone()
            }
            None => {
                let name = (1..)
                    .map(|n| output::article::file_name(article, n))
                    .find(|name| !taken.contains(name))
                    .unwrap_or_default();
                done.written += 1;
                name
            }
        };
        taken.insert(name.clone());
        let path = dir.join(&name);
        to_file(&path, &output::article::write(article))?;
        paths.push(path.display().to_string());
    }
    Ok((done, paths))
}

/// The articles already in a folder: file names, and which file holds which URL and feed id.
struct Existing {
    names: HashSet<String>,
    by_id: HashMap<String, String>,
    by_guid: HashMap<String, String>,
}

fn existing_articles(dir: &Path) -> Result<Existing, Error> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Io {
        context: format!("cannot read {}", dir.display()),
        source,
    })?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut existing = Existing {
        names: names.iter().cloned().collect(),
        by_id: HashMap::new(),
        by_guid: HashMap::new(),
    };
    let options = ReadOptions::default();
    // Read on all cores: a folder of articles can hold many thousands.
    let found: Vec<(&String, String, Option<String>)> = names
        .par_iter()
        .filter(|n| n.ends_with(".md") || n.ends_with(".markdown"))
        .filter_map(|name| {
            let bytes = fs::read(dir.join(name)).ok()?;
            match input::parse_file(name, name, &bytes, &options) {
                (Outcome::Article(article), _) => Some((name, article.id, article.guid)),
                _ => None,
            }
        })
        .collect();
    // In name order, so the first file holding an item is the one kept.
    for (name, id, guid) in found {
        if let Some(guid) = guid {
            existing.by_guid.entry(guid).or_insert_with(|| name.clone());
        }
        existing.by_id.entry(id).or_insert_with(|| name.clone());
    }
    Ok(existing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `new` in pieces of `piece` bytes over a file holding `old` (or none); returns whether
    /// it was replaced and what it holds after.
    fn replace(old: Option<&[u8]>, new: &[u8], piece: usize) -> (bool, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.xml");
        if let Some(old) = old {
            fs::write(&path, old).unwrap();
        }
        let replaced = to_file_with(&path, |out| {
            new.chunks(piece.max(1))
                .try_for_each(|chunk| out.write_all(chunk))
        })
        .unwrap();
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        (replaced, fs::read(&path).unwrap())
    }

    #[test]
    fn streamed_writes_replace_a_file_only_when_its_bytes_change() {
        let feed: Vec<u8> = (0..10_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut edited = feed.clone();
        edited[20_000] ^= 1;
        for piece in [1, 7, 4096, 1 << 20] {
            assert_eq!(replace(None, &feed, piece), (true, feed.clone()));
            assert_eq!(replace(Some(&feed), &feed, piece), (false, feed.clone()));
            assert_eq!(replace(Some(&feed), &edited, piece), (true, edited.clone()));
            assert_eq!(
                replace(Some(&feed), &feed[..30_000], piece),
                (true, feed[..30_000].to_vec())
            );
            assert_eq!(
                replace(Some(&feed[..30_000]), &feed, piece),
                (true, feed.clone())
            );
            assert_eq!(replace(Some(&feed), b"", piece), (true, Vec::new()));
        }
        assert_eq!(replace(Some(b""), b"", 1), (false, Vec::new()));
    }
}
