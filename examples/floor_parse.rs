//! Benchmark floor: read every file under a folder and parse its YAML front matter into a tree with
//! serde_yaml_ng, on all cores. This is the work any converter of these files must do at least;
//! `scripts/bench.py` reports frontfeed against it.

use rayon::prelude::*;
use walkdir::WalkDir;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let files: Vec<_> = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let parsed: usize = files
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
