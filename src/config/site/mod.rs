//! The site's own configuration, found walking up from the input, as a layer of feed settings under
//! `frontfeed.toml`: today a Jekyll `_config.yml`. Each kind of site is one reader here, tried in
//! turn; the first whose file is found gives the layer.

mod jekyll;

use std::path::Path;

use super::loaded::{Loaded, find_up};
use crate::error::Error;
use crate::model::FeedMeta;

/// One kind of site configuration: its file name, and how to read the feed settings from it.
struct SiteKind {
    file: &'static str,
    read: fn(&Loaded) -> Result<FeedMeta, Error>,
}

const KINDS: &[SiteKind] = &[SiteKind {
    file: "_config.yml",
    read: jekyll::parse,
}];

/// The site configuration nearest to `start`, and the feed settings it gives.
pub fn layer(start: &Path) -> Result<Option<(Loaded, FeedMeta)>, Error> {
    for kind in KINDS {
        if let Some(path) = find_up(start, kind.file) {
            let loaded = Loaded::read(&path)?;
            let meta = (kind.read)(&loaded)?;
            return Ok(Some((loaded, meta)));
        }
    }
    Ok(None)
}
