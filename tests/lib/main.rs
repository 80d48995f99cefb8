//! The library's integration tests, one module per theme, in a single test binary (one
//! link of the library and its dependencies instead of one per theme).
//!
//! `tests/alloc.rs` stays a binary of its own: it installs a counting global allocator,
//! which would count the other tests' allocations too.
//!
//!     cargo test -p phi-guard --test lib             # all of them
//!     cargo test -p phi-guard --test lib rewrite::   # one theme

#[path = "../common/mod.rs"]
mod common;

mod accuracy;
mod audit;
mod cases;
mod catalogs;
mod identifiers;
mod lexicons;
mod placeholders;
mod properties;
mod readme;
mod rewrite;
mod rewrite_properties;
mod robustness;
mod seeds;
mod triage;
mod triage_redact;
