//! The faults a cron deployment meets, injected as an operator meets them, each asserting the files
//! on disk and the exit code: overlapping runs (a run held inside its rename with `strace -e
//! inject`), signals at the moment the temporary files exist, a full disk (a small tmpfs), unreadable
//! folders and a process limit (as `nobody`, with `setpriv` and `prlimit`), symbolic links, FIFOs,
//! mode bits, an emptied input folder, split feeds coming and going, closed pipes. A test that needs
//! what the machine does not give (root, strace, a tmpfs) says so and passes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_frontfeed")
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The binary, without a cache, quiet unless a test asks.
fn frontfeed(args: &[&str]) -> Command {
    let mut command = Command::new(bin());
    command.env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"));
    command.env("NO_COLOR", "1");
    command.args(args);
    command
}

fn run(args: &[&str]) -> Output {
    frontfeed(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| text(&o.stdout).trim() == "0")
}

/// What a run writes to standard output with these arguments: the bytes a file run must hold.
fn expected(args: &[&str]) -> Vec<u8> {
    let out = run(args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    out.stdout
}

/// frontfeed under strace, its first `rename` held `seconds` seconds: the run sits with its lock
/// taken and its temporary files written.
fn held_in_rename(args: &[&str], seconds: u64) -> Child {
    Command::new("strace")
        .args(["-f", "-o", "/dev/null", "-e", "trace=rename"])
        .arg(format!(
            "--inject=rename:delay_enter={}:when=1",
            seconds * 1_000_000
        ))
        .arg(bin())
        .args(args)
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The temporary files frontfeed has in `dir`.
fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.contains(".frontfeed-") && name.ends_with(".tmp")
        })
        .collect()
}

/// Waits until frontfeed has a temporary file in `dir`; returns the process that made it.
fn wait_for_temporary_file(dir: &Path) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(temp) = temporary_files(dir).first() {
            let name = temp.file_name().unwrap().to_string_lossy().into_owned();
            let pid = name
                .rsplit(".frontfeed-")
                .next()
                .unwrap()
                .split('-')
                .next()
                .unwrap();
            return pid.parse().unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn overlapping_runs_take_turns_and_the_file_is_one_runs_whole_output() {
    if !has("strace") {
        eprintln!("skipped: strace is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("feed.xml");
    let out_arg = out.to_str().unwrap();
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let mut first = held_in_rename(&["-q", "convert", "--title", "A", "-o", out_arg, seeds], 4);
    let holder = wait_for_temporary_file(tmp.path());
    // A run that may not wait long gives up, naming the run that holds the output.
    let gave_up = run(&[
        "convert", "--title", "B", "--wait", "1", "-o", out_arg, seeds,
    ]);
    assert_eq!(gave_up.status.code(), Some(2), "{}", text(&gave_up.stderr));
    let stderr = text(&gave_up.stderr);
    assert!(
        stderr.contains(&format!(
            "another frontfeed run (process {holder}) is writing"
        )),
        "{stderr}"
    );
    // One that may wait runs when the first is done, and its output is the file's.
    let waiting = frontfeed(&[
        "-q", "convert", "--title", "C", "--wait", "30", "-o", out_arg, seeds,
    ])
    .spawn()
    .unwrap();
    assert!(first.wait().unwrap().success());
    assert_eq!(waiting.wait_with_output().unwrap().status.code(), Some(0));
    assert_eq!(
        fs::read(&out).unwrap(),
        expected(&["-q", "convert", "--title", "C", seeds]),
        "the file is the last run's whole output"
    );
    assert!(temporary_files(tmp.path()).is_empty());
}

#[test]
fn a_signal_while_the_new_files_wait_removes_them_and_ends_with_the_signal() {
    if !has("strace") {
        eprintln!("skipped: strace is not installed");
        return;
    }
    for signal in ["TERM", "INT", "HUP"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("feeds");
        let out_arg = format!("{}/", out.display());
        let seeds = seeds();
        let args = ["-q", "convert", "--to", "rss,atom,json", "-o", &out_arg];
        let first = frontfeed(&args).arg(&seeds).output().unwrap();
        assert!(first.status.success(), "{}", text(&first.stderr));
        let before = fs::read(out.join("rss.xml")).unwrap();
        let mut changed: Vec<&str> = args.to_vec();
        changed.extend(["--title", "Changed", seeds.to_str().unwrap()]);
        let mut held = held_in_rename(&changed, 5);
        let pid = wait_for_temporary_file(&out);
        // Every file of the run is written before any is renamed.
        while temporary_files(&out).len() < 4 {
            std::thread::sleep(Duration::from_millis(20));
        }
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = held.wait().unwrap();
        let number = match signal {
            "TERM" => 15,
            "INT" => 2,
            _ => 1,
        };
        assert_eq!(status.signal(), Some(number), "SIG{signal}: {status:?}");
        assert!(
            temporary_files(&out).is_empty(),
            "SIG{signal} left temporary files"
        );
        assert_eq!(
            fs::read(out.join("rss.xml")).unwrap(),
            before,
            "SIG{signal}"
        );
    }
}

#[test]
fn files_a_killed_run_left_are_removed_by_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    // A process id above the kernel's limit cannot be running.
    let left = tmp.path().join(".feed.xml.frontfeed-4194305-0.tmp");
    let not_ours = tmp.path().join(".feed.xml.tmp");
    fs::write(&left, "half a feed").unwrap();
    fs::write(&not_ours, "someone else's").unwrap();
    let out = tmp.path().join("feed.xml");
    let done = run(&[
        "convert",
        "-o",
        out.to_str().unwrap(),
        seeds().to_str().unwrap(),
    ]);
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    assert!(!left.exists() && not_ours.exists());
}

/// Mounts a tmpfs of `size` on `dir`, when the machine lets this process.
fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    is_root()
        && Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success())
}

#[test]
fn a_full_disk_changes_nothing_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let disk = tmp.path().join("disk");
    fs::create_dir(&disk).unwrap();
    if !mount_tmpfs(&disk, "1m") {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    // Unmounted however the test ends.
    struct Mounted(PathBuf);
    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _mounted = Mounted(disk.clone());
    let out = format!("{}/feeds/", disk.display());
    let seeds = seeds();
    let args = ["-q", "convert", "--to", "rss,atom,json", "-o", &out];
    let first = frontfeed(&args).arg(&seeds).output().unwrap();
    {
        assert!(first.status.success(), "{}", text(&first.stderr));
        let names = ["rss.xml", "atom.xml", "feed.json", "index.opml"];
        let before: Vec<Vec<u8>> = names
            .iter()
            .map(|n| fs::read(disk.join("feeds").join(n)).unwrap())
            .collect();
        // Fill the disk but for a little: enough for one new feed, not for all of them.
        let free = 30_000;
        let filler = disk.join("filler");
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "head -c $(( $(df --output=avail -B1 {d} | tail -1) - {free} )) /dev/zero > {f}",
                d = disk.display(),
                f = filler.display()
            ))
            .status()
            .unwrap();
        assert!(status.success());
        let full = frontfeed(&args)
            .args(["--title", "A new title for every file"])
            .arg(&seeds)
            .output()
            .unwrap();
        assert_eq!(full.status.code(), Some(2), "{}", text(&full.stderr));
        assert!(
            text(&full.stderr).contains("No space left"),
            "{}",
            text(&full.stderr)
        );
        for (name, old) in names.iter().zip(&before) {
            assert_eq!(
                &fs::read(disk.join("feeds").join(name)).unwrap(),
                old,
                "{name}"
            );
        }
        assert!(temporary_files(&disk.join("feeds")).is_empty());
    }
}

/// A command that runs `args` as `nobody`, optionally under a process limit.
fn as_nobody(nproc: Option<u32>, args: &[&str]) -> Command {
    let mut command = Command::new("prlimit");
    if let Some(n) = nproc {
        command.arg(format!("--nproc={n}:{n}"));
    }
    command
        .args([
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
        ])
        .arg(bin())
        .args(args)
        .env("XDG_CACHE_HOME", "/nonexistent")
        .env("NO_COLOR", "1");
    command
}

/// Whether `nobody` can run the binary here at all.
fn nobody_can_run() -> bool {
    is_root()
        && has("setpriv")
        && has("prlimit")
        && as_nobody(None, &["--version"])
            .output()
            .is_ok_and(|o| o.status.success())
}

/// A folder `nobody` may write in, holding a copy of the seeds.
fn nobody_workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let news = tmp.path().join("news");
    fs::create_dir(&news).unwrap();
    for entry in fs::read_dir(seeds()).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, news.join(path.file_name().unwrap())).unwrap();
    }
    let status = Command::new("chmod")
        .args(["-R", "a+rwX"])
        .arg(tmp.path())
        .status()
        .unwrap();
    assert!(status.success());
    (tmp, news)
}

#[test]
fn an_unreadable_input_folder_is_an_io_error_and_the_feed_stays() {
    if !nobody_can_run() {
        eprintln!("skipped: needs root, setpriv and prlimit to run as nobody");
        return;
    }
    let (tmp, news) = nobody_workspace();
    let out = tmp.path().join("feed.xml");
    let args = [
        "-q",
        "convert",
        "-o",
        out.to_str().unwrap(),
        news.to_str().unwrap(),
    ];
    let first = as_nobody(None, &args).output().unwrap();
    assert!(first.status.success(), "{}", text(&first.stderr));
    let before = fs::read(&out).unwrap();
    let sub = news.join("sub");
    fs::create_dir(&sub).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o000)).unwrap();
    for unreadable in [&sub, &news] {
        fs::set_permissions(unreadable, fs::Permissions::from_mode(0o000)).unwrap();
        let denied = as_nobody(None, &args).output().unwrap();
        assert_eq!(denied.status.code(), Some(2), "{}", text(&denied.stderr));
        assert!(
            text(&denied.stderr).contains("Permission denied"),
            "{}",
            text(&denied.stderr)
        );
        assert_eq!(fs::read(&out).unwrap(), before, "{}", unreadable.display());
    }
    fs::set_permissions(&news, fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o777)).unwrap();
}

#[test]
fn without_more_threads_the_run_works_on_one() {
    if !nobody_can_run() {
        eprintln!("skipped: needs root, setpriv and prlimit to run as nobody");
        return;
    }
    let seeds = seeds();
    let one = as_nobody(Some(1), &["-q", "convert", seeds.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(0), "{}", text(&one.stderr));
    assert_eq!(
        one.stdout,
        expected(&["-q", "convert", seeds.to_str().unwrap()])
    );
}

#[test]
fn without_more_threads_a_cached_rerun_reads_its_cache_itself() {
    if !nobody_can_run() {
        eprintln!("skipped: needs root, setpriv and prlimit to run as nobody");
        return;
    }
    let (tmp, news) = nobody_workspace();
    let cache = tmp.path().join("cache");
    let args = [
        "-q",
        "convert",
        "--limit",
        "0",
        "--cache-dir",
        cache.to_str().unwrap(),
        news.to_str().unwrap(),
    ];
    let filled = as_nobody(None, &args).output().unwrap();
    assert_eq!(filled.status.code(), Some(0), "{}", text(&filled.stderr));
    let saved: Vec<PathBuf> = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 1, "one cache file");
    let inode = || std::os::unix::fs::MetadataExt::ino(&fs::metadata(&saved[0]).unwrap());
    let before = inode();
    // With one process, neither the thread pool nor the cache's reading thread can start.
    let rerun = as_nobody(Some(1), &args).output().unwrap();
    assert_eq!(rerun.status.code(), Some(0), "{}", text(&rerun.stderr));
    // A cache that was read whole is not saved again; one that was not would be replaced.
    assert_eq!(inode(), before, "the cache was read, not replaced");
    assert_eq!(rerun.stdout, filled.stdout);
    assert_eq!(
        rerun.stdout,
        expected(&["-q", "convert", "--limit", "0", news.to_str().unwrap()])
    );
}

#[test]
fn an_emptied_input_never_empties_the_feed_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("feed.xml");
    let out_arg = out.to_str().unwrap();
    let seeds = seeds();
    assert!(
        run(&["-q", "convert", "-o", out_arg, seeds.to_str().unwrap()])
            .status
            .success()
    );
    let before = fs::read(&out).unwrap();
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let broken = tmp.path().join("broken");
    fs::create_dir(&broken).unwrap();
    fs::write(broken.join("a.md"), "---\ntitle: [unclosed\n---\n").unwrap();
    for (input, reason) in [
        (&empty, "the inputs hold no files"),
        (&broken, "1 of the 1 files read was rejected"),
    ] {
        let refused = run(&[
            "convert",
            "--title",
            "T",
            "-o",
            out_arg,
            input.to_str().unwrap(),
        ]);
        assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
        let stderr = text(&refused.stderr);
        assert!(
            stderr.contains("holds items and would be replaced by a feed with none"),
            "{stderr}"
        );
        assert!(stderr.contains(reason), "{stderr}");
        assert_eq!(fs::read(&out).unwrap(), before);
    }
    let allowed = run(&[
        "-q",
        "convert",
        "--allow-empty",
        "--title",
        "T",
        "-o",
        out_arg,
        empty.to_str().unwrap(),
    ]);
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stderr));
    assert!(!text(&fs::read(&out).unwrap()).contains("<item>"));
}

#[test]
fn output_that_names_an_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    fs::create_dir(&news).unwrap();
    let article = news.join("a.md");
    let text_before =
        "---\ntitle: A\nwebUrl: https://a.org/a\npublishedDateTime: 2024-01-01\n---\n";
    fs::write(&article, text_before).unwrap();
    let config = news.join("frontfeed.toml");
    fs::write(&config, "title = \"T\"\n").unwrap();
    for target in [&article, &config] {
        let refused = run(&[
            "convert",
            "-o",
            target.to_str().unwrap(),
            news.to_str().unwrap(),
        ]);
        assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
        assert!(text(&refused.stderr).contains("is one of the inputs"));
    }
    assert_eq!(fs::read_to_string(&article).unwrap(), text_before);
    assert_eq!(fs::read_to_string(&config).unwrap(), "title = \"T\"\n");
}

#[test]
fn links_are_written_through_and_modes_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real.xml");
    fs::write(&real, "old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let link = tmp.path().join("feed.xml");
    std::os::unix::fs::symlink("real.xml", &link).unwrap();
    let seeds = seeds();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 077; exec {} -q convert -o {} {}",
            bin(),
            link.display(),
            seeds.display()
        ))
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays"
    );
    assert_eq!(
        fs::read(&real).unwrap(),
        expected(&["-q", "convert", seeds.to_str().unwrap()])
    );
    let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the mode is kept whatever the umask");
    // As root, the owner is kept too.
    if is_root()
        && Command::new("chown")
            .args(["nobody:nogroup"])
            .arg(&real)
            .status()
            .unwrap()
            .success()
    {
        let owner = |p: &Path| std::os::unix::fs::MetadataExt::uid(&fs::metadata(p).unwrap());
        let before = owner(&real);
        let run = run(&[
            "-q",
            "convert",
            "--title",
            "Owned",
            "-o",
            link.to_str().unwrap(),
            seeds.to_str().unwrap(),
        ]);
        assert!(run.status.success());
        assert_eq!(owner(&real), before, "the owner is kept");
        assert!(text(&fs::read(&real).unwrap()).contains("Owned"));
    }
}

#[test]
fn streams_are_written_as_streams_and_fifos_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("feed.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut got = Vec::new();
            fs::File::open(&fifo)
                .unwrap()
                .read_to_end(&mut got)
                .unwrap();
            got
        })
    };
    let seeds = seeds();
    let written = run(&[
        "-q",
        "convert",
        "-o",
        fifo.to_str().unwrap(),
        seeds.to_str().unwrap(),
    ]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    assert_eq!(
        reader.join().unwrap(),
        expected(&["-q", "convert", seeds.to_str().unwrap()])
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let devnull = run(&["-q", "convert", "-o", "/dev/null", seeds.to_str().unwrap()]);
    assert_eq!(devnull.status.code(), Some(0));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    // A FIFO as input is read once, whole, even for a newest-N feed.
    let input = tmp.path().join("article.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&input)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let input = input.clone();
        std::thread::spawn(move || {
            fs::write(
                &input,
                "---\ntitle: Piped\nwebUrl: https://a.org/piped\npublishedDateTime: 2024-01-01\n---\n",
            )
            .unwrap()
        })
    };
    let piped = run(&["-q", "convert", "--title", "T", input.to_str().unwrap()]);
    writer.join().unwrap();
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped.stderr));
    assert!(text(&piped.stdout).contains("https://a.org/piped"));
}

use std::os::unix::fs::FileTypeExt;

/// An article with one topic.
fn topic_article(dir: &Path, name: &str, topic: &str) {
    fs::write(
        dir.join(name),
        format!(
            "---\ntitle: About {topic}\nwebUrl: https://a.org/{name}\npublishedDateTime: 2024-01-01\ntopics: [\"{topic}\"]\n---\n"
        ),
    )
    .unwrap();
}

#[test]
fn split_feeds_keep_their_names_and_only_frontfeeds_stale_files_go() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    fs::create_dir(&news).unwrap();
    topic_article(&news, "c.md", "C");
    topic_article(&news, "sharp.md", "C#");
    topic_article(&news, "plus.md", "C++");
    let out = tmp.path().join("topics");
    let out_arg = format!("{}/", out.display());
    let args = [
        "-q",
        "convert",
        "--title",
        "T",
        "--split-by",
        "topic",
        "-o",
        &out_arg,
        news.to_str().unwrap(),
    ];
    assert!(run(&args).status.success());
    let names = |dir: &Path| {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(&out),
        ["c-plus-plus.xml", "c-sharp.xml", "c.xml", "index.opml"]
    );
    let sharp = fs::read(out.join("c-sharp.xml")).unwrap();
    fs::write(out.join("mine.html"), "not frontfeed's").unwrap();
    fs::remove_file(news.join("c.md")).unwrap();
    assert!(run(&args).status.success());
    assert_eq!(
        names(&out),
        ["c-plus-plus.xml", "c-sharp.xml", "index.opml", "mine.html"]
    );
    assert_eq!(
        fs::read(out.join("c-sharp.xml")).unwrap(),
        sharp,
        "C# keeps its file"
    );
    let index = fs::read_to_string(out.join("index.opml")).unwrap();
    assert!(!index.contains("c.xml") && index.contains("c-sharp.xml"));
}

#[test]
fn closed_pipes_end_quietly_and_full_disks_are_errors() {
    let seeds = seeds();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/everyday-ai");
    let mut child = frontfeed(&[
        "-q",
        "convert",
        "--limit",
        "0",
        "--title",
        "T",
        corpus.to_str().unwrap(),
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let done = child.wait_with_output().unwrap();
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    assert!(done.stderr.is_empty(), "{}", text(&done.stderr));

    // Many diagnostics into a closed standard error: the run goes on, and never panics.
    let errors = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/errors/input");
    let mut child = frontfeed(&["convert", errors.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));

    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["check", "--format", "json", seeds.to_str().unwrap()],
        &["convert", seeds.to_str().unwrap()],
    ] {
        let full = frontfeed(args)
            .stdout(fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(
            full.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&full.stderr)
        );
        assert!(text(&full.stderr).contains("No space left"), "{args:?}");
    }
}

#[test]
fn the_output_name_says_the_format_unless_to_does() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let json = tmp.path().join("x.json");
    assert!(
        run(&[
            "-q",
            "convert",
            "-o",
            json.to_str().unwrap(),
            seeds.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(
        fs::read_to_string(&json)
            .unwrap()
            .contains("\"version\": \"https://jsonfeed.org/version/1.1\"")
    );
    let atom = tmp.path().join("x.atom");
    assert!(
        run(&[
            "-q",
            "convert",
            "-o",
            atom.to_str().unwrap(),
            seeds.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(
        fs::read_to_string(&atom)
            .unwrap()
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    let wrong = run(&[
        "convert",
        "--to",
        "rss",
        "-o",
        json.to_str().unwrap(),
        seeds.to_str().unwrap(),
    ]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(text(&wrong.stderr).contains("says JSON Feed, but --to asks for RSS"));
    let dash = run(&["-q", "convert", "-o", "-", seeds.to_str().unwrap()]);
    assert_eq!(
        dash.stdout,
        expected(&["-q", "convert", seeds.to_str().unwrap()])
    );
    assert!(!Path::new("-").exists());
}
