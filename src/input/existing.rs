//! The article files already in a folder, for `--to articles`: their names, and which file holds
//! which item (by its id: a feed item's own id, else its URL), so no item is written twice.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use rayon::prelude::*;

use super::options::ReadOptions;
use super::outcome::Outcome;
use super::read::parse_file;
use crate::error::Error;

/// The articles already in a folder: file names, and which file holds which item.
#[derive(Debug, Default)]
pub struct ExistingArticles {
    /// Every file name in the folder.
    pub names: HashSet<String>,
    /// The file holding each article id (the first in name order).
    pub by_id: HashMap<String, String>,
}

impl ExistingArticles {
    /// The file that already holds the item with this id.
    pub fn holding(&self, id: &str) -> Option<&String> {
        self.by_id.get(id)
    }
}

/// Reads the article files (`.md`, `.markdown`) directly in `dir`, on all cores: a folder of
/// articles can hold many thousands. A missing folder holds none.
pub fn existing_articles(dir: &Path) -> Result<ExistingArticles, Error> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ExistingArticles::default());
        }
        Err(source) => {
            return Err(Error::Io {
                context: format!("cannot read {}", dir.display()),
                source,
            });
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut existing = ExistingArticles {
        names: names.iter().cloned().collect(),
        ..ExistingArticles::default()
    };
    let options = ReadOptions::default();
    let found: Vec<(&String, String)> = names
        .par_iter()
        .filter(|n| n.ends_with(".md") || n.ends_with(".markdown"))
        .filter_map(|name| {
            let bytes = fs::read(dir.join(name)).ok()?;
            match parse_file(name, name, &bytes, &options) {
                (Outcome::Article(article), _) => Some((name, article.id)),
                _ => None,
            }
        })
        .collect();
    // In name order, so the first file holding an item is the one kept.
    for (name, id) in found {
        existing.by_id.entry(id).or_insert_with(|| name.clone());
    }
    Ok(existing)
}
