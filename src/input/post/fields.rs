//! Reading a post's front-matter values leniently, as generators do: text from any scalar, lists
//! from a list or (where the generator splits it) a string, flags and dates, each value of the wrong
//! shape dropped with a warning that points at its key.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde_yaml_ng::{Mapping, Value};

use super::front::Front;
use super::ruby_time;
use crate::error::{Diagnostic, Location};
use crate::input::raw::{kind, untag};

/// One post being read: where it is, and what is found wrong with it.
pub struct PostFile<'a> {
    /// The path, as shown in messages.
    pub path: &'a str,
    /// The whole text.
    pub text: &'a str,
    /// Its front matter and body.
    pub front: Front<'a>,
    /// What was found so far.
    pub diagnostics: Vec<Diagnostic>,
}

/// A scalar's text (`title: 2024` is `2024`); `None` for lists, mappings and nothing.
pub fn scalar(value: &Value) -> Option<String> {
    match untag(value) {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The value of `key` in `map`, if any (a null value counts as none).
pub fn get<'m>(map: &'m Mapping, key: &str) -> Option<&'m Value> {
    map.get(key).map(untag).filter(|v| !v.is_null())
}

impl PostFile<'_> {
    fn located(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let location = self
            .front
            .key_location(key)
            .unwrap_or(Location { line: 1, column: 1 });
        d.at(location, self.text)
    }

    /// A warning pointing at `key`.
    pub fn warn(&mut self, key: &str, message: impl Into<String>, help: &str) {
        let d = self.located(Diagnostic::warning(Some(self.path), message), key);
        self.diagnostics.push(d.help(help));
    }

    /// An error pointing at `key`: the post is rejected.
    pub fn error(&mut self, key: &str, message: impl Into<String>, help: &str) {
        let d = self.located(Diagnostic::error(Some(self.path), message), key);
        self.diagnostics.push(d.help(help));
    }

    /// A warning about the whole file.
    pub fn file_warning(&mut self, message: impl Into<String>, help: &str) {
        let d = Diagnostic::warning(Some(self.path), message).help(help);
        self.diagnostics.push(d);
    }

    /// An error about the whole file.
    pub fn file_error(&mut self, message: impl Into<String>, help: &str) {
        let d = Diagnostic::error(Some(self.path), message).help(help);
        self.diagnostics.push(d);
    }

    /// The text of `key`, when it is a scalar; anything else is dropped with a warning.
    pub fn text(&mut self, map: &Mapping, key: &str) -> Option<String> {
        let value = get(map, key)?;
        let text = scalar(value);
        if text.is_none() {
            self.warn(
                key,
                format!(
                    "`{key}` should be text, but is {}; it is ignored",
                    kind(value)
                ),
                "write a single value, quoted if it has special characters",
            );
        }
        text
    }

    /// The values of `key`: a list of scalars, or one scalar (split on white space when `split`,
    /// as Jekyll splits `categories: news updates`).
    pub fn list(&mut self, map: &Mapping, key: &str, split: bool) -> Vec<String> {
        let Some(value) = get(map, key) else {
            return Vec::new();
        };
        match value {
            Value::Sequence(items) => items
                .iter()
                .filter_map(|item| match untag(item) {
                    Value::Sequence(inner) => Some(
                        inner
                            .iter()
                            .filter_map(scalar)
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                    other => scalar(other),
                })
                .collect(),
            Value::Mapping(_) => {
                self.warn(
                    key,
                    format!("`{key}` should be a list, but is a mapping; it is ignored"),
                    "write one value per `- ` line",
                );
                Vec::new()
            }
            scalar_value => {
                let text = scalar(scalar_value).unwrap_or_default();
                if split {
                    text.split_whitespace().map(str::to_owned).collect()
                } else {
                    vec![text]
                }
            }
        }
    }

    /// `key` as true or false; quoted `"true"`/`"false"` are read as such.
    pub fn flag(&mut self, map: &Mapping, key: &str) -> Option<bool> {
        match get(map, key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
            other => {
                self.warn(
                    key,
                    format!(
                        "`{key}` should be true or false, but is {}; it is ignored",
                        kind(other)
                    ),
                    "write `true` or `false`, without quotes",
                );
                None
            }
        }
    }

    /// The date `key` holds, read in `zone` when written without an offset; one that cannot be read
    /// is reported (an error when `required`, else a warning) and left out.
    pub fn date(
        &mut self,
        map: &Mapping,
        key: &str,
        zone: &Tz,
        required: bool,
    ) -> Option<DateTime<FixedOffset>> {
        let text = self.text(map, key)?;
        if text.trim().is_empty() {
            return None;
        }
        // The strict forms, then what Ruby's and Go's lenient readers take (`June 15, 2021`,
        // `2017-11-8`, `02 Jan 2006 15:04 MST`).
        let parsed = ruby_time::parse(&text, zone);
        if parsed.is_none() {
            let help = "write the date as `2023-12-21`, `2023-12-21 18:43:00` or \
                        `2023-12-21T18:43:00+01:00`";
            let message = format!("`{key}` is not a date: `{}`", text.trim());
            if required {
                self.error(key, message, help);
            } else {
                self.warn(key, format!("{message}; it is left out"), help);
            }
        }
        parsed
    }

    /// Whether an error was found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// `map` with its keys lower-cased (Hugo reads front matter and configuration keys ignoring case);
/// the first of two keys that differ only in case wins.
pub fn lower_keys(map: &Mapping) -> Mapping {
    let mut out = Mapping::new();
    for (k, v) in map {
        let key = match scalar(k) {
            Some(k) => Value::String(k.to_lowercase()),
            None => k.clone(),
        };
        if !out.contains_key(&key) {
            out.insert(key, v.clone());
        }
    }
    out
}
