//! A configuration file's text, kept to locate problems in it, and how configuration files are found:
//! walking up from the folder of the first input.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Location};
use crate::input::is_stdin;

/// A configuration file as read.
pub struct Loaded {
    /// The path, as shown in messages.
    pub path: String,
    /// The whole text.
    pub text: String,
}

impl Loaded {
    /// Reads `path`; a failure stops the run.
    pub fn read(path: &Path) -> Result<Self, Error> {
        if path.is_dir() {
            let message = "is a folder, not a configuration file";
            let help = "name the frontfeed.toml file itself";
            return Err(Error::config(
                Diagnostic::error(Some(&path.display().to_string()), message).help(help),
            ));
        }
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            context: format!("cannot read {}", path.display()),
            source,
        })?;
        Ok(Loaded {
            path: path.display().to_string(),
            text,
        })
    }

    /// An error at byte `offset` of the file.
    pub fn error_at_offset(&self, offset: Option<usize>, message: String, help: &str) -> Error {
        let d = Diagnostic::error(Some(&self.path), message).help(help);
        Error::config(match offset {
            Some(offset) => d.at(Location::of_offset(&self.text, offset), &self.text),
            None => d,
        })
    }

    /// An error at the line that sets `key` (`key = ...` or `key: ...`), the `nth` such line (from 0).
    pub fn error_at_key(&self, key: &str, nth: usize, message: String, help: &str) -> Error {
        let line = self
            .text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                l.trim_start().strip_prefix(key).is_some_and(|rest| {
                    let rest = rest.trim_start();
                    rest.starts_with('=') || rest.starts_with(':')
                })
            })
            .nth(nth)
            .map(|(i, _)| i);
        let d = Diagnostic::error(Some(&self.path), message).help(help);
        Error::config(match line {
            Some(i) => d.at(
                Location {
                    line: i + 1,
                    column: 1,
                },
                &self.text,
            ),
            None => d,
        })
    }
}

/// The folder where configuration discovery starts for these inputs: the first input folder, the
/// folder of the first input file, or the current folder for standard input.
pub fn start_folder(inputs: &[PathBuf]) -> PathBuf {
    match inputs.first() {
        Some(p) if is_stdin(p) => PathBuf::from("."),
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        None => PathBuf::from("."),
    }
}

/// The first `name` in `start` or a folder above it, stopping after a folder that holds `.git`. The
/// path is relative to the current folder when the file is below it, so messages stay short.
pub fn find_up(start: &Path, name: &str) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let here = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    for dir in start.ancestors() {
        let candidate = dir.join(name);
        if candidate.is_file() {
            let relative = here
                .as_deref()
                .and_then(|h| candidate.strip_prefix(h).ok())
                .map(Path::to_path_buf);
            return Some(relative.unwrap_or(candidate));
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}
