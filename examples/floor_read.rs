//! Benchmark floor: only read every file under a folder (on all cores), as fast as Rust can.
//! No conversion can be faster than this; `scripts/bench.py` reports frontfeed against it.

mod common;

use rayon::prelude::*;

fn main() {
    let files = common::files_from_args();
    let bytes: usize = files
        .par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| b.len()))
        .sum();
    println!("{} files, {bytes} bytes", files.len());
}
