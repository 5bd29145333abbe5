//! What the benchmark floors share: the files under a folder, in the order frontfeed reads them.

use std::path::PathBuf;

use walkdir::WalkDir;

/// The same allocator as the frontfeed binary, so the floors measure the same machine.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Every file under the folder named by the first argument (default `.`), sorted by name.
pub fn files_from_args() -> Vec<PathBuf> {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}
