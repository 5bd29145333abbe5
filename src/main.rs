//! The `frontfeed` binary: parse the command line, resolve the configuration, run, map to an exit code.

mod cli;
mod progress;

/// mimalloc instead of the system allocator: reading runs on all cores and allocates many small
/// strings, where glibc's allocator spent a quarter of the run consolidating free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use frontfeed::config::{self, Config};
use frontfeed::error::Error;
use frontfeed::{input, report};

use crate::cli::{CheckFormat, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = cli.verbosity();
    let color = use_color();
    match cli.command {
        Command::Convert(args) => {
            let request = (*args).into_request(verbosity, color);
            finish(resolve(request).and_then(|config| {
                let bar = progress::Bar::new(verbosity);
                let stdout = &mut std::io::stdout().lock();
                // Standard error is not locked for the run: the progress bar draws on it from other threads.
                frontfeed::run(&config, stdout, &mut std::io::stderr(), &bar)
                    .map(|s| exit_code(s.has_errors()))
            }))
        }
        Command::Check(args) => {
            let request = args.to_request(verbosity, color);
            finish(resolve(request).and_then(|config| {
                let bar = progress::Bar::new(config.verbosity);
                // With --format json every finding is in the document, so standard error stays quiet.
                let mut stderr: Box<dyn Write> = match args.format {
                    CheckFormat::Json => Box::new(std::io::sink()),
                    CheckFormat::Text => Box::new(std::io::stderr()),
                };
                let (summary, diagnostics) = frontfeed::check(&config, &mut stderr, &bar)?;
                if args.format == CheckFormat::Json {
                    let json = report::to_json(&summary, &diagnostics);
                    let _ = writeln!(std::io::stdout().lock(), "{json}");
                }
                Ok(exit_code(
                    summary.has_errors() || (args.deny_warnings && summary.warnings > 0),
                ))
            }))
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "frontfeed",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man => {
            let rendered = clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout());
            finish(
                rendered
                    .map(|()| ExitCode::SUCCESS)
                    .map_err(|source| Error::Io {
                        context: "cannot write the man page".into(),
                        source,
                    }),
            )
        }
    }
}

fn resolve(request: config::Request) -> Result<Config, Error> {
    let start = input::start_folder(&request.inputs);
    config::resolve(request, &start)
}

fn exit_code(problems: bool) -> ExitCode {
    if problems {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn finish(result: Result<ExitCode, Error>) -> ExitCode {
    result.unwrap_or_else(|err| {
        eprintln!("{err}");
        ExitCode::from(2)
    })
}

/// Colour only for a terminal, and never when `NO_COLOR` is set (<https://no-color.org>) or the
/// terminal is dumb.
fn use_color() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}
