//! The progress bar shown on a terminal while many files are read.

use frontfeed::report::Progress;
use frontfeed::report::Verbosity;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this many files a run is too short for a bar to help.
const MIN_FILES: usize = 2_000;

/// A bar on standard error; hidden when it is not a terminal, when quiet, or for short runs.
pub struct Bar {
    bar: ProgressBar,
    enabled: bool,
}

impl Bar {
    /// A bar for a run with this verbosity.
    pub fn new(verbosity: Verbosity) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        Bar {
            bar,
            enabled: verbosity > Verbosity::Quiet,
        }
    }
}

impl Progress for Bar {
    fn begin(&self, total: usize) {
        if !self.enabled || total < MIN_FILES || self.bar.is_hidden() {
            self.bar.set_draw_target(ProgressDrawTarget::hidden());
            return;
        }
        self.bar.set_length(total as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} reading {pos}/{len} files {wide_bar} {eta}")
        {
            self.bar.set_style(style);
        }
    }

    fn step(&self) {
        self.bar.inc(1);
    }

    fn end(&self) {
        self.bar.finish_and_clear();
    }
}
