//! The site's own configuration, found walking up from the input, as a layer of feed settings under
//! `frontfeed.toml`, and as the rules its generator reads posts by: a Jekyll `_config.yml`, a Hugo
//! `hugo.toml` (or `config.toml` with `baseURL`, or `config/_default/`), a Zola `config.toml`
//! with `base_url`. Each kind of site is one reader here (`jekyll`, `hugo`, `zola`, with what they
//! share in `values`); in each folder from the input up, the first whose file is there gives the
//! layer. `--site` names the kind instead of guessing it.

mod hugo;
mod jekyll;
mod values;
mod zola;

use std::path::{Path, PathBuf};

use super::loaded::Loaded;
use crate::error::Error;
use crate::input::{Site, SiteKind};
use crate::model::FeedMeta;

/// What a site configuration gives: its feed settings and its generator's rules.
type Read = Result<(FeedMeta, Site), Error>;

/// One kind of site configuration: where its file is in a folder, and how to read it.
struct SiteKindReader {
    kind: SiteKind,
    /// The configuration file of this kind in the folder, if there is one.
    find: fn(&Path) -> Option<PathBuf>,
    /// The feed settings and the site's rules, from the file read and the site's folder.
    read: fn(&Loaded, &Path) -> Read,
}

const KINDS: &[SiteKindReader] = &[
    SiteKindReader {
        kind: SiteKind::Jekyll,
        find: jekyll::find,
        read: jekyll::parse,
    },
    SiteKindReader {
        kind: SiteKind::Hugo,
        find: hugo::find,
        read: hugo::parse,
    },
    SiteKindReader {
        kind: SiteKind::Zola,
        find: zola::find,
        read: zola::parse,
    },
];

/// What the site's configuration gives.
pub struct SiteLayer {
    /// The configuration file, to point at its problems (none for a site named by `--site`
    /// without one).
    pub loaded: Option<Loaded>,
    /// Its feed settings.
    pub meta: FeedMeta,
    /// Its generator's rules; `None` for the article format.
    pub site: Option<Site>,
}

/// The site configuration nearest to `start` (of kind `chosen`, when given), its feed settings and
/// its rules.
pub fn layer(start: &Path, chosen: Option<SiteKind>) -> Result<Option<SiteLayer>, Error> {
    let wanted = |kind: SiteKind| match chosen {
        None | Some(SiteKind::Articles) => true,
        Some(chosen) => chosen == kind,
    };
    let found = folders_up(start).into_iter().find_map(|dir| {
        KINDS
            .iter()
            .filter(|k| wanted(k.kind))
            .find_map(|k| (k.find)(&dir).map(|file| (k, dir.clone(), file)))
    });
    let Some((reader, dir, file)) = found else {
        return Ok(match chosen {
            Some(kind @ (SiteKind::Jekyll | SiteKind::Hugo | SiteKind::Zola)) => Some(SiteLayer {
                loaded: None,
                meta: FeedMeta::default(),
                site: Some(values::default_site(kind, &guess_root(start, kind))),
            }),
            _ => None,
        });
    };
    let loaded = Loaded::read(&file)?;
    let (meta, site) = (reader.read)(&loaded, &dir)?;
    let site = (chosen != Some(SiteKind::Articles)).then_some(site);
    Ok(Some(SiteLayer {
        loaded: Some(loaded),
        meta,
        site,
    }))
}

/// `start` and each folder above it, up to and including the first that holds `.git`. Each is
/// made relative to the current folder when below it, so messages stay short.
fn folders_up(start: &Path) -> Vec<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let here = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    let mut folders = Vec::new();
    for dir in start.ancestors() {
        let shown = here
            .as_deref()
            .and_then(|h| dir.strip_prefix(h).ok())
            .map(|d| {
                if d.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    d.to_path_buf()
                }
            });
        folders.push(shown.unwrap_or_else(|| dir.to_path_buf()));
        if dir.join(".git").exists() {
            break;
        }
    }
    folders
}

/// The site folder of a site named by `--site` without a configuration file: the folder above
/// `_posts` (Jekyll) or `content` (Hugo, Zola) when the input is inside one, else the input's.
fn guess_root(start: &Path, kind: SiteKind) -> PathBuf {
    let marker = match kind {
        SiteKind::Jekyll => "_posts",
        _ => "content",
    };
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .find(|dir| dir.file_name().is_some_and(|n| n == marker))
        .and_then(Path::parent)
        .map_or_else(|| start.clone(), Path::to_path_buf)
}
