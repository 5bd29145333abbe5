//! Benchmark floor: only read every file under a folder (on all cores), as fast as Rust can.
//! No conversion can be faster than this; `scripts/bench.py` reports frontfeed against it.

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
    let bytes: usize = files
        .par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| b.len()))
        .sum();
    println!("{} files, {bytes} bytes", files.len());
}
