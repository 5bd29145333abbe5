//! The cache of parsed files: reruns give byte-identical output to `--no-cache`, see edits, keep
//! reporting errors of unchanged broken files, and ignore a corrupt, truncated or foreign cache.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn convert(dir: &Path, cache: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontfeed"))
        .current_dir(dir)
        .args(["convert", "--to", "atom", "--limit", "0", "--title", "T"])
        .args(cache)
        .arg(".")
        .output()
        .unwrap()
}

fn run(dir: &Path, cache: &Path) -> Output {
    convert(dir, &["--cache-dir", cache.to_str().unwrap()])
}

fn no_cache(dir: &Path) -> Output {
    convert(dir, &["--no-cache"])
}

/// A folder with the real-corpus sample and one broken file.
fn articles() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/everyday-ai");
    for entry in std::fs::read_dir(sample).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        tmp.path().join("broken.md"),
        "---\ntitle: \"No URL\"\n---\n",
    )
    .unwrap();
    tmp
}

fn cache_files(cache: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(cache)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn reruns_match_no_cache_and_still_report_errors() {
    let dir = articles();
    let cache = tempfile::tempdir().unwrap();
    let reference = no_cache(dir.path());
    let first = run(dir.path(), cache.path());
    assert_eq!(
        cache_files(cache.path()).len(),
        1,
        "the first run writes a cache"
    );
    let second = run(dir.path(), cache.path());
    for out in [&first, &second] {
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(out.stdout, reference.stdout);
        assert_eq!(
            out.stderr, reference.stderr,
            "unchanged broken files are still reported"
        );
    }
}

#[test]
fn edits_additions_and_removals_are_seen() {
    let dir = articles();
    let cache = tempfile::tempdir().unwrap();
    run(dir.path(), cache.path());
    let edited = dir
        .path()
        .join("_news__2021-06-15-ai-ethics-qa-series-minimize-and-mitigate-algorithmic-harm.md");
    let text = std::fs::read_to_string(&edited)
        .unwrap()
        .replace("AI Ethics Q&A Series", "Edited Title Series");
    std::fs::write(&edited, text).unwrap();
    std::fs::remove_file(dir.path().join("broken.md")).unwrap();
    std::fs::write(dir.path().join("new.md"), "---\ntitle: \"New\"\nwebUrl: \"https://example.com/new\"\npublishedDateTime: 2030-01-01\n---\n").unwrap();
    let after = run(dir.path(), cache.path());
    assert_eq!(after.status.code(), Some(0));
    assert_eq!(after.stdout, no_cache(dir.path()).stdout);
    let feed = String::from_utf8(after.stdout).unwrap();
    assert!(feed.contains("Edited Title Series") && feed.contains("https://example.com/new"));
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored() {
    let dir = articles();
    let cache = tempfile::tempdir().unwrap();
    let reference = no_cache(dir.path());
    run(dir.path(), cache.path());
    let file = cache_files(cache.path()).pop().unwrap();
    let good = std::fs::read(&file).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xFF;
    let mut other_version = good.clone();
    other_version[16] ^= 0x01;
    let damaged: [Vec<u8>; 5] = [
        Vec::new(),
        good[..good.len() / 2].to_vec(),
        flipped,
        other_version,
        b"not a cache".to_vec(),
    ];
    for bytes in damaged {
        std::fs::write(&file, &bytes).unwrap();
        let out = run(dir.path(), cache.path());
        assert_eq!(out.stdout, reference.stdout);
        assert_eq!(out.stderr, reference.stderr);
    }
}

#[test]
fn concurrent_runs_leave_a_whole_cache() {
    let dir = articles();
    let cache = tempfile::tempdir().unwrap();
    let reference = no_cache(dir.path());
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_frontfeed"))
                .current_dir(dir.path())
                .args([
                    "convert",
                    "--to",
                    "atom",
                    "--limit",
                    "0",
                    "--title",
                    "T",
                    "--cache-dir",
                    cache.path().to_str().unwrap(),
                    ".",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        assert_eq!(child.wait_with_output().unwrap().stdout, reference.stdout);
    }
    assert_eq!(
        cache_files(cache.path()).len(),
        1,
        "no temporary file is left behind"
    );
    assert_eq!(run(dir.path(), cache.path()).stdout, reference.stdout);
}
