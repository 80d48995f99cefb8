//! Rewrite invariants over generated messages: a returned rewrite is always compliant under
//! the same policy; placeholders, times, dates, phone numbers, URLs and names survive; a
//! compliant text comes back unchanged; rewriting twice equals rewriting once; the edits
//! rebuild the rewrite from the original.

use phi_guard::{Engine, Policy, PolicyKind, Rewrite, RewriteLevel, Verdict};
use proptest::prelude::*;

/// Things that must survive a rewrite.
const PLACEHOLDERS: &[&str] = &["{{1}}", "{{first_name}}", "{{ appointment_date }}", "%(clinic)s", "[Name]"];
const TIMES: &[&str] = &["2 PM", "10:30", "3:15 PM", "9 a.m.", "18:45"];
const DATES: &[&str] = &["6/14", "2026-06-14", "June 3", "14.06.2026", "March 12"];
const PHONES: &[&str] = &["414-209-8830", "+39 02 1234 5678", "(414) 209-8830"];
const URLS: &[&str] = &["https://portal.example.org/login", "www.example.com/checkin"];
const NAMES: &[&str] = &["Dr. Smith", "Dr. Patel", "Maria", "James"];

const CONDITIONS: &[&str] = &["diabetes", "asthma", "hypertension", "HIV", "depression"];
const MEDICATIONS: &[&str] = &["metformin", "lisinopril", "Zoloft", "atorvastatin"];
const PROCEDURES: &[&str] = &["colonoscopy", "MRI", "mammogram", "biopsy"];

/// A message: sentences built from templates, each slot filled from the lists above, and
/// the protected items it holds. Untitled names only stand in their own clause.
fn message() -> impl Strategy<Value = (String, Vec<String>)> {
    let pick = |xs: &'static [&'static str]| prop::sample::select(xs.to_vec());
    let sentence = (
        0usize..16,
        pick(PLACEHOLDERS),
        pick(TIMES),
        pick(DATES),
        pick(PHONES),
        pick(URLS),
        (pick(NAMES), pick(CONDITIONS), pick(MEDICATIONS), pick(PROCEDURES)),
    )
        .prop_map(|(t, ph, time, date, phone, url, (name, cond, med, proc_))| {
            let title = if name.starts_with("Dr.") { name } else { "Dr. Smith" };
            let (s, keep): (String, Vec<&str>) = match t {
                0 => (format!("Hi {name}, this is a reminder."), vec![name]),
                1 => (format!("Your appointment is on {date} at {time}."), vec![date, time]),
                2 => (format!("Call {phone} to reschedule."), vec![phone]),
                3 => (format!("Check in at {url} before {time}."), vec![url, time]),
                4 => (format!("Hi {ph}, your prescription is ready."), vec![ph]),
                5 => (format!("Your {cond} checkup is on {date} at {time}."), vec![date, time]),
                6 => (format!("Your {med} 500mg prescription is ready, {ph}."), vec![ph]),
                7 => (format!("Your {proc_} is scheduled for {date} at {time}."), vec![date, time]),
                8 => (format!("Your {proc_} results are positive, call {phone}."), vec![phone]),
                9 => (format!("{title} recommends starting {med} on {date}."), vec![title, date]),
                10 => (format!("Take 500mg {med} twice daily from {date}."), vec![date]),
                11 => (format!("Your cholesterol is 220 mg/dL, see {url}."), vec![url]),
                12 => (
                    format!("Hi {name}, {title} will discuss your {proc_} results at {time}."),
                    vec![name, title, time],
                ),
                13 => (format!("Welcome to the Fertility Center, {ph}! We open at {time}."), vec![ph, time]),
                14 => (format!("Your {cond} is under control ({date})."), vec![date]),
                _ => (format!("Reminder: {cond} and {med} review with {title} on {date}."), vec![title, date]),
            };
            (s, keep.into_iter().map(str::to_string).collect::<Vec<_>>())
        });
    prop::collection::vec(sentence, 1..5).prop_map(|v| {
        let text = v.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(" ");
        let keep = v.into_iter().flat_map(|(_, k)| k).collect();
        (text, keep)
    })
}

/// Text that mixes clinical words, placeholders, numbers, punctuation and non-ASCII.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "diabetes",
        "Your",
        "your",
        "metformin",
        "500mg",
        "HIV",
        "test",
        "results",
        "checkup",
        "Kardiologietermin",
        "{{1}}",
        "{{diagnosis}}",
        "[Name]",
        "220 mg/dL",
        "E11.9",
        "536-22-8471",
        "with",
        "for",
        "the",
        "a",
        "an",
        "ß",
        "é",
        "’",
        "—",
        ".",
        ",",
        ";",
        ":",
        "!",
        "?",
        "(",
        ")",
        "\n",
        " ",
        "  ",
        "🙂",
        "A1C of 7.4",
        "negative",
        "recommends",
        "Start",
        "oncologist",
        "Fertility Center",
        "la",
        "sua",
        "visita",
        "cardiologica",
        "Ihr",
        "mit",
        "EKG",
    ]);
    prop::collection::vec(prop_oneof![4 => pieces.prop_map(str::to_string), 1 => any::<String>()], 0..24)
        .prop_map(|v| v.join(" "))
}

fn apply(text: &str, rw: &Rewrite) -> Result<String, TestCaseError> {
    let mut out = String::new();
    let mut pos = 0;
    for e in &rw.edits {
        prop_assert!(e.span.start >= pos && e.span.end <= text.len());
        prop_assert_eq!(&text[e.span.clone()], e.old.as_str());
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.new);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

fn check_rewrite(engine: &Engine, text: &str) -> Result<Rewrite, TestCaseError> {
    let rw = engine.rewrite(text);
    if rw.level == RewriteLevel::Withheld {
        prop_assert!(rw.text.is_empty());
    } else {
        let verdict = engine.check(&rw.text).verdict;
        prop_assert_eq!(verdict, Verdict::Compliant, "{:?} → {:?}", text, rw.text);
    }
    if engine.check(text).verdict == Verdict::Compliant {
        prop_assert_eq!(&rw.text, text);
        prop_assert!(rw.edits.is_empty());
    }
    if rw.level != RewriteLevel::Message && rw.level != RewriteLevel::Withheld {
        prop_assert_eq!(apply(text, &rw)?, rw.text.clone());
    }
    Ok(rw)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn rewrites_are_compliant_and_keep_what_must_survive((text, keep) in message()) {
        let engine = Engine::default();
        let rw = check_rewrite(&engine, &text)?;
        prop_assert!(rw.level <= RewriteLevel::Sentences, "{:?} → {:?}", text, rw.text);
        for item in &keep {
            prop_assert!(rw.text.contains(item.as_str()), "{:?} lost in {:?} → {:?}", item, text, rw.text);
        }
    }

    #[test]
    fn rewriting_twice_equals_rewriting_once((text, _) in message()) {
        let engine = Engine::default();
        let once = engine.rewrite(&text);
        let twice = engine.rewrite(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.edits.is_empty());
    }

    #[test]
    fn any_text_under_any_policy(text in messy_text()) {
        let engine = Engine::default();
        for kind in PolicyKind::ALL {
            let engine = engine.with_policy(Policy::of(kind));
            let rw = check_rewrite(&engine, &text)?;
            let again = engine.rewrite(&rw.text);
            prop_assert_eq!(&again.text, &rw.text);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let engine = Engine::default();
        check_rewrite(&engine, &text)?;
    }
}
