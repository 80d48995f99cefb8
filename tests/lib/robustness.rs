//! Robustness of every public entry point on arbitrary and hostile input: no panic, spans
//! on character boundaries inside the input, `check` deterministic and independent of
//! the number of threads, rewrites compliant, redactions that leave no finding behind,
//! and errors that locate the problem without quoting the input.
//!
//! The fuzz targets in `fuzz/` check the same invariants with coverage guidance; inputs
//! they found problems with are pinned at the end of this file.

use std::ops::Range;

use phi_guard::template::{self, whatsapp};
use phi_guard::{
    Category, Engine, Lang, Lexicon, Operator, Policy, PolicyKind, Report, RewriteLevel, Scratch, Verdict,
    lexicon::Kind,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

// ---------------------------------------------------------------------------------------
// Inputs

/// Pieces that exercise the matcher, the placeholder scanner and the pattern rules:
/// clinical terms in five languages, context words, placeholders (well-formed, broken and
/// nested), numbers, units, identifiers, and awkward Unicode (combining marks, dotted
/// capital I, sharp s, right-to-left, zero-width, emoji, surrogate-free astral).
const PIECES: &[&str] = &[
    "diabetes",
    "Diabetes",
    "type 2 diabetes",
    "Your",
    "your",
    "metformin",
    "500mg",
    "2 tablets",
    "HIV",
    "HIV test",
    "back pain",
    "back",
    "pain",
    "cold",
    "stroke",
    "depression",
    "diagnosed",
    "symptoms",
    "MS",
    "ALL",
    "Kardiologietermin",
    "Brustkrebs",
    "Onkologie",
    "psichiatria",
    "cardiología",
    "IRM",
    "chemotherapy",
    "oncologist",
    "Fertility Center",
    "appointment",
    "checkup",
    "{{1}}",
    "{{diagnosis}}",
    "{{ medication_name }}",
    "{first_name}",
    "${clinic}",
    "%(name)s",
    "%s",
    "[Name]",
    "[link](https://x.example)",
    "220 mg/dL",
    "A1C of 7.4",
    "at 10:30",
    "3/4/2025",
    "E11.9",
    "F32.A",
    "Z00.00",
    "536-22-8471",
    "1EG4-TE5-MK73",
    "MRN 00482913",
    "DOB 01/02/1960",
    "$1,245.60",
    "balance of",
    "Reply STOP",
    "STOP",
    "ß",
    "İ",
    "é",
    "e\u{301}",
    "’",
    "'",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "—",
    "-",
    ".",
    ",",
    ";",
    "!",
    "?",
    "\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "---",
    "日本語",
    "🙂",
    "👩‍⚕️",
    "{",
    "}",
    "{{",
    "}}",
    "%",
    "(",
    ")",
    "[",
    "]",
    "$",
    "0",
    "7.4",
];

/// Text made of [`PIECES`] and arbitrary strings.
fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(PIECES).prop_map(str::to_string);
    prop::collection::vec(prop_oneof![4 => piece, 1 => any::<String>()], 0..40).prop_map(|v| v.concat())
}

/// Short runs of repeated pieces: deep nesting and long runs of one character.
fn repetitive_text() -> impl Strategy<Value = String> {
    (prop::sample::select(PIECES), 1usize..300, messy_text()).prop_map(|(p, n, tail)| p.repeat(n) + &tail)
}

/// Pieces and arbitrary strings separated by blanks. `MS` is left out: it is both a
/// condition and the title "Ms", see `title_that_is_a_finding` below.
fn spaced_text() -> impl Strategy<Value = String> {
    let pieces: Vec<&str> = PIECES.iter().copied().filter(|p| *p != "MS").collect();
    let piece = prop::sample::select(pieces).prop_map(str::to_string);
    prop::collection::vec(prop_oneof![6 => piece, 1 => "[a-zA-Z0-9]{1,12}"], 0..30).prop_map(|v| v.join(" "))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![6 => messy_text(), 2 => repetitive_text(), 1 => any::<String>()]
}

/// `cases` cases, and no regression files written next to the tests (inputs worth
/// keeping are pinned as tests at the end of this file). Under CI (`CI` set) the inputs
/// are the same on every run, so that a red build is about the change it tests; on a
/// developer's machine they are new each run (or `PROPTEST_RNG_SEED=N` repeats a run).
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    if std::env::var_os("CI").is_some() && std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x05ee_d0fa);
    }
    config
}

fn engine() -> Engine {
    Engine::default()
}

fn operators() -> Vec<Operator> {
    let key = Operator::pseudonym(b"robustness test key 0123456789").expect("a long key");
    vec![Operator::Category, Operator::Mask, Operator::Remove, key]
}

fn engines() -> Vec<Engine> {
    PolicyKind::ALL.into_iter().map(|k| engine().with_policy(Policy::of(k))).collect()
}

// ---------------------------------------------------------------------------------------
// Invariants

fn in_text(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

fn check_report(text: &str, report: &Report) -> Result<(), TestCaseError> {
    let mut prev = (0, 0);
    for f in &report.findings {
        prop_assert!(in_text(text, &f.span), "span {:?} of {:?}", f.span, text);
        prop_assert!((f.span.start, f.span.end) >= prev, "findings out of order in {:?}", text);
        prev = (f.span.start, f.span.end);
        prop_assert!((0.0..=1.0).contains(&f.confidence));
        prop_assert_eq!(f.category, f.rule.category());
    }
    prop_assert!(report.score <= 100);
    prop_assert_eq!(report.verdict, Verdict::from_findings(&report.findings));
    prop_assert_eq!(report.is_compliant(), report.verdict == Verdict::Compliant);
    Ok(())
}

/// The clinical findings of a text (what a redaction must remove).
fn clinical(report: &Report) -> impl Iterator<Item = &phi_guard::Finding> {
    report.findings.iter().filter(|f| f.category != Category::Marketing && !f.span.is_empty())
}

// ---------------------------------------------------------------------------------------
// check

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn check_never_panics_and_spans_are_valid(text in any_text()) {
        for engine in engines() {
            let report = engine.check(&text);
            check_report(&text, &report)?;
            prop_assert_eq!(report.policy, engine.policy().kind());
        }
    }

    #[test]
    fn check_is_deterministic_and_scratch_free(text in any_text(), other in messy_text()) {
        let engine = engine();
        let first = engine.check(&text);
        // Buffers that held another text must not change the result.
        let mut scratch = Scratch::new();
        let _ = engine.check_with(&mut scratch, &other);
        prop_assert_eq!(&first, &engine.check_with(&mut scratch, &text));
        prop_assert_eq!(&first, &engine.check_with(&mut Scratch::new(), &text));
        let _ = engine.check(&other);
        prop_assert_eq!(&first, &engine.check(&text));
    }
}

/// The same texts checked on 1, 2, 3 and 8 threads (each thread with its own
/// thread-local buffers, texts handed out round robin) give the sequential reports.
#[test]
fn check_is_independent_of_thread_count() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let texts: Vec<String> = (0..400).map(|_| any_text().new_tree(&mut runner).expect("a text").current()).collect();
    let engine = engine();
    let sequential: Vec<Report> = texts.iter().map(|t| engine.check(t)).collect();
    for threads in [1, 2, 3, 8] {
        let mut parallel: Vec<Option<Report>> = vec![None; texts.len()];
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|k| {
                    let (engine, texts) = (&engine, &texts);
                    s.spawn(move || {
                        (k..texts.len()).step_by(threads).map(|i| (i, engine.check(&texts[i]))).collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                for (i, r) in h.join().expect("no panic") {
                    parallel[i] = Some(r);
                }
            }
        });
        for (i, r) in parallel.into_iter().enumerate() {
            assert_eq!(r.as_ref(), Some(&sequential[i]), "text {i} on {threads} threads: {:?}", texts[i]);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Placeholders

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn placeholders_are_ordered_and_inside(text in any_text()) {
        let found = template::placeholders(&text);
        if !template::may_contain_placeholders(&text) {
            prop_assert!(found.is_empty());
        }
        let mut end = 0;
        for p in &found {
            prop_assert!(p.span.start >= end, "overlap in {:?}", text);
            prop_assert!(!p.span.is_empty());
            prop_assert!(in_text(&text, &p.span) && in_text(&text, &p.name));
            prop_assert!(p.span.start <= p.name.start && p.name.end <= p.span.end);
            end = p.span.end;
        }
    }
}

// ---------------------------------------------------------------------------------------
// WhatsApp template JSON

fn json_string() -> impl Strategy<Value = String> {
    prop_oneof![messy_text(), prop::sample::select(PIECES).prop_map(str::to_string)]
}

/// A template-shaped JSON value with clinical text in its texts and example values.
fn template_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    let component = prop_oneof![
        (json_string(), prop::collection::vec(json_string(), 0..3))
            .prop_map(|(t, ex)| json!({"type": "BODY", "text": t, "example": {"body_text": [ex]}})),
        (json_string(), json_string()).prop_map(|(t, ex)| json!({"type": "HEADER", "format": "TEXT", "text": t,
            "example": {"header_text": [ex]}})),
        json_string().prop_map(|t| json!({"type": "FOOTER", "text": t})),
        (json_string(), json_string()).prop_map(|(t, ex)| json!({"type": "BODY", "text": t,
            "example": {"body_text_named_params": [{"param_name": "first_name", "example": ex}]}})),
        (json_string(), json_string(), json_string()).prop_map(|(b, u, ex)| json!({"type": "BUTTONS", "buttons": [
            {"type": "QUICK_REPLY", "text": b}, {"type": "URL", "text": "Open", "url": u, "example": [ex]}]})),
        json_string()
            .prop_map(|t| json!({"type": "CAROUSEL", "cards": [{"components": [{"type": "BODY", "text": t}]}]})),
        json_string().prop_map(|t| json!({"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": t}})),
    ];
    let category = prop::sample::select(vec!["MARKETING", "UTILITY", "AUTHENTICATION", "OTP", "other"]);
    (json_string(), category, prop::collection::vec(component, 0..5), 0..3u8).prop_map(|(name, cat, comps, shape)| {
        let t = json!({"name": name, "language": "en_US", "category": cat, "components": comps});
        match shape {
            0 => t,
            1 => json!([t, t]),
            _ => json!({"data": [t], "paging": {}}),
        }
    })
}

/// Template JSON, pretty or compact, sometimes damaged (cut short, or a character
/// inserted) so that the error paths run too.
fn whatsapp_source() -> impl Strategy<Value = String> {
    (template_json(), any::<bool>(), 0..4u8, any::<prop::sample::Index>(), any::<char>()).prop_map(
        |(v, pretty, damage, at, c)| {
            let mut s = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
            let mut i = at.index(s.len() + 1);
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            match damage {
                0 => s.truncate(i),
                1 => s.insert(i, c),
                _ => {}
            }
            s
        },
    )
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn whatsapp_parse_and_check(src in whatsapp_source()) {
        let templates = match whatsapp::parse(&src) {
            Ok(t) => t,
            Err(e) => {
                let line = e.line().expect("a JSON error names its line");
                prop_assert!(line >= 1 && line <= src.matches('\n').count() + 1);
                let msg = e.to_string();
                prop_assert!(msg.contains("column "), "{}", msg);
                // Fixed messages: nothing of the source is quoted.
                prop_assert!(msg.is_ascii() && msg.len() < 200, "{}", msg);
                return Ok(());
            }
        };
        let engine = engine();
        for t in &templates {
            prop_assert!(in_text(&src, &t.span) && in_text(&src, &t.anchor));
            let policy = t.category.map_or(PolicyKind::Outbound, |c| c.policy());
            let report = t.check(&engine.with_policy(Policy::of(policy)));
            prop_assert!(report.score <= 100);
            for f in &report.findings {
                prop_assert!(in_text(&src, &f.source), "source {:?}", f.source);
                for p in &f.pieces {
                    prop_assert!(in_text(&src, p));
                }
                if let (Some(i), false) = (f.text, f.with_examples) {
                    let checked = &t.texts[i].text.value;
                    prop_assert!(in_text(checked, &f.finding.span));
                    prop_assert_eq!(&checked[f.finding.span.clone()], f.matched.as_str());
                }
            }
        }
    }

    #[test]
    fn whatsapp_parse_never_panics_on_arbitrary_text(src in any_text()) {
        if let Ok(templates) = whatsapp::parse(&src) {
            for t in &templates {
                let _ = t.check(&engine());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lexicon files and engine building

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

/// Lexicon-like text: lines of up to four tab-separated fields, flags and comments.
fn lexicon_text() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        messy_text(),
        prop::sample::select(vec!["ctx", "cs", "abbr", "head", "tail", "cs,abbr", "ctx,head", "-", "", "weird"])
            .prop_map(str::to_string),
        prop::sample::select(vec!["ICD10:E11", "INN:metformin", "-", "#"]).prop_map(str::to_string),
    ];
    let line = prop::collection::vec(field, 1..5).prop_map(|f| f.join("\t"));
    let line = prop_oneof![8 => line, 1 => Just("# comment".to_string()), 1 => Just(String::new())];
    prop::collection::vec(line, 0..12).prop_map(|l| l.join("\n"))
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn lexicon_parse_errors_locate_the_line(text in lexicon_text(), k in 0..KINDS.len(), l in 0..5usize) {
        match Lexicon::parse(&text, Lang::ALL[l], KINDS[k], "custom.tsv") {
            Ok(lex) => prop_assert!(lex.len() <= text.lines().count()),
            Err(e) => {
                let line = e.line().expect("a lexicon error names its line");
                prop_assert!(line >= 1 && line <= text.lines().count().max(1));
                prop_assert!(e.to_string().starts_with(&format!("custom.tsv:{line}: ")), "{}", e);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// Whatever parses compiles, and the engine it makes checks anything.
    #[test]
    fn parsed_lexicons_compile_and_check(text in lexicon_text(), k in 0..KINDS.len(), probe in any_text()) {
        let Ok(lex) = Lexicon::parse(&text, Lang::En, KINDS[k], "custom.tsv") else { return Ok(()) };
        let terms: Vec<String> = lex.entries().iter().map(|e| e.term.clone()).collect();
        let engine = Engine::builder().builtin_lexicons(false).lexicon(lex).build();
        let engine = match engine {
            Ok(e) => e,
            Err(e) => return Err(TestCaseError::fail(format!("a parsed lexicon did not compile: {e}"))),
        };
        check_report(&probe, &engine.check(&probe))?;
        let joined = terms.join(" ");
        check_report(&joined, &engine.check(&joined))?;
    }

    /// Arbitrary organisation terms and allow-list phrases next to the built-in lexicons.
    #[test]
    fn builder_takes_arbitrary_terms_and_allow_phrases(
        terms in prop::collection::vec(messy_text(), 0..4),
        allow in prop::collection::vec(messy_text(), 0..4),
        probe in any_text(),
    ) {
        let mut b = Engine::builder();
        b.languages([Lang::En, Lang::De]).allow(&allow);
        for t in &terms {
            b.term(t, Category::Specialty);
        }
        // A term without letters or digits may be refused; nothing may panic.
        if let Ok(engine) = b.build() {
            check_report(&probe, &engine.check(&probe))?;
            for a in allow.iter().filter(|a| !a.trim().is_empty()) {
                check_report(a, &engine.check(a))?;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rewrite, redaction, triage, audit

proptest! {
    #![proptest_config(config(96))]

    /// A rewrite is compliant under the engine's policy (or withheld and empty), its edits
    /// are ordered, inside the text, and give the rewrite; rewriting it again changes
    /// nothing.
    #[test]
    fn rewrite_is_compliant_and_consistent(text in any_text(), k in 0..PolicyKind::ALL.len()) {
        let engine = engine().with_policy(Policy::of(PolicyKind::ALL[k]));
        let rw = engine.rewrite(&text);
        if rw.level == RewriteLevel::Withheld {
            prop_assert!(rw.text.is_empty());
            return Ok(());
        }
        let again = engine.check(&rw.text);
        prop_assert_eq!(again.verdict, Verdict::Compliant, "rewrite of {:?} is {:?}", text, rw.text);
        prop_assert_eq!(rw.level == RewriteLevel::Unchanged, engine.check(&text).is_compliant());
        let mut applied = String::new();
        let mut pos = 0;
        for e in &rw.edits {
            prop_assert!(e.span.start >= pos && in_text(&text, &e.span), "edit {:?} in {:?}", e.span, text);
            prop_assert_eq!(&text[e.span.clone()], e.old.as_str());
            applied.push_str(&text[pos..e.span.start]);
            applied.push_str(&e.new);
            pos = e.span.end;
        }
        applied.push_str(&text[pos..]);
        prop_assert_eq!(&applied, &rw.text);
        prop_assert_eq!(&engine.rewrite(&rw.text).text, &rw.text, "rewriting the rewrite of {:?}", text);
    }

    /// Redaction replaces every finding with a token that holds none of it: the replaced
    /// ranges cover each finding, and the text between them is the original's.
    #[test]
    fn redaction_replaces_every_finding(text in any_text()) {
        let engine = engine();
        let report = engine.check(&text);
        for op in operators() {
            let red = engine.redact(&text, &op);
            let mut kept_in = String::new();
            let mut kept_out = String::new();
            let (mut pi, mut po) = (0, 0);
            for r in &red.redacted {
                prop_assert!(r.original.start >= pi && in_text(&text, &r.original));
                prop_assert!(in_text(&red.text, &r.span));
                // Removal's spans can run backwards (pinned below).
                prop_assert!(r.span.start >= po || op == Operator::Remove, "{:?}: spans out of order", op);
                let token = &red.text[r.span.clone()];
                let original = &text[r.original.clone()];
                prop_assert!(
                    !token.to_lowercase().contains(&original.to_lowercase()) || original.chars().all(|c| !c.is_alphanumeric()),
                    "{:?}: token {:?} repeats {:?}", op, token, original
                );
                kept_in.push_str(&text[pi..r.original.start]);
                kept_out.push_str(red.text.get(po..r.span.start).unwrap_or_default());
                (pi, po) = (r.original.end, r.span.end);
            }
            kept_in.push_str(&text[pi..]);
            kept_out.push_str(&red.text[po..]);
            if op != Operator::Remove {
                // Removal also takes a blank next to what it removes.
                prop_assert_eq!(kept_in, kept_out, "{:?}: text outside the redactions changed", op);
            }
            for f in clinical(&report) {
                prop_assert!(
                    red.redacted.iter().any(|r| r.original.start <= f.span.start && f.span.end <= r.original.end),
                    "{:?}: finding {:?} of {:?} not redacted", op, f.span, text
                );
            }
        }
    }

    /// Checking a masked, category-redacted or pseudonymised text finds nothing outside
    /// the replacements: no matched term is left, and redacting one finding uncovers no
    /// other (context does not reach across redacted text, which may have held many
    /// words). Words are separated by blanks here: a term glued to other letters is not
    /// a word. Removal is left out: taking words away makes new neighbours,
    /// "MRN 00482913 aa0a" → "MRN aa0a", and what is then found was not a finding.
    #[test]
    fn redacted_text_has_no_finding(text in spaced_text()) {
        let engine = engine();
        let key = Operator::pseudonym(b"robustness test key 0123456789").unwrap();
        for op in [Operator::Mask, Operator::Category, key] {
            let red = engine.redact(&text, &op);
            // Findings that touch a replacement are its doing: words on both sides read
            // together across it ("back *** pain"). What lies wholly in the kept text
            // must be clean.
            let touches = |f: &&phi_guard::Finding| {
                red.redacted.iter().any(|r| r.span.start < f.span.end && f.span.start < r.span.end)
            };
            let left: Vec<_> = clinical(&engine.check(&red.text))
                .filter(|f| !touches(f))
                .map(|f| (f.rule.id(), f.matched(&red.text).to_string()))
                .collect();
            prop_assert!(left.is_empty(), "{:?}: {:?} redacted to {:?} still has {:?}", op, text, red.text, left);
        }
    }

    /// Triage's reply is a fixed phrase: compliant on the channel it goes out on, and it
    /// repeats nothing the patient wrote.
    #[test]
    fn triage_reply_holds_no_health_information(text in any_text()) {
        let engine = engine();
        let t = engine.triage(&text);
        prop_assert_eq!(t.health_information, clinical(&t.report).next().is_some());
        prop_assert!(!t.escalate || t.health_information || t.urgent);
        if let Some(reply) = &t.reply {
            prop_assert!(engine.check(reply).is_compliant(), "reply {:?}", reply);
            for f in clinical(&t.report) {
                let m = f.matched(&text);
                prop_assert!(m.chars().count() < 4 || !reply.contains(m), "reply repeats {:?}", m);
            }
        }
        let _ = engine.detect_language(&text);
    }

    /// An audit record holds no text: a hash, the verdict, the score, counts keyed by rule
    /// id, the policy and versions, the same every time.
    #[test]
    fn audit_record_holds_no_text(text in any_text()) {
        let engine = engine();
        let record = engine.audit(&text);
        prop_assert_eq!(&record, &engine.audit(&text));
        let report = engine.check(&text);
        prop_assert_eq!(record.verdict, report.verdict);
        prop_assert_eq!(record.score, report.score);
        let hash = record.sha256.as_deref().unwrap_or_default();
        prop_assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
        for (rule, n) in &record.rules {
            prop_assert!(phi_guard::Rule::ALL.iter().any(|r| r.id() == rule), "key {:?}", rule);
            prop_assert!(*n > 0);
        }
        let json = serde_json::to_value(&record).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        prop_assert_eq!(keys, ["lexicon", "policy", "rules", "score", "sha256", "verdict", "version"]);
    }
}

// ---------------------------------------------------------------------------------------
// Errors never quote input

#[test]
fn errors_quote_no_message_text() {
    // Lexicon lines: the error names the file, line and what was wrong, never the term.
    let err = Lexicon::parse("HIV encephalopathy\tctx\n\tcs\n", Lang::En, KINDS[0], "ours.tsv").unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert!(!err.to_string().contains("HIV"), "{err}");
    let err = Lexicon::parse("HIV encephalopathy\tctx\tC1\textra\n", Lang::En, KINDS[0], "ours.tsv").unwrap_err();
    assert!(!err.to_string().contains("HIV"), "{err}");
    // A term in the flags column (two terms on one line) is not quoted back either.
    let err = Lexicon::parse("HIV\tencephalopathy\n", Lang::En, KINDS[0], "ours.tsv").unwrap_err();
    assert!(!err.to_string().contains("encephalopathy"), "{err}");
    // WhatsApp JSON: line and column, no text.
    let src = "{\"components\": [{\"type\": \"BODY\", \"text\": \"Your HIV test is positive\"}\n, oops]}";
    let err = whatsapp::parse(src).unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert!(!err.to_string().contains("HIV") && !err.to_string().contains("oops"), "{err}");
    let err = whatsapp::parse("{\"components\": [{\"type\": \"BODY\", \"text\": 7}]}").unwrap_err();
    assert!(err.to_string().contains("column 42"), "{err}");
    // Unknown operator names are cut and cleaned.
    let long = format!("diabetes{}\u{7}", "x".repeat(500));
    let err = long.parse::<Operator>().unwrap_err();
    assert!(err.to_string().len() < 120 && !err.to_string().contains('\u{7}'), "{err}");
}

// ---------------------------------------------------------------------------------------
// Hostile inputs, pinned (the linear-time side is in cli/benches/adversarial.rs)

#[test]
fn hostile_inputs_are_checked() {
    let engine = engine();
    let cases: Vec<String> = vec![
        String::new(),
        "a".repeat(200_000),
        " ".repeat(200_000),
        "{".repeat(100_000),
        "{{".repeat(50_000) + &"}}".repeat(50_000),
        "%(".repeat(50_000),
        "[".repeat(100_000) + &"]".repeat(100_000),
        "${".repeat(50_000),
        "{{1}}".repeat(10_000),
        "{{diagnosis}} ".repeat(10_000),
        "back pain ".repeat(20_000),
        "diabetes ".repeat(20_000),
        "\u{301}".repeat(50_000),
        "x\u{301}".repeat(50_000),
        "9".repeat(100_000),
        "1.".repeat(50_000),
        "E11.".repeat(20_000),
        "536-22-8471 ".repeat(5_000),
        "mg/dL ".repeat(20_000),
        format!("{}diabetes", "Kardiologie".repeat(5_000)),
        "🙂".repeat(50_000),
        "\n".repeat(100_000),
        "---\n".repeat(20_000),
    ];
    for text in &cases {
        for engine in engines() {
            let report = engine.check(text);
            check_report(text, &report).unwrap();
        }
        let red = engine.redact(text, &Operator::Mask);
        assert!(clinical(&engine.check(&red.text)).next().is_none());
    }
}

#[test]
fn hostile_inputs_rewrite() {
    let engine = engine();
    for text in
        ["diabetes ".repeat(2_000), "{{diagnosis}} ".repeat(2_000), "a".repeat(50_000), "metformin 500mg. ".repeat(500)]
    {
        let rw = engine.rewrite(&text);
        assert!(rw.level == RewriteLevel::Withheld || engine.check(&rw.text).is_compliant());
    }
}

// ---------------------------------------------------------------------------------------
// Problems found by the tests above, each pinned by the input that showed it.

/// The category tokens of a redaction (`[CONDITION]`) have the syntax of a `[Name]`
/// placeholder; they must not read as clinical placeholders, or a redacted message would
/// never check compliant. (Found by `redacted_text_has_no_finding`; fixed.)
#[test]
fn category_tokens_are_not_findings() {
    let engine = engine();
    let red = engine.redact("I take metformin for my diabetes", &Operator::Category);
    assert_eq!(red.text, "I take [MEDICATION] for my [CONDITION]");
    let again = engine.check(&red.text);
    assert!(again.is_compliant(), "{:?}", again.findings.iter().map(|f| f.rule.id()).collect::<Vec<_>>());
}

/// Pseudonym tokens spell the category in words the engine reads: `[BEHAVIORAL_HEALTH:…]`
/// holds the term "behavioral health", so checking the pseudonymised text reports
/// `phi/behavioral-health` on the token; `[CONDITION:…]` holds the context word
/// "condition", so an ambiguous word near the token ("cold") becomes a finding that was
/// none before.
#[test]
fn pseudonym_tokens_are_not_findings() {
    let engine = engine();
    let key = Operator::pseudonym(b"robustness test key 0123456789").unwrap();
    for text in ["Your psichiatria visit", "cold A cold back [link](https://x.example) diabetes"] {
        let red = engine.redact(text, &key);
        let again = engine.check(&red.text);
        let left: Vec<_> = again.findings.iter().map(|f| f.matched(&red.text)).collect();
        assert!(left.is_empty(), "{text:?} → {:?}: {left:?}", red.text);
    }
}

/// A term glued to a number is a word of its own: found, and redacting what is next to
/// it uncovers nothing ("$1,245.60metformin" must not become "[BILLING]metformin").
#[test]
fn glued_terms() {
    let engine = engine();
    for text in ["take 2metformin daily", "balance $1,245.60metformin"] {
        assert!(!engine.check(text).is_compliant(), "{text:?}");
    }
}

/// "MS" is reported as a condition (multiple sclerosis) and, at the same time, read as
/// the title "Ms", which makes the capitalised word after it a person's name: in
/// "MS HIV" only MS is found, and masking MS uncovers HIV.
#[test]
fn title_that_is_a_finding() {
    let engine = engine();
    let report = engine.check("MS HIV diabetes");
    let found: Vec<&str> = report.findings.iter().map(|f| f.matched("MS HIV diabetes")).collect();
    assert_eq!(found, ["MS", "HIV", "diabetes"]);
}

/// `Operator::Remove` drops the blank before a removed span when punctuation follows;
/// an earlier removal right behind that blank must move with it, or its span points past
/// the text now there and the spans run backwards (it was "2." with spans 0..0, 2..2,
/// 1..1 for the text below).
#[test]
fn removal_spans_are_ordered() {
    let text = "diabetestype 2 diabetes{{diagnosis}}.";
    let red = engine().redact(text, &Operator::Remove);
    let spans: Vec<_> = red.redacted.iter().map(|r| r.span.clone()).collect();
    assert!(spans.windows(2).all(|w| w[0].end <= w[1].start), "{:?} → {:?}: {spans:?}", text, red.text);
    assert!(spans.iter().all(|s| s.end <= red.text.len()), "{spans:?} in {:?}", red.text);
}

// ---------------------------------------------------------------------------------------
// Text as a person reads it

/// A term hidden by invisible characters, fullwidth letters or look-alike letters from
/// another script is found as the plain term is, in each language's own wording, and its
/// span covers the hidden form in the original text.
#[test]
fn obfuscated_terms_are_found_in_five_languages() {
    let engine = engine();
    let frames = [
        ("Your {} refill is ready at the pharmacy.", "gabapentin"),
        ("La sua ricetta di {} è pronta in farmacia.", "gabapentin"),
        ("Ihr Rezept für {} liegt in der Apotheke bereit.", "Gabapentin"),
        ("Su receta de {} está lista en la farmacia.", "gabapentina"),
        ("Votre ordonnance de {} est prête à la pharmacie.", "gabapentine"),
    ];
    let fullwidth = |s: &str| -> String {
        s.chars()
            .map(|c| char::from_u32(c as u32 - 0x21 + 0xFF01).filter(|_| c.is_ascii_graphic()).unwrap_or(c))
            .collect()
    };
    let hidden = |term: &str| -> Vec<(&'static str, String)> {
        vec![
            ("zero-width space", format!("{}\u{200B}{}", &term[..4], &term[4..])),
            ("soft hyphen", format!("{}\u{00AD}{}", &term[..4], &term[4..])),
            ("zero-width joiner", format!("{}\u{200D}{}", &term[..2], &term[2..])),
            ("word joiner and byte-order mark", format!("{}\u{2060}{}\u{FEFF}{}", &term[..3], &term[3..6], &term[6..])),
            ("variation selector", format!("{}\u{FE0F}{}", &term[..5], &term[5..])),
            ("fullwidth", fullwidth(term)),
            ("Cyrillic а", term.replacen('a', "\u{0430}", 1)),
            ("Greek ι and Cyrillic е", term.replacen('e', "\u{0435}", 1).replace("in", "\u{03B9}n")),
        ]
    };
    for (frame, term) in frames {
        let plain = frame.replace("{}", term);
        let found = engine.check(&plain);
        assert!(found.findings.iter().any(|f| f.rule.id() == "phi/medication"), "{plain}");
        for (how, word) in hidden(term) {
            let text = frame.replace("{}", &word);
            let start = frame.find("{}").unwrap();
            let report = engine.check(&text);
            let finding = report.findings.iter().find(|f| f.rule.id() == "phi/medication");
            let finding = finding.unwrap_or_else(|| panic!("{how}: not found in {text:?}"));
            assert_eq!(finding.span, start..start + word.len(), "{how}: {text:?}");
            assert_eq!(finding.matched(&text), word, "{how}");
        }
    }
    // A word in another script that happens to be all look-alikes stays what it is.
    assert!(engine.check("Москва, οδός").is_compliant());
}
