//! Benchmark floor: read every file under a folder and parse its YAML front matter into a tree with
//! serde_yaml_ng, on all cores. This is the work any converter of these files must do at least;
//! `scripts/bench.py` reports frontfeed against it.

mod common;

use rayon::prelude::*;

fn main() {
    let files = common::files_from_args();
    let parsed = files
        .par_iter()
        .filter(|p| {
            let Ok(text) = std::fs::read_to_string(p) else {
                return false;
            };
            let Some(rest) = text.strip_prefix("---\n") else {
                return false;
            };
            let yaml = rest.split("\n---").next().unwrap_or_default();
            serde_yaml_ng::from_str::<serde_yaml_ng::Value>(yaml).is_ok()
        })
        .count();
    println!("{} files, {parsed} parsed", files.len());
}
