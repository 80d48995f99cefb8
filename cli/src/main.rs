//! The `phi-guard` command: a thin shell over the library.

mod args;
mod check;
mod config;
mod limits;
mod report;
mod rewrite;
mod scan;
mod term;
mod walk;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use phi_guard::{Engine, Lang, Policy, PolicyKind, Rule};

use args::{Cli, Command, Common, LangArg, PolicyArg};

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
        Command::Explain { rule } => explain(&rule),
    };
    ExitCode::from(code)
}

/// Builds the engine the common options ask for.
pub fn engine(common: &Common) -> Result<Engine, phi_guard::Error> {
    let policy = Policy::of(policy_kind(common.policy));
    if common.lang.is_empty() {
        return Ok(Engine::default().with_policy(policy));
    }
    Engine::builder().languages(common.lang.iter().map(|l| lang(*l))).policy(policy).build()
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
