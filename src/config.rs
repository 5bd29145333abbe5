//! Resolved settings for one run: command-line values over `frontfeed.toml` over Jekyll's
//! `_config.yml` over defaults, validated.
//!
//! Configuration files are found by walking up from the first input folder to the first folder that
//! holds `.git` (or the file-system root); `--config` names one instead. This module never sees the
//! argument parser: it takes plain values in a [`Request`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Location};
use crate::input::link;
use crate::model::{FeedMeta, Person};
use crate::output::Format;
use crate::select::Selection;

/// The feed size used when nothing sets one: polling readers only need the newest items.
pub const DEFAULT_LIMIT: usize = 50;

/// Feed settings as the user typed them on the command line; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Feed title.
    pub title: Option<String>,
    /// Feed description.
    pub description: Option<String>,
    /// The site's home page, also the base for relative URLs.
    pub home_url: Option<String>,
    /// The feed's own public URL.
    pub feed_url: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// Author name.
    pub author: Option<String>,
    /// Icon URL.
    pub icon: Option<String>,
    /// Logo URL.
    pub logo: Option<String>,
    /// Item limit; 0 means all.
    pub limit: Option<usize>,
}

/// Everything a run was asked to do, before resolution.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Files and folders to read; `-` is standard input.
    pub inputs: Vec<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Output file; standard output when `None`.
    pub output: Option<PathBuf>,
    /// An explicit configuration file.
    pub config_path: Option<PathBuf>,
    /// Feed settings from the command line.
    pub settings: Settings,
    /// Keep `published: false` articles.
    pub unpublished: bool,
    /// Stop at the first problem.
    pub strict: bool,
}

/// A validated configuration for one run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Output file; standard output when `None`.
    pub output: Option<PathBuf>,
    /// Feed metadata.
    pub meta: FeedMeta,
    /// Item selection.
    pub selection: Selection,
    /// Stop at the first problem.
    pub strict: bool,
    /// Warnings about the configuration itself.
    pub warnings: Vec<Diagnostic>,
}

/// `frontfeed.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    title: Option<String>,
    description: Option<String>,
    home_url: Option<String>,
    feed_url: Option<String>,
    language: Option<String>,
    author: Option<AuthorSpec>,
    icon: Option<String>,
    logo: Option<String>,
    limit: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AuthorSpec {
    Name(String),
    Full {
        name: String,
        email: Option<String>,
        uri: Option<String>,
    },
}

impl From<AuthorSpec> for Person {
    fn from(spec: AuthorSpec) -> Self {
        match spec {
            AuthorSpec::Name(name) => Person {
                name,
                email: None,
                uri: None,
            },
            AuthorSpec::Full { name, email, uri } => Person { name, email, uri },
        }
    }
}

/// A configuration file's text, kept for locating problems in it.
struct Loaded {
    path: String,
    text: String,
}

impl Loaded {
    fn read(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            context: format!("cannot read {}", path.display()),
            source,
        })?;
        Ok(Loaded {
            path: path.display().to_string(),
            text,
        })
    }

    fn error_at_key(&self, key: &str, message: String, help: &str) -> Error {
        let line = self.text.lines().position(|l| {
            l.trim_start().strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with('=') || rest.starts_with(':')
            })
        });
        let d = Diagnostic::error(Some(&self.path), message).help(help);
        Error::config(match line {
            Some(i) => d.at(
                Location {
                    line: i + 1,
                    column: 1,
                },
                &self.text,
            ),
            None => d,
        })
    }
}

/// Resolves a request into a configuration, reading configuration files.
pub fn resolve(request: Request, start: &Path) -> Result<Config, Error> {
    let toml_path = match &request.config_path {
        Some(p) => Some(p.clone()),
        None => find_up(start, "frontfeed.toml"),
    };
    let (file, toml) = match &toml_path {
        Some(p) => {
            let loaded = Loaded::read(p)?;
            (parse_toml(&loaded)?, Some(loaded))
        }
        None => (FileSettings::default(), None),
    };
    let jekyll = match find_up(start, "_config.yml") {
        Some(p) => {
            let loaded = Loaded::read(&p)?;
            Some((parse_jekyll(&loaded)?, loaded))
        }
        None => None,
    };
    let (jk, jk_file) = match jekyll {
        Some((settings, loaded)) => (settings, Some(loaded)),
        None => (FileSettings::default(), None),
    };
    let cli = request.settings;
    let mut warnings = Vec::new();

    let pick = |cli: Option<String>, file: Option<String>, jk: Option<String>| -> Option<String> {
        cli.or(file)
            .or(jk)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    // Which file a value came from, for error locations.
    let origin = |from_file: bool| {
        if from_file {
            toml.as_ref()
        } else {
            jk_file.as_ref()
        }
    };
    let check_url = |value: Option<String>,
                     key: &str,
                     cli_value: bool,
                     from_file: bool|
     -> Result<Option<String>, Error> {
        let Some(value) = value else { return Ok(None) };
        match link::resolve(&value, None) {
            Ok(url) => Ok(Some(url)),
            Err(problem) => {
                let message = format!("`{key}` {problem}");
                let help = "write an absolute http(s) URL, e.g. `https://example.org/`";
                match (cli_value, origin(from_file)) {
                    (false, Some(loaded)) => Err(loaded.error_at_key(key, message, help)),
                    _ => Err(Error::config(Diagnostic::error(None, message).help(help))),
                }
            }
        }
    };

    let home_from_cli = cli.home_url.is_some();
    let home_from_file = file.home_url.is_some();
    let home_url = check_url(
        pick(cli.home_url, file.home_url, jk.home_url),
        "home_url",
        home_from_cli,
        home_from_file,
    )?;
    let feed_from_cli = cli.feed_url.is_some();
    let feed_url = check_url(
        pick(cli.feed_url, file.feed_url, None),
        "feed_url",
        feed_from_cli,
        true,
    )?;
    let icon_cli = cli.icon.is_some();
    let icon = check_url(pick(cli.icon, file.icon, None), "icon", icon_cli, true)?;
    let logo_cli = cli.logo.is_some();
    let logo = check_url(pick(cli.logo, file.logo, None), "logo", logo_cli, true)?;

    let language = pick(cli.language, file.language, jk.language);
    if let Some(lang) = &language {
        let valid = lang.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !valid {
            return Err(Error::config(
                Diagnostic::error(None, format!("`language` is not a language tag: `{lang}`"))
                    .help("use a tag such as `en` or `en-US`"),
            ));
        }
    }

    let title = match pick(cli.title, file.title, jk.title) {
        Some(t) => t,
        None => {
            let fallback = fallback_title(&request.inputs);
            warnings.push(
                Diagnostic::warning(None, format!("no feed title is set; using `{fallback}`"))
                    .help("set `title` in frontfeed.toml, or pass --title"),
            );
            fallback
        }
    };
    if feed_url.is_none() {
        warnings.push(
            Diagnostic::warning(None, "no feed URL is set, so the feed has no self link")
                .help("set `feed_url` in frontfeed.toml, or pass --feed-url, so readers can find the feed again"),
        );
    }
    if home_url.is_none() {
        warnings.push(
            Diagnostic::warning(
                None,
                "no home page is set; the feed links to its newest item instead",
            )
            .help("set `home_url` in frontfeed.toml (or `url` in _config.yml), or pass --home-url"),
        );
    }
    let author = match cli.author {
        Some(name) => Some(Person {
            name,
            email: None,
            uri: None,
        }),
        None => file.author.or(jk.author).map(Person::from),
    }
    .filter(|p| !p.name.trim().is_empty());

    let meta = FeedMeta {
        title,
        description: pick(cli.description, file.description, jk.description),
        home_url,
        feed_url,
        language,
        author,
        icon,
        logo,
    };
    let limit = cli.limit.or(file.limit).unwrap_or(DEFAULT_LIMIT);
    Ok(Config {
        inputs: request.inputs,
        format: request.format,
        output: request.output,
        meta,
        selection: Selection {
            include_unpublished: request.unpublished,
            limit,
        },
        strict: request.strict,
        warnings,
    })
}

fn parse_toml(loaded: &Loaded) -> Result<FileSettings, Error> {
    toml::from_str(&loaded.text).map_err(|err| {
        let message = err.message().trim_end().to_owned();
        let d = Diagnostic::error(Some(&loaded.path), format!("invalid configuration: {message}")).help(
            "known keys: title, description, home_url, feed_url, language, author, icon, logo, limit",
        );
        Error::config(match err.span() {
            Some(span) => d.at(location_of(&loaded.text, span.start), &loaded.text),
            None => d,
        })
    })
}

/// The keys frontfeed reads from a Jekyll site's `_config.yml`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JekyllConfig {
    title: Option<String>,
    description: Option<String>,
    url: Option<String>,
    baseurl: Option<String>,
    lang: Option<String>,
    author: Option<JekyllAuthor>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum JekyllAuthor {
    Name(String),
    Full {
        name: String,
        email: Option<String>,
        uri: Option<String>,
        url: Option<String>,
    },
}

fn parse_jekyll(loaded: &Loaded) -> Result<FileSettings, Error> {
    let parsed: Option<JekyllConfig> = serde_yaml_ng::from_str(&loaded.text).map_err(|err| {
        let full = err.to_string();
        let message = full
            .rfind(" at line ")
            .map_or(full.as_str(), |i| &full[..i])
            .to_owned();
        let d = Diagnostic::error(
            Some(&loaded.path),
            format!("invalid Jekyll configuration: {message}"),
        )
        .help("fix the YAML, or pass --config with a frontfeed.toml");
        Error::config(match err.location() {
            Some(loc) => d.at(
                Location {
                    line: loc.line(),
                    column: loc.column(),
                },
                &loaded.text,
            ),
            None => d,
        })
    })?;
    let jk = parsed.unwrap_or_default();
    let home_url = jk.url.map(|url| {
        let base = jk.baseurl.unwrap_or_default();
        format!("{}/{}", url.trim_end_matches('/'), base.trim_matches('/'))
            .trim_end_matches('/')
            .to_owned()
    });
    Ok(FileSettings {
        title: jk.title,
        description: jk.description,
        home_url,
        language: jk.lang,
        author: jk.author.map(|a| match a {
            JekyllAuthor::Name(name) => AuthorSpec::Name(name),
            JekyllAuthor::Full {
                name,
                email,
                uri,
                url,
            } => AuthorSpec::Full {
                name,
                email,
                uri: uri.or(url),
            },
        }),
        ..FileSettings::default()
    })
}

/// Line and column (from 1) of a byte offset.
fn location_of(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location { line, column }
}

/// The first `name` in `start` or a folder above it, stopping after a folder that holds `.git`. The
/// path is relative to the current folder when the file is below it, so messages stay short.
fn find_up(start: &Path, name: &str) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let here = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    for dir in start.ancestors() {
        let candidate = dir.join(name);
        if candidate.is_file() {
            let relative = here
                .as_deref()
                .and_then(|h| candidate.strip_prefix(h).ok())
                .map(Path::to_path_buf);
            return Some(relative.unwrap_or(candidate));
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

fn fallback_title(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .find_map(|p| {
            let p = std::fs::canonicalize(p).ok()?;
            let dir = if p.is_dir() {
                p
            } else {
                p.parent()?.to_path_buf()
            };
            dir.file_name().map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "frontfeed".to_owned())
}
