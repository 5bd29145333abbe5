//! Golden cases: every folder under `fixtures/` is run through the real binary, once per format, and
//! its standard output and standard error (with the exit code) are compared with the files beside it.
//!
//! A case folder holds:
//! - `input/`: articles, and any `frontfeed.toml` or `_config.yml`;
//! - `args` (optional): the arguments after `convert --to FORMAT`, one per line (default: `input`);
//! - `stdin` (optional): fed to standard input;
//! - `env` (optional): `NAME=value` lines set in the environment;
//! - `rss.xml`, `atom.xml`, `feed.json`: the expected feeds (absent when nothing is written);
//! - `stderr.txt`: the expected diagnostics and summary, then `[exit: N]`; the same for every format.
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

fn run_case(case: &Path, format: &str) -> Run {
    let args: Vec<String> = match std::fs::read_to_string(case.join("args")) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        Err(_) => vec!["input".to_owned()],
    };
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
        .envs(env)
        .args(["convert", "--to", format])
        .args(&args)
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

#[test]
fn golden_cases() {
    let assert = Assert::new().action_env("SNAPSHOTS");
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut failures = Vec::new();
    let cases = cases();
    assert!(
        cases.len() >= 10,
        "expected the golden cases under fixtures/"
    );
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let mut stderr_seen: Option<String> = None;
        for (format, file) in FORMATS {
            let run = run_case(case, format);
            let expected_path = case.join(file);
            if run.stdout.is_empty() {
                if overwrite {
                    let _ = std::fs::remove_file(&expected_path);
                } else if expected_path.exists() {
                    failures.push(format!("{name}: {file} expected, but nothing was written"));
                }
            } else {
                let expected = Data::read_from(&expected_path, None).raw();
                let actual = Data::text(String::from_utf8(run.stdout).unwrap());
                if let Err(err) = assert.try_eq(Some(&format!("{name}/{file}")), actual, expected) {
                    failures.push(format!("{name}/{file}:\n{err}"));
                }
            }
            match &stderr_seen {
                None => {
                    let expected = Data::read_from(&case.join("stderr.txt"), None).raw();
                    let actual = Data::text(run.stderr.clone());
                    if let Err(err) =
                        assert.try_eq(Some(&format!("{name}/stderr.txt")), actual, expected)
                    {
                        failures.push(format!("{name}/stderr.txt:\n{err}"));
                    }
                    stderr_seen = Some(run.stderr);
                }
                Some(first) if *first != run.stderr => {
                    failures.push(format!(
                        "{name}: stderr differs between formats:\n{first}\n---\n{}",
                        run.stderr
                    ));
                }
                Some(_) => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden mismatches:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
