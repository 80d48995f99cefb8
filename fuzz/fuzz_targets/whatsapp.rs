//! WhatsApp template JSON: parsing never panics, errors carry a line within the input
//! and a fixed message (never the input's text), and every finding of a parsed template
//! points at character boundaries inside the source.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use phi_guard::template::whatsapp;
use phi_guard::{Engine, Policy, PolicyKind};

fuzz_target!(|data: &[u8]| {
    let src = common::text(data);
    let templates = match whatsapp::parse(&src) {
        Ok(t) => t,
        Err(e) => {
            let line = e.line().expect("a JSON error names its line");
            assert!(line >= 1 && line <= src.matches('\n').count() + 1, "line {line}");
            let msg = e.to_string();
            assert!(msg.is_ascii() && msg.len() < 200, "error message quotes input: {msg:?}");
            return;
        }
    };
    let engine = Engine::default();
    for t in &templates {
        assert!(common::in_text(&src, &t.span));
        assert!(common::in_text(&src, &t.anchor));
        for text in &t.texts {
            assert!(common::in_text(&src, &text.text.span));
            let v = &text.text.value;
            for (i, _) in v.char_indices().chain(std::iter::once((v.len(), ' '))) {
                let s = text.text.to_source(i);
                assert!(text.text.span.start <= s && s <= text.text.span.end, "to_source({i}) = {s}");
            }
        }
        let policy = t.category.map_or(PolicyKind::Outbound, |c| c.policy());
        let report = t.check(&engine.with_policy(Policy::of(policy)));
        assert!(report.score <= 100);
        for f in &report.findings {
            assert!(common::in_text(&src, &f.source), "source {:?}", f.source);
            for p in &f.pieces {
                assert!(common::in_text(&src, p), "piece {p:?}");
            }
            if let Some(i) = f.text {
                assert!(i < t.texts.len());
                if !f.with_examples {
                    let checked = &t.texts[i].text.value;
                    assert!(common::in_text(checked, &f.finding.span));
                    assert_eq!(&checked[f.finding.span.clone()], f.matched);
                }
            }
        }
    }
});
