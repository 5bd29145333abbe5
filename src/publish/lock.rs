//! One writer per output: a lock file beside the output (`.<name>.frontfeed-lock` beside a file,
//! `.frontfeed-lock` in a folder), held for the whole run, so overlapping runs on the same output
//! take turns. A run that cannot get it waits a bounded time, then gives up saying which run holds it
//! (as the system's lock table tells). The lock file is created once and never written, so it never
//! looks changed to a web server or a sync tool.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Error};

/// The lock of one output, released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// How long to sleep between tries.
const POLL: Duration = Duration::from_millis(50);

/// The lock file for an output: in the folder for a folder, beside the file for a file.
pub fn lock_path(output: &Path, is_folder: bool) -> PathBuf {
    if is_folder {
        return output.join(".frontfeed-lock");
    }
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = output.parent().filter(|p| !p.as_os_str().is_empty());
    folder
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.frontfeed-lock"))
}

impl Lock {
    /// Takes the lock of the output `output` (a folder when `is_folder`), waiting at most `wait`
    /// for another run to release it.
    pub fn acquire(output: &Path, is_folder: bool, wait: Duration) -> Result<Lock, Error> {
        let path = lock_path(output, is_folder);
        let io_error = |source| Error::Io {
            context: format!("cannot lock {}", path.display()),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error)?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(POLL);
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(busy(output, &file, wait));
                }
                Err(std::fs::TryLockError::Error(source)) => return Err(io_error(source)),
            }
        }
        Ok(Lock { _file: file })
    }
}

/// The process holding the lock on `file`, as Linux's lock table (`/proc/locks`) tells.
fn holder(file: &File) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = file.metadata().ok()?.ino();
        let table = std::fs::read_to_string("/proc/locks").ok()?;
        // `1: FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF`
        table.lines().find_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let at = fields.iter().position(|f| f.matches(':').count() == 2)?;
            let locked_inode: u64 = fields[at].rsplit(':').next()?.parse().ok()?;
            (locked_inode == inode && fields.get(1) == Some(&"FLOCK"))
                .then(|| fields.get(at - 1)?.parse().ok())
                .flatten()
        })
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        None
    }
}

/// The error of a run that waited `wait` for the lock of `output` in vain.
fn busy(output: &Path, file: &File, wait: Duration) -> Error {
    let who = match holder(file) {
        None => "another frontfeed run".to_owned(),
        Some(pid) => format!("another frontfeed run (process {pid})"),
    };
    let message = format!(
        "{who} is writing {}; gave up after waiting {} s, nothing written",
        output.display(),
        wait.as_secs()
    );
    Error::config(
        Diagnostic::error(None, message)
            .help("let that run finish (or stop it), or wait longer with --wait SECONDS"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_waits_then_says_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("feed.xml");
        let held = Lock::acquire(&out, false, Duration::ZERO).unwrap();
        let err = Lock::acquire(&out, false, Duration::from_millis(120)).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(&format!("(process {})", std::process::id())),
            "{text}"
        );
        drop(held);
        assert!(Lock::acquire(&out, false, Duration::ZERO).is_ok());
        assert!(dir.path().join(".feed.xml.frontfeed-lock").exists());
    }
}
