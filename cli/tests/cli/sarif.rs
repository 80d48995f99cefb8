//! SARIF fixes: one per text, never overlapping another result's, and together they make
//! every text compliant.

use crate::support::{Scratch, run_in, stdout};

/// Byte offset of a 1-based line and character column in `text`.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text.split_inclusive('\n').take(line as usize - 1).map(str::len).sum();
    start + text[start..].chars().take(column as usize - 1).map(char::len_utf8).sum::<usize>()
}

/// Every replacement of every result's fixes, per artifact URI, as byte ranges of the
/// file and the text put there.
fn replacements(dir: &std::path::Path, log: &serde_json::Value) -> Vec<(String, std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let Some(fixes) = result.get("fixes") else { continue };
        assert_eq!(fixes.as_array().unwrap().len(), 1, "{result}");
        for change in fixes[0]["artifactChanges"].as_array().unwrap() {
            let uri = change["artifactLocation"]["uri"].as_str().unwrap().to_string();
            let text = std::fs::read_to_string(dir.join(&uri)).unwrap();
            for r in change["replacements"].as_array().unwrap() {
                let region = &r["deletedRegion"];
                let at = |l: &str, c: &str| offset(&text, region[l].as_u64().unwrap(), region[c].as_u64().unwrap());
                let range = at("startLine", "startColumn")..at("endLine", "endColumn");
                out.push((uri.clone(), range, r["insertedContent"]["text"].as_str().unwrap().to_string()));
            }
        }
    }
    out
}

#[test]
fn fixes_never_overlap_and_together_make_every_text_compliant() {
    let dir = Scratch::new("sarif-fixes");
    let plain = "Hi {{first_name}}, your diabetes and asthma review with Cardiology is on Monday.\n---\n\
                 Your metformin and lisinopril refills are ready.\n";
    let whatsapp = r#"{"name": "refill", "category": "UTILITY", "components": [
  {"type": "BODY", "text": "Hi {{1}}, your metformin 500 mg and insulin refills are ready."},
  {"type": "FOOTER", "text": "Oncology team"}]}
"#;
    dir.file("a.txt", plain).file("t.json", whatsapp);
    let out = run_in(dir.path(), &["check", "--no-config", "--format", "sarif", "a.txt", "t.json"], "");
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let fixed = results.iter().filter(|r| r.get("fixes").is_some()).count();
    assert!(results.len() >= 8, "several findings per text: {}", results.len());
    assert_eq!(fixed, 4, "one fix per text with findings (two templates, BODY and FOOTER)");

    let mut all = replacements(dir.path(), &log);
    all.sort_by(|a, b| (&a.0, a.1.start, a.1.end).cmp(&(&b.0, b.1.start, b.1.end)));
    for pair in all.windows(2) {
        let ((uri_a, a, _), (uri_b, b, _)) = (&pair[0], &pair[1]);
        let overlap = uri_a == uri_b && (a.start < b.end && b.start < a.end || (a == b));
        assert!(!overlap, "{uri_a}: {a:?} and {b:?} overlap");
    }

    // Applied together, from the end of each file, the fixes leave nothing to report.
    for uri in ["a.txt", "t.json"] {
        let mut text = std::fs::read_to_string(dir.path().join(uri)).unwrap();
        for (_, range, new) in all.iter().rev().filter(|(u, _, _)| u == uri) {
            text.replace_range(range.clone(), new);
        }
        dir.file(uri, &text);
    }
    let out = run_in(dir.path(), &["check", "--no-config", "--format", "json", "a.txt", "t.json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("t.json")).unwrap())
        .expect("the fixed template is still JSON");
    assert!(json["components"][0]["text"].as_str().unwrap().starts_with("Hi {{1}}"), "{json}");
}
