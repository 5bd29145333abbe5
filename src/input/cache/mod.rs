//! A cache of parsed files, so a cron job that reruns on an unchanged folder does not parse it again.
//!
//! One file per set of inputs, settings and build, in the user's cache folder (never inside the
//! input folders). Each entry is keyed on the file's path, size, modification time in nanoseconds,
//! change time, inode and device: any edit, rename over, `touch` or copy changes one of them. What
//! such a key can still miss: a file rewritten with the same size within the file system's timestamp
//! granularity and with its change time restored (which needs the system clock set back), or a file
//! system that reports no inode or change time. `--no-cache` ignores the cache for such cases.
//!
//! What is cached of a file is what a run keeps of it (a [`Reading`](crate::input::Reading) of an
//! [`Entry`](crate::input::Entry)): its diagnostics and the candidate of its article, and the full
//! article only for runs that keep full articles (an all-items feed); those runs have a cache of
//! their own. Other runs read the few files their feeds show again.
//!
//! The cache can never make output wrong: a file that is truncated, corrupt (checksums), from
//! another build or cache format, or made for other inputs or settings is ignored whole; it is read
//! and written a chunk at a time, so it costs little memory beyond what a run without it holds, and
//! a cache that does not fit is no cache; it is written after the feeds, and a failure to write it
//! never fails the run. A cached file keeps its diagnostics, so errors in unchanged broken files are
//! reported on every run. The folder is pruned as `place` says.

mod format;
mod key;
mod place;
mod record;
mod store;

pub use key::FileKey;
pub use place::default_folder;
pub use record::{Saved, SavedEntry, SavedFeed, SavedOutcome, SavedReading, path_hash};
pub use store::Cache;
