//! End-to-end behaviour of the binary that golden files cannot show: determinism across folder layouts,
//! file names and environments, and writing to a file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

const SAMPLE: &str = "fixtures/corpus-sample/input";

fn frontfeed(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontfeed"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies every file under `from` into `to`, flat, under names that sort in the reverse order.
fn copy_reversed(from: &Path, to: &Path) {
    let mut files = Vec::new();
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path)
            } else {
                files.push(path)
            }
        }
    }
    files.sort();
    let n = files.len();
    for (i, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_string_lossy();
        let target = if name == "_config.yml" {
            to.join("_config.yml")
        } else {
            to.join(format!("{:03}-{name}", n - i))
        };
        std::fs::copy(file, target).unwrap();
    }
}

#[test]
fn output_does_not_depend_on_folder_layout_file_names_or_environment() {
    let args = [
        "convert",
        "--to",
        "atom",
        "--limit",
        "0",
        "--unpublished",
        "--feed-url",
        "https://x.org/feed.xml",
    ];
    let original = frontfeed(&[&args[..], &[SAMPLE]].concat(), repo());
    assert_eq!(original.status.code(), Some(0));
    let again = frontfeed(&[&args[..], &[SAMPLE]].concat(), repo());
    assert_eq!(original.stdout, again.stdout, "two runs differ");

    let tmp = tempfile::tempdir().unwrap();
    copy_reversed(&repo().join(SAMPLE), tmp.path());
    let moved = frontfeed(&[&args[..], &["."]].concat(), tmp.path());
    assert_eq!(
        moved.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    assert_eq!(
        String::from_utf8(original.stdout.clone()).unwrap(),
        String::from_utf8(moved.stdout).unwrap()
    );

    let other_env = Command::new(env!("CARGO_BIN_EXE_frontfeed"))
        .current_dir(repo())
        .args(args)
        .arg(SAMPLE)
        .env("SOURCE_DATE_EPOCH", "1")
        .env("TZ", "Asia/Tokyo")
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert_eq!(
        original.stdout, other_env.stdout,
        "environment changed the output"
    );
}

#[test]
fn output_file_is_written_then_left_alone_when_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("feed.xml");
    let out_arg = out.to_str().unwrap();
    let first = frontfeed(&["convert", "-o", out_arg, "seeds"], repo());
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stdout = frontfeed(&["convert", "seeds"], repo());
    assert!(first.stdout.is_empty());
    assert_eq!(
        std::fs::read(&out).unwrap(),
        stdout.stdout,
        "-o writes what stdout gets"
    );

    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&out)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let second = frontfeed(&["convert", "-o", out_arg, "seeds"], repo());
    assert_eq!(second.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&second.stderr).contains("output unchanged"));
    assert_eq!(
        std::fs::metadata(&out).unwrap().modified().unwrap(),
        old,
        "an unchanged feed is not rewritten"
    );

    let third = frontfeed(&["convert", "--to", "atom", "-o", out_arg, "seeds"], repo());
    assert_eq!(third.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        ["feed.xml"],
        "no temporary files are left behind"
    );
}

#[test]
fn a_failed_write_keeps_the_old_feed_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("missing-folder").join("feed.xml");
    let run = frontfeed(&["convert", "-o", out.to_str().unwrap(), "seeds"], repo());
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("error: cannot write"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    for args in [
        &["convert", "--to", "yaml", "seeds"][..],
        &["convert", "--no-such-flag", "seeds"],
        &["convert"],
        &["convert", "--limit", "many", "seeds"],
    ] {
        let run = frontfeed(args, repo());
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}
