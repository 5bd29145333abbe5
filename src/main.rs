//! The `frontfeed` binary: parse the command line, resolve the configuration, run, map to an exit code.

mod cli;
mod man;
mod progress;
mod signals;

/// mimalloc instead of the system allocator: reading runs on all cores and allocates many small
/// strings, where glibc's allocator spent a quarter of the run consolidating free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use frontfeed::config::{self, Request};
use frontfeed::error::Error;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    signals::remove_temporary_files_on_exit_signals();
    threads_or_one();
    let verbosity = cli.verbosity();
    let terminal = std::io::stderr().is_terminal();
    let color = use_color(terminal);
    let mut request = match cli.command {
        Command::Convert(args) => (*args).into_request(verbosity, color, terminal),
        Command::Check(args) => args.into_request(verbosity, color, terminal),
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

/// The exit code: 2 with the error on standard error, except that a reader closing standard output
/// (`frontfeed ... | head`) ends the run quietly.
fn finish(result: Result<ExitCode, Error>) -> ExitCode {
    result.unwrap_or_else(|err| match err {
        Error::OutputClosed => ExitCode::SUCCESS,
        err => {
            let _ = writeln!(std::io::stderr(), "{err}");
            ExitCode::from(2)
        }
    })
}

/// Work on all cores, or on as many threads as the system will start (a process limit may allow
/// none: then on this one alone), never a panic. The threads are tried first, since a pool that
/// fails to start cannot be started again.
fn threads_or_one() {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let wait = std::sync::Arc::new(std::sync::Mutex::new(wait));
    let probes: Vec<_> = (0..cores)
        .map_while(|_| {
            let wait = std::sync::Arc::clone(&wait);
            std::thread::Builder::new()
                .spawn(move || {
                    let _ = wait.lock().map(|w| w.recv());
                })
                .ok()
        })
        .collect();
    let started = probes.len();
    drop(release);
    for probe in probes {
        let _ = probe.join();
    }
    let builder = rayon::ThreadPoolBuilder::new();
    let builder = match started {
        0 => builder.num_threads(1).use_current_thread(),
        n => builder.num_threads(n),
    };
    let _ = builder.build_global();
}

/// Colour only for a terminal, and never when `NO_COLOR` is set (<https://no-color.org>) or the
/// terminal is dumb.
fn use_color(terminal: bool) -> bool {
    terminal
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}
