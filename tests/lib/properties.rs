//! Invariants over arbitrary input: no panic, spans on char boundaries inside the input,
//! deterministic results.

use phi_guard::{Engine, Policy, PolicyKind, Report};
use proptest::prelude::*;

/// Text that mixes clinical words, placeholders, numbers, punctuation and non-ASCII.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "diabetes",
        "Your",
        "metformin",
        "500mg",
        "HIV",
        "test",
        "Kardiologietermin",
        "{{1}}",
        "{{diagnosis}}",
        "%(name)s",
        "[Name]",
        "220 mg/dL",
        "E11.9",
        "536-22-8471",
        "MRN 00482913",
        "ß",
        "é",
        "’",
        "\u{301}",
        "—",
        ".",
        ",",
        "\n",
        " ",
        "  ",
        "日本",
        "🙂",
        "A1C of 7.4",
        "STOP",
        "$",
        "{",
        "}",
        "%",
        "[",
        "]",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_string), any::<String>()], 0..30).prop_map(|v| v.concat())
}

fn check_spans(text: &str, report: &Report) -> Result<(), TestCaseError> {
    for f in &report.findings {
        prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len());
        prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_panic_and_spans_inside_input(text in messy_text()) {
        let engine = Engine::default();
        for kind in PolicyKind::ALL {
            let report = engine.with_policy(Policy::of(kind)).check(&text);
            check_spans(&text, &report)?;
            prop_assert!(report.score <= 100);
        }
    }

    #[test]
    fn arbitrary_unicode(text in any::<String>()) {
        let report = Engine::default().check(&text);
        check_spans(&text, &report)?;
    }

    #[test]
    fn deterministic(text in messy_text()) {
        let engine = Engine::default();
        let a = engine.check(&text);
        let b = engine.check(&text);
        let c = std::thread::scope(|s| s.spawn(|| engine.check(&text)).join().unwrap());
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(&a, &c);
    }
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert<T: Send + Sync>() {}
    assert::<Engine>();
    assert::<phi_guard::EngineBuilder>();
    assert::<phi_guard::Report>();
    assert::<phi_guard::Finding>();
    assert::<phi_guard::Policy>();
    assert::<phi_guard::Lexicon>();
    assert::<phi_guard::Error>();
    assert::<phi_guard::Scratch>();
}
