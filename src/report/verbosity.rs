//! How much to say on standard error.

/// How much to say on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, warnings and the summary.
    #[default]
    Normal,
    /// Also what was skipped, merged and written.
    Verbose,
}
