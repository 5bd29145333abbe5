//! What the user is told on standard error: diagnostics (coloured when asked), progress, `--verbose`
//! notes and the one-line summary. Nothing here decides what is wrong.
//!
//! The small types every layer may need (how much to say, and progress) live here, low in the
//! house, so reading and writing can use them without importing the run.

mod json;
mod progress;
mod reporter;
mod summary;
mod verbosity;

pub use json::to_json;
pub use progress::{NoProgress, Progress};
pub(crate) use reporter::Reporter;
pub use reporter::Style;
pub use summary::{ArticlesWritten, FeedReport, Summary};
pub use verbosity::Verbosity;
