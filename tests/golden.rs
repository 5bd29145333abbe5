//! Golden cases: every folder under `fixtures/` is run through the real binary and its outputs are
//! compared with the files beside it.
//!
//! A case folder holds:
//! - `input/`: articles, and any `frontfeed.toml` or `_config.yml`;
//! - `args` (optional): the arguments after `convert`, one per line (default: `input`);
//! - `stdin` (optional): fed to standard input;
//! - `env` (optional): `NAME=value` lines set in the environment;
//! - `stderr.txt`: the expected diagnostics and summary, then `[exit: N]`.
//!
//! A case whose `args` mention `{out}` writes into a fresh folder (`{out}` in its arguments and
//! messages), which is compared file by file with `expected/`; it runs once, as written. Any other case
//! runs once per format (`convert --to FORMAT` then its arguments) and compares standard output with
//! `rss.xml`, `atom.xml` and `feed.json` (absent when nothing is written); its standard error must be the
//! same for every format.
//!
//! Re-bless every case with `SNAPSHOTS=overwrite cargo test --test golden`, then read the git diff.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use snapbox::{Assert, Data};

const FORMATS: [(&str, &str); 3] = [
    ("rss", "rss.xml"),
    ("atom", "atom.xml"),
    ("json", "feed.json"),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

struct Run {
    stdout: Vec<u8>,
    stderr: String,
}

fn case_args(case: &Path) -> Vec<String> {
    match std::fs::read_to_string(case.join("args")) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        Err(_) => vec!["input".to_owned()],
    }
}

fn run_case(case: &Path, args: &[String]) -> Run {
    let stdin = std::fs::read(case.join("stdin")).ok();
    let env: Vec<(String, String)> = std::fs::read_to_string(case.join("env"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontfeed"))
        .current_dir(case)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .envs(env)
        .arg("convert")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let code = out
        .status
        .code()
        .map_or_else(|| "signal".to_owned(), |c| c.to_string());
    let stderr = format!("{}[exit: {code}]\n", String::from_utf8_lossy(&out.stderr));
    Run {
        stdout: out.stdout,
        stderr,
    }
}

/// Files under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != ".frontfeed-lock") {
                // The lock is empty and says nothing; every other file, the manifest of what
                // was written among them, is compared.
                files.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

struct Checker {
    assert: Assert,
    overwrite: bool,
    failures: Vec<String>,
}

impl Checker {
    fn compare(&mut self, label: String, actual: String, expected: &Path) {
        let expected = Data::read_from(expected, None).raw();
        if let Err(err) = self
            .assert
            .try_eq(Some(&label), Data::text(actual), expected)
        {
            self.failures.push(format!("{label}:\n{err}"));
        }
    }

    fn folder_case(&mut self, name: &str, case: &Path, args: &[String]) {
        let out = tempfile::tempdir().unwrap();
        let out_str = out.path().join("out").display().to_string();
        let args: Vec<String> = args.iter().map(|a| a.replace("{out}", &out_str)).collect();
        let run = run_case(case, &args);
        self.compare(
            format!("{name}/stderr.txt"),
            run.stderr.replace(&out_str, "{out}"),
            &case.join("stderr.txt"),
        );
        assert!(
            run.stdout.is_empty(),
            "{name}: nothing goes to stdout when writing a folder"
        );
        let expected_dir = case.join("expected");
        let actual_files = files_under(&out.path().join("out"));
        if self.overwrite {
            let _ = std::fs::remove_dir_all(&expected_dir);
            for file in &actual_files {
                let target = expected_dir.join(file);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(out.path().join("out").join(file), target).unwrap();
            }
            return;
        }
        let expected_files = files_under(&expected_dir);
        if expected_files != actual_files {
            self.failures.push(format!(
                "{name}: files written {actual_files:?}, expected {expected_files:?}"
            ));
        }
        for file in actual_files.iter().filter(|f| expected_files.contains(f)) {
            let actual = std::fs::read_to_string(out.path().join("out").join(file)).unwrap();
            self.compare(
                format!("{name}/expected/{}", file.display()),
                actual,
                &expected_dir.join(file),
            );
        }
    }

    fn format_case(&mut self, name: &str, case: &Path, args: &[String]) {
        let mut stderr_seen: Option<String> = None;
        for (format, file) in FORMATS {
            let full: Vec<String> = ["--to".to_owned(), format.to_owned()]
                .into_iter()
                .chain(args.iter().cloned())
                .collect();
            let run = run_case(case, &full);
            let expected_path = case.join(file);
            if run.stdout.is_empty() {
                if self.overwrite {
                    let _ = std::fs::remove_file(&expected_path);
                } else if expected_path.exists() {
                    self.failures
                        .push(format!("{name}: {file} expected, but nothing was written"));
                }
            } else {
                self.compare(
                    format!("{name}/{file}"),
                    String::from_utf8(run.stdout).unwrap(),
                    &expected_path,
                );
            }
            match &stderr_seen {
                None => {
                    self.compare(
                        format!("{name}/stderr.txt"),
                        run.stderr.clone(),
                        &case.join("stderr.txt"),
                    );
                    stderr_seen = Some(run.stderr);
                }
                Some(first) if *first != run.stderr => {
                    self.failures.push(format!(
                        "{name}: stderr differs between formats:\n{first}\n---\n{}",
                        run.stderr
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

#[test]
fn golden_cases() {
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut checker = Checker {
        assert: Assert::new().action_env("SNAPSHOTS"),
        overwrite,
        failures: Vec::new(),
    };
    let cases = cases();
    assert!(
        cases.len() >= 10,
        "expected the golden cases under fixtures/"
    );
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let args = case_args(case);
        if args.iter().any(|a| a.contains("{out}")) {
            checker.folder_case(&name, case, &args);
        } else {
            checker.format_case(&name, case, &args);
        }
    }
    let failures = checker.failures;
    assert!(
        failures.is_empty(),
        "{} golden mismatches:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
