//! SARIF 2.1.0: one run with every rule in `tool.driver.rules` (id, short and full
//! description, help from the rule documentation) and one result per finding with its
//! `ruleId`, `ruleIndex`, level and region. Columns count Unicode code points
//! (`columnKind`); artifact URIs are relative to the repository root (`%SRCROOT%`).
//! Notes and errors about inputs (a binary file, invalid UTF-8) are
//! `toolExecutionNotifications` of the invocation.

use std::io::{self, Write};

use phi_guard::{Rule, Severity, rule_docs};
use serde_json::{Value, json};

use super::Options;
use crate::check::{Diag, Outcome};

/// The `partialFingerprints` key of the baseline fingerprint.
pub const FINGERPRINT_KEY: &str = "phiGuardFinding/v1";

/// The package's `repository` from Cargo.toml (empty while none is set): the driver's
/// `informationUri`, and with an anchor into its README's rule table each rule's
/// `helpUri`.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The README anchor of a rule's row in the rule table (`rule-phi-condition`).
fn anchor(rule: Rule) -> String {
    format!("rule-{}", rule.id().replace('/', "-"))
}

/// A rule's documentation link under a repository URL, if there is one.
fn help_uri(repository: &str, rule: Rule) -> Option<String> {
    let base = repository.trim_end_matches('/');
    (!base.is_empty()).then(|| format!("{base}#{}", anchor(rule)))
}

/// The schema URI written into the log.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
        // A severity added to the library later is reported at the strictest level.
        _ => "error",
    }
}

fn rules(repository: &str) -> Vec<Value> {
    Rule::ALL
        .iter()
        .map(|&rule| {
            let d = rule_docs(rule);
            let mut descriptor = json!({
                "id": d.id,
                "name": pascal(d.id),
                "shortDescription": {"text": d.summary},
                "fullDescription": {"text": d.what},
                "help": {
                    "text": format!("{}\n\nWhy: {}\n\nExample: {}\n\nUse instead: {}", d.what, d.why, d.example, d.use_instead),
                    "markdown": format!(
                        "{}\n\n**Why:** {}\n\n**Example:** `{}`\n\n**Use instead:** `{}`",
                        d.what, d.why, d.example, d.use_instead
                    ),
                },
                "defaultConfiguration": {"level": "error"},
                "properties": {"category": rule.category().as_str(), "tags": ["privacy", "phi"]},
            });
            if let Some(uri) = help_uri(repository, rule) {
                descriptor["helpUri"] = Value::from(uri);
            }
            descriptor
        })
        .collect()
}

/// `phi/result-value` → `ResultValue` (SARIF's `name` is an identifier-like label).
fn pascal(id: &str) -> String {
    let tail = id.rsplit('/').next().unwrap_or(id);
    tail.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// Where an input is: relative URIs are relative to the repository root.
fn artifact(uri: &str) -> Value {
    if uri.starts_with("file:") { json!({"uri": uri}) } else { json!({"uri": uri, "uriBaseId": "%SRCROOT%"}) }
}

fn region(o: &Outcome, d: &Diag) -> Value {
    let (start_line, start_column) = o.position(d.range.start);
    let (end_line, end_column) = o.position(d.range.end);
    json!({"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column})
}

fn result(o: &Outcome, d: &Diag, opts: &Options) -> Value {
    let mut properties = json!({
        "category": d.category.as_str(),
        "verdict": d.verdict.as_str(),
        "template": d.template,
    });
    if let Some(name) = &d.name {
        properties["name"] = Value::from(name.as_str());
    }
    if let Some(part) = &d.part {
        properties["part"] = Value::from(part.as_str());
    }
    if let Some(key) = super::key(d, opts.redact) {
        properties["key"] = Value::from(key);
    }
    if d.with_examples {
        properties["withExamples"] = Value::from(true);
    }
    let mut result = json!({
        "ruleId": d.rule.id(),
        "ruleIndex": d.rule as usize,
        "level": level(d.severity),
        "message": {"text": super::message(d, opts.redact)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(&o.uri),
                "region": region(o, d),
            }
        }],
        "properties": properties,
        // The baseline's fingerprint: stable across edits elsewhere in the file.
        "partialFingerprints": {FINGERPRINT_KEY: d.fingerprint},
    });
    if !d.fix.is_empty() && !opts.redact {
        let replacements: Vec<Value> = d
            .fix
            .iter()
            .map(|r| {
                let (start_line, start_column) = o.position(r.range.start);
                let (end_line, end_column) = o.position(r.range.end);
                json!({
                    "deletedRegion": {
                        "startLine": start_line, "startColumn": start_column,
                        "endLine": end_line, "endColumn": end_column,
                    },
                    "insertedContent": {"text": r.text},
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": {"text": "rewrite this text without the health information (phi-guard's neutral rewrite); removes every finding in it"},
            "artifactChanges": [{"artifactLocation": artifact(&o.uri), "replacements": replacements}],
        }]);
    }
    result
}

/// `error: …` / `note: …` lines as notifications, located in their input if any.
fn notification(line: &str, uri: Option<&str>) -> Value {
    let (level, text) = match line.split_once(": ") {
        Some(("error", rest)) => ("error", rest),
        Some(("warning", rest)) => ("warning", rest),
        Some(("note", rest)) => ("note", rest),
        _ => ("note", line),
    };
    let mut n = json!({"level": level, "message": {"text": text}});
    if let Some(uri) = uri {
        n["locations"] = json!([{"physicalLocation": {"artifactLocation": artifact(uri)}}]);
    }
    n
}

fn notifications(outcomes: &[Outcome], problems: &[String]) -> Vec<Value> {
    let mut out: Vec<Value> = problems.iter().map(|p| notification(p, None)).collect();
    for o in outcomes {
        out.extend(o.messages.iter().map(|m| notification(m, Some(&o.uri))));
    }
    out
}

pub fn write(out: &mut impl Write, outcomes: &[Outcome], problems: &[String], opts: &Options) -> io::Result<()> {
    let results: Vec<Value> = outcomes.iter().flat_map(|o| o.diags.iter().map(move |d| result(o, d, opts))).collect();
    let mut log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "phi-guard",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules(REPOSITORY),
                }
            },
            "invocations": [{
                "executionSuccessful": !problems.iter().any(|p| p.starts_with("error")) && !outcomes.iter().any(|o| o.failed),
                "toolExecutionNotifications": notifications(outcomes, problems),
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    if !REPOSITORY.is_empty() {
        log["runs"][0]["tool"]["driver"]["informationUri"] = Value::from(REPOSITORY);
    }
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(pascal("phi/result-value"), "ResultValue");
        assert_eq!(pascal("template/clinical-placeholder"), "ClinicalPlaceholder");
    }

    #[test]
    fn help_uris_point_at_the_readme_rule_table() {
        let readme = include_str!("../../../README.md");
        let linked = rules("https://example.org/phi-guard/");
        for (rule, descriptor) in Rule::ALL.iter().zip(&linked) {
            let uri = descriptor["helpUri"].as_str().unwrap();
            let (base, fragment) = uri.split_once('#').unwrap();
            assert_eq!(base, "https://example.org/phi-guard");
            assert!(readme.contains(&format!("<a id=\"{fragment}\"></a>`{}`", rule.id())), "{fragment}");
        }
        // Without a repository URL there is nothing to link to.
        assert!(rules("").iter().all(|r| r.get("helpUri").is_none()));
    }

    #[test]
    fn rule_index_matches_the_rules_array() {
        let rules = rules(REPOSITORY);
        for rule in Rule::ALL {
            assert_eq!(rules[rule as usize]["id"], rule.id());
        }
    }
}
