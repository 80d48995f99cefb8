//! Invariants shared by the fuzz targets. A failed assertion is a finding: libFuzzer
//! saves the input under `fuzz/artifacts/<target>/`.

#![allow(dead_code)]

use phi_guard::lexicon::Kind;
use phi_guard::{Category, Lang, Report, Severity, Verdict};

/// Fuzz input as text: valid UTF-8 as is, anything else with U+FFFD replacements (the
/// library takes `&str`; invalid UTF-8 is the CLI's business).
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// What every report of `text` must satisfy.
pub fn check_report(text: &str, report: &Report) {
    let mut prev = (0, 0);
    for f in &report.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "span {:?} outside {}", f.span, text.len());
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end), "span {:?}", f.span);
        assert!((f.span.start, f.span.end) >= prev, "findings out of text order");
        prev = (f.span.start, f.span.end);
        assert!((0.0..=1.0).contains(&f.confidence), "confidence {}", f.confidence);
        let _ = f.matched(text);
    }
    assert!(report.score <= 100);
    assert_eq!(report.verdict, Verdict::from_findings(&report.findings));
    assert_eq!(report.verdict == Verdict::Compliant, report.findings.iter().all(|f| f.severity == Severity::Info));
}

/// A byte range lies inside `text` on character boundaries.
pub fn in_text(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

/// Every lexicon kind a file can have.
const KINDS: [Kind; 9] = [
    Kind::Terms(Category::Condition),
    Kind::Terms(Category::Medication),
    Kind::Terms(Category::Procedure),
    Kind::Terms(Category::Specialty),
    Kind::Terms(Category::BehavioralHealth),
    Kind::Terms(Category::Billing),
    Kind::Context,
    Kind::Safe,
    Kind::Phrases,
];

/// The lexicon kind and language that two fuzz bytes pick.
pub fn lexicon_kind_and_lang(kind: u8, lang: u8) -> (Kind, Lang) {
    (KINDS[kind as usize % KINDS.len()], Lang::ALL[lang as usize % Lang::ALL.len()])
}
