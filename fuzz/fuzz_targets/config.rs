//! The CLI's configuration file (`phi-guard.toml`). Its parser is not part of the
//! library, so this target compiles the CLI's own `config` module from
//! `cli/src/config.rs`, with a stand-in for the few items it takes from the
//! rest of the CLI (`args::CheckArgs`, `Common`, `ConfigArgs`, `Selection`, `selects`,
//! `FailOn`, `policy_kind`, `lang`; `limits` is compiled as it is). If the
//! CLI changes what `config` uses, update the stand-in below.
//!
//! `Config::parse` runs on arbitrary text: no panic, and an error's offset lies inside
//! the text.
#![no_main]
#![allow(dead_code, unused_imports)]

#[path = "../../cli/src/config.rs"]
mod config;

/// The CLI's read limits, used as they are.
#[path = "../../cli/src/limits.rs"]
mod limits;

/// The parts of the CLI's `args` module that `config` uses.
mod args {
    use std::path::PathBuf;

    #[derive(Debug, Default)]
    pub struct ConfigArgs {
        pub config: Option<PathBuf>,
        pub no_config: bool,
    }

    #[derive(Debug, Default)]
    pub struct Selection {
        pub select: Vec<String>,
        pub ignore: Vec<String>,
    }

    #[derive(Debug, Default)]
    pub struct Common {
        pub configuration: ConfigArgs,
        pub policy: Option<PolicyArg>,
        pub lang: Vec<LangArg>,
    }

    #[derive(Debug, Default)]
    pub struct CheckArgs {
        pub configuration: ConfigArgs,
        pub selection: Selection,
        pub policy: Option<PolicyArg>,
        pub lang: Vec<LangArg>,
        pub fail_on: Option<FailOn>,
    }

    pub fn selects(selector: &str, rule: phi_guard::Rule) -> bool {
        rule.id().starts_with(selector)
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum FailOn {
        Info,
        Warning,
        Error,
        Never,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum PolicyArg {
        Outbound,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum LangArg {
        En,
    }
}

use libfuzzer_sys::fuzz_target;
use phi_guard::{Lang, PolicyKind};

fn policy_kind(_: args::PolicyArg) -> PolicyKind {
    PolicyKind::Outbound
}

fn lang(_: args::LangArg) -> Lang {
    Lang::En
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err((Some(at), _)) = config::Config::parse(&text) {
        assert!(at <= text.len(), "error offset {at} past the end ({})", text.len());
    }
});
