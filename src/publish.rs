//! Putting the bytes of a feed where they belong: standard output, or a file replaced atomically; and
//! putting article files into a folder without writing any item twice.
//!
//! A file is written to a temporary file in the same folder, flushed to disk and renamed over the old
//! one, so a reader or web server never sees half a feed, and a run that fails leaves the old feed
//! whole. When the new bytes equal the file's current bytes the file is not touched, so its mtime (and
//! the ETag and Last-Modified a web server derives from it) stays.

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
    if holds(path, bytes) {
        return Ok(false);
    }
    let io_error = |context: &str| {
        let context = format!("{context} {}", path.display());
        move |source| Error::Io { context, source }
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp_path = folder.join(format!(".{name}.frontfeed-{}.tmp", std::process::id()));
    let result = (|| {
        let mut temp = fs::File::create(&temp_path)?;
        temp.write_all(bytes)?;
        temp.sync_all()?;
        simulate_crash_before_rename();
        fs::rename(&temp_path, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result.map_err(io_error("cannot write"))?;
    Ok(true)
}

/// Whether the file at `path` holds exactly `bytes`: compared a block at a time, so checking a large
/// feed never holds a second copy of it.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != u64::try_from(bytes.len()).ok() {
        return false;
    }
    let mut block = vec![0u8; 1 << 16];
    let mut rest = bytes;
    loop {
        match file.read(&mut block) {
            Ok(0) => return rest.is_empty(),
            Ok(n) => match rest.strip_prefix(&block[..n]) {
                Some(tail) => rest = tail,
                None => return false,
            },
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
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
