//! Turning the paths the user named into a sorted list of files to read.
//!
//! Folders are walked recursively and their files sorted by path, component by component, following
//! symbolic links (loops are reported), skipping hidden entries and the configuration files frontfeed
//! itself reads. Files named explicitly are always read, hidden or not, and only they may be feeds:
//! a feed found in a folder (a site's own output) is never read back in.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Diagnostic, Error};

/// Configuration files that sit beside articles and are never articles themselves.
const CONFIG_FILE_NAMES: [&str; 2] = ["frontfeed.toml", "_config.yml"];

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-`).
    Stdin,
    /// A file found in a folder: read only if it is an article.
    File(PathBuf),
    /// A file named on the command line: an article, or a feed to read items from.
    Named(PathBuf),
}

impl Source {
    /// The name used in diagnostics.
    pub fn display_name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(p) | Source::Named(p) => match p.to_str() {
                Some(text) => text.to_owned(),
                None => p.display().to_string(),
            },
        }
    }

    /// The bare file name (empty for standard input).
    pub fn file_name(&self) -> String {
        match self {
            Source::Stdin => String::new(),
            Source::File(p) | Source::Named(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// The files of a run, in reading order, stored compactly: a run over 200,000 files keeps every
/// path, so walked files keep only their path below the folder walked, back to back in one buffer,
/// and a [`Source`] is made when one is needed.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    roots: Vec<PathBuf>,
    entries: Vec<Entry>,
    names: Names,
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    Stdin,
    Named { root: u32 },
    Walked { root: u32, name: u32 },
}

impl Sources {
    /// How many files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no file.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// File number `i`.
    pub fn get(&self, i: usize) -> Source {
        match self.entries[i] {
            Entry::Stdin => Source::Stdin,
            Entry::Named { root } => Source::Named(self.roots[root as usize].clone()),
            Entry::Walked { root, name } => {
                Source::File(self.roots[root as usize].join(self.names.get(name as usize)))
            }
        }
    }

    /// Files `range`, made into sources.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Vec<Source> {
        range.map(|i| self.get(i)).collect()
    }

    fn root(&mut self, path: &Path) -> u32 {
        self.roots.push(path.to_path_buf());
        u32::try_from(self.roots.len() - 1).unwrap_or(u32::MAX)
    }
}

/// Paths below a walked folder, back to back in blocks that are allocated once and never grow, so
/// storing them never copies (or holds twice) what is already stored.
#[derive(Debug, Clone, Default)]
struct Names {
    blocks: Vec<Vec<u8>>,
    /// Block, start and end of each name.
    spans: Vec<(u32, u32, u32)>,
    /// Where byte storage cannot hold a path (platforms whose paths are not bytes).
    #[cfg(not(unix))]
    paths: Vec<PathBuf>,
}

/// The size of a block of names.
const BLOCK: usize = 1 << 20;

impl Names {
    fn push_bytes(&mut self, bytes: &[u8]) -> usize {
        let fits = self
            .blocks
            .last()
            .is_some_and(|b| b.capacity() - b.len() >= bytes.len());
        if !fits {
            self.blocks.push(Vec::with_capacity(BLOCK.max(bytes.len())));
        }
        let block_index = self.blocks.len() - 1;
        let block = &mut self.blocks[block_index];
        let start = block.len();
        block.extend_from_slice(bytes);
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.spans
            .push((at(block_index), at(start), at(block.len())));
        self.spans.len() - 1
    }

    #[cfg(unix)]
    fn push(&mut self, name: &Path) -> usize {
        use std::os::unix::ffi::OsStrExt;
        self.push_bytes(name.as_os_str().as_bytes())
    }

    #[cfg(not(unix))]
    fn push(&mut self, name: &Path) -> usize {
        self.paths.push(name.to_path_buf());
        self.push_bytes(name.as_os_str().as_encoded_bytes())
    }

    /// The bytes of name `i`, for ordering.
    fn bytes(&self, i: usize) -> &[u8] {
        let (block, start, end) = self.spans[i];
        &self.blocks[block as usize][start as usize..end as usize]
    }

    #[cfg(unix)]
    fn get(&self, i: usize) -> &Path {
        use std::os::unix::ffi::OsStrExt;
        Path::new(std::ffi::OsStr::from_bytes(self.bytes(i)))
    }

    #[cfg(not(unix))]
    fn get(&self, i: usize) -> &Path {
        &self.paths[i]
    }
}

/// Orders walked files like their components: the separator counts as the lowest byte, so `a/b`
/// comes before `a.txt`, as in a walk that visits `a` before `a.txt`. Compares in place, without
/// building a key per file.
fn walk_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    // Paths in one folder share long prefixes: find the first difference eight bytes at a time.
    let n = a.len().min(b.len());
    let mut same = 0;
    while same + 8 <= n {
        let word = |s: &[u8]| u64::from_le_bytes(s[same..same + 8].try_into().unwrap_or([0; 8]));
        let differ = word(a) ^ word(b);
        if differ != 0 {
            same += (differ.trailing_zeros() / 8) as usize;
            break;
        }
        same += 8;
    }
    while same < n && a[same] == b[same] {
        same += 1;
    }
    let rank = |byte: Option<&u8>| {
        byte.map(|&b| {
            if std::path::is_separator(char::from(b)) {
                0
            } else {
                u16::from(b) + 1
            }
        })
    };
    rank(a.get(same)).cmp(&rank(b.get(same)))
}

/// `path` without the folder `root` it was found in. The walk builds each path by joining names to
/// `root` as given, so its bytes start with `root`'s: cut them off without taking the path apart.
#[cfg(unix)]
fn below_root<'a>(path: &'a Path, root: &Path) -> &'a Path {
    use std::os::unix::ffi::OsStrExt;
    let rest = path
        .as_os_str()
        .as_bytes()
        .strip_prefix(root.as_os_str().as_bytes());
    match rest.and_then(|r| r.strip_prefix(b"/")) {
        Some(below) if !below.is_empty() => Path::new(std::ffi::OsStr::from_bytes(below)),
        _ => path.strip_prefix(root).unwrap_or(path),
    }
}

#[cfg(not(unix))]
fn below_root<'a>(path: &'a Path, root: &Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Whether an input names standard input (`-`).
pub fn is_stdin(input: &Path) -> bool {
    input.as_os_str() == "-"
}

/// Expands `inputs` into files. Symbolic link loops and links to nothing met while walking come back
/// as diagnostics and the walk goes on; a folder that cannot be read is an I/O error, since going on
/// would publish a feed without its articles.
pub fn discover(inputs: &[PathBuf]) -> Result<(Sources, Vec<Diagnostic>), Error> {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    for input in inputs {
        if is_stdin(input) {
            sources.entries.push(Entry::Stdin);
        } else if input.is_dir() {
            walk(input, &mut sources, &mut problems)?;
        } else {
            let root = sources.root(input);
            sources.entries.push(Entry::Named { root });
        }
    }
    Ok((sources, problems))
}

fn walk(root: &Path, sources: &mut Sources, problems: &mut Vec<Diagnostic>) -> Result<(), Error> {
    // Walked in the file system's order, then sorted once in the order of a walk that visits each
    // folder's entries by name. (Sorting inside the walk takes every name apart from its full path
    // again at each comparison: a fifth of a cached rerun on 50,000 files.)
    let root_index = sources.root(root);
    let first = sources.entries.len();
    let first_problem = problems.len();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e.file_name().to_string_lossy();
                if e.depth() > 0 && CONFIG_FILE_NAMES.contains(&name.as_ref()) {
                    continue;
                }
                let below = below_root(e.path(), root);
                let name = u32::try_from(sources.names.push(below)).unwrap_or(u32::MAX);
                sources.entries.push(Entry::Walked {
                    root: root_index,
                    name,
                });
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(root).display().to_string();
                let message = match err.io_error() {
                    _ if err.loop_ancestor().is_some() => {
                        "symbolic link loop; this folder is not read again".to_owned()
                    }
                    Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                        format!("cannot read: {io}")
                    }
                    Some(_) | None => {
                        let source = err
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("the walk failed"));
                        return Err(Error::Io {
                            context: format!("cannot read {path}; nothing was written"),
                            source,
                        });
                    }
                };
                problems.push(Diagnostic::error(Some(&path), message));
            }
        }
    }
    let names = &sources.names;
    let name_of = |e: &Entry| match e {
        Entry::Walked { name, .. } => names.bytes(*name as usize),
        Entry::Stdin | Entry::Named { .. } => &[],
    };
    sources.entries[first..].sort_unstable_by(|a, b| walk_order(name_of(a), name_of(b)));
    problems[first_problem..].sort_by(|a, b| a.path.cmp(&b.path));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sort_as_a_walk_by_name_visits_them() {
        let mut names: Vec<&[u8]> = vec![b"a.txt", b"b", b"a/z", b"a-b", b"a/b/c"];
        names.sort_unstable_by(|a, b| walk_order(a, b));
        assert_eq!(names, [&b"a/b/c"[..], b"a/z", b"a-b", b"a.txt", b"b"]);
        let mut long: Vec<&[u8]> = vec![
            b"2024-05-01-some-long-name.md",
            b"2024-05-01-some-long/name.md",
            b"2024-05-01-some-long-nam",
            b"2024-05-01-some-long-name.md.bak",
            b"2024-05-01-some-lone",
        ];
        long.sort_unstable_by(|a, b| walk_order(a, b));
        assert_eq!(
            long,
            [
                &b"2024-05-01-some-lone"[..],
                b"2024-05-01-some-long/name.md",
                b"2024-05-01-some-long-nam",
                b"2024-05-01-some-long-name.md",
                b"2024-05-01-some-long-name.md.bak",
            ]
        );
    }

    #[test]
    fn paths_lose_their_root_whatever_its_spelling() {
        assert_eq!(
            below_root(Path::new("a/b/c.md"), Path::new("a")),
            Path::new("b/c.md")
        );
        assert_eq!(
            below_root(Path::new("./a/c.md"), Path::new("./a")),
            Path::new("c.md")
        );
        assert_eq!(
            below_root(Path::new("/x/y/c.md"), Path::new("/x/y/")),
            Path::new("c.md")
        );
        assert_eq!(
            below_root(Path::new("ab/c.md"), Path::new("a")),
            Path::new("ab/c.md")
        );
    }

    #[test]
    fn sources_give_back_the_paths_walked() {
        let dir = std::env::temp_dir().join(format!("frontfeed-discover-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("b.md"), "").unwrap();
        std::fs::write(dir.join("sub/a.md"), "").unwrap();
        let (sources, problems) = discover(&[dir.clone(), PathBuf::from("-")]).unwrap();
        assert!(problems.is_empty());
        let got: Vec<Source> = sources.slice(0..sources.len());
        assert_eq!(
            got,
            [
                Source::File(dir.join("b.md")),
                Source::File(dir.join("sub/a.md")),
                Source::Stdin
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
