//! Putting bytes on disk: a file replaced atomically, and left untouched when its bytes are the same;
//! and the folders files go in. It knows nothing of what the bytes are (it imports neither input nor
//! output).
//!
//! A file is written to a temporary file in the same folder, flushed to disk and renamed over the old
//! one, so a reader or web server never sees half a feed, and a run that fails leaves the old feed
//! whole. When the new bytes equal the file's current bytes the file is not touched, so its mtime (and
//! the ETag and Last-Modified a web server derives from it) stays. Bytes are compared with the file as
//! they are written ([`to_file_with`]), so a feed is never held whole in memory.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Diagnostic, Error};

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

/// Test builds only: `FRONTFEED_TEST_CRASH_BEFORE_RENAME=1` kills the process between writing the
/// temporary file and renaming it, so a test can show that a crash leaves the old feed whole.
fn simulate_crash_before_rename() {
    if cfg!(debug_assertions) && std::env::var_os("FRONTFEED_TEST_CRASH_BEFORE_RENAME").is_some() {
        std::process::abort();
    }
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
