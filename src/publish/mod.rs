//! Putting bytes on disk, as a careful operator expects of a program that rewrites served files from
//! cron: each file replaced atomically (a temporary file beside it, flushed, renamed), left untouched
//! when its bytes are the same, keeping its mode, written through symbolic links; streams written as
//! streams; one writer per output (a lock); temporary files that never outlive their run; and the
//! record of what was written into a folder. It knows nothing of what the bytes are: it imports
//! neither input nor output.

mod folder;
mod lock;
mod manifest;
mod replace;
mod target;
mod temp;

pub use folder::{create_folder, ensure_folder};
pub use lock::{Lock, lock_path};
pub use manifest::{MANIFEST, files_written, record, remove_gone};
pub use replace::{Pending, Written, prepare, to_file, to_file_with};
pub use target::{Target, target};
pub use temp::{TempFile, remove_stale, remove_temporary_files};
