//! The command line exactly as the user typed it (clap derive). Doc comments are the `--help` text.
//!
//! Nothing here decides anything: `main` turns these values into a `config::Request`.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use frontfeed::output::Format;

/// Turn folders of news articles (Markdown with YAML front matter) into RSS 2.0 and Atom 1.0 feeds.
#[derive(Debug, Parser)]
#[command(name = "frontfeed", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXIT_CODES: &str = "Exit codes: 0 feed written, nothing rejected; 1 feed written, some files rejected; \
                          2 nothing written (bad usage, configuration or I/O error, or --strict)";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert articles into a feed, written to standard output (or --output).
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
}

const CONVERT_EXAMPLES: &str = "Examples:
  frontfeed convert --to rss seeds/ > feed.xml
  frontfeed convert --to atom --limit 0 -o public/atom.xml _news/ _archive/
  cat article.md | frontfeed convert --title 'One story' -";

/// `frontfeed convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Files and folders of articles; folders are read recursively; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long = "to", value_name = "FORMAT", default_value = "rss", value_parser = format_parser())]
    pub format: Format,

    /// Write the feed to FILE (replaced atomically, untouched when unchanged) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Read feed settings from this TOML file instead of the nearest frontfeed.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Keep at most N items, newest first; 0 keeps all [default: 50].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Include articles marked `published: false`.
    #[arg(long)]
    pub unpublished: bool,

    /// Stop at the first error or warning and write nothing.
    #[arg(long)]
    pub strict: bool,

    /// Feed title.
    #[arg(
        long,
        help_heading = "Feed settings (over frontfeed.toml, over _config.yml)"
    )]
    pub title: Option<String>,

    /// Feed description.
    #[arg(
        long,
        help_heading = "Feed settings (over frontfeed.toml, over _config.yml)"
    )]
    pub description: Option<String>,

    /// The site's home page; relative URLs in articles are resolved against it.
    #[arg(
        long,
        value_name = "URL",
        help_heading = "Feed settings (over frontfeed.toml, over _config.yml)"
    )]
    pub home_url: Option<String>,

    /// Where the feed itself is published (its self link).
    #[arg(
        long,
        value_name = "URL",
        help_heading = "Feed settings (over frontfeed.toml, over _config.yml)"
    )]
    pub feed_url: Option<String>,

    /// Language tag, e.g. en or en-US.
    #[arg(
        long,
        value_name = "TAG",
        help_heading = "Feed settings (over frontfeed.toml, over _config.yml)"
    )]
    pub language: Option<String>,

    /// The feed's author.
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "Feed settings (over frontfeed.toml, over _config.yml)"
    )]
    pub author: Option<String>,

    /// Small square icon URL.
    #[arg(
        long,
        value_name = "URL",
        help_heading = "Feed settings (over frontfeed.toml, over _config.yml)"
    )]
    pub icon: Option<String>,

    /// Larger logo URL.
    #[arg(
        long,
        value_name = "URL",
        help_heading = "Feed settings (over frontfeed.toml, over _config.yml)"
    )]
    pub logo: Option<String>,
}

/// Accepts the names of [`Format::ALL`], so `--help` and errors list them.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| name.parse::<Format>().unwrap_or_default())
}
