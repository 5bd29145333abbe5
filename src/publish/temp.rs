//! Temporary files: created beside the file they will replace, under frontfeed's own naming
//! (`.<name>.frontfeed-<pid>-<n>.tmp`), registered while they exist so a signal handler can remove
//! them, removed when dropped unless renamed into place, and recognised by a later run when a killed
//! run (whose process no longer runs) left them behind.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Every temporary file this process has and has not yet renamed or removed.
static REGISTRY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Numbers the temporary files of this process, so several can stand beside one file.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// What marks frontfeed's temporary files, between the name they stand beside and the process id.
const MARK: &str = ".frontfeed-";
const SUFFIX: &str = ".tmp";

/// A temporary file beside the file it will replace.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
    /// Open until it is finished.
    pub file: Option<File>,
}

impl TempFile {
    /// Creates a new temporary file in `folder` for the file named `name`.
    pub fn create(folder: &Path, name: &str) -> std::io::Result<TempFile> {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = folder.join(format!(".{name}{MARK}{}-{n}{SUFFIX}", std::process::id()));
        // Registered before it exists, so a signal at any moment finds it.
        lock_registry().push(path.clone());
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => Ok(TempFile {
                path,
                file: Some(file),
            }),
            Err(err) => {
                forget(&path);
                Err(err)
            }
        }
    }

    /// A new temporary file beside `target` (in its folder, named after it), and its handle.
    pub fn beside(target: &Path) -> std::io::Result<(TempFile, File)> {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut temp = TempFile::create(folder, &name)?;
        let file = temp
            .file
            .take()
            .ok_or_else(|| std::io::Error::other("no temporary file"))?;
        Ok((temp, file))
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames it over `target`, which it then is.
    pub fn persist(mut self, target: &Path) -> std::io::Result<()> {
        drop(self.file.take());
        fs::rename(&self.path, target)?;
        forget(&self.path);
        // Renamed: nothing left to remove.
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            drop(self.file.take());
            let _ = fs::remove_file(&self.path);
            forget(&self.path);
        }
    }
}

fn lock_registry() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    REGISTRY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn forget(path: &Path) {
    lock_registry().retain(|p| p != path);
}

/// Removes every temporary file this process still has: for a signal handler, just before the
/// process ends. Safe to call from any thread.
pub fn remove_temporary_files() {
    let paths = std::mem::take(&mut *lock_registry());
    for path in paths {
        let _ = fs::remove_file(path);
    }
}

/// The process that made a temporary file, from its name, when the name is frontfeed's.
fn owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(SUFFIX)?;
    let (_, tail) = rest.rsplit_once(MARK)?;
    let pid = tail.split('-').next()?;
    pid.parse().ok()
}

/// Whether process `pid` is a frontfeed that is still running. Where the system does not say, it
/// is taken to be running, so nothing is removed that might be in use.
fn is_running_frontfeed(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    match fs::read_to_string(proc.join(pid.to_string()).join("comm")) {
        Ok(comm) => comm.trim().starts_with("frontfeed"),
        Err(_) => false,
    }
}

/// Removes the temporary files in `folder` that runs killed before they could clean up left: files
/// under frontfeed's naming whose process no longer runs. Returns how many were removed.
pub fn remove_stale(folder: &Path) -> usize {
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owner) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && !is_running_frontfeed(pid) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_tell_their_process() {
        assert_eq!(owner(".feed.xml.frontfeed-123-4.tmp"), Some(123));
        assert_eq!(owner(".a.frontfeed-b.xml.frontfeed-77-0.tmp"), Some(77));
        assert_eq!(owner("feed.xml"), None);
        assert_eq!(owner(".feed.xml.frontfeed-x-1.tmp"), None);
    }

    #[test]
    fn a_temporary_file_is_gone_unless_persisted() {
        let dir = tempfile::tempdir().unwrap();
        let temp = TempFile::create(dir.path(), "feed.xml").unwrap();
        let path = temp.path().to_path_buf();
        assert!(path.exists());
        drop(temp);
        assert!(!path.exists());
        let temp = TempFile::create(dir.path(), "feed.xml").unwrap();
        temp.persist(&dir.path().join("feed.xml")).unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_files_of_dead_processes_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        // A process id above the kernel's limit cannot be running.
        let dead = dir.path().join(".feed.xml.frontfeed-4194305-0.tmp");
        let mine = TempFile::create(dir.path(), "feed.xml").unwrap();
        let other = dir.path().join(".feed.xml.tmp");
        fs::write(&dead, "x").unwrap();
        fs::write(&other, "x").unwrap();
        assert_eq!(remove_stale(dir.path()), 1);
        assert!(!dead.exists() && mine.path().exists() && other.exists());
    }
}
