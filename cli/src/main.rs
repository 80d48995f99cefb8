//! The `phi-guard` command: a thin shell over the library.

mod args;
mod baseline;
mod check;
mod config;
mod everyday;
mod fix;
mod limits;
mod report;
mod rewrite;
mod scan;
mod suppress;
mod term;
mod walk;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use phi_guard::{Engine, Lang, PolicyKind, Rule};

use args::{Cli, Command, LangArg, PolicyArg};

/// Exit statuses (documented in `--help` and the README).
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_CLEAN });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Scan(args) => scan::run(&args),
        Command::Rewrite(args) => rewrite::run_rewrite(&args),
        Command::Redact(args) => rewrite::run_redact(&args),
        Command::Rules { policy } => rules(policy),
        Command::Completions { shell } => completions(shell),
        Command::Man { subcommand } => man(subcommand.as_deref()),
        Command::Explain { rule } => explain(&rule),
    };
    ExitCode::from(code)
}

/// The settings and engine of `scan`, `rewrite` and `redact`: the configuration
/// discovered from the current folder (or `--config`), the command line on top.
pub fn command_setup(overrides: config::Overrides) -> Result<(Engine, std::sync::Arc<config::Setup>), String> {
    let setup = config::for_command(&overrides)?;
    Ok((setup.engine(setup.policy), setup))
}

pub fn policy_kind(p: PolicyArg) -> PolicyKind {
    match p {
        PolicyArg::Outbound => PolicyKind::Outbound,
        PolicyArg::Broadcast => PolicyKind::Broadcast,
        PolicyArg::Marketing => PolicyKind::Marketing,
        PolicyArg::SecureChannel => PolicyKind::SecureChannel,
        PolicyArg::Strict => PolicyKind::Strict,
    }
}

pub fn lang(l: LangArg) -> Lang {
    match l {
        LangArg::En => Lang::En,
        LangArg::It => Lang::It,
        LangArg::De => Lang::De,
        LangArg::Es => Lang::Es,
        LangArg::Fr => Lang::Fr,
    }
}

/// `phi-guard completions SHELL`: the completion script for the whole command line.
fn completions(shell: clap_complete::Shell) -> u8 {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "phi-guard", &mut script);
    if std::io::stdout().lock().write_all(&script).is_err() {
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}

/// `phi-guard man [SUBCOMMAND]`: a manual page, from the same clap definitions as
/// `--help`: the command's own (which lists the subcommands as `phi-guard-check(1)` …) or
/// a subcommand's.
fn man(subcommand: Option<&str>) -> u8 {
    let command = <Cli as clap::CommandFactory>::command();
    let man = match subcommand {
        None => clap_mangen::Man::new(command),
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => {
                let full = format!("phi-guard {name}");
                let sub = sub.clone().display_name(full.clone()).bin_name(full);
                clap_mangen::Man::new(sub).title(format!("phi-guard-{name}"))
            }
            None => {
                crate::term::eprint_line!(
                    "error: no subcommand `{}`; see `phi-guard --help`",
                    crate::term::escape(name)
                );
                return EXIT_ERROR;
            }
        },
    };
    let mut page = Vec::new();
    if man.render(&mut page).is_err() || std::io::stdout().lock().write_all(&page).is_err() {
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}

/// `phi-guard rules`: one line per rule, `id  severity  summary`.
fn rules(policy: PolicyArg) -> u8 {
    let policy = phi_guard::Policy::of(policy_kind(policy));
    let width = Rule::ALL.iter().map(|r| r.id().len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for rule in Rule::ALL {
        let level = policy.level(rule).map_or("off", |s| s.as_str());
        if writeln!(out, "{:width$}  {level:7}  {}", rule.id(), rule.explanation()).is_err() {
            return EXIT_ERROR;
        }
    }
    EXIT_CLEAN
}

fn explain(name: &str) -> u8 {
    let Ok(rule) = name.parse::<Rule>() else {
        term::eprint_line!("error: unknown rule `{}`; known rules:", name.chars().take(64).collect::<String>());
        for r in Rule::ALL {
            eprintln!("  {}", r.id());
        }
        return EXIT_ERROR;
    };
    let d = phi_guard::rule_docs(rule);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}: {}\n\nWhat it does\n  {}\n\nWhy\n  {}\n\nExample\n  {}\n\nUse instead\n  {}",
        d.id, d.summary, d.what, d.why, d.example, d.use_instead
    );
    EXIT_CLEAN
}
