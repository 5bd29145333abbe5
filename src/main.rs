//! The `frontfeed` binary: parse the command line, resolve the configuration, run, map to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use frontfeed::config::{self, Request, Settings};
use frontfeed::input;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let cli::Command::Convert(args) = cli.command;
    let request = Request {
        inputs: args.paths,
        format: args.format,
        output: args.output,
        config_path: args.config,
        settings: Settings {
            title: args.title,
            description: args.description,
            home_url: args.home_url,
            feed_url: args.feed_url,
            language: args.language,
            author: args.author,
            icon: args.icon,
            logo: args.logo,
            limit: args.limit,
        },
        unpublished: args.unpublished,
        strict: args.strict,
    };
    let start = input::start_folder(&request.inputs);
    let result = config::resolve(request, &start).and_then(|config| {
        frontfeed::run(
            &config,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )
    });
    match result {
        Ok(summary) => {
            eprintln!("{summary}");
            if summary.rejected > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(2)
        }
    }
}
