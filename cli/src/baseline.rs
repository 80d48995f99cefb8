//! Baselines: today's findings recorded by fingerprint (`--write-baseline`), so that a
//! later run reports only new ones (`--baseline`).
//!
//! A fingerprint is the HMAC-SHA-256, under a fixed and public domain key, of the rule
//! id, the matched text normalised (lower case, runs of white space as one space), the
//! file's path as reported and the template's place in the file (its index, or a WhatsApp
//! template's name and part). The line is left out, so that an edit elsewhere in the file
//! keeps every fingerprint. The key is public: a fingerprint hides the matched text from
//! a reader of the file, not from someone who guesses it and has phi-guard.
//!
//! The file is JSON: `{"version": 1, "findings": [{"fingerprint", "rule", "file",
//! "count"}]}`, sorted, so that the same findings always give the same file. It holds no
//! message text.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use phi_guard::PseudonymKey;
use serde::{Deserialize, Serialize};

use crate::check::{Diag, Outcome};

/// The key of every fingerprint (public: it separates these hashes from any other).
const DOMAIN_KEY: &[u8] = b"phi-guard baseline fingerprint v1";

/// The format version written and read.
const VERSION: u32 = 1;

/// The largest baseline read: 64 MiB.
const MAX_SIZE: u64 = 64 << 20;

/// The fingerprint of a finding in the input reported as `uri`.
pub fn fingerprint(uri: &str, d: &Diag) -> String {
    let term = d.matched.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    // A catalog entry by its key, so that entries added before it keep its fingerprint.
    let place = match (&d.key, &d.name, &d.part) {
        (Some(key), _, _) => format!("entry {key}"),
        (None, Some(name), part) => format!("template {name}\u{1f}{}", part.as_deref().unwrap_or("")),
        (None, None, part) => format!("template #{}\u{1f}{}", d.template, part.as_deref().unwrap_or("")),
    };
    let examples = if d.with_examples { "examples" } else { "" };
    let input = [d.rule.id(), &term, uri, &place, examples].join("\u{1e}");
    // The key is a constant longer than the minimum length.
    PseudonymKey::new(DOMAIN_KEY).map(|k| k.hash_hex(input.as_bytes())).unwrap_or_default()
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rule: String,
    fingerprint: String,
    count: usize,
}

/// The baseline file for these outcomes' findings.
pub fn render(outcomes: &[Outcome]) -> String {
    let mut counts: BTreeMap<(String, &str, &str), usize> = BTreeMap::new();
    for o in outcomes {
        for d in &o.diags {
            *counts.entry((o.uri.clone(), d.rule.id(), d.fingerprint.as_str())).or_default() += 1;
        }
    }
    let findings = counts
        .into_iter()
        .map(|((file, rule, fingerprint), count)| Entry {
            file,
            rule: rule.to_string(),
            fingerprint: fingerprint.to_string(),
            count,
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&File { version: VERSION, findings }).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes the baseline of these outcomes to `path`.
pub fn write(path: &Path, outcomes: &[Outcome]) -> Result<usize, String> {
    let text = render(outcomes);
    std::fs::write(path, text).map_err(|e| crate::everyday::cannot_write(path, &e))?;
    Ok(outcomes.iter().map(|o| o.diags.len()).sum())
}

/// Fingerprints in a baseline and how many findings each still stands for.
pub struct Baseline(HashMap<String, usize>);

impl Baseline {
    /// Reads a baseline file; errors name the file and, for bad JSON, line and column.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let name = path.display();
        let bytes = crate::limits::read_file(path, MAX_SIZE).map_err(|e| format!("{name}: {e}"))?;
        let file: File = serde_json::from_slice(&bytes).map_err(|e| {
            // The kind of problem only: serde_json's messages can quote the values read.
            let problem = match e.classify() {
                serde_json::error::Category::Syntax => "invalid JSON",
                serde_json::error::Category::Eof => "unexpected end of the file",
                _ => "expected {\"version\": 1, \"findings\": [{\"file\", \"rule\", \"fingerprint\", \"count\"}]}",
            };
            format!("{name}:{}:{}: not a phi-guard baseline: {problem}", e.line(), e.column())
        })?;
        if file.version != VERSION {
            return Err(format!(
                "{name}: baseline version {} is not the version {VERSION} this phi-guard reads",
                file.version
            ));
        }
        let mut counts = HashMap::new();
        for e in file.findings {
            *counts.entry(e.fingerprint).or_default() += e.count;
        }
        Ok(Baseline(counts))
    }

    /// Drops the findings the baseline holds, in order (a fingerprint recorded twice
    /// covers two findings); returns how many were dropped.
    pub fn filter(&mut self, outcomes: &mut [Outcome]) -> usize {
        let mut dropped = 0;
        for o in outcomes {
            o.diags.retain(|d| match self.0.get_mut(&d.fingerprint) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    dropped += 1;
                    false
                }
                _ => true,
            });
        }
        dropped
    }
}
