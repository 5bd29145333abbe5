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
use crate::input::raw::{not_a_mapping, untag};
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

/// Whether the YAML front matter at the top of `text` sets `webUrl` or `originalUrl`.
fn front_has_article_url(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("---") else {
        return false;
    };
    rest.lines()
        .skip(1)
        .take_while(|line| line.trim_end() != "---" && line.trim_end() != "...")
        .any(|line| {
            let key = line.trim_start_matches(['"', '\'']);
            (key.starts_with("webUrl") || key.starts_with("originalUrl"))
                && key
                    .trim_start_matches("webUrl")
                    .trim_start_matches("originalUrl")
                    .trim_start_matches(['"', '\'', ' '])
                    .starts_with(':')
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
    // An article file (the common case in a news site kept with Jekyll) is told from its keys
    // before anything else, and before its front matter is parsed, which the article reader does.
    if front_has_article_url(text) {
        return None;
    }
    let parts = site.relative(Path::new(path))?;
    let place = match place(site, &parts, path)? {
        Ok(place) => place,
        Err(skipped) => return Some((skipped, Vec::new())),
    };
    let (front, map, salvaged) = match front_matter(path, text, &place) {
        Ok(read) => read,
        Err(skipped) => return Some(skipped),
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

/// What reading a file gave when it is not a post to read further: its outcome and diagnostics.
type Settled = (Outcome, Vec<Diagnostic>);

/// A post's front matter, split and read into a mapping (with the warnings of what was salvaged),
/// or what the file is when it has none to read.
fn front_matter<'a>(
    path: &str,
    text: &'a str,
    place: &Place,
) -> Result<(Front<'a>, Mapping, Vec<Diagnostic>), Settled> {
    let front = match front::split(text) {
        Ok(Some(front)) => front,
        // Jekyll and Hugo make a post of a file without front matter too; Zola does not.
        Ok(None) if !matches!(place, Place::Zola(_)) => Front {
            syntax: Syntax::Yaml,
            text: "",
            first_line: 1,
            body: text,
        },
        Ok(None) => return Err((Outcome::NoFrontMatter, Vec::new())),
        Err(Unclosed { fence, line }) => {
            let d = Diagnostic::error(Some(path), "front matter is never closed")
                .at(Location { line, column: 1 }, text)
                .help(format!(
                    "add a line `{fence}` after the last front-matter line"
                ));
            return Err((Outcome::Rejected, vec![d]));
        }
    };
    let (tree, salvaged) = match front.tree(text, path) {
        Ok(read) => read,
        Err(d) => return Err((Outcome::Rejected, vec![*d])),
    };
    let map = match untag(&tree) {
        Value::Mapping(map) => map.clone(),
        Value::Null => Mapping::new(),
        _ => {
            let d = not_a_mapping(path, text, front.first_line);
            return Err((Outcome::Rejected, vec![d]));
        }
    };
    Ok((front, map, salvaged))
}
