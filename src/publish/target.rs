//! What an output path names: a regular file (or none yet) to replace atomically, reached through any
//! symbolic links so the links stay; or something that is written to as a stream and never
//! replaced (a FIFO, a device, standard output under `/dev` or `/proc`).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// How a path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file, or none yet: replaced atomically. The path is the real file's, symbolic
    /// links followed.
    Replace(PathBuf),
    /// A FIFO, a device or a stream the system names as a file: written to as it is.
    Stream(PathBuf),
}

/// The most symbolic links followed before giving up, as the system does.
const MAX_LINKS: usize = 40;

/// What `path` names now.
pub fn target(path: &Path) -> io::Result<Target> {
    if is_system_stream(path) {
        return Ok(Target::Stream(path.to_path_buf()));
    }
    let real = follow_links(path)?;
    match fs::metadata(&real) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder",
        )),
        Ok(meta) if !meta.is_file() => Ok(Target::Stream(real)),
        Ok(_) => Ok(Target::Replace(real)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Target::Replace(real)),
        Err(err) => Err(err),
    }
}

/// `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1` and the like: streams, whatever they point at.
fn is_system_stream(path: &Path) -> bool {
    let mut components = path.components();
    components.next() == Some(Component::RootDir)
        && matches!(
            components.next(),
            Some(Component::Normal(first)) if first == "dev" || first == "proc"
        )
}

/// `path` with every symbolic link on its last component followed, also when the final target does
/// not exist yet (a dangling link is written through, creating its target).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(err) => return Err(err),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_links_and_streams() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("feed.xml");
        assert_eq!(target(&file).unwrap(), Target::Replace(file.clone()));
        fs::write(&file, "x").unwrap();
        let link = dir.path().join("link.xml");
        std::os::unix::fs::symlink("feed.xml", &link).unwrap();
        assert_eq!(
            target(&link).unwrap(),
            Target::Replace(dir.path().join("feed.xml"))
        );
        let dangling = dir.path().join("dangling.xml");
        std::os::unix::fs::symlink("sub/new.xml", &dangling).unwrap();
        assert_eq!(
            target(&dangling).unwrap(),
            Target::Replace(dir.path().join("sub/new.xml"))
        );
        assert!(matches!(
            target(Path::new("/dev/null")).unwrap(),
            Target::Stream(_)
        ));
        assert!(matches!(
            target(Path::new("/dev/stdout")).unwrap(),
            Target::Stream(_)
        ));
        assert!(target(dir.path()).is_err());
    }
}
