//! The Arb catalog reader; see `catalog.rs` for the invariants.
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "catalog.rs"]
mod catalog;

use libfuzzer_sys::fuzz_target;
use phi_guard::template::catalog::Format;

fuzz_target!(|data: &[u8]| catalog::run(Format::Arb, "lib/l10n/app_de.arb", data));
