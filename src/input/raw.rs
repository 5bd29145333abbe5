//! The front matter as YAML gives it, read leniently into loose structs: every field optional, unknown
//! keys ignored, and values of the wrong shape salvaged where the intent is clear (`topics: AI` is a
//! one-topic list, `quality: "84"` is 84) or dropped, each with a warning that points at the value.
//!
//! Only YAML that cannot be parsed, or front matter that is not a mapping, rejects the file here;
//! validation of what the values mean is in `mapping`. Fields that are not public (e.g. `secured`) are
//! never read.

use serde_yaml_ng::{Mapping, Value};

use super::block_yaml;
use super::front_matter::Split;
use crate::error::{Diagnostic, Location};

/// A text value, whatever scalar type YAML gave it (`title: 2024` is the text `2024`).
#[derive(Debug, Clone, PartialEq)]
pub struct Text(pub String);

/// The keys of an article's front matter that frontfeed uses.
#[derive(Debug, Default)]
pub struct RawArticle {
    pub title: Option<Text>,
    pub excerpt: Option<Text>,
    pub published_date_time: Option<Text>,
    pub updated_date_time: Option<Text>,
    pub web_url: Option<Text>,
    pub original_url: Option<Text>,
    pub amp_web_url: Option<Text>,
    pub quality: Option<i64>,
    pub heat: Option<i64>,
    pub published: Option<bool>,
    pub provider: Option<RawProvider>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub category: Option<Text>,
    pub images: Vec<RawImage>,
    pub related: Vec<RawRelated>,
    pub locale: Option<Text>,
    pub guid: Option<Text>,
    pub attachments: Vec<RawAttachment>,
    pub authors: Vec<RawAuthor>,
}

/// An entry of `authors:` (written for the people a feed's item credits).
#[derive(Debug, Default)]
pub struct RawAuthor {
    pub name: Option<Text>,
    pub email: Option<Text>,
    pub url: Option<Text>,
    pub avatar: Option<Text>,
}

/// `provider:`
#[derive(Debug, Default)]
pub struct RawProvider {
    pub name: Option<Text>,
    pub domain: Option<Text>,
    pub images: Vec<RawImage>,
}

/// An entry of `images:`.
#[derive(Debug, Default)]
pub struct RawImage {
    pub url: Option<Text>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub title: Option<Text>,
    pub attribution: Option<Text>,
}

/// An entry of `attachments:` (written for enclosures of feeds read).
#[derive(Debug, Default)]
pub struct RawAttachment {
    pub url: Option<Text>,
    pub mime_type: Option<Text>,
    pub length: Option<i64>,
    pub title: Option<Text>,
}

/// An entry of `related:`.
#[derive(Debug, Default)]
pub struct RawRelated {
    pub title: Option<Text>,
    pub excerpt: Option<Text>,
    pub published_date_time: Option<Text>,
    pub web_url: Option<Text>,
    pub original_url: Option<Text>,
    pub provider: Option<RawProvider>,
    pub images: Vec<RawImage>,
}

/// Parses the front matter of `split` (taken from the file `text`); errors point into the file.
/// Returns the article and the warnings about values that were salvaged or dropped.
pub fn parse(
    split: &Split<'_>,
    text: &str,
    path: &str,
) -> Result<(RawArticle, Vec<Diagnostic>), Box<Diagnostic>> {
    let value = tree(split, text, path)?;
    article_of(&value, split, text, path)
}

/// The YAML tree of the front matter of `split`; errors point into the file.
pub fn tree(split: &Split<'_>, text: &str, path: &str) -> Result<Value, Box<Diagnostic>> {
    match block_yaml::parse(split.yaml) {
        Some(value) => Ok(value),
        None => full_parse(split, text, path),
    }
}

/// The article a front-matter tree gives, and the warnings about values salvaged or dropped.
pub fn article_of(
    value: &Value,
    split: &Split<'_>,
    text: &str,
    path: &str,
) -> Result<(RawArticle, Vec<Diagnostic>), Box<Diagnostic>> {
    let mut reader = Reader {
        split,
        text,
        path,
        warnings: Vec::new(),
    };
    let article = match untag(value) {
        Value::Null => {
            let d =
                Diagnostic::warning(Some(path), "the front matter is empty; the file is skipped")
                    .at(Location { line: 1, column: 1 }, text)
                    .help("an article needs at least `title`, `webUrl` and `publishedDateTime`");
            return Ok((RawArticle::default(), vec![d]));
        }
        Value::Mapping(map) => reader.article(map),
        _ => {
            let d = not_a_mapping(path, text, split.yaml_first_line);
            return Err(Box::new(d));
        }
    };
    Ok((article, reader.warnings))
}

/// Parses front matter outside the subset [`block_yaml`] takes with the full YAML parser, whose
/// messages are the errors users see.
fn full_parse(split: &Split<'_>, text: &str, path: &str) -> Result<Value, Box<Diagnostic>> {
    if let Some(location) = too_deep(split) {
        let message = format!("front matter nests deeper than {MAX_FLOW_DEPTH} levels");
        let help = "an article's front matter is a few levels deep at most";
        return Err(Box::new(
            Diagnostic::error(Some(path), message)
                .at(location, text)
                .help(help),
        ));
    }
    serde_yaml_ng::from_str(split.yaml)
        .map_err(|err| Box::new(yaml_diagnostic(&err, split, text, path)))
}

fn yaml_diagnostic(
    err: &serde_yaml_ng::Error,
    split: &Split<'_>,
    text: &str,
    path: &str,
) -> Diagnostic {
    let full = err.to_string();
    let message = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    let (message, help) = if message.contains("found character that cannot start any token")
        && split.yaml.contains('\t')
    {
        (
            format!("invalid YAML: {message}"),
            "YAML indentation must use spaces, not tabs",
        )
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        (
            format!("invalid front matter: {message}"),
            "front matter this deep or with this many aliases is not an article",
        )
    } else {
        (
            format!("invalid front matter: {message}"),
            "fix the YAML here or just above: an unclosed quote, or a `: ` inside an unquoted value",
        )
    };
    let location = match err.location() {
        Some(loc) => Location {
            line: split.yaml_first_line + loc.line() - 1,
            column: loc.column(),
        },
        None => Location {
            line: split.yaml_first_line,
            column: 1,
        },
    };
    Diagnostic::error(Some(path), message)
        .help(help)
        .at(location, text)
}

/// Deepest nesting of flow collections (`[`, `{`) allowed. The YAML parser refuses more than 128
/// levels, but only after a scan whose cost grows with the square of the depth; this check is linear.
const MAX_FLOW_DEPTH: usize = 100;

/// Where flow collections first nest deeper than [`MAX_FLOW_DEPTH`], ignoring quoted text and comments.
fn too_deep(split: &Split<'_>) -> Option<Location> {
    let mut depth = 0usize;
    for (i, line) in split.yaml.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if previous == ' ' => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some(Location {
                            line: split.yaml_first_line + i,
                            column: column + 1,
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = c;
        }
    }
    None
}

/// A value without its YAML tag (`!foo value` is `value`).
pub fn untag(value: &Value) -> &Value {
    match value {
        Value::Tagged(tagged) => untag(&tagged.value),
        other => other,
    }
}

/// The error for front matter that is a list or a scalar, at its first line.
pub fn not_a_mapping(path: &str, text: &str, line: usize) -> Diagnostic {
    Diagnostic::error(
        Some(path),
        "front matter is not a mapping of keys to values",
    )
    .at(Location { line, column: 1 }, text)
    .help("write one `key: value` per line")
}

/// What kind of value, for messages.
pub fn kind(value: &Value) -> &'static str {
    match untag(value) {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A scalar's text, for locating it in the file.
fn scalar_text(value: &Value) -> Option<String> {
    match untag(value) {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads values out of the YAML tree, collecting warnings.
struct Reader<'a> {
    split: &'a Split<'a>,
    text: &'a str,
    path: &'a str,
    warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Warns about `field` (a dotted path such as `images[1].width`) under the top-level `key`.
    fn warn(&mut self, key: &str, field: &str, value: &Value, message: &str, help: &str) {
        let location = match scalar_text(value) {
            Some(needle) if !needle.trim().is_empty() => {
                self.split.value_location(key, needle.trim())
            }
            _ => self.split.key_location(key),
        };
        let mut d = Diagnostic::warning(Some(self.path), format!("`{field}` {message}")).help(help);
        if let Some(location) = location {
            d = d.at(location, self.text);
        }
        self.warnings.push(d);
    }

    fn text(&mut self, map: &Mapping, key: &str, top: &str, field: &str) -> Option<Text> {
        let value = map.get(key)?;
        match untag(value) {
            Value::Null => None,
            Value::String(s) => Some(Text(s.clone())),
            Value::Number(n) => Some(Text(n.to_string())),
            Value::Bool(b) => Some(Text(b.to_string())),
            other => {
                let message = format!("should be text, but is {}; it is ignored", kind(other));
                self.warn(
                    top,
                    field,
                    other,
                    &message,
                    "write a single value, quoted if it has special characters",
                );
                None
            }
        }
    }

    fn integer(&mut self, map: &Mapping, key: &str, top: &str, field: &str) -> Option<i64> {
        let value = untag(map.get(key)?);
        let help = "write a whole number, without quotes";
        match value {
            Value::Null => None,
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Some(i),
                (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => Some(f as i64),
                _ => {
                    self.warn(
                        top,
                        field,
                        value,
                        "should be a whole number; it is ignored",
                        help,
                    );
                    None
                }
            },
            Value::String(s) => match s.trim().parse::<i64>() {
                Ok(i) => {
                    self.warn(
                        top,
                        field,
                        value,
                        &format!("is quoted text; read as the number {i}"),
                        help,
                    );
                    Some(i)
                }
                Err(_) => {
                    self.warn(
                        top,
                        field,
                        value,
                        "should be a whole number, but is text; it is ignored",
                        help,
                    );
                    None
                }
            },
            other => {
                let message = format!(
                    "should be a whole number, but is {}; it is ignored",
                    kind(other)
                );
                self.warn(top, field, other, &message, help);
                None
            }
        }
    }

    fn boolean(&mut self, map: &Mapping, key: &str) -> Option<bool> {
        let value = untag(map.get(key)?);
        let help = "write `true` or `false`, without quotes";
        let salvaged = match value {
            Value::Null => return None,
            Value::Bool(b) => return Some(*b),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Some(true),
                "false" | "no" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        };
        match salvaged {
            Some(b) => self.warn(
                key,
                key,
                value,
                &format!("is quoted text; read as {b}"),
                help,
            ),
            None => self.warn(
                key,
                key,
                value,
                &format!(
                    "should be true or false, but is {}; it is ignored",
                    kind(value)
                ),
                help,
            ),
        }
        salvaged
    }

    /// A list of text; a single value is salvaged as a one-item list.
    fn text_list(&mut self, map: &Mapping, key: &str) -> Vec<String> {
        let Some(value) = map.get(key) else {
            return Vec::new();
        };
        match untag(value) {
            Value::Null => Vec::new(),
            Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match untag(item) {
                        Value::Null => {}
                        Value::Sequence(_) | Value::Mapping(_) => {
                            let message =
                                format!("should be text, but is {}; it is ignored", kind(item));
                            self.warn(
                                key,
                                &format!("{key}[{i}]"),
                                item,
                                &message,
                                "write one value per `- ` line",
                            );
                        }
                        other => out.extend(scalar_text(other)),
                    }
                }
                out
            }
            Value::Mapping(_) => {
                self.warn(
                    key,
                    key,
                    value,
                    "should be a list, but is a mapping; it is ignored",
                    "write one value per `- ` line",
                );
                Vec::new()
            }
            scalar => {
                let text = scalar_text(scalar).unwrap_or_default();
                self.warn(
                    key,
                    key,
                    scalar,
                    "is a single value; read as a one-item list",
                    "write it as a list: `- value` on the next line",
                );
                vec![text]
            }
        }
    }

    /// A list of mappings; a single mapping is salvaged as a one-item list, and `single_text` says what
    /// a bare text value means (an image's URL), when anything.
    fn map_list<T>(
        &mut self,
        map: &Mapping,
        key: &str,
        top: &str,
        mut read: impl FnMut(&mut Self, &Mapping, &str) -> T,
        single_text: Option<fn(String) -> T>,
    ) -> Vec<T> {
        let Some(value) = map.get(key) else {
            return Vec::new();
        };
        let help = "write a list of entries, each starting with `- `";
        let items: Vec<&Value> = match untag(value) {
            Value::Null => return Vec::new(),
            Value::Sequence(items) => items.iter().collect(),
            Value::Mapping(_) => {
                self.warn(
                    top,
                    key,
                    value,
                    "is a single entry; read as a one-item list",
                    help,
                );
                vec![value]
            }
            _ => vec![value],
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let field = format!("{key}[{i}]");
            match (untag(item), single_text) {
                (Value::Null, _) => {}
                (Value::Mapping(m), _) => out.push(read(self, m, &field)),
                (Value::String(s), Some(from_text)) => {
                    self.warn(
                        top,
                        &field,
                        item,
                        "is text, not an entry; read as its URL",
                        "write `- url: \"...\"`",
                    );
                    out.push(from_text(s.clone()));
                }
                (other, _) => {
                    let message = format!(
                        "should be an entry with keys, but is {}; it is ignored",
                        kind(other)
                    );
                    self.warn(top, &field, other, &message, help);
                }
            }
        }
        out
    }

    fn article(&mut self, map: &Mapping) -> RawArticle {
        let provider = map
            .get("provider")
            .and_then(|v| self.provider(v, "provider", "provider"));
        RawArticle {
            title: self.text(map, "title", "title", "title"),
            excerpt: self.text(map, "excerpt", "excerpt", "excerpt"),
            published_date_time: self.text(
                map,
                "publishedDateTime",
                "publishedDateTime",
                "publishedDateTime",
            ),
            updated_date_time: self.text(
                map,
                "updatedDateTime",
                "updatedDateTime",
                "updatedDateTime",
            ),
            web_url: self.text(map, "webUrl", "webUrl", "webUrl"),
            original_url: self.text(map, "originalUrl", "originalUrl", "originalUrl"),
            amp_web_url: self.text(map, "ampWebUrl", "ampWebUrl", "ampWebUrl"),
            quality: self.integer(map, "quality", "quality", "quality"),
            heat: self.integer(map, "heat", "heat", "heat"),
            published: self.boolean(map, "published"),
            provider,
            topics: self.text_list(map, "topics"),
            tags: self.text_list(map, "tags"),
            categories: self.text_list(map, "categories"),
            category: self.text(map, "category", "category", "category"),
            images: self.images(map, "images", "images"),
            related: self.map_list(map, "related", "related", Self::related, None),
            locale: self.text(map, "locale", "locale", "locale"),
            guid: self.text(map, "guid", "guid", "guid"),
            attachments: self.map_list(map, "attachments", "attachments", Self::attachment, None),
            authors: self.map_list(map, "authors", "authors", Self::author, None),
        }
    }

    fn author(&mut self, map: &Mapping, field: &str) -> RawAuthor {
        let top = "authors";
        RawAuthor {
            name: self.text(map, "name", top, &format!("{field}.name")),
            email: self.text(map, "email", top, &format!("{field}.email")),
            url: self.text(map, "url", top, &format!("{field}.url")),
            avatar: self.text(map, "avatar", top, &format!("{field}.avatar")),
        }
    }

    fn images(&mut self, map: &Mapping, key: &str, top: &str) -> Vec<RawImage> {
        let from_url = |url: String| RawImage {
            url: Some(Text(url)),
            ..RawImage::default()
        };
        self.map_list(
            map,
            key,
            top,
            |r, m, field| r.image(m, top, field),
            Some(from_url),
        )
    }

    fn image(&mut self, map: &Mapping, top: &str, field: &str) -> RawImage {
        RawImage {
            url: self.text(map, "url", top, &format!("{field}.url")),
            width: self.integer(map, "width", top, &format!("{field}.width")),
            height: self.integer(map, "height", top, &format!("{field}.height")),
            title: self.text(map, "title", top, &format!("{field}.title")),
            attribution: self.text(map, "attribution", top, &format!("{field}.attribution")),
        }
    }

    fn provider(&mut self, value: &Value, top: &str, field: &str) -> Option<RawProvider> {
        match untag(value) {
            Value::Null => None,
            Value::Mapping(m) => Some(RawProvider {
                name: self.text(m, "name", top, &format!("{field}.name")),
                domain: self.text(m, "domain", top, &format!("{field}.domain")),
                images: self.images(m, "images", top),
            }),
            Value::String(name) => {
                self.warn(
                    top,
                    field,
                    value,
                    "is text, not a mapping; read as the provider's name",
                    "write `name:` and `domain:` under it",
                );
                Some(RawProvider {
                    name: Some(Text(name.clone())),
                    ..RawProvider::default()
                })
            }
            other => {
                let message = format!("should be a mapping, but is {}; it is ignored", kind(other));
                self.warn(
                    top,
                    field,
                    other,
                    &message,
                    "write `name:` and `domain:` under it",
                );
                None
            }
        }
    }

    fn attachment(&mut self, map: &Mapping, field: &str) -> RawAttachment {
        let top = "attachments";
        RawAttachment {
            url: self.text(map, "url", top, &format!("{field}.url")),
            mime_type: self.text(map, "mimeType", top, &format!("{field}.mimeType")),
            length: self.integer(map, "length", top, &format!("{field}.length")),
            title: self.text(map, "title", top, &format!("{field}.title")),
        }
    }

    fn related(&mut self, map: &Mapping, field: &str) -> RawRelated {
        let top = "related";
        let provider = map
            .get("provider")
            .and_then(|v| self.provider(v, top, &format!("{field}.provider")));
        RawRelated {
            title: self.text(map, "title", top, &format!("{field}.title")),
            excerpt: self.text(map, "excerpt", top, &format!("{field}.excerpt")),
            published_date_time: self.text(
                map,
                "publishedDateTime",
                top,
                &format!("{field}.publishedDateTime"),
            ),
            web_url: self.text(map, "webUrl", top, &format!("{field}.webUrl")),
            original_url: self.text(map, "originalUrl", top, &format!("{field}.originalUrl")),
            provider,
            images: self.images(map, "images", top),
        }
    }
}
