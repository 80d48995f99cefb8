//! Inbound triage: health information, categories, escalation, the patient's language, and
//! a neutral reply that never repeats what the patient wrote.

use phi_guard::{Category, Engine, Lang, Policy};
use proptest::prelude::*;

struct Case {
    text: &'static str,
    lang: Lang,
    categories: &'static [Category],
    urgent: bool,
    escalate: bool,
}

const CASES: &[Case] = &[
    Case {
        text: "Can I move my appointment to Thursday?",
        lang: Lang::En,
        categories: &[],
        urgent: false,
        escalate: false,
    },
    Case {
        text: "Hi, my metformin makes me dizzy, should I stop taking it?",
        lang: Lang::En,
        categories: &[Category::Medication],
        urgent: false,
        escalate: false,
    },
    Case {
        text: "I have chest pain and can't breathe",
        lang: Lang::En,
        categories: &[Category::Condition],
        urgent: true,
        escalate: true,
    },
    Case {
        text: "My SSN is 536-22-8471, please update my file",
        lang: Lang::En,
        categories: &[Category::Identifier],
        urgent: false,
        escalate: true,
    },
    Case {
        text: "My A1C was 8.2, is that bad?",
        lang: Lang::En,
        categories: &[Category::ResultValue],
        urgent: false,
        escalate: true,
    },
    Case {
        text: "Buongiorno, posso spostare l'appuntamento a giovedì?",
        lang: Lang::It,
        categories: &[],
        urgent: false,
        escalate: false,
    },
    Case {
        text: "Buongiorno, ho il diabete e vorrei sapere quando posso venire.",
        lang: Lang::It,
        categories: &[Category::Condition],
        urgent: false,
        escalate: false,
    },
    Case {
        text: "Guten Tag, ich habe seit gestern starke Brustschmerzen.",
        lang: Lang::De,
        categories: &[Category::Condition],
        urgent: true,
        escalate: true,
    },
    Case {
        text: "Hola, quería saber el resultado de mi prueba de VIH.",
        lang: Lang::Es,
        categories: &[Category::Procedure],
        urgent: false,
        escalate: false,
    },
    Case {
        text: "Bonjour, mon diabète est déséquilibré, je voudrais un rendez-vous.",
        lang: Lang::Fr,
        categories: &[Category::Condition],
        urgent: false,
        escalate: false,
    },
    Case { text: "Bonjour, je veux mourir.", lang: Lang::Fr, categories: &[], urgent: true, escalate: true },
];

/// Every reply the engine can give in a language.
fn replies(engine: &Engine, lang: Lang) -> Vec<String> {
    let one = |key: &str| engine.phrases(key, lang).last().unwrap().to_string();
    let (reply, escalate, urgent) = (one("triage:reply"), one("triage:escalate"), one("triage:urgent"));
    vec![reply, escalate.clone(), format!("{urgent} {escalate}")]
}

#[test]
fn triage_table() {
    let engine = Engine::default();
    for case in CASES {
        let t = engine.triage(case.text);
        assert_eq!(t.lang, case.lang, "{}", case.text);
        assert_eq!(t.categories, case.categories, "{}", case.text);
        assert_eq!(t.health_information, !case.categories.is_empty(), "{}", case.text);
        assert_eq!((t.urgent, t.escalate), (case.urgent, case.escalate), "{}", case.text);
        let expected: Option<String> = if case.urgent {
            Some(replies(&engine, case.lang)[2].clone())
        } else if case.escalate {
            Some(replies(&engine, case.lang)[1].clone())
        } else if t.health_information {
            Some(replies(&engine, case.lang)[0].clone())
        } else {
            None
        };
        assert_eq!(t.reply, expected, "{}", case.text);
    }
}

#[test]
fn behavioral_health_is_escalated() {
    let t = Engine::default().triage("I missed my methadone dosing yesterday");
    assert!(t.categories.contains(&Category::BehavioralHealth));
    assert!(t.escalate);
}

#[test]
fn secure_channel_findings_still_count_as_health_information() {
    let engine = Engine::default().with_policy(Policy::secure_channel());
    let t = engine.triage("My metformin is running out");
    assert!(t.health_information);
    assert_eq!(t.categories, [Category::Medication]);
}

#[test]
fn replies_are_compliant() {
    let engine = Engine::default();
    for lang in Lang::ALL {
        for reply in replies(&engine, lang) {
            assert!(engine.check(&reply).is_compliant(), "{lang}: {reply}");
        }
    }
}

#[test]
fn triage_serializes_without_the_message() {
    let engine = Engine::default();
    let t = engine.triage("My metformin makes me dizzy");
    let json = serde_json::to_string(&t).unwrap();
    assert!(!json.contains("metformin") && !json.contains("dizzy"), "{json}");
    assert!(json.contains("\"categories\":[\"medication\"]"), "{json}");
}

fn patient_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Hi",
        "my",
        "metformin",
        "diabetes",
        "chest pain",
        "HIV test",
        "536-22-8471",
        "appointment",
        "Thursday",
        "Buongiorno",
        "il",
        "diabete",
        "Ich",
        "habe",
        "Brustschmerzen",
        "Hola",
        "mi",
        "prueba de VIH",
        "Bonjour",
        "mon",
        "diabète",
        "urgent",
        "please",
        "help",
        "?",
        "!",
        ",",
        ".",
        "Thank you",
        "portal",
        "privacy",
        "chat",
    ]);
    prop::collection::vec(prop_oneof![4 => pieces.prop_map(str::to_string), 1 => any::<String>()], 0..16)
        .prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The reply is always one of the fixed phrases of the detected language: nothing the
    /// patient wrote can appear in it.
    #[test]
    fn replies_never_echo_the_patient(text in patient_text()) {
        let engine = Engine::default();
        let t = engine.triage(&text);
        if let Some(reply) = &t.reply {
            prop_assert!(replies(&engine, t.lang).contains(reply), "{:?} → {:?}", text, reply);
        } else {
            prop_assert!(!t.health_information && !t.urgent);
        }
        prop_assert_eq!(t.escalate || !t.urgent, true);
    }
}
