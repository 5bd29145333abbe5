//! Progress of reading files, as the reader reports it; the command line draws a bar from it.

/// Progress of reading files; the command line shows a bar, tests and pipes show nothing.
pub trait Progress: Sync {
    /// Reading `total` files starts.
    fn begin(&self, _total: usize) {}
    /// One more file was read.
    fn step(&self) {}
    /// Reading is over.
    fn end(&self) {}
}

/// Progress that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {}
