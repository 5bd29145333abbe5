//! The name and version every feed's generator field carries (declared in the model, where the feed
//! reader also finds them, to know a feed frontfeed wrote).

pub use crate::model::{GENERATOR, GENERATOR_VERSION};
