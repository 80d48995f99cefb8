//! Placeholder syntaxes in checks: a placeholder is never text, its name is checked, and
//! rewrites and example substitution keep it intact.

use phi_guard::template::whatsapp;
use phi_guard::{Engine, Rule, Verdict};
use proptest::prelude::*;

/// Every syntax, as a format string: `NAME` stands for the placeholder's name.
const SYNTAXES: &[&str] = &[
    "{{NAME}}",
    "{{ NAME }}",
    "{{ NAME|upper }}",
    "{% if NAME %}",
    "{{ $NAME }}",
    "{{- NAME }}",
    "%{NAME}",
    "@if($NAME)",
    ":NAME",
    "((NAME))",
    "<%= NAME %>",
    "<%- NAME %>",
    "#{@NAME}",
    "***NAME***",
    "<NAME>",
    "{NAME}",
    "${NAME}",
    "%(NAME)s",
    "[NAME]",
    "{NAME, date, short}",
    "\" + NAME + \"",
    "' + NAME + '",
];

/// Syntaxes without a name.
const UNNAMED: &[&str] = &["%s", "%@", "%1$@", "{0}", "<dd/mm/yyyy>", "@endif", "{% endif %}"];

fn with_name(syntax: &str, name: &str) -> String {
    syntax.replace("NAME", name)
}

#[test]
fn clinical_names_are_flagged_in_every_syntax() {
    let engine = Engine::default();
    for syntax in SYNTAXES {
        for name in ["diagnosis", "medication"] {
            let text = format!("Hello, here is your {} for tomorrow.", with_name(syntax, name));
            let report = engine.check(&text);
            let start = text.find(&with_name(syntax, name)).unwrap();
            assert!(
                report.findings.iter().any(|f| f.rule == Rule::ClinicalPlaceholder && f.span.start == start),
                "{text:?}: {:?}",
                report.findings
            );
        }
    }
}

#[test]
fn generic_names_stay_compliant_in_every_syntax() {
    let engine = Engine::default();
    for syntax in SYNTAXES {
        for name in ["first_name", "date", "clinic_name"] {
            let text = format!("Hi {}, your appointment is confirmed.", with_name(syntax, name));
            assert_eq!(engine.check(&text).verdict, Verdict::Compliant, "{text:?}");
        }
    }
    for syntax in UNNAMED {
        let text = format!("Hi {syntax}, your appointment is confirmed.");
        assert_eq!(engine.check(&text).verdict, Verdict::Compliant, "{text:?}");
    }
}

#[test]
fn clinical_text_next_to_a_placeholder_is_still_found() {
    let engine = Engine::default();
    for syntax in SYNTAXES.iter().chain(UNNAMED) {
        let ph = with_name(syntax, "first_name");
        let text = format!("Dear {ph} your diabetes checkup is due.");
        let report = engine.check(&text);
        let start = text.find("diabetes").unwrap();
        assert!(
            report.findings.iter().any(|f| f.rule == Rule::Condition && f.span == (start..start + 8)),
            "{text:?}: {:?}",
            report.findings
        );
    }
}

#[test]
fn each_icu_branch_is_checked_as_text() {
    let engine = Engine::default();
    let text = "{count, plural, one {You have # visit} other {You have # asthma visits}}";
    let report = engine.check(text);
    let start = text.find("asthma").unwrap();
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].span, start..start + 6);
    let clean = "{count, plural, =0 {No visit} one {# visit on {date, date, short}} other {# visits}}";
    assert_eq!(engine.check(clean).verdict, Verdict::Compliant);
}

#[test]
fn rewrites_keep_every_syntax_intact() {
    let engine = Engine::default();
    for syntax in SYNTAXES.iter().chain(UNNAMED) {
        let ph = with_name(syntax, "first_name");
        let text = format!("Hi {ph}, your diabetes checkup is tomorrow.");
        let rewrite = engine.rewrite(&text);
        assert!(rewrite.text.contains(&ph), "{text:?} became {:?}", rewrite.text);
        assert!(!rewrite.text.contains("diabetes"), "{:?}", rewrite.text);
    }
}

#[test]
fn example_substitution_keeps_other_syntaxes_intact() {
    let json = r#"{"name": "t", "language": "en", "category": "UTILITY", "components": [
        {"type": "BODY", "text": "Hi {{1}}, ((first_name)) <%= clinic %> {{ $date }} :time on {day, date, short}",
         "example": {"body_text": [["diabetes"]]}}]}"#;
    let templates = whatsapp::parse(json).unwrap();
    let report = templates[0].check(&Engine::default());
    // Only the example value of `{{1}}` is clinical; the other placeholders were not
    // substituted and none of them reads as text.
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert!(report.findings[0].with_examples);
}

/// Compliant texts to insert placeholders into.
const COMPLIANT: &[&str] = &[
    "Your appointment is tomorrow at 10:30. Reply STOP to opt out.",
    "Hi, your prescription is ready for pickup at the pharmacy.",
    "Ciao, il tuo appuntamento è confermato per domani.",
    "Hallo, Ihr Termin ist morgen um 9 Uhr bestätigt.",
    "Please call us to reschedule your visit: 555 0100.",
];

const GENERIC: &[&str] = &["first_name", "date", "time", "clinic_name", "patient_name", "name", "visit_date"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn inserting_a_generic_placeholder_keeps_a_text_compliant(
        text in prop::sample::select(COMPLIANT),
        syntax in prop::sample::select([SYNTAXES, UNNAMED].concat()),
        name in prop::sample::select(GENERIC),
        at in any::<prop::sample::Index>(),
    ) {
        let engine = Engine::default();
        prop_assert_eq!(engine.check(text).verdict, Verdict::Compliant);
        // At a word boundary (a blank), with blanks around it.
        let blanks: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
        let i = blanks[at.index(blanks.len())];
        let inserted = format!("{} {} {}", &text[..i], with_name(syntax, name), &text[i + 1..]);
        let report = engine.check(&inserted);
        prop_assert_eq!(report.verdict, Verdict::Compliant, "{:?}: {:?}", inserted, report.findings);
    }

    #[test]
    fn a_clinical_placeholder_name_is_found_in_every_syntax(
        text in prop::sample::select(COMPLIANT),
        syntax in prop::sample::select(SYNTAXES),
        name in prop::sample::select(&["diagnosis", "medication", "lab_result", "condition"]),
        at in any::<prop::sample::Index>(),
    ) {
        let engine = Engine::default();
        let blanks: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
        let i = blanks[at.index(blanks.len())];
        let ph = with_name(syntax, name);
        let inserted = format!("{} {} {}", &text[..i], ph, &text[i + 1..]);
        let report = engine.check(&inserted);
        prop_assert!(
            report.findings.iter().any(|f| f.rule == Rule::ClinicalPlaceholder && f.span == (i + 1..i + 1 + ph.len())),
            "{:?}: {:?}", inserted, report.findings
        );
    }
}

#[test]
fn a_safe_phrase_around_a_placeholder_does_not_hide_it() {
    // REGRESSION: the mask of a placeholder joins no word, so "ready {{diagnosis}} for
    // pickup" read as the safe phrase "ready for pickup".
    let text = "Your prescription is ready {{diagnosis}} for pickup.";
    let report = Engine::default().check(text);
    assert!(report.findings.iter().any(|f| f.rule == Rule::ClinicalPlaceholder), "{:?}", report.findings);
}
