//! Accuracy on the independent evaluation corpora of `tools/eval/` (issue 3, "Done when").
//!
//! - `tools/eval/data/recall.jsonl`: clinical terms from a list the lexicon generator did not use,
//!   each in realistic message frames; at least 95% must be flagged.
//! - `tools/eval/data/ordinary.jsonl`: ordinary, non-medical chat messages and service
//!   notifications in en, it, de, es, fr; at most 0.5% may be flagged.
//!
//! A message is flagged when its verdict is not `Compliant`. `python3 tools/eval/run.py` prints the
//! same figures per language and category; `tools/eval/README.md` describes the corpora.

use std::fmt::Write as _;
use std::path::Path;

use phi_guard::{Engine, Report, Verdict};
use serde_json::Value;

const MIN_RECALL: f64 = 0.95;
const MAX_FALSE_POSITIVE_RATE: f64 = 0.005;
/// How many misses / false positives a failure message lists.
const SHOWN: usize = 60;

struct Message {
    id: String,
    lang: String,
    label: String,
    text: String,
}

/// Reads a corpus; `label` names the field shown next to each listed message.
fn load(name: &str, label: &str) -> Vec<Message> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/eval/data").join(name);
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let field = |v: &Value, key: &str| v[key].as_str().map(str::to_owned);
    let messages: Vec<Message> = data
        .lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1));
            let get = |key: &str| field(&v, key).unwrap_or_else(|| panic!("{name}:{}: no string `{key}`", i + 1));
            Message { id: get("id"), lang: get("lang"), label: get(label), text: get("text") }
        })
        .collect();
    assert!(!messages.is_empty(), "{name} is empty");
    messages
}

fn flagged(report: &Report) -> bool {
    report.verdict != Verdict::Compliant
}

fn findings(report: &Report, text: &str) -> String {
    report.findings.iter().map(|f| format!("{} {:?}", f.rule, f.matched(text))).collect::<Vec<_>>().join(", ")
}

/// `flagged / total` per language, as one line.
fn per_language(counts: &[(String, usize, usize)]) -> String {
    counts.iter().map(|(lang, hit, n)| format!("{lang} {hit}/{n}")).collect::<Vec<_>>().join(", ")
}

fn count_by_language(messages: &[Message], hits: &[bool]) -> Vec<(String, usize, usize)> {
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for (m, &hit) in messages.iter().zip(hits) {
        match counts.iter_mut().find(|(lang, ..)| *lang == m.lang) {
            Some(c) => {
                c.1 += usize::from(hit);
                c.2 += 1;
            }
            None => counts.push((m.lang.clone(), usize::from(hit), 1)),
        }
    }
    counts
}

#[test]
fn recall_on_independent_clinical_terms() {
    let engine = Engine::default();
    let messages = load("recall.jsonl", "category");
    let hits: Vec<bool> = messages.iter().map(|m| flagged(&engine.check(&m.text))).collect();
    let flagged_count = hits.iter().filter(|&&h| h).count();
    let recall = flagged_count as f64 / messages.len() as f64;

    let mut misses = String::new();
    for m in messages.iter().zip(&hits).filter(|(_, h)| !**h).map(|(m, _)| m).take(SHOWN) {
        let _ = writeln!(misses, "  {} [{}/{}] {}", m.id, m.lang, m.label, m.text);
    }
    println!(
        "recall {recall:.4} ({flagged_count}/{}); by language: {}",
        messages.len(),
        per_language(&count_by_language(&messages, &hits))
    );
    assert!(
        recall >= MIN_RECALL,
        "recall {recall:.4} < {MIN_RECALL} ({flagged_count}/{} flagged; by language: {}); missed (first {SHOWN}):\n{misses}",
        messages.len(),
        per_language(&count_by_language(&messages, &hits)),
    );
}

#[test]
fn false_positives_on_ordinary_messages() {
    let engine = Engine::default();
    let messages = load("ordinary.jsonl", "source");
    let reports: Vec<Report> = messages.iter().map(|m| engine.check(&m.text)).collect();
    let hits: Vec<bool> = reports.iter().map(flagged).collect();
    let flagged_count = hits.iter().filter(|&&h| h).count();
    let rate = flagged_count as f64 / messages.len() as f64;

    let mut false_positives = String::new();
    for (m, report) in messages.iter().zip(&reports).filter(|(_, r)| flagged(r)).take(SHOWN) {
        let _ = writeln!(false_positives, "  {} [{}] {} <- {}", m.id, m.label, m.text, findings(report, &m.text));
    }
    println!(
        "false-positive rate {rate:.4} ({flagged_count}/{}); by language: {}\n{false_positives}",
        messages.len(),
        per_language(&count_by_language(&messages, &hits))
    );
    assert!(
        rate <= MAX_FALSE_POSITIVE_RATE,
        "false-positive rate {rate:.4} > {MAX_FALSE_POSITIVE_RATE} ({flagged_count}/{} flagged; by language: {}); flagged (first {SHOWN}):\n{false_positives}",
        messages.len(),
        per_language(&count_by_language(&messages, &hits)),
    );
}
