//! What a run was asked ([`Request`]) and its resolution into a [`Config`]: the mode, the inputs,
//! and the feed settings in layers (command-line values over `frontfeed.toml` over the site's own
//! configuration), validated and complete before the run starts.
//!
//! Configuration files are found by walking up from the first input folder to the first folder
//! that holds `.git` (or the file-system root); `--config` names one instead. This module never sees
//! the argument parser: it takes plain values in a [`Request`].

mod layers;
mod loaded;
mod modes;
mod request;
mod resolve;
mod resolved;
mod site;
mod toml_file;

pub use layers::complete;
pub use request::{FilterArgs, Request, Task};
pub use resolve::{DEFAULT_LIMIT, resolve};
pub use resolved::{Config, Mode, Output};
