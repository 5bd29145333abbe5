//! Generators' sites end to end, where golden files cannot show it: `check` pointing at a post's
//! problems, the run's time deciding which future posts are due, the cache following the site's own
//! configuration, filters on the terms a feed does not show, and an unchanged feed left alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn frontfeed(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontfeed"))
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies a folder, recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn check_points_at_a_post_s_unknown_placeholder_and_bad_date() {
    let posts = fixture("site-jekyll-problems/input/_posts");
    let out = frontfeed(&["check", posts.to_str().unwrap()], &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("2024-07-02-unknown-placeholder.md:3:12: error: the permalink `/:year/:headline/` uses `:headline`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2024-07-01-bad-date.md:3:7: warning: `date` is not a date"),
        "{stderr}"
    );
}

#[test]
fn a_future_post_is_due_once_the_run_s_time_passes_its_date() {
    let posts = fixture("site-jekyll/input/_posts");
    let args = [
        "convert",
        "--to",
        "json",
        "--limit",
        "0",
        posts.to_str().unwrap(),
    ];
    let now = frontfeed(&args, &[]);
    assert!(!text(&now.stdout).contains("From the future"));
    // 3000-01-01T00:00:00Z: the post dated 2999-01-01 is no longer in the future.
    let later = frontfeed(&args, &[("SOURCE_DATE_EPOCH", "32503680000")]);
    assert!(text(&later.stdout).contains("From the future"));
    let asked = frontfeed(&[&args[..], &["--future"]].concat(), &[]);
    assert!(text(&asked.stdout).contains("From the future"));
}

#[test]
fn the_cache_follows_the_site_s_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("site-jekyll/input"), &site);
    let cache = tmp.path().join("cache");
    let posts = site.join("_posts");
    let args = [
        "convert",
        "--to",
        "atom",
        "--cache-dir",
        cache.to_str().unwrap(),
        posts.to_str().unwrap(),
    ];
    let first = frontfeed(&args, &[]);
    let again = frontfeed(&args, &[]);
    assert_eq!(
        first.stdout, again.stdout,
        "a cached rerun gives the same feed"
    );
    assert!(text(&first.stdout).contains("/blog/2024/02/01/untitled-post/"));
    let config = site.join("_config.yml");
    let changed = std::fs::read_to_string(&config)
        .unwrap()
        .replace("permalink: pretty", "permalink: /posts/:title/");
    std::fs::write(&config, changed).unwrap();
    let after = frontfeed(&args, &[]);
    let feed = text(&after.stdout);
    assert!(feed.contains("/blog/posts/untitled-post/"), "{feed}");
}

#[test]
fn filters_and_splits_see_the_terms_a_feed_does_not_show() {
    let content = fixture("site-hugo/input/content");
    let out = frontfeed(
        &[
            "convert",
            "--to",
            "rss",
            "--topic",
            "intro",
            content.to_str().unwrap(),
        ],
        &[],
    );
    let feed = text(&out.stdout);
    assert_eq!(feed.matches("<item>").count(), 1, "{feed}");
    assert!(feed.contains("The first post"));
    assert!(
        !feed.contains("<category>"),
        "Hugo's taxonomies are not shown"
    );
    let by_category = frontfeed(
        &[
            "convert",
            "--to",
            "rss",
            "--category",
            "News",
            content.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(text(&by_category.stdout).matches("<item>").count(), 1);
}

#[test]
fn an_unchanged_site_feed_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("feed.xml");
    let content = fixture("site-zola/input/content");
    let args = [
        "convert",
        "-o",
        out.to_str().unwrap(),
        content.to_str().unwrap(),
    ];
    assert_eq!(frontfeed(&args, &[]).status.code(), Some(0));
    let before = std::fs::metadata(&out).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(frontfeed(&args, &[]).status.code(), Some(0));
    assert_eq!(std::fs::metadata(&out).unwrap().modified().unwrap(), before);
}
