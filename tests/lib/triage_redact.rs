//! Redaction of inbound text: the four operators, keyed pseudonyms, and that nothing a
//! check matched is left in the output.

use phi_guard::{Category, Engine, Operator, Policy, Rule};
use proptest::prelude::*;

const KEY: &[u8] = b"0123456789abcdef-test-key";

#[test]
fn operators() {
    let engine = Engine::default();
    let text = "I take metformin 500mg for my diabetes.";
    let cases = [
        (Operator::Category, "I take [MEDICATION] [DOSAGE] for my [CONDITION]."),
        (Operator::Mask, "I take ********* ***** for my ********."),
        (Operator::Remove, "I take for my."),
    ];
    for (op, want) in cases {
        assert_eq!(engine.redact(text, &op).text, want, "{op:?}");
    }
    let r = engine.redact(text, &Operator::pseudonym(KEY).unwrap());
    let tokens: Vec<&str> = r.text.split(' ').filter(|w| w.starts_with('[')).collect();
    assert_eq!(tokens.len(), 3, "{}", r.text);
    assert!(tokens[0].starts_with("[MEDICATION:") && tokens[2].starts_with("[CONDITION:"));
}

#[test]
fn redacted_spans_point_into_both_texts() {
    let engine = Engine::default();
    let text = "Your SSN 536-22-8471 and your HIV test";
    let r = engine.redact(text, &Operator::Category);
    let got: Vec<(&str, &str, Category)> =
        r.redacted.iter().map(|x| (&r.text[x.span.clone()], &text[x.original.clone()], x.category)).collect();
    assert_eq!(
        got,
        [("[IDENTIFIER]", "536-22-8471", Category::Identifier), ("[PROCEDURE]", "HIV test", Category::Procedure)]
    );
}

#[test]
fn pseudonyms_are_stable_per_key_and_term() {
    let engine = Engine::default();
    let a = Operator::pseudonym(KEY).unwrap();
    let b = Operator::pseudonym(b"another key, also long enough").unwrap();
    let t1 = engine.redact("metformin please", &a).text;
    let t2 = engine.redact("Metformin again", &a).text;
    let t3 = engine.redact("metformin please", &b).text;
    let token = |t: &str| t.split(' ').next().unwrap().to_string();
    assert_eq!(token(&t1), token(&t2));
    assert_ne!(token(&t1), token(&t3));
    assert!(Operator::pseudonym(b"short").is_err());
}

#[test]
fn every_finding_is_redacted_whatever_its_severity() {
    // Under the secure-channel policy clinical content is only info; it is still redacted.
    let engine = Engine::default().with_policy(Policy::secure_channel());
    let r = engine.redact("My metformin ran out", &Operator::Category);
    assert_eq!(r.text, "My [MEDICATION] ran out");
}

#[test]
fn clean_text_is_unchanged() {
    let engine = Engine::default();
    let text = "Can I move my appointment to Thursday at 3 PM?";
    for op in [Operator::Category, Operator::Mask, Operator::Remove, Operator::pseudonym(KEY).unwrap()] {
        let r = engine.redact(text, &op);
        assert_eq!(r.text, text);
        assert!(r.redacted.is_empty());
    }
}

fn inbound() -> impl Strategy<Value = String> {
    // Unambiguous terms only, so that each occurrence is a finding.
    let pieces = prop::sample::select(vec![
        "metformin",
        "diabetes",
        "HIV test",
        "colonoscopy",
        "536-22-8471",
        "500mg",
        "oncologist",
        "Zoloft",
        "chemotherapy",
        "I",
        "my",
        "have",
        "take",
        "and",
        "the",
        "for",
        "since",
        "Monday",
        "please",
        "call",
        "me",
        "appointment",
        "tomorrow",
        ",",
        ".",
        "?",
        "!",
        "\n",
        "é",
        "🙂",
    ]);
    prop::collection::vec(pieces, 1..20).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Nothing a check matched is left in the redacted text, and the redacted text has no
    /// findings of its own (category, mask and pseudonym).
    #[test]
    fn redaction_leaves_no_matched_term(text in inbound()) {
        let engine = Engine::default();
        let report = engine.check(&text);
        let ops = [Operator::Category, Operator::Mask, Operator::Remove, Operator::pseudonym(KEY).unwrap()];
        for op in &ops {
            let r = engine.redact_report(&text, &report, op);
            for f in &report.findings {
                let m = f.matched(&text);
                prop_assert!(m.is_empty() || !r.text.contains(m), "{:?} left in {:?} ({:?})", m, r.text, op);
            }
            if !matches!(op, Operator::Remove) {
                // `[MEDICATION]` has the shape of a `[Name]` template placeholder, and a
                // clinical name: that finding on a token itself is expected.
                let again = engine.check(&r.text);
                let token = |f: &phi_guard::Finding| r.redacted.iter().any(|x| x.span == f.span);
                let other: Vec<_> =
                    again.findings.iter().filter(|f| !(f.rule == Rule::ClinicalPlaceholder && token(f))).collect();
                prop_assert!(other.is_empty(), "{:?} → {:?}: {:?}", text, r.text, other);
            }
        }
    }
}
