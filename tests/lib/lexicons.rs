//! The built-in lexicons: generated files are current, sizes meet the targets, and the
//! generic logistics words are never findings.

use std::collections::HashMap;
use std::process::Command;

use phi_guard::lexicon::Kind;
use phi_guard::{Category, Engine, Lang, Lexicon};

#[test]
fn generated_lexicons_are_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .args(["tools/lexicons/generate.py", "--check"])
        .current_dir(root)
        .output()
        .expect("python3 is needed to check the generated lexicons (see lexicons/README.md)");
    assert!(
        out.status.success(),
        "generated lexicons are stale: run `python3 tools/lexicons/generate.py`\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn lexicon_sizes_meet_the_targets() {
    let lexicon = Lexicon::builtin(&Lang::ALL).unwrap();
    let mut counts: HashMap<(Lang, Category), usize> = HashMap::new();
    for e in lexicon.entries() {
        if let Kind::Terms(c) = e.kind {
            *counts.entry((e.lang, c)).or_default() += 1;
        }
    }
    let at_least = |lang, cat, n: usize| {
        let got = counts.get(&(lang, cat)).copied().unwrap_or(0);
        assert!(got >= n, "{lang} {cat}: {got} terms, want at least {n}");
    };
    at_least(Lang::En, Category::Condition, 5_000);
    at_least(Lang::En, Category::Medication, 15_000);
    at_least(Lang::En, Category::Procedure, 1_000);
    at_least(Lang::En, Category::Specialty, 150);
    at_least(Lang::En, Category::BehavioralHealth, 1_000);
    at_least(Lang::En, Category::Billing, 40);
    for lang in [Lang::It, Lang::De, Lang::Es, Lang::Fr] {
        at_least(lang, Category::Condition, 400);
        at_least(lang, Category::Medication, 300);
        at_least(lang, Category::Procedure, 150);
        at_least(lang, Category::Specialty, 60);
        at_least(lang, Category::BehavioralHealth, 100);
        at_least(lang, Category::Billing, 20);
    }
}

#[test]
fn safe_words_are_never_findings() {
    let engine = Engine::default();
    let lexicon = Lexicon::builtin(&Lang::ALL).unwrap();
    let mut flagged = Vec::new();
    for e in lexicon.entries().iter().filter(|e| e.kind == Kind::Safe) {
        let text = format!("Reminder: {} tomorrow.", e.term);
        if !engine.check(&text).findings.is_empty() {
            flagged.push(format!("{}: {}", e.lang, e.term));
        }
    }
    assert!(flagged.is_empty(), "safe words flagged: {flagged:?}");
}

#[test]
fn every_language_has_its_phrases() {
    let engine = Engine::default();
    for lang in Lang::ALL {
        for key in ["second-person", "opt-out", "result-connector"] {
            assert!(engine.phrases(key, lang).next().is_some(), "{lang} has no `{key}` phrases");
        }
    }
}
