//! A post's front matter in whichever syntax its generator takes: YAML between `---` lines, TOML
//! between `+++` lines, or a JSON object at the top, after any blank lines (Hugo allows them). Each
//! is read into the same YAML tree the article format uses, with errors at the file's line and
//! column, and keys are found again in the text to point warnings at them.

use serde_yaml_ng::{Mapping, Number, Value};

use crate::error::{Diagnostic, Location};
use crate::input::front_matter::Split;
use crate::input::raw;

/// The syntax of a front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `---` YAML `---`.
    Yaml,
    /// `+++` TOML `+++`.
    Toml,
    /// A JSON object.
    Json,
}

/// A post split into its front matter and its body.
#[derive(Debug, Clone, Copy)]
pub struct Front<'a> {
    /// The syntax.
    pub syntax: Syntax,
    /// The front matter's text (for JSON, the object itself).
    pub text: &'a str,
    /// The file line (from 1) on which `text` starts.
    pub first_line: usize,
    /// Everything after the front matter.
    pub body: &'a str,
}

/// Why a front matter could not be split.
pub struct Unclosed {
    /// The fence that opened it.
    pub fence: &'static str,
    /// Its line.
    pub line: usize,
}

/// Splits `text` (a whole post); `Ok(None)` when it has no front matter.
pub fn split(text: &str) -> Result<Option<Front<'_>>, Unclosed> {
    let start = text.len() - text.trim_start_matches(['\n', ' ', '\t']).len();
    // Start at the first line that is not blank.
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..start].matches('\n').count() + 1;
    let rest = &text[start..];
    // `{{` and `{%` open template tags (a shortcode, Liquid), not a JSON object.
    if rest.starts_with('{') && !rest.starts_with("{{") && !rest.starts_with("{%") {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        return Ok(match stream.next() {
            // A JSON error is reported when the object is read.
            Some(Ok(_)) | Some(Err(_)) if stream.byte_offset() > 0 => {
                let end = stream.byte_offset().max(1);
                Some(Front {
                    syntax: Syntax::Json,
                    text: &rest[..end],
                    first_line: line,
                    body: &rest[end..],
                })
            }
            _ => Some(Front {
                syntax: Syntax::Json,
                text: rest,
                first_line: line,
                body: "",
            }),
        });
    }
    for (fence, syntax) in [("---", Syntax::Yaml), ("+++", Syntax::Toml)] {
        let Some(after) = rest.strip_prefix(fence) else {
            continue;
        };
        let opening_end = after.find('\n').unwrap_or(after.len());
        if !after[..opening_end].trim().is_empty() {
            return Ok(None);
        }
        let inner = after.get(opening_end + 1..).unwrap_or("");
        let mut offset = 0;
        for piece in inner.split_inclusive('\n') {
            let bare = piece.trim_end();
            if bare == fence || (syntax == Syntax::Yaml && bare == "...") {
                return Ok(Some(Front {
                    syntax,
                    text: &inner[..offset],
                    first_line: line + 1,
                    body: &inner[offset + piece.len()..],
                }));
            }
            offset += piece.len();
        }
        return Err(Unclosed { fence, line });
    }
    Ok(None)
}

impl Front<'_> {
    /// The front matter as a YAML tree, and warnings about what was salvaged; errors point into
    /// `file` (the whole text) at `path`. A YAML key set twice takes its last value, as Jekyll's and
    /// Hugo's YAML readers do, with a warning.
    pub fn tree(
        &self,
        file: &str,
        path: &str,
    ) -> Result<(Value, Vec<Diagnostic>), Box<Diagnostic>> {
        match self.syntax {
            Syntax::Yaml => {
                let split = Split {
                    yaml: self.text,
                    yaml_first_line: self.first_line,
                    body: self.body,
                };
                match raw::tree(&split, file, path) {
                    Ok(tree) => Ok((tree, Vec::new())),
                    Err(d) if d.message.contains("duplicate entry") => {
                        let (yaml, repeated) = last_of_each_key(self.text);
                        let split = Split {
                            yaml: &yaml,
                            ..split
                        };
                        let tree = raw::tree(&split, file, path).map_err(|_| d)?;
                        let warnings = repeated
                            .into_iter()
                            .map(|(key, line)| {
                                let message =
                                    format!("`{key}` is set twice; the last value is used");
                                Diagnostic::warning(Some(path), message)
                                    .at(
                                        Location {
                                            line: self.first_line + line,
                                            column: 1,
                                        },
                                        file,
                                    )
                                    .help("remove one of the two")
                            })
                            .collect();
                        Ok((tree, warnings))
                    }
                    Err(d) => Err(d),
                }
            }
            Syntax::Toml => match self.text.parse::<toml::Table>() {
                Ok(table) => Ok((Value::Mapping(toml_table(table)), Vec::new())),
                Err(err) => {
                    let at = err.span().map_or(0, |s| s.start);
                    let message = format!(
                        "invalid TOML front matter: {}",
                        err.message().trim_end_matches('\n')
                    );
                    Err(self.error_at(at, file, path, message))
                }
            },
            Syntax::Json => match serde_json::from_str::<serde_json::Value>(self.text) {
                Ok(value) => Ok((json_value(value), Vec::new())),
                Err(err) => {
                    let location = Location {
                        line: self.first_line + err.line().saturating_sub(1),
                        column: err.column().max(1),
                    };
                    let message = format!("invalid JSON front matter: {err}");
                    let message = message
                        .rfind(" at line ")
                        .map_or(message.clone(), |i| message[..i].to_owned());
                    Err(Box::new(
                        Diagnostic::error(Some(path), message)
                            .at(location, file)
                            .help("fix the JSON: keys and text in double quotes, commas between"),
                    ))
                }
            },
        }
    }

    fn error_at(&self, offset: usize, file: &str, path: &str, message: String) -> Box<Diagnostic> {
        let inside = Location::of_offset(self.text, offset);
        let location = Location {
            line: self.first_line + inside.line - 1,
            column: inside.column,
        };
        Box::new(
            Diagnostic::error(Some(path), message)
                .at(location, file)
                .help("fix the TOML here: text in quotes, one `key = value` per line"),
        )
    }

    /// Where the top-level `key` is set, in file coordinates: its value, or the key when the value
    /// starts on a later line.
    pub fn key_location(&self, key: &str) -> Option<Location> {
        self.text.lines().enumerate().find_map(|(i, line)| {
            let column = match self.syntax {
                Syntax::Yaml => value_column(line, key, ':')?,
                Syntax::Toml => value_column(line, key, '=')
                    .or_else(|| value_column(line, &format!("\"{key}\""), '='))?,
                Syntax::Json => {
                    let quoted = format!("\"{key}\"");
                    let at = line.find(&quoted)?;
                    value_column(&line[at..], &quoted, ':')
                        .map(|c| c + line[..at].chars().count())?
                }
            };
            Some(Location {
                line: self.first_line + i,
                column,
            })
        })
    }
}

/// `yaml` with every top-level key set more than once kept only where it is set last (the earlier
/// blocks blanked, so lines keep their numbers), and each repeated key with the line (from 0) of
/// the value dropped.
pub fn last_of_each_key(yaml: &str) -> (String, Vec<(String, usize)>) {
    let lines: Vec<&str> = yaml.lines().collect();
    let key_of = |line: &str| {
        let first = line.chars().next()?;
        if first.is_whitespace() || matches!(first, '#' | '-') {
            return None;
        }
        let (key, _) = line.split_once(':')?;
        Some(key.trim().trim_matches(['"', '\'']).to_owned())
    };
    // Each top-level key's blocks: from its line to the next top-level key.
    let starts: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| key_of(l).map(|k| (i, k)))
        .collect();
    let mut blank = vec![false; lines.len()];
    let mut repeated = Vec::new();
    for (n, (start, key)) in starts.iter().enumerate() {
        if starts[n + 1..].iter().any(|(_, later)| later == key) {
            let end = starts.get(n + 1).map_or(lines.len(), |(next, _)| *next);
            blank[*start..end].iter_mut().for_each(|b| *b = true);
            repeated.push((key.clone(), *start));
        }
    }
    let kept: Vec<&str> = lines
        .iter()
        .zip(&blank)
        .map(|(line, gone)| if *gone { "" } else { line })
        .collect();
    (kept.join("\n") + "\n", repeated)
}

/// The column where the value of `key` starts on `line` (`key: value`, `key = value`), or 1 when
/// the value is on the next lines; `None` when the line does not set `key`.
fn value_column(line: &str, key: &str, separator: char) -> Option<usize> {
    let rest = line.strip_prefix(key)?;
    let after_key = rest.trim_start_matches([' ', '\t']);
    let value = after_key.strip_prefix(separator)?;
    if value.trim().is_empty() {
        return Some(1);
    }
    let start = line.len() - value.trim_start().len();
    Some(line[..start].chars().count() + 1)
}

/// A TOML table as a YAML mapping; dates become their text, as YAML gives them.
fn toml_table(table: toml::Table) -> Mapping {
    table
        .into_iter()
        .map(|(k, v)| (Value::String(k), toml_value(v)))
        .collect()
}

fn toml_value(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(Number::from(i)),
        toml::Value::Float(f) => Value::Number(Number::from(f)),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => Value::Mapping(toml_table(t)),
    }
}

/// A JSON value as a YAML value.
pub fn json_value(value: serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Value::Number(Number::from(i)),
            (_, Some(u), _) => Value::Number(Number::from(u)),
            (_, _, Some(f)) => Value::Number(Number::from(f)),
            _ => Value::String(n.to_string()),
        },
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => {
            Value::Sequence(items.into_iter().map(json_value).collect())
        }
        serde_json::Value::Object(map) => Value::Mapping(
            map.into_iter()
                .map(|(k, v)| (Value::String(k), json_value(v)))
                .collect(),
        ),
    }
}

/// A TOML value (a site's configuration) as a YAML value.
pub fn toml_to_yaml(value: toml::Value) -> Value {
    toml_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> Front<'_> {
        split(text).ok().flatten().unwrap()
    }

    #[test]
    fn each_syntax_splits_after_blank_lines() {
        let yaml = front("\n---\ntitle: a\n---\nbody\n");
        assert_eq!(
            (yaml.syntax, yaml.text, yaml.body),
            (Syntax::Yaml, "title: a\n", "body\n")
        );
        assert_eq!(yaml.first_line, 3);
        let toml = front("+++\ntitle = \"a\"\n+++\nbody");
        assert_eq!(
            (toml.syntax, toml.text, toml.body),
            (Syntax::Toml, "title = \"a\"\n", "body")
        );
        let json = front("{\"title\": \"a\"}\nbody");
        assert_eq!(
            (json.syntax, json.text, json.body),
            (Syntax::Json, "{\"title\": \"a\"}", "\nbody")
        );
        assert!(split("# no front matter\n").ok().flatten().is_none());
        assert!(
            split("{{< note >}}text{{< /note >}}\n")
                .ok()
                .flatten()
                .is_none()
        );
        assert!(split("+++\ntitle = 1\n").is_err());
    }

    #[test]
    fn toml_and_json_read_as_yaml_trees() {
        let toml = front(
            "+++\ntitle = \"a\"\ndate = 2021-01-02T03:04:05Z\n[taxonomies]\ntags = [\"x\"]\n+++\n",
        );
        let (tree, _) = toml.tree("", "p").unwrap();
        assert_eq!(tree["date"], Value::String("2021-01-02T03:04:05Z".into()));
        assert_eq!(tree["taxonomies"]["tags"][0], Value::String("x".into()));
        let json = front("{\"title\": \"a\", \"draft\": true}");
        assert_eq!(json.tree("", "p").unwrap().0["draft"], Value::Bool(true));
        let yaml = "---\ntitle: a\nredirect_from: /x\nredirect_from:\n  - /y\n---\n";
        let (tree, warnings) = front(yaml).tree(yaml, "p").unwrap();
        assert_eq!(tree["redirect_from"][0], Value::String("/y".into()));
        assert_eq!(warnings[0].location.map(|l| l.line), Some(3));
    }

    #[test]
    fn errors_and_keys_are_located_in_the_file() {
        let text = "+++\ntitle = \"a\"\ndate = nope\n+++\n";
        let err = front(text).tree(text, "p.md").unwrap_err();
        assert_eq!(err.location.map(|l| l.line), Some(3));
        let f = front(text);
        assert_eq!(
            f.key_location("date"),
            Some(Location { line: 3, column: 8 })
        );
        let yaml = "---\ntitle: x\ndate: soon\n---\n";
        assert_eq!(
            front(yaml).key_location("date"),
            Some(Location { line: 3, column: 7 })
        );
    }
}
