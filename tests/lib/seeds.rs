//! Every example pair of the source documents is classified right.

use crate::common::{self, SEED_COMPLIANT, SEED_NON_COMPLIANT, SEED_PAIRS};
use phi_guard::{Engine, Verdict};

fn explain(text: &str) -> String {
    let report = Engine::default().check(text);
    report.findings.iter().map(|f| format!("{} {:?} ", f.rule, f.matched(text))).collect()
}

#[test]
fn compliant_examples_pass() {
    let engine = Engine::default();
    for text in SEED_PAIRS.iter().map(|p| p.0).chain(SEED_COMPLIANT.iter().copied()) {
        assert_eq!(engine.check(text).verdict, Verdict::Compliant, "{text}: {}", explain(text));
    }
}

#[test]
fn non_compliant_examples_fail() {
    let engine = Engine::default();
    for text in SEED_PAIRS.iter().map(|p| p.1).chain(SEED_NON_COMPLIANT.iter().copied()) {
        assert_eq!(engine.check(text).verdict, Verdict::NonCompliant, "{text}");
    }
}

#[test]
fn findings_point_at_the_health_information() {
    let engine = Engine::default();
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("Reminder: Your diabetes checkup is tomorrow at 2 PM", &[("phi/condition", "diabetes")]),
        ("Your metformin 500mg prescription is ready", &[("phi/medication", "metformin"), ("phi/dosage", "500mg")]),
        ("Your cholesterol is 220 mg/dL", &[("phi/result-value", "cholesterol is 220 mg/dL")]),
        (
            "Your oncologist recommends starting chemotherapy",
            &[("phi/specialty", "oncologist"), ("phi/procedure", "chemotherapy")],
        ),
        ("We confirm your visit to the Fertility Center", &[("phi/specialty", "Fertility Center")]),
        ("Wir bestätigen Ihren Besuch im Kinderwunschzentrum", &[("phi/specialty", "Kinderwunschzentrum")]),
    ];
    for (text, expected) in cases {
        let report = engine.check(text);
        let got: Vec<(&str, &str)> = report.findings.iter().map(|f| (f.rule.id(), f.matched(text))).collect();
        assert_eq!(&got, expected, "{text}");
    }
}

#[test]
fn development_set_pairs_are_split() {
    let engine = Engine::default();
    let mut wrong = Vec::new();
    for v in common::smoke_pairs() {
        let text = v["text"].as_str().unwrap();
        let expected_flagged = v["label"] == "non_compliant";
        if (engine.check(text).verdict != Verdict::Compliant) != expected_flagged {
            wrong.push(format!("{}: {text} [{}]", v["id"], explain(text)));
        }
    }
    assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
}
