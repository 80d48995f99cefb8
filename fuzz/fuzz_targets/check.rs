//! `Engine::check` on arbitrary text under every policy: no panic, spans on character
//! boundaries inside the input, findings in order, verdict consistent with the
//! severities, and the same report with the thread-local buffers as with fresh ones
//! (buffers reused across inputs must not leak state).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use phi_guard::{Engine, Policy, PolicyKind, Scratch};

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let engine = Engine::default();
    for kind in PolicyKind::ALL {
        let engine = engine.with_policy(Policy::of(kind));
        let report = engine.check(&text);
        common::check_report(&text, &report);
        assert_eq!(report.policy, kind);
        let fresh = engine.check_with(&mut Scratch::new(), &text);
        assert_eq!(report, fresh, "thread-local buffers changed the result");
    }
});
