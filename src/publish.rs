//! Putting the bytes of a feed where they belong: standard output, or a file replaced atomically.
//!
//! A file is written to a temporary file in the same folder, flushed to disk and renamed over the old
//! one, so a reader or web server never sees half a feed, and a run that fails leaves the old feed
//! whole. When the new bytes equal the file's current bytes the file is not touched, so its mtime (and
//! the ETag and Last-Modified a web server derives from it) stays.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path` atomically. Returns false when the file already held exactly these bytes
/// and was left alone.
pub fn to_file(path: &Path, bytes: &[u8]) -> Result<bool, Error> {
    if fs::read(path).is_ok_and(|current| current == bytes) {
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
