//! The command line's tests, one module per theme, in a single test binary. Each runs the
//! `phi-guard` binary that cargo builds for them.
//!
//!     cargo test -p phi-guard-cli --test cli              # all of them
//!     cargo test -p phi-guard-cli --test cli privacy::    # one theme

#[path = "../../../tests/common/mod.rs"]
mod common;

mod baseline;
mod catalog_suppressions;
mod check;
mod config;
mod contract;
mod failclosed;
mod fix;
mod flags;
mod install;
mod privacy;
mod rewrite;
mod sarif;
mod snapshots;
mod support;
