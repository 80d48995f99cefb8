//! `Engine::rewrite` on arbitrary text under every policy: no panic; the rewrite is
//! compliant under the same policy (or withheld, and then empty); the edits are in
//! order, do not overlap, lie on character boundaries, and applying them to the input
//! gives the rewrite; rewriting a rewrite changes nothing.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use phi_guard::{Engine, RewriteLevel, Policy, PolicyKind, Verdict};

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let base = Engine::default();
    for kind in PolicyKind::ALL {
        let engine = base.with_policy(Policy::of(kind));
        let rw = engine.rewrite(&text);
        if rw.level == RewriteLevel::Withheld {
            assert!(rw.text.is_empty());
            continue;
        }
        assert_eq!(engine.check(&rw.text).verdict, Verdict::Compliant, "rewrite not compliant under {kind:?}");
        let mut applied = String::new();
        let mut pos = 0;
        for e in &rw.edits {
            assert!(e.span.start >= pos, "edits overlap or are out of order");
            assert!(common::in_text(&text, &e.span), "edit {:?}", e.span);
            assert_eq!(&text[e.span.clone()], e.old);
            applied.push_str(&text[pos..e.span.start]);
            applied.push_str(&e.new);
            pos = e.span.end;
        }
        applied.push_str(&text[pos..]);
        assert_eq!(applied, rw.text, "edits do not give the rewrite");
        let again = engine.rewrite(&rw.text);
        assert_eq!(again.text, rw.text, "rewriting a rewrite changed it");
    }
});
