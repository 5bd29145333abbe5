//! The `frontfeed` binary: parse the command line, resolve the configuration, run, map to an exit code.

mod cli;
mod man;
mod progress;

/// mimalloc instead of the system allocator: reading runs on all cores and allocates many small
/// strings, where glibc's allocator spent a quarter of the run consolidating free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use frontfeed::config::{self, Request};
use frontfeed::error::Error;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = cli.verbosity();
    let color = use_color();
    let mut request = match cli.command {
        Command::Convert(args) => (*args).into_request(verbosity, color),
        Command::Check(args) => args.into_request(verbosity, color),
        Command::Completions { shell } => return finish(cli::completions(shell)),
        Command::Man => return finish(cli::man_page()),
    };
    request.now = Some(now());
    finish(run(request))
}

fn run(request: Request) -> Result<ExitCode, Error> {
    let config = config::resolve(request)?;
    let bar = progress::Bar::new(config.verbosity);
    let io = frontfeed::Io {
        stdout: &mut std::io::stdout().lock(),
        // Standard error is not locked for the run: the progress bar draws on it from other threads.
        stderr: &mut std::io::stderr(),
        progress: &bar,
    };
    let finished = frontfeed::run(&config, io)?;
    Ok(if finished.problems {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The time of the run, which future posts are measured against: `SOURCE_DATE_EPOCH` when set
/// (reproducible builds), else the clock.
fn now() -> chrono::DateTime<chrono::Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(|| {
            let since = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            let secs = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
            chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default()
        })
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
