//! What frontfeed wrote into an output folder, so a later run removes the files it no longer
//! produces (the feed of a topic that went away) and touches nothing else: `.frontfeed-manifest`,
//! one path inside the folder per line, replaced with each run that changes it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path};

use super::replace::to_file;
use crate::error::Error;

/// The manifest's name inside the folder.
pub const MANIFEST: &str = ".frontfeed-manifest";

/// The files an earlier run wrote into `dir`. Lines that do not name a plain path inside the folder
/// are ignored. A folder written before manifests were kept has none: then the feeds its
/// `index.opml` lists (which frontfeed wrote too) count, so their files are not left behind.
pub fn files_written(dir: &Path) -> BTreeSet<String> {
    let Ok(text) = fs::read_to_string(dir.join(MANIFEST)) else {
        return listed_in_index(dir);
    };
    text.lines()
        .map(str::trim)
        .filter(|l| is_inside(l))
        .map(str::to_owned)
        .collect()
}

/// The files of `dir` that its `index.opml` lists by URL or name, and the index itself.
fn listed_in_index(dir: &Path) -> BTreeSet<String> {
    const INDEX: &str = "index.opml";
    let Ok(text) = fs::read_to_string(dir.join(INDEX)) else {
        return BTreeSet::new();
    };
    let mut files: BTreeSet<String> = text
        .split("xmlUrl=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter_map(|url| {
            file_in(
                dir,
                &percent_encoding::percent_decode_str(&url.replace("&amp;", "&"))
                    .decode_utf8_lossy(),
            )
        })
        .collect();
    files.insert(INDEX.to_owned());
    files
}

/// The longest ending of `url`'s path that names a regular file in `dir`.
fn file_in(dir: &Path, url: &str) -> Option<String> {
    let path = url.split("://").nth(1).map_or(url, |rest| {
        rest.split_once('/').map_or("", |(_, path)| path)
    });
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    (0..parts.len())
        .map(|start| parts[start..].join("/"))
        .find(|candidate| {
            is_inside(candidate)
                && fs::symlink_metadata(dir.join(candidate)).is_ok_and(|m| m.is_file())
        })
}

/// Whether `path` is a relative path of plain names (no `..`, no root).
fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Records `files` as what frontfeed wrote into `dir`.
pub fn record(dir: &Path, files: &BTreeSet<String>) -> Result<(), Error> {
    let mut text = String::new();
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    to_file(&dir.join(MANIFEST), text.as_bytes()).map(|_| ())
}

/// Removes the files of `before` that are not in `now` from `dir`, when they are still regular
/// files (never what a link points to), and folders left empty by that. Returns those removed.
pub fn remove_gone(dir: &Path, before: &BTreeSet<String>, now: &BTreeSet<String>) -> Vec<String> {
    let mut removed = Vec::new();
    for gone in before.difference(now) {
        let path = dir.join(gone);
        let is_file = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if is_file && fs::remove_file(&path).is_ok() {
            removed.push(gone.clone());
            let mut parent = path.parent();
            while let Some(folder) = parent.filter(|p| *p != dir) {
                if fs::remove_dir(folder).is_err() {
                    break;
                }
                parent = folder.parent();
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_manifest_the_index_tells_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("topics")).unwrap();
        for name in ["c-2.xml", "topics/中国.xml", "mine.xml"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        fs::write(
            dir.path().join("index.opml"),
            "<outline xmlUrl=\"https://a.org/feeds/c-2.xml\"/><outline xmlUrl=\"topics/%E4%B8%AD%E5%9B%BD.xml\"/>\
             <outline xmlUrl=\"https://a.org/feeds/gone.xml\"/>",
        )
        .unwrap();
        let listed: Vec<String> = files_written(dir.path()).into_iter().collect();
        assert_eq!(listed, ["c-2.xml", "index.opml", "topics/中国.xml"]);
    }

    #[test]
    fn only_files_written_before_and_not_now_go() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("topics")).unwrap();
        for name in ["a.xml", "topics/b.xml", "mine.html"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        let before: BTreeSet<String> = ["a.xml", "topics/b.xml", "../etc/passwd"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        record(dir.path(), &before).unwrap();
        let before = files_written(dir.path());
        assert_eq!(before.len(), 2, "paths outside the folder are not taken");
        let now = ["a.xml".to_owned()].into_iter().collect();
        assert_eq!(remove_gone(dir.path(), &before, &now), ["topics/b.xml"]);
        assert!(dir.path().join("a.xml").exists() && dir.path().join("mine.html").exists());
        assert!(!dir.path().join("topics").exists());
    }
}
