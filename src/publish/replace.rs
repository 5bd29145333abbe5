//! Writing a file's new bytes as they come: compared with the old file through the one handle it was
//! opened with, so nothing is written while they are equal; at the first difference a temporary file
//! starts with the equal part (read through that same handle, never the path again) and takes the
//! rest. The temporary file gets the old file's mode (and owner where the process may set it), is
//! flushed to disk, and is renamed over the file, at once or when the caller commits a set of them.
//! Streams (FIFOs, devices) are written to directly.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::target::{Target, target};
use super::temp::TempFile;
use crate::error::Error;

/// What writing a file did.
#[derive(Debug)]
pub enum Written {
    /// The file already held exactly these bytes and was left alone (its mtime too).
    Unchanged,
    /// New bytes wait in a temporary file for [`Pending::commit`].
    Pending(Pending),
    /// Written to a stream.
    Streamed,
}

/// New bytes for a file, complete and flushed to disk in a temporary file beside it, waiting to be
/// renamed over it. Dropped without a commit, the temporary file is removed and the file untouched.
#[derive(Debug)]
pub struct Pending {
    temp: TempFile,
    target: PathBuf,
}

impl Pending {
    /// The file it will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Renames the new bytes over the file.
    pub fn commit(self) -> Result<(), Error> {
        simulate_crash_before_rename();
        let target = self.target;
        self.temp.persist(&target).map_err(|source| Error::Io {
            context: format!("cannot replace {}", target.display()),
            source,
        })?;
        sync_folder(&target);
        Ok(())
    }
}

/// Writes `bytes` to `path` and replaces it at once. Returns false when the file already held
/// exactly these bytes and was left alone.
pub fn to_file(path: &Path, bytes: &[u8]) -> Result<bool, Error> {
    to_file_with(path, |out| out.write_all(bytes))
}

/// Writes what `write` writes to `path` as it is written, and replaces the file at once. Returns
/// false when the file already held exactly these bytes and was left alone.
pub fn to_file_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<bool, Error> {
    match prepare(path, write)? {
        Written::Unchanged => Ok(false),
        Written::Streamed => Ok(true),
        Written::Pending(pending) => pending.commit().map(|()| true),
    }
}

/// Writes what `write` writes for `path`: to a stream at once, or, for a file, into a temporary
/// file that replaces it on [`Pending::commit`] (nothing when the bytes are the file's).
pub fn prepare(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<Written, Error> {
    let context = || format!("cannot write {}", path.display());
    let io_error = |source| Error::Io {
        context: context(),
        source,
    };
    match target(path).map_err(io_error)? {
        Target::Stream(stream) => {
            let file = OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&stream)
                .map_err(io_error)?;
            let mut out = BufWriter::with_capacity(1 << 16, file);
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(io_error)?;
            Ok(Written::Streamed)
        }
        Target::Replace(real) => {
            let mut replace = Replace::new(&real).map_err(io_error)?;
            write(&mut replace).map_err(io_error)?;
            replace.finish().map_err(io_error)
        }
    }
}

/// A file being replaced: compared with what is written until they differ, then written anew.
struct Replace<'a> {
    path: &'a Path,
    /// The file as it is, opened once; `None` when there is none.
    old: Option<Old>,
    /// Bytes written so far that equal the old file's.
    equal: u64,
    scratch: Vec<u8>,
    temp: Option<(TempFile, BufWriter<File>)>,
}

/// The old file: its handle, and what a replacement keeps of it.
struct Old {
    file: io::BufReader<File>,
    meta: fs::Metadata,
}

impl<'a> Replace<'a> {
    fn new(path: &'a Path) -> io::Result<Replace<'a>> {
        let old = match open_regular(path) {
            Ok(file) => {
                let meta = file.metadata()?;
                Some(Old {
                    file: io::BufReader::with_capacity(1 << 16, file),
                    meta,
                })
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => None,
            Err(err) => return Err(err),
        };
        Ok(Replace {
            path,
            old,
            equal: 0,
            scratch: Vec::new(),
            temp: None,
        })
    }

    /// Whether the old file goes on with exactly `bytes`.
    fn old_continues_with(&mut self, bytes: &[u8]) -> bool {
        let Some(old) = self.old.as_mut() else {
            return false;
        };
        self.scratch.resize(bytes.len(), 0);
        old.file.read_exact(&mut self.scratch).is_ok() && self.scratch == bytes
    }

    /// Starts the temporary file with the part of the old file that was equal, read through the
    /// handle it was compared with.
    fn diverge(&mut self) -> io::Result<&mut BufWriter<File>> {
        let (temp, file) = TempFile::beside(self.path)?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        if let Some(old) = self.old.take() {
            keep_mode_and_owner(out.get_ref(), &old.meta);
            if self.equal > 0 {
                let mut file = old.file.into_inner();
                copy_start(&mut file, self.equal, &mut out)?;
            }
        }
        let (_, out) = self.temp.insert((temp, out));
        Ok(out)
    }

    /// Leaves the old file alone when it was written again exactly; else the new bytes wait in the
    /// temporary file, flushed to disk.
    fn finish(mut self) -> io::Result<Written> {
        if self.temp.is_none() {
            let old_ends_here = self
                .old
                .as_mut()
                .is_some_and(|old| matches!(old.file.read(&mut [0u8; 1]), Ok(0)));
            if old_ends_here {
                return Ok(Written::Unchanged);
            }
            self.diverge()?;
        }
        let Some((temp, out)) = self.temp.take() else {
            return Err(io::Error::other("no temporary file"));
        };
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        Ok(Written::Pending(Pending {
            temp,
            target: self.path.to_path_buf(),
        }))
    }
}

impl Write for Replace<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.temp.is_none() {
            if self.old_continues_with(bytes) {
                self.equal += bytes.len() as u64;
                return Ok(bytes.len());
            }
            self.diverge()?;
        }
        match self.temp.as_mut() {
            Some((_, out)) => out.write_all(bytes).map(|()| bytes.len()),
            None => Err(io::Error::other("no temporary file")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Opens `path` for reading only if it is a regular file, without blocking on anything else.
fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            "not a regular file",
        ))
    }
}

/// Copies the first `len` bytes of `file` (from its start, whatever was read of it) to `out`.
fn copy_start(file: &mut File, len: u64, out: &mut impl Write) -> io::Result<()> {
    use std::io::{Seek, SeekFrom};
    file.seek(SeekFrom::Start(0))?;
    let copied = io::copy(&mut file.take(len), out)?;
    if copied != len {
        return Err(io::Error::other("the file shrank while it was compared"));
    }
    Ok(())
}

/// Gives the new file the old one's permissions, and its owner and group where this process may
/// (as root, or a group it belongs to); a failure to do so leaves the new file as created.
fn keep_mode_and_owner(new: &File, old: &fs::Metadata) {
    let _ = new.set_permissions(old.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(new, Some(old.uid()), Some(old.gid()));
    }
}

/// Flushes the folder that holds `path`, so the rename itself survives a power loss.
fn sync_folder(path: &Path) {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(folder)
    {
        let _ = dir.sync_all();
    }
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

    #[test]
    fn the_equal_part_comes_from_the_file_compared_not_one_put_there_since() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.xml");
        fs::write(&path, b"AAAA-old").unwrap();
        let written = prepare(&path, |out| {
            out.write_all(b"AAAA")?;
            // Another program replaces the file while this run compares.
            fs::write(dir.path().join("other"), b"BBBBBBBB").unwrap();
            fs::rename(dir.path().join("other"), &path).unwrap();
            out.write_all(b"-new")
        })
        .unwrap();
        let Written::Pending(pending) = written else {
            panic!("the bytes changed")
        };
        pending.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"AAAA-new");
    }

    #[test]
    fn a_replaced_file_keeps_its_mode_and_uncommitted_bytes_vanish() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.xml");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        assert!(to_file(&path, b"new").unwrap());
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let pending = prepare(&path, |out| out.write_all(b"newer")).unwrap();
        drop(pending);
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
