//! Feed settings in layers: the command line over `frontfeed.toml` over the site's own configuration
//! (and, for a run whose every input is a feed, over that feed's metadata). Each layer is a
//! [`FeedMeta`]; they are combined here, in one place, and each URL is checked where it was written.

use super::loaded::Loaded;
use crate::error::{Diagnostic, Error};
use crate::input::link;
use crate::model::language::bcp47;
use crate::model::{FeedMeta, FieldMut};

/// One layer of settings, and the file it was written in (`None`: the command line).
pub struct Layer<'a> {
    /// The settings.
    pub meta: FeedMeta,
    /// Where they were written, to point at a bad value.
    pub from: Option<&'a Loaded>,
}

/// The fields that hold URLs: each must be absolute http(s).
const URL_KEYS: [&str; 5] = ["home_url", "feed_url", "base_url", "icon", "logo"];

/// Combines `layers`, highest first: each field from the first layer that sets it. Blank values do
/// not count, and each URL is checked (and encoded) in the layer it comes from.
pub fn combine(layers: Vec<Layer<'_>>) -> Result<FeedMeta, Error> {
    let mut layers: Vec<Layer<'_>> = layers
        .into_iter()
        .map(|l| Layer {
            meta: l.meta.tidy(),
            from: l.from,
        })
        .collect();
    for key in URL_KEYS {
        let winner = layers
            .iter_mut()
            .find_map(|layer| match layer.meta.field_mut(key) {
                Some(FieldMut::Text(slot)) if slot.is_some() => Some((slot, layer.from)),
                _ => None,
            });
        if let Some((slot, from)) = winner {
            let value = slot.take().unwrap_or_default();
            *slot = Some(checked_url(key, &value, from)?);
        }
    }
    let meta = layers
        .into_iter()
        .rev()
        .fold(FeedMeta::default(), |lower, layer| layer.meta.or(lower));
    check_language(&meta)?;
    Ok(meta)
}

/// An absolute http(s) URL, encoded; else an error where it was written.
fn checked_url(key: &str, value: &str, from: Option<&Loaded>) -> Result<String, Error> {
    link::resolve(value, None).map_err(|problem| {
        let message = format!("`{key}` {problem}");
        let help = "write an absolute http(s) URL, e.g. `https://example.org/`";
        match from {
            Some(loaded) => loaded.error_at_key(key, 0, message, help),
            None => usage(message, help),
        }
    })
}

fn check_language(meta: &FeedMeta) -> Result<(), Error> {
    let Some(lang) = &meta.language else {
        return Ok(());
    };
    let valid = lang.split('-').all(|part| {
        !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if valid {
        Ok(())
    } else {
        Err(usage(
            format!("`language` is not a language tag: `{lang}`"),
            "use a tag such as `en` or `en-US`",
        ))
    }
}

/// A usage error: no file to point at.
pub fn usage(message: impl Into<String>, help: &str) -> Error {
    Error::config(Diagnostic::error(None, message).help(help))
}

/// Completes a feed's settings once every layer is known: a title (the fallback when no layer set
/// one), with a warning for each setting a feed should have and does not.
pub fn complete(mut meta: FeedMeta, fallback_title: &str) -> (FeedMeta, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    if meta.title.is_none() {
        warnings.push(
            Diagnostic::warning(
                None,
                format!("no feed title is set; using `{fallback_title}`"),
            )
            .help("set `title` in frontfeed.toml, or pass --title"),
        );
        meta.title = Some(fallback_title.to_owned());
    }
    if let Some(language) = meta.language.take() {
        meta.language = bcp47(&language);
        if meta.language.is_none() {
            warnings.push(
                Diagnostic::warning(
                    None,
                    format!(
                        "the feed's language `{language}` is not a language tag; it is left out"
                    ),
                )
                .help("write a BCP 47 language tag, e.g. `en` or `en-US`"),
            );
        }
    }
    if meta.home_url.is_none() {
        warnings.push(
            Diagnostic::warning(
                None,
                "no home page is set; the feed links to its newest item instead",
            )
            .help("set `home_url` in frontfeed.toml (or `url` in _config.yml), or pass --home-url"),
        );
    }
    (meta, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(meta: FeedMeta) -> Layer<'static> {
        Layer { meta, from: None }
    }

    #[test]
    fn the_first_layer_that_sets_a_field_wins_and_blanks_do_not_count() {
        let flags = FeedMeta {
            title: Some(" ".into()),
            home_url: Some("https://a.org/x y".into()),
            ..FeedMeta::default()
        };
        let file = FeedMeta {
            title: Some("From the file".into()),
            home_url: Some("not a url".into()),
            ..FeedMeta::default()
        };
        let meta = combine(vec![layer(flags), layer(file)]).unwrap();
        assert_eq!(meta.title.as_deref(), Some("From the file"));
        assert_eq!(meta.home_url.as_deref(), Some("https://a.org/x%20y"));
    }

    #[test]
    fn bad_urls_and_languages_are_errors() {
        let bad_url = FeedMeta {
            feed_url: Some("/feed.xml".into()),
            ..FeedMeta::default()
        };
        assert!(combine(vec![layer(bad_url)]).is_err());
        let bad_language = FeedMeta {
            language: Some("en_US".into()),
            ..FeedMeta::default()
        };
        assert!(combine(vec![layer(bad_language)]).is_err());
    }

    #[test]
    fn completing_gives_a_title_and_says_what_is_missing() {
        let (meta, warnings) = complete(FeedMeta::default(), "news");
        assert_eq!(meta.title.as_deref(), Some("news"));
        assert_eq!(warnings.len(), 2);
    }
}
