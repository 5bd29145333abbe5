//! The front matter exactly as YAML gives it: loose types, every field optional, unknown keys ignored.
//!
//! Deserialization is the only thing that happens here; validation and cleaning are in `mapping`.
//! Fields that are not public (e.g. `secured`) are never even read.

use serde::Deserialize;

use super::front_matter::Split;
use crate::error::{Diagnostic, Location};

/// A scalar read as text, whatever YAML typed it as (`title: 2024` is the text `2024`).
#[derive(Debug, Clone, PartialEq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A list that may also be written as a single value (`topics: AI`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// `topics: [AI, ML]`
    Many(Vec<Option<Text>>),
    /// `topics: AI`
    One(Text),
}

impl OneOrMany {
    /// The values, without nulls.
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::Many(v) => v.into_iter().flatten().map(|t| t.0).collect(),
            OneOrMany::One(t) => vec![t.0],
        }
    }
}

/// The keys of an article's front matter that frontfeed uses.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
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
    pub topics: Option<OneOrMany>,
    pub tags: Option<OneOrMany>,
    pub categories: Option<OneOrMany>,
    pub category: Option<Text>,
    pub images: Option<Vec<Option<RawImage>>>,
    pub related: Option<Vec<Option<RawRelated>>>,
    pub locale: Option<Text>,
}

/// `provider:`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawProvider {
    pub name: Option<Text>,
    pub domain: Option<Text>,
    pub images: Option<Vec<Option<RawImage>>>,
}

/// An entry of `images:`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawImage {
    pub url: Option<Text>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub title: Option<Text>,
    pub attribution: Option<Text>,
}

/// An entry of `related:`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawRelated {
    pub title: Option<Text>,
    pub excerpt: Option<Text>,
    pub published_date_time: Option<Text>,
    pub web_url: Option<Text>,
    pub original_url: Option<Text>,
    pub provider: Option<RawProvider>,
    pub images: Option<Vec<Option<RawImage>>>,
}

/// Parses the front matter of `split` (taken from the file `text`); errors point into the file.
pub fn parse(split: &Split<'_>, text: &str, path: &str) -> Result<RawArticle, Box<Diagnostic>> {
    match serde_yaml_ng::from_str::<Option<RawArticle>>(split.yaml) {
        Ok(raw) => Ok(raw.unwrap_or_default()),
        Err(err) => Err(Box::new(yaml_diagnostic(&err, split, text, path))),
    }
}

fn yaml_diagnostic(
    err: &serde_yaml_ng::Error,
    split: &Split<'_>,
    text: &str,
    path: &str,
) -> Diagnostic {
    let full = err.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => full.as_str(),
    };
    let (message, help) = if message.contains("expected struct RawArticle") {
        (
            "front matter is not a mapping of keys to values".to_owned(),
            "write one `key: value` per line",
        )
    } else if message.contains("found character that cannot start any token")
        && split.yaml.contains('\t')
    {
        (
            format!("invalid YAML: {message}"),
            "YAML indentation must use spaces, not tabs",
        )
    } else {
        (
            format!("invalid front matter: {message}"),
            "fix the YAML here; quote values that contain `: ` or start with a special character",
        )
    };
    let d = Diagnostic::error(Some(path), message).help(help);
    match err.location() {
        Some(loc) => d.at(
            Location {
                line: split.yaml_first_line + loc.line() - 1,
                column: loc.column(),
            },
            text,
        ),
        None => d,
    }
}
