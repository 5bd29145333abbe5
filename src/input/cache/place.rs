//! Where caches live and how the folder stays in its place: the user's cache folder (a relative
//! `XDG_CACHE_HOME` is ignored, as the XDG specification says), the build a cache belongs to (the
//! version and a hash of the program itself), and pruning: a cache of another build of the same
//! inputs goes after a day unused, any cache after 30 days unused, and the folder is kept under
//! 1 GiB by removing the least recently used.

use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// The most the cache folder holds, in bytes.
const MAX_FOLDER_BYTES: u64 = 1 << 30;
/// How long a cache of another build of the same inputs is kept unused.
const OTHER_BUILD_AGE: Duration = Duration::from_secs(24 * 3600);
/// How long any cache is kept unused.
const MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);

/// The default cache folder: `$XDG_CACHE_HOME/frontfeed`, else `~/.cache/frontfeed`. Relative
/// values are ignored.
pub fn default_folder() -> Option<PathBuf> {
    folder_from(std::env::var_os("XDG_CACHE_HOME"), std::env::var_os("HOME"))
}

/// The cache folder for these values of `XDG_CACHE_HOME` and `HOME`.
fn folder_from(xdg: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let absolute = |v: OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    let xdg = xdg.and_then(absolute);
    let home = home.and_then(absolute).map(|h| h.join(".cache"));
    xdg.or(home).map(|d| d.join("frontfeed"))
}

/// The build this program is: its version and the CRC-32 of its own file, so a rebuilt or upgraded
/// frontfeed never takes what another build read (its rules or messages may differ). Computed once.
pub fn build_key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let hash = std::env::current_exe()
            .and_then(fs::File::open)
            .and_then(|mut file| {
                let mut hasher = crc32fast::Hasher::new();
                let mut buffer = vec![0u8; 1 << 16];
                loop {
                    match file.read(&mut buffer)? {
                        0 => break,
                        n => hasher.update(&buffer[..n]),
                    }
                }
                Ok(hasher.finalize())
            });
        match hash {
            Ok(hash) => format!("{}-{hash:08x}", env!("CARGO_PKG_VERSION")),
            Err(_) => format!("{}-unknown", env!("CARGO_PKG_VERSION")),
        }
    })
}

/// The file name of the cache of inputs whose description hashes to `inputs`.
pub fn file_name(inputs: u32) -> String {
    format!(
        "{inputs:08x}-{:08x}.cache",
        crc32fast::hash(build_key().as_bytes())
    )
}

/// Removes, from the folder of the cache file `current`, the caches no run has used for a while,
/// then the least recently used ones while the folder holds more than [`MAX_FOLDER_BYTES`].
/// `current` is never removed.
pub fn prune(current: &Path) {
    let Some(folder) = current.parent() else {
        return;
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    let inputs = current
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('-').next())
        .unwrap_or_default()
        .to_owned();
    let mut kept: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if path == current || !name.ends_with(".cache") || !meta.is_file() {
            continue;
        }
        let used = meta.modified().unwrap_or(now);
        let idle = now.duration_since(used).unwrap_or_default();
        let same_inputs = name.split('-').next() == Some(inputs.as_str());
        if idle > MAX_AGE || (same_inputs && idle > OTHER_BUILD_AGE) {
            let _ = fs::remove_file(&path);
        } else {
            kept.push((used, meta.len(), path));
        }
    }
    let mut total: u64 = kept.iter().map(|(_, size, _)| size).sum();
    total += fs::metadata(current).map_or(0, |m| m.len());
    kept.sort();
    for (_, size, path) in kept {
        if total <= MAX_FOLDER_BYTES {
            break;
        }
        if fs::remove_file(&path).is_ok() {
            total -= size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_other_build_caches_go_and_the_current_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let current = dir.path().join(file_name(0xabc));
        let other_build = dir.path().join("00000abc-deadbeef.cache");
        let other_inputs = dir.path().join("00000def-deadbeef.cache");
        let ancient = dir.path().join("00000123-deadbeef.cache");
        let mine = dir.path().join("notes.txt");
        for path in [&current, &other_build, &other_inputs, &ancient, &mine] {
            fs::write(path, "x").unwrap();
        }
        let set_age = |path: &Path, days: u64| {
            let when = SystemTime::now() - Duration::from_secs(days * 24 * 3600);
            fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        };
        set_age(&other_build, 2);
        set_age(&other_inputs, 2);
        set_age(&ancient, 40);
        prune(&current);
        assert!(current.exists() && other_inputs.exists() && mine.exists());
        assert!(!other_build.exists() && !ancient.exists());
    }

    #[test]
    fn relative_cache_homes_are_ignored() {
        let at = |xdg: Option<&str>, home: Option<&str>| {
            folder_from(xdg.map(OsString::from), home.map(OsString::from))
        };
        let cache = Some(PathBuf::from("/home/u/.cache/frontfeed"));
        assert_eq!(at(Some("relative"), Some("/home/u")), cache);
        assert_eq!(at(Some(""), Some("/home/u")), cache);
        assert_eq!(
            at(Some("/var/c"), None),
            Some(PathBuf::from("/var/c/frontfeed"))
        );
        assert_eq!(at(Some("x"), Some("y")), None);
    }
}
