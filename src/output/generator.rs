//! The name and version every feed's generator field carries.

/// The name written into every feed's generator field.
pub const GENERATOR: &str = "frontfeed";
/// The version written beside it.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");
