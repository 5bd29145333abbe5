//! The man page: one page, `frontfeed(1)`, documenting the command, its global options, and every
//! subcommand with every option, from the same definition as `--help`.

use std::io::Write;

use clap::{Arg, Command};
use roff::{Roff, bold, italic, roman};

/// Writes the man page of `cmd` as roff.
pub fn render(cmd: &Command, out: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = cmd.clone().disable_help_subcommand(true);
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    let mut roff = Roff::default();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        subcommand(&mut roff, cmd.get_name(), sub);
    }
    roff.to_writer(out)?;
    man.render_extra_section(out)?;
    man.render_version_section(out)
}

/// A section for one subcommand: its synopsis, what it does, its options by heading, its examples.
fn subcommand(roff: &mut Roff, parent: &str, cmd: &Command) {
    let name = format!("{parent} {}", cmd.get_name());
    roff.control("SH", [name.to_uppercase().as_str()]);
    let mut synopsis = vec![bold(name.clone())];
    if cmd
        .get_arguments()
        .any(|a| !a.is_positional() && !a.is_hide_set())
    {
        synopsis.push(roman(" [OPTIONS]"));
    }
    for arg in cmd.get_arguments().filter(|a| a.is_positional()) {
        let value = arg
            .get_value_names()
            .map_or_else(|| arg.get_id().to_string(), |v| v.join(" "));
        synopsis.push(roman(" "));
        synopsis.push(italic(format!("<{value}>...")));
    }
    roff.text(synopsis);
    if let Some(about) = cmd.get_about() {
        roff.control("PP", []);
        roff.text([roman(about.to_string())]);
    }
    // Arguments first, then options, as the synopsis reads.
    let mut args: Vec<&Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
        .collect();
    args.sort_by_key(|a| !a.is_positional());
    let mut headings: Vec<Option<&str>> = Vec::new();
    for arg in &args {
        if !headings.contains(&arg.get_help_heading()) {
            headings.push(arg.get_help_heading());
        }
    }
    for heading in headings {
        roff.control("SS", [heading.unwrap_or("Options")]);
        for arg in args.iter().filter(|a| a.get_help_heading() == heading) {
            option(roff, arg);
        }
    }
    if let Some(after) = cmd.get_after_help() {
        roff.control("SS", ["Examples and exit codes"]);
        roff.control("nf", []);
        roff.text([roman(after.to_string())]);
        roff.control("fi", []);
    }
}

/// One option (or argument): its flags and value, its help, its values and default.
fn option(roff: &mut Roff, arg: &Arg) {
    let mut header = Vec::new();
    if let Some(short) = arg.get_short() {
        header.push(bold(format!("-{short}")));
        if arg.get_long().is_some() {
            header.push(roman(", "));
        }
    }
    if let Some(long) = arg.get_long() {
        header.push(bold(format!("--{long}")));
    }
    let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
    if takes_value {
        let value = arg
            .get_value_names()
            .map_or_else(|| arg.get_id().to_string(), |v| v.join(" "));
        if !header.is_empty() {
            header.push(roman(" "));
        }
        let more = if arg.is_positional() { "..." } else { "" };
        header.push(italic(format!("<{value}>{more}")));
    }
    roff.control("TP", []);
    roff.text(header);
    let mut body = Vec::new();
    if let Some(help) = arg.get_long_help().or(arg.get_help()) {
        body.push(roman(help.to_string()));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if takes_value && !values.is_empty() {
        body.push(roman(format!(" [possible values: {}]", values.join(", "))));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() {
        body.push(roman(format!(" [default: {}]", defaults.join(", "))));
    }
    roff.text(body);
}
