//! The command line exactly as the user typed it (clap derive). Doc comments are the `--help` text, and
//! the same definition generates the shell completions and the man page.
//!
//! Nothing here decides anything: values are handed over as a `config::Request`.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use frontfeed::config::{FilterArgs, Request, Task};
use frontfeed::error::Error;
use frontfeed::input::SiteKind;
use frontfeed::model::{FeedMeta, FieldMut, Person};
use frontfeed::output::Format;
use frontfeed::plan::SplitBy;
use frontfeed::report::Verbosity;

/// Turn folders of news articles (Markdown with YAML front matter) into RSS 2.0, Atom 1.0 and JSON Feed
/// 1.1 feeds.
#[derive(Debug, Parser)]
#[command(name = "frontfeed", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// Print errors only: no warnings, no summary, no progress.
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        display_order = 900
    )]
    pub quiet: bool,

    /// Also say which files were skipped and which feeds were written.
    #[arg(short, long, global = true, display_order = 901)]
    pub verbose: bool,
}

/// The exit codes, shown under `--help` (a macro, so other help texts can include it with `concat!`).
macro_rules! exit_codes {
    () => {
        "Exit codes:
  0  feed written (convert) or no errors found (check)
  1  feed written, but some files were rejected; or check found errors
  2  nothing written: bad usage, a configuration or I/O error, a missing input, or --strict"
    };
}

const EXIT_CODES: &str = exit_codes!();

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert articles into feeds, written to standard output, a file or a folder.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(Box<ConvertArgs>),
    /// Check articles without writing any feed: every problem, with its file, line and column.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

const CONVERT_EXAMPLES: &str = concat!(
    "Examples:
  frontfeed convert --to rss seeds/ > feed.xml
  frontfeed convert --to atom --limit 0 -o public/atom.xml _news/ _archive/
  frontfeed convert --to rss,atom,json -o public/feeds/ _news/
  frontfeed convert --split-by topic --to rss,json -o public/feeds/ _news/
  frontfeed convert --to json partner-feed.xml > partner.json
  frontfeed convert --to articles -o _news/ partner-feed.xml
  frontfeed convert --topic AI --min-heat 50 --since 2024-01-01 _news/ > ai.xml
  cat article.md | frontfeed convert --title 'One story' -

",
    exit_codes!()
);

const CHECK_EXAMPLES: &str = concat!(
    "Examples:
  frontfeed check _news/
  frontfeed check --format json _news/ | jq '.diagnostics[] | select(.severity == \"error\")'

",
    exit_codes!()
);

/// What `convert` and `check` both read.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files and folders of articles, read recursively; files named here (and `-`, standard input)
    /// may also be RSS, Atom or JSON feeds, told apart by their content.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read feed settings from this TOML file instead of the nearest frontfeed.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Include articles marked `published: false`, drafts (`draft: true`, `_drafts/`) and expired
    /// posts.
    #[arg(long)]
    pub unpublished: bool,

    /// Include posts dated after now, which Jekyll and Hugo leave out until their time comes.
    #[arg(long)]
    pub future: bool,

    /// The kind of site the posts are from, instead of guessing it from the site's configuration:
    /// jekyll, hugo, zola, or articles (files that carry their own URLs).
    #[arg(long, value_name = "KIND", value_parser = site_parser())]
    pub site: Option<SiteKind>,

    /// Refuse files larger than SIZE (bytes, or with K, M or G) [default: 10M; 256M for a feed
    /// named on the command line].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,

    /// Parse every file again instead of reusing the cache of unchanged files.
    #[arg(long)]
    pub no_cache: bool,

    /// Keep the cache of parsed files in DIR [default: $XDG_CACHE_HOME/frontfeed or ~/.cache/frontfeed].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,
}

const SETTINGS: &str =
    "Feed settings (over frontfeed.toml, over the site's _config.yml, hugo.toml or config.toml)";
const FILTERS: &str = "Filters (applied before duplicates merge and before --limit)";

/// `frontfeed convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Output formats, comma-separated; several need -o FOLDER [default: rss]. `articles` writes one
    /// article file per item into -o FOLDER instead.
    #[arg(long = "to", value_name = "FORMAT", value_delimiter = ',', value_parser = target_parser())]
    pub formats: Vec<Target>,

    /// Write to FILE (replaced atomically, untouched when unchanged) instead of standard output; with
    /// several formats, a split or a [[feeds]] list, a folder that also gets index.opml.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Keep at most N items per feed, newest first; 0 keeps all [default: 50].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// One feed per topic, category or provider, each in its own file, plus index.opml.
    #[arg(long, value_name = "FIELD", value_parser = split_parser())]
    pub split_by: Option<SplitBy>,

    /// Stop at the first error or warning and write nothing.
    #[arg(long)]
    pub strict: bool,

    /// With --to articles, rewrite article files that already hold an item (same URL or id).
    #[arg(long)]
    pub force: bool,

    /// Replace a feed that has items with one that has none (by default such a run writes
    /// nothing and exits with 2: an empty or unreadable input folder must not empty the feed).
    #[arg(long)]
    pub allow_empty: bool,

    /// Wait at most SECONDS for another run writing the same output to finish [default: 60].
    #[arg(long, value_name = "SECONDS")]
    pub wait: Option<u64>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub settings: SettingsFlags,

    #[command(flatten)]
    pub filters: FilterFlags,
}

/// Feed settings on the command line: one flag per field of [`FeedMeta`], made from its table, so
/// the fields are declared once.
#[derive(Debug, Default)]
pub struct SettingsFlags(pub FeedMeta);

impl FromArgMatches for SettingsFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut meta = FeedMeta::default();
        for field in FeedMeta::FIELDS {
            let Some(value) = matches.get_one::<String>(field.key).cloned() else {
                continue;
            };
            match meta.field_mut(field.key) {
                Some(FieldMut::Text(slot)) => *slot = Some(value),
                Some(FieldMut::Person(slot)) => *slot = Some(Person::named(value)),
                None => {}
            }
        }
        Ok(SettingsFlags(meta))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for SettingsFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        FeedMeta::FIELDS.iter().fold(cmd, |cmd, field| {
            cmd.arg(
                Arg::new(field.key)
                    .long(field.flag)
                    .value_name(field.value_name)
                    .help(field.help)
                    .help_heading(SETTINGS),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// Filters on the command line.
#[derive(Debug, Args)]
pub struct FilterFlags {
    /// Only articles with this topic (repeat for any of several).
    #[arg(long, value_name = "TOPIC", help_heading = FILTERS)]
    pub topic: Vec<String>,

    /// Only articles from this provider, by name or domain (repeatable).
    #[arg(long, value_name = "NAME", help_heading = FILTERS)]
    pub provider: Vec<String>,

    /// Only articles in this category (repeatable).
    #[arg(long, value_name = "NAME", help_heading = FILTERS)]
    pub category: Vec<String>,

    /// Only articles published at or after DATE.
    #[arg(long, value_name = "DATE", help_heading = FILTERS)]
    pub since: Option<String>,

    /// Only articles published before DATE (a date alone includes that day).
    #[arg(long, value_name = "DATE", help_heading = FILTERS)]
    pub until: Option<String>,

    /// Only articles with `quality` at least N (articles without one are left out).
    #[arg(long, value_name = "N", help_heading = FILTERS)]
    pub min_quality: Option<i64>,

    /// Only articles with `heat` at least N (articles without one, or with -1, are left out).
    #[arg(long, value_name = "N", help_heading = FILTERS)]
    pub min_heat: Option<i64>,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `path:line:col: error: ...` lines and a summary, on standard error.
    Text,
    /// One JSON document on standard output, for programs.
    Json,
}

/// `frontfeed check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// How to print what was found.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// The site's home page, to resolve relative URLs as convert would.
    #[arg(long, value_name = "URL")]
    pub home_url: Option<String>,

    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `4096`, `512K`, `10M`, `1G` (powers of 1024; a trailing `B` or `iB` is allowed).
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let t = t
        .strip_suffix("IB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(&t);
    let (digits, shift) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 10),
        Some('M') => (&t[..t.len() - 1], 20),
        Some('G') => (&t[..t.len() - 1], 30),
        _ => (t, 0),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a size; write e.g. 4096, 512K or 10M"))?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}` is not a usable size"))
}

/// What `--to` names: a feed format, or article files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A feed format.
    Feed(Format),
    /// Article files in the reference format.
    Articles,
}

/// Accepts the names of [`Format::ALL`] and `articles`, so `--help` and errors list them.
fn target_parser() -> impl TypedValueParser<Value = Target> {
    let mut names: Vec<&'static str> = Format::ALL.map(Format::name).to_vec();
    names.push("articles");
    PossibleValuesParser::new(names).map(|name| match name.parse::<Format>() {
        Ok(format) => Target::Feed(format),
        Err(_) => Target::Articles,
    })
}

/// Accepts the names of [`SiteKind::ALL`].
fn site_parser() -> impl TypedValueParser<Value = SiteKind> {
    PossibleValuesParser::new(SiteKind::ALL.map(SiteKind::name))
        .map(|name| name.parse::<SiteKind>().unwrap_or(SiteKind::Articles))
}

/// Accepts the names of [`SplitBy::ALL`].
fn split_parser() -> impl TypedValueParser<Value = SplitBy> {
    PossibleValuesParser::new(SplitBy::ALL.map(SplitBy::name))
        .map(|name| name.parse::<SplitBy>().unwrap_or(SplitBy::Topic))
}

impl Cli {
    /// The verbosity the flags ask for.
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

impl ConvertArgs {
    /// The request these arguments make.
    pub fn into_request(self, verbosity: Verbosity, color: bool, terminal: bool) -> Request {
        let f = self.filters;
        let formats = self
            .formats
            .iter()
            .filter_map(|t| match t {
                Target::Feed(format) => Some(*format),
                Target::Articles => None,
            })
            .collect();
        Request {
            inputs: self.input.paths,
            task: Task::Convert {
                formats,
                to_articles: self.formats.contains(&Target::Articles),
                force: self.force,
                output: self.output,
                split_by: self.split_by,
                allow_empty: self.allow_empty,
                wait: self.wait,
            },
            config_path: self.input.config,
            settings: self.settings.0,
            limit: self.limit,
            filter: FilterArgs {
                topics: f.topic,
                providers: f.provider,
                categories: f.category,
                since: f.since,
                until: f.until,
                min_quality: f.min_quality,
                min_heat: f.min_heat,
            },
            max_file_size: self.input.max_file_size,
            no_cache: self.input.no_cache,
            cache_dir: self.input.cache_dir,
            unpublished: self.input.unpublished,
            future: self.input.future,
            site: self.input.site,
            now: None,
            strict: self.strict,
            verbosity,
            color,
            terminal,
        }
    }
}

impl CheckArgs {
    /// The request these arguments make: read everything, write nothing.
    pub fn into_request(self, verbosity: Verbosity, color: bool, terminal: bool) -> Request {
        Request {
            inputs: self.input.paths,
            task: Task::Check {
                json: self.format == CheckFormat::Json,
                deny_warnings: self.deny_warnings,
            },
            config_path: self.input.config,
            settings: FeedMeta {
                home_url: self.home_url,
                ..FeedMeta::default()
            },
            unpublished: self.input.unpublished,
            future: self.input.future,
            site: self.input.site,
            max_file_size: self.input.max_file_size,
            no_cache: self.input.no_cache,
            cache_dir: self.input.cache_dir,
            verbosity,
            color,
            terminal,
            ..Request::default()
        }
    }
}

/// The completion script for `shell`, on standard output.
pub fn completions(shell: clap_complete::Shell) -> Result<std::process::ExitCode, Error> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "frontfeed", &mut out);
    print(&out, "cannot write the completion script")
}

/// The man page, on standard output.
pub fn man_page() -> Result<std::process::ExitCode, Error> {
    let mut out = Vec::new();
    crate::man::render(&Cli::command(), &mut out).map_err(|source| Error::Io {
        context: "cannot write the man page".into(),
        source,
    })?;
    print(&out, "cannot write the man page")
}

fn print(bytes: &[u8], context: &str) -> Result<std::process::ExitCode, Error> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|source| match Error::stdout(source) {
            Error::Io { source, .. } => Error::Io {
                context: context.into(),
                source,
            },
            closed => closed,
        })?;
    Ok(std::process::ExitCode::SUCCESS)
}
