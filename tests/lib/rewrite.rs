//! Neutral rewrites: the seed pairs, one table per language with a row per category, the
//! phrases the rewrites use, and the edit list.

use std::sync::OnceLock;

use crate::common::{self, SEED_NON_COMPLIANT, SEED_PAIRS};
use phi_guard::lexicon::Kind;
use phi_guard::{Action, Category, Engine, Lang, Lexicon, Policy, Rewrite, RewriteLevel, Rule, Verdict};

/// The built-in engine plus the terms the tables below rely on, so that the tables test
/// the rewrite and not the coverage of lexicons that are still growing.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut b = Engine::builder();
        let terms: &[(Lang, Category, &str)] = &[
            (Lang::En, Category::Condition, "diabetes\nhypertension\ncholesterol\nallergy"),
            (Lang::En, Category::Medication, "metformin\nlisinopril\nZoloft\natorvastatin"),
            (Lang::En, Category::Procedure, "colonoscopy\nMRI\tabbr\nHIV test\nECG\tabbr\nbowel prep\nmammogram"),
            (Lang::En, Category::Specialty, "cardiology\nFertility Center\noncologist\ncardiologist\nOncology"),
            (Lang::En, Category::BehavioralHealth, "psychiatric evaluation\ngroup therapy\ndepression\t-\tICD10:F32"),
            (Lang::It, Category::Condition, "diabete"),
            (Lang::It, Category::Medication, "metformina"),
            (Lang::It, Category::Procedure, "colonscopia\nchemioterapia\nECG\tabbr"),
            (Lang::It, Category::Specialty, "cardiologia\noncologo\nvisita cardiologica"),
            (Lang::It, Category::BehavioralHealth, "psicoterapia"),
            (Lang::De, Category::Condition, "Cholesterin\thead"),
            (Lang::De, Category::Medication, "Metformin"),
            (Lang::De, Category::Procedure, "Darmspiegelung\nEKG\tabbr\nChemotherapie"),
            (Lang::De, Category::Specialty, "Kardiologie\thead\nOnkologie\thead\nOnkologin\nKinderwunschzentrum"),
            (Lang::De, Category::BehavioralHealth, "Psychotherapie\thead"),
            (Lang::Es, Category::Condition, "diabetes"),
            (Lang::Es, Category::Medication, "metformina"),
            (Lang::Es, Category::Procedure, "colonoscopia\nprueba de VIH\nquimioterapia"),
            (Lang::Es, Category::Specialty, "cardiología\noncólogo\nUnidad de Fertilidad"),
            (Lang::Es, Category::BehavioralHealth, "psicoterapia"),
            (Lang::Fr, Category::Condition, "diabète"),
            (Lang::Fr, Category::Medication, "metformine"),
            (Lang::Fr, Category::Procedure, "coloscopie\ntest VIH\nchimiothérapie"),
            (Lang::Fr, Category::Specialty, "cardiologie\noncologue\ncentre de fertilité"),
            (Lang::Fr, Category::BehavioralHealth, "psychothérapie"),
        ];
        for &(lang, category, text) in terms {
            let kind = match category {
                Category::Condition => "condition",
                Category::Medication => "medication",
                Category::Procedure => "procedure",
                Category::Specialty => "specialty",
                _ => "behavioral",
            };
            let kind: Kind = kind.parse().unwrap();
            b.lexicon(Lexicon::parse(text, lang, kind, "tests/lib/rewrite.rs").unwrap());
        }
        b.build().unwrap()
    })
}

fn explain(engine: &Engine, text: &str) -> String {
    let report = engine.check(text);
    report.findings.iter().map(|f| format!("{} {:?}; ", f.rule, f.matched(text))).collect()
}

/// Checks the invariants every rewrite keeps and returns it.
fn rewrite(engine: &Engine, text: &str) -> Rewrite {
    let rw = engine.rewrite(text);
    assert_ne!(rw.level, RewriteLevel::Withheld, "{text}");
    assert_eq!(
        engine.check(&rw.text).verdict,
        Verdict::Compliant,
        "{text} → {} [{}]",
        rw.text,
        explain(engine, &rw.text)
    );
    assert_eq!(apply(text, &rw), rw.text, "edits of {text}");
    rw
}

/// The original text with every edit applied.
fn apply(text: &str, rw: &Rewrite) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for e in &rw.edits {
        assert!(e.span.start >= pos, "edits in order and disjoint: {:?}", rw.edits);
        assert_eq!(&text[e.span.clone()], e.old);
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.new);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[test]
fn seed_pairs_rewrite_to_their_purpose() {
    let engine = engine();
    let expected = [
        "Reminder: Your appointment is tomorrow at 2 PM",
        "Your prescription is ready",
        "Your results are available. Log in to your patient portal to view them.",
        "Dr. Smith wants to discuss your results via video",
        "Please complete your intake form",
        "Your provider has a message for you in the portal.",
        "Tomorrow at 10:30 a.m., appointment. Bring your tests.",
        "take your medication twice daily",
        "Morgen um 10:30 Uhr Termin. Bitte bringen Sie Ihre Werte mit.",
    ];
    assert_eq!(SEED_PAIRS.len(), expected.len());
    for ((_, bad), want) in SEED_PAIRS.iter().zip(expected) {
        assert_eq!(rewrite(engine, bad).text, want, "{bad}");
    }
    let expected = [
        "We confirm your visit to the clinic",
        "Wir bestätigen Ihren Besuch im Zentrum",
        "Ihr Besuch ist am Montag.",
        "Ihr Test ist fertig.",
    ];
    for (bad, want) in SEED_NON_COMPLIANT.iter().zip(expected) {
        assert_eq!(rewrite(engine, bad).text, want, "{bad}");
    }
}

#[test]
fn every_development_pair_rewrites_to_a_compliant_message() {
    let pairs = common::smoke_pairs();
    for engine in [engine(), &Engine::default()] {
        for v in &pairs {
            let text = v["text"].as_str().unwrap();
            let rw = rewrite(engine, text);
            if engine.check(text).is_compliant() {
                assert_eq!(rw.text, text);
                continue;
            }
            // The purpose survives: no message-level fallback, and a pointer replaces at
            // most the sentences that needed it.
            assert!(rw.level <= RewriteLevel::Sentences, "{text} → {} ({:?})", rw.text, rw.level);
        }
    }
}

/// `(input, rewrite)` per category.
type Table = &'static [(&'static str, &'static str)];

const EN: Table = &[
    // condition
    ("Reminder: Your diabetes checkup is tomorrow at 2 PM", "Reminder: Your appointment is tomorrow at 2 PM"),
    ("Your diabetes and hypertension checkup is tomorrow.", "Your appointment is tomorrow."),
    (
        "Your allergy to penicillin has been noted for your visit on 4/12.",
        "Your provider has a message for you in the portal (4/12).",
    ),
    // medication and dosage
    ("Your metformin 500mg prescription is ready", "Your prescription is ready"),
    ("Hi James, your Zoloft prescription is ready for pickup.", "Hi James, your prescription is ready for pickup."),
    ("take 500mg metformin twice daily", "take your medication twice daily"),
    // procedure
    ("Your colonoscopy is scheduled for March 12.", "Your appointment is scheduled for March 12."),
    ("An MRI is scheduled for you on Monday.", "An appointment is scheduled for you on Monday."),
    ("Your upcoming colonoscopy is on Monday.", "Your upcoming appointment is on Monday."),
    ("Start the bowel prep the evening before.", "Instructions are available in your patient portal."),
    ("Your results for the HIV test are ready.", "Your results are ready."),
    // result value and outcome
    ("Your cholesterol is 220 mg/dL", "Your results are available. Log in to your patient portal to view them."),
    (
        "Your HIV test results are negative. No further action needed.",
        "Your results are available. Log in to your patient portal to view them. No further action needed.",
    ),
    // specialty, specialist, facility
    ("You have a cardiology appointment tomorrow at 3 PM.", "You have an appointment tomorrow at 3 PM."),
    ("Your cardiologist will see you on May 5.", "Your provider will see you on May 5."),
    ("Welcome to the Fertility Center! See you on June 3.", "Welcome to the clinic! See you on June 3."),
    ("Your appointment at the Oncology clinic is on Monday.", "Your appointment at the clinic is on Monday."),
    // recommendation
    ("Your oncologist recommends starting chemotherapy", "Your provider has a message for you in the portal."),
    // behavioral health
    (
        "Please complete the psychiatric evaluation form before Friday.",
        "Please complete the intake form before Friday.",
    ),
    ("Reminder: your group therapy session for depression starts at 6 PM.", "Reminder: your session starts at 6 PM."),
    // diagnosis code
    ("Your chart now lists E11.9.", "Your health record has been updated. Log in to your patient portal to view it."),
    // billing
    ("Your balance of $1,245.60 is past due.", "You have a new billing statement. Please log in to view it."),
    // identifier
    ("We have your SSN 536-22-8471 on file.", "We have your SSN on file."),
    // what must survive around a pointer (placeholder brackets are no clause break)
    (
        "Hi [First Name], your HIV test is positive.",
        "Hi [First Name], your results are available. Log in to your patient portal to view them.",
    ),
    (
        "Hi {{first_name}}, your HIV test is positive, call 414-209-8830.",
        "Hi {{first_name}}, your results are available. Log in to your patient portal to view them. Call 414-209-8830.",
    ),
];

const IT: Table = &[
    ("Promemoria: il controllo del diabete è domani alle 10:00.", "Promemoria: il controllo è domani alle 10:00."),
    ("La sua metformina 500 mg è pronta in farmacia.", "La sua medicina è pronta in farmacia."),
    (
        "Gentile Mario, la sua colonscopia è confermata per lunedì alle 9:00.",
        "Gentile Mario, la sua visita è confermata per lunedì alle 9:00.",
    ),
    ("Il suo colesterolo è 220 mg/dL.", "I risultati sono disponibili. Acceda al portale pazienti per consultarli."),
    (
        "Le ricordiamo l'appuntamento in cardiologia di domani alle 10:30.",
        "Le ricordiamo l'appuntamento di domani alle 10:30.",
    ),
    (
        "Gentile {{nome}}, le ricordiamo la visita cardiologica di domani alle 10:30 con ECG.",
        "Gentile {{nome}}, le ricordiamo la visita di domani alle 10:30.",
    ),
    ("Il suo oncologo la riceverà lunedì alle 9:00.", "Il suo medico la riceverà lunedì alle 9:00."),
    (
        "Il suo oncologo consiglia di iniziare la chemioterapia.",
        "Ha un nuovo messaggio del suo medico nel portale pazienti.",
    ),
    ("La seduta di psicoterapia è confermata per giovedì.", "La seduta è confermata per giovedì."),
];

const DE: Table = &[
    ("Bitte bringen Sie Ihre Cholesterinwerte mit.", "Bitte bringen Sie Ihre Werte mit."),
    ("Ihr Metformin 500 mg liegt in der Apotheke bereit.", "Ihr Medikament liegt in der Apotheke bereit."),
    ("Ihre Darmspiegelung ist am 12. März um 9 Uhr.", "Ihre Untersuchung ist am 12. März um 9 Uhr."),
    ("Morgen um 10:30 Uhr Kardiologietermin mit EKG.", "Morgen um 10:30 Uhr Termin."),
    (
        "Ihr Cholesterin liegt bei 220 mg/dl.",
        "Ihre Ergebnisse liegen vor. Bitte melden Sie sich im Patientenportal an, um sie einzusehen.",
    ),
    ("Ihr Termin in der Onkologie ist am Montag.", "Ihr Termin ist am Montag."),
    ("Wir bestätigen Ihren Besuch im Kinderwunschzentrum", "Wir bestätigen Ihren Besuch im Zentrum"),
    ("Ihre Onkologin empfiehlt eine Chemotherapie.", "Ihre Praxis hat eine Nachricht für Sie im Patientenportal."),
    ("Ihre Psychotherapie-Sitzung ist am Donnerstag.", "Ihre Sitzung ist am Donnerstag."),
];

const ES: Table = &[
    ("Su revisión de diabetes es mañana a las 10:00.", "Su revisión es mañana a las 10:00."),
    ("Su metformina de 500 mg está lista para recoger.", "Su medicina está lista para recoger."),
    ("Su colonoscopia está programada para el 12 de marzo.", "Su cita está programada para el 12 de marzo."),
    (
        "Su prueba de VIH salió positiva.",
        "Sus resultados están disponibles. Acceda al portal del paciente para consultarlos.",
    ),
    ("Estimado Juan, su cita de cardiología es mañana a las 10:30.", "Estimado Juan, su cita es mañana a las 10:30."),
    ("La cita en la Unidad de Fertilidad es el lunes.", "La cita en el centro es el lunes."),
    ("Su oncólogo recomienda empezar la quimioterapia.", "Tiene un mensaje de su médico en el portal del paciente."),
    ("Su sesión de psicoterapia es el jueves.", "Su sesión es el jueves."),
];

const FR: Table = &[
    ("Votre diabète est bien contrôlé.", "Votre médecin vous a envoyé un message sur le portail patient."),
    ("Votre metformine 500 mg est prête à la pharmacie.", "Votre ordonnance est prête à la pharmacie."),
    ("Votre coloscopie est prévue le 12 mars.", "Votre consultation est prévue le 12 mars."),
    (
        "Votre test VIH est positif.",
        "Vos résultats sont disponibles. Connectez-vous à votre portail patient pour les consulter.",
    ),
    ("Bonjour, votre rendez-vous en cardiologie est demain à 10h30.", "Bonjour, votre rendez-vous est demain à 10h30."),
    ("Votre rendez-vous au centre de fertilité est confirmé.", "Votre rendez-vous au centre est confirmé."),
    (
        "Votre oncologue recommande de commencer la chimiothérapie.",
        "Votre médecin vous a envoyé un message sur le portail patient.",
    ),
    ("Votre séance de psychothérapie est jeudi.", "Votre séance est jeudi."),
];

#[test]
fn tables_per_language() {
    let engine = engine();
    let mut wrong = Vec::new();
    for (lang, table) in [(Lang::En, EN), (Lang::It, IT), (Lang::De, DE), (Lang::Es, ES), (Lang::Fr, FR)] {
        for (input, want) in table {
            assert_ne!(engine.check(input).verdict, Verdict::Compliant, "{input} needs a finding");
            let rw = rewrite(engine, input);
            if rw.text != *want || rw.lang != lang {
                wrong.push(format!("{input}\n  got  {} ({})\n  want {want} ({lang})", rw.text, rw.lang));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn marketing_text_gets_an_opt_out_in_its_language() {
    let engine = engine().with_policy(Policy::marketing());
    let cases = [
        ("Big sale on sunscreen this week!", "Big sale on sunscreen this week! Reply STOP to opt out."),
        (
            "Questa settimana sconti in farmacia per i nostri clienti",
            "Questa settimana sconti in farmacia per i nostri clienti. Per non ricevere più messaggi, risponda STOP.",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(rewrite(&engine, input).text, want);
    }
}

#[test]
fn compliant_text_is_returned_unchanged() {
    let engine = engine();
    for text in common::SEED_COMPLIANT.iter().chain(SEED_PAIRS.iter().map(|p| &p.0)) {
        let rw = rewrite(engine, text);
        assert_eq!(rw.text, *text);
        assert_eq!(rw.level, RewriteLevel::Unchanged);
        assert!(rw.edits.is_empty() && !rw.is_changed());
    }
}

#[test]
fn edits_name_their_rule_and_action() {
    let engine = engine();
    let text = "Reminder: Your diabetes checkup is tomorrow at 2 PM";
    let rw = rewrite(engine, text);
    let edits: Vec<(&str, &str, Option<Rule>, Action)> =
        rw.edits.iter().map(|e| (e.old.as_str(), e.new.as_str(), e.rule, e.action)).collect();
    assert_eq!(edits, [("diabetes checkup", "appointment", Some(Rule::Condition), Action::Drop)]);

    let rw = rewrite(engine, "Your cholesterol is 220 mg/dL. Call us.");
    assert_eq!(rw.edits.len(), 1);
    assert_eq!(rw.edits[0].action, Action::Sentence);
    assert_eq!(rw.edits[0].rule, Some(Rule::ResultValue));
    assert_eq!(rw.level, RewriteLevel::Sentences);
}

#[test]
fn rewrite_report_saves_a_check_and_recomputes_a_report_that_does_not_fit() {
    let engine = engine();
    let text = "Your metformin 500mg prescription is ready";
    let report = engine.check(text);
    assert_eq!(engine.rewrite_report(text, &report), engine.rewrite(text));
    let long = engine.check(&"Your metformin prescription is ready. ".repeat(3));
    assert_eq!(engine.rewrite_report(text, &long).text, "Your prescription is ready");
}

#[test]
fn other_policies_rewrite_what_they_flag() {
    // Secure channel: clinical content is allowed, a social security number is not.
    let secure = Engine::default().with_policy(Policy::secure_channel());
    let text = "Your colonoscopy is on Monday. SSN 536-22-8471.";
    let rw = secure.rewrite(text);
    assert_eq!(rw.text, "Your colonoscopy is on Monday. SSN.");
    assert_eq!(secure.check(&rw.text).verdict, Verdict::Compliant);
}

/// Every phrase a rewrite or a triage reply can write checks compliant with the built-in
/// engine, and the opt-out line satisfies the marketing policy.
#[test]
fn the_neutral_phrases_are_compliant() {
    let engine = Engine::default();
    let marketing = engine.with_policy(Policy::marketing());
    let mut keys: Vec<String> = ["pointer:results", "pointer:message", "pointer:billing", "pointer:record"]
        .iter()
        .chain(&["pointer:instructions", "triage:reply", "triage:escalate", "triage:urgent", "opt-out-line"])
        .map(|k| k.to_string())
        .collect();
    for kind in ["appointment", "medication", "person", "facility"] {
        for form in ["noun", "np", "np-your", "np-the", "np-a"] {
            keys.push(format!("{form}:{kind}"));
            keys.push(format!("{form}-f:{kind}"));
        }
    }
    let mut bad = Vec::new();
    for lang in Lang::ALL {
        for key in &keys {
            for phrase in engine.phrases(key, lang) {
                if !engine.check(phrase).is_compliant() {
                    bad.push(format!("{lang} {key}: {phrase} [{}]", explain(&engine, phrase)));
                }
            }
        }
        for head in engine.phrases("head", lang) {
            for part in head.split('|') {
                if !engine.check(part).is_compliant() {
                    bad.push(format!("{lang} head: {part} [{}]", explain(&engine, part)));
                }
            }
        }
        let line = engine.phrases("opt-out-line", lang).next().unwrap();
        if !marketing.check(line).is_compliant() {
            bad.push(format!("{lang} opt-out-line is not an opt-out: {line}"));
        }
        assert!(engine.phrases("pointer:message", lang).next().is_some(), "{lang} has rewrite phrases");
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn engines_without_built_in_lexicons_still_rewrite() {
    let mut b = Engine::builder();
    b.builtin_lexicons(false).term("frobnitis", Category::Condition);
    let engine = b.build().unwrap();
    let rw = engine.rewrite("Your frobnitis is back.");
    assert_eq!(rw.text, "Your provider has a message for you in the portal.");
    assert!(engine.check(&rw.text).is_compliant());
}

#[test]
fn a_neutral_phrase_flagged_by_a_custom_lexicon_falls_back() {
    // An organisation that flags words of the pointers gets the message-level pointer in
    // English, or nothing at all, but never a non-compliant text.
    let mut b = Engine::builder();
    b.term("available", Category::Specialty).term("message", Category::Specialty);
    let engine = b.build().unwrap();
    let rw = engine.rewrite("Your cholesterol is 220 mg/dL");
    if rw.level == RewriteLevel::Withheld {
        assert!(rw.text.is_empty());
    } else {
        assert!(engine.check(&rw.text).is_compliant(), "{}", rw.text);
    }
}

#[test]
fn a_pointer_sentence_keeps_the_placeholder_it_ends_in_whole() {
    // The words of a placeholder ("date" in `{{date}}`) are tokens of the sentence: the
    // pointer must not end inside the placeholder and leave `}}` behind.
    let engine = Engine::default();
    for (text, placeholder) in [
        ("Your asthma review is on {{date}}.", "{{date}}"),
        ("Your asthma review is on {date}!", "{date}"),
        ("Il controllo per l'asma è il {{ data }}.", "{{ data }}"),
    ] {
        let rw = engine.rewrite(text);
        assert_eq!(rw.text.matches(placeholder).count(), 1, "{text:?} -> {:?}", rw.text);
        let rest = rw.text.replacen(placeholder, "", 1);
        assert!(!rest.contains(['{', '}']), "{text:?} -> {:?}", rw.text);
        assert!(engine.check(&rw.text).is_compliant(), "{:?}", rw.text);
    }
}
