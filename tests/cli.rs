//! End-to-end behaviour of the binary that golden files cannot show: determinism across folder layouts,
//! file names and environments, and writing to a file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

const SAMPLE: &str = "fixtures/corpus-sample/input";

/// The binary, with its cache kept under the test target folder.
fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontfeed"));
    command.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    command
}

fn frontfeed(args: &[&str], dir: &Path) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
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

    let other_env = bin()
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
    let second = frontfeed(&["convert", "-v", "-o", out_arg, "seeds"], repo());
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
    let mut leftovers: Vec<String> = leftovers
        .iter()
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [".feed.xml.frontfeed-lock", "feed.xml"],
        "no temporary files are left behind, only the lock"
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

fn snapshot(name: &str) -> snapbox::Data {
    snapbox::Data::read_from(&repo().join("tests/snapshots").join(name), None).raw()
}

fn cmd(args: &[&str]) -> snapbox::cmd::OutputAssert {
    snapbox::cmd::Command::new(env!("CARGO_BIN_EXE_frontfeed"))
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .args(args)
        .assert()
}

#[test]
fn help_texts_are_pinned() {
    cmd(&["--help"]).code(0).stdout_eq(snapshot("help.txt"));
    cmd(&["convert", "--help"])
        .code(0)
        .stdout_eq(snapshot("convert-help.txt"));
    cmd(&["check", "--help"])
        .code(0)
        .stdout_eq(snapshot("check-help.txt"));
}

#[test]
fn bad_flags_and_missing_paths_exit_2() {
    cmd(&["convert", "--no-such-flag", "seeds"])
        .code(2)
        .stdout_eq("")
        .stderr_eq(snapshot("bad-flag.txt"));
    cmd(&["convert", "--to", "yaml", "seeds"])
        .code(2)
        .stdout_eq("")
        .stderr_eq(snapshot("bad-format.txt"));
    cmd(&["convert", "no/such/folder"])
        .code(2)
        .stdout_eq("")
        .stderr_eq(snapshot("missing-path.txt"));
    cmd(&["check", "no/such/folder"])
        .code(2)
        .stdout_eq("")
        .stderr_eq(snapshot("missing-path.txt"));
}

#[test]
fn check_reports_every_problem_and_exits_1() {
    cmd(&["check", "fixtures/errors/input"])
        .code(1)
        .stdout_eq("")
        .stderr_eq(snapshot("check-errors.txt"));
    cmd(&["check", "--format", "json", "fixtures/errors/input"])
        .code(1)
        .stderr_eq("")
        .stdout_eq(snapshot("check-errors.json"));
    cmd(&["check", "seeds"])
        .code(0)
        .stdout_eq("")
        .stderr_eq(snapshot("check-seeds.txt"));
    cmd(&["check", "--deny-warnings", "fixtures/dates/input"]).code(1);
    cmd(&["check", "fixtures/dates/input"]).code(0);
}

#[test]
fn quiet_prints_only_errors_and_verbose_says_more() {
    let quiet = frontfeed(&["-q", "convert", "fixtures/errors/input"], repo());
    assert_eq!(quiet.status.code(), Some(1));
    let stderr = String::from_utf8(quiet.stderr).unwrap();
    assert!(
        stderr.contains("error:")
            && !stderr.contains("warning:")
            && !stderr.contains("frontfeed: 2 items"),
        "{stderr}"
    );
    let verbose = frontfeed(&["convert", "-v", "fixtures/errors/input"], repo());
    let stderr = String::from_utf8(verbose.stderr).unwrap();
    assert!(
        stderr.contains("skipped: no front matter") && stderr.contains("configuration: "),
        "{stderr}"
    );
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let bash = frontfeed(&["completions", "bash"], repo());
    assert_eq!(bash.status.code(), Some(0));
    let bash = String::from_utf8(bash.stdout).unwrap();
    assert!(bash.contains("--split-by") && bash.contains("convert"));
    let man = frontfeed(&["man"], repo());
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(
        man.contains(".TH frontfeed") && man.contains("Exit codes"),
        "{man}"
    );
}

#[test]
fn a_crash_before_the_rename_keeps_the_old_feed_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("feed.xml");
    std::fs::write(&out, "the old feed\n").unwrap();
    let crashed = bin()
        .current_dir(repo())
        .env("FRONTFEED_TEST_CRASH_BEFORE_RENAME", "1")
        .args(["convert", "-o", out.to_str().unwrap(), "seeds"])
        .output()
        .unwrap();
    assert!(
        !crashed.status.success(),
        "the test hook should have killed the run"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "the old feed\n");
    let finished = frontfeed(&["convert", "-o", out.to_str().unwrap(), "seeds"], repo());
    assert_eq!(finished.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("<?xml"));
}

#[test]
fn rerunning_a_folder_of_feeds_on_unchanged_articles_touches_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let args = [
        "convert",
        "--split-by",
        "topic",
        "--to",
        "rss,atom,json",
        "-o",
        out.to_str().unwrap(),
        SAMPLE,
    ];
    assert_eq!(frontfeed(&args, repo()).status.code(), Some(0));
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        files.push(path);
    }
    assert!(files.len() > 10);
    let verbose: Vec<&str> = ["-v"].into_iter().chain(args).collect();
    let again = frontfeed(&verbose, repo());
    assert_eq!(again.status.code(), Some(0));
    let feeds = files
        .iter()
        .filter(|f| !f.file_name().unwrap().to_string_lossy().starts_with('.'))
        .count();
    assert!(
        String::from_utf8_lossy(&again.stderr).contains(&format!("({} unchanged)", feeds - 1)),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    for path in &files {
        assert_eq!(
            std::fs::metadata(path).unwrap().modified().unwrap(),
            old,
            "{} was rewritten",
            path.display()
        );
    }
}

#[test]
fn a_long_run_on_a_terminal_shows_progress_and_finishes() {
    // `script` (util-linux) runs the command on a pseudo-terminal, where the progress bar is drawn.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` command to provide a terminal");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..2_500 {
        let text = format!(
            "---\ntitle: \"Story {i}\"\nwebUrl: \"https://example.com/{i}\"\npublishedDateTime: 2024-01-01T00:00:00Z\n---\n"
        );
        std::fs::write(tmp.path().join(format!("{i:05}.md")), text).unwrap();
    }
    let command = format!(
        "{} convert --title T --limit 1 {} > /dev/null",
        env!("CARGO_BIN_EXE_frontfeed"),
        tmp.path().display()
    );
    let run = Command::new("timeout")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .args(["20", "script", "-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(0),
        "the run did not finish on a terminal: {shown}"
    );
    assert!(
        shown.contains("frontfeed: 1 item from 2500 articles"),
        "{shown}"
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_converted() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("fixtures/errors/input/00-good.md"),
        tmp.path().join("good.md"),
    )
    .unwrap();
    let locked = tmp.path().join("locked.md");
    std::fs::write(&locked, "---\ntitle: x\n---\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: running as root, every file is readable");
        return;
    }
    let run = frontfeed(&["convert", "--title", "T", "."], tmp.path());
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("locked.md: error: cannot read the file: Permission denied"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("A good article among broken ones"));
}

#[test]
fn writing_articles_is_idempotent_and_force_rewrites() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = repo().join("fixtures/feed-in-rss/input/partner.rss");
    let feed = feed.to_str().unwrap();
    let out = tmp.path().join("news");
    let out_arg = out.to_str().unwrap();
    let args = ["convert", "--to", "articles", "-o", out_arg, feed];
    let first = frontfeed(&args, tmp.path());
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.contains("4 article files written"), "{stderr}");
    let names = |dir: &Path| {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    let before = names(&out);
    // The same items again: nothing is written, whatever the files are called now.
    let story = out.join("2025-01-07-robots-learn-to-fold-laundry.md");
    let renamed = out.join("robots.md");
    std::fs::rename(&story, &renamed).unwrap();
    let second = frontfeed(&args, tmp.path());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("0 article files written") && stderr.contains("4 already there"),
        "{stderr}"
    );
    assert_eq!(names(&out).len(), before.len());
    // --force rewrites each item in the file that holds it.
    std::fs::write(
        &renamed,
        std::fs::read_to_string(&renamed)
            .unwrap()
            .replace("Robots learn to fold laundry", "Edited"),
    )
    .unwrap();
    let forced = frontfeed(
        &[
            "convert", "--to", "articles", "--force", "-o", out_arg, feed,
        ],
        tmp.path(),
    );
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert!(stderr.contains("4 rewritten"), "{stderr}");
    let text = std::fs::read_to_string(&renamed).unwrap();
    assert!(
        text.contains("title: Robots learn to fold laundry"),
        "{text}"
    );
    assert!(!story.exists());
}

#[test]
fn self_links_name_the_file_written() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = repo().join("seeds");
    let seeds = seeds.to_str().unwrap();
    let atom = tmp.path().join("atom.xml");
    let atom_arg = atom.to_str().unwrap();
    // The href of the element with rel="self", whatever the order of its attributes.
    let self_link = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        let at = text.find("rel=\"self\"")?;
        let start = text[..at].rfind('<').unwrap();
        let end = at + text[at..].find('>').unwrap();
        let element = &text[start..end];
        let href = element.split("href=\"").nth(1)?;
        Some(href.split('"').next().unwrap().to_owned())
    };
    // feed_url names feed.xml, base_url the folder: the file's own URL.
    let run = frontfeed(
        &["-q", "convert", "--to", "atom", "-o", atom_arg, seeds],
        repo(),
    );
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        self_link(&atom).as_deref(),
        Some("https://everyday-cc.github.io/ai/feeds/atom.xml")
    );
    let text = std::fs::read_to_string(&atom).unwrap();
    assert!(text.contains("<id>https://everyday-cc.github.io/ai/feeds/atom.xml</id>"));
    // Without base_url, a feed_url naming another file gives no self link, and a warning.
    let config = tmp.path().join("frontfeed.toml");
    std::fs::write(
        &config,
        "title = \"T\"\nhome_url = \"https://a.org/\"\nfeed_url = \"https://a.org/feed.xml\"\n",
    )
    .unwrap();
    let args = ["convert", "--config", config.to_str().unwrap()];
    let run = frontfeed(
        &[&args[..], &["--to", "atom", "-o", atom_arg, seeds]].concat(),
        repo(),
    );
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(self_link(&atom), None);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("`feed_url` https://a.org/feed.xml names another file than"),
        "{stderr}"
    );
    // A file named as feed_url names is the feed_url.
    let feed = tmp.path().join("feed.xml");
    let run = frontfeed(
        &[&args[..], &["-o", feed.to_str().unwrap(), seeds]].concat(),
        repo(),
    );
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(self_link(&feed).as_deref(), Some("https://a.org/feed.xml"));
}

#[test]
fn an_empty_rss_feed_with_nothing_to_link_to_says_what_to_set() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("posts");
    std::fs::create_dir(&empty).unwrap();
    let empty = empty.to_str().unwrap();
    let run = frontfeed(&["convert", "--to", "rss", empty], tmp.path());
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no items, and neither a home page nor a feed URL for the channel's link")
            && stderr.contains("pass --home-url"),
        "{stderr}"
    );
    // With a feed URL the empty channel links to the feed itself, and the warning is the plain one.
    let run = frontfeed(
        &[
            "convert",
            "--to",
            "rss",
            "--feed-url",
            "https://a.org/feed.xml",
            empty,
        ],
        tmp.path(),
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("<link>https://a.org/feed.xml</link>"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("the feed has no items") && !stderr.contains("channel's link"),
        "{stderr}"
    );
    // Atom needs no channel link: no such warning.
    let run = frontfeed(&["convert", "--to", "atom", empty], tmp.path());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("channel's link"), "{stderr}");
}
