//! The streams a run writes to, handed in by the caller (the binary passes the process's own).

use std::io::Write;

use crate::report::Progress;

/// Where a run writes: its feed (when it goes to standard output), its diagnostics, its progress.
pub struct Io<'a> {
    /// Standard output.
    pub stdout: &'a mut dyn Write,
    /// Standard error: diagnostics and the summary.
    pub stderr: &'a mut dyn Write,
    /// Progress of reading.
    pub progress: &'a dyn Progress,
}
