//! The folders files go in.

use std::fs;
use std::path::Path;

use crate::error::{Diagnostic, Error};

/// Creates `dir` and its parents when missing; an existing file there is a configuration error.
pub fn ensure_folder(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        let message = format!(
            "{} is a file, but several feeds need an output folder",
            dir.display()
        );
        let help = "name a folder with -o (it is created when missing)";
        return Err(Error::config(Diagnostic::error(None, message).help(help)));
    }
    create_folder(dir)
}

/// Creates `dir` and its parents when missing.
pub fn create_folder(dir: &Path) -> Result<(), Error> {
    fs::create_dir_all(dir).map_err(|source| Error::Io {
        context: format!("cannot create {}", dir.display()),
        source,
    })
}
