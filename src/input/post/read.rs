//! Reading one file of a generator's site: where it is in the site decides whether it is a post
//! (and of which collection, section or bundle); its front matter decides whether it is in the
//! article format after all; then the generator's reader makes it an article.

use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::fields::PostFile;
use super::front::{self, Front, Syntax, Unclosed};
use super::values::PostValues;
use super::{hugo, jekyll, zola};
use crate::error::{Diagnostic, Location};
use crate::input::options::ReadOptions;
use crate::input::outcome::Outcome;
use crate::input::raw::untag;
use crate::input::site::{Rules, Site};

/// Where a file is, for each generator.
enum Place {
    Jekyll(jekyll::Place),
    Hugo(hugo::Place),
    Zola(zola::Place),
}

/// Where `parts` is in `site`: a post's place, or what the file is when the generator keeps it but
/// it is not a post (nor one of the section's the run reads); `None` outside the places it keeps
/// posts.
fn place(site: &Site, parts: &[String], path: &str) -> Option<Result<Place, Outcome>> {
    Some(match &site.rules {
        Rules::Jekyll(rules) => match jekyll::place(parts, rules)? {
            jekyll::Found::Post(place) => Ok(Place::Jekyll(place)),
            jekyll::Found::Excluded => Err(Outcome::NotPost),
        },
        Rules::Hugo(rules) => match hugo::place(parts, rules, Path::new(path))? {
            hugo::Found::Page(place) => {
                let roots: Vec<PathBuf> = rules
                    .content_dirs
                    .iter()
                    .map(|(dir, _)| dir.iter().fold(site.root.clone(), |p, c| p.join(c)))
                    .collect();
                if site.in_nested_section(Path::new(path), place.bundle, &roots) {
                    Err(Outcome::NotPost)
                } else {
                    Ok(Place::Hugo(place))
                }
            }
            hugo::Found::NotAPage => Err(Outcome::NotPost),
        },
        Rules::Zola(rules) => match zola::place(parts, rules)? {
            zola::Found::Page(place) => {
                let roots = [site.root.join("content")];
                if site.in_nested_section(Path::new(path), place.bundle, &roots) {
                    Err(Outcome::NotPost)
                } else {
                    Ok(Place::Zola(place))
                }
            }
            zola::Found::NotAPage => Err(Outcome::NotPost),
        },
    })
}

/// Reads the file at `path` (its whole text) as a post of `site`. `None` when it is to be read as
/// an article file instead: outside the places the generator keeps posts, or with a `webUrl` or
/// `originalUrl` in its front matter.
pub fn read_post(
    path: &str,
    text: &str,
    site: &Site,
    options: &ReadOptions,
) -> Option<(Outcome, Vec<Diagnostic>)> {
    let parts = site.relative(Path::new(path))?;
    let place = match place(site, &parts, path)? {
        Ok(place) => place,
        Err(skipped) => return Some((skipped, Vec::new())),
    };
    let front = match front::split(text) {
        Ok(Some(front)) => front,
        // Jekyll and Hugo make a post of a file without front matter too; Zola does not.
        Ok(None) if !matches!(place, Place::Zola(_)) => Front {
            syntax: Syntax::Yaml,
            text: "",
            first_line: 1,
            body: text,
        },
        Ok(None) => return Some((Outcome::NoFrontMatter, Vec::new())),
        Err(Unclosed { fence, line }) => {
            let d = Diagnostic::error(Some(path), "front matter is never closed")
                .at(Location { line, column: 1 }, text)
                .help(format!(
                    "add a line `{fence}` after the last front-matter line"
                ));
            return Some((Outcome::Rejected, vec![d]));
        }
    };
    let (tree, salvaged) = match front.tree(text, path) {
        Ok(read) => read,
        Err(d) => return Some((Outcome::Rejected, vec![*d])),
    };
    let map = match untag(&tree) {
        Value::Mapping(map) => map.clone(),
        Value::Null => Mapping::new(),
        _ => {
            let d = Diagnostic::error(
                Some(path),
                "front matter is not a mapping of keys to values",
            )
            .at(
                Location {
                    line: front.first_line,
                    column: 1,
                },
                text,
            )
            .help("write one `key: value` per line");
            return Some((Outcome::Rejected, vec![d]));
        }
    };
    if ["webUrl", "originalUrl"]
        .iter()
        .any(|k| map.contains_key(*k))
    {
        return None;
    }
    let mut file = PostFile {
        path,
        text,
        front,
        diagnostics: salvaged,
    };
    let values: Option<PostValues> = match (&place, &site.rules) {
        (Place::Jekyll(place), Rules::Jekyll(rules)) => jekyll::read(
            &mut file,
            &map,
            place,
            rules,
            &site.time_zone,
            site.hide_future,
        ),
        (Place::Hugo(place), Rules::Hugo(rules)) => hugo::read(
            &mut file,
            &map,
            place,
            rules,
            &site.time_zone,
            site.hide_future,
        ),
        (Place::Zola(place), Rules::Zola(rules)) => {
            zola::read(&mut file, &map, place, rules, &site.time_zone)
        }
        _ => None,
    };
    let article = values.and_then(|v| v.into_article(&mut file, options.site_url.as_deref()));
    let outcome = match article {
        Some(article) if !file.has_errors() => Outcome::Article(Box::new(article)),
        _ if file.has_errors() => Outcome::Rejected,
        _ => Outcome::NotPost,
    };
    let mut diagnostics = file.diagnostics;
    diagnostics.sort_by_key(|d| d.location.map(|l| (l.line, l.column)));
    Some((outcome, diagnostics))
}
